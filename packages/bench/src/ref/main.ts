/**
 * `npm run bench:ref`: the optimizer's benchmarks on the reference backend — compile time of long graphs,
 * and the fused elementwise chain against tfjs-backend-cpu and a hand-written loop, run side by side in
 * this process and printed as ratios, the matrix product against a plain triple loop, the cost of one call
 * of a function that does almost nothing, and the MLP training steps against numpy. `node
 * dist/ref/main.js dot` runs the matrix products only, `node dist/ref/main.js per-call` the per-call costs.
 */

import { runSteps, stepTargetLine } from '../steps/run.js';
import { compileChain } from './compile-time.js';
import { runDot } from './dot.js';
import { runElementwise } from './elementwise.js';
import { runPerCall } from './per-call.js';

if (process.argv[2] === 'dot') {
  runDot();
  process.exit(0);
}
if (process.argv[2] === 'per-call') {
  await runPerCall();
  process.exit(0);
}

const rows = [1000, 10000, 100000].map(compileChain);
console.log('Compile time (FAST_RUN): elementwise chain + its gradient');
console.log('   nodes   build s   compile s   µs/node   optimized nodes');
for (const r of rows) {
  console.log(
    `${String(r.nodes).padStart(8)}  ${r.buildSeconds.toFixed(3).padStart(8)}  ${r.compileSeconds.toFixed(3).padStart(10)}  ${((r.compileSeconds / r.nodes) * 1e6).toFixed(2).padStart(8)}  ${String(r.optimizedNodes).padStart(8)}`,
  );
}
await runElementwise();
runDot();
await runPerCall();
const steps = await runSteps(['ref'], 'mlp');
console.log(stepTargetLine(steps, 'ref', 10, 'ref MLP steps <= 10x numpy'));
