/**
 * `npm run bench:ref`: the optimizer's benchmarks on the reference backend — compile time of long graphs,
 * and the fused elementwise chain against tfjs-backend-cpu and a hand-written loop, run side by side in
 * this process and printed as ratios.
 */
import { compileChain } from './compile-time.js';
import { runElementwise } from './elementwise.js';

const rows = [1000, 10000, 100000].map(compileChain);
console.log('Compile time (FAST_RUN): elementwise chain + its gradient');
console.log('   nodes   build s   compile s   µs/node   optimized nodes');
for (const r of rows) {
  console.log(
    `${String(r.nodes).padStart(8)}  ${r.buildSeconds.toFixed(3).padStart(8)}  ${r.compileSeconds.toFixed(3).padStart(10)}  ${((r.compileSeconds / r.nodes) * 1e6).toFixed(2).padStart(8)}  ${String(r.optimizedNodes).padStart(8)}`,
  );
}
await runElementwise();
