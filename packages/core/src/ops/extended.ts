/**
 * Extended elementwise ops: `sqr`, `log1p`, `expm1`, `softplus`, `sigmoid`, `erf`. They are not primitives
 * (a backend need not implement them): users get them through `T.sqr`, `T.log1p`, `T.nnet.softplus`, … which
 * build them only when asked, and the optimizer introduces them only for a backend that declares them
 * (`capabilities.ops`); elsewhere `expand_extended` replaces each by its decomposition, an equivalent and
 * numerically stable graph of primitives. `erf` has no such graph: a backend without it cannot run it.
 */
import { type DType, isComplexDType, isDiscreteDType, isFloatDType, realDType } from '../dtype.js';
import type { TensorLike, TensorVariable } from '../graph/variable.js';
import * as S from '../scalar/impl.js';
import * as B from '../scalar/int64.js';
import {
  abs,
  add,
  applyElemwise,
  boolRule,
  cast,
  cos,
  type DTypeRule,
  ELEMWISE_DEFS,
  type ElemSpec,
  type ElemwiseDef,
  type ElemwiseName,
  elemDef,
  exp,
  floatRule,
  ge,
  gt,
  le,
  log,
  lt,
  maximum,
  minimum,
  mul,
  neg,
  pow,
  promoteRule,
  sqrt,
  sub,
  trueDiv,
  zerosLike,
} from './elemwise.js';

/** The extended elementwise ops. */
export type ExtendedElemwiseName =
  | 'sqr'
  | 'log1p'
  | 'expm1'
  | 'softplus'
  | 'sigmoid'
  | 'erf'
  | 'log2'
  | 'log10'
  | 'exp2'
  | 'inv'
  | 'deg2rad'
  | 'rad2deg'
  | 'floor'
  | 'ceil'
  | 'trunc'
  | 'round_half_away_from_zero'
  | 'round_half_to_even'
  | 'isnan'
  | 'isinf'
  | 'tan'
  | 'arcsin'
  | 'arccos'
  | 'arctan'
  | 'sinh'
  | 'cosh'
  | 'arcsinh'
  | 'arccosh'
  | 'arctanh'
  | 'arctan2'
  | 'hypot'
  | 'clip'
  | 'switch'
  | 'and_'
  | 'or_'
  | 'xor'
  | 'invert'
  | 'erfc'
  | 'erfcx'
  | 'erfinv'
  | 'erfcinv'
  | 'gamma'
  | 'gammaln'
  | 'psi'
  | 'real'
  | 'imag'
  | 'angle'
  | 'conj'
  | 'complex'
  | 'complex_from_polar';

/** `log(1 + x)` from primitives, accurate for tiny x: `log(u) - ((u - 1) - x) / u` with `u = x - (-1)`. */
export function log1pPrimitive(x: TensorVariable): TensorVariable {
  const u = sub(x, -1);
  return sub(log(u), trueDiv(sub(sub(u, 1), x), u));
}

/** `log(1 + exp(x))` from primitives, without overflow: `max(x, 0) + log(1 + exp(-|x|))`. */
export function softplusPrimitive(x: TensorVariable): TensorVariable {
  return add(maximum(x, 0), log(sub(exp(neg(abs(x))), -1)));
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** A rounding op's entry: float output, `name(x)` in pp, and a zero gradient (Theano's). */
function rounding(name: ExtendedElemwiseName, f: S.ScalarFn): ElemSpec {
  return {
    name,
    scalar: name,
    arity: 1,
    dtype: floatRule,
    impl: { float: f },
    pp: 'function',
    grad: (_i, _z, gz) => [zerosLike(gz)],
  };
}

const SQRT_PI_OVER_2 = Math.sqrt(Math.PI) / 2;

/** A one-argument float function's entry: float output, `name(x)` in pp; the caller adds the gradient. */
function unaryFloat(name: ExtendedElemwiseName, f: S.ScalarFn): Omit<ElemSpec, 'grad'> {
  return { name, scalar: name, arity: 1, dtype: floatRule, impl: { float: f }, pp: 'function' };
}

/** Floats stay, integers and bools become float64 (angle of a real input). */
function upgradeReal(d: DType): DType {
  return isFloatDType(d) ? d : 'float64';
}

/** The dtype rule of the bitwise ops: the promotion of integer or bool inputs (floats are a TypeError). */
function bitwiseRule(name: string): DTypeRule {
  return (ins, p) => {
    const bad = ins.find((v) => !isDiscreteDType(v.dtype));
    if (bad) {
      throw new TypeError(
        `Elemwise{${name}}: expected integer or bool inputs, got ${ins.map((v) => v.dtype).join(' and ')} (bitwise operations have no float form)`,
      );
    }
    return promoteRule(ins, p);
  };
}

/** A bitwise op on doubles holding integers: 32-bit operations where both fit, BigInt beyond. */
function bitwiseImpl(f32: (a: number, b: number) => number, fBig: (a: bigint, b: bigint) => bigint): S.ScalarFn {
  return (a, b) => {
    if (Math.abs(a) < 2 ** 31 && Math.abs(b) < 2 ** 31) return f32(a, b);
    return Number(fBig(BigInt(a), BigInt(b)));
  };
}

/** A bitwise op's entry (no gradient: integer outputs). */
function bitwise(
  name: ExtendedElemwiseName,
  f32: (a: number, b: number) => number,
  fBig: (a: bigint, b: bigint) => bigint,
): ElemSpec {
  const impl = bitwiseImpl(f32, fBig);
  return {
    name,
    scalar: name,
    arity: 2,
    dtype: bitwiseRule(name),
    impl: { float: impl, int: impl, int32: f32, bigint: fBig },
    pp: 'function',
    grad: (ins) => ins.map(() => null),
  };
}

/** complex(a, b)'s dtype: complex64 from float32 (or narrower) parts, complex128 otherwise; complex parts are a TypeError. */
function complexRule(name: string): DTypeRule {
  return (ins, p) => {
    const d = promoteRule(ins, p);
    if (isComplexDType(d))
      throw new TypeError(`Elemwise{${name}}: expected real inputs, got ${ins.map((v) => v.dtype).join(' and ')}`);
    const f = floatRule(ins, p);
    return f === 'float32' ? 'complex64' : 'complex128';
  };
}

/** Every extended elementwise op's definition. */
export const EXTENDED_DEFS: { readonly [K in ExtendedElemwiseName]: ElemwiseDef } = {
  // d x² = 2x dx
  sqr: elemDef({
    name: 'sqr',
    impl: {
      float: (a) => a * a,
      int32: (a) => Math.imul(a, a),
      bigint: (a) => B.wrap64(a * a),
      complex: ([a, b]) => [a * a - b * b, 2 * a * b],
    },
    decompose: ([x]) => mul(x!, x!),
    scalar: 'sqr',
    arity: 1,
    dtype: promoteRule,
    grad: ([x], _z, gz) => [mul(gz, mul(x!, 2))],
  }),
  // d log(1 + x) = dx / (1 + x)
  log1p: elemDef({
    name: 'log1p',
    impl: { float: Math.log1p },
    decompose: ([x]) => log1pPrimitive(x!),
    scalar: 'log1p',
    arity: 1,
    dtype: floatRule,
    grad: ([x], _z, gz) => [trueDiv(gz, add(x!, 1))],
  }),
  // d (exp(x) - 1) = exp(x) dx
  expm1: elemDef({
    name: 'expm1',
    impl: { float: Math.expm1 },
    decompose: ([x]) => sub(exp(x!), 1),
    scalar: 'expm1',
    arity: 1,
    dtype: floatRule,
    grad: ([x], _z, gz) => [mul(gz, exp(x!))],
  }),
  // d log(1 + exp(x)) = sigmoid(x) dx
  softplus: elemDef({
    name: 'softplus',
    impl: { float: S.softplus },
    decompose: ([x]) => softplusPrimitive(x!),
    scalar: 'softplus',
    arity: 1,
    dtype: floatRule,
    grad: ([x], _z, gz) => [mul(gz, sigmoid(x!))],
  }),
  // d sigmoid(x) = sigmoid(x) (1 - sigmoid(x)) dx
  sigmoid: elemDef({
    name: 'sigmoid',
    impl: { float: S.sigmoid },
    decompose: ([x]) => trueDiv(1, add(1, exp(neg(x!)))),
    scalar: 'sigmoid',
    arity: 1,
    dtype: floatRule,
    grad: (_i, z, gz) => [mul(gz, mul(z, sub(1, z)))],
  }),
  // d erf(x) = (2/√π) e^{-x²} dx
  erf: elemDef({
    name: 'erf',
    impl: { float: S.erf },
    scalar: 'erf',
    arity: 1,
    dtype: floatRule,
    grad: ([x], _z, gz) => [mul(gz, mul(exp(neg(mul(x!, x!))), TWO_OVER_SQRT_PI))],
  }),
  // d log2(x) = dx / (x ln 2)
  log2: elemDef({
    name: 'log2',
    scalar: 'log2',
    arity: 1,
    dtype: floatRule,
    impl: { float: Math.log2 },
    pp: 'function',
    decompose: ([x]) => mul(log(x!), Math.LOG2E),
    grad: ([x], _z, gz) => [trueDiv(gz, mul(x!, Math.LN2))],
  }),
  // d log10(x) = dx / (x ln 10)
  log10: elemDef({
    name: 'log10',
    scalar: 'log10',
    arity: 1,
    dtype: floatRule,
    impl: { float: Math.log10 },
    pp: 'function',
    decompose: ([x]) => mul(log(x!), Math.LOG10E),
    grad: ([x], _z, gz) => [trueDiv(gz, mul(x!, Math.LN10))],
  }),
  // d 2^x = 2^x ln 2 dx
  exp2: elemDef({
    name: 'exp2',
    scalar: 'exp2',
    arity: 1,
    dtype: floatRule,
    impl: { float: (a) => 2 ** a },
    pp: 'function',
    decompose: ([x]) => pow(2, x!),
    grad: (_i, z, gz) => [mul(gz, mul(z, Math.LN2))],
  }),
  // d (1/x) = -dx / x²
  inv: elemDef({
    name: 'inv',
    scalar: 'inv',
    arity: 1,
    dtype: floatRule,
    impl: { float: (a) => 1 / a },
    pp: 'function',
    decompose: ([x]) => trueDiv(1, x!),
    grad: (_i, z, gz) => [neg(mul(gz, mul(z, z)))],
  }),
  // d (x π/180) = π/180 dx
  deg2rad: elemDef({
    name: 'deg2rad',
    scalar: 'deg2rad',
    arity: 1,
    dtype: floatRule,
    impl: { float: (a) => a * (Math.PI / 180) },
    pp: 'function',
    decompose: ([x]) => mul(x!, Math.PI / 180),
    grad: (_i, _z, gz) => [mul(gz, Math.PI / 180)],
  }),
  // d (x 180/π) = 180/π dx
  rad2deg: elemDef({
    name: 'rad2deg',
    scalar: 'rad2deg',
    arity: 1,
    dtype: floatRule,
    impl: { float: (a) => a * (180 / Math.PI) },
    pp: 'function',
    decompose: ([x]) => mul(x!, 180 / Math.PI),
    grad: (_i, _z, gz) => [mul(gz, 180 / Math.PI)],
  }),
  // rounding is piecewise constant: a zero gradient (as Theano)
  floor: elemDef({ ...rounding('floor', Math.floor) }),
  ceil: elemDef({ ...rounding('ceil', Math.ceil) }),
  trunc: elemDef({ ...rounding('trunc', Math.trunc) }),
  round_half_away_from_zero: elemDef({ ...rounding('round_half_away_from_zero', S.roundHalfAwayFromZero) }),
  round_half_to_even: elemDef({ ...rounding('round_half_to_even', S.roundHalfToEven) }),
  // predicates: boolean outputs carry no gradient
  isnan: elemDef({
    name: 'isnan',
    scalar: 'isnan',
    arity: 1,
    dtype: boolRule,
    impl: { float: (a) => (Number.isNaN(a) ? 1 : 0), bigint: () => 0n },
    pp: 'function',
    grad: (ins) => ins.map(() => null),
  }),
  isinf: elemDef({
    name: 'isinf',
    scalar: 'isinf',
    arity: 1,
    dtype: boolRule,
    impl: {
      float: (a) => (a === Number.POSITIVE_INFINITY || a === Number.NEGATIVE_INFINITY ? 1 : 0),
      bigint: () => 0n, // an integer is never NaN nor infinite
    },
    pp: 'function',
    grad: (ins) => ins.map(() => null),
  }),
  // ---- trigonometric and hyperbolic functions (numpy's) ----
  // d tan x = dx / cos² x
  tan: elemDef({
    ...unaryFloat('tan', Math.tan),
    grad: ([x], _z, gz) => [trueDiv(gz, sqr(cos(x!)))],
  }),
  // d arcsin x = dx / √(1 - x²)
  arcsin: elemDef({
    ...unaryFloat('arcsin', Math.asin),
    grad: ([x], _z, gz) => [trueDiv(gz, sqrt(sub(1, sqr(x!))))],
  }),
  // d arccos x = -dx / √(1 - x²)
  arccos: elemDef({
    ...unaryFloat('arccos', Math.acos),
    grad: ([x], _z, gz) => [neg(trueDiv(gz, sqrt(sub(1, sqr(x!)))))],
  }),
  // d arctan x = dx / (1 + x²)
  arctan: elemDef({
    ...unaryFloat('arctan', Math.atan),
    grad: ([x], _z, gz) => [trueDiv(gz, add(1, sqr(x!)))],
  }),
  // d sinh x = cosh x dx
  sinh: elemDef({
    ...unaryFloat('sinh', Math.sinh),
    grad: ([x], _z, gz) => [mul(gz, cosh(x!))],
  }),
  // d cosh x = sinh x dx
  cosh: elemDef({
    ...unaryFloat('cosh', Math.cosh),
    grad: ([x], _z, gz) => [mul(gz, sinh(x!))],
  }),
  // d arcsinh x = dx / √(x² + 1)
  arcsinh: elemDef({
    ...unaryFloat('arcsinh', Math.asinh),
    grad: ([x], _z, gz) => [trueDiv(gz, sqrt(add(sqr(x!), 1)))],
  }),
  // d arccosh x = dx / √(x² - 1)
  arccosh: elemDef({
    ...unaryFloat('arccosh', Math.acosh),
    grad: ([x], _z, gz) => [trueDiv(gz, sqrt(sub(sqr(x!), 1)))],
  }),
  // d arctanh x = dx / (1 - x²)
  arctanh: elemDef({
    ...unaryFloat('arctanh', Math.atanh),
    grad: ([x], _z, gz) => [trueDiv(gz, sub(1, sqr(x!)))],
  }),
  // d arctan2(y, x) = (x dy - y dx) / (x² + y²)
  arctan2: elemDef({
    name: 'arctan2',
    scalar: 'arctan2',
    arity: 2,
    dtype: floatRule,
    impl: { float: Math.atan2 },
    pp: 'function',
    grad: ([y, x], _z, gz) => {
      const r2 = add(sqr(x!), sqr(y!));
      return [trueDiv(mul(gz, x!), r2), neg(trueDiv(mul(gz, y!), r2))];
    },
  }),
  // d hypot(x, y) = (x dx + y dy) / hypot(x, y)
  hypot: elemDef({
    name: 'hypot',
    scalar: 'hypot',
    arity: 2,
    dtype: floatRule,
    impl: { float: S.hypot },
    pp: 'function',
    grad: ([x, y], z, gz) => [mul(gz, trueDiv(x!, z)), mul(gz, trueDiv(y!, z))],
  }),
  // clip(x, lo, hi) = min(max(x, lo), hi); Theano's gradient: gz to x where lo ≤ x ≤ hi, to lo where x < lo,
  // to hi where x > hi
  clip: elemDef({
    name: 'clip',
    scalar: 'clip',
    arity: 3,
    dtype: promoteRule,
    impl: {
      float: (x, lo, hi) => S.minimum(S.maximum(x, lo), hi),
      bigint: (x, lo, hi) => B.bigMinimum(B.bigMaximum(x, lo), hi),
    },
    pp: 'function',
    decompose: ([x, lo, hi]) => minimum(maximum(x!, lo!), hi!),
    grad: ([x, lo, hi], _z, gz) => [
      mul(gz, cast(and_(ge(x!, lo!), le(x!, hi!)), gz.dtype)),
      mul(gz, cast(lt(x!, lo!), gz.dtype)),
      mul(gz, cast(gt(x!, hi!), gz.dtype)),
    ],
  }),
  // switch(c, a, b): a where c is nonzero, else b; the gradient goes to the branch taken (none to c)
  switch: elemDef({
    name: 'switch',
    scalar: 'switch',
    arity: 3,
    dtype: (ins, p) => promoteRule(ins.slice(1), p),
    impl: {
      float: (c, a, b) => (c !== 0 ? a : b),
      bigint: (c, a, b) => (c !== 0n ? a : b),
      complex: (c, a, b) => (c[0] !== 0 || c[1] !== 0 ? a : b),
    },
    pp: 'function',
    grad: ([c], _z, gz) => [null, switchOp(c!, gz, zerosLike(gz)), switchOp(c!, zerosLike(gz), gz)],
  }),
  // ---- bitwise operations on integers and bools (logical on bools) ----
  and_: elemDef(
    bitwise(
      'and_',
      (a, b) => a & b,
      (a, b) => a & b,
    ),
  ),
  or_: elemDef(
    bitwise(
      'or_',
      (a, b) => a | b,
      (a, b) => a | b,
    ),
  ),
  xor: elemDef(
    bitwise(
      'xor',
      (a, b) => a ^ b,
      (a, b) => a ^ b,
    ),
  ),
  invert: elemDef({
    name: 'invert',
    scalar: 'invert',
    arity: 1,
    dtype: (ins, p) => {
      const d = promoteRule(ins, p);
      if (!isDiscreteDType(d) || d === 'bool') {
        throw new TypeError(
          `Elemwise{invert}: expected an integer input, got ${d} (T.invert of a bool is a logical not; floats have no bitwise form)`,
        );
      }
      return d;
    },
    // ~a = -a - 1 in two's complement, exact in doubles; stored with wrapping like numpy's
    impl: { float: (a) => -a - 1, bigint: (a) => ~a },
    pp: ([a]) => `~${a}`,
    grad: (ins) => ins.map(() => null),
  }),
  // ---- special functions (scipy.special's) ----
  // d erfc x = -(2/√π) e^{-x²} dx
  erfc: elemDef({
    ...unaryFloat('erfc', S.erfc),
    grad: ([x], _z, gz) => [neg(mul(gz, mul(exp(neg(sqr(x!))), TWO_OVER_SQRT_PI)))],
  }),
  // d erfcx x = (2x erfcx x - 2/√π) dx
  erfcx: elemDef({
    ...unaryFloat('erfcx', S.erfcx),
    grad: ([x], z, gz) => [mul(gz, sub(mul(mul(x!, z), 2), TWO_OVER_SQRT_PI))],
  }),
  // d erfinv y = (√π/2) e^{erfinv(y)²} dy
  erfinv: elemDef({
    ...unaryFloat('erfinv', S.erfinv),
    grad: (_i, z, gz) => [mul(gz, mul(exp(sqr(z)), SQRT_PI_OVER_2))],
  }),
  // d erfcinv q = -(√π/2) e^{erfcinv(q)²} dq
  erfcinv: elemDef({
    ...unaryFloat('erfcinv', S.erfcinv),
    grad: (_i, z, gz) => [neg(mul(gz, mul(exp(sqr(z)), SQRT_PI_OVER_2)))],
  }),
  // d Γ(x) = Γ(x) ψ(x) dx
  gamma: elemDef({
    ...unaryFloat('gamma', S.gamma),
    grad: ([x], z, gz) => [mul(gz, mul(z, psi(x!)))],
  }),
  // d log Γ(x) = ψ(x) dx
  gammaln: elemDef({
    ...unaryFloat('gammaln', S.gammaln),
    grad: ([x], _z, gz) => [mul(gz, psi(x!))],
  }),
  // ψ's derivative is the trigamma function, which Theano 1.0 does not have either
  psi: elemDef({
    ...unaryFloat('psi', S.psi),
    grad: () => {
      throw new Error(
        'Elemwise{psi}: the gradient of psi (the trigamma function) is not implemented (as in Theano 1.0)',
      );
    },
  }),
  // ---- complex parts (real inputs: real(x) = x, imag(x) = 0, conj(x) = x, angle(x) = 0 or π) ----
  // d real(z) = real(dz): the gradient of a complex input is complex(gz, 0)
  real: elemDef({
    name: 'real',
    scalar: 'real',
    arity: 1,
    dtype: (ins) => realDType(ins[0]!.dtype),
    impl: { float: (a) => a, bigint: (a) => a, complex: ([a]) => [a, 0] },
    pp: 'function',
    grad: ([x], _z, gz) => [isComplexDType(x!.dtype) ? complex(gz, zerosLike(gz)) : gz],
  }),
  imag: elemDef({
    name: 'imag',
    scalar: 'imag',
    arity: 1,
    dtype: (ins) => realDType(ins[0]!.dtype),
    impl: { float: () => 0, bigint: () => 0n, complex: ([, b]) => [b, 0] },
    pp: 'function',
    grad: ([x], _z, gz) => [isComplexDType(x!.dtype) ? complex(zerosLike(gz), gz) : null],
  }),
  angle: elemDef({
    name: 'angle',
    scalar: 'angle',
    arity: 1,
    dtype: (ins) => upgradeReal(realDType(ins[0]!.dtype)),
    impl: { float: (a) => Math.atan2(0, a), complex: ([a, b]) => [Math.atan2(b, a), 0] },
    pp: 'function',
    grad: (ins) => ins.map(() => null),
  }),
  conj: elemDef({
    name: 'conj',
    scalar: 'conj',
    arity: 1,
    dtype: promoteRule,
    impl: { float: (a) => a, bigint: (a) => a, complex: ([a, b]) => [a, -b] },
    pp: 'function',
    grad: (_i, _z, gz) => [conj(gz)],
  }),
  // complex(a, b) = a + bi: d = real(dz) da + imag(dz) db
  complex: elemDef({
    name: 'complex',
    scalar: 'complex',
    arity: 2,
    dtype: complexRule('complex'),
    impl: { float: (a) => a, complex: ([a], [b]) => [a, b] },
    pp: 'function',
    grad: (_i, _z, gz) => [real(gz), imag(gz)],
  }),
  complex_from_polar: elemDef({
    name: 'complex_from_polar',
    scalar: 'complex_from_polar',
    arity: 2,
    dtype: complexRule('complex_from_polar'),
    impl: { float: (r) => r, complex: ([r], [t]) => [r * Math.cos(t), r * Math.sin(t)] },
    pp: 'function',
    grad: (ins) => ins.map(() => null),
  }),
};

/** `x²` (the `sqr` op). */
export const sqr = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.sqr, [x]);
/** `log(1 + x)`, accurate for tiny x (the `log1p` op). */
export const log1p = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.log1p, [x]);
/** `exp(x) - 1`, accurate for tiny x (the `expm1` op). */
export const expm1 = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.expm1, [x]);
/** `log(1 + exp(x))` without overflow (the `softplus` op). */
export const softplus = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.softplus, [x]);
/** `1 / (1 + exp(-x))` (the `sigmoid` op). */
export const sigmoid = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.sigmoid, [x]);
/** The error function, `(2/√π) ∫₀ˣ e^{-t²} dt` (the `erf` op). */
export const erf = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.erf, [x]);
/** The base-2 logarithm (the `log2` op). */
export const log2 = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.log2, [x]);
/** The base-10 logarithm. */
export const log10 = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.log10, [x]);
/** `2 ** x`. */
export const exp2 = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.exp2, [x]);
/** `1 / x` (Theano's `inv`). */
export const inv = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.inv, [x]);
/** Degrees to radians. */
export const deg2rad = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.deg2rad, [x]);
/** Radians to degrees. */
export const rad2deg = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.rad2deg, [x]);
/** The largest integer not above x (a float). */
export const floor = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.floor, [x]);
/** The smallest integer not below x (a float). */
export const ceil = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.ceil, [x]);
/** x with its fraction dropped (toward zero). */
export const trunc = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.trunc, [x]);

/** Whether each element is NaN (false for integers). */
export const isnan = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.isnan, [x]);
/** Whether each element is +inf or -inf (false for integers). */
export const isinf = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.isinf, [x]);

/** Tangent. */
export const tan = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.tan, [x]);
/** Inverse sine (NaN outside [-1, 1]). */
export const arcsin = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.arcsin, [x]);
/** Inverse cosine (NaN outside [-1, 1]). */
export const arccos = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.arccos, [x]);
/** Inverse tangent. */
export const arctan = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.arctan, [x]);
/** The angle of the point (x, y), `arctan2(y, x)` in (-π, π] (numpy's signed zeros and infinities). */
export const arctan2 = (y: TensorLike, x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.arctan2, [y, x]);
/** Hyperbolic sine. */
export const sinh = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.sinh, [x]);
/** Hyperbolic cosine. */
export const cosh = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.cosh, [x]);
/** Inverse hyperbolic sine. */
export const arcsinh = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.arcsinh, [x]);
/** Inverse hyperbolic cosine (NaN below 1). */
export const arccosh = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.arccosh, [x]);
/** Inverse hyperbolic tangent (±inf at ±1, NaN outside). */
export const arctanh = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.arctanh, [x]);
/** `√(x² + y²)` without overflow or underflow (inf if either is infinite, even with a NaN). */
export const hypot = (x: TensorLike, y: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.hypot, [x, y]);
/** x limited to [lo, hi] (numpy's `clip`: `minimum(maximum(x, lo), hi)`). */
export const clip = (x: TensorLike, lo: TensorLike, hi: TensorLike): TensorVariable =>
  applyElemwise(EXTENDED_DEFS.clip, [x, lo, hi]);
/** The switch op itself (`T.switch` adds the argument checks). */
const switchOp = (c: TensorLike, a: TensorLike, b: TensorLike): TensorVariable =>
  applyElemwise(EXTENDED_DEFS.switch, [c, a, b]);
/** Elementwise select: `a` where `cond` is nonzero, else `b`, broadcast together (Theano's `switch`, numpy's `where`). */
export const switch_ = (cond: TensorLike, a: TensorLike, b: TensorLike): TensorVariable => switchOp(cond, a, b);
/** Bitwise and of integers, logical and of bools. */
export const and_ = (a: TensorLike, b: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.and_, [a, b]);
/** Bitwise or of integers, logical or of bools. */
export const or_ = (a: TensorLike, b: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.or_, [a, b]);
/** Bitwise exclusive or of integers, logical xor of bools. */
export const xor = (a: TensorLike, b: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.xor, [a, b]);
/** The complementary error function `1 - erf(x)`, accurate where erf is near 1. */
export const erfc = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.erfc, [x]);
/** The scaled complementary error function `exp(x²) erfc(x)`. */
export const erfcx = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.erfcx, [x]);
/** The inverse error function (on [-1, 1]). */
export const erfinv = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.erfinv, [x]);
/** The inverse complementary error function (on [0, 2]). */
export const erfcinv = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.erfcinv, [x]);
/** The gamma function Γ(x). */
export const gamma = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.gamma, [x]);
/** log|Γ(x)|. */
export const gammaln = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.gammaln, [x]);
/** The digamma function ψ(x) = Γ'(x)/Γ(x). */
export const psi = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.psi, [x]);
/** The real part (real inputs: themselves). */
export const real = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.real, [x]);
/** The imaginary part (real inputs: zeros). */
export const imag = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.imag, [x]);
/** The argument of a complex number, in (-π, π] (real inputs: 0, or π for negative ones and -0). */
export const angle = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.angle, [x]);
/** The complex conjugate (real inputs: themselves). */
export const conj = (x: TensorLike): TensorVariable => applyElemwise(EXTENDED_DEFS.conj, [x]);
/** `real + imag·i` from two real tensors (complex64 from float32 parts, else complex128). */
export const complex = (re: TensorLike, im: TensorLike): TensorVariable =>
  applyElemwise(EXTENDED_DEFS.complex, [re, im]);
/** `r (cos θ + i sin θ)` from a modulus and an angle. */
export const complexFromPolar = (r: TensorLike, theta: TensorLike): TensorVariable =>
  applyElemwise(EXTENDED_DEFS.complex_from_polar, [r, theta]);

/** Options of `round`. */
export interface RoundOptions {
  /** `'half_away_from_zero'` (Theano's default: 2.5 → 3, -2.5 → -3) or `'half_to_even'` (numpy's: 2.5 → 2). */
  mode?: 'half_away_from_zero' | 'half_to_even';
}

/** x rounded to the nearest integer; halves away from zero unless `{ mode: 'half_to_even' }`. */
export function round(x: TensorLike, opts: RoundOptions = {}): TensorVariable {
  const known = ['mode'];
  for (const k of Object.keys(opts)) {
    if (!known.includes(k)) throw new TypeError(`round: unknown option ${JSON.stringify(k)} (options: mode)`);
  }
  const mode = opts.mode ?? 'half_away_from_zero';
  if (mode !== 'half_away_from_zero' && mode !== 'half_to_even') {
    throw new TypeError(`round: mode must be 'half_away_from_zero' or 'half_to_even', got ${JSON.stringify(mode)}`);
  }
  return applyElemwise(EXTENDED_DEFS[mode === 'half_to_even' ? 'round_half_to_even' : 'round_half_away_from_zero'], [
    x,
  ]);
}

/** The name of any elementwise op with a scalar entry: a primitive or an extended one. */
export type ScalarOpName = ElemwiseName | ExtendedElemwiseName;

/**
 * Every elementwise op's definition, primitive and extended, keyed by name: core's scalar table. Backends
 * key their renderings (GLSL, ONNX lowerings) by these names; backend-ref runs the entries themselves.
 */
export const SCALAR_OPS: { readonly [K in ScalarOpName]: ElemwiseDef } = Object.freeze({
  ...ELEMWISE_DEFS,
  ...EXTENDED_DEFS,
});
