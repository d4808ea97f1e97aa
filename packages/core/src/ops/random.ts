/**
 * `PhiloxRandom`: the one random primitive. It takes a generator state (int64: key and block counter in
 * 16-bit halves, see `perform/philox.ts`) and a size (an integer vector) and returns the state after the
 * draw and the draw: raw 32-bit words (`int64`) or uniform floats on [0, 1) (`float32`, `float64`), the same
 * numbers on every backend. Every distribution of `RandomStreams` is built from it with ordinary ops, so a
 * backend that runs this op runs them all. Its outputs carry no gradient (draws are constants to autodiff).
 */
import { isIntDType } from '../dtype.js';
import { applyOp, Op } from '../graph/apply.js';
import { TensorConstant, type TensorVariable } from '../graph/variable.js';
import { type PhiloxDType, philoxPerform, STATE_SIZE } from '../perform/philox.js';
import { TensorType } from '../type.js';
import { defineOp } from './op-def.js';

/** Parameters of `PhiloxRandom`: the draw's dtype, and the method named in run-time errors. */
export interface PhiloxParams {
  /** `int64` (raw words), `float32` or `float64` (uniform on [0, 1)). */
  dtype: PhiloxDType;
  /** Who draws, for messages (`RandomStreams.uniform`). */
  method: string;
}

/** The static sizes a size vector gives, where it is a constant (null entries otherwise). */
function staticSizes(size: TensorVariable, n: number): (number | null)[] {
  if (size instanceof TensorConstant) return Array.from(size.value.toFloat64());
  return new Array<number | null>(n).fill(null);
}

/** `PhiloxRandom{dtype}`: `(state, size) → (newState, draws)`. */
export const PHILOX_RANDOM = defineOp<PhiloxParams>({
  name: 'philox_random',
  family: 'random',
  inferTypes([state, size], { dtype, method }) {
    if (state!.dtype !== 'int64' || state!.ndim !== 1) {
      throw new TypeError(`${method}: the generator state must be an int64 vector, got ${state} (${state!.type})`);
    }
    if (size!.ndim !== 1 || !isIntDType(size!.dtype)) {
      throw new TypeError(`${method}: size must be an integer vector, got ${size} (${size!.type})`);
    }
    const n = size!.type.shape[0];
    if (typeof n !== 'number') {
      throw new TypeError(`${method}: size must have a known length (the number of dimensions), got ${size!.type}`);
    }
    if (dtype !== 'int64' && dtype !== 'float32' && dtype !== 'float64') {
      throw new TypeError(`${method}: a draw is int64, float32 or float64, got ${String(dtype)}`);
    }
    const dims = staticSizes(size!, n);
    if (dims.some((d) => d !== null && (!Number.isInteger(d) || d < 0))) {
      throw new TypeError(`${method}: size must hold non-negative integers, got [${dims.join(', ')}]`);
    }
    return [TensorType.fromShape('int64', [STATE_SIZE]), TensorType.fromShape(dtype, dims)];
  },
  grad: () => [null, null],
  connection: () => [false, false],
  format: ({ dtype }) => `PhiloxRandom{${dtype}}`,
  inferShape: (_node, out, _axis) => (out === 0 ? STATE_SIZE : null),
  perform: ([state, size], { dtype, method }) => philoxPerform(state!, size!, dtype, method),
});

/** Applies `PhiloxRandom`: `[newState, draws]` of `dtype` with shape `size` (an int64 vector). */
export function philoxRandom(
  state: TensorVariable,
  size: TensorVariable,
  dtype: PhiloxDType,
  method: string,
): [TensorVariable, TensorVariable] {
  const outs = applyOp(new Op(PHILOX_RANDOM, { dtype, method }), [state, size]).outputs;
  return [outs[0]!, outs[1]!];
}
