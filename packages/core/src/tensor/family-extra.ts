/**
 * Theano's variable methods that complete the other families: `x.copy()`, `x.compress(cond, axis)`,
 * `x.norm(L, axis, keepdims)`, `x.searchsorted(v)`, and their functions on `theano.tensor` (`T.copy`,
 * `T.compress`, `T.norm`, `T.astype`).
 */
import type { DType } from '../dtype.js';
import { asTensorVariable } from '../graph/constant.js';
import type { TensorLike, TensorVariable } from '../graph/variable.js';
import { abs, cast, pow } from '../ops/elemwise.js';
import { tensorCopy } from '../ops/gradient.js';
import { readArgs } from './args.js';
import { flatnonzero, INDEXING_FUNCTIONS } from './family-indexing.js';
import { REDUCE_FUNCTIONS } from './family-reduce.js';
import { SORT_FUNCTIONS } from './family-sort.js';
import { installMethods } from './install.js';

/** `T.copy(x, name = null)`: a copy of `x` (Theano's `x.copy()`, an `Elemwise{identity}`), named `name`. */
function copy(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const { name } = readArgs('copy', ['name'], rest);
  if (name !== undefined && name !== null && typeof name !== 'string') {
    throw new TypeError(`copy: name must be a string, got ${typeof name}`);
  }
  const r = tensorCopy(asTensorVariable(x, 'copy'));
  if (typeof name === 'string') r.name = name;
  return r;
}

/**
 * `T.compress(condition, x, axis = null)` (Theano's `extra_ops.compress`, numpy's argument order): the
 * slices of `x` along `axis` (of `x` flattened when null) where `condition` is nonzero. A `condition`
 * shorter than the axis selects among its first entries only.
 */
function compress(condition: TensorLike, x: TensorLike, ...rest: unknown[]): TensorVariable {
  const { axis } = readArgs('compress', ['axis'], rest);
  const c = asTensorVariable(condition, 'compress: condition');
  if (c.ndim !== 1) throw new TypeError(`compress: condition must be a vector, got ${c} (${c.type})`);
  return INDEXING_FUNCTIONS.take(asTensorVariable(x, 'compress: x'), flatnonzero(c), { axis: axis ?? null });
}

/**
 * `T.norm(x, L, axis = null, keepdims = false)`, Theano's `x.norm(L, axis)`: `(sum |x|^L)^(1/L)` over `axis`
 * (all axes when null). `L` is a nonzero finite number (Theano's rule); for matrix norms use
 * `T.nlinalg.norm`.
 */
function norm(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const { L, axis, keepdims } = readArgs('norm', ['L', 'axis', 'keepdims'], rest);
  if (typeof L !== 'number' || L === 0 || !Number.isFinite(L)) {
    throw new TypeError(`norm: L must be a nonzero finite number, got ${String(L)} (T.nlinalg.norm has 'inf' and 0)`);
  }
  const v = asTensorVariable(x, 'norm');
  const s = REDUCE_FUNCTIONS.sum(pow(abs(v), L), { axis: axis ?? null, keepdims: keepdims ?? false });
  return pow(s, 1 / L);
}

/** `T.astype(x, dtype)`: `x` converted to `dtype` (the function form of `x.astype(dtype)`, `T.cast`). */
function astype(x: TensorLike, dtype: DType): TensorVariable {
  return cast(x, dtype);
}

/** The functions of `theano.tensor` this file adds. */
export const EXTRA_FUNCTIONS = { copy, compress, norm, astype } as const;

/** The methods of variables this file adds. */
abstract class ExtraMethods {
  /** `x.copy(name = null)`: a copy of `x` (`T.copy`). */
  copy(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return copy(this, ...rest);
  }

  /** `x.compress(condition, axis = null)`: numpy's `x.compress`, the slices where `condition` is nonzero. */
  compress(this: TensorVariable, condition: TensorLike, ...rest: unknown[]): TensorVariable {
    return compress(condition, this, ...rest);
  }

  /** `x.norm(L, axis = null, keepdims = false)`: `(sum |x|^L)^(1/L)` (`T.norm`). */
  norm(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return norm(this, ...rest);
  }

  /** `x.searchsorted(v, side = 'left', sorter = null)`: where `v`'s values would go in the sorted `x`. */
  searchsorted(this: TensorVariable, v: TensorLike, ...rest: unknown[]): TensorVariable {
    return SORT_FUNCTIONS.searchsorted(this, v, ...rest);
  }
}

declare module '../graph/variable.js' {
  interface TensorVariable extends Pick<ExtraMethods, keyof ExtraMethods> {}
}

installMethods(ExtraMethods);
