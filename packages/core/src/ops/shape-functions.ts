/**
 * The shape family's functions built from other ops, as Theano and numpy build them: `concatenate` and
 * `stack` (Join), `squeeze`, `expandDims`, `shapePadleft/right/axis`, `swapaxes`, `moveaxis` (DimShuffle),
 * `ravel` (Reshape), `tile` (DimShuffle, BroadcastTo, Reshape), `roll` (Split and Join) and `stacklists`.
 */
import { isIntDType } from '../dtype.js';
import { asTensorVariable, constant } from '../graph/constant.js';
import { type TensorLike, TensorVariable } from '../graph/variable.js';
import { checkNestingDepth } from '../ndarray.js';
import { cast, mod, mul, sub } from './elemwise.js';
import { dimshuffle, flatten, reshape, shape, shapeI } from './shape.js';
import { addbroadcast, broadcastTo, join, normAxis, split } from './shape-join.js';

/** numpy's `concatenate(xs, axis=0)`: Theano's Join. */
export function concatenate(xs: readonly TensorLike[], axis: number | TensorVariable = 0): TensorVariable {
  if (xs.length === 0) throw new TypeError('concatenate: need at least one tensor to concatenate');
  return join(axis, ...xs);
}

/** numpy's `expand_dims(x, axis)`: new size-1 (broadcastable) dimensions at `axis` (positions in the result). */
export function expandDims(x: TensorLike, axis: number | readonly number[]): TensorVariable {
  const v = asTensorVariable(x, 'expandDims');
  const list = typeof axis === 'number' ? [axis] : [...axis];
  const nd = v.ndim + list.length;
  const axes = list.map((a) => normAxis(a, nd, 'expandDims'));
  if (new Set(axes).size !== axes.length) throw new TypeError(`expandDims: repeated axis in ${JSON.stringify(axis)}`);
  const order: (number | 'x')[] = [];
  let k = 0;
  for (let d = 0; d < nd; d++) order.push(axes.includes(d) ? 'x' : k++);
  return dimshuffle(v, order);
}

/** numpy's `stack(xs, axis=0)`: the tensors (of one shape) joined along a new axis. */
export function stack(xs: readonly TensorLike[], axis = 0): TensorVariable {
  if (xs.length === 0) throw new TypeError('stack: need at least one tensor to stack');
  const vars = xs.map((x, k) => asTensorVariable(x, `stack input ${k}`));
  const nd = vars[0]!.ndim;
  vars.forEach((v, k) => {
    if (v.ndim !== nd) {
      throw new TypeError(
        `stack: every tensor must have the same number of dimensions, but input 0 (${vars[0]}) has ${nd} and input ${k} (${v}) has ${v.ndim}`,
      );
    }
  });
  const a = normAxis(axis, nd + 1, 'stack');
  return join(a, ...vars.map((v) => expandDims(v, a)));
}

/**
 * `squeeze(x, axis?)`: without an axis, Theano's rule (every broadcastable dimension dropped); with one
 * (a number or numbers), numpy's (those dimensions dropped; a dimension whose type is not broadcastable is
 * checked to have size 1 at run time).
 */
export function squeeze(x: TensorLike, axis?: number | readonly number[] | null): TensorVariable {
  let v = asTensorVariable(x, 'squeeze');
  let axes: number[];
  if (axis === undefined || axis === null) {
    axes = v.broadcastable.flatMap((b, d) => (b ? [d] : []));
  } else {
    axes = (typeof axis === 'number' ? [axis] : [...axis]).map((a) => normAxis(a, v.ndim, 'squeeze'));
    for (const d of axes) {
      const s = v.type.shape[d];
      if (s !== null && s !== 1) {
        throw new TypeError(`squeeze: cannot squeeze dimension ${d} of ${v} (${v.type}): it has size ${s}, not 1`);
      }
    }
    const strict = axes.filter((d) => !v.broadcastable[d]);
    if (strict.length) v = addbroadcast(v, ...strict);
  }
  const order: number[] = [];
  for (let d = 0; d < v.ndim; d++) if (!axes.includes(d)) order.push(d);
  return dimshuffle(v, order);
}

/** Theano's `shape_padleft(x, n_ones=1)`: `n` broadcastable dimensions added on the left. */
export function shapePadleft(x: TensorLike, nOnes = 1): TensorVariable {
  const v = asTensorVariable(x, 'shapePadleft');
  if (!Number.isInteger(nOnes) || nOnes < 0)
    throw new TypeError(`shapePadleft: nOnes must be a non-negative integer, got ${nOnes}`);
  return dimshuffle(v, [...new Array<'x'>(nOnes).fill('x'), ...Array.from({ length: v.ndim }, (_, i) => i)]);
}

/** Theano's `shape_padright(x, n_ones=1)`: `n` broadcastable dimensions added on the right. */
export function shapePadright(x: TensorLike, nOnes = 1): TensorVariable {
  const v = asTensorVariable(x, 'shapePadright');
  if (!Number.isInteger(nOnes) || nOnes < 0)
    throw new TypeError(`shapePadright: nOnes must be a non-negative integer, got ${nOnes}`);
  return dimshuffle(v, [...Array.from({ length: v.ndim }, (_, i) => i), ...new Array<'x'>(nOnes).fill('x')]);
}

/** Theano's `shape_padaxis(x, axis)`: one broadcastable dimension inserted at `axis` (of the result). */
export function shapePadaxis(x: TensorLike, axis: number): TensorVariable {
  const v = asTensorVariable(x, 'shapePadaxis');
  if (!Number.isInteger(axis) || axis < -v.ndim - 1 || axis > v.ndim) {
    throw new TypeError(`shapePadaxis: axis ${axis} is out of bounds [-${v.ndim + 1}, ${v.ndim}] for ${v}`);
  }
  return expandDims(v, axis);
}

/** numpy's `swapaxes(x, a, b)`. */
export function swapaxes(x: TensorLike, axis1: number, axis2: number): TensorVariable {
  const v = asTensorVariable(x, 'swapaxes');
  const a = normAxis(axis1, v.ndim, 'swapaxes');
  const b = normAxis(axis2, v.ndim, 'swapaxes');
  const order = Array.from({ length: v.ndim }, (_, i) => i);
  order[a] = b;
  order[b] = a;
  return dimshuffle(v, order);
}

/** numpy's `moveaxis(x, source, destination)`: the axes `source` moved to `destination` (numbers or numbers). */
export function moveaxis(
  x: TensorLike,
  source: number | readonly number[],
  destination: number | readonly number[],
): TensorVariable {
  const v = asTensorVariable(x, 'moveaxis');
  const src = (typeof source === 'number' ? [source] : [...source]).map((a) => normAxis(a, v.ndim, 'moveaxis'));
  const dst = (typeof destination === 'number' ? [destination] : [...destination]).map((a) =>
    normAxis(a, v.ndim, 'moveaxis'),
  );
  if (src.length !== dst.length) {
    throw new TypeError(
      `moveaxis: source ${JSON.stringify(source)} and destination ${JSON.stringify(destination)} must have the same number of elements`,
    );
  }
  if (new Set(src).size !== src.length || new Set(dst).size !== dst.length) {
    throw new TypeError('moveaxis: repeated axis in source or destination');
  }
  const order: (number | null)[] = new Array(v.ndim).fill(null);
  src.forEach((s, k) => {
    order[dst[k]!] = s;
  });
  const rest = Array.from({ length: v.ndim }, (_, i) => i).filter((i) => !src.includes(i));
  let r = 0;
  for (let d = 0; d < v.ndim; d++) if (order[d] === null) order[d] = rest[r++]!;
  return dimshuffle(v, order as number[]);
}

/** numpy's `ravel(x)`: `x` flattened to one dimension. */
export function ravel(x: TensorLike): TensorVariable {
  return flatten(x, 1);
}

/** A size as a number when known now, else an int64 scalar. */
type Size = number | TensorVariable;

function mulSize(a: Size, b: Size): Size {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  return mul(
    typeof a === 'number' ? constant(a, { dtype: 'int64' }) : a,
    typeof b === 'number' ? constant(b, { dtype: 'int64' }) : b,
  );
}

function sizeOf(v: TensorVariable, d: number): Size {
  const s = v.type.shape[d];
  return typeof s === 'number' ? s : shapeI(v, d);
}

/**
 * numpy's `tile(x, reps)`: `x` repeated `reps[d]` times along each dimension (numbers or int scalar
 * variables; x is padded on the left to the length of reps, and reps with 1s to x's rank). Built as
 * Theano builds it: every dimension paired with a new broadcastable one, stretched, then merged.
 */
export function tile(
  x: TensorLike,
  reps: number | readonly (number | TensorVariable)[] | TensorVariable,
): TensorVariable {
  let v = asTensorVariable(x, 'tile');
  let list: Size[];
  if (reps instanceof TensorVariable) {
    if (reps.ndim === 0) list = [reps];
    else {
      const n = reps.type.shape[0];
      if (reps.ndim !== 1 || n === null || n === undefined) {
        throw new TypeError(
          `tile: a symbolic reps must be an int scalar or a vector of known length, got ${reps} (${reps.type})`,
        );
      }
      list = Array.from({ length: n }, (_, k) => sumPick(reps, k, n));
    }
  } else {
    list = typeof reps === 'number' ? [reps] : [...reps];
  }
  for (const r of list) {
    if (typeof r === 'number' ? !Number.isInteger(r) || r < 0 : r.ndim !== 0 || !isIntDType(r.dtype)) {
      throw new TypeError(`tile: reps must be non-negative integers or int scalars, got ${String(r)}`);
    }
  }
  const nd = Math.max(v.ndim, list.length);
  if (v.ndim < nd)
    v = dimshuffle(v, [...new Array<'x'>(nd - v.ndim).fill('x'), ...Array.from({ length: v.ndim }, (_, i) => i)]);
  list = [...new Array<number>(nd - list.length).fill(1), ...list];
  if (list.every((r) => r === 1)) return v;
  const order: (number | 'x')[] = [];
  const stretched: Size[] = [];
  const merged: Size[] = [];
  for (let d = 0; d < nd; d++) {
    order.push('x', d);
    const s = sizeOf(v, d);
    stretched.push(list[d]!, s);
    merged.push(mulSize(list[d]!, s));
  }
  const wide = broadcastTo(dimshuffle(v, order), stretched);
  return reshape(wide, merged);
}

/** Entry k of an int vector of known length n, as an int64 scalar (a one-hot sum: no indexing op needed). */
function sumPick(v: TensorVariable, k: number, n: number): TensorVariable {
  const pieces = split(v, new Array<number>(n).fill(1), n, 0);
  return cast(reshape(pieces[k]!, []), 'int64');
}

/**
 * numpy's `roll(x, shift, axis=None)`: elements shifted by `shift` along `axis` (wrapping around), built
 * from Split and Join; without an axis, over the flattened tensor (the shape is kept). `shift` and `axis`
 * may be arrays of equal length (one roll per axis); `shift` may be an int scalar variable.
 */
export function roll(
  x: TensorLike,
  shift: number | TensorVariable | readonly (number | TensorVariable)[],
  axis: number | readonly number[] | null = null,
): TensorVariable {
  const v = asTensorVariable(x, 'roll');
  if (axis === null) {
    if (Array.isArray(shift)) throw new TypeError('roll: a list of shifts needs a list of axes');
    const flat = flatten(v, 1);
    return reshape(rollOne(flat, shift as number | TensorVariable, 0), shape(v), v.ndim);
  }
  const axes = typeof axis === 'number' ? [axis] : [...axis];
  const shifts = Array.isArray(shift)
    ? [...(shift as (number | TensorVariable)[])]
    : axes.map(() => shift as number | TensorVariable);
  if (shifts.length !== axes.length) {
    throw new TypeError(`roll: ${shifts.length} shifts for ${axes.length} axes; they must be equal`);
  }
  let r = v;
  axes.forEach((a, k) => {
    r = rollOne(r, shifts[k]!, normAxis(a, v.ndim, 'roll'));
  });
  return r;
}

function rollOne(v: TensorVariable, shift: number | TensorVariable, axis: number): TensorVariable {
  if (typeof shift !== 'number' && (shift.ndim !== 0 || !isIntDType(shift.dtype))) {
    throw new TypeError(`roll: the shift must be an integer or an int scalar, got ${shift} (${shift.type})`);
  }
  if (typeof shift === 'number' && !Number.isInteger(shift))
    throw new TypeError(`roll: the shift must be an integer, got ${shift}`);
  const n = v.type.shape[axis];
  let s: Size;
  let rest: Size;
  if (typeof n === 'number' && typeof shift === 'number') {
    if (n === 0) return v;
    s = ((shift % n) + n) % n;
    if (s === 0) return v;
    rest = n - s;
  } else {
    const nv = shapeI(v, axis);
    // Python's modulo (the sign of n); a size of 0 gives 0 (numpy: nothing to roll)
    const sv = mod(typeof shift === 'number' ? constant(shift, { dtype: 'int64' }) : cast(shift, 'int64'), nv);
    s = sv;
    rest = sub(nv, sv);
  }
  const [head, tail] = split(v, [rest, s], 2, axis);
  return join(axis, tail!, head!);
}

/** A nested list of scalars (or tensors) for `stacklists`. */
export type NestedTensors = TensorLike | readonly NestedTensors[];

/** Theano's `stacklists(arg)`: nested lists of scalars (or tensors of one shape) stacked into one tensor. */
export function stacklists(arg: NestedTensors): TensorVariable {
  checkNestingDepth('stacklists', arg);
  if (Array.isArray(arg)) return stack((arg as readonly NestedTensors[]).map(stacklists));
  return asTensorVariable(arg as TensorLike, 'stacklists');
}
