/**
 * Helpers for writing rewrites: reading constants through implicit broadcasts, checking that a
 * replacement keeps the output's shape, and keeping the output's dtype.
 */
import type { Apply } from '../graph/apply.js';
import { TensorConstant, type TensorVariable } from '../graph/variable.js';
import { cast } from '../ops/elemwise.js';

/** The constant behind `v` (looking through DimShuffles of a constant), or null. */
export function constantOf(v: TensorVariable): TensorConstant | null {
  let cur = v;
  while (cur.owner && cur.owner.op.name === 'dimshuffle') cur = cur.owner.inputs[0]!;
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

/**
 * True when `x` alone has the output's shape: wherever `x` broadcasts (size 1), the output does too, so
 * dropping the other operands of an elementwise node cannot change the result's shape.
 */
export function coversOutput(x: TensorVariable, node: Apply): boolean {
  const out = node.outputs[0]!;
  if (x.ndim !== out.ndim) return false;
  return x.broadcastable.every((b, d) => !b || out.broadcastable[d]);
}

/** `x` with the dtype of `like` (a cast only when they differ). */
export function withDType(x: TensorVariable, like: TensorVariable): TensorVariable {
  return x.dtype === like.dtype ? x : cast(x, like.dtype);
}
