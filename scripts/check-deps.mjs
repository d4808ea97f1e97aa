#!/usr/bin/env node
import { existsSync } from 'node:fs';
// Checks the dependency rules of .dependency-cruiser.cjs on the built packages (run `npm run build` first)
// and fails on any import cycle longer than 3 files. Part of `npm run lint` and `npm test`.
import { createRequire } from 'node:module';
import { cruise } from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const ruleSet = require('../.dependency-cruiser.cjs');
const MAX_CYCLE = 3;

const roots = [
  'packages/core/dist',
  'packages/backend-ref/dist',
  'packages/backend-onnx/dist',
  'packages/backend-webgl/dist',
  'packages/theano-ts/dist',
].filter(existsSync);
if (!roots.includes('packages/core/dist')) {
  console.error('check-deps: packages/core/dist is missing: build first (npm run build)');
  process.exit(2);
}
const { output } = await cruise(roots, { ruleSet, validate: true, ...ruleSet.options });
const problems = [];
for (const v of output.summary.violations) problems.push(`${v.rule.name}: ${v.from} → ${v.to}`);

// strongly connected components of the runtime import graph (Tarjan), within the cruised files
const edges = new Map(
  output.modules.map((m) => [m.source, m.dependencies.filter((d) => !d.coreModule).map((d) => d.resolved)]),
);
let index = 0;
const idx = new Map();
const low = new Map();
const stack = [];
const on = new Set();
const sccs = [];
function visit(v) {
  idx.set(v, index);
  low.set(v, index++);
  stack.push(v);
  on.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!edges.has(w)) continue;
    if (!idx.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const c = [];
    let w;
    do {
      w = stack.pop();
      on.delete(w);
      c.push(w);
    } while (w !== v);
    sccs.push(c);
  }
}
for (const v of edges.keys()) if (!idx.has(v)) visit(v);
for (const c of sccs)
  if (c.length > MAX_CYCLE)
    problems.push(`import cycle of ${c.length} files (at most ${MAX_CYCLE}): ${c.sort().join(', ')}`);

const cycles = sccs.filter((c) => c.length > 1).length;
if (problems.length) {
  console.error(`check-deps: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `check-deps: ${output.summary.totalCruised} modules, dependency rules hold; ${cycles} import cycle(s), none longer than ${MAX_CYCLE} files`,
);
