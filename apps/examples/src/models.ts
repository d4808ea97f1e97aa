/**
 * The example models, each built with the public API as a Theano user writes it: symbolic inputs, shared
 * parameters, a cost, `T.grad`, and `theano.function` with the updates of its optimizer.
 *
 * - `logistic`: logistic regression telling 3s from 5s, written as Theano's documentation writes it
 *   (`p = 1 / (1 + exp(-x·w - b))`, cross-entropy + 0.01·|w|², gradient descent);
 * - `softmax`: softmax regression over the ten digits (gradient descent);
 * - `mlp`: 784 → 512 (relu, dropout 0.2 drawn by `RandomStreams`) → 10, trained with Adam written with
 *   shared variables and updates, on images shifted by up to 2 pixels;
 * - `rnn`: a recurrent network reading each image as 28 rows of 28 pixels with `theano.scan`
 *   (`h_t = tanh(x_t·Wx + h_{t-1}·Wh + b)`), classifying from the last state, trained with Adam;
 * - `cnn`: a LeNet-style convolutional network (`T.nnet.conv2d`, `T.signal.pool.pool2d`) in float32.
 */
import * as theano from 'theano-ts';
import { PIXELS, seeded } from './data.js';

const T = theano.tensor;
type V = theano.TensorVariable;

/** A compiled model: a training step, a prediction, its parameters and the function to export. */
export interface Model {
  readonly name: string;
  /** The digits it classifies (labels are indices into this list). */
  readonly digits: readonly number[];
  readonly params: readonly theano.SharedVariable[];
  /** One optimizer step on a batch; returns the batch's loss. */
  step(x: theano.NDArray, y: theano.NDArray): Promise<number>;
  /** The predicted label of each row. */
  predict(x: theano.NDArray): Promise<Int32Array>;
  /** Whether the model takes float32 images (float64 otherwise). */
  readonly float32?: boolean;
  /** Whether training shifts each image by up to 2 pixels (data augmentation). */
  readonly augment?: boolean;
  /** The prediction as a compiled function of the images (what `exportModel` writes). */
  readonly predictFn: theano.TheanoFunction<theano.NDArray>;
}

/** Options every model takes. */
export interface ModelOptions {
  readonly backend: string;
  readonly seed: number;
}

/**
 * A shared parameter of `shape` (float64 unless `dtype`), Glorot-uniform with a random generator, else
 * zeros. A 4-d shape is a convolution's filters: fan-in and fan-out count the window.
 */
function param(
  name: string,
  shape: number[],
  rand: (() => number) | null,
  dtype: 'float64' | 'float32' = 'float64',
): theano.SharedVariable {
  const n = shape.reduce((a, b) => a * b, 1);
  const window = shape.length === 4 ? shape[2]! * shape[3]! : 1;
  const [fanIn, fanOut] = shape.length === 4 ? [shape[1]! * window, shape[0]! * window] : [shape[0]!, shape[1] ?? 1];
  const limit = shape.length >= 2 ? Math.sqrt(6 / (fanIn + fanOut)) : 0;
  const data = new Float64Array(n);
  if (rand) for (let i = 0; i < n; i++) data[i] = (2 * rand() - 1) * limit;
  return theano.shared(theano.array(data, 'float64').reshape(shape).astype(dtype), name);
}

/** Plain gradient descent. */
function sgd(cost: V, params: readonly theano.SharedVariable[], lr: number): [theano.SharedVariable, V][] {
  const grads = T.grad(cost, [...params]);
  return params.map((p, k) => [p, p.sub(grads[k]!.mul(lr))]);
}

/** Adam (Kingma & Ba), its moments and step count held in shared variables. */
function adam(cost: V, params: readonly theano.SharedVariable[], lr = 1e-3): [theano.SharedVariable, V][] {
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  const grads = T.grad(cost, [...params]);
  const t = theano.shared(0, 'adam_t');
  const t1 = t.add(1);
  const updates: [theano.SharedVariable, V][] = [[t, t1]];
  const c1 = T.sub(1, T.pow(b1, t1));
  const c2 = T.sub(1, T.pow(b2, t1));
  params.forEach((p, k) => {
    const g = grads[k]!;
    const zeros = theano
      .array(new Float64Array(p.getValue().size), 'float64')
      .reshape([...p.getValue().shape])
      .astype(p.dtype);
    const m = theano.shared(zeros, `${p.name}_m`);
    const v = theano.shared(zeros, `${p.name}_v`);
    const m1 = m.mul(b1).add(g.mul(1 - b1));
    const v1 = v.mul(b2).add(T.sqr(g).mul(1 - b2));
    updates.push(
      [m, m1],
      [v, v1],
      [
        p,
        p.sub(
          m1
            .div(T.cast(c1, p.dtype))
            .mul(lr)
            .div(T.sqrt(v1.div(T.cast(c2, p.dtype))).add(eps)),
        ),
      ],
    );
  });
  return updates;
}

/** Compiles the step and the prediction of a classifier. */
function compile(
  name: string,
  digits: readonly number[],
  x: V,
  y: V,
  cost: V,
  predicted: V,
  params: readonly theano.SharedVariable[],
  updates: [theano.SharedVariable, V][],
  backend: string,
): Model {
  const train = theano.function([x, y], cost, { updates, backend, name: `${name}_train` });
  const predictFn = theano.function([x], predicted, { backend, name: `${name}_predict` });
  return {
    name,
    digits,
    params,
    predictFn,
    step: async (xb, yb) => (await train(xb, yb)).item() as number,
    predict: async (xb) => Int32Array.from((await predictFn(xb)).toFloat64()),
  };
}

const ALL = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** Logistic regression, 3s against 5s, written as Theano's documentation writes it. */
export function logistic({ backend }: ModelOptions): Model {
  const x = T.dmatrix('x');
  const y = T.ivector('y');
  const w = param('w', [PIXELS], null);
  const b = theano.shared(0, 'b');
  const p1 = T.trueDiv(1, T.add(1, T.exp(T.neg(T.dot(x, w)).sub(b))));
  const t = T.cast(y, 'float64');
  const xent = t
    .neg()
    .mul(T.log(p1))
    .sub(T.sub(1, t).mul(T.log(T.sub(1, p1))));
  const cost = xent.mean().add(w.pow(2).sum().mul(0.01));
  const prediction = T.cast(p1.gt(0.5), 'int32');
  return compile('logistic', [3, 5], x, y, cost, prediction, [w, b], sgd(cost, [w, b], 0.1), backend);
}

/** Softmax regression over the ten digits. */
export function softmax({ backend }: ModelOptions): Model {
  const x = T.dmatrix('x');
  const y = T.ivector('y');
  const W = param('W', [PIXELS, 10], null);
  const b = param('b', [10], null);
  const p = T.nnet.softmax(T.dot(x, W).add(b));
  const cost = T.nnet.categoricalCrossentropy(p, y).mean();
  const prediction = T.cast(T.argmax(p, 1), 'int32');
  return compile('softmax', ALL, x, y, cost, prediction, [W, b], sgd(cost, [W, b], 0.5), backend);
}

/** 784 → 512 (relu, dropout 0.2) → 10, Adam, shifted images. */
export function mlp({ backend, seed }: ModelOptions): Model {
  const rand = seeded(seed);
  const x = T.dmatrix('x');
  const y = T.ivector('y');
  const W1 = param('W1', [PIXELS, 512], rand);
  const b1 = param('b1', [512], null);
  const W2 = param('W2', [512, 10], rand);
  const b2 = param('b2', [10], null);
  const srng = new theano.RandomStreams(seed);
  const hidden = T.nnet.relu(T.dot(x, W1).add(b1));
  // dropout while training: keep each unit with probability 0.8 and scale by 1/0.8 (inverted dropout)
  const keep = srng.binomial({ size: hidden.shape, n: 1, p: 0.8, dtype: 'float64' });
  const trainP = T.nnet.softmax(T.dot(hidden.mul(keep).div(0.8), W2).add(b2));
  const testP = T.nnet.softmax(T.dot(hidden, W2).add(b2));
  const cost = T.nnet.categoricalCrossentropy(trainP, y).mean();
  const params = [W1, b1, W2, b2];
  const prediction = T.cast(T.argmax(testP, 1), 'int32');
  return { ...compile('mlp', ALL, x, y, cost, prediction, params, adam(cost, params, 1e-3), backend), augment: true };
}

/** A recurrent network over the 28 rows of each image (scan), Adam. */
export function rnn({ backend, seed }: ModelOptions): Model {
  const rand = seeded(seed);
  const H = 64;
  const x = T.dmatrix('x');
  const y = T.ivector('y');
  const Wx = param('Wx', [28, H], rand);
  const Wh = param('Wh', [H, H], rand);
  const bh = param('bh', [H], null);
  const Wo = param('Wo', [H, 10], rand);
  const bo = param('bo', [10], null);
  // (batch, 784) → (28 rows, batch, 28 pixels): the sequence scan walks
  const rows = x.reshape([x.shape.get(0), 28, 28]).dimshuffle(1, 0, 2);
  const [states] = theano.scan({
    fn: (xt: V, hPrev: V, wx: V, wh: V, b: V) => T.tanh(T.dot(xt, wx).add(T.dot(hPrev, wh)).add(b)),
    sequences: rows,
    outputsInfo: T.zeros([x.shape.get(0), H]),
    nonSequences: [Wx, Wh, bh],
  });
  const last = (states as V).get(-1);
  const p = T.nnet.softmax(T.dot(last, Wo).add(bo));
  const cost = T.nnet.categoricalCrossentropy(p, y).mean();
  const params = [Wx, Wh, bh, Wo, bo];
  const prediction = T.cast(T.argmax(p, 1), 'int32');
  return compile('rnn', ALL, x, y, cost, prediction, params, adam(cost, params, 3e-3), backend);
}

/**
 * A LeNet-style convolutional network in float32 (ONNX's convolutions are float32): 1×28×28 → conv 5×5,
 * 16 filters, relu → max pool 2×2 → conv 5×5, 32 filters, relu → max pool 2×2 → 512 → 256 (relu,
 * dropout 0.3) → 10; Adam, shifted images.
 */
export function cnn({ backend, seed }: ModelOptions): Model {
  const rand = seeded(seed);
  const f = 'float32' as const;
  const x = T.fmatrix('x');
  const y = T.ivector('y');
  const W1 = param('W1', [16, 1, 5, 5], rand, f);
  const b1 = param('b1', [16], null, f);
  const W2 = param('W2', [32, 16, 5, 5], rand, f);
  const b2 = param('b2', [32], null, f);
  const W3 = param('W3', [512, 256], rand, f);
  const b3 = param('b3', [256], null, f);
  const W4 = param('W4', [256, 10], rand, f);
  const b4 = param('b4', [10], null, f);
  const srng = new theano.RandomStreams(seed);
  const images = x.reshape([x.shape.get(0), 1, 28, 28]);
  const layer = (input: V, W: V, b: V) =>
    T.signal.pool.pool2d(T.nnet.relu(T.nnet.conv2d(input, W).add(b.dimshuffle('x', 0, 'x', 'x'))), {
      ws: [2, 2],
      ignoreBorder: true,
    });
  const features = layer(layer(images, W1, b1), W2, b2).flatten(2);
  const hidden = T.nnet.relu(T.dot(features, W3).add(b3));
  const keep = srng.binomial({ size: hidden.shape, n: 1, p: 0.7, dtype: f });
  const head = (h: V) => T.nnet.softmax(T.dot(h, W4).add(b4));
  const cost = T.nnet.categoricalCrossentropy(head(hidden.mul(keep).div(0.7)), y).mean();
  const params = [W1, b1, W2, b2, W3, b3, W4, b4];
  const prediction = T.cast(T.argmax(head(hidden), 1), 'int32');
  const model = compile('cnn', ALL, x, y, cost, prediction, params, adam(cost, params, 1e-3), backend);
  return { ...model, augment: true, float32: true };
}

/** The examples by name. */
export const MODELS: Readonly<Record<string, (o: ModelOptions) => Model>> = { logistic, softmax, mlp, rnn, cnn };
