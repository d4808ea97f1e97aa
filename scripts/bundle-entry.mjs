#!/usr/bin/env node
// Part of the build of @theano-ts/core and @theano-ts/backend-ref, run in the package's folder after tsc:
// replaces dist/index.js, tsc's entry point that imports the package's other files, by one ES module that
// holds them all (esbuild, no minification, names kept, other packages and node: modules left as imports).
// Node 20 resolves, reads and compiles every module of an import graph one by one, about a millisecond
// each: core's 107 files cost ~90 ms of a cold start, one file ~35 ms (`npm run bench:cold`).
// The other files tsc wrote stay in dist/: scripts/check-deps.mjs checks core's layers on them, and the
// declaration files (index.d.ts and the ones it imports) describe the bundle exactly as they describe them.
// The source map (dist/index.js.map) goes back to src/ through tsc's maps.
// Usage: node ../../scripts/bundle-entry.mjs   (from packages/NAME)
import { existsSync } from 'node:fs';
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
  keepNames: true, // classes and functions keep their names (`x.constructor.name` is 'TensorVariable')
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});
