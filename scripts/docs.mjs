#!/usr/bin/env node
// Builds the API reference (docs/api) from the TSDoc comments with typedoc, configured by typedoc.json.
// Exits non-zero on any warning: an undocumented export, a broken {@link}, a type used but not exported.
//
// typedoc needs TypeScript's compiler API, which the repository's TypeScript 7 does not have; TypeScript 6
// is installed beside it as `typescript6`. This script makes every `import 'typescript'` and
// `require('typescript')` (typedoc's, and those of the packages it loads) resolve to `typescript6`, then
// runs typedoc through its API. Extra arguments are typedoc options: `npm run docs -- --out /tmp/api`.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import Module, { createRequire, register } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const ts6Main = require.resolve('typescript6');
const ts6Root = dirname(dirname(ts6Main)); // .../typescript (lib/typescript.js is the main file)

// CommonJS: require('typescript') and require.resolve('typescript') (typedoc finds TypeScript's lib files so).
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'typescript') request = ts6Main;
  else if (request.startsWith('typescript/')) request = join(ts6Root, request.slice('typescript/'.length));
  return resolveFilename.call(this, request, ...rest);
};

// ES modules: `import ts from 'typescript'`, through a resolve hook (it runs on the loader thread).
const hook = `
let ts6;
export function initialize(data) { ts6 = data; }
export async function resolve(specifier, context, next) {
  if (specifier === 'typescript') return { url: ts6, format: 'commonjs', shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`, import.meta.url, { data: pathToFileURL(ts6Main).href });

const td = await import('typedoc');
const ts = (await import('typescript')).default;

const started = Date.now();
const app = await td.Application.bootstrapWithPlugins({}, [
  new td.ArgumentsReader(0),
  new td.TypeDocReader(),
  new td.TSConfigReader(),
  new td.ArgumentsReader(300).ignoreErrors(),
]);
// Documentation typedoc does not carry over by itself, taken from where the source has it (no text is made up):
// - a property that is a getter elsewhere (picked into an interface) gets the getter's comment;
// - a property or variable that names a documented value (`sum: SUM` in an op table, `export const { sum } =
//   performReduce`) gets that value's comment, or the comment of its `export const { ... }` statement;
// - a property or variable whose value is a documented function (`T.sum`, `gradient.grad`) carries the comment
//   on the function's signature, which typedoc's notDocumented check does not look at: it moves up to the
//   property, where the page shows it (as for a property documented in place).
const isName = (e) => ts.isIdentifier(e) || ts.isPropertyAccessExpression(e);
const VALUE_KINDS = td.ReflectionKind.Property | td.ReflectionKind.Variable;
app.converter.on(
  td.Converter.EVENT_CREATE_DECLARATION,
  (context, reflection) => {
    if (reflection.hasComment() || !reflection.kindOf(VALUE_KINDS)) return;
    const decl = context.getSymbolFromReflection(reflection)?.declarations?.[0];
    if (!decl) return;
    if (ts.isGetAccessorDeclaration(decl)) {
      // a getter seen as a property (`interface TensorVariable extends Pick<TensorMethods, ...>`)
      const comment = context.getNodeComment(decl, false);
      if (comment) reflection.comment = comment;
      return;
    }
    if (ts.isBindingElement(decl)) {
      const statement = decl.parent?.parent?.parent?.parent;
      if (statement && ts.isVariableStatement(statement)) {
        const comment = context.getNodeComment(statement, false);
        if (comment) reflection.comment = comment;
      }
      return;
    }
    let target;
    if (ts.isShorthandPropertyAssignment(decl)) target = context.checker.getShorthandAssignmentValueSymbol(decl);
    else if (ts.isPropertyAssignment(decl) && isName(decl.initializer)) {
      target = context.checker.getSymbolAtLocation(decl.initializer);
    }
    if (target && target.flags & ts.SymbolFlags.Alias) target = context.checker.getAliasedSymbol(target);
    if (!target) return;
    const fn = target.declarations?.find((d) => ts.isFunctionDeclaration(d));
    const kind = target.flags & ts.SymbolFlags.Class ? td.ReflectionKind.Class : td.ReflectionKind.Variable;
    const comment = fn ? context.getSignatureComment(fn) : context.getComment(target, kind);
    if (comment) reflection.comment = comment;
  },
  100,
);
// A package README links its sibling packages by folder (`[core](../core)`): each package folder resolves to its
// module's page.
const packageDirs = new Map(
  readdirSync('packages', { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join('packages', d.name, 'package.json')))
    .map((d) => [JSON.parse(readFileSync(join('packages', d.name, 'package.json'), 'utf8')).name, d.name]),
);
app.converter.on(td.Converter.EVENT_RESOLVE_END, (context) => {
  for (const module of context.project.children ?? []) {
    const dir = packageDirs.get(module.name);
    if (dir) context.project.files.registerReflectionPath(resolve('packages', dir).replaceAll('\\', '/'), module);
  }
  for (const r of Object.values(context.project.reflections)) {
    if (!(r instanceof td.DeclarationReflection) || !r.kindOf(VALUE_KINDS) || r.hasComment()) continue;
    if (!(r.type instanceof td.ReflectionType)) continue;
    const signatures = r.type.declaration.signatures ?? [];
    // overloads: typedoc's own rule for functions, the first signature's comment documents them all
    if (signatures[0]?.hasComment() && signatures.slice(1).every((s) => !s.hasComment())) {
      r.comment = signatures[0].comment;
      signatures[0].comment = undefined;
    }
  }
});

console.log(
  `typedoc ${td.Application.VERSION} with TypeScript ${app.getTypeScriptVersion()} from ${app.getTypeScriptPath()}`,
);
if (app.getTypeScriptVersion() !== ts.version || !ts.version.startsWith('6.')) {
  console.error(`docs: typedoc runs TypeScript ${app.getTypeScriptVersion()}; expected typescript6 (${ts.version})`);
  process.exit(1);
}

function failIfWarned(stage) {
  if (app.logger.hasErrors() || app.logger.hasWarnings()) {
    console.error(
      `docs: ${stage} gave ${app.logger.errorCount} error(s) and ${app.logger.warningCount} warning(s); see above`,
    );
    process.exit(1);
  }
}

failIfWarned('reading the options');
const project = await app.convert();
if (!project) {
  console.error('docs: typedoc could not convert the entry points');
  process.exit(1);
}
failIfWarned('converting');
// typedoc's notExported check looks only at the types of the project's own package, which is the root's
// (theano-ts-monorepo). It runs once per package documented instead, as that package, with the package's
// entries of `intentionallyNotExported` (typedoc.json): a type a package uses but does not export fails unless
// listed there, and an entry that no longer applies fails too.
const checks = app.options.getValue('validation');
const notExportedList = app.options.getValue('intentionallyNotExported');
app.options.setValue('validation', { ...checks, notExported: false });
app.validate(project);
const rootPackage = project.packageName;
const onlyNotExported = Object.fromEntries(Object.keys(checks).map((k) => [k, k === 'notExported']));
for (const name of checks.notExported ? app.options.getValue('packagesRequiringDocumentation') : []) {
  project.packageName = name;
  app.options.setValue('validation', onlyNotExported);
  app.options.setValue(
    'intentionallyNotExported',
    notExportedList.filter((entry) => entry.startsWith(`${name}/`)),
  );
  app.validate(project);
}
project.packageName = rootPackage;
app.options.setValue('validation', checks);
app.options.setValue('intentionallyNotExported', notExportedList);
failIfWarned('validating');
await app.generateOutputs(project);
failIfWarned('writing the output');
console.log(`docs: wrote ${app.options.getValue('out')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
