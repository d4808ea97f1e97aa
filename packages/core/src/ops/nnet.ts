/**
 * `T.nnet`: neural-network functions. Each builds a graph of primitives (or an extended op that every
 * backend lacking it gets expanded), written in its numerically stable form: softmax subtracts the maximum,
 * softplus never overflows.
 */
import { isDiscreteDType, isIntDType } from '../dtype.js';
import { asTensorVariable, constant } from '../graph/constant.js';
import type { TensorLike, TensorVariable } from '../graph/variable.js';
import { batchNormalization, bn } from './bn.js';
import { arange } from './creation.js';
import { abs, add, cast, eq, exp, gt, log, lt, maximum, minimum, mul, neg, sgn, sub, trueDiv } from './elemwise.js';
import { EXTENDED_DEFS, expm1, sigmoid, softplus, switch_ } from './extended.js';
import { conv2d, conv2dTranspose } from './nnet-conv.js';
import { max, sum } from './reduce.js';
import { dimshuffle, shapeI } from './shape.js';
import { logSoftmax, SOFTMAX, softmax } from './softmax.js';

function floatOf(x: TensorLike, label: string): TensorVariable {
  const v = asTensorVariable(x, label);
  return isDiscreteDType(v.dtype) ? cast(v, 'float64') : v;
}

/** `log(sum(exp(x)))` over `axis` (all by default), without overflow: `max + log(sum(exp(x - max)))`. */
export function logsumexp(
  x: TensorLike,
  opts?: { axis?: number | number[] | null; keepdims?: boolean },
): TensorVariable {
  const v = floatOf(x, 'logsumexp');
  const axis = opts?.axis ?? null;
  const m = max(v, { axis, keepdims: true });
  const r = add(m, log(sum(exp(sub(v, m)), { axis, keepdims: true })));
  return opts?.keepdims ? r : sum(r, { axis }); // summing the kept size-1 axes drops them
}

/** `relu(x, alpha)`: `x` where positive, `alpha·x` elsewhere (Theano's formula). */
export function relu(x: TensorLike, alpha = 0): TensorVariable {
  const v = floatOf(x, 'relu');
  if (alpha === 0) return maximum(v, 0);
  return add(mul(0.5 * (1 + alpha), v), mul(0.5 * (1 - alpha), abs(v)));
}

/** `hardSigmoid(x)`: `clip(0.2·x + 0.5, 0, 1)`. */
export function hardSigmoid(x: TensorLike): TensorVariable {
  return minimum(maximum(add(mul(floatOf(x, 'hardSigmoid'), 0.2), 0.5), 0), 1);
}

/**
 * `ultraFastSigmoid(x)`: Theano's piecewise approximation of sigmoid. With `a = |x|/2`:
 * `z = 1.5·a/(1 + a)` for a < 1.7, `0.935409070603099 + 0.0458812946797165·(a - 1.7)` for a < 3, else
 * `0.99505475368673`; the result is `0.5 + 0.5·sign(x)·z` (0.00247 at x = -7). Its gradient is the
 * derivative of that formula (Theano's uses sigmoid's `y·(1 - y)` instead).
 */
export function ultraFastSigmoid(x: TensorLike): TensorVariable {
  const v = floatOf(x, 'ultraFastSigmoid');
  const u = mul(v, 0.5);
  const a = abs(u);
  const z = switch_(
    lt(a, 1.7),
    trueDiv(mul(a, 1.5), add(a, 1)),
    switch_(lt(a, 3), add(mul(sub(a, 1.7), 0.0458812946797165), 0.935409070603099), 0.99505475368673),
  );
  return add(mul(mul(sgn(u), z), 0.5), 0.5);
}

/** `elu(x, alpha)`: `x` where positive, `alpha·(exp(x) - 1)` elsewhere (computed as expm1 of min(x, 0)). */
export function elu(x: TensorLike, alpha = 1): TensorVariable {
  const v = floatOf(x, 'elu');
  if (typeof alpha !== 'number') throw new TypeError(`elu: alpha must be a number, got ${String(alpha)}`);
  return switch_(gt(v, 0), v, mul(expm1(minimum(v, 0)), alpha));
}

/** The constants of SELU (Klambauer et al., 2017), as Theano's `selu`. */
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** `selu(x)`: `scale · elu(x, alpha)` with the self-normalizing constants. */
export function selu(x: TensorLike): TensorVariable {
  return mul(elu(floatOf(x, 'selu'), SELU_ALPHA), SELU_SCALE);
}

/** `softsign(x)`: `x / (1 + |x|)`. */
export function softsign(x: TensorLike): TensorVariable {
  const v = floatOf(x, 'softsign');
  return trueDiv(v, add(abs(v), 1));
}

/**
 * `sigmoidBinaryCrossentropy(output, target)`: the binary cross-entropy of `sigmoid(output)` (`output` the
 * logits), `t·softplus(-x) + (1 - t)·softplus(x)`: stable, with the gradient `sigmoid(x) - t`.
 */
export function sigmoidBinaryCrossentropy(output: TensorLike, target: TensorLike): TensorVariable {
  const x = floatOf(output, 'sigmoidBinaryCrossentropy');
  const t = asTensorVariable(target, 'sigmoidBinaryCrossentropy');
  return add(mul(t, softplus(neg(x))), mul(sub(1, t), softplus(x)));
}

/**
 * One-hot rows for integer class indices `t` (rank one less than `like`): `t[..., None] == arange(C)`, with
 * C the size of `like`'s last axis, in `like`'s dtype.
 */
function oneHotLike(t: TensorVariable, like: TensorVariable, fn: string): TensorVariable {
  if (!isIntDType(t.dtype)) {
    throw new TypeError(`${fn}: class indices must be integers, got ${t} of dtype ${t.dtype}`);
  }
  const classes = arange(constant(0, { dtype: 'int64' }), shapeI(like, like.ndim - 1), 1, 'int64');
  const col = dimshuffle(t, [...Array.from({ length: t.ndim }, (_, d) => d), 'x']);
  return cast(eq(cast(col, 'int64'), classes), like.dtype);
}

/** `-log(p)` picked by integer classes, or `-sum(t·log(p))`, with log-softmax where `p` is a softmax. */
function crossentropyRows(o: TensorVariable, t: TensorVariable, fn: string): TensorVariable {
  const target = t.ndim === o.ndim - 1 ? oneHotLike(t, o, fn) : t;
  const sm = SOFTMAX.matchOutput(o);
  const logp = sm ? logSoftmax(o.owner!.inputs[0]!, sm.axis) : log(o);
  return neg(sum(mul(target, logp), { axis: o.ndim - 1 }));
}

/** `binaryCrossentropy(output, target)`: `-(t·log(o) + (1 - t)·log(1 - o))`, elementwise. */
export function binaryCrossentropy(output: TensorLike, target: TensorLike): TensorVariable {
  const o = floatOf(output, 'binaryCrossentropy');
  const t = asTensorVariable(target, 'binaryCrossentropy');
  // of a sigmoid: t·softplus(-x) + (1 - t)·softplus(x), stable and with the gradient sigmoid(x) - t
  if (EXTENDED_DEFS.sigmoid.matchOutput(o)) {
    const x = o.owner!.inputs[0]!;
    return add(mul(t, softplus(neg(x))), mul(sub(1, t), softplus(x)));
  }
  return neg(add(mul(t, log(o)), mul(sub(1, t), log(sub(1, o)))));
}

/**
 * `categoricalCrossentropy(codingDist, trueDist)`: `-sum(trueDist · log(codingDist), axis=-1)` for one-hot
 * (or probability) targets of the same shape.
 */
export function categoricalCrossentropy(codingDist: TensorLike, trueDist: TensorLike): TensorVariable {
  const o = floatOf(codingDist, 'categoricalCrossentropy');
  const t = asTensorVariable(trueDist, 'categoricalCrossentropy');
  if (t.ndim !== o.ndim && t.ndim !== o.ndim - 1) {
    throw new TypeError(
      `categoricalCrossentropy: trueDist (${t.type}) must be one-hot rows of the rank of codingDist (${o.type}) or integer class indices of one rank less`,
    );
  }
  // of a softmax: -sum(t · logSoftmax(x)), stable and with the gradient softmax(x)·sum(t) - t
  return crossentropyRows(o, t, 'categoricalCrossentropy');
}

/**
 * `crossentropySoftmax1hot(x, yIdx)` (Theano's `crossentropy_softmax_1hot`): `[nll, softmax(x)]` for a matrix
 * of scores and a vector of integer classes, `nll[i] = -log(softmax(x)[i, yIdx[i]])` computed as a
 * log-softmax (stable, gradient `softmax(x) - onehot(y)`).
 */
export function crossentropySoftmax1hot(x: TensorLike, yIdx: TensorLike): [TensorVariable, TensorVariable] {
  const v = floatOf(x, 'crossentropySoftmax1hot');
  const y = asTensorVariable(yIdx, 'crossentropySoftmax1hot');
  if (v.ndim !== 2 || y.ndim !== 1) {
    throw new TypeError(
      `crossentropySoftmax1hot: expected a matrix of scores and a vector of classes, got ${v} (${v.type}) and ${y} (${y.type})`,
    );
  }
  const sm = softmax(v);
  return [crossentropyRows(sm, y, 'crossentropySoftmax1hot'), sm];
}

/** The `T.nnet` namespace. */
export const nnet = Object.freeze({
  sigmoid,
  softplus,
  softmax,
  logSoftmax,
  log_softmax: logSoftmax,
  logsumexp,
  relu,
  hardSigmoid,
  hard_sigmoid: hardSigmoid,
  ultraFastSigmoid,
  ultra_fast_sigmoid: ultraFastSigmoid,
  binaryCrossentropy,
  binary_crossentropy: binaryCrossentropy,
  categoricalCrossentropy,
  categorical_crossentropy: categoricalCrossentropy,
  elu,
  selu,
  softsign,
  sigmoidBinaryCrossentropy,
  sigmoid_binary_crossentropy: sigmoidBinaryCrossentropy,
  crossentropySoftmax1hot,
  crossentropy_softmax_1hot: crossentropySoftmax1hot,
  bn,
  batchNormalization,
  batch_normalization: batchNormalization,
  conv2d,
  conv2dTranspose,
  conv2d_transpose: conv2dTranspose,
});
