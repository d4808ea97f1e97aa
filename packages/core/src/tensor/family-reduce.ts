/**
 * The tensor module's reductions (sum, prod, mean, var, std, max, min, argmax, argmin, maxAndArgmax, all,
 * any, cumsum, cumprod, diff, ptp, logsumexp): the functions of `theano.tensor` and the methods of variables
 * for this family. Theano's positional arguments may come in a trailing options object
 * (`T.max(x, 0)` = `T.max(x, { axis: 0, keepdims: false })`); an unknown option is a TypeError.
 * `tensor/index.ts` spreads `REDUCE_FUNCTIONS` into `T` (snake_case aliases are added there).
 */
import { type DType, dtypeKind, isDType } from '../dtype.js';
import { asTensorVariable, constant } from '../graph/constant.js';
import type { TensorLike, TensorVariable } from '../graph/variable.js';
import { cast, eq, mul, neg, sqrt, sub, trueDiv } from '../ops/elemwise.js';
import { sqr } from '../ops/extended.js';
import { logsumexp as logsumexpOf } from '../ops/nnet.js';
import * as red from '../ops/reduce.js';
import { argmaxOp, boolReduceOp, cumOp, diffStep, medianOp, prodOp, restoreOrder } from '../ops/reduce-more.js';
import { dimshuffle, flatten, reshape, shapeI } from '../ops/shape.js';
import { readArgs } from './args.js';
import { installMethods } from './install.js';

/** The `axis` argument of a reduction: one axis, several, or null (undefined) for all of them. */
export type AxisArg = number | readonly number[] | null | undefined;

/** Checks and normalizes `axis` (sorted, non-negative, distinct; null for all axes). */
function axesOf(fn: string, v: TensorVariable, axis: unknown): number[] | null {
  if (axis === undefined || axis === null) return null;
  const ok = typeof axis === 'number' || (Array.isArray(axis) && axis.every((a) => typeof a === 'number'));
  if (!ok) {
    throw new TypeError(`${fn}: axis must be an integer, an array of integers or null, got ${JSON.stringify(axis)}`);
  }
  return red.normalizeAxis(fn, v.ndim, axis as number | number[]).axis;
}

/** Every axis listed (null: all of them). */
function allAxes(v: TensorVariable, axis: readonly number[] | null): number[] {
  return axis === null ? Array.from({ length: v.ndim }, (_, d) => d) : [...axis];
}

function flag(fn: string, name: string, value: unknown, dflt: boolean): boolean {
  if (value === undefined) return dflt;
  if (typeof value !== 'boolean') throw new TypeError(`${fn}: ${name} must be a boolean, got ${JSON.stringify(value)}`);
  return value;
}

function dtypeArg(fn: string, name: string, value: unknown): DType | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isDType(value)) throw new TypeError(`${fn}: ${name} must be a dtype name, got ${JSON.stringify(value)}`);
  return value;
}

function keep(r: TensorVariable, ndim: number, axis: readonly number[] | null, keepdims: boolean): TensorVariable {
  return keepdims ? dimshuffle(r, restoreOrder(ndim, axis)) : r;
}

/** `x` cast to the accumulator dtype, else to `dtype` (numpy casts the elements to the requested dtype). */
function computeIn(v: TensorVariable, dtype: DType | undefined, accDtype: DType | undefined): TensorVariable {
  if (accDtype !== undefined) return cast(v, accDtype);
  if (dtype !== undefined) return cast(v, dtype);
  return v;
}

/** The number of elements reduced over `axis`, as a scalar of `dtype` (from the static shape where known). */
function countOf(v: TensorVariable, axis: readonly number[] | null, dtype: DType): TensorVariable {
  let staticCount = 1;
  const dynamic: TensorVariable[] = [];
  for (const a of allAxes(v, axis)) {
    const d = v.type.shape[a];
    if (typeof d === 'number') staticCount *= d;
    else dynamic.push(shapeI(v, a));
  }
  let n: TensorVariable = constant(staticCount, { dtype });
  if (dynamic.length) {
    const p = dynamic.length === 1 ? dynamic[0]! : mul(dynamic[0]!, dynamic[1]!, ...dynamic.slice(2));
    n = cast(p, dtype);
    if (staticCount !== 1) n = mul(n, constant(staticCount, { dtype }));
  }
  return n;
}

/**
 * Sum over `axis` (all axes by default): `T.sum(x, axis, dtype, keepdims, accDtype)`; integers and bool sum
 * into int64 (Theano's Sum); `dtype` is the output's dtype, `accDtype` the one summed in.
 */
export function sum(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const a = readArgs('sum', ['axis', 'dtype', 'keepdims', 'accDtype'], rest);
  const v = asTensorVariable(x, 'sum');
  const axis = axesOf('sum', v, a.axis);
  const dtype = dtypeArg('sum', 'dtype', a.dtype);
  const acc = dtypeArg('sum', 'accDtype', a.accDtype);
  let r = red.sum(computeIn(v, dtype, acc), { axis });
  if (dtype !== undefined || acc !== undefined) r = cast(r, dtype ?? red.sumDType(v.dtype));
  return keep(r, v.ndim, axis, flag('sum', 'keepdims', a.keepdims, false));
}

/**
 * Product over `axis` (all axes by default): `T.prod(x, axis, dtype, keepdims, accDtype, noZerosInInput)`;
 * integers and bool give int64 (Theano's Prod). Its gradient is exact where the input holds zeros
 * (`noZerosInInput` is accepted and changes nothing).
 */
export function prod(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const a = readArgs('prod', ['axis', 'dtype', 'keepdims', 'accDtype', 'noZerosInInput'], rest);
  const v = asTensorVariable(x, 'prod');
  const axis = axesOf('prod', v, a.axis);
  const dtype = dtypeArg('prod', 'dtype', a.dtype);
  const acc = dtypeArg('prod', 'accDtype', a.accDtype);
  flag('prod', 'noZerosInInput', a.noZerosInInput, false);
  let r = prodOp(computeIn(v, dtype, acc), axis);
  if (dtype !== undefined || acc !== undefined) r = cast(r, dtype ?? red.sumDType(v.dtype));
  return keep(r, v.ndim, axis, flag('prod', 'keepdims', a.keepdims, false));
}

/** Mean over `axis`: `T.mean(x, axis, dtype, op, keepdims)` (the sum over the count; integers give float64). */
export function mean(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const a = readArgs('mean', ['axis', 'dtype', 'op', 'keepdims', 'accDtype'], rest);
  const v = asTensorVariable(x, 'mean');
  const axis = axesOf('mean', v, a.axis);
  if (a.op !== undefined && a.op !== false) throw new TypeError("mean: Theano's op=True form is not supported");
  const dtype = dtypeArg('mean', 'dtype', a.dtype);
  const acc = dtypeArg('mean', 'accDtype', a.accDtype);
  let r = red.mean(computeIn(v, dtype, acc), { axis, keepdims: flag('mean', 'keepdims', a.keepdims, false) });
  if (dtype !== undefined && r.dtype !== dtype) r = cast(r, dtype);
  return r;
}

/** The variance's body, shared by var and std. */
function variance(fn: string, x: TensorLike, rest: readonly unknown[]): TensorVariable {
  const a = readArgs(fn, ['axis', 'ddof', 'keepdims', 'corrected'], rest);
  const v = asTensorVariable(x, fn);
  if (dtypeKind(v.dtype) === 'complex')
    throw new TypeError(`${fn}: complex input (${v} is ${v.dtype}) is not supported`);
  const axis = axesOf(fn, v, a.axis);
  const ddof = a.ddof ?? 0;
  if (typeof ddof !== 'number' || !Number.isInteger(ddof)) {
    throw new TypeError(`${fn}: ddof must be an integer, got ${JSON.stringify(ddof)}`);
  }
  const keepdims = flag(fn, 'keepdims', a.keepdims, false);
  const corrected = flag(fn, 'corrected', a.corrected, false);
  // Theano: centered = x - mean(x, keepdims); var = mean(centered²) (ddof 0)
  const centered = sub(v, red.mean(v, { axis, keepdims: true }));
  if (ddof === 0 && !corrected) return red.mean(sqr(centered), { axis, keepdims });
  const dt = centered.dtype;
  const n = countOf(v, axis, dt);
  let s = red.sum(sqr(centered), { axis, keepdims });
  // the corrected two-pass formula: Σc² - (Σc)²/n
  if (corrected) s = sub(s, trueDiv(sqr(red.sum(centered, { axis, keepdims })), n));
  return trueDiv(s, ddof === 0 ? n : sub(n, constant(ddof, { dtype: dt })));
}

/**
 * Variance over `axis`: `T.var(x, axis, ddof, keepdims, corrected)`, the population variance by default,
 * divided by n - ddof (numpy's ddof); `corrected` uses the corrected two-pass formula.
 */
export function variance_(x: TensorLike, ...rest: unknown[]): TensorVariable {
  return variance('var', x, rest);
}

/** Standard deviation over `axis`: `T.std(x, axis, ddof, keepdims, corrected)` = sqrt(var). */
export function std(x: TensorLike, ...rest: unknown[]): TensorVariable {
  return sqrt(variance('std', x, rest));
}

/** Maximum over `axis`: `T.max(x, axis, keepdims)` (NaN propagates). */
export function max(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const a = readArgs('max', ['axis', 'keepdims'], rest);
  const v = asTensorVariable(x, 'max');
  const axis = axesOf('max', v, a.axis);
  return red.max(v, { axis, keepdims: flag('max', 'keepdims', a.keepdims, false) });
}

/** Minimum over `axis`: `T.min(x, axis, keepdims)` (NaN propagates). */
export function min(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const a = readArgs('min', ['axis', 'keepdims'], rest);
  const v = asTensorVariable(x, 'min');
  const axis = axesOf('min', v, a.axis);
  return red.min(v, { axis, keepdims: flag('min', 'keepdims', a.keepdims, false) });
}

function argmaxOf(fn: string, v: TensorVariable, rest: readonly unknown[], flip: boolean) {
  const a = readArgs(fn, ['axis', 'keepdims'], rest);
  const axis = axesOf(fn, v, a.axis);
  const keepdims = flag(fn, 'keepdims', a.keepdims, false);
  if (dtypeKind(v.dtype) === 'complex')
    throw new TypeError(`${fn}: complex values (${v} is ${v.dtype}) have no ordering`);
  let w = v;
  if (flip) {
    // argmin(x) = argmax of an order-reversing map: -x for floats (Theano), ~x = -1 - x for integers, not x for bool
    if (v.dtype === 'bool') w = eq(v, constant(false, { dtype: 'bool' }));
    else if (dtypeKind(v.dtype) === 'int') w = sub(constant(-1, { dtype: v.dtype }), v);
    else w = neg(v);
  }
  const r = v.ndim === 0 ? constant(0, { dtype: 'int64' }) : argmaxOp(w, allAxes(v, axis));
  return { r: keep(r, v.ndim, axis, keepdims), axis, keepdims };
}

/**
 * The int64 index of the maximum over `axis`: `T.argmax(x, axis, keepdims)`; over several axes (or all,
 * by default) the index into the slice flattened in row-major order. Ties give the first index, and NaN
 * wins (numpy).
 */
export function argmax(x: TensorLike, ...rest: unknown[]): TensorVariable {
  return argmaxOf('argmax', asTensorVariable(x, 'argmax'), rest, false).r;
}

/** The int64 index of the minimum over `axis`: `T.argmin(x, axis, keepdims)` (first of ties; NaN wins). */
export function argmin(x: TensorLike, ...rest: unknown[]): TensorVariable {
  return argmaxOf('argmin', asTensorVariable(x, 'argmin'), rest, true).r;
}

/** `[max, argmax]` over `axis`: `T.maxAndArgmax(x, axis, keepdims)`. */
export function maxAndArgmax(x: TensorLike, ...rest: unknown[]): [TensorVariable, TensorVariable] {
  const v = asTensorVariable(x, 'maxAndArgmax');
  const { r, axis, keepdims } = argmaxOf('maxAndArgmax', v, rest, false);
  return [red.max(v, { axis, keepdims }), r];
}

function logical(fn: 'all' | 'any', x: TensorLike, rest: readonly unknown[]): TensorVariable {
  const a = readArgs(fn, ['axis', 'keepdims'], rest);
  const v = asTensorVariable(x, fn);
  const axis = axesOf(fn, v, a.axis);
  const r = boolReduceOp(v, axis, fn === 'all');
  return keep(r, v.ndim, axis, flag(fn, 'keepdims', a.keepdims, false));
}

/** Whether every element over `axis` is nonzero (bool): `T.all(x, axis, keepdims)`; True on empty slices. */
export function all(x: TensorLike, ...rest: unknown[]): TensorVariable {
  return logical('all', x, rest);
}

/** Whether some element over `axis` is nonzero (bool): `T.any(x, axis, keepdims)`; False on empty slices. */
export function any(x: TensorLike, ...rest: unknown[]): TensorVariable {
  return logical('any', x, rest);
}

function cumulative(fn: 'cumsum' | 'cumprod', x: TensorLike, rest: readonly unknown[]): TensorVariable {
  const a = readArgs(fn, ['axis'], rest);
  const v = asTensorVariable(x, fn);
  if (a.axis === undefined || a.axis === null) return cumOp(flatten(v, 1), 0, fn === 'cumsum' ? 'add' : 'mul');
  if (typeof a.axis !== 'number')
    throw new TypeError(`${fn}: axis must be an integer or null, got ${JSON.stringify(a.axis)}`);
  const axis = red.normalizeAxis(fn, Math.max(v.ndim, 1), a.axis).axis ?? [0];
  if (v.ndim === 0) return cumOp(flatten(v, 1), 0, fn === 'cumsum' ? 'add' : 'mul');
  return cumOp(v, axis[0]!, fn === 'cumsum' ? 'add' : 'mul');
}

/** Cumulative sum along `axis` (null: of the flattened array): `T.cumsum(x, axis)` (Theano's CumOp). */
export function cumsum(x: TensorLike, ...rest: unknown[]): TensorVariable {
  return cumulative('cumsum', x, rest);
}

/** Cumulative product along `axis` (null: of the flattened array): `T.cumprod(x, axis)` (Theano's CumOp). */
export function cumprod(x: TensorLike, ...rest: unknown[]): TensorVariable {
  return cumulative('cumprod', x, rest);
}

/** The `n`-th discrete difference along `axis` (default the last): `T.diff(x, n, axis)`, numpy's diff. */
export function diff(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const a = readArgs('diff', ['n', 'axis'], rest);
  const v = asTensorVariable(x, 'diff');
  const n = a.n ?? 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new TypeError(`diff: n must be a non-negative integer, got ${JSON.stringify(n)}`);
  }
  if (v.ndim === 0) throw new TypeError(`diff: ${v} is a scalar; diff requires an input of at least one dimension`);
  const ax = a.axis ?? -1;
  if (typeof ax !== 'number') throw new TypeError(`diff: axis must be an integer, got ${JSON.stringify(ax)}`);
  const axis = red.normalizeAxis('diff', v.ndim, ax).axis ?? [0];
  let r = v;
  for (let k = 0; k < n; k++) r = diffStep(r, axis[0]!);
  return r;
}

/** Peak to peak (max - min) over `axis`: `T.ptp(x, axis, keepdims)`. */
export function ptp(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const a = readArgs('ptp', ['axis', 'keepdims'], rest);
  const v = asTensorVariable(x, 'ptp');
  if (v.dtype === 'bool')
    throw new TypeError(`ptp: ${v} is bool; numpy's ptp of booleans (a subtraction) is not supported`);
  const axis = axesOf('ptp', v, a.axis);
  const keepdims = flag('ptp', 'keepdims', a.keepdims, false);
  return sub(red.max(v, { axis, keepdims }), red.min(v, { axis, keepdims }));
}

/**
 * numpy's median over `axis` (all axes by default; several axes are merged into one): `T.median(x, axis,
 * keepdims)`; the mean of the two middle elements for an even count; integers give float64. Not
 * differentiable.
 */
export function median(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const a = readArgs('median', ['axis', 'keepdims'], rest);
  const v = asTensorVariable(x, 'median');
  const axis = axesOf('median', v, a.axis);
  const keepdims = flag('median', 'keepdims', a.keepdims, false);
  const axes = allAxes(v, axis);
  let r: TensorVariable;
  if (axes.length === v.ndim) r = medianOp(flatten(v, 1), 0);
  else if (axes.length === 1) r = medianOp(v, axes[0]!);
  else {
    const kept = [...Array(v.ndim).keys()].filter((d) => !axes.includes(d));
    const moved = dimshuffle(v, [...kept, ...axes]);
    r = medianOp(reshape(moved, [...kept.map((d) => v.type.shape[d] ?? shapeI(v, d)), -1]), kept.length);
  }
  return keep(r, v.ndim, axis, keepdims);
}

/** `log(sum(exp(x)))` over `axis` without overflow: `T.logsumexp(x, axis, keepdims)`. */
export function logsumexp(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const a = readArgs('logsumexp', ['axis', 'keepdims'], rest);
  const v = asTensorVariable(x, 'logsumexp');
  const axis = axesOf('logsumexp', v, a.axis);
  return logsumexpOf(v, {
    axis: axis === null ? null : [...axis],
    keepdims: flag('logsumexp', 'keepdims', a.keepdims, false),
  });
}

/** The family's functions of `theano.tensor`. */
export const REDUCE_FUNCTIONS = {
  sum,
  prod,
  mean,
  var: variance_,
  std,
  max,
  min,
  argmax,
  argmin,
  maxAndArgmax,
  all,
  any,
  cumsum,
  cumprod,
  diff,
  ptp,
  median,
  logsumexp,
} as const;

/** The family's methods of variables. */
abstract class ReduceMethods {
  /** Sum over `axis` (all axes by default): `x.sum(axis, dtype, keepdims, accDtype)`. */
  sum(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return sum(this, ...rest);
  }
  /** Product over `axis`: `x.prod(axis, dtype, keepdims)`. */
  prod(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return prod(this, ...rest);
  }
  /** Mean over `axis`: `x.mean(axis, dtype, op, keepdims)`. */
  mean(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return mean(this, ...rest);
  }
  /** Variance over `axis`: `x.var(axis, ddof, keepdims)`. */
  var(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return variance_(this, ...rest);
  }
  /** Standard deviation over `axis`: `x.std(axis, ddof, keepdims)`. */
  std(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return std(this, ...rest);
  }
  /** Maximum over `axis`: `x.max(axis, keepdims)`. */
  max(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return max(this, ...rest);
  }
  /** Minimum over `axis`: `x.min(axis, keepdims)`. */
  min(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return min(this, ...rest);
  }
  /** Index of the maximum over `axis`: `x.argmax(axis, keepdims)`. */
  argmax(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return argmax(this, ...rest);
  }
  /** Index of the minimum over `axis`: `x.argmin(axis, keepdims)`. */
  argmin(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return argmin(this, ...rest);
  }
  /** Whether every element over `axis` is nonzero: `x.all(axis, keepdims)`. */
  all(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return all(this, ...rest);
  }
  /** Whether some element over `axis` is nonzero: `x.any(axis, keepdims)`. */
  any(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return any(this, ...rest);
  }
  /** Cumulative sum along `axis` (null: flattened): `x.cumsum(axis)`. */
  cumsum(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return cumsum(this, ...rest);
  }
  /** Cumulative product along `axis` (null: flattened): `x.cumprod(axis)`. */
  cumprod(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return cumprod(this, ...rest);
  }
  /** Peak to peak (max - min) over `axis`: `x.ptp(axis, keepdims)`. */
  ptp(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return ptp(this, ...rest);
  }
}

declare module '../graph/variable.js' {
  interface TensorVariable extends Pick<ReduceMethods, keyof ReduceMethods> {}
}

installMethods(ReduceMethods);
