/**
 * The training-step section: each step (MLP at batch 64 and 128, the tutorial's logistic regression; float32
 * and float64) on theano-ts's backends against numpy, measured side by side in alternating blocks, with
 * the first step's outputs checked against numpy's before any timing. Ratios are theano-ts time / numpy
 * time (≤ 1.0x: theano-ts at or under numpy's time).
 */
import { PerformanceObserver } from 'node:perf_hooks';
import '@theano-ts/backend-onnx';
import { expectClose } from '../common/check.js';
import { type NumpyHost, startNumpy } from '../common/numpy.js';
import { fmtMs, fmtRatio, printTable } from '../common/table.js';
import { measure, type Peer, type Timing } from '../common/timing.js';
import { type StepSpec, stepLabel, stepModel, theanoStep } from './models.js';
import { type RawStep, rawStep } from './raw.js';

/** Every case of the section, in table order. */
export const STEP_CASES: readonly StepSpec[] = [
  { model: 'mlp', dtype: 'float32', batch: 64 },
  { model: 'mlp', dtype: 'float32', batch: 128 },
  { model: 'mlp', dtype: 'float64', batch: 64 },
  { model: 'mlp', dtype: 'float64', batch: 128 },
  { model: 'logreg', dtype: 'float64', batch: 400 },
  { model: 'logreg', dtype: 'float32', batch: 400 },
];

/** One case's result: timings by peer (`numpy`, and `theano-ts <backend>`), and the agreement. */
export interface StepResult {
  readonly spec: StepSpec;
  readonly timings: Map<string, Timing>;
  readonly maxDiff: number;
  /** Minor page faults of this process per step, by backend (after the timing, over `FAULT_CALLS` steps). */
  readonly faults: Map<string, number>;
  /** Garbage-collection time per step in µs, by backend and for the bare session (over `GC_CALLS` steps). */
  readonly gc: Map<string, number>;
}

/** Steps over which the page faults per step are counted. */
export const FAULT_CALLS = 200;

/**
 * Minor page faults of this process per call of `run`, over `n` calls: memory the step takes fresh from the
 * kernel each call (a new buffer's pages, each faulted in on first touch) instead of reusing freed memory.
 * On the 2-vCPU benchmark VM one fault costs about 10 µs, so 392 of them (a 1.6 MB buffer) cost more than
 * the MLP step itself.
 */
async function faultsPerCall(run: () => unknown, n: number): Promise<number> {
  const before = process.resourceUsage().minorPageFault;
  for (let i = 0; i < n; i++) await run();
  return (process.resourceUsage().minorPageFault - before) / n;
}

/** Steps over which the garbage collector's time per step is measured. */
export const GC_CALLS = 600;

/**
 * The garbage collector's time per call of `run` in µs, over `n` calls (every collection the process makes
 * meanwhile, as Node reports them). A step whose update values onnxruntime-node allocates afresh each call
 * pays for collections that a loop reusing its arrays, as numpy's does, never makes.
 */
async function gcPerCall(run: () => unknown, n: number): Promise<number> {
  let ms = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) ms += e.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    for (let i = 0; i < n; i++) await run();
    // the entries of the last collections are delivered on a later turn of the event loop
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    observer.disconnect();
  }
  return (1000 * ms) / n;
}

/** `x / y` formatted, or the formatter's placeholder where either was not measured. */
const ratio = (x: number | undefined, y: number | undefined): string =>
  fmtRatio(x !== undefined && y !== undefined ? x / y : undefined);

const NUMPY = 'numpy';
/** The onnx step's own model in a bare onnxruntime session (`raw.ts`), timed where onnx is. */
const RAW = 'bare onnxruntime';
const peerName = (backend: string) => `theano-ts ${backend}`;

async function runStep(spec: StepSpec, backends: readonly string[], numpy: NumpyHost | null): Promise<StepResult> {
  const m = stepModel(spec);
  const tol = spec.dtype === 'float32' ? 2e-5 : 1e-10;
  const steps = backends.map((b) => ({ b, step: theanoStep(m, b) }));
  let raw: RawStep | null = null;
  try {
    // made before any step runs: its feeds hold the initial parameters, as numpy's first step does
    const onnxStep = steps.find((s) => s.b === 'onnx')?.step;
    if (onnxStep) raw = await rawStep(onnxStep, spec);
    const peers: Peer[] = [];
    let maxDiff = 0;
    const ref = numpy
      ? await (async () => {
          const p = await numpy.peer(NUMPY, m);
          peers.push(p);
          return p.output();
        })()
      : await steps[0]!.step.output();
    for (const { b, step } of steps) {
      maxDiff = Math.max(maxDiff, expectClose(ref, await step.output(), tol, `${stepLabel(spec)}: ${peerName(b)}`));
      peers.push({ name: peerName(b), run: () => step.run() });
    }
    if (raw) {
      maxDiff = Math.max(maxDiff, expectClose(ref, await raw.output(), tol, `${stepLabel(spec)}: ${RAW}`));
      peers.push({ name: RAW, run: raw.run });
    }
    // a 150 ms pause between blocks: after a block, numpy's idle OpenBLAS thread spins for 40-55 ms of CPU
    // and onnxruntime's workers for 30-40 ms (measured with process CPU time across a sleep); with the
    // default 50 ms pause that spinning ran into the next peer's block on this 2-core machine
    const timings = await measure(peers, {
      budgetMs: 6000,
      minSamples: 9,
      maxSamples: 61,
      minSampleMs: 5,
      pauseMs: 150,
    });
    const faults = new Map<string, number>();
    for (const { b, step } of steps) faults.set(b, await faultsPerCall(() => step.run(), FAULT_CALLS));
    const gc = new Map<string, number>();
    for (const { b, step } of steps) gc.set(b, await gcPerCall(() => step.run(), GC_CALLS));
    if (raw) gc.set(RAW, await gcPerCall(raw.run, GC_CALLS));
    return { spec, timings, maxDiff, faults, gc };
  } finally {
    for (const { step } of steps) step.dispose();
    await raw?.release();
  }
}

/**
 * Runs the cases whose label contains `filter` (all when empty) on `backends` and prints the table; numpy
 * is left out, with the reason, where python3 or numpy is missing.
 */
export async function runSteps(backends: readonly string[], filter = ''): Promise<StepResult[]> {
  const host = await startNumpy();
  const numpy = 'missing' in host ? null : host;
  console.log(
    numpy
      ? `numpy ${numpy.version} (python3 subprocess, steps timed in Python)`
      : `numpy peer left out: ${(host as { missing: string }).missing}`,
  );
  const results: StepResult[] = [];
  try {
    for (const spec of STEP_CASES.filter((s) => stepLabel(s).includes(filter))) {
      results.push(await runStep(spec, backends, numpy));
    }
  } finally {
    numpy?.close();
  }
  const ms = (r: StepResult, p: string) => r.timings.get(p)?.ms;
  const withRaw = backends.includes('onnx');
  const header = [
    'step',
    ...backends.map((b) => `${peerName(b)} ms`),
    ...(withRaw ? [`${RAW} ms`] : []),
    `${NUMPY} ms`,
  ];
  header.push(...backends.map((b) => `${b}/numpy`), ...(withRaw ? ['bare/numpy'] : []));
  header.push(...backends.map((b) => `${b} faults/step`));
  header.push(...backends.map((b) => `${b} GC µs/step`), ...(withRaw ? ['bare GC µs/step'] : []), 'max rel diff');
  printTable(
    `Training steps against numpy (median ms per step; backend/numpy = theano-ts time / numpy time, ≤ 1.00x is at or under numpy; ${withRaw ? `${RAW}: the onnx step's own model run in a bare session, fed once-made tensors (what onnxruntime alone takes); ` : ''}faults/step = this process's minor page faults per step over ${FAULT_CALLS} steps; GC µs/step = the garbage collector's time per step over ${GC_CALLS} steps)`,
    header,
    results.map((r) => {
      const np = ms(r, NUMPY);
      const t = backends.map((b) => ms(r, peerName(b)));
      const bare = withRaw ? [ms(r, RAW)] : [];
      return [
        stepLabel(r.spec),
        ...t.map(fmtMs),
        ...bare.map(fmtMs),
        fmtMs(np),
        ...t.map((x) => ratio(x, np)),
        ...bare.map((x) => ratio(x, np)),
        ...backends.map((b) => (r.faults.get(b) ?? Number.NaN).toFixed(0)),
        ...[...backends, ...(withRaw ? [RAW] : [])].map((b) => (r.gc.get(b) ?? Number.NaN).toFixed(0)),
        r.maxDiff.toExponential(1),
      ];
    }),
  );
  return results;
}

/** theano-ts time / numpy time for `backend` in `r` (undefined where either was not measured). */
export function stepRatio(r: StepResult, backend: string): number | undefined {
  const t = r.timings.get(peerName(backend))?.ms;
  const np = r.timings.get(NUMPY)?.ms;
  return t !== undefined && np !== undefined ? t / np : undefined;
}

/** `  label: met (mlp … float32 batch 64 0.85x, …)`: whether every step's ratio is at most `limit`. */
export function stepTargetLine(results: readonly StepResult[], backend: string, limit: number, label: string): string {
  const ratios = results.map((r) => ({ r, x: stepRatio(r, backend) }));
  const verdict =
    ratios.length === 0 || ratios.some((q) => q.x === undefined)
      ? 'not measured'
      : ratios.every((q) => q.x! <= limit)
        ? 'met'
        : 'NOT met';
  const line = `  ${label}: ${verdict} (${ratios.map((q) => `${stepLabel(q.r.spec)} ${fmtRatio(q.x)}`).join(', ')})`;
  if (backend !== 'onnx' || !results.some((r) => r.timings.has(RAW))) return line;
  // where the step's own model, alone in onnxruntime, is already over numpy, no per-call saving can meet it
  const bare = results.map((r) => `${stepLabel(r.spec)} ${ratio(r.timings.get(RAW)?.ms, r.timings.get(NUMPY)?.ms)}`);
  return `${line}\n    the same models in a bare onnxruntime session against numpy: ${bare.join(', ')}`;
}
