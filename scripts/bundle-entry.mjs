#!/usr/bin/env node
// Part of the build of @theano-ts/core, @theano-ts/backend-ref and @theano-ts/backend-onnx, run in the
// package's folder after tsc: replaces dist/index.js, tsc's entry point that imports the package's other
// files, by one ES module that holds them all (esbuild; other packages and node: modules left as imports).
// Node 20 resolves, reads and compiles every module of an import graph one by one, about a millisecond
// each: core's 107 files cost ~90 ms of a cold start, one file ~35 ms (`npm run bench:cold`).
// The other files tsc wrote stay in dist/: scripts/check-deps.mjs checks core's layers on them, and the
// declaration files (index.d.ts and the ones it imports) describe the bundle exactly as they describe them.
// The bundle is written without whitespace, comments or redundant syntax (esbuild's minifyWhitespace and
// minifySyntax), but every name is kept (no minifyIdentifiers): V8 scans every byte of a module before it
// runs it, and the compact text imports in about 8 ms less (core: 636 KB -> 462 KB; the median import of
// core alone over 31 processes, 54 -> 46 ms). Stack traces still name functions and classes; the source map
// (dist/index.js.map, published) holds the TypeScript sources themselves and maps a frame back to its line
// in src/ (Node's --enable-source-maps, browsers' devtools).
// Usage: node ../../scripts/bundle-entry.mjs   (from packages/NAME)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';

const entry = join(process.cwd(), 'dist', 'index.js');
if (!existsSync(entry)) {
  console.error(`bundle-entry: ${entry} is missing: run tsc first`);
  process.exit(2);
}
/** The longest line esbuild writes in the compact bundle (a soft limit: it breaks at the next token). */
const BUNDLE_LINE_LIMIT = 120;
/** esbuild's options for the bundle; `minify` writes it compact. */
const options = (minify) => ({
  entryPoints: [entry],
  outfile: entry,
  allowOverwrite: true,
  bundle: true,
  format: 'esm',
  platform: 'neutral', // core runs in browsers too; node: modules are only imported, never bundled
  packages: 'external', // other packages stay imports: one core (one backend registry) per program
  // subpath imports (core's `#write-file`) stay imports too: Node or the user's bundler picks the variant by
  // its conditions (node / browser), so the bundle must not freeze one of them in
  external: ['#*'],
  target: 'es2022',
  // esbuild's keepNames would wrap every named function expression in `__name(fn, "fn")`, an
  // Object.defineProperty call, closures made on every call of a compiled function included: a third of a
  // small function's call on the reference backend. Names stay as written unless two files declare the same
  // top-level name; for classes (whose `constructor.name` users see) the check below makes that an error.
  keepNames: false,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  minifyWhitespace: minify,
  minifySyntax: minify,
  minifyIdentifiers: false,
  // compact, but in short lines: Node prints the whole source line of an uncaught error's throw site above
  // its message, which was a 141 KB line of the bundle before the message when the bundle had few lines
  ...(minify ? { lineLimit: BUNDLE_LINE_LIMIT } : {}),
});
// the readable bundle, in memory, for the check on class names below; then the compact one, written
const readable = await build({ ...options(false), write: false });
const readableText = readable.outputFiles.find((f) => f.path.endsWith('.js')).text;
await build(options(true));

// every class tsc wrote keeps its name in the bundle (esbuild renames a top-level name declared twice):
// each name is declared in the bundle as often as in tsc's files
const declared = (text) => {
  const names = new Map();
  for (const [, cls, v] of text.matchAll(/^(?:class ([A-Za-z_$][\w$]*)|var ([A-Za-z_$][\w$]*) = class\b)/gm)) {
    const name = cls ?? v;
    names.set(name, (names.get(name) ?? 0) + 1);
  }
  return names;
};
const inBundle = declared(readableText);
const inFiles = new Map();
const visit = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) visit(p);
    else if (p !== entry && p.endsWith('.js')) {
      for (const [, name] of readFileSync(p, 'utf8').matchAll(
        /^(?:export )?(?:abstract )?class ([A-Za-z_$][\w$]*)/gm,
      )) {
        inFiles.set(name, (inFiles.get(name) ?? 0) + 1);
      }
    }
  }
};
visit(join(process.cwd(), 'dist'));
const renamed = [...inFiles].filter(([name, n]) => (inBundle.get(name) ?? 0) < n).map(([name]) => name);
if (renamed.length > 0) {
  console.error(
    `bundle-entry: the bundle renamed the class(es) ${renamed.join(', ')}: give them names no other file uses`,
  );
  process.exit(1);
}

// the published map holds the sources it names (dist/index.js.map; scripts/check-packages.mjs checks it)
const mapFile = `${entry}.map`;
const map = JSON.parse(readFileSync(mapFile, 'utf8'));
const root = resolve(dirname(mapFile), map.sourceRoot ?? '');
map.sourcesContent = map.sources.map((s, k) => map.sourcesContent?.[k] ?? readFileSync(resolve(root, s), 'utf8'));
writeFileSync(mapFile, JSON.stringify(map));
