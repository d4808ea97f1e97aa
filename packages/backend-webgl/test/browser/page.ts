// The browser side of the WebGL tests: runs in Chromium, on tfjs's webgl backend, and leaves its
// measurements in `window.__results` (see protocol.ts): the environment (backend, WebGL version, renderer),
// the per-op cases, the conformance matrix (float64 cases again in float32, downcast), a 1,000-call leak check,
// dispose / releaseShared, dropped functions' GPU memory, all-or-nothing updates, concurrent calls ordered
// on shared variables, the error messages, the bad-input catalogue and a budget of the differential fuzzer.
import * as tf from '@tensorflow/tfjs-core';
import { releaseShared, webgl } from '@theano-ts/backend-webgl';
import type { NDArray } from 'theano-ts';
import * as theano from 'theano-ts';
import { BAD_INPUT_CASES, runBadInput } from '../../../conformance/src/bad-inputs.ts';
import { CASES } from '../../../conformance/src/cases.ts';
import { runFloat32Column } from '../../../conformance/src/float32-column.ts';
import { formatFuzzReport, fuzz } from '../../../conformance/src/fuzz/run.ts';
import { FUZZ_DTYPES, FUZZ_EXCLUDE, FUZZ_GRAPHS, FUZZ_SEED } from './fuzz-budget.ts';
import { LEAK_RUNS, leakSetup } from './leak-graph.ts';
import { OP_CASES, OP_MODES, type OpCase, type OpMode } from './op-cases.ts';
import type { ArrayJSON, MemorySnapshot, OpResult, PageResults } from './protocol.ts';

const T = theano.tensor;

const warnings: string[] = [];
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  warnings.push(args.map(String).join(' '));
  warn(...args);
};

function json(a: NDArray): ArrayJSON {
  return { dtype: a.dtype, shape: [...a.shape], values: Array.from(a.toFloat64()) };
}

function mem(): MemorySnapshot {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
  const b = tf.backend() as unknown as { textureManager?: { getNumUsedTextures(): number } };
  return {
    numTensors: m.numTensors,
    numDataBuffers: m.numDataBuffers,
    numBytes: m.numBytes,
    numBytesInGPU: m.numBytesInGPU ?? -1,
    usedTextures: b.textureManager?.getNumUsedTextures() ?? -1,
  };
}

/** Lets timers run (the shared cache frees superseded values after each call's task). */
const tick = () => new Promise((r) => setTimeout(r, 0));

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  return '(no error)';
}

async function asyncErrorOf(f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
  } catch (e) {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  return '(no error)';
}

function environment(): Omit<PageResults['env'], 'backendAfterRuns' | 'capabilityOps'> {
  const gl = (tf.backend() as unknown as { gpgpu: { gl: WebGL2RenderingContext } }).gpgpu.gl;
  const dbg = gl.getExtension('WEBGL_debug_renderer_info');
  return {
    tfBackend: tf.getBackend(),
    glVersion: String(gl.getParameter(gl.VERSION)),
    renderer: String(dbg ? gl.getParameter(dbg.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER)),
    tfWebGLVersion: tf.env().getNumber('WEBGL_VERSION'),
    float32RenderTargets: tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'),
  };
}

async function opCases(): Promise<Record<string, OpResult>> {
  const out: Record<string, OpResult> = {};
  for (const c of OP_CASES) for (const mode of OP_MODES) out[`${c.id} [${mode}]`] = await opCase(c, mode);
  return out;
}

async function opCase(c: OpCase, mode: OpMode): Promise<OpResult> {
  try {
    const { inputs, outputs, args } = c.build();
    const f = theano.function(inputs, outputs, {
      backend: webgl,
      name: c.id,
      mode: mode === 'None' ? theano.Mode({ optimizer: 'None' }) : 'FAST_RUN',
    });
    const sync = f.callSync(...args).map(json);
    const asyncOut = (await f(...args)).map(json);
    const ops = new Set<string>();
    const walk = (fg: theano.FunctionGraph) => {
      for (const n of fg.nodes) {
        ops.add(n.op.kind);
        const inner = (n.op.params as { inner?: theano.FunctionGraph }).inner;
        if (inner && n.op.kind !== 'composite') walk(inner);
      }
    };
    walk(f.maker.fgraph);
    f.dispose();
    return { ok: true, sync, async: asyncOut, ops: [...ops] };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

async function leak(): Promise<PageResults['leak']> {
  await tick();
  const initial = mem();
  const { inputs, cost, updates, W, b, args } = leakSetup();
  const f = theano.function(inputs, cost, { updates, backend: webgl, name: 'leak' });
  f.callSync(...args);
  await tick();
  const afterWarmup = mem();
  let last = 0;
  const t0 = performance.now();
  for (let i = 1; i < LEAK_RUNS; i++) {
    // every tenth call takes the Promise path (data()), the others callSync (dataSync)
    last = (i % 10 === 0 ? await f(...args) : f.callSync(...args)).item();
  }
  const msPerCall = (performance.now() - t0) / (LEAK_RUNS - 1);
  await tick();
  const afterRuns = mem();
  const finalW = json(W.getValue());
  const finalB = json(b.getValue());
  f.dispose();
  releaseShared(W);
  releaseShared(b);
  await tick();
  return {
    runs: LEAK_RUNS,
    initial,
    afterWarmup,
    afterRuns,
    afterDisposeAll: mem(),
    finalW,
    finalB,
    lastCost: last,
    msPerCall,
  };
}

async function disposal(): Promise<PageResults['dispose']> {
  await tick();
  const before = mem();
  const n = 128;
  const wValues = theano.fromFloat64(
    Array.from({ length: n * n }, (_, k) => ((k * 7) % 13) / 13 - 0.5),
    [n, n],
    'float32',
  );
  const W = theano.shared(wValues, 'W');
  const offset = theano.fromFloat64(
    Array.from({ length: n }, (_, k) => k / n),
    [n],
    'float32',
  );
  const x = T.fmatrix('x');
  const X = theano.fromFloat64(
    Array.from({ length: 4 * n }, (_, k) => (k % 5) - 2),
    [4, n],
    'float32',
  );
  const f = theano.function([x], x.dot(W).add(T.constant(offset)), { backend: webgl, name: 'dispose' });
  f.callSync(X);
  await tick();
  const afterCall = mem();
  f.dispose();
  const afterFunctionDispose = mem();
  W.dispose(); // the user API: core's SharedVariable.dispose runs the backend's release hook
  await tick();
  const afterReleaseShared = mem();
  const valueAfterRelease = json(W.getValue());
  const g = theano.function([x], x.dot(W), { backend: webgl, name: 'rerun' });
  const rerun = json(g.callSync(X));
  g.dispose();
  releaseShared(W);
  return { before, afterCall, afterFunctionDispose, afterReleaseShared, valueAfterRelease, rerun };
}

/** Compiles and calls `count` functions, each with a constant of its own on the GPU, and drops them. */
function compileAndDrop(count: number): number {
  const x = T.fvector('x');
  let sum = 0;
  for (let k = 0; k < count; k++) {
    const c = theano.fromFloat64([k, k + 1, k + 2, k + 3], [4], 'float32');
    const f = theano.function([x], x.mul(T.constant(c)).sum(), { backend: webgl, name: `dropped_${k}` });
    sum += f.callSync(theano.array([1, 1, 1, 1], 'float32')).item() as number;
  }
  return sum;
}

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Collects garbage and lets the finalizers run: the functions an earlier section dropped free their GPU
 * tensors now rather than in the middle of a later section's memory counts.
 */
async function collect(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Functions dropped without dispose(): their GPU constants are freed once they are garbage-collected. */
async function dropped(): Promise<PageResults['dropped']> {
  await tick();
  const before = mem();
  const sum = compileAndDrop(10);
  await tick();
  const afterDrop = mem();
  await collect();
  return { gcAvailable: gc !== undefined, count: 10, sum, before, afterDrop, afterGc: mem() };
}

async function updates(): Promise<PageResults['updates']> {
  const a = theano.shared(theano.array([1, 2, 3], 'float32'), 'a');
  const b = theano.shared(theano.array([10, 20], 'float32'), 'b');
  const i = T.lscalar('i');
  const reader = theano.function([], [a.sum(), b.sum()], { backend: webgl, name: 'reader' });
  reader.callSync();
  const f = theano.function([i], a.sum(), {
    updates: [
      [a, a.add(1)],
      [b, T.setSubtensor(b, 0, i)],
    ],
    backend: webgl,
    name: 'update',
  });
  // a first failing call compiles the shaders and caches the function's constants on the GPU
  errorOf(() => f.callSync(9));
  await tick();
  const before = mem();
  const syncError = errorOf(() => f.callSync(5));
  const asyncError = await asyncErrorOf(() => f(-7));
  await tick();
  const memoryAfterErrors = mem();
  const afterErrors = { a: json(a.getValue()), b: json(b.getValue()) };
  const out = json(f.callSync(1));
  const afterSuccess = { a: json(a.getValue()), b: json(b.getValue()), out };
  // a second function reads the values the first left on the GPU
  const [sa] = await reader();
  for (const fn of [f, reader]) fn.dispose();
  releaseShared(a);
  releaseShared(b);
  return {
    before,
    syncError,
    asyncError,
    afterErrors,
    memoryAfterErrors,
    afterSuccess,
    sharedAcrossFunctions: json(sa!),
  };
}

/**
 * Returned arrays belong to the caller: it overwrites every array a call returned (a fresh result, a reshape
 * of a shared variable's GPU tensor, a reduction), and later calls and the variable's value are unchanged.
 */
async function outputs(): Promise<PageResults['outputs']> {
  const s = theano.shared(theano.array([[1, 2, 3]], 'float32'), 's');
  const x = T.fvector('x');
  const f = theano.function([x], [x.mul(2), s.reshape([3]), T.exp(s).sum()], { backend: webgl, name: 'outputs' });
  const xv = theano.array([1, 2, 3], 'float32');
  const first = f.callSync(xv);
  for (const r of first) (r.data as Float32Array).fill(99);
  const second = await f(xv);
  const secondValues = second.map(json);
  for (const r of second) (r.data as Float32Array).fill(-1);
  const third = f.callSync(xv);
  const distinct = first[0]!.data.buffer !== second[0]!.data.buffer && second[0]!.data.buffer !== third[0]!.data.buffer;
  const result = { second: secondValues, third: third.map(json), distinct, shared: json(s.getValue()) };
  f.dispose();
  releaseShared(s);
  return result;
}

/** Calls not awaited one by one: 1000 increments, two functions and a setValue interleaved, no aliasing. */
async function concurrency(): Promise<PageResults['concurrency']> {
  const w = theano.shared(theano.array(0, 'float32'), 'w');
  const inc = theano.function([], w, { updates: [[w, w.add(1)]], backend: webgl, name: 'inc' });
  const returned = (await Promise.all(Array.from({ length: 1000 }, () => inc()))).map((r) => r.item());
  const afterIncrements = w.getValue().item();
  const v = theano.shared(theano.array(1, 'float32'), 'v');
  const addOne = theano.function([], v.add(1), { updates: [[v, v.add(1)]], backend: webgl, name: 'addOne' });
  const double = theano.function([], v.mul(2), { updates: [[v, v.mul(2)]], backend: webgl, name: 'double' });
  const first = [addOne(), double()];
  v.setValue(theano.array(10, 'float32'));
  const later = [addOne(), double()];
  const results = await Promise.all([...first, ...later]);
  const interleaved = results.map((r) => r.item());
  const interleavedFinal = v.getValue().item();
  // the last result is the same expression as the update: mutating it leaves v alone
  results[3]!.data[0] = -5;
  const afterMutation = v.getValue().item();
  for (const fn of [inc, addOne, double]) fn.dispose();
  releaseShared(w);
  releaseShared(v);
  return { returned, afterIncrements, interleaved, interleavedFinal, afterMutation };
}

function errors(): PageResults['errors'] {
  const d = T.dvector('d');
  let float64 = '(no error)';
  let float64Name = '';
  try {
    theano.function([d], d.mul(2), { backend: webgl, name: 'f64' });
  } catch (e) {
    float64 = (e as Error).message;
    float64Name = (e as Error).name;
  }
  const z = T.cvector('z');
  let complex = '(no error)';
  let complexName = '';
  try {
    theano.function([z], z.mul(2), { backend: webgl, name: 'cplx' });
  } catch (e) {
    complex = (e as Error).message;
    complexName = (e as Error).name;
  }
  const l = T.lvector('l');
  // int64 arithmetic on host arrays is exact; an int64 value the GPU must hold has to fit in int32
  const fl = theano.function([l], [l.add(1), l.sum()], { backend: webgl, name: 'int64' });
  const big = theano.array([1, 2 ** 40], 'int64');
  const int64Range = errorOf(() => fl.callSync(big));
  const fexact = theano.function([l], l.mul(3).add(1), { backend: webgl, name: 'int64-exact' });
  const int64Exact = json(fexact.callSync(big));
  const down = theano.function([d], d.mul(0.1), { backend: 'webgl', backendOptions: { allowFloat64Downcast: true } });
  const downcastValue = json(down.callSync([1, 2, 3]));
  for (const fn of [fl, fexact, down]) fn.dispose();
  return { float64, float64Name, complex, complexName, int64Range, int64Exact, downcastValue };
}

async function main(): Promise<PageResults> {
  const timings: Record<string, number> = {};
  const timed = async <R>(name: string, f: () => R | Promise<R>): Promise<R> => {
    const t0 = performance.now();
    const r = await f();
    timings[name] = Math.round(performance.now() - t0);
    return r;
  };
  await tf.setBackend('webgl');
  await tf.ready();
  const env = environment();
  const ops = await timed('ops', opCases);
  await collect();
  const errs = await timed('errors', errors);
  await collect();
  const upd = await timed('updates', updates);
  await collect();
  const outs = await timed('outputs', outputs);
  await collect();
  const conc = await timed('concurrency', concurrency);
  await collect();
  const disp = await timed('dispose', disposal);
  await collect();
  const drop = await timed('dropped', dropped);
  await collect();
  const lk = await timed('leak', leak);
  const opt = webgl({ allowFloat64Downcast: true });
  const bad = await timed('bad-inputs', async () => {
    // the catalogue's graphs are mostly float64: run them downcast to float32 (the checks it exercises are
    // about arguments, shapes and options, not about precision)
    const out: PageResults['badInputs'] = [];
    for (const c of BAD_INPUT_CASES) out.push(await runBadInput(c, opt));
    return out;
  });
  await collect();
  // the conformance command's webgl column: every case, float64 ones again in float32 on `opt`
  const cells = await timed('conformance', () => runFloat32Column(CASES, webgl, opt, { timeoutMs: 60_000 }));
  await collect();
  const fz = await timed('fuzz', async () => {
    // ref (FAST_COMPILE, the baseline, and FAST_RUN) runs in this page too: the umbrella registers it
    const r = await fuzz({
      graphs: FUZZ_GRAPHS,
      seed: FUZZ_SEED,
      backends: ['webgl'],
      dtypes: FUZZ_DTYPES,
      excludeOps: FUZZ_EXCLUDE,
      exactIntegers: webgl.capabilities.numerics?.exactIntegers,
      noSubnormals: webgl.capabilities.numerics?.flushesSubnormals,
    });
    const { graphs, compared, skipped, seed, failure } = r;
    const f = failure && { message: failure.message, code: failure.code, baselineCode: failure.baselineCode };
    return { graphs, compared, skipped, seed, report: formatFuzzReport(r), failure: f };
  });
  return {
    env: { ...env, backendAfterRuns: tf.getBackend(), capabilityOps: [...webgl.capabilities.ops] },
    ops,
    cells,
    leak: lk,
    dispose: disp,
    dropped: drop,
    updates: upd,
    outputs: outs,
    concurrency: conc,
    errors: errs,
    badInputs: bad,
    fuzz: fz,
    warnings,
    timings,
  };
}

const w = window as unknown as { __results?: PageResults; __error?: string };
main().then(
  (r) => {
    w.__results = r;
  },
  (e: unknown) => {
    w.__error = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e);
  },
);
