/**
 * The differential fuzzer: random graph descriptions (`graphArb`) built with the public API, run on ref
 * under FAST_COMPILE (the baseline), then on ref under FAST_RUN and on every other backend asked for, each
 * result compared with the baseline within a tolerance per dtype: exact for integers and bools; for floats
 * the conformance tolerance (`toleranceFor`) or the backend's declared ULP bounds of the ops used
 * (`capabilities.numerics.ulps`), whichever is looser, times the number of ops in the graph (errors
 * compound), the sign of zero included, with subnormals read as zeros where the backend declares it flushes
 * them. A graph a backend
 * declares unsupported (`UnsupportedError`) is skipped and counted. A failure is shrunk by fast-check to a
 * minimal description and printed as a program a user can paste.
 */
import { type Backend, type DType, getBackend, type NDArray, UnsupportedError } from '@theano-ts/core';
import fc from 'fast-check';
import * as theano from 'theano-ts';
import { toleranceFor } from '../check.js';
import { type GraphArbOptions, graphArb } from './arbitrary.js';
import { type BuiltGraph, buildGraph, graphCode, numLit } from './build.js';
import { countOps, type Desc, type GraphDesc, opsOf } from './desc.js';

/** One run of a graph: a backend and a compilation mode (`'FAST_RUN'`, `'FAST_COMPILE'`, `'None'`). */
export interface FuzzTarget {
  readonly backend: string;
  readonly mode: string;
}

/** Options of `fuzz`. */
export interface FuzzOptions extends GraphArbOptions {
  /** How many graphs (default 200). */
  readonly graphs?: number;
  /** fast-check's seed (default 42: a fixed budget is reproducible). */
  readonly seed?: number;
  /** The backends compared with ref/FAST_COMPILE under FAST_RUN (default: ['ref']; ref runs FAST_RUN). */
  readonly backends?: readonly string[];
}

/** What a fuzzing run did. */
export interface FuzzReport {
  /** Graphs generated and run before the first failure (all of them when none failed). */
  readonly graphs: number;
  /** Comparisons made (a graph on a target, against the baseline). */
  readonly compared: number;
  /** Per target (`onnx/FAST_RUN`), the graphs it declared unsupported, and why (reason → count). */
  readonly skipped: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The seed used. */
  readonly seed: number;
  /** The shrunk failure, or null. */
  readonly failure: FuzzFailure | null;
}

/** A failure, shrunk. */
export interface FuzzFailure {
  /** What differed. */
  readonly message: string;
  /** The minimal description fast-check shrank it to. */
  readonly graph: GraphDesc;
  /** A program reproducing it on the failing target. */
  readonly code: string;
  /** The program of the baseline (ref, FAST_COMPILE), whose value the target should give. */
  readonly baselineCode: string;
  /** fast-check's replay path, with `seed`: `fc.check(prop, { seed, path })`. */
  readonly path: string | undefined;
}

/**
 * Ops left out of graphs run on onnx until a known bug is fixed. Each multiplies or divides by a float64
 * constant (rad2deg, deg2rad, log2 and log10 by their factors, mean by its static count, `x.mul(0.1)` and
 * `x.div(3)` by a JS number), and when a dot
 * follows, onnxruntime's graph optimizer fuses the scale into a FusedMatMul whose `alpha` attribute is a
 * float32: `T.dot(T.log2(x), y)` in float64 is off in the 8th digit, and a mean over an empty axis (a scale
 * of 1/0) makes onnxruntime refuse the model ("FusedMatMul alpha attribute must be finite"). Issue 12,
 * point 4 (float64 constants on onnx), being fixed apart.
 */
/** Raised by a comparison: a target differs from the baseline. */
export class FuzzMismatch extends Error {
  override name = 'FuzzMismatch';
  constructor(
    message: string,
    readonly target: FuzzTarget,
  ) {
    super(message);
  }
}

/**
 * Ops after which a zero's sign is not compared. dot: numpy's depends on its BLAS (np.dot([-0.], [1.]) is
 * -0.0, np.dot([-0., -0.], [1., 1.]) is 0.0). maximum, minimum, max, min: between -0 and +0 numpy returns the
 * second (np.maximum(-0., 0.) is 0.0, np.maximum(0., -0.) is -0.0), as ref does; onnxruntime's Max, Min,
 * ReduceMax and ReduceMin return the first (a deviation in the sign of zero only, not fixed).
 */
export const ZERO_SIGN_LOOSE: readonly string[] = ['dot', 'maximum', 'minimum', 'max', 'min'];

const EPS: Partial<Record<DType, number>> = { float32: 2 ** -23, float64: 2 ** -52 };
const TINY: Partial<Record<DType, number>> = { float32: 1.1754943508222875e-38, float64: 2.2250738585072014e-308 };

/** The tolerance of a float output of a graph with these ops on this backend (see the module doc). */
export function fuzzTolerance(backend: Backend, dtype: DType, ops: ReadonlySet<string>, nOps: number): number {
  const base = toleranceFor(dtype);
  const eps = EPS[dtype];
  if (eps === undefined) return base;
  let ulps = 0;
  for (const op of ops) {
    const stated = backend.capabilities.numerics?.ulps?.[op];
    const u = (typeof stated === 'number' ? stated : stated?.[dtype]) ?? 0;
    ulps = Math.max(ulps, u);
  }
  return Math.max(base, ulps * eps) * Math.max(1, nOps);
}

const show = (a: NDArray) => JSON.stringify(a.toArray(), (_k, x) => (typeof x === 'number' ? numLit(x) : x));

/** Compares a target's result with the baseline's; throws a `FuzzMismatch` saying what differs. */
export function compareResults(
  backend: Backend,
  target: FuzzTarget,
  got: NDArray,
  want: NDArray,
  ops: ReadonlySet<string>,
  nOps: number,
  dtypes: ReadonlySet<DType> = new Set(),
): void {
  const where = `${target.backend}/${target.mode}`;
  if (got.dtype !== want.dtype) throw new FuzzMismatch(`${where}: dtype ${got.dtype}, baseline ${want.dtype}`, target);
  if (got.shape.length !== want.shape.length || got.shape.some((d, i) => d !== want.shape[i]))
    throw new FuzzMismatch(`${where}: shape (${got.shape}), baseline (${want.shape})`, target);
  const g = got.toFloat64();
  const w = want.toFloat64();
  // a float64 result computed through float32 values carries float32's errors
  const tolDType = want.dtype === 'float64' && dtypes.has('float32') ? 'float32' : want.dtype;
  const tol = fuzzTolerance(backend, tolDType, ops, nOps);
  const tiny = backend.capabilities.numerics?.flushesSubnormals ? (TINY[want.dtype] ?? 0) : 0;
  const flush = (x: number) => (Math.abs(x) < tiny ? 0 : x);
  for (let i = 0; i < w.length; i++) {
    const a = flush(g[i]!);
    const e = flush(w[i]!);
    if (Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e))) continue;
    // the sign of zero counts (numpy's values have one: 1 // -0 is -inf), except in graphs with ops whose
    // zero sign is loose (see ZERO_SIGN_LOOSE)
    const loose = ZERO_SIGN_LOOSE.some((o) => ops.has(o));
    const zeros = a === 0 && e === 0 && !loose;
    // dividing by such a zero turns its loose sign into an infinity's (1 / dot(...) is +inf or -inf)
    if (loose && Number.isFinite(a) === false && a === -e) continue;
    // int64 (which only ref's own promotions could produce) is compared below 2^53 only: issue 12, point 3
    if (want.dtype === 'int64' && (Math.abs(e) >= 2 ** 53 || Math.abs(a) >= 2 ** 53)) continue;
    if (!zeros && Number.isFinite(a) && Number.isFinite(e) && Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)))
      continue;
    throw new FuzzMismatch(
      `${where}: element ${i} is ${numLit(g[i]!)}, the baseline (ref/FAST_COMPILE) gives ${numLit(w[i]!)} ` +
        `(${want.dtype}, tolerance ${tol.toExponential(2)}); got ${show(got)}, baseline ${show(want)}`,
      target,
    );
  }
}

/**
 * The mode a target names. FAST_RUN runs without its 'stabilize' rewrites: they replace forms that overflow
 * or cancel by better ones on purpose (`log(sigmoid(x))` → `-softplus(-x)`, `log(1 + x)` → `log1p(x)`), so
 * where the written form underflows to -inf FAST_RUN gives the true value; they are not compared.
 */
export function modeOf(name: string): ReturnType<typeof theano.Mode> | string {
  if (name === 'None') return theano.Mode({ optimizer: 'None' });
  if (name === 'FAST_RUN') return theano.Mode({ optimizer: 'fast_run', excluding: ['stabilize'] });
  return name;
}

/** Compiles the graph on a target, calls it once and disposes of the function (a GPU backend's constants). */
async function runOn(b: BuiltGraph, target: FuzzTarget): Promise<NDArray> {
  const mode = modeOf(target.mode);
  const f = theano.function(b.inputs, b.output, { backend: target.backend, mode, name: 'fuzz' });
  try {
    return await f(...b.values);
  } finally {
    f.dispose();
  }
}

type Skips = Map<string, Map<string, number>>;

/** Runs one graph on the baseline and every target; throws a `FuzzMismatch` on a difference. */
export async function checkGraph(g: GraphDesc, targets: readonly FuzzTarget[], skips?: Skips): Promise<number> {
  const b = buildGraph(g);
  const base: FuzzTarget = { backend: 'ref', mode: 'FAST_COMPILE' };
  let want: NDArray;
  try {
    want = await runOn(b, base);
  } catch (e) {
    throw new FuzzMismatch(`ref/FAST_COMPILE (the baseline) threw: ${(e as Error).message}`, base);
  }
  const ops = opsOf(g.out);
  const nOps = countOps(g.out);
  let compared = 0;
  for (const t of targets) {
    let got: NDArray;
    try {
      got = await runOn(b, t);
    } catch (e) {
      if (e instanceof UnsupportedError || (e as Error)?.name === 'UnsupportedError') {
        if (skips) {
          const key = `${t.backend}/${t.mode}`;
          const reason = (e as Error).message.replace(/ \(.*$/s, '').slice(0, 160);
          const m = skips.get(key) ?? new Map<string, number>();
          m.set(reason, (m.get(reason) ?? 0) + 1);
          skips.set(key, m);
        }
        continue;
      }
      throw new FuzzMismatch(`${t.backend}/${t.mode} threw where the baseline did not: ${(e as Error).message}`, t);
    }
    compareResults(getBackend(t.backend), t, got, want, ops, nOps, b.dtypes);
    compared++;
  }
  return compared;
}

/** The targets of a run: ref under FAST_RUN and each other backend under FAST_RUN. */
export function targetsFor(backends: readonly string[]): FuzzTarget[] {
  const names = backends.includes('ref') ? backends : ['ref', ...backends];
  return names.map((backend) => ({ backend, mode: 'FAST_RUN' }));
}

/** Every tree made by putting one node's subtree in its place (the subtree itself first). */
function* replacements(d: Desc): Generator<Desc> {
  const kids: [string, Desc][] = [];
  for (const key of ['x', 'a', 'b', 'c'] as const) {
    const c = (d as Record<string, unknown>)[key];
    if (c && typeof c === 'object' && 'k' in (c as object)) kids.push([key, c as Desc]);
  }
  for (const [, c] of kids) yield c;
  for (const [key, c] of kids) for (const r of replacements(c)) yield { ...d, [key]: r } as Desc;
}

/** Whether two failures are the same kind (same target, both a wrong value or both a throw). */
function sameFailure(a: unknown, b: unknown): boolean {
  if (!(a instanceof FuzzMismatch) || !(b instanceof FuzzMismatch)) return false;
  const kind = (m: string) => (m.includes(' threw') ? 'throw' : 'value');
  return (
    a.target.backend === b.target.backend && a.target.mode === b.target.mode && kind(a.message) === kind(b.message)
  );
}

/**
 * Shrinks further than fast-check can: fast-check shrinks values, shapes and subtrees to leaves, but never
 * replaces a node by one of its children. This greedily puts a subtree in its parent's place (the whole
 * graph becoming a subtree included) while the graph still builds and still fails the same way.
 */
async function hoist(g: GraphDesc, targets: readonly FuzzTarget[], err: unknown): Promise<[GraphDesc, unknown]> {
  let cur = g;
  let curErr = err;
  for (let progress = true; progress; ) {
    progress = false;
    for (const cand of replacements(cur.out)) {
      try {
        buildGraph({ ...cur, out: cand });
      } catch {
        continue; // shapes no longer fit
      }
      try {
        await checkGraph({ ...cur, out: cand }, targets);
      } catch (e) {
        if (sameFailure(e, curErr)) {
          cur = { ...cur, out: cand };
          curErr = e;
          progress = true;
          break;
        }
      }
    }
  }
  return [cur, curErr];
}

/** Runs the fuzzer; resolves to what it did (a failure shrunk, with its reproducing program). */
export async function fuzz(opts: FuzzOptions = {}): Promise<FuzzReport> {
  const seed = opts.seed ?? 42;
  const targets = targetsFor(opts.backends ?? ['ref']);
  const skips: Skips = new Map();
  let compared = 0;
  let graphs = 0;
  let failed = false;
  const prop = fc.asyncProperty(graphArb(opts), async (g) => {
    try {
      const n = await checkGraph(g, targets, failed ? undefined : skips);
      if (!failed) {
        compared += n;
        graphs++;
      }
    } catch (e) {
      failed = true;
      throw e;
    }
  });
  const details = await fc.check(prop, { seed, numRuns: opts.graphs ?? 200, endOnFailure: false });
  const skipped = Object.fromEntries([...skips].map(([k, m]) => [k, Object.fromEntries(m)]));
  if (!details.failed || !details.counterexample) return { graphs, compared, skipped, seed, failure: null };
  const [graph, err] = await hoist(details.counterexample[0], targets, details.errorInstance);
  const target = err instanceof FuzzMismatch ? err.target : { backend: 'ref', mode: 'FAST_RUN' };
  const built = buildGraph(graph);
  return {
    graphs,
    compared,
    skipped,
    seed,
    failure: {
      message: err instanceof Error ? err.message : String(err),
      graph,
      code: graphCode(built, target.backend, target.mode),
      baselineCode: graphCode(built, 'ref', 'FAST_COMPILE'),
      path: details.counterexamplePath ?? undefined,
    },
  };
}

/** A report as text (what the command prints). */
export function formatFuzzReport(r: FuzzReport): string {
  const lines = [`fuzz: ${r.graphs} graphs, ${r.compared} comparisons with ref/FAST_COMPILE (seed ${r.seed})`];
  for (const [t, reasons] of Object.entries(r.skipped)) {
    const n = Object.values(reasons).reduce((a, b) => a + b, 0);
    lines.push(`  ${t}: ${n} graphs declared unsupported (skipped):`);
    for (const [why, k] of Object.entries(reasons)) lines.push(`    ${k} × ${why}`);
  }
  if (r.failure) {
    lines.push(
      '',
      `FAILED: ${r.failure.message}`,
      '',
      'shrunk to (paste and run):',
      r.failure.code,
      '',
      'the baseline it should agree with:',
      r.failure.baselineCode,
      '',
      `replay: seed ${r.seed}, path ${JSON.stringify(r.failure.path)}`,
    );
  }
  return lines.join('\n');
}
