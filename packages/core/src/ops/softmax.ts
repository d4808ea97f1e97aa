/**
 * `Softmax{axis}` and `LogSoftmax{axis}`: extended ops (a backend may implement them; elsewhere the optimizer
 * expands them into the stable primitive graphs), each with its analytic gradient, so the gradient of a
 * softmax cross-entropy is `softmax(x) - t` rather than a chain through `exp`, `max` and divisions.
 */

import { isDiscreteDType, upgradeToFloat } from '../dtype.js';
import { applyOp, Op } from '../graph/apply.js';
import { asTensorVariable } from '../graph/constant.js';
import type { TensorLike, TensorVariable } from '../graph/variable.js';
import * as PN from '../perform/nnet.js';
import { TensorType } from '../type.js';
import { cast, exp, log, mul, sub, trueDiv } from './elemwise.js';
import { defineOp } from './op-def.js';
import { max, normalizeAxis, sum } from './reduce.js';

/** Parameters of `Softmax` / `LogSoftmax`: the (non-negative) axis. */
export interface SoftmaxParams {
  /** The axis normalized over (non-negative). */
  axis: number;
}

function inferSoftmax(label: string) {
  return ([x]: readonly TensorVariable[], { axis }: Readonly<SoftmaxParams>) => {
    if (x!.ndim < 1 || axis < 0 || axis >= x!.ndim) {
      throw new TypeError(`${label}: axis ${axis} is out of range for ${x} (${x!.type})`);
    }
    return [TensorType.fromShape(upgradeToFloat(x!.dtype), x!.type.shape)];
  };
}

/** `Softmax{axis}`. */
export const SOFTMAX = defineOp<SoftmaxParams>({
  name: 'softmax',
  family: 'nnet',
  inferTypes: inferSoftmax('Softmax'),
  // d softmax = (dz - sum(dz·s, axis)) · s
  grad([x], [s], [gz], { axis }) {
    if (!gz || isDiscreteDType(x!.dtype)) return [null];
    const g = mul(sub(gz, sum(mul(gz, s!), { axis, keepdims: true })), s!);
    return [cast(g, x!.dtype)];
  },
  format: ({ axis }) => `Softmax{axis=${axis}}`,
  perform: ([x], { axis }, node) => [PN.softmax(x!, axis, node.outputs[0]!.dtype)],
  decompose: ([x], { axis }) => [softmaxPrimitive(x!, axis)],
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
});

/** `LogSoftmax{axis}`. */
export const LOG_SOFTMAX = defineOp<SoftmaxParams>({
  name: 'log_softmax',
  family: 'nnet',
  inferTypes: inferSoftmax('LogSoftmax'),
  // d logsoftmax = dz - exp(logsoftmax) · sum(dz, axis)
  grad([x], [l], [gz], { axis }) {
    if (!gz || isDiscreteDType(x!.dtype)) return [null];
    const g = sub(gz, mul(exp(l!), sum(gz, { axis, keepdims: true })));
    return [cast(g, x!.dtype)];
  },
  format: ({ axis }) => `LogSoftmax{axis=${axis}}`,
  perform: ([x], { axis }, node) => [PN.logSoftmax(x!, axis, node.outputs[0]!.dtype)],
  decompose: ([x], { axis }) => [logSoftmaxPrimitive(x!, axis)],
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
});

function axisOf(label: string, x: TensorVariable, axis: number): number {
  const { axis: ax } = normalizeAxis(label, x.ndim, axis);
  return ax === null ? (axis < 0 ? x.ndim + axis : axis) : ax[0]!;
}

function floatOf(x: TensorLike, label: string): TensorVariable {
  const v = asTensorVariable(x, label);
  return isDiscreteDType(v.dtype) ? cast(v, upgradeToFloat(v.dtype)) : v;
}

/** `softmax(x)` along `axis` (the last by default), as the `Softmax` op. */
export function softmax(x: TensorLike, axis = -1): TensorVariable {
  const v = floatOf(x, 'softmax');
  return applyOp(new Op(SOFTMAX, { axis: axisOf('softmax', v, axis) }), [v]).outputs[0]!;
}

/** `log(softmax(x))` along `axis`, as the `LogSoftmax` op. */
export function logSoftmax(x: TensorLike, axis = -1): TensorVariable {
  const v = floatOf(x, 'logSoftmax');
  return applyOp(new Op(LOG_SOFTMAX, { axis: axisOf('logSoftmax', v, axis) }), [v]).outputs[0]!;
}

/** The stable primitive form of softmax: `exp(x - max) / sum(exp(x - max))`. */
export function softmaxPrimitive(x: TensorVariable, axis: number): TensorVariable {
  const e = exp(sub(x, max(x, { axis, keepdims: true })));
  return trueDiv(e, sum(e, { axis, keepdims: true }));
}

/** The stable primitive form of log-softmax: `(x - max) - log(sum(exp(x - max)))`. */
export function logSoftmaxPrimitive(x: TensorVariable, axis: number): TensorVariable {
  const y = sub(x, max(x, { axis, keepdims: true }));
  return sub(y, log(sum(exp(y), { axis, keepdims: true })));
}
