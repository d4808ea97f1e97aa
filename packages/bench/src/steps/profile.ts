/**
 * `npm run bench:steps-profile [-- --runs N] [filter]`: where a training step's time goes on onnx. For each
 * step whose label contains `filter` (default `mlp 784-256-10 float32 batch 64`): the ONNX model the
 * backend builds for it (every node: op, inputs, outputs, attributes; and the node count), then
 * onnxruntime's own profile of `N` runs (default 300) of that model, in a session created with the
 * backend's options: each executed node (after onnxruntime's rewrites: `FusedGemm`, …) with its median
 * time, and the median time of a whole run. Times come from onnxruntime's profiler (which adds some overhead of
 * its own); compare them with each other, and speeds against numpy with `bench:steps`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { buildModel } from '@theano-ts/backend-onnx';
import { printTable } from '../common/table.js';
import { stepLabel, stepModel, theanoStep } from './models.js';
import { rawStep } from './raw.js';
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

/** The median of `xs` (0 for none). */
function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function profileStep(label: string, spec: (typeof STEP_CASES)[number], runs: number): Promise<void> {
  const step = theanoStep(stepModel(spec), 'onnx');
  const dir = mkdtempSync(join(tmpdir(), 'theano-ts-profile-'));
  try {
    const raw = await rawStep(step, spec, { enableProfiling: true, profileFilePrefix: join(dir, 'step') });
    const { built, session } = raw;
    const nodes = built.model.graph!.node;
    console.log(`\n${label}: ${nodes.length} nodes, ${built.checks.length} checks`);
    const counts = new Map<string, number>();
    for (const n of nodes) counts.set(n.opType, (counts.get(n.opType) ?? 0) + 1);
    console.log(`  by op: ${[...counts].map(([op, k]) => `${op} ${k}`).join(', ')}`);
    for (const n of nodes) console.log(`  ${nodeLine(n)}`);
    for (let i = 0; i < runs; i++) await raw.run();
    session.endProfiling();
    await session.release();
    const file = readdirSync(dir).find((f) => f.endsWith('.json'));
    if (!file) throw new Error(`onnxruntime wrote no profile into ${dir}`);
    const events = JSON.parse(readFileSync(join(dir, file), 'utf8')) as TraceEvent[];
    // medians, not means: on a busy machine a run now and then is preempted mid-node
    const byNode = new Map<string, { op: string; us: number[] }>();
    const runUs: number[] = [];
    for (const e of events) {
      if (e.cat === 'Session' && e.name === 'model_run') runUs.push(e.dur);
      if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
      const name = e.name.slice(0, -'_kernel_time'.length);
      const entry = byNode.get(name) ?? { op: e.args?.op_name ?? '?', us: [] };
      entry.us.push(e.dur);
      byNode.set(name, entry);
    }
    const rows = [...byNode].map(([name, r]) => ({ name, op: r.op, us: median(r.us) })).sort((a, b) => b.us - a.us);
    const total = rows.reduce((sum, r) => sum + r.us, 0);
    printTable(
      `${label}: onnxruntime's profile of ${runs} runs (median µs; ${rows.length} executed nodes, their medians ` +
        `summing to ${total.toFixed(1)} µs; a whole run ${median(runUs).toFixed(1)} µs)`,
      ['node', 'op', 'µs', 'share'],
      rows.map((r) => [r.name, r.op, r.us.toFixed(1), `${((100 * r.us) / total).toFixed(1)}%`]),
    );
  } finally {
    step.dispose();
    rmSync(dir, { recursive: true, force: true });
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
