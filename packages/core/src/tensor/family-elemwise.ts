/**
 * The tensor module's elementwise functions beyond the seed's (trigonometric, special functions, clip, switch, bitwise, complex parts): the functions of `theano.tensor` and the methods of variables for this family.
 * `tensor/index.ts` spreads `ELEMWISE_FUNCTIONS` into `T` (snake_case aliases are added there).
 */
import { asTensorVariable, constant } from '../graph/constant.js';
import type { TensorLike, TensorVariable } from '../graph/variable.js';
import { abs, add, applyElemwise, cast, eq, le, mul, sgn, sub } from '../ops/elemwise.js';
import {
  and_,
  angle,
  arccos,
  arccosh,
  arcsin,
  arcsinh,
  arctan,
  arctan2,
  arctanh,
  clip,
  complex,
  complexFromPolar,
  conj,
  cosh,
  EXTENDED_DEFS,
  erfc,
  erfcinv,
  erfcx,
  erfinv,
  gamma,
  gammaln,
  hypot,
  imag,
  isinf,
  isnan,
  or_,
  psi,
  type RoundOptions,
  real,
  round,
  sinh,
  switch_,
  tan,
  xor,
} from '../ops/extended.js';
import { sum } from '../ops/reduce.js';
import { readArgs } from './args.js';
import { installMethods } from './install.js';

/** Bitwise not of integers (`~x`), logical not of bools (Theano's `invert`, numpy's `invert`). */
export function invert(x: TensorLike): TensorVariable {
  const v = asTensorVariable(x, 'invert');
  if (v.dtype === 'bool') return eq(v, constant(false));
  return applyElemwise(EXTENDED_DEFS.invert, [v]);
}

/** `x` rounded half away from zero, as int64 (Theano's `iround`). */
export function iround(x: TensorLike, opts: RoundOptions = {}): TensorVariable {
  return cast(round(x, opts), 'int64');
}

/**
 * Whether `a` and `b` are elementwise equal within a tolerance, `|a - b| <= atol + rtol |b|` (numpy's
 * `isclose`, built like Theano's): infinities are close only to the same infinity, NaN to nothing unless
 * `equalNan`. `T.isclose(a, b, rtol?, atol?, equalNan?)` or `T.isclose(a, b, { rtol, atol, equalNan })`.
 */
export function isclose(a: TensorLike, b: TensorLike, ...rest: unknown[]): TensorVariable {
  const o = readArgs('isclose', ['rtol', 'atol', 'equalNan'], rest);
  const rtol = o.rtol ?? 1e-5;
  const atol = o.atol ?? 1e-8;
  const equalNan = o.equalNan ?? false;
  if (typeof rtol !== 'number' || typeof atol !== 'number') {
    throw new TypeError(`isclose: rtol and atol must be numbers, got ${typeof rtol} and ${typeof atol}`);
  }
  if (typeof equalNan !== 'boolean') throw new TypeError(`isclose: equalNan must be a boolean, got ${typeof equalNan}`);
  const av = asTensorVariable(a, 'isclose a');
  const bv = asTensorVariable(b, 'isclose b');
  const closePrelim = le(abs(sub(av, bv)), add(atol, mul(rtol, abs(bv))));
  const aNan = isnan(av);
  const bNan = isnan(bv);
  const aInf = isinf(av);
  const bInf = isinf(bv);
  const nansOrInfs = or_(or_(aNan, bNan), or_(aInf, bInf));
  const close = and_(closePrelim, invert(nansOrInfs));
  // the same infinity on both sides
  const infEq = and_(and_(aInf, bInf), eq(sgn(av), sgn(bv)));
  const closeWithInfs = or_(close, infEq);
  return equalNan ? or_(closeWithInfs, and_(aNan, bNan)) : closeWithInfs;
}

/** Whether every element of `a` is close to `b` (a bool scalar; `all(isclose(a, b, …))`). */
export function allclose(a: TensorLike, b: TensorLike, ...rest: unknown[]): TensorVariable {
  const close = isclose(a, b, ...rest);
  return eq(sum(cast(invert(close), 'int64')), 0);
}

/**
 * Elementwise select: `a` where `cond` is nonzero, else `b`, all three broadcast together (Theano's
 * `switch`, numpy's `where` with three arguments). The gradient flows to `a` and `b` where each is chosen.
 */
export function switchFn(cond: TensorLike, a: TensorLike, b: TensorLike): TensorVariable {
  return switch_(cond, a, b);
}

/** The family's functions of `theano.tensor`. */
export const ELEMWISE_FUNCTIONS = {
  tan,
  arcsin,
  arccos,
  arctan,
  arctan2,
  sinh,
  cosh,
  arcsinh,
  arccosh,
  arctanh,
  hypot,
  clip,
  switch: switchFn,
  where: switchFn,
  iround,
  isclose,
  allclose,
  and_,
  or_,
  xor,
  invert,
  bitwiseAnd: and_,
  bitwiseOr: or_,
  bitwiseXor: xor,
  bitwiseNot: invert,
  erfc,
  erfcx,
  erfinv,
  erfcinv,
  gamma,
  gammaln,
  psi,
  real,
  imag,
  angle,
  conj,
  complex,
  complexFromPolar,
} as const;

/** The family's methods of variables. */
abstract class ElemwiseMethods {
  /** `T.clip(this, lo, hi)`. */
  clip(this: TensorVariable, lo: TensorLike, hi: TensorLike): TensorVariable {
    return clip(this, lo, hi);
  }
  /** `T.round(this, { mode })` (halves away from zero by default, as Theano). */
  round(this: TensorVariable, opts?: RoundOptions): TensorVariable {
    return round(this, opts);
  }
  /** `T.conj(this)`. */
  conj(this: TensorVariable): TensorVariable {
    return conj(this);
  }
  /** The real part (Theano's `x.real`). */
  get real(): TensorVariable {
    return real(this as unknown as TensorVariable);
  }
  /** The imaginary part (Theano's `x.imag`). */
  get imag(): TensorVariable {
    return imag(this as unknown as TensorVariable);
  }
}

declare module '../graph/variable.js' {
  interface TensorVariable extends Pick<ElemwiseMethods, keyof ElemwiseMethods> {}
}

installMethods(ElemwiseMethods);
