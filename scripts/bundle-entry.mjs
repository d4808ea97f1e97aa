#!/usr/bin/env node
// Part of the build of @theano-ts/core, @theano-ts/backend-ref and @theano-ts/backend-onnx, run in the
// package's folder after tsc: replaces dist/index.js, tsc's entry point that imports the package's other
// files, by one ES module that holds them all (esbuild, no minification, other packages and node: modules
// left as imports).
// Node 20 resolves, reads and compiles every module of an import graph one by one, about a millisecond
// each: core's 107 files cost ~90 ms of a cold start, one file ~35 ms (`npm run bench:cold`).
// The other files tsc wrote stay in dist/: scripts/check-deps.mjs checks core's layers on them, and the
// declaration files (index.d.ts and the ones it imports) describe the bundle exactly as they describe them.
// The source map (dist/index.js.map) goes back to src/ through tsc's maps.
// Usage: node ../../scripts/bundle-entry.mjs   (from packages/NAME)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const entry = join(process.cwd(), 'dist', 'index.js');
if (!existsSync(entry)) {
  console.error(`bundle-entry: ${entry} is missing: run tsc first`);
  process.exit(2);
}
await build({
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
});

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
const inBundle = declared(readFileSync(entry, 'utf8'));
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
