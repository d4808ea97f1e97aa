/**
 * Sorting and counting: `SortOp`, `ArgSortOp`, `TopKOp` (PyTensor's, values and indices), `Unique`,
 * `BinCountOp`, `SearchsortedOp`, `ToOneHot`, `FillDiagonal`, `FillDiagonalOffset`, and the two gathers
 * their gradients use: `TakeAlongAxis` (numpy's take_along_axis) and its transpose `ScatterAddAlongAxis`.
 * Every order here is numpy's (NaN last) and stable: equal elements keep their index order.
 */
import { type DType, dtypeKind, isDiscreteDType, isIntDType, promote2 } from '../dtype.js';
import { type Apply, applyOp, Op } from '../graph/apply.js';
import { asTensorVariable, constant } from '../graph/constant.js';
import { TensorConstant, type TensorLike, type TensorVariable } from '../graph/variable.js';
import * as PS from '../perform/sort.js';
import { TensorType } from '../type.js';
import { cast, mul, zerosLike } from './elemwise.js';
import { defineOp } from './op-def.js';
import { sum } from './reduce.js';
import { flatten } from './shape.js';

const py = (b: boolean): string => (b ? 'True' : 'False');

function checkOrdered(op: string, x: TensorVariable): void {
  if (dtypeKind(x.dtype) === 'complex')
    throw new TypeError(`${op}: complex values (${x} is ${x.dtype}) have no ordering`);
}

function checkAxisParam(op: string, x: TensorVariable, axis: number): void {
  if (!Number.isInteger(axis) || axis < 0 || axis >= x.ndim) {
    throw new TypeError(`${op}: axis ${axis} is out of range for ${x} of ${x.ndim} dimensions`);
  }
}

/** Normalizes a user axis against `ndim` (negative counts from the end); a TypeError naming `fn` when out of range. */
export function sortAxis(fn: string, ndim: number, axis: number): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new TypeError(`${fn}: axis ${axis} is out of range for a tensor of ${ndim} dimensions`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Parameters of `SortOp` / `ArgSortOp`: the axis (non-negative) and numpy's `kind` (every kind sorts stably). */
export interface SortParams {
  /** The axis sorted along (non-negative). */
  axis: number;
  /** numpy's `kind`, kept for printing (every kind sorts stably). */
  kind: string;
}

/** `SortOp{quicksort, None}`: `np.sort` along an axis (NaN last). */
export const SORT = defineOp<SortParams>({
  name: 'sort',
  family: 'sort',
  inferTypes([x], { axis }) {
    checkOrdered('SortOp', x!);
    checkAxisParam('SortOp', x!, axis);
    return [x!.type];
  },
  // d sort(x) = dz put back where each element came from: dz taken at the inverse permutation
  grad([x], _o, [gz], { axis, kind }) {
    if (!gz || isDiscreteDType(x!.dtype)) return [null];
    const inv = argsortOp(argsortOp(x!, axis, kind), axis, kind);
    return [takeAlongAxis(gz, inv, axis)];
  },
  format: ({ kind }) => `SortOp{${kind}, None}`,
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
  perform: ([x], { axis }) => [PS.sort(x!, axis)],
});

/** `ArgSortOp{quicksort, None}`: the int64 indices that sort along an axis (stable). */
export const ARGSORT = defineOp<SortParams>({
  name: 'argsort',
  family: 'sort',
  inferTypes([x], { axis }) {
    checkOrdered('ArgSortOp', x!);
    checkAxisParam('ArgSortOp', x!, axis);
    return [TensorType.fromShape('int64', x!.type.shape)];
  },
  grad: () => [null],
  connection: () => [false],
  format: ({ kind }) => `ArgSortOp{${kind}, None}`,
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
  perform: ([x], { axis }) => [PS.argsort(x!, axis)],
});

function argsortOp(x: TensorVariable, axis: number, kind: string): TensorVariable {
  return applyOp(new Op(ARGSORT, { axis, kind }), [x]).outputs[0]!;
}

/** `SortOp` on `x` along `axis` (null: flattened). */
export function sortOp(x: TensorLike, axis: number | null, kind: string, fn = 'sort'): TensorVariable {
  let v = asTensorVariable(x, fn);
  if (axis === null) {
    v = v.ndim === 1 ? v : flatten(v);
    axis = 0;
  }
  return applyOp(new Op(SORT, { axis: sortAxis(fn, v.ndim, axis), kind }), [v]).outputs[0]!;
}

/** `ArgSortOp` on `x` along `axis` (null: flattened). */
export function argsortOf(x: TensorLike, axis: number | null, kind: string, fn = 'argsort'): TensorVariable {
  let v = asTensorVariable(x, fn);
  if (axis === null) {
    v = v.ndim === 1 ? v : flatten(v);
    axis = 0;
  }
  checkOrdered(fn, v);
  return argsortOp(v, sortAxis(fn, v.ndim, axis), kind);
}

/** Parameters of `TopKOp`: the axis, kth (> 0: the largest, < 0: the smallest), sorted, the indices' dtype. */
export interface TopKParams {
  /** The axis searched. */
  axis: number;
  /** How many values, and which: kth > 0 the kth largest, kth < 0 the |kth| smallest. */
  kth: number;
  /** Theano's `sorted` flag, kept for printing. */
  sorted: boolean;
  /** The dtype of the indices output. */
  idxDtype: DType;
}

/** `TopKOp{axis=-1, sorted=True}`: two outputs, the top |kth| values and their indices along the axis. */
export const TOPK = defineOp<TopKParams>({
  name: 'topk',
  family: 'sort',
  inferTypes([x], { axis, kth, idxDtype }) {
    checkOrdered('TopKOp', x!);
    checkAxisParam('TopKOp', x!, axis);
    const n = x!.type.shape[axis];
    const k = Math.abs(kth);
    if (!Number.isInteger(kth) || kth === 0) throw new TypeError(`TopKOp: kth must be a nonzero integer, got ${kth}`);
    if (typeof n === 'number' && k > n) {
      throw new TypeError(`TopKOp: |kth| = ${k} is larger than the size ${n} of axis ${axis} of ${x}`);
    }
    if (!isIntDType(idxDtype)) throw new TypeError(`TopKOp: idxDtype must be an integer dtype, got ${idxDtype}`);
    const shape = x!.type.shape.map((s, d) => (d === axis ? k : s));
    return [TensorType.fromShape(x!.dtype, shape), TensorType.fromShape(idxDtype, shape)];
  },
  // d topk(x) = dz scattered back to the positions the values came from
  grad([x], [, idx], [gz], { axis }) {
    if (!gz || isDiscreteDType(x!.dtype)) return [null];
    return [scatterAddAlongAxis(x!, gz, idx!, axis)];
  },
  format: ({ axis, sorted }) => `TopKOp{axis=${axis}, sorted=${py(sorted)}}`,
  inferShape: (_n, _o, axis, dim, { axis: a, kth }) => (axis === a ? Math.abs(kth) : dim(0, axis)),
  perform: ([x], { axis, kth, idxDtype }) => PS.topk(x!, kth, axis, idxDtype),
});

/** The `TopKOp` node of `x` (values and indices). */
export function topkNode(
  x: TensorLike,
  kth: number,
  axis: number,
  sorted: boolean,
  idxDtype: DType,
  fn: string,
): Apply {
  const v = asTensorVariable(x, fn);
  if (typeof kth !== 'number') throw new TypeError(`${fn}: kth must be a number (a static size), got ${String(kth)}`);
  return applyOp(new Op(TOPK, { axis: sortAxis(fn, v.ndim, axis), kth, sorted, idxDtype }), [v]);
}

/** Parameters of `Unique`: which of numpy's extra outputs it returns, and the axis (null: flattened). */
export interface UniqueParams {
  /** Also output the index of each unique value's first occurrence. */
  returnIndex: boolean;
  /** Also output, per element, the index of its value among the unique ones. */
  returnInverse: boolean;
  /** Also output how many times each unique value occurs. */
  returnCounts: boolean;
  /** The axis whose slices are compared (null: the flattened elements). */
  axis: number | null;
}

/**
 * `Unique{return_index=False, return_inverse=False, return_counts=False}` (`, axis=k` appended when given):
 * np.unique of the flattened input, or of its slices along an axis.
 */
export const UNIQUE = defineOp<UniqueParams>({
  name: 'unique',
  family: 'sort',
  inferTypes([x], { returnIndex, returnInverse, returnCounts, axis }) {
    checkOrdered('Unique', x!);
    if (axis !== null) checkAxisParam('Unique', x!, axis);
    const sizes = x!.type.shape;
    const valueShape = axis === null ? [null] : sizes.map((s, d) => (d === axis ? null : s));
    const types = [TensorType.fromShape(x!.dtype, valueShape)];
    if (returnIndex) types.push(TensorType.fromShape('int64', [null]));
    if (returnInverse) {
      const all = sizes.every((s) => typeof s === 'number') ? (sizes as number[]).reduce((a, b) => a * b, 1) : null;
      types.push(TensorType.fromShape('int64', [axis === null ? all : (sizes[axis] ?? null)]));
    }
    if (returnCounts) types.push(TensorType.fromShape('int64', [null]));
    return types;
  },
  grad: () => [null],
  connection: () => [false],
  format: ({ returnIndex, returnInverse, returnCounts, axis }) =>
    `Unique{return_index=${py(returnIndex)}, return_inverse=${py(returnInverse)}, return_counts=${py(returnCounts)}${axis === null ? '' : `, axis=${axis}`}}`,
  // the inverse has the input's size (along the axis); the values keep the other sizes
  inferShape(node, out, k, dim, { returnIndex, returnInverse, axis }) {
    const x = node.inputs[0]!;
    if (out === 0) return axis !== null && k !== axis ? dim(0, k) : null;
    if (!returnInverse || out !== (returnIndex ? 2 : 1)) return null;
    if (axis !== null) return dim(0, axis);
    if (x.ndim === 0) return 1;
    let p = dim(0, 0);
    for (let d = 1; d < x.ndim; d++) p = mul(p, dim(0, d));
    return p;
  },
  perform: ([x], flags) => PS.unique(x!, flags),
});

/** Parameters of `BinCountOp`: the least length of the result. */
export interface BinCountParams {
  /** The least length of the output (null: none). */
  minlength: number | null;
}

/** `BinCountOp{minlength=None}`: np.bincount(x[, weights]); x's dtype (weights' with weights), as Theano. */
export const BINCOUNT = defineOp<BinCountParams>({
  name: 'bincount',
  family: 'sort',
  inferTypes([x, w]) {
    if (x!.ndim !== 1 || !isIntDType(x!.dtype)) {
      throw new TypeError(`BinCountOp: x must be a 1-d integer tensor, got ${x} (${x!.type})`);
    }
    if (w && w.ndim !== 1) throw new TypeError(`BinCountOp: weights must be 1-d like x, got ${w} (${w.type})`);
    if (w && dtypeKind(w.dtype) === 'complex') throw new TypeError(`BinCountOp: weights must be real, got ${w.dtype}`);
    return [TensorType.fromShape(w ? w.dtype : x!.dtype, [null])];
  },
  // d bincount(x, w)[j] = Σ_{i: x[i] = j} dw[i]: dw = dz[x]
  grad([x, w], _o, [gz]) {
    if (!w || !gz || isDiscreteDType(w.dtype)) return [null, null];
    return [null, cast(takeAlongAxis(gz, x!, 0), w.dtype)];
  },
  connection: (nin) => (nin === 2 ? [false, true] : [false]),
  format: ({ minlength }) => `BinCountOp{minlength=${minlength === null ? 'None' : minlength}}`,
  perform: ([x, w], { minlength }, node) => [PS.bincount(x!, w ?? null, minlength ?? 0, node.outputs[0]!.dtype)],
});

/** Parameters of `SearchsortedOp`: which side a value equal to an element goes to. */
export interface SearchsortedParams {
  /** `left`: the first suitable index; `right`: the last. */
  side: 'left' | 'right';
}

/** `SearchsortedOp{side='left'}`: int64 insertion indices of v into the sorted 1-d a (optionally via sorter). */
export const SEARCHSORTED = defineOp<SearchsortedParams>({
  name: 'searchsorted',
  family: 'sort',
  inferTypes([a, v, sorter]) {
    if (a!.ndim !== 1) throw new TypeError(`SearchsortedOp: a must be 1-d, got ${a} (${a!.type})`);
    checkOrdered('SearchsortedOp', a!);
    checkOrdered('SearchsortedOp', v!);
    if (sorter && (sorter.ndim !== 1 || !isIntDType(sorter.dtype))) {
      throw new TypeError(`SearchsortedOp: sorter must be a 1-d integer tensor, got ${sorter} (${sorter.type})`);
    }
    return [TensorType.fromShape('int64', v!.type.shape)];
  },
  grad: (inputs) => inputs.map(() => null),
  connection: (nin) => Array.from({ length: nin }, () => false),
  format: ({ side }) => `SearchsortedOp{side='${side}'}`,
  inferShape: (_n, _o, axis, dim) => dim(1, axis),
  perform: ([a, v, sorter], { side }) => [PS.searchsorted(a!, v!, side, sorter ?? null)],
});

/** Parameters of `ToOneHot`: the result's dtype. */
export interface ToOneHotParams {
  /** The output dtype. */
  dtype: DType;
}

/** `ToOneHot{dtype='float64'}`: Theano's to_one_hot(y, nb_class): row i is 1 at column y[i]. */
export const TO_ONE_HOT = defineOp<ToOneHotParams>({
  name: 'to_one_hot',
  family: 'sort',
  inferTypes([y, nb], { dtype }) {
    if (y!.ndim !== 1 || !isIntDType(y!.dtype)) {
      throw new TypeError(`to_one_hot: y must be a 1-d integer tensor, got ${y} (${y!.type})`);
    }
    if (nb!.ndim !== 0 || !isIntDType(nb!.dtype)) {
      throw new TypeError(`to_one_hot: nb_class must be an integer scalar, got ${nb} (${nb!.type})`);
    }
    const c = nb instanceof TensorConstant ? nb.value.item() : null;
    return [TensorType.fromShape(dtype, [y!.type.shape[0] ?? null, c])];
  },
  grad: () => [null, null],
  connection: () => [false, false],
  format: ({ dtype }) => `ToOneHot{dtype='${dtype}'}`,
  inferShape: (node, _o, axis, dim) => (axis === 0 ? dim(0, 0) : cast(node.inputs[1]!, 'int64')),
  perform: ([y, nb], { dtype }) => [PS.toOneHot(y!, nb!.item(), dtype)],
});

function checkFillVal(op: string, a: TensorVariable, val: TensorVariable): void {
  if (val.ndim !== 0) throw new TypeError(`${op}: val must be a scalar, got ${val} (${val.type})`);
  if (promote2(a.dtype, val.dtype) !== a.dtype) {
    throw new TypeError(`${op}: val of dtype ${val.dtype} does not fit a of dtype ${a.dtype} (it would upcast a)`);
  }
}

/** `FillDiagonal`: a copy of a (at least 2-d) with the scalar val on its main diagonal. */
export const FILL_DIAGONAL = defineOp<Record<string, never>>({
  name: 'fill_diagonal',
  family: 'sort',
  inferTypes([a, val]) {
    if (a!.ndim < 2) throw new TypeError(`FillDiagonal: a must have at least 2 dimensions, got ${a} (${a!.type})`);
    checkFillVal('FillDiagonal', a!, val!);
    return [a!.type];
  },
  // da = dz with the diagonal zeroed; dval = the sum of dz's diagonal
  grad([a, val], _o, [gz]) {
    if (!gz || isDiscreteDType(a!.dtype)) return [null, null];
    const mask = fillDiagonalOp(zerosLike(gz), constant(1, { dtype: gz.dtype }));
    return [fillDiagonalOp(gz, constant(0, { dtype: gz.dtype })), cast(sum(mul(gz, mask)), val!.dtype)];
  },
  format: () => 'FillDiagonal',
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
  perform: ([a, val]) => [PS.fillDiagonal(a!, val!)],
});

/** `FillDiagonalOffset`: a copy of the matrix a with val on its diagonal `offset` (an integer scalar input). */
export const FILL_DIAGONAL_OFFSET = defineOp<Record<string, never>>({
  name: 'fill_diagonal_offset',
  family: 'sort',
  inferTypes([a, val, offset]) {
    if (a!.ndim !== 2) throw new TypeError(`FillDiagonalOffset: a must be a matrix, got ${a} (${a!.type})`);
    checkFillVal('FillDiagonalOffset', a!, val!);
    if (offset!.ndim !== 0 || !isIntDType(offset!.dtype)) {
      throw new TypeError(`FillDiagonalOffset: offset must be an integer scalar, got ${offset} (${offset!.type})`);
    }
    return [a!.type];
  },
  // da = dz with that diagonal zeroed; dval = the sum of dz along it; offset is not differentiable
  grad([a, val, offset], _o, [gz]) {
    if (!gz || isDiscreteDType(a!.dtype)) return [null, null, null];
    const mask = fillDiagonalOffsetOp(zerosLike(gz), constant(1, { dtype: gz.dtype }), offset!);
    return [
      fillDiagonalOffsetOp(gz, constant(0, { dtype: gz.dtype }), offset!),
      cast(sum(mul(gz, mask)), val!.dtype),
      null,
    ];
  },
  connection: () => [true, true, false],
  format: () => 'FillDiagonalOffset',
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
  perform: ([a, val, offset]) => [PS.fillDiagonalOffset(a!, val!, offset!.item())],
});

function fillDiagonalOp(a: TensorVariable, val: TensorVariable): TensorVariable {
  return applyOp(new Op(FILL_DIAGONAL, {}), [a, val]).outputs[0]!;
}

function fillDiagonalOffsetOp(a: TensorVariable, val: TensorVariable, offset: TensorVariable): TensorVariable {
  return applyOp(new Op(FILL_DIAGONAL_OFFSET, {}), [a, val, offset]).outputs[0]!;
}

/** `val` as a scalar for filling `a`: a JS number takes a's dtype (an integer a needs an integer value). */
function fillValue(fn: string, a: TensorVariable, val: TensorLike): TensorVariable {
  if (typeof val === 'number' || typeof val === 'boolean') {
    const n = Number(val);
    if (isDiscreteDType(a.dtype) && !Number.isInteger(n)) {
      throw new TypeError(`${fn}: val ${n} is not an integer, and a is ${a.dtype}`);
    }
    return constant(n, { dtype: a.dtype });
  }
  return asTensorVariable(val, fn);
}

/** Theano's `fill_diagonal(a, val)`. */
export function fillDiagonal(a: TensorLike, val: TensorLike): TensorVariable {
  const av = asTensorVariable(a, 'fillDiagonal');
  return fillDiagonalOp(av, fillValue('fillDiagonal', av, val));
}

/** Theano's `fill_diagonal_offset(a, val, offset)`. */
export function fillDiagonalOffset(a: TensorLike, val: TensorLike, offset: TensorLike): TensorVariable {
  const av = asTensorVariable(a, 'fillDiagonalOffset');
  let off: TensorVariable;
  if (typeof offset === 'number') {
    if (!Number.isInteger(offset)) throw new TypeError(`fillDiagonalOffset: offset must be an integer, got ${offset}`);
    off = constant(offset, { dtype: 'int64' });
  } else {
    off = asTensorVariable(offset, 'fillDiagonalOffset');
  }
  return fillDiagonalOffsetOp(av, fillValue('fillDiagonalOffset', av, val), off);
}

/** Parameters of the gathers along an axis. */
export interface AlongAxisParams {
  /** The axis indexed along. */
  axis: number;
}

function checkAlong(op: string, x: TensorVariable, idx: TensorVariable, axis: number): void {
  checkAxisParam(op, x, axis);
  if (idx.ndim !== x.ndim || !isIntDType(idx.dtype)) {
    throw new TypeError(`${op}: indices must be an integer tensor of ${x.ndim} dimensions, got ${idx} (${idx.type})`);
  }
}

/** `TakeAlongAxis{axis=0}`: numpy's take_along_axis (what sort's and bincount's gradients gather with). */
export const TAKE_ALONG_AXIS = defineOp<AlongAxisParams>({
  name: 'take_along_axis',
  family: 'sort',
  inferTypes([x, idx], { axis }) {
    checkAlong('TakeAlongAxis', x!, idx!, axis);
    return [
      TensorType.fromShape(
        x!.dtype,
        idx!.type.shape.map((s, d) => (d === axis ? s : (s ?? x!.type.shape[d]!))),
      ),
    ];
  },
  // d x[idx] = dz added back at the positions idx names
  grad([x, idx], _o, [gz], { axis }) {
    if (!gz || isDiscreteDType(x!.dtype)) return [null, null];
    return [scatterAddAlongAxis(x!, gz, idx!, axis), null];
  },
  connection: () => [true, false],
  format: ({ axis }) => `TakeAlongAxis{axis=${axis}}`,
  inferShape: (_n, _o, axis, dim) => dim(1, axis),
  perform: ([x, idx], { axis }) => [PS.takeAlongAxis(x!, idx!, axis)],
});

/** `ScatterAddAlongAxis{axis=0}`: zeros shaped like the first input, with y added at the indexed positions. */
export const SCATTER_ADD_ALONG_AXIS = defineOp<AlongAxisParams>({
  name: 'scatter_add_along_axis',
  family: 'sort',
  inferTypes([like, y, idx], { axis }) {
    checkAlong('ScatterAddAlongAxis', like!, idx!, axis);
    if (y!.ndim !== like!.ndim) {
      throw new TypeError(`ScatterAddAlongAxis: values must have ${like!.ndim} dimensions, got ${y} (${y!.type})`);
    }
    return [TensorType.fromShape(y!.dtype, like!.type.shape)];
  },
  // d scatter(y)[idx] = dz gathered at idx
  grad([, y, idx], _o, [gz], { axis }) {
    if (!gz || isDiscreteDType(y!.dtype)) return [null, null, null];
    return [null, takeAlongAxis(gz, idx!, axis), null];
  },
  connection: () => [false, true, false],
  format: ({ axis }) => `ScatterAddAlongAxis{axis=${axis}}`,
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
  perform: ([like, y, idx], { axis }, node) => [
    PS.scatterAddAlongAxis(like!.shape, y!, idx!, axis, node.outputs[0]!.dtype),
  ],
});

/** `np.take_along_axis(x, idx, axis)` (non-negative indices). */
export function takeAlongAxis(x: TensorVariable, idx: TensorVariable, axis: number): TensorVariable {
  return applyOp(new Op(TAKE_ALONG_AXIS, { axis }), [x, idx]).outputs[0]!;
}

/** Zeros shaped like `like` (of y's dtype) with `y` added at the positions `idx` names along `axis`. */
export function scatterAddAlongAxis(
  like: TensorVariable,
  y: TensorVariable,
  idx: TensorVariable,
  axis: number,
): TensorVariable {
  return applyOp(new Op(SCATTER_ADD_ALONG_AXIS, { axis }), [like, y, idx]).outputs[0]!;
}

/** The sort family's primitives, by name (spread into `PRIMITIVES`). */
export const SORT_PRIMITIVES = {
  sort: SORT,
  argsort: ARGSORT,
  topk: TOPK,
  unique: UNIQUE,
  bincount: BINCOUNT,
  searchsorted: SEARCHSORTED,
  to_one_hot: TO_ONE_HOT,
  fill_diagonal: FILL_DIAGONAL,
  fill_diagonal_offset: FILL_DIAGONAL_OFFSET,
  take_along_axis: TAKE_ALONG_AXIS,
  scatter_add_along_axis: SCATTER_ADD_ALONG_AXIS,
} as const;
