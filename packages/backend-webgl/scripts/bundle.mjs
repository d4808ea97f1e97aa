#!/usr/bin/env node
// Part of this package's build: bundles theano-ts (core + the reference backend) and this WebGL backend,
// with TensorFlow.js, into one ES module for browsers: dist/browser/theano-ts-webgl.js. A page imports it
// and gets the whole API (`theano.function(..., { backend: 'webgl' })`), without a bundler of its own.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const outdir = join(root, 'dist', 'browser');
mkdirSync(outdir, { recursive: true });
const result = await build({
  entryPoints: { 'theano-ts-webgl': join(here, 'browser-entry.js') },
  bundle: true,
  splitting: true, // @viz-js/viz (pydotprint's renderer) becomes a chunk loaded only when used
  format: 'esm',
  platform: 'browser',
  // node-only paths (pydotprint writing a file) stay dynamic imports that browsers never reach
  external: ['node:*'],
  target: 'es2022',
  minify: true,
  sourcemap: true,
  outdir,
  metafile: true,
  logLevel: 'warning',
});
const bytes = result.metafile.outputs['dist/browser/theano-ts-webgl.js']?.bytes ?? 0;
console.log(`bundled dist/browser/theano-ts-webgl.js (${(bytes / 1024).toFixed(0)} KiB)`);
