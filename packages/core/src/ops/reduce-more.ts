/**
 * The reductions beyond `Sum`, `Max` and `Min`: `Prod` (with Theano's gradient, exact where inputs hold
 * zeros), `Argmax` (int64 indices; numpy's rules on ties and NaN), `All` / `Any` (bool), Theano's `CumOp`
 * (cumulative sum and product along one axis) and `DiffOp`'s forward and adjoint steps (numpy's `diff`).
 * The user functions built on them live in `tensor/family-reduce.ts`.
 */
import { type DType, dtypeKind, isDiscreteDType } from '../dtype.js';
import { type Apply, applyOp, Op } from '../graph/apply.js';
import { asTensorVariable, constant } from '../graph/constant.js';
import type { TensorLike, TensorVariable } from '../graph/variable.js';
import * as PR from '../perform/reduce.js';
import { TensorType } from '../type.js';
import { add, cast, eq, gt, maximum, mul, neq, sub, trueDiv } from './elemwise.js';
import { type DefinedOp, defineOp } from './op-def.js';
import { sum, sumDType } from './reduce.js';
import { dimshuffle } from './shape.js';

/** Parameters of an axis reduction (sorted axes; null for all). */
export interface AxesParams {
  /** The reduced axes, sorted (null: all). */
  axis: readonly number[] | null;
}

/** Parameters of `Prod`: the reduced axes and Theano's accumulator dtype. */
export interface ProdParams extends AxesParams {
  /** The accumulator dtype (Theano's `acc_dtype`). */
  accDtype: DType;
}

/** Parameters of `Argmax`: the reduced axes, every one listed (Theano normalizes None to all axes). */
export interface ArgmaxParams {
  /** The reduced axes, every one listed. */
  axis: readonly number[];
}

/** Parameters of `CumOp`: the axis and the operation (`add`: cumsum, `mul`: cumprod). */
export interface CumOpParams {
  /** The axis accumulated along. */
  axis: number;
  /** `add` (cumsum) or `mul` (cumprod). */
  mode: 'add' | 'mul';
}

/** Parameters of `DiffOp`: the axis, and whether this is the adjoint step (the gradient of one difference). */
export interface DiffParams {
  /** The axis differenced along. */
  axis: number;
  /** The adjoint step (the gradient of one difference) instead of the difference. */
  adjoint: boolean;
}

function keptShape(x: TensorVariable, axis: readonly number[] | null): (number | null)[] {
  return x.type.shape.filter((_, d) => axis !== null && !axis.includes(d));
}

/** The order that puts reduced axes back as broadcastable dimensions. */
export function restoreOrder(ndim: number, axis: readonly number[] | null): (number | 'x')[] {
  const order: (number | 'x')[] = [];
  let k = 0;
  for (let d = 0; d < ndim; d++) order.push(axis === null || axis.includes(d) ? 'x' : k++);
  return order;
}

function keptInferShape(
  node: Apply,
  axis: number,
  dim: (input: number, axis: number) => TensorVariable,
  reduced: readonly number[] | null,
): TensorVariable | null {
  if (reduced === null) return null;
  const kept = [...Array(node.inputs[0]!.ndim).keys()].filter((d) => !reduced.includes(d));
  return kept[axis] === undefined ? null : dim(0, kept[axis]);
}

function accDType(d: DType): DType {
  const kind = dtypeKind(d);
  if (kind === 'bool' || kind === 'int') return 'int64';
  if (kind === 'float') return 'float64';
  return 'complex128';
}

/** `Prod{axis=[...], acc_dtype=...}`: the product over the axes (integers and bool give int64, as Sum). */
export const PROD: DefinedOp<ProdParams> = defineOp<ProdParams>({
  name: 'prod',
  family: 'reduce',
  inferTypes([x], { axis }) {
    if (dtypeKind(x!.dtype) === 'complex')
      throw new TypeError(`prod: complex values (${x} is ${x!.dtype}) are not supported`);
    return [TensorType.fromShape(sumDType(x!.dtype), keptShape(x!, axis))];
  },
  // d prod / d x_i = the product of the other elements of x_i's slice: prod / x_i where the slice has no
  // zero; at the single zero of a slice with exactly one, the product of the nonzero elements; 0 elsewhere
  grad([x], [z], [gz], { axis }) {
    if (!gz || isDiscreteDType(x!.dtype)) return [null];
    const order = restoreOrder(x!.ndim, axis);
    const dt = x!.dtype;
    const isZero = cast(eq(x!, 0), dt);
    const safe = add(x!, isZero); // zeros replaced by ones
    const zerosIn = dimshuffle(sum(isZero, { axis }), order);
    const oneZero = cast(eq(zerosIn, 1), dt);
    const withoutZeros = dimshuffle(applyOp(new Op(PROD, { axis, accDtype: accDType(dt) }), [safe]).outputs[0]!, order);
    const others = add(trueDiv(dimshuffle(z!, order), safe), mul(isZero, oneZero, withoutZeros));
    return [cast(mul(dimshuffle(gz, order), others), dt)];
  },
  format: ({ axis, accDtype }) =>
    axis === null ? `Prod{acc_dtype=${accDtype}}` : `Prod{axis=[${axis.join(', ')}], acc_dtype=${accDtype}}`,
  inferShape: (node, _o, axis, dim, { axis: reduced }) => keptInferShape(node, axis, dim, reduced),
  perform: ([x], { axis }, node) => [PR.prod(x!, axis, node.outputs[0]!.dtype)],
});

function pyTuple(axis: readonly number[]): string {
  return axis.length === 1 ? `(${axis[0]},)` : `(${axis.join(', ')})`;
}

/** `Argmax{axis=(1,)}`: the int64 index of the first maximum along the axes (flattened over several); NaN wins. */
export const ARGMAX: DefinedOp<ArgmaxParams> = defineOp<ArgmaxParams>({
  name: 'argmax',
  family: 'reduce',
  inferTypes([x], { axis }) {
    if (dtypeKind(x!.dtype) === 'complex') {
      throw new TypeError(`argmax: complex values (${x} is ${x!.dtype}) have no ordering`);
    }
    return [TensorType.fromShape('int64', keptShape(x!, axis))];
  },
  grad: () => [null],
  connection: () => [false],
  format: ({ axis }) => `Argmax{axis=${pyTuple(axis)}}`,
  inferShape: (node, _o, axis, dim, { axis: reduced }) => keptInferShape(node, axis, dim, reduced),
  perform: ([x], { axis }) => [PR.argmax(x!, axis)],
});

function boolReduce(name: 'all' | 'any', label: string): DefinedOp<AxesParams> {
  return defineOp<AxesParams>({
    name,
    family: 'reduce',
    inferTypes: ([x], { axis }) => [TensorType.fromShape('bool', keptShape(x!, axis))],
    grad: () => [null],
    connection: () => [false],
    format: ({ axis }) => (axis === null ? label : `${label}{${axis.join(', ')}}`),
    inferShape: (node, _o, axis, dim, { axis: reduced }) => keptInferShape(node, axis, dim, reduced),
    perform: ([x], { axis }) => [PR.logical(x!, axis, name === 'all')],
    // all: no zero in the slice; any: some nonzero (counted, so an empty slice gives numpy's True / False)
    decompose: ([x], { axis }) =>
      name === 'all'
        ? [eq(sum(cast(eq(x!, 0), 'int64'), { axis }), 0)]
        : [gt(sum(cast(neq(x!, 0), 'int64'), { axis }), 0)],
  });
}

/** `All{axes}`: whether every element of the slice is nonzero (bool). */
export const ALL = boolReduce('all', 'All');
/** `Any{axes}`: whether some element of the slice is nonzero (bool). */
export const ANY = boolReduce('any', 'Any');

/** The output dtype of cumsum / cumprod: the input's (Theano's CumOp), bool counted in int64 (numpy). */
export function cumDType(d: DType): DType {
  return d === 'bool' ? 'int64' : d;
}

/** Σ_{j ≥ i} g_j along `axis`: the total minus the running sum before i. */
function reverseCumsum(g: TensorVariable, axis: number): TensorVariable {
  return add(sub(sum(g, { axis: [axis], keepdims: true }), cumOp(g, axis, 'add')), g);
}

/** Theano's `CumOp{axis, mode}`: cumulative sum (`add`) or product (`mul`) along one axis. */
export const CUMOP: DefinedOp<CumOpParams> = defineOp<CumOpParams>({
  name: 'cumop',
  family: 'reduce',
  inferTypes([x], { axis, mode }) {
    if (!Number.isInteger(axis) || axis < 0 || axis >= x!.ndim) {
      throw new TypeError(
        `${mode === 'add' ? 'cumsum' : 'cumprod'}: axis ${axis} is out of range for ${x} of ${x!.ndim} dimensions`,
      );
    }
    if (dtypeKind(x!.dtype) === 'complex') {
      throw new TypeError(
        `${mode === 'add' ? 'cumsum' : 'cumprod'}: complex values (${x} is ${x!.dtype}) are not supported`,
      );
    }
    return [TensorType.fromShape(cumDType(x!.dtype), x!.type.shape)];
  },
  // cumsum: the gradient summed backwards (a reverse cumsum); cumprod (Theano): reverse cumsum of
  // cumprod(x)·gz, divided by x (undefined where x holds zeros, as Theano's)
  grad([x], [z], [gz], { axis, mode }) {
    if (!gz || isDiscreteDType(x!.dtype)) return [null];
    if (mode === 'add') return [cast(reverseCumsum(gz, axis), x!.dtype)];
    return [cast(trueDiv(reverseCumsum(mul(z!, gz), axis), x!), x!.dtype)];
  },
  format: ({ axis, mode }) => `CumOp{${axis}, ${mode}}`,
  inferShape: (_node, _o, axis, dim) => dim(0, axis),
  perform: ([x], { axis, mode }, node) => [PR.cumulative(x!, axis, mode === 'mul', node.outputs[0]!.dtype)],
});

/** `CumOp{axis, mode}` applied to `x` (axis already normalized). */
export function cumOp(x: TensorVariable, axis: number, mode: 'add' | 'mul'): TensorVariable {
  return applyOp(new Op(CUMOP, { axis, mode }), [x]).outputs[0]!;
}

/**
 * `DiffOp{axis}`: x[1:] - x[:-1] along the axis (one step of numpy's diff); the adjoint step maps g of
 * length m to length m + 1: y_0 = -g_0, y_i = g_{i-1} - g_i, y_m = g_{m-1} (its gradient).
 */
export const DIFF: DefinedOp<DiffParams> = defineOp<DiffParams>({
  name: 'diff',
  family: 'reduce',
  inferTypes([x], { axis, adjoint }) {
    if (!Number.isInteger(axis) || axis < 0 || axis >= x!.ndim) {
      throw new TypeError(`diff: axis ${axis} is out of range for ${x} of ${x!.ndim} dimensions`);
    }
    if (dtypeKind(x!.dtype) === 'complex')
      throw new TypeError(`diff: complex values (${x} is ${x!.dtype}) are not supported`);
    if (x!.dtype === 'bool') throw new TypeError(`diff: ${x} is bool; numpy's diff of booleans is not supported`);
    const shape = [...x!.type.shape];
    const n = shape[axis];
    if (typeof n === 'number') shape[axis] = adjoint ? n + 1 : Math.max(n - 1, 0);
    return [TensorType.fromShape(x!.dtype, shape)];
  },
  grad([x], _z, [gz], { axis, adjoint }) {
    if (!gz || isDiscreteDType(x!.dtype)) return [null];
    return [applyOp(new Op(DIFF, { axis, adjoint: !adjoint }), [gz]).outputs[0]!];
  },
  format: ({ axis, adjoint }) => (adjoint ? `DiffGrad{axis=${axis}}` : `DiffOp{n=1, axis=${axis}}`),
  inferShape(_node, _o, a, dim, { axis, adjoint }) {
    if (a !== axis) return dim(0, a);
    const d = dim(0, a);
    if (adjoint) return add(d, constant(1, { dtype: 'int64' }));
    return maximum(sub(d, constant(1, { dtype: 'int64' })), constant(0, { dtype: 'int64' }));
  },
  perform: ([x], { axis, adjoint }) => [PR.diffStep(x!, axis, adjoint)],
});

/** One forward difference step of `x` along a normalized `axis`. */
export function diffStep(x: TensorLike, axis: number): TensorVariable {
  return applyOp(new Op(DIFF, { axis, adjoint: false }), [asTensorVariable(x, 'diff')]).outputs[0]!;
}

/** `Prod` over normalized axes (null: all). */
export function prodOp(x: TensorVariable, axis: readonly number[] | null): TensorVariable {
  return applyOp(new Op(PROD, { axis, accDtype: accDType(x.dtype) }), [x]).outputs[0]!;
}

/** `Argmax` over normalized axes (every one listed). */
export function argmaxOp(x: TensorVariable, axis: readonly number[]): TensorVariable {
  return applyOp(new Op(ARGMAX, { axis }), [x]).outputs[0]!;
}

/** `All` / `Any` over normalized axes (null: all). */
export function boolReduceOp(x: TensorVariable, axis: readonly number[] | null, isAll: boolean): TensorVariable {
  return applyOp(new Op(isAll ? ALL : ANY, { axis }), [x]).outputs[0]!;
}

/** Parameters of `Median`: the one axis reduced (several are merged into one by `T.median`). */
export interface MedianParams {
  /** The axis reduced. */
  axis: number;
}

/** numpy's median's output dtype: floats keep theirs, integers and bool give float64. */
function medianDType(d: DType): DType {
  return dtypeKind(d) === 'float' ? d : 'float64';
}

/**
 * `Median{axis}`: numpy's median along one axis (the middle element of the sorted slice, or the mean of
 * the two middle ones; NaN where the slice holds NaN). Not differentiable (Theano has no median).
 */
export const MEDIAN: DefinedOp<MedianParams> = defineOp<MedianParams>({
  name: 'median',
  family: 'reduce',
  inferTypes([x], { axis }) {
    if (!Number.isInteger(axis) || axis < 0 || axis >= x!.ndim) {
      throw new TypeError(`median: axis ${axis} is out of range for ${x} of ${x!.ndim} dimensions`);
    }
    if (dtypeKind(x!.dtype) === 'complex') {
      throw new TypeError(`median: complex values (${x} is ${x!.dtype}) have no ordering`);
    }
    return [TensorType.fromShape(medianDType(x!.dtype), keptShape(x!, [axis]))];
  },
  grad([x]) {
    throw new TypeError(`median: the gradient of the median of ${x} is not implemented (Theano has no median)`);
  },
  format: ({ axis }) => `Median{axis=${axis}}`,
  inferShape: (node, _o, a, dim, { axis }) => keptInferShape(node, a, dim, [axis]),
  perform: ([x], { axis }, node) => [PR.median(x!, axis, node.outputs[0]!.dtype)],
});

/** `Median` along a normalized axis. */
export function medianOp(x: TensorVariable, axis: number): TensorVariable {
  return applyOp(new Op(MEDIAN, { axis }), [x]).outputs[0]!;
}
