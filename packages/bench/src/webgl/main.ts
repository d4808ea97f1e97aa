/**
 * `npm run bench:webgl`: theano-ts on WebGL against the same computations written directly in tfjs-webgl
 * (matmul 256 and 512, the elementwise chain `exp(x)*2 + sin(x)*x`, one SGD step of a 784-256-10 tanh MLP
 * with softmax cross-entropy, batch 128, float32), run side by side in Chromium and printed as ratios:
 * tfjs ms / theano-ts ms (of each side's best round, and the median and range of the rounds' own ratios,
 * each round timing both back to back), so ≥ 1.0 means theano-ts is at least as fast. Without a GPU, Chromium renders
 * WebGL with SwiftShader (on the CPU): the absolute times are then a CPU's, the ratios still compare the two.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPage } from './browser.js';
import type { BenchResults } from './page.js';

const here = dirname(fileURLToPath(import.meta.url));
// dist/webgl/main.js → packages/bench, the repository root two levels up
const pkg = resolve(here, '..', '..');
const root = resolve(pkg, '..', '..');
const entry = join(pkg, 'src', 'webgl', 'page.ts');

const t0 = Date.now();
const results = await runPage<BenchResults>(entry, root, 600_000, (line) => {
  if (process.env.BENCH_VERBOSE) console.error(line);
});
console.log(`theano-ts webgl vs tfjs-webgl (Chromium; renderer: ${results.renderer})`);
console.log(
  'benchmark                            theano-ts ms   tfjs ms   ratio (tfjs/theano)   per-round median [range]   max |diff|   calls',
);
for (const r of results.rows) {
  const rr = [...r.roundRatios].sort((a, b) => a - b);
  const median = rr[Math.floor(rr.length / 2)]!;
  const spread = `${median.toFixed(2)} [${rr[0]!.toFixed(2)}-${rr[rr.length - 1]!.toFixed(2)}]`;
  console.log(
    `${r.name.padEnd(36)} ${r.theanoMs.toFixed(2).padStart(12)} ${r.tfjsMs.toFixed(2).padStart(9)} ${(r.tfjsMs / r.theanoMs).toFixed(2).padStart(20)}x ${spread.padStart(26)} ${r.maxDiff.toExponential(1).padStart(12)} ${String(r.calls).padStart(7)}`,
  );
}
console.log(`(${((Date.now() - t0) / 1000).toFixed(1)} s in all; ratio ≥ 1.0 means theano-ts is at least as fast)`);
