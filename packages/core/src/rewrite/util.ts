/**
 * Helpers for writing rewrites: reading constants through implicit broadcasts, and giving an operand a
 * dtype (a replacement's own shape and dtype are the engine's concern: see `acceptReplacement`).
 */
import { TensorConstant, type TensorVariable } from '../graph/variable.js';
import { cast } from '../ops/elemwise.js';
import { DIMSHUFFLE } from '../ops/shape.js';

/** The constant behind `v` (looking through DimShuffles of a constant), or null. */
export function constantOf(v: TensorVariable): TensorConstant | null {
  let cur = v;
  while (DIMSHUFFLE.matchOutput(cur)) cur = cur.owner!.inputs[0]!;
  return cur instanceof TensorConstant ? cur : null;
}

/** True when `v` is a constant (through broadcasts) whose every element equals `x`. */
export function isConstantEqual(v: TensorVariable, x: number): boolean {
  const c = constantOf(v);
  if (!c || c.value.dtype === 'complex64' || c.value.dtype === 'complex128') return false;
  const vals = c.value.toFloat64();
  if (vals.length === 0) return false;
  for (let i = 0; i < vals.length; i++) if (vals[i] !== x) return false;
  return true;
}

/** The single value of a constant (through broadcasts) whose elements are all equal, or null. */
export function scalarConstant(v: TensorVariable): number | null {
  const c = constantOf(v);
  if (!c || c.value.dtype === 'complex64' || c.value.dtype === 'complex128') return null;
  const vals = c.value.toFloat64();
  if (vals.length === 0) return null;
  const first = vals[0]!;
  for (let i = 1; i < vals.length; i++) if (vals[i] !== first) return null;
  return first;
}

/** `x` with the dtype of `like` (a cast only when they differ): for the operands a replacement combines. */
export function withDType(x: TensorVariable, like: TensorVariable): TensorVariable {
  return x.dtype === like.dtype ? x : cast(x, like.dtype);
}
