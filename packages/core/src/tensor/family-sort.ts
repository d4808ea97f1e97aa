/**
 * The tensor module's sorting and counting (sort, argsort, topk, unique, bincount, searchsorted, toOneHot, fillDiagonal): the functions of `theano.tensor` and the methods of variables for this family.
 * `tensor/index.ts` spreads `SORT_FUNCTIONS` into `T` (snake_case aliases are added there).
 *
 * Every sort is stable (equal elements keep their index order) whatever `kind` says: numpy's default
 * quicksort is not stable, so where numpy's order among ties is unspecified this one is the stable one.
 */
import { config } from '../config.js';
import { type DType, isDType } from '../dtype.js';
import { applyOp, Op } from '../graph/apply.js';
import { asTensorVariable, constant } from '../graph/constant.js';
import type { TensorLike, TensorVariable } from '../graph/variable.js';
import {
  argsortOf,
  BINCOUNT,
  fillDiagonal as fillDiagonalOf,
  fillDiagonalOffset as fillDiagonalOffsetOf,
  SEARCHSORTED,
  sortAxis,
  sortOp,
  TO_ONE_HOT,
  topkNode,
  UNIQUE,
} from '../ops/sort.js';
import { readArgs } from './args.js';
import { installMethods } from './install.js';

const KINDS = ['quicksort', 'mergesort', 'heapsort', 'stable'];

/** A required argument read by `readArgs` (positional or an option): a TypeError naming it when missing. */
function required(fn: string, name: string, v: unknown): unknown {
  if (v === undefined) throw new TypeError(`${fn}: missing the required argument '${name}'`);
  return v;
}

/** The axis argument: a number, or null for the flattened tensor (default `-1`). */
function readAxis(fn: string, axis: unknown): number | null {
  if (axis === undefined) return -1;
  if (axis === null) return null;
  if (typeof axis !== 'number' || !Number.isInteger(axis)) {
    throw new TypeError(`${fn}: axis must be an integer or null, got ${String(axis)}`);
  }
  return axis;
}

function readKind(fn: string, kind: unknown): string {
  if (kind === undefined) return 'quicksort';
  if (typeof kind !== 'string' || !KINDS.includes(kind)) {
    throw new TypeError(`${fn}: kind must be one of ${KINDS.join(', ')}, got ${String(kind)}`);
  }
  return kind;
}

function checkOrder(fn: string, order: unknown): void {
  if (order !== undefined && order !== null) {
    throw new TypeError(`${fn}: order (sorting structured arrays by field) is not supported; pass null`);
  }
}

function readBool(fn: string, name: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw new TypeError(`${fn}: ${name} must be a boolean, got ${String(v)}`);
  return v;
}

function readDType(fn: string, name: string, v: unknown, dflt: DType): DType {
  if (v === undefined || v === null) return dflt;
  if (!isDType(v)) throw new TypeError(`${fn}: ${name} must be a dtype name, got ${String(v)}`);
  return v;
}

/** `T.sort(x, axis = -1, kind = 'quicksort', order = null)`: sorted along `axis` (null: flattened); NaN last. */
function sort(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const a = readArgs('sort', ['axis', 'kind', 'order'], rest);
  checkOrder('sort', a.order);
  return sortOp(x, readAxis('sort', a.axis), readKind('sort', a.kind));
}

/** `T.argsort(x, axis = -1, kind = 'quicksort', order = null)`: int64 indices that sort `x` (stable). */
function argsort(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const a = readArgs('argsort', ['axis', 'kind', 'order'], rest);
  checkOrder('argsort', a.order);
  return argsortOf(x, readAxis('argsort', a.axis), readKind('argsort', a.kind));
}

interface TopkArgs {
  kth: number;
  axis: number;
  sorted: boolean;
  idxDtype: DType;
}

function readTopk(fn: string, rest: readonly unknown[]): TopkArgs {
  const a = readArgs(fn, ['kth', 'axis', 'sorted', 'idxDtype'], rest);
  const kth = required(fn, 'kth', a.kth);
  if (typeof kth !== 'number' || !Number.isInteger(kth) || kth === 0) {
    throw new TypeError(`${fn}: kth must be a nonzero integer (negative: the smallest), got ${String(kth)}`);
  }
  const axis = readAxis(fn, a.axis);
  if (axis === null) throw new TypeError(`${fn}: axis must be an integer, got null`);
  return {
    kth,
    axis,
    sorted: readBool(fn, 'sorted', a.sorted, true),
    idxDtype: readDType(fn, 'idxDtype', a.idxDtype, 'int64'),
  };
}

function topkApply(fn: string, x: TensorLike, rest: readonly unknown[]): TensorVariable[] {
  const t = readTopk(fn, rest);
  return topkNode(x, t.kth, t.axis, t.sorted, t.idxDtype, fn).outputs as TensorVariable[];
}

/**
 * PyTensor's `T.topk(x, kth, axis = -1, sorted = true, idxDtype = 'int64')`: the kth largest values along
 * `axis` in descending order (kth < 0: the |kth| smallest, ascending); ties keep index order.
 */
function topk(x: TensorLike, ...rest: unknown[]): TensorVariable {
  return topkApply('topk', x, rest)[0]!;
}

/** PyTensor's `T.argtopk(x, kth, axis = -1, sorted = true, idxDtype = 'int64')`: the indices of `topk`. */
function argtopk(x: TensorLike, ...rest: unknown[]): TensorVariable {
  return topkApply('argtopk', x, rest)[1]!;
}

/** PyTensor's `T.topk_and_argtopk(x, kth, ...)`: `[values, indices]` from one `TopKOp`. */
function topkAndArgtopk(x: TensorLike, ...rest: unknown[]): [TensorVariable, TensorVariable] {
  const [v, i] = topkApply('topkAndArgtopk', x, rest);
  return [v!, i!];
}

/**
 * Theano's `T.unique(x, returnIndex = false, returnInverse = false, returnCounts = false, axis = null)`: the
 * sorted distinct values of the flattened `x` (or its distinct slices along `axis`, in lexicographic order); with any flag, an array of the outputs asked for, in numpy's order
 * (values, first indices, inverse, counts; the last three int64).
 */
function unique(x: TensorLike, ...rest: unknown[]): TensorVariable | TensorVariable[] {
  const a = readArgs('unique', ['returnIndex', 'returnInverse', 'returnCounts', 'axis'], rest);
  const v = asTensorVariable(x, 'unique');
  let axis: number | null = null;
  if (a.axis !== undefined && a.axis !== null) {
    if (typeof a.axis !== 'number')
      throw new TypeError(`unique: axis must be an integer or null, got ${String(a.axis)}`);
    axis = sortAxis('unique', v.ndim, a.axis);
  }
  const flags = {
    axis,
    returnIndex: readBool('unique', 'returnIndex', a.returnIndex, false),
    returnInverse: readBool('unique', 'returnInverse', a.returnInverse, false),
    returnCounts: readBool('unique', 'returnCounts', a.returnCounts, false),
  };
  const outs = applyOp(new Op(UNIQUE, flags), [v]).outputs as TensorVariable[];
  return outs.length === 1 ? outs[0]! : outs;
}

/**
 * `T.bincount(x, weights = null, minlength = null, assertNonneg = false)`: counts (or summed weights) of each
 * value of the 1-d non-negative integer `x`; a negative value is an error at run time whatever
 * `assertNonneg` says. The result has x's dtype (the weights' with weights), as Theano.
 */
function bincount(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const a = readArgs('bincount', ['weights', 'minlength', 'assertNonneg'], rest);
  const xv = asTensorVariable(x, 'bincount');
  let minlength: number | null = null;
  if (a.minlength !== undefined && a.minlength !== null) {
    if (typeof a.minlength !== 'number' || !Number.isInteger(a.minlength) || a.minlength < 0) {
      throw new TypeError(`bincount: minlength must be a non-negative integer, got ${String(a.minlength)}`);
    }
    minlength = a.minlength;
  }
  readBool('bincount', 'assertNonneg', a.assertNonneg, false);
  const ins = [xv];
  if (a.weights !== undefined && a.weights !== null) ins.push(asTensorVariable(a.weights as TensorLike, 'bincount'));
  return applyOp(new Op(BINCOUNT, { minlength }), ins).outputs[0]!;
}

/**
 * `T.searchsorted(x, v, side = 'left', sorter = null)`: int64 indices where the values of `v` would be
 * inserted into the ascending 1-d `x` (or `x` ordered by the indices `sorter`).
 */
function searchsorted(x: TensorLike, v: TensorLike, ...rest: unknown[]): TensorVariable {
  const a = readArgs('searchsorted', ['side', 'sorter'], rest);
  const side = a.side ?? 'left';
  if (side !== 'left' && side !== 'right') {
    throw new TypeError(`searchsorted: side must be 'left' or 'right', got ${String(side)}`);
  }
  const ins = [asTensorVariable(x, 'searchsorted'), asTensorVariable(v, 'searchsorted')];
  if (a.sorter !== undefined && a.sorter !== null) ins.push(asTensorVariable(a.sorter as TensorLike, 'searchsorted'));
  return applyOp(new Op(SEARCHSORTED, { side }), ins).outputs[0]!;
}

/**
 * Theano's `T.toOneHot(y, nbClass, dtype = floatX)`: the (len(y), nbClass) matrix whose row i is 1 at
 * column y[i]; a class outside [0, nbClass) is an error at run time.
 */
function toOneHot(y: TensorLike, ...rest: unknown[]): TensorVariable {
  const a = readArgs('toOneHot', ['nbClass', 'dtype'], rest);
  const nbClass = required('toOneHot', 'nbClass', a.nbClass) as TensorLike;
  const dtype = readDType('toOneHot', 'dtype', a.dtype, config.floatX);
  let nb: TensorVariable;
  if (typeof nbClass === 'number') {
    if (!Number.isInteger(nbClass) || nbClass < 0) {
      throw new TypeError(`toOneHot: nbClass must be a non-negative integer, got ${nbClass}`);
    }
    nb = constant(nbClass, { dtype: 'int64' });
  } else {
    nb = asTensorVariable(nbClass, 'toOneHot');
  }
  return applyOp(new Op(TO_ONE_HOT, { dtype }), [asTensorVariable(y, 'toOneHot'), nb]).outputs[0]!;
}

/** Theano's `T.fillDiagonal(a, val)`: a copy of `a` with its main diagonal set to the scalar `val`. */
function fillDiagonal(a: TensorLike, ...rest: unknown[]): TensorVariable {
  const { val } = readArgs('fillDiagonal', ['val'], rest);
  return fillDiagonalOf(a, required('fillDiagonal', 'val', val) as TensorLike);
}

/** Theano's `T.fillDiagonalOffset(a, val, offset)`: a copy of the matrix `a` with its offset diagonal set to `val`. */
function fillDiagonalOffset(a: TensorLike, ...rest: unknown[]): TensorVariable {
  const { val, offset } = readArgs('fillDiagonalOffset', ['val', 'offset'], rest);
  return fillDiagonalOffsetOf(
    a,
    required('fillDiagonalOffset', 'val', val) as TensorLike,
    required('fillDiagonalOffset', 'offset', offset) as TensorLike,
  );
}

/** The family's functions of `theano.tensor`. */
export const SORT_FUNCTIONS = {
  sort,
  argsort,
  topk,
  argtopk,
  topkAndArgtopk,
  unique,
  bincount,
  searchsorted,
  toOneHot,
  fillDiagonal,
  fillDiagonalOffset,
} as const;

/** The family's methods of variables. */
abstract class SortMethods {
  /** `x.sort(axis = -1, kind = 'quicksort', order = null)`: a sorted copy (numpy's ndarray.sort, not in place). */
  sort(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return sort(this, ...rest);
  }

  /** `x.argsort(axis = -1, kind = 'quicksort', order = null)`: the int64 indices that sort `x`. */
  argsort(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return argsort(this, ...rest);
  }
}

declare module '../graph/variable.js' {
  interface TensorVariable extends Pick<SortMethods, keyof SortMethods> {}
}

installMethods(SortMethods);
