/**
 * `T.nnet`: neural-network functions. Each builds a graph of primitives (or an extended op that every
 * backend lacking it gets expanded), written in its numerically stable form: softmax subtracts the maximum,
 * softplus never overflows.
 */
import { isDiscreteDType } from '../dtype.js';
import { asTensorVariable } from '../graph/constant.js';
import type { TensorLike, TensorVariable } from '../graph/variable.js';
import { abs, add, cast, exp, log, maximum, minimum, mul, neg, sub, trueDiv } from './elemwise.js';
import { EXTENDED_DEFS, sigmoid, softplus } from './extended.js';
import { conv2d, conv2dTranspose } from './nnet-conv.js';
import { max, sum } from './reduce.js';
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
 * `ultraFastSigmoid(x)`: a cheap approximation of sigmoid, `0.5 + 0.5·(x/2)/(1 + |x/2|)`, with sigmoid's
 * limits, value and slope at 0. (Theano's version is a piecewise formula that needs `switch`, not yet here.)
 */
export function ultraFastSigmoid(x: TensorLike): TensorVariable {
  const v = floatOf(x, 'ultraFastSigmoid');
  const u = mul(v, 0.5);
  return add(mul(trueDiv(u, add(abs(u), 1)), 0.5), 0.5);
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
  if (t.ndim !== o.ndim) {
    throw new TypeError(
      `categoricalCrossentropy: trueDist (${t.type}) must have the rank of codingDist (${o.type}): one-hot targets; integer class indices need advanced indexing, which comes later`,
    );
  }
  // of a softmax: -sum(t · logSoftmax(x)), stable and with the gradient softmax(x)·sum(t) - t
  const sm = SOFTMAX.matchOutput(o);
  if (sm) {
    return neg(sum(mul(t, logSoftmax(o.owner!.inputs[0]!, sm.axis)), { axis: o.ndim - 1 }));
  }
  return neg(sum(mul(t, log(o)), { axis: o.ndim - 1 }));
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
  conv2d,
  conv2dTranspose,
  conv2d_transpose: conv2dTranspose,
});
