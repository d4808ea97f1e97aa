#!/usr/bin/env node
// The size budget of the browser build (run `npm run build` first; part of `npm run lint`): each file a page
// downloads from packages/backend-webgl/dist/browser/ must stay within its budget, raw and gzipped (gzip -9,
// what a server typically sends). The budgets are about 10% above the sizes measured when they were set, so
// that a dependency or a feature that adds weight is a decision, not an accident: raise a budget in the same
// commit that explains why. Prints every size; exits 1 naming each file over budget.
// Usage: node scripts/check-size.mjs
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIR = 'packages/backend-webgl/dist/browser';

/** Budgets in bytes. Measured when set: theano-ts-webgl.js 955,047 (gzip 270,863); theano-ts-viz.js 1,541,457 (gzip 489,336). */
const BUDGETS = {
  // theano-ts (core and ref), the WebGL backend and TensorFlow.js: what every page loads
  'theano-ts-webgl.js': { raw: 1_050_000, gzip: 298_000 },
  // Graphviz with its WebAssembly inlined: loaded only when pydotprint draws SVG
  'theano-ts-viz.js': { raw: 1_700_000, gzip: 540_000 },
};

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const over = [];
for (const [file, budget] of Object.entries(BUDGETS)) {
  const path = join(root, DIR, file);
  if (!existsSync(path)) {
    console.error(`check-size: ${DIR}/${file} is missing: run \`npm run build\` first`);
    process.exit(2);
  }
  const bytes = readFileSync(path);
  const size = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  const line =
    `${file}: ${kb(size.raw)} raw (budget ${kb(budget.raw)}), ` + `${kb(size.gzip)} gzip (budget ${kb(budget.gzip)})`;
  console.log(`check-size: ${line}`);
  for (const kind of ['raw', 'gzip']) {
    if (size[kind] > budget[kind]) {
      over.push(`${file} is ${size[kind]} bytes ${kind}, over its budget of ${budget[kind]} bytes`);
    }
  }
}
if (over.length) {
  console.error(`check-size: over budget:\n  - ${over.join('\n  - ')}\n(scripts/check-size.mjs holds the budgets)`);
  process.exit(1);
}
