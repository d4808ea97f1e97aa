/**
 * `npm run bench:steps-profile [-- --runs N] [filter]`: where a training step's time goes on onnx. For each
 * step whose label contains `filter` (default `mlp 784-256-10 float32 batch 64`): the ONNX model the
 * backend builds for it (every node: op, inputs, outputs, attributes; and the node count), then
 * onnxruntime's own profile of `N` runs (default 300) of that model, in a session created with the
 * backend's options: each executed node (after onnxruntime's rewrites: `FusedGemm`, …) with its mean time,
 * and the mean time of a whole run. Times come from onnxruntime's profiler (which adds some overhead of
 * its own); compare them with each other, and speeds against numpy with `bench:steps`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildModel,
  DEFAULT_INTRA_OP_THREADS,
  DISABLED_ORT_OPTIMIZERS,
  disabledOptimizersConfig,
  LARGE_MODEL_NODES,
} from '@theano-ts/backend-onnx';
import { type NDArray, SharedVariable } from '@theano-ts/core';
import ort from 'onnxruntime-node';
import { printTable } from '../common/table.js';
import { stepLabel, stepModel, theanoStep } from './models.js';
import { STEP_CASES } from './run.js';

type NodeProto = NonNullable<ReturnType<typeof buildModel>['model']['graph']>['node'][number];
type AttributeProto = NodeProto['attribute'][number];

/** An attribute as `name=value`. */
function attrText(a: AttributeProto): string {
  if (a.ints.length > 0) return `${a.name}=[${a.ints.join(',')}]`;
  if (a.type === 1) return `${a.name}=${a.f}`;
  if (a.type === 3) return `${a.name}=${new TextDecoder().decode(a.s)}`;
  if (a.type === 4) return `${a.name}=<tensor>`;
  if (a.type === 5) return `${a.name}=<graph>`;
  return `${a.name}=${a.i}`;
}

const nodeLine = (n: NodeProto): string =>
  `${n.opType.padEnd(12)} ${n.input.join(', ')} -> ${n.output.join(', ')}${
    n.attribute.length ? `  {${n.attribute.map(attrText).join(' ')}}` : ''
  }`;

/** One event of onnxruntime's profile (Chrome trace format). */
interface TraceEvent {
  readonly cat: string;
  readonly name: string;
  readonly dur: number;
  readonly args?: { readonly op_name?: string };
}

const toOrt = (a: NDArray) => new ort.Tensor(a.dtype as 'float32', a.data as Float32Array, [...a.shape]);

async function profileStep(label: string, spec: (typeof STEP_CASES)[number], runs: number): Promise<void> {
  const step = theanoStep(stepModel(spec), 'onnx');
  try {
    await step.output();
    const fg = step.fn.maker.fgraph;
    const built = buildModel(fg, {
      name: step.fn.name,
      nOutputs: step.fn.outputs.length,
      largeModelNodes: LARGE_MODEL_NODES,
    });
    const nodes = built.model.graph!.node;
    console.log(`\n${label}: ${nodes.length} nodes, ${built.checks.length} checks`);
    const counts = new Map<string, number>();
    for (const n of nodes) counts.set(n.opType, (counts.get(n.opType) ?? 0) + 1);
    console.log(`  by op: ${[...counts].map(([op, k]) => `${op} ${k}`).join(', ')}`);
    for (const n of nodes) console.log(`  ${nodeLine(n)}`);

    const dir = mkdtempSync(join(tmpdir(), 'theano-ts-profile-'));
    try {
      const session = await ort.InferenceSession.create(built.bytes, {
        intraOpNumThreads: DEFAULT_INTRA_OP_THREADS,
        logSeverityLevel: 3,
        enableProfiling: true,
        profileFilePrefix: join(dir, 'step'),
        extra: { optimization: { disable_specified_optimizers: disabledOptimizersConfig(DISABLED_ORT_OPTIMIZERS) } },
      });
      const feeds: Record<string, ort.Tensor> = {};
      fg.inputs.forEach((v, k) => {
        feeds[built.inputNames[k]!] = toOrt(v instanceof SharedVariable ? v.getValue() : step.args[k]!);
      });
      for (let i = 0; i < runs; i++) await session.run(feeds);
      session.endProfiling();
      await session.release();
      const file = readdirSync(dir).find((f) => f.endsWith('.json'));
      if (!file) throw new Error(`onnxruntime wrote no profile into ${dir}`);
      const events = JSON.parse(readFileSync(join(dir, file), 'utf8')) as TraceEvent[];
      const byNode = new Map<string, { op: string; us: number; n: number }>();
      let runUs = 0;
      let runN = 0;
      for (const e of events) {
        if (e.cat === 'Session' && e.name === 'model_run') {
          runUs += e.dur;
          runN++;
        }
        if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
        const name = e.name.slice(0, -'_kernel_time'.length);
        const entry = byNode.get(name) ?? { op: e.args?.op_name ?? '?', us: 0, n: 0 };
        entry.us += e.dur;
        entry.n++;
        byNode.set(name, entry);
      }
      const rows = [...byNode].sort((a, b) => b[1].us - a[1].us);
      const total = rows.reduce((s, [, r]) => s + r.us, 0);
      printTable(
        `${label}: onnxruntime's profile, ${runs} runs (mean µs per run; ${rows.length} executed nodes; a run ${(
          runUs / Math.max(runN, 1)
        ).toFixed(1)} µs, its kernels ${(total / runs).toFixed(1)} µs)`,
        ['node', 'op', 'µs', 'share'],
        rows.map(([name, r]) => [name, r.op, (r.us / r.n).toFixed(1), `${((100 * r.us) / total).toFixed(1)}%`]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    step.dispose();
  }
}

const args = process.argv.slice(2);
const at = args.indexOf('--runs');
const runs = at >= 0 ? Number(args.splice(at, 2)[1]) : 300;
if (!(Number.isInteger(runs) && runs > 0)) throw new Error(`bench:steps-profile: --runs must be a positive integer`);
const filter = args[0] ?? 'mlp 784-256-10 float32 batch 64';
const cases = STEP_CASES.filter((s) => stepLabel(s).includes(filter));
if (cases.length === 0) {
  throw new Error(`bench:steps-profile: no step matches '${filter}' (steps: ${STEP_CASES.map(stepLabel).join('; ')})`);
}
for (const spec of cases) await profileStep(stepLabel(spec), spec, runs);
