/**
 * `npm run bench`: theano-ts on the ONNX backend against its peers, side by side in this process —
 * a raw onnxruntime-node session on the same exported model, tfjs-backend-wasm and tfjs-backend-cpu —
 * for matrix products, an elementwise chain, a full sum, the per-call overhead on a tiny graph and one
 * MLP training step, then the training steps against numpy (../steps). Prints a table per section, then whether each target is met.
 * `node dist/onnx/main.js large` runs only the large-graph section (compile + first call against the
 * reference backend).
 */

import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import '@theano-ts/backend-onnx';
import ort from 'onnxruntime-node';
import { machineLoad } from '../common/env.js';
import { fmtMs, fmtRatio, fmtSpread } from '../common/table.js';
import { initTfjs, registerTfjsGradients } from '../common/tfjs.js';
import { runSteps, stepTargetLine } from '../steps/run.js';
import { runChain, runSum } from './elementwise.js';
import { type LargeGraphResult, runLargeGraphs } from './large-graph.js';
import { runMatmul } from './matmul.js';
import { runMlp } from './mlp.js';
import { runOverhead } from './overhead.js';
import { SESSION_OPTIONS_TEXT } from './raw.js';

/** The large-graph targets: the sin chain no slower than ref, the 13,000-node gradient under 2 s. */
function largeGraphTargets(results: readonly LargeGraphResult[]): void {
  const [sin, mlp] = results;
  if (!sin || !mlp) return;
  console.log(
    `  ONNX compile + first call of the 1000-sin chain with its gradient <= ref's: ${sin.onnxMs <= sin.refMs ? 'met' : 'NOT met'}` +
      ` (onnx/ref ${fmtRatio(sin.onnxMs / sin.refMs)}: onnx ${fmtMs(sin.onnxMs)} ms, ref ${fmtMs(sin.refMs)} ms;` +
      ` CPU onnx/ref ${fmtRatio(sin.onnxCpu / sin.refCpu)})`,
  );
  if (sin.onnxSessionMs !== null) {
    // the bound: both backends run the same optimizer in theano.function; after it, ref's first call is all
    // ref has left to do, while onnx's first call holds onnxruntime's session creation
    const refCall = sin.refMs - sin.refCompileMs;
    const onnxCall = sin.onnxMs - sin.onnxCompileMs;
    console.log(
      `    theano.function: onnx ${fmtMs(sin.onnxCompileMs)} ms, ref ${fmtMs(sin.refCompileMs)} ms; first call: onnx ${fmtMs(onnxCall)} ms,` +
        ` ref ${fmtMs(refCall)} ms; onnxruntime's session creation alone, within onnx's first call: ${fmtMs(sin.onnxSessionMs)} ms` +
        ` (${fmtRatio(sin.onnxSessionMs / refCall)} ref's whole first call)`,
    );
  }
  console.log(
    `  ${mlp.nodes}-node gradient graph compile + first call on onnx < 2 s: ${mlp.onnxMs < 2000 ? 'met' : 'NOT met'}` +
      ` (onnx ${fmtMs(mlp.onnxMs)} ms, ref ${fmtMs(mlp.refMs)} ms; CPU onnx ${fmtMs(mlp.onnxCpu)} ms, ref ${fmtMs(mlp.refCpu)} ms)`,
  );
}

if (process.argv[2] === 'large') {
  console.log(`theano-ts ONNX benchmark, large graphs only; machine load before the runs: ${machineLoad()}`);
  const large = await runLargeGraphs();
  console.log(`\nmachine load after the runs: ${machineLoad()}`);
  console.log('\nTargets');
  largeGraphTargets(large);
  process.exit(0);
}

const req = createRequire(import.meta.url);
const version = (pkg: string): string => (req(`${pkg}/package.json`) as { version: string }).version;

const cpu = cpus();
console.log(
  'theano-ts ONNX benchmark: every peer in this process, float32, medians of samples taken in alternating blocks',
);
console.log(`machine: ${cpu.length} logical CPU(s), ${cpu[0]?.model ?? 'unknown CPU'}; Node ${process.version}`);
console.log(
  `onnxruntime-node ${ort.env.versions.common ?? version('onnxruntime-node')}; tfjs-core ${version('@tensorflow/tfjs-core')}`,
);
console.log(`machine load before the runs: ${machineLoad()}`);
console.log(`onnxruntime session options (theano-ts backend and raw peer alike): ${SESSION_OPTIONS_TEXT}`);
const tfjs = await initTfjs();
for (const s of tfjs) {
  console.log(`tfjs-backend-${s.name} ${version(`@tensorflow/tfjs-backend-${s.name}`)}: ${s.detail}`);
}
let gradientsMissing: string | null = null;
try {
  await registerTfjsGradients();
  console.log('tfjs gradients: tfjs-core/dist/register_all_gradients.js, bundled with esbuild and loaded');
} catch (e) {
  gradientsMissing = e instanceof Error ? e.message : String(e);
  console.log(`tfjs gradients: could not be registered (${gradientsMissing}); the MLP section runs without tfjs`);
}

const matmul = await runMatmul(tfjs);
await runChain(tfjs);
await runSum(tfjs);
const overhead = await runOverhead(tfjs);
const mlp = await runMlp(tfjs, gradientsMissing);
const steps = await runSteps(['onnx']);
const large = await runLargeGraphs();

const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : 'NOT met');
const worst = matmul.ratios.reduce<(typeof matmul.ratios)[number] | undefined>(
  (w, r) => (r.ratio !== undefined && (w?.ratio === undefined || r.ratio < w.ratio) ? r : w),
  undefined,
);
const wasm = tfjs.find((s) => s.name === 'wasm');
console.log(`\nmachine load after the runs: ${machineLoad()}`);
console.log('\nTargets (ratios of medians; [q1–q3] is the spread of the samples)');
console.log(
  `  matmul >= 0.95x raw ORT throughput: ${verdict(matmul.ratios.every((r) => r.ratio !== undefined && r.ratio >= 0.95))}` +
    ` (raw/theano ${matmul.ratios.map((r) => `${r.n}: ${fmtRatio(r.ratio)}`).join(', ')}; worst ${fmtRatio(worst?.ratio)} at ${worst?.n}:` +
    ` theano-ts ${fmtSpread(worst?.theano)}, raw ${fmtSpread(worst?.raw)};` +
    ` A/A control raw #2/raw ${matmul.ratios.map((r) => `${r.n}: ${fmtRatio(r.aa)}`).join(', ')})`,
);
console.log(
  `  per-call overhead <= 1.2x raw session.run: ${verdict(overhead.ratio <= 1.2)}` +
    ` (theano/raw ${fmtRatio(overhead.ratio)}: theano-ts ${fmtSpread(overhead.theano, true)}, raw ${fmtSpread(overhead.raw, true)})`,
);
console.log(
  `  MLP step >= 30x faster than tfjs-wasm: ${verdict(mlp.wasmSpeedup === undefined ? undefined : mlp.wasmSpeedup >= 30)}` +
    (mlp.wasmSpeedup === undefined
      ? ` (tfjs-wasm ${wasm?.detail ?? 'not registered'})`
      : ` (wasm/theano ${fmtRatio(mlp.wasmSpeedup)}: theano-ts ${fmtSpread(mlp.theano)}, tfjs-wasm ${fmtSpread(mlp.wasm)};` +
        ` raw ORT on the same model ${fmtSpread(mlp.raw)}, raw/theano ${fmtRatio(mlp.rawRatio)})`),
);
console.log(stepTargetLine(steps, 'onnx', 1, 'ONNX training steps <= 1.0x numpy'));
largeGraphTargets(large);
