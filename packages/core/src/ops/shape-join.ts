/**
 * Joining and rearranging ops of the shape family: `Join` (concatenate along an axis that may be symbolic),
 * `Split` (several outputs), `BroadcastTo`, `Flip`, `Rebroadcast` (addbroadcast / unbroadcast /
 * patternbroadcast), `RepeatOp` and `Choose`; the user functions built from them and from DimShuffle and
 * Reshape (`concatenate`, `stack`, `squeeze`, `expandDims`, `tile`, `roll`, `stacklists`, …) live in
 * `shape-functions.ts`.
 */
import { type DType, isIntDType, promoteTypes } from '../dtype.js';
import { applyOp, Op } from '../graph/apply.js';
import { asTensorVariable, constant } from '../graph/constant.js';
import { TensorConstant, type TensorLike, TensorVariable } from '../graph/variable.js';
import { checkedBroadcastShape } from '../perform/broadcast.js';
import * as P from '../perform/shape-join.js';
import { TensorType } from '../type.js';
import { add, broadcastTypes, cast, eq, mul, padToRank, reduceToInput, zerosLike } from './elemwise.js';
import { type DefinedOp, defineOp } from './op-def.js';
import { sum } from './reduce.js';
import { MAKE_VECTOR, makeVector, reshape, SHAPE_I, shape, shapeI } from './shape.js';

/** The value of an int scalar constant, or null for a computed one. */
function constInt(v: TensorVariable): number | null {
  return v instanceof TensorConstant && v.ndim === 0 ? v.value.item() : null;
}

/** A normalized axis (negative counts from the end), or a TypeError naming `fn`. */
export function normAxis(axis: number, ndim: number, fn: string): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new TypeError(`${fn}: axis ${axis} is out of range for a tensor of ${ndim} dimensions`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** An int64 axis variable from a number or an int scalar variable. */
function axisVar(axis: number | TensorVariable, fn: string): TensorVariable {
  if (typeof axis === 'number') return constant(axis, { dtype: 'int64' });
  if (axis.ndim !== 0 || !isIntDType(axis.dtype)) {
    throw new TypeError(`${fn}: the axis must be an integer scalar, got ${axis} (${axis.type})`);
  }
  return axis;
}

/** The static sizes an int vector variable holds (a constant or a MakeVector of constants and Shape_i). */
export function staticSizes(v: TensorVariable, n: number): (number | null)[] {
  if (v instanceof TensorConstant) return Array.from(v.value.toFloat64());
  const owner = v.owner;
  if (MAKE_VECTOR.match(owner)) {
    return owner!.inputs.map((e) => {
      if (e instanceof TensorConstant) return e.value.item();
      const si = SHAPE_I.match(e.owner);
      return si ? (e.owner!.inputs[0]!.type.shape[si.i] ?? null) : null;
    });
  }
  return Array.from({ length: n }, () => null);
}

/** An int64 vector variable from numbers and int scalar variables, or an int vector variable. */
export function sizesVar(
  sizes: readonly (number | TensorVariable)[] | TensorVariable,
  fn: string,
  what: string,
): TensorVariable {
  if (sizes instanceof TensorVariable) {
    if (sizes.ndim !== 1 || !isIntDType(sizes.dtype)) {
      throw new TypeError(`${fn}: ${what} must be an integer vector, got ${sizes} (${sizes.type})`);
    }
    return sizes;
  }
  if (sizes.every((d) => typeof d === 'number')) {
    const nums = sizes as number[];
    if (nums.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new TypeError(`${fn}: ${what} must be non-negative integers, got ${JSON.stringify(nums)}`);
    }
    return constant(nums, { dtype: 'int64' });
  }
  return makeVector(
    sizes.map((d) => {
      if (typeof d === 'number') return constant(d, { dtype: 'int64' });
      if (d.ndim !== 0 || !isIntDType(d.dtype)) {
        throw new TypeError(`${fn}: a symbolic entry of ${what} must be an integer scalar, got ${d} (${d.type})`);
      }
      return d.dtype === 'int64' ? d : cast(d, 'int64');
    }),
    'int64',
  );
}

// ---------------------------------------------------------------- Join

/** `Join`: inputs `[axis, ...tensors]`, the axis an int scalar (a constant, or computed at run time). */
export const JOIN = defineOp<Record<string, never>>({
  name: 'join',
  family: 'shape',
  inferTypes([axisV, ...xs]) {
    if (xs.length === 0) throw new TypeError('Join: nothing to join (give at least one tensor)');
    if (axisV!.ndim !== 0 || !isIntDType(axisV!.dtype)) {
      throw new TypeError(`Join: the axis must be an integer scalar, got ${axisV} (${axisV!.type})`);
    }
    const nd = xs[0]!.ndim;
    if (nd === 0) throw new TypeError(`Join: zero-dimensional tensors (${xs[0]}) cannot be joined; use T.stack`);
    xs.forEach((x, k) => {
      if (x.ndim !== nd) {
        throw new TypeError(
          `Join: every tensor must have the same number of dimensions, but input 0 (${xs[0]}) has ${nd} and input ${k} (${x}) has ${x.ndim}`,
        );
      }
    });
    const dtype = promoteTypes(...xs.map((x) => x.dtype));
    const a = constInt(axisV!);
    if (a === null) return [TensorType.fromShape(dtype, new Array(nd).fill(null))];
    const axis = normAxis(a, nd, 'Join');
    const out: (number | null)[] = [];
    for (let d = 0; d < nd; d++) {
      if (d === axis) {
        const sizes = xs.map((x) => x.type.shape[d]!);
        out.push(sizes.every((s) => s !== null) ? (sizes as number[]).reduce((p, s) => p + s, 0) : null);
        continue;
      }
      let known: number | null = null;
      xs.forEach((x, k) => {
        const s = x.type.shape[d]!;
        if (s === null) return;
        if (known !== null && known !== s) {
          throw new TypeError(
            `Join: all dimensions except the join axis ${axis} must match, but dimension ${d} has size ${known} in an earlier input and ${s} in input ${k} (${x}: ${x.type})`,
          );
        }
        known = s;
      });
      out.push(known);
    }
    return [TensorType.fromShape(dtype, out)];
  },
  // the gradient of each input is its slice of gz: gz split at the inputs' sizes along the axis
  grad([axisV, ...xs], _o, [gz]) {
    if (!gz) return [null, ...xs.map(() => null)];
    const a = constInt(axisV!);
    const nd = xs[0]!.ndim;
    const sizes =
      a === null
        ? xs.map((x) =>
            sum(
              mul(
                shape(x),
                eq(
                  constant(
                    Array.from({ length: nd }, (_, i) => i),
                    { dtype: 'int64' },
                  ),
                  axisV!,
                ),
              ),
            ),
          )
        : xs.map((x) => shapeI(x, normAxis(a, nd, 'Join')));
    const parts = xs.length === 1 ? [gz] : split(gz, sizes, xs.length, a ?? axisV!);
    return [null, ...parts.map((p, k) => (p.dtype === xs[k]!.dtype ? p : cast(p, xs[k]!.dtype)))];
  },
  connection: (n) => [false, ...new Array<boolean>(n - 1).fill(true)],
  format: () => 'Join',
  perform: ([a, ...xs], _p, node) => [
    P.join(
      a!.item(),
      xs.map((x) => x.astype(node.outputs[0]!.dtype)),
    ),
  ],
  inferShape(node, _out, axis, dim) {
    const a = constInt(node.inputs[0]!);
    if (a === null) return null;
    const ax = normAxis(a, node.inputs[1]!.ndim, 'Join');
    if (axis !== ax) return dim(1, axis);
    let total: TensorVariable | null = null;
    for (let k = 1; k < node.inputs.length; k++) {
      const s = dim(k, axis);
      total = total ? add(total, s) : s;
    }
    return total;
  },
});

/** Theano's `join(axis, *tensors)`: the tensors concatenated along `axis` (a number or an int scalar variable). */
export function join(axis: number | TensorVariable, ...xs: TensorLike[]): TensorVariable {
  const vars = xs.map((x, k) => asTensorVariable(x, `join input ${k}`));
  if (vars.length === 1) {
    // a single tensor joins to itself (after checking the axis)
    if (typeof axis === 'number') normAxis(axis, vars[0]!.ndim, 'join');
    return vars[0]!;
  }
  return applyOp(new Op(JOIN, {}), [axisVar(axis, 'join'), ...vars]).outputs[0]!;
}

// ---------------------------------------------------------------- Split

/** Parameters of `Split`: the number of pieces. */
export interface SplitParams {
  /** The number of pieces (outputs). */
  nSplits: number;
}

/** `Split{n}`: inputs `[x, axis, splits]`; n outputs, the pieces of x along the axis. */
export const SPLIT = defineOp<SplitParams>({
  name: 'split',
  family: 'shape',
  inferTypes([x, axisV, splits], { nSplits }) {
    if (!Number.isInteger(nSplits) || nSplits < 1) {
      throw new TypeError(`Split: the number of pieces must be a positive integer, got ${nSplits}`);
    }
    if (axisV!.ndim !== 0 || !isIntDType(axisV!.dtype)) {
      throw new TypeError(`Split: the axis must be an integer scalar, got ${axisV} (${axisV!.type})`);
    }
    if (splits!.ndim !== 1 || !isIntDType(splits!.dtype)) {
      throw new TypeError(`Split: the split sizes must be an integer vector, got ${splits} (${splits!.type})`);
    }
    const len = splits!.type.shape[0];
    if (len !== null && len !== nSplits) {
      throw new TypeError(`Split: ${len} split sizes given for ${nSplits} pieces (${splits}); they must be equal`);
    }
    if (x!.ndim === 0) throw new TypeError(`Split: cannot split the zero-dimensional ${x}`);
    const a = constInt(axisV!);
    if (a === null)
      return Array.from({ length: nSplits }, () => TensorType.fromShape(x!.dtype, new Array(x!.ndim).fill(null)));
    const axis = normAxis(a, x!.ndim, 'Split');
    const sizes = staticSizes(splits!, nSplits);
    const known = sizes.every((s) => s !== null) ? (sizes as number[]) : null;
    const total = x!.type.shape[axis];
    if (known && total !== null && total !== undefined && known.reduce((p, s) => p + s, 0) !== total) {
      throw new TypeError(
        `Split: the split sizes (${known.join(', ')}) add up to ${known.reduce((p, s) => p + s, 0)}, but axis ${axis} of ${x} (${x!.type}) has size ${total}`,
      );
    }
    return sizes.map((s) =>
      TensorType.fromShape(
        x!.dtype,
        x!.type.shape.map((v, d) => (d === axis ? s : v)),
      ),
    );
  },
  // the pieces' gradients joined back (zeros for a piece without one)
  grad([x, axisV], outs, gzs) {
    if (gzs.every((g) => !g)) return [null, null, null];
    const parts = gzs.map((g, k) => g ?? zerosLike(outs[k]!));
    const a = constInt(axisV!);
    const g = join(a ?? axisV!, ...parts);
    return [g.dtype === x!.dtype ? g : cast(g, x!.dtype), null, null];
  },
  connection: () => [true, false, false],
  format: ({ nSplits }) => `Split{${nSplits}}`,
  perform: ([x, a, s], { nSplits }) => P.split(x!, a!.item(), s!, nSplits),
  inferShape(node, _out, axis, dim) {
    const a = constInt(node.inputs[1]!);
    if (a === null) return null;
    if (axis !== normAxis(a, node.inputs[0]!.ndim, 'Split')) return dim(0, axis);
    return null;
  },
});

/** Theano's `split(x, splits, nSplits, axis=0)`: the pieces of `x` of sizes `splits` along `axis`. */
export function split(
  x: TensorLike,
  splits: readonly (number | TensorVariable)[] | TensorVariable,
  nSplits: number,
  axis: number | TensorVariable = 0,
): TensorVariable[] {
  const v = asTensorVariable(x, 'split');
  const s = sizesVar(splits, 'split', 'the split sizes');
  const a = typeof axis === 'number' ? normAxis(axis, v.ndim, 'split') : axis;
  return [...applyOp(new Op(SPLIT, { nSplits }), [v, axisVar(a, 'split'), s]).outputs];
}

// ---------------------------------------------------------------- BroadcastTo

/** `BroadcastTo`: inputs `[x, shape]` (an int64 vector); x stretched to the shape, numpy's broadcast_to. */
export const BROADCAST_TO = defineOp<Record<string, never>>({
  name: 'broadcast_to',
  family: 'shape',
  inferTypes([x, s]) {
    if (s!.ndim !== 1 || !isIntDType(s!.dtype) || s!.type.shape[0] === null) {
      throw new TypeError(`BroadcastTo: the shape must be an integer vector of known length, got ${s} (${s!.type})`);
    }
    const n = s!.type.shape[0]!;
    if (n < x!.ndim) {
      throw new TypeError(`BroadcastTo: cannot broadcast ${x} of ${x!.ndim} dimensions to a shape of ${n} dimensions`);
    }
    const lead = n - x!.ndim;
    const target = staticSizes(s!, n);
    const out = target.map((t, d) => {
      if (d < lead) return t;
      const xs = x!.type.shape[d - lead]!;
      if (xs !== null && t !== null && xs !== t && xs !== 1) {
        throw new TypeError(
          `BroadcastTo: cannot broadcast ${x} (${x!.type}) to shape (${target.map((v) => v ?? '?').join(', ')}): dimension ${d - lead} has size ${xs}`,
        );
      }
      return t ?? (xs !== null && xs !== 1 ? xs : null);
    });
    return [TensorType.fromShape(x!.dtype, out)];
  },
  // summed over the leading dimensions and those x was stretched along
  grad([x, s], _o, [gz]) {
    if (!gz) return [null, null];
    const lead = s!.type.shape[0]! - x!.ndim;
    const r = lead > 0 ? sum(gz, { axis: Array.from({ length: lead }, (_, i) => i) }) : gz;
    return [reduceToInput(r, x!), null];
  },
  connection: () => [true, false],
  format: () => 'BroadcastTo',
  perform: ([x, s], _p, node) => [P.broadcastTo(x!, s!, node.inputs[0]!.broadcastable)],
  inferShape(node, _out, axis, dim) {
    const n = node.inputs[1]!.type.shape[0]!;
    const lead = n - node.inputs[0]!.ndim;
    const t = staticSizes(node.inputs[1]!, n)[axis];
    if (t !== null && t !== undefined) return t;
    const owner = node.inputs[1]!.owner;
    if (MAKE_VECTOR.match(owner)) return owner!.inputs[axis]!;
    if (axis >= lead && !node.inputs[0]!.broadcastable[axis - lead]) return dim(0, axis - lead);
    return null;
  },
});

/** numpy's `broadcast_to(x, shape)`: `x` stretched to `shape` (numbers, int scalar variables or an int vector). */
export function broadcastTo(x: TensorLike, shp: readonly (number | TensorVariable)[] | TensorVariable): TensorVariable {
  const v = asTensorVariable(x, 'broadcastTo');
  const s = sizesVar(shp, 'broadcastTo', 'the shape');
  if (s.type.shape[0] === null) {
    throw new TypeError(`broadcastTo: the length of the symbolic shape ${s} is not known`);
  }
  return applyOp(new Op(BROADCAST_TO, {}), [v, s]).outputs[0]!;
}

// ---------------------------------------------------------------- Flip

/** Parameters of `Flip`: the reversed axes. */
export interface FlipParams {
  /** The axes reversed. */
  axes: readonly number[];
}

/** `Flip{axes}`: x reversed along the axes (PyTensor's flip). */
export const FLIP: DefinedOp<FlipParams> = defineOp<FlipParams>({
  name: 'flip',
  family: 'shape',
  inferTypes([x], { axes }) {
    for (const a of axes) normAxis(a, x!.ndim, 'Flip');
    return [x!.type];
  },
  grad: (_i, _o, [gz], { axes }) => [gz ? applyOp(new Op(FLIP, { axes }), [gz]).outputs[0]! : null],
  format: ({ axes }) => `Flip{axes=(${axes.join(', ')}${axes.length === 1 ? ',' : ''})}`,
  perform: ([x], { axes }) => [P.flip(x!, axes)],
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
});

/** numpy's `flip(x, axis=None)`: `x` reversed along `axis` (a number or numbers; every axis by default). */
export function flip(x: TensorLike, axis: number | readonly number[] | null = null): TensorVariable {
  const v = asTensorVariable(x, 'flip');
  const list =
    axis === null ? Array.from({ length: v.ndim }, (_, i) => i) : typeof axis === 'number' ? [axis] : [...axis];
  const axes = list.map((a) => normAxis(a, v.ndim, 'flip'));
  if (new Set(axes).size !== axes.length) throw new TypeError(`flip: repeated axis in ${JSON.stringify(axis)}`);
  if (axes.length === 0) return v;
  return applyOp(new Op(FLIP, { axes: [...axes].sort((a, b) => a - b) }), [v]).outputs[0]!;
}

// ---------------------------------------------------------------- Rebroadcast

/** Parameters of `Rebroadcast`: the new broadcastable flag of some dimensions. */
export interface RebroadcastParams {
  /** Pairs `[axis, broadcastable]`: the new flag of each listed dimension. */
  axes: readonly (readonly [number, boolean])[];
}

function rebroadcastLabel(axes: readonly (readonly [number, boolean])[]): string {
  const n = axes.length ? 1 + Math.max(...axes.map(([d]) => d)) : 0;
  const pattern = new Array<string>(n).fill('?');
  for (const [d, b] of axes) pattern[d] = b ? '1' : '0';
  return `Rebroadcast{${pattern.join(',')}}`;
}

/** `Rebroadcast{pattern}`: the same values under a type with other broadcastable flags (checked at run time). */
export const REBROADCAST = defineOp<RebroadcastParams>({
  name: 'rebroadcast',
  family: 'shape',
  inferTypes([x], { axes }) {
    const shp = [...x!.type.shape];
    for (const [d, b] of axes) {
      if (!Number.isInteger(d) || d < 0 || d >= x!.ndim) {
        throw new TypeError(
          `${rebroadcastLabel(axes)}: dimension ${d} is out of range for ${x} of ${x!.ndim} dimensions`,
        );
      }
      const s = shp[d];
      if (b) {
        if (s !== null && s !== 1) {
          throw new TypeError(
            `${rebroadcastLabel(axes)}: dimension ${d} of ${x} (${x!.type}) has size ${s}, so it cannot be broadcastable`,
          );
        }
        shp[d] = 1;
      } else if (s === 1) {
        shp[d] = null;
      }
    }
    return [TensorType.fromShape(x!.dtype, shp)];
  },
  // the gradient goes back under the input's pattern
  grad([x], _o, [gz], { axes }) {
    if (!gz) return [null];
    return [
      rebroadcastTo(
        gz,
        axes.map(([d]) => [d, x!.broadcastable[d]!] as const),
      ),
    ];
  },
  format: ({ axes }) => rebroadcastLabel(axes),
  perform: ([x], { axes }) => [P.rebroadcast(x!, axes, rebroadcastLabel(axes))],
  inferShape: (_n, _o, axis, dim, { axes }) => (axes.some(([d, b]) => d === axis && b) ? 1 : dim(0, axis)),
});

function rebroadcastTo(v: TensorVariable, axes: readonly (readonly [number, boolean])[]): TensorVariable {
  const changed = axes.filter(([d, b]) => v.broadcastable[d] !== b);
  if (changed.length === 0) return v;
  return applyOp(new Op(REBROADCAST, { axes: changed.map(([d, b]) => [d, b] as const) }), [v]).outputs[0]!;
}

/** Theano's `addbroadcast(x, *axes)`: `x` with `axes` made broadcastable (they must have size 1 at run time). */
export function addbroadcast(x: TensorLike, ...axes: number[]): TensorVariable {
  const v = asTensorVariable(x, 'addbroadcast');
  return rebroadcastTo(
    v,
    axes.map((a) => [normAxis(a, v.ndim, 'addbroadcast'), true] as const),
  );
}

/** Theano's `unbroadcast(x, *axes)`: `x` with `axes` made not broadcastable. */
export function unbroadcast(x: TensorLike, ...axes: number[]): TensorVariable {
  const v = asTensorVariable(x, 'unbroadcast');
  return rebroadcastTo(
    v,
    axes.map((a) => [normAxis(a, v.ndim, 'unbroadcast'), false] as const),
  );
}

/** Theano's `patternbroadcast(x, pattern)`: `x` with the broadcastable flags `pattern` (one per dimension). */
export function patternbroadcast(x: TensorLike, pattern: readonly boolean[]): TensorVariable {
  const v = asTensorVariable(x, 'patternbroadcast');
  if (pattern.length !== v.ndim) {
    throw new TypeError(
      `patternbroadcast: the pattern ${JSON.stringify(pattern)} has ${pattern.length} entries, but ${v} has ${v.ndim} dimensions`,
    );
  }
  return rebroadcastTo(
    v,
    pattern.map((b, d) => [d, Boolean(b)] as const),
  );
}

// ---------------------------------------------------------------- RepeatOp

/** Parameters of `RepeatOp`: the axis. */
export interface RepeatParams {
  /** The axis repeated along. */
  axis: number;
}

/** `RepeatOp{axis}`: inputs `[x, repeats]` (an int scalar or vector); numpy's repeat along the axis. */
export const REPEAT = defineOp<RepeatParams>({
  name: 'repeat',
  family: 'shape',
  inferTypes([x, r], { axis }) {
    normAxis(axis, x!.ndim, 'RepeatOp');
    if (r!.ndim > 1 || !isIntDType(r!.dtype)) {
      throw new TypeError(`RepeatOp: repeats must be an integer scalar or vector, got ${r} (${r!.type})`);
    }
    const n = x!.type.shape[axis]!;
    if (r!.ndim === 1 && n !== null && r!.type.shape[0] !== null && r!.type.shape[0] !== n) {
      throw new TypeError(
        `RepeatOp: ${r!.type.shape[0]} repeat counts for axis ${axis} of ${x} (${x!.type}) of size ${n}: they must be equal`,
      );
    }
    let size: number | null = null;
    if (r instanceof TensorConstant) {
      const vals = Array.from(r.value.toFloat64());
      if (r.ndim === 1) size = vals.reduce((p, v) => p + v, 0);
      else if (n !== null) size = n * vals[0]!;
    }
    return [
      TensorType.fromShape(
        x!.dtype,
        x!.type.shape.map((s, d) => (d === axis ? size : s)),
      ),
    ];
  },
  // scalar repeats: gz seen as (…, n, r, …) and summed over r (vector repeats: not implemented, as Theano)
  grad([x, r], _o, [gz], { axis }) {
    if (!gz) return [null, null];
    if (r!.ndim === 1) {
      throw new Error(
        'RepeatOp: the gradient with a vector of repeat counts is not implemented (as in Theano); use a scalar count',
      );
    }
    const dims: TensorVariable[] = [];
    for (let d = 0; d < x!.ndim; d++) {
      dims.push(shapeI(x!, d));
      if (d === axis) dims.push(cast(r!, 'int64'));
    }
    const g = sum(reshape(gz, dims), { axis: axis + 1 });
    return [g.dtype === x!.dtype ? g : cast(g, x!.dtype), null];
  },
  connection: () => [true, false],
  format: ({ axis }) => `RepeatOp{axis=${axis}}`,
  perform: ([x, r], { axis }) => [P.repeat(x!, r!, axis)],
  inferShape: (_n, _o, axis, dim, p) => (axis === p.axis ? null : dim(0, axis)),
});

/**
 * numpy's `repeat(x, repeats, axis=None)`: each element along `axis` repeated `repeats` times (a number or
 * an int scalar), or `repeats[i]` times (an int vector); with no axis, `x` is flattened first.
 */
export function repeat(
  x: TensorLike,
  repeats: number | readonly number[] | TensorVariable,
  axis: number | null = null,
): TensorVariable {
  let v = asTensorVariable(x, 'repeat');
  let r: TensorVariable;
  if (repeats instanceof TensorVariable) r = repeats;
  else {
    const nums = typeof repeats === 'number' ? [repeats] : [...repeats];
    if (nums.some((n) => !Number.isInteger(n) || n < 0)) {
      throw new TypeError(`repeat: repeats must be non-negative integers, got ${JSON.stringify(repeats)}`);
    }
    r = typeof repeats === 'number' ? constant(repeats, { dtype: 'int64' }) : constant(nums, { dtype: 'int64' });
  }
  if (r.ndim > 1 || !isIntDType(r.dtype)) {
    throw new TypeError(`repeat: repeats must be an integer scalar or vector, got ${r} (${r.type})`);
  }
  let a: number;
  if (axis === null) {
    v = reshape(v, [-1]);
    a = 0;
  } else {
    a = normAxis(axis, v.ndim, 'repeat');
  }
  return applyOp(new Op(REPEAT, { axis: a }), [v, r]).outputs[0]!;
}

// ---------------------------------------------------------------- Choose

/** `Choose`: inputs `[a, ...choices]`; numpy's choose in mode 'raise' (every input broadcast together). */
export const CHOOSE = defineOp<Record<string, never>>({
  name: 'choose',
  family: 'shape',
  inferTypes([a, ...choices]) {
    if (!isIntDType(a!.dtype)) throw new TypeError(`Choose: the index array must be integers, got ${a} (${a!.type})`);
    if (choices.length === 0) throw new TypeError('Choose: no choices given');
    const shp = broadcastTypes('Choose', [a!, ...choices]);
    return [TensorType.fromShape(promoteTypes(...choices.map((c) => c.dtype)), shp)];
  },
  // choice k receives gz where a == k, summed back to its shape
  grad([a, ...choices], _o, [gz]) {
    return [null, ...choices.map((c, k) => (gz ? reduceToInput(mul(gz, cast(eq(a!, k), gz.dtype)), c) : null))];
  },
  connection: (n) => [false, ...new Array<boolean>(n - 1).fill(true)],
  format: () => "Choose{mode='raise'}",
  perform([a, ...choices], _p, node) {
    checkedBroadcastShape(node, [a!.shape, ...choices.map((c) => c.shape)]);
    return [P.choose(a!, choices, node.outputs[0]!.dtype as DType)];
  },
  // the size of an input that is not broadcastable there (the typed rule makes them all equal), else 1
  inferShape(node, _out, axis, dim) {
    const k = node.inputs.findIndex((v) => !v.broadcastable[axis]);
    return k < 0 ? 1 : dim(k, axis);
  },
});

/**
 * numpy's `choose(a, choices)` (mode 'raise'): `out[i] = choices[a[i]][i]`, all broadcast together;
 * `choices` is a list of tensors, or one tensor whose first dimension (of known size) lists them.
 */
export function choose(a: TensorLike, choices: readonly TensorLike[] | TensorVariable): TensorVariable {
  const av = asTensorVariable(a, 'choose');
  let list: TensorVariable[];
  if (choices instanceof TensorVariable) {
    const n = choices.type.shape[0];
    if (choices.ndim === 0 || n === null || n === undefined) {
      throw new TypeError(
        `choose: a tensor of choices must have a first dimension of known size, got ${choices} (${choices.type})`,
      );
    }
    const pieces = n === 1 ? [choices] : split(choices, new Array<number>(n).fill(1), n, 0);
    list = pieces.map((p) =>
      reshape(
        p,
        Array.from({ length: p.ndim - 1 }, (_, d) => shapeI(choices, d + 1)),
      ),
    );
    if (choices.ndim === 1) list = pieces.map((p) => reshape(p, []));
  } else {
    list = choices.map((c, k) => asTensorVariable(c, `choose choice ${k}`));
  }
  const vars = padToRank([av, ...list]);
  return applyOp(new Op(CHOOSE, {}), vars).outputs[0]!;
}
