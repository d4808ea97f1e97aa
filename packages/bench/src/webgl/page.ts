/**
 * The WebGL benchmark page (runs in Chromium): each computation written twice, with theano-ts on the webgl
 * backend and directly in tfjs-webgl, both taking their inputs from the CPU and reading their result back
 * on every call (`await f(...)` / `await t.data()`). Leaves one row per computation in `window.__results`.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { releaseShared, webgl } from '@theano-ts/backend-webgl';
import type { NDArray, SharedVariable, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';

const T = theano.tensor;

/** One benchmark's result. */
export interface BenchRow {
  name: string;
  /** Milliseconds per call, theano-ts on webgl. */
  theanoMs: number;
  /** Milliseconds per call, tfjs written directly. */
  tfjsMs: number;
  /** Largest |difference| between the two implementations' first results. */
  maxDiff: number;
  calls: number;
  /**
   * tfjs ms / theano-ts ms of each round (the two timed back to back): their median is steadier than the
   * ratio of the best rounds when other processes load the machine, since both halves of a round share it.
   */
  roundRatios: number[];
}

/** What the page reports. */
export interface BenchResults {
  renderer: string;
  rows: BenchRow[];
}

function values(n: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 2 * scale;
  }
  return out;
}

const nd = (data: Float32Array, shape: number[]): NDArray => new theano.NDArray(data, shape, 'float32');

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return a.length === b.length ? m : Number.POSITIVE_INFINITY;
}

/** Timed rounds per implementation (alternating; the best round counts, and each round's ratio is kept). */
const ROUNDS = 11;

/** Mean ms per call over `calls` calls. */
async function timeCalls(f: () => Promise<unknown>, calls: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) await f();
  return (performance.now() - t0) / calls;
}

/**
 * Times both implementations in alternating rounds (so drift hits both alike) after a warm-up, and keeps
 * each one's best round.
 */
async function compare(
  name: string,
  theanoCall: () => Promise<ArrayLike<number>>,
  tfjsCall: () => Promise<ArrayLike<number>>,
  calls: number,
): Promise<BenchRow> {
  const [a, b] = [await theanoCall(), await tfjsCall()];
  const first = maxDiff(a, b);
  console.log(
    `${name}: first results ${Array.from(a).slice(0, 3).join(', ')} | ${Array.from(b).slice(0, 3).join(', ')}`,
  );
  for (let i = 0; i < 3; i++) {
    await theanoCall();
    await tfjsCall();
  }
  let theanoMs = Number.POSITIVE_INFINITY;
  let tfjsMs = Number.POSITIVE_INFINITY;
  const roundRatios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // the order alternates too, so that neither side always runs right after the other's readback
    const th = round % 2 === 0 ? await timeCalls(theanoCall, calls) : 0;
    const tj = await timeCalls(tfjsCall, calls);
    const th2 = round % 2 === 0 ? th : await timeCalls(theanoCall, calls);
    theanoMs = Math.min(theanoMs, th2);
    tfjsMs = Math.min(tfjsMs, tj);
    roundRatios.push(tj / th2);
  }
  return { name, theanoMs, tfjsMs, maxDiff: first, calls, roundRatios };
}

async function matmul(n: number, calls: number): Promise<BenchRow> {
  const a = values(n * n, 1);
  const b = values(n * n, 2);
  const [A, B] = [T.fmatrix('A'), T.fmatrix('B')];
  const f = theano.function([A, B], A.dot(B), { backend: webgl });
  const row = await compare(
    `matmul ${n}x${n}`,
    async () => (await f(nd(a, [n, n]), nd(b, [n, n]))).data as Float32Array,
    async () => {
      const r = tf.tidy(() => tf.matMul(tf.tensor2d(a, [n, n]), tf.tensor2d(b, [n, n])));
      const v = await r.data();
      r.dispose();
      return v as Float32Array;
    },
    calls,
  );
  f.dispose();
  return row;
}

async function chain(size: number, calls: number): Promise<BenchRow> {
  const x = values(size, 3);
  const v = T.fvector('x');
  const f = theano.function([v], v.exp().mul(2).add(v.sin().mul(v)), { backend: webgl });
  const row = await compare(
    `exp(x)*2 + sin(x)*x, ${size}`,
    async () => (await f(nd(x, [size]))).data as Float32Array,
    async () => {
      const r = tf.tidy(() => {
        const t = tf.tensor1d(x);
        return tf.add(tf.mul(tf.exp(t), 2), tf.mul(tf.sin(t), t));
      });
      const out = await r.data();
      r.dispose();
      return out as Float32Array;
    },
    calls,
  );
  f.dispose();
  return row;
}

async function mlp(calls: number): Promise<BenchRow> {
  const [batch, nIn, nHidden, nOut] = [128, 784, 256, 10];
  const lr = 0.1;
  const xData = values(batch * nIn, 4);
  const yData = new Float32Array(batch * nOut);
  for (let i = 0; i < batch; i++) yData[i * nOut + (i % nOut)] = 1;
  const init = {
    W1: values(nIn * nHidden, 5, 0.05),
    b1: new Float32Array(nHidden),
    W2: values(nHidden * nOut, 6, 0.1),
    b2: new Float32Array(nOut),
  };

  // theano-ts: the graph, its gradient and the SGD updates, compiled once
  const params: SharedVariable[] = [
    theano.shared(nd(init.W1.slice(), [nIn, nHidden]), 'W1'),
    theano.shared(nd(init.b1.slice(), [nHidden]), 'b1'),
    theano.shared(nd(init.W2.slice(), [nHidden, nOut]), 'W2'),
    theano.shared(nd(init.b2.slice(), [nOut]), 'b2'),
  ];
  const [W1, b1, W2, b2] = params as [SharedVariable, SharedVariable, SharedVariable, SharedVariable];
  const [x, y] = [T.fmatrix('x'), T.fmatrix('y')];
  const h = T.tanh(x.dot(W1).add(b1));
  const p = T.nnet.softmax(h.dot(W2).add(b2));
  const loss = T.mean(T.nnet.categoricalCrossentropy(p, y));
  const grads = T.grad(loss, params) as TensorVariable[];
  const step = theano.function([x, y], loss, {
    updates: params.map((w, i) => [w, w.sub(grads[i]!.mul(lr))] as [SharedVariable, TensorVariable]),
    backend: webgl,
  });

  // tfjs: the same model, loss and SGD with tf.variableGrads
  const vars = {
    W1: tf.variable(tf.tensor2d(init.W1, [nIn, nHidden]), true, 'W1'),
    b1: tf.variable(tf.tensor1d(init.b1), true, 'b1'),
    W2: tf.variable(tf.tensor2d(init.W2, [nHidden, nOut]), true, 'W2'),
    b2: tf.variable(tf.tensor1d(init.b2), true, 'b2'),
  };
  const list = [vars.W1, vars.b1, vars.W2, vars.b2];
  const tfStep = async () => {
    const value = tf.tidy(() => {
      const xt = tf.tensor2d(xData, [batch, nIn]);
      const yt = tf.tensor2d(yData, [batch, nOut]);
      const { value: l, grads: g } = tf.variableGrads(() => {
        const ht = tf.tanh(tf.add(tf.matMul(xt, vars.W1), vars.b1));
        const pt = tf.softmax(tf.add(tf.matMul(ht, vars.W2), vars.b2));
        return tf.neg(tf.mean(tf.sum(tf.mul(yt, tf.log(pt)), 1)));
      }, list);
      for (const v of list) v.assign(tf.sub(v, tf.mul(g[v.name]!, lr)));
      return l;
    });
    const out = await value.data();
    value.dispose();
    return out as Float32Array;
  };

  const xs = nd(xData, [batch, nIn]);
  const ys = nd(yData, [batch, nOut]);
  const row = await compare(
    'MLP step 784-256-10, batch 128',
    async () => (await step(xs, ys)).data as Float32Array,
    tfStep,
    calls,
  );
  step.dispose();
  for (const s of params) releaseShared(s);
  for (const v of list) v.dispose();
  return row;
}

async function main(): Promise<BenchResults> {
  await tf.setBackend('webgl');
  await tf.ready();
  const gl = (tf.backend() as unknown as { gpgpu: { gl: WebGL2RenderingContext } }).gpgpu.gl;
  const dbg = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(dbg ? gl.getParameter(dbg.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  const rows: BenchRow[] = [];
  for (const run of [() => matmul(256, 10), () => matmul(512, 4), () => chain(1 << 18, 10), () => mlp(10)]) {
    rows.push(await run());
    console.log(`${rows[rows.length - 1]!.name} done`);
  }
  return { renderer, rows };
}

const w = window as unknown as { __results?: BenchResults; __error?: string };
main().then(
  (r) => {
    w.__results = r;
  },
  (e: unknown) => {
    w.__error = e instanceof Error ? `${e.message}\n${e.stack}` : String(e);
  },
);
