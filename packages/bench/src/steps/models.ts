/**
 * The training steps that theano-ts is judged by against numpy: the MLP 784-256-10 (tanh, softmax
 * cross-entropy, mean over the batch, SGD 0.1) and the Theano tutorial's logistic regression (784 features,
 * 400 examples, cost = mean xent + 0.01·|w|², SGD 0.1, outputs the prediction and xent). Each is built in
 * theano-ts on a given backend and described to the numpy peer (python/steps.py) with the same seeded
 * data: inputs and initial parameters are float32-representable numbers, so both dtypes start alike.
 */
import type { exportModel } from '@theano-ts/backend-onnx';
import type { NDArray, SharedVariable, TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import type { NumpyModel } from '../common/numpy.js';
import { oneHot, rng, uniform } from '../common/random.js';

const T = theano.tensor;

/** One benchmarked step. */
export interface StepSpec {
  readonly model: 'mlp' | 'logreg';
  readonly dtype: 'float32' | 'float64';
  readonly batch: number;
}

/**
 * A compiled theano-ts step: `run` is one call (its outputs left as they come, as numpy's step leaves its
 * arrays); `output` one call returning what the check compares, as JS numbers.
 */
export interface TheanoStep {
  run(): unknown;
  output(): Promise<number[]>;
  /** The function's arguments (the batch), for the profile. */
  readonly args: readonly NDArray[];
  /** The compiled function (for `exportModel` and the profile). */
  readonly fn: Parameters<typeof exportModel>[0] & { dispose(): void };
  dispose(): void;
}

/** Its label in the tables: `mlp f32 b64`. */
export const stepLabel = (s: StepSpec): string =>
  `${s.model === 'mlp' ? 'mlp 784-256-10' : 'logreg 784'} ${s.dtype} batch ${s.batch}`;

/** `n` standard normal numbers rounded to float32 (Box–Muller on the seeded uniform generator). */
function normal(n: number, seed: number): Float32Array {
  const next = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return out;
}

/** The numpy description of `s`: sizes, learning rate and initial data. */
export function stepModel(s: StepSpec): NumpyModel {
  if (s.model === 'mlp') {
    const [inputs, hidden, classes] = [784, 256, 10];
    const g1 = Math.sqrt(6 / (inputs + hidden));
    const g2 = Math.sqrt(6 / (hidden + classes));
    return {
      model: 'mlp',
      dtype: s.dtype,
      sizes: { batch: s.batch, inputs, hidden, classes, lr: 0.1 },
      data: {
        x: uniform(s.batch * inputs, 0, 1, 101),
        y: oneHot(s.batch, classes, 102),
        W1: uniform(inputs * hidden, -g1, g1, 103),
        b1: new Float32Array(hidden),
        W2: uniform(hidden * classes, -g2, g2, 104),
        b2: new Float32Array(classes),
      },
    };
  }
  const next = rng(202);
  return {
    model: 'logreg',
    dtype: s.dtype,
    sizes: { batch: s.batch, inputs: 784, lr: 0.1 },
    data: {
      x: normal(s.batch * 784, 201),
      y: Float32Array.from({ length: s.batch }, () => (next() < 0.5 ? 0 : 1)),
      w: normal(784, 203),
    },
  };
}

const array = (v: ArrayLike<number>, shape: number[], dtype: StepSpec['dtype']) =>
  new theano.NDArray(dtype === 'float32' ? Float32Array.from(v) : Float64Array.from(v), shape, dtype);

/** Builds `m`'s step in theano-ts on `backend`. */
export function theanoStep(m: NumpyModel, backend: string): TheanoStep {
  const { dtype, sizes, data } = m;
  const batch = sizes.batch!;
  const shared = (name: string, shape: number[]) => theano.shared(array(data[name]!, shape, dtype), name);
  const sgd = (cost: TensorVariable, params: SharedVariable[]) => {
    const grads = T.grad(cost, params);
    return params.map((p, i) => [p, p.sub(grads[i]!.mul(sizes.lr!))] as [SharedVariable, TensorVariable]);
  };
  const matrix = dtype === 'float32' ? T.fmatrix : T.dmatrix;
  let call: () => Promise<number[]>;
  let run: () => Promise<unknown>;
  let f: TheanoStep['fn'];
  let args: NDArray[];
  if (m.model === 'mlp') {
    const { inputs, hidden, classes } = sizes as Record<string, number>;
    const params = [
      shared('W1', [inputs!, hidden!]),
      shared('b1', [hidden!]),
      shared('W2', [hidden!, classes!]),
      shared('b2', [classes!]),
    ];
    const [W1, b1, W2, b2] = params as [SharedVariable, SharedVariable, SharedVariable, SharedVariable];
    const x = matrix('x');
    const y = matrix('y');
    const p = T.nnet.softmax(T.tanh(x.dot(W1).add(b1)).dot(W2).add(b2));
    const cost = T.mean(T.nnet.categoricalCrossentropy(p, y));
    const fn = theano.function([x, y], cost, { backend, name: 'mlp_step', updates: sgd(cost, params) });
    const xs = array(data.x!, [batch, inputs!], dtype);
    const ys = array(data.y!, [batch, classes!], dtype);
    f = fn;
    args = [xs, ys];
    run = () => fn(xs, ys);
    call = async () => [((await fn(xs, ys)) as NDArray).item() as number];
  } else {
    const feats = sizes.inputs!;
    const x = matrix('x');
    const y = (dtype === 'float32' ? T.fvector : T.dvector)('y');
    const w = shared('w', [feats]);
    const b = theano.shared(array([0], [], dtype), 'b');
    const p1 = T.trueDiv(1, T.add(1, T.exp(T.neg(T.dot(x, w)).sub(b))));
    const prediction = p1.gt(0.5);
    const xent = y
      .neg()
      .mul(T.log(p1))
      .sub(T.sub(1, y).mul(T.log(T.sub(1, p1))));
    const cost = xent.mean().add(w.pow(2).sum().mul(0.01));
    const fn = theano.function([x, y], [prediction, xent], {
      backend,
      name: 'logreg_step',
      updates: sgd(cost, [w, b]),
    });
    const xs = array(data.x!, [batch, feats], dtype);
    const ys = array(data.y!, [batch], dtype);
    f = fn;
    args = [xs, ys];
    run = () => fn(xs, ys);
    call = async () => Array.from(((await fn(xs, ys)) as NDArray[])[1]!.toFloat64());
  }
  return { run, output: call, args, fn: f, dispose: () => f.dispose() };
}
