/**
 * Compile + first call of large graphs, theano-ts on the ONNX backend against the reference backend, side by
 * side in this process (`node dist/onnx/main.js large` runs this section alone). Two graphs, each with its
 * gradient: a chain of 1000 `sin` (y = sin(sin(…x)), T.grad(y.sum(), x)) and the loss gradient of an unrolled
 * tanh MLP deep enough to reach about 13,000 nodes before optimization. One sample is `theano.function` then
 * the first call awaited (the ONNX backend builds the model and creates its onnxruntime session there), with
 * a fresh graph each time and a backend instance that keeps no idle session, so nothing is reused from an
 * earlier sample. Both backends first compile a small graph of the same kind (the JIT and onnxruntime's
 * environment are warm for either), and samples alternate between the backends with a pause between them.
 * Prints the node counts (before the optimizer, after it, and of the ONNX model), the median times, the
 * median time of `theano.function` alone on each backend, and the median time of onnxruntime's own session
 * creation within the ONNX first call (`InferenceSession.create`, timed around the backend's calls of it).
 */
import { buildModel, LARGE_MODEL_NODES, onnx } from '@theano-ts/backend-onnx';
import { type NDArray, registerBackend, type TensorVariable } from '@theano-ts/core';
import ort from 'onnxruntime-node';
import * as theano from 'theano-ts';
import { expectClose } from '../common/check.js';
import { fmtMs, fmtRatio, printTable } from '../common/table.js';
import { median } from '../common/timing.js';

const T = theano.tensor;

/** The ONNX backend instance the samples compile on: no idle session kept, so every sample creates one. */
const ONNX = 'onnx-large-graph';
registerBackend(onnx({ name: ONNX, maxIdleSessions: 0 }));
const REF = 'ref';

/** A graph to compile: its inputs, outputs and the arguments of the first call. */
interface Graph {
  readonly inputs: TensorVariable[];
  readonly outputs: TensorVariable[];
  readonly args: NDArray[];
}

/** One large-graph case. */
interface LargeCase {
  readonly name: string;
  /** Builds a fresh graph of `size` (the case's full size, or a small one for the warm-up). */
  build(size: number): Graph;
  readonly size: number;
  readonly warmSize: number;
  /** Samples per backend. */
  readonly samples: number;
}

function vector(n: number): NDArray {
  return new theano.NDArray(
    Float64Array.from({ length: n }, (_, i) => 0.1 + 0.05 * i),
    [n],
    'float64',
  );
}

/** `n` × `n` float64 entries in [-0.45, 0.45], different for each `seed`. */
function matrix(n: number, seed: number): NDArray {
  const data = Float64Array.from({ length: n * n }, (_, i) => 0.45 * Math.sin(1.7 * i + 0.3 * seed));
  return new theano.NDArray(data, [n, n], 'float64');
}

/** y = sin(sin(…sin(x))) `n` deep, with T.grad(y.sum(), x). */
function sinChain(n: number): Graph {
  const x = T.dvector('x');
  let y: TensorVariable = x;
  for (let i = 0; i < n; i++) y = T.sin(y);
  return { inputs: [x], outputs: [y, T.grad(y.sum(), x)], args: [vector(5)] };
}

/** h = tanh(h·Wᵢ + 0.1) for `layers` layers from h = x; the loss sum(h²) and its gradient for every Wᵢ. */
function mlpGradient(layers: number): Graph {
  const x = T.dmatrix('x');
  const ws: TensorVariable[] = [];
  let h: TensorVariable = x;
  for (let i = 0; i < layers; i++) {
    const w = T.dmatrix(`w${i}`);
    ws.push(w);
    h = T.tanh(T.dot(h, w).add(0.1));
  }
  const loss = T.sqr(h).sum();
  const grads = T.grad(loss, ws);
  return {
    inputs: [x, ...ws],
    outputs: [loss, ...(grads as TensorVariable[])],
    args: [matrix(4, 0), ...ws.map((_, i) => matrix(4, i + 1))],
  };
}

const CASES: readonly LargeCase[] = [
  { name: '1000-sin chain + gradient', build: sinChain, size: 1000, warmSize: 50, samples: 5 },
  { name: '1300-layer tanh MLP loss gradient', build: mlpGradient, size: 1300, warmSize: 20, samples: 3 },
];

/** CPU time of this process so far (every thread: onnxruntime's included), in ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Compiles `g` on `backend` and awaits the first call: the elapsed and CPU ms, the values and the function. */
async function compileAndCall(g: Graph, backend: string) {
  const c0 = cpuMs();
  const t0 = performance.now();
  const f = theano.function(g.inputs, g.outputs, { backend });
  const t1 = performance.now();
  const out = (await f(...g.args)) as NDArray[];
  const ms = performance.now() - t0;
  return { ms, compileMs: t1 - t0, cpu: cpuMs() - c0, out, f };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Times onnxruntime's session creation while installed: wraps `InferenceSession.create` (the backend and this
 * benchmark load one onnxruntime-node, so the backend's calls go through the wrapper) and sums the time from
 * each call to its session. onnxruntime builds the session synchronously on the main thread, so nothing
 * else of theano-ts runs meanwhile. `calls` tells whether the wrapper saw the backend's calls at all.
 */
class SessionTimer {
  ms = 0;
  calls = 0;
  readonly #original = ort.InferenceSession.create;
  install(): void {
    const original = this.#original;
    const wrapped = async (...args: Parameters<typeof original>) => {
      const t0 = performance.now();
      try {
        return await (original as (...a: unknown[]) => Promise<ort.InferenceSession>).apply(ort.InferenceSession, args);
      } finally {
        this.ms += performance.now() - t0;
        this.calls++;
      }
    };
    ort.InferenceSession.create = wrapped as typeof original;
  }
  uninstall(): void {
    ort.InferenceSession.create = this.#original;
  }
  reset(): void {
    this.ms = 0;
    this.calls = 0;
  }
}
const sessions = new SessionTimer();

/** What one case measured. */
export interface LargeGraphResult {
  readonly name: string;
  readonly nodes: number;
  readonly onnxMs: number;
  readonly refMs: number;
  /** Median CPU time of the process (all threads) during a sample. */
  readonly onnxCpu: number;
  readonly refCpu: number;
  /**
   * Median time of onnxruntime's session creation within an ONNX sample (null where the timer saw no
   * session created: the backend's onnxruntime is not the one this benchmark wrapped).
   */
  readonly onnxSessionMs: number | null;
  /** Median time of `theano.function` alone (the rest of a sample is the first call). */
  readonly onnxCompileMs: number;
  readonly refCompileMs: number;
}

async function runCase(c: LargeCase): Promise<LargeGraphResult & { row: string[] }> {
  for (const b of [REF, ONNX]) {
    const w = await compileAndCall(c.build(c.warmSize), b);
    w.f.dispose?.();
  }
  const times = new Map<string, number[]>([
    [REF, []],
    [ONNX, []],
  ]);
  const cpu = new Map<string, number[]>([
    [REF, []],
    [ONNX, []],
  ]);
  let nodes = 0;
  const optimized = new Map<string, number>();
  let onnxNodes = 0;
  const sessionMs: number[] = [];
  const compileMs = new Map<string, number[]>([
    [REF, []],
    [ONNX, []],
  ]);
  for (let s = 0; s < c.samples; s++) {
    // alternate which backend goes first; pause so onnxruntime's threads settle before the next sample
    const order = s % 2 === 0 ? [REF, ONNX] : [ONNX, REF];
    const results = new Map<string, NDArray[]>();
    for (const b of order) {
      const g = c.build(c.size);
      nodes = theano.toposort(g.outputs).length;
      await sleep(200);
      sessions.reset();
      const r = await compileAndCall(g, b);
      if (b === ONNX && sessions.calls > 0) sessionMs.push(sessions.ms);
      compileMs.get(b)!.push(r.compileMs);
      times.get(b)!.push(r.ms);
      cpu.get(b)!.push(r.cpu);
      results.set(b, r.out);
      optimized.set(b, r.f.maker.fgraph.nodes.length);
      if (b === ONNX && s === 0) {
        // the model as the backend builds it for its session (run-time checks included)
        onnxNodes = buildModel(r.f.maker.fgraph, { largeModelNodes: LARGE_MODEL_NODES }).model.graph!.node.length;
      }
      r.f.dispose?.();
    }
    const ref = results.get(REF)!;
    const onx = results.get(ONNX)!;
    ref.forEach((a, k) => {
      expectClose(a.data as Float64Array, onx[k]!.data as Float64Array, 1e-9, `${c.name}: output ${k}, onnx vs ref`);
    });
  }
  const refMs = median(times.get(REF)!);
  const onnxMs = median(times.get(ONNX)!);
  const refCpu = median(cpu.get(REF)!);
  const onnxCpu = median(cpu.get(ONNX)!);
  const onnxSessionMs = sessionMs.length === c.samples ? median(sessionMs) : null;
  const refCompileMs = median(compileMs.get(REF)!);
  const onnxCompileMs = median(compileMs.get(ONNX)!);
  const spread = (xs: number[]) => `${fmtMs(Math.min(...xs))}–${fmtMs(Math.max(...xs))}`;
  return {
    name: c.name,
    nodes,
    refMs,
    onnxMs,
    refCpu,
    onnxCpu,
    onnxSessionMs,
    refCompileMs,
    onnxCompileMs,
    row: [
      c.name,
      String(nodes),
      String(optimized.get(REF)),
      `${optimized.get(ONNX)} (${onnxNodes})`,
      `${fmtMs(refMs)} [${spread(times.get(REF)!)}]`,
      `${fmtMs(onnxMs)} [${spread(times.get(ONNX)!)}]`,
      fmtMs(refCompileMs),
      fmtMs(onnxCompileMs),
      onnxSessionMs === null ? 'not seen' : fmtMs(onnxSessionMs),
      fmtRatio(onnxMs / refMs),
      `${fmtMs(refCpu)} / ${fmtMs(onnxCpu)}`,
      fmtRatio(onnxCpu / refCpu),
    ],
  };
}

/** Runs the large-graph section and prints its table. */
export async function runLargeGraphs(): Promise<LargeGraphResult[]> {
  const out: (LargeGraphResult & { row: string[] })[] = [];
  sessions.install();
  try {
    for (const c of CASES) out.push(await runCase(c));
  } finally {
    sessions.uninstall();
  }
  printTable(
    "Large graphs: theano.function + first call, float64 (median wall ms [min–max] of fresh compiles, and median CPU ms of the process, all threads; nodes before the optimizer, after it on ref and on onnx (ONNX model nodes); of each, the median ms of theano.function alone (compile) and, on onnx, of onnxruntime's session creation within the first call (session))",
    [
      'graph',
      'nodes',
      'ref opt',
      'onnx opt (model)',
      'ref ms',
      'onnx ms',
      'ref compile',
      'onnx compile',
      'onnx session',
      'onnx/ref',
      'CPU ref / onnx',
      'CPU onnx/ref',
    ],
    out.map((r) => r.row),
  );
  return out.map(({ row: _row, ...r }) => r);
}
