/**
 * The tensor module's symbolic creation (zeros, ones, alloc, eye, arange, linspace, tri/tril/triu, diag): the functions of `theano.tensor` and the methods of variables for this family.
 * `tensor/index.ts` spreads `CREATION_FUNCTIONS` into `T` (snake_case aliases are added there).
 */
import { config } from '../config.js';
import { type DType, isDType, isIntDType, promoteTypes, upgradeToFloat } from '../dtype.js';
import { asTensorVariable, constant } from '../graph/constant.js';
import { TensorConstant, type TensorLike, TensorVariable } from '../graph/variable.js';
import * as cr from '../ops/creation.js';
import { add, cast, eq, maximum, mul, second, sub, trueDiv } from '../ops/elemwise.js';
import { MAKE_VECTOR, SHAPE, shapeI } from '../ops/shape.js';
import { subtensor } from '../ops/subtensor.js';
import { readArgs } from './args.js';
import { installMethods } from './install.js';

/** A shape argument: a size, a list of sizes (numbers or int scalar variables), or an int vector variable. */
export type ShapeArg = number | TensorVariable | readonly (number | TensorVariable)[];

/** The sizes of a shape argument, one entry per output dimension. */
function shapeEntries(fn: string, shape: ShapeArg): (number | TensorVariable)[] {
  if (typeof shape === 'number') return [shape];
  if (Array.isArray(shape)) return [...shape];
  if (!(shape instanceof TensorVariable)) {
    throw new TypeError(`${fn}: shape must be a number, an array of sizes or an integer vector, got ${String(shape)}`);
  }
  if (!isIntDType(shape.dtype) || shape.ndim > 1) {
    throw new TypeError(`${fn}: a symbolic shape must be an integer scalar or vector, got ${shape} (${shape.type})`);
  }
  if (shape.ndim === 0) return [shape];
  if (shape instanceof TensorConstant) return Array.from(shape.value.toFloat64());
  const node = shape.owner;
  if (node && SHAPE.match(node)) {
    const x = node.inputs[0]!;
    return Array.from({ length: x.ndim }, (_, i) => shapeI(x, i));
  }
  if (node && MAKE_VECTOR.match(node)) return [...node.inputs];
  const len = shape.type.shape[0];
  if (typeof len !== 'number') {
    throw new TypeError(`${fn}: the length of the symbolic shape ${shape} is not known (give its sizes as an array)`);
  }
  return Array.from({ length: len }, (_, i) => subtensor(shape, i));
}

/** A dtype option: a DType, or null/undefined for the default. */
function dtypeArg(fn: string, d: unknown, fallback: DType): DType {
  if (d === undefined || d === null) return fallback;
  if (!isDType(d)) throw new TypeError(`${fn}: unknown dtype ${String(d)}`);
  return d;
}

/** `T.zeros(shape, dtype)`: zeros of `shape` (sizes or an int vector such as `x.shape`); dtype defaults to floatX. */
function zeros(shape: ShapeArg, ...rest: unknown[]): TensorVariable {
  const { dtype } = readArgs('zeros', ['dtype'], rest);
  return cr.alloc(constant(0, { dtype: dtypeArg('zeros', dtype, config.floatX) }), ...shapeEntries('zeros', shape));
}

/** `T.ones(shape, dtype)`: ones of `shape`; dtype defaults to floatX. */
function ones(shape: ShapeArg, ...rest: unknown[]): TensorVariable {
  const { dtype } = readArgs('ones', ['dtype'], rest);
  return cr.alloc(constant(1, { dtype: dtypeArg('ones', dtype, config.floatX) }), ...shapeEntries('ones', shape));
}

/**
 * `T.full(shape, fillValue, dtype)`: `fillValue` broadcast to `shape`. The dtype defaults to the value's
 * when it is a variable, to floatX for a JS number (as `theano.full`).
 */
function full(shape: ShapeArg, fillValue: TensorLike, ...rest: unknown[]): TensorVariable {
  const { dtype } = readArgs('full', ['dtype'], rest);
  const v =
    fillValue instanceof TensorVariable
      ? fillValue
      : asTensorVariable(constant(fillValue as number, { dtype: dtypeArg('full', dtype, config.floatX) }));
  const d = dtypeArg('full', dtype, v.dtype);
  return cr.alloc(cast(v, d), ...shapeEntries('full', shape));
}

/** `T.alloc(value, ...shape)`: Theano's Alloc, `value` broadcast to the sizes given (numbers or int scalars). */
function alloc(value: TensorLike, ...shape: (number | TensorLike)[]): TensorVariable {
  return cr.alloc(value, ...shape);
}

/** `T.eye(n, m, k, dtype)`: ones on diagonal k of an n×m matrix (m defaults to n, dtype to floatX). */
function eye(n: number | TensorLike, ...rest: unknown[]): TensorVariable {
  const { m, k, dtype } = readArgs('eye', ['m', 'k', 'dtype'], rest);
  return cr.eye(
    n,
    (m ?? null) as number | TensorLike | null,
    (k ?? 0) as number | TensorLike,
    dtypeArg('eye', dtype, config.floatX),
  );
}

/** `T.identityLike(x)`: the identity matrix of x's shape and dtype (Theano's `identity_like`). */
function identityLike(x: TensorLike): TensorVariable {
  const v = asTensorVariable(x, 'identityLike');
  if (v.ndim !== 2) throw new TypeError(`identityLike: expected a matrix, got ${v} (${v.type})`);
  return cr.eye(shapeI(v, 0), shapeI(v, 1), 0, v.dtype);
}

/** `T.arange(start, stop, step, dtype)`: numpy's arange (int64 for integer arguments). */
function arange(start: number | TensorLike, ...rest: unknown[]): TensorVariable {
  const { stop, step, dtype } = readArgs('arange', ['stop', 'step', 'dtype'], rest);
  return cr.arange(
    start,
    (stop ?? null) as number | TensorLike | null,
    (step ?? 1) as number | TensorLike,
    dtype === undefined || dtype === null ? null : dtypeArg('arange', dtype, 'int64'),
  );
}

/**
 * `T.linspace(start, stop, num, endpoint, dtype)` (PyTensor / numpy): `num` evenly spaced values from
 * start to stop (included unless `endpoint` is false), computed as numpy does: `start + i·step` with
 * `step = (stop - start) / div`, the last value set to `stop` exactly. The dtype defaults to floatX.
 */
function linspace(start: number | TensorLike, stop: number | TensorLike, ...rest: unknown[]): TensorVariable {
  const o = readArgs('linspace', ['num', 'endpoint', 'dtype'], rest);
  // the dtype: given, else the float upcast of the variable arguments (JS numbers count as floatX when alone)
  const vars = [start, stop].filter((v): v is TensorVariable => v instanceof TensorVariable);
  const fallback = vars.length ? upgradeToFloat(promoteTypes(...vars.map((v) => v.dtype))) : config.floatX;
  const outDt = dtypeArg('linspace', o.dtype, fallback);
  // an integer (or bool) dtype: computed in float64 and truncated at the end, as numpy's astype
  const dt = outDt.startsWith('float') || outDt.startsWith('complex') ? outDt : 'float64';
  const done = (v: TensorVariable): TensorVariable => (dt === outDt ? v : cast(v, outDt));
  const endpoint = o.endpoint === undefined ? true : Boolean(o.endpoint);
  const numArg = (o.num ?? 50) as number | TensorLike;
  if (typeof numArg === 'number' && (!Number.isInteger(numArg) || numArg < 0)) {
    throw new TypeError(`linspace: num must be a non-negative integer, got ${numArg}`);
  }
  const num =
    typeof numArg === 'number' ? constant(numArg, { dtype: 'int64' }) : cast(asTensorVariable(numArg), 'int64');
  const asFloat = (v: number | TensorLike, what: string): TensorVariable => {
    const x = typeof v === 'number' ? constant(v, { dtype: dt }) : asTensorVariable(v, 'linspace');
    if (x.ndim !== 0) throw new TypeError(`linspace: ${what} must be a scalar, got ${x} (${x.type})`);
    return cast(x, dt);
  };
  const a = asFloat(start, 'start');
  const b = asFloat(stop, 'stop');
  const one = constant(1, { dtype: 'int64' });
  // div = num - 1 (endpoint) or num, at least 1 so that num = 1 gives [start]
  const div = endpoint ? maximum(sub(num, one), one) : maximum(num, one);
  const step = trueDiv(sub(b, a), cast(div, dt));
  const i = cr.arange(constant(0, { dtype: 'int64' }), num, one, 'int64');
  const y = add(mul(cast(i, dt), step), a);
  if (!endpoint) return done(y);
  // the last value is stop exactly (numpy's y[-1] = stop, for num > 1): where i == num - 1 ≥ 1
  const last = cast(eq(i, div), dt);
  return done(add(mul(y, sub(constant(1, { dtype: dt }), last)), mul(second(y, b), last)));
}

/** `T.tri(N, M, k, dtype)`: ones at and below diagonal k of an N×M matrix. */
function tri(n: number | TensorLike, ...rest: unknown[]): TensorVariable {
  const { m, k, dtype } = readArgs('tri', ['m', 'k', 'dtype'], rest);
  return cr.tri(
    n,
    (m ?? null) as number | TensorLike | null,
    (k ?? 0) as number | TensorLike,
    dtypeArg('tri', dtype, config.floatX),
  );
}

/** The lower (`lower`) or upper triangle mask of the last two axes of `m`, in m's dtype (Theano 1.0's tril/triu). */
function triangle(fn: string, m: TensorLike, k: unknown, lower: boolean): TensorVariable {
  const x = asTensorVariable(m, fn);
  if (x.ndim < 2) throw new TypeError(`${fn}: the input must have at least 2 dimensions, got ${x} (${x.type})`);
  const kk = k === undefined || k === null ? 0 : k;
  if (typeof kk !== 'number' || !Number.isInteger(kk))
    throw new TypeError(`${fn}: k must be an integer, got ${String(kk)}`);
  const n = shapeI(x, x.ndim - 2);
  const c = shapeI(x, x.ndim - 1);
  // tril: x · tri(n, c, k); triu: x · (1 - tri(n, c, k - 1))
  const mask = lower ? cr.tri(n, c, kk, x.dtype) : sub(constant(1, { dtype: x.dtype }), cr.tri(n, c, kk - 1, x.dtype));
  return mul(x, mask);
}

/** `T.tril(m, k)`: m with the elements above diagonal k zeroed (the last two axes). */
function tril(m: TensorLike, ...rest: unknown[]): TensorVariable {
  return triangle('tril', m, readArgs('tril', ['k'], rest).k, true);
}

/** `T.triu(m, k)`: m with the elements below diagonal k zeroed (the last two axes). */
function triu(m: TensorLike, ...rest: unknown[]): TensorVariable {
  return triangle('triu', m, readArgs('triu', ['k'], rest).k, false);
}

/** `T.diag(v, k)`: vector → the matrix with v on diagonal k; matrix → its diagonal k. */
function diag(v: TensorLike, ...rest: unknown[]): TensorVariable {
  const { k } = readArgs('diag', ['k'], rest);
  return cr.diag(v, (k ?? 0) as number);
}

/** `T.diagonal(a, offset, axis1, axis2)`: numpy's diagonal (the diagonal becomes the last axis). */
function diagonal(a: TensorLike, ...rest: unknown[]): TensorVariable {
  const { offset, axis1, axis2 } = readArgs('diagonal', ['offset', 'axis1', 'axis2'], rest);
  return cr.diagonal(a, (offset ?? 0) as number, (axis1 ?? 0) as number, (axis2 ?? 1) as number);
}

/** The family's functions of `theano.tensor`. */
export const CREATION_FUNCTIONS = {
  zeros,
  ones,
  alloc,
  full,
  eye,
  identityLike,
  arange,
  linspace,
  tri,
  tril,
  triu,
  diag,
  diagonal,
} as const;

/** The family's methods of variables. */
abstract class CreationMethods {
  /** `x.diagonal(offset, axis1, axis2)`: numpy's diagonal. */
  diagonal(this: TensorVariable, ...rest: unknown[]): TensorVariable {
    return diagonal(this, ...rest);
  }
}

declare module '../graph/variable.js' {
  interface TensorVariable extends Pick<CreationMethods, keyof CreationMethods> {}
}

installMethods(CreationMethods);
