/**
 * Extended elementwise ops: `sqr`, `log1p`, `expm1`, `softplus`, `sigmoid`, `erf`. They are not primitives
 * (a backend need not implement them): users get them through `T.sqr`, `T.log1p`, `T.nnet.softplus`, … which
 * build them only when asked, and the optimizer introduces them only for a backend that declares them
 * (`capabilities.ops`); elsewhere `expand_extended` replaces each by its decomposition, an equivalent and
 * numerically stable graph of primitives. `erf` has no such graph: a backend without it cannot run it.
 */
import type { TensorLike, TensorVariable } from '../graph/variable.js';
import * as S from '../scalar/impl.js';
import {
  abs,
  add,
  applyElemwise,
  boolRule,
  ELEMWISE_DEFS,
  type ElemSpec,
  type ElemwiseDef,
  type ElemwiseName,
  elemDef,
  exp,
  floatRule,
  log,
  maximum,
  mul,
  neg,
  pow,
  promoteRule,
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
  | 'isinf';

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

/** Every extended elementwise op's definition. */
export const EXTENDED_DEFS: { readonly [K in ExtendedElemwiseName]: ElemwiseDef } = {
  // d x² = 2x dx
  sqr: elemDef({
    name: 'sqr',
    impl: { float: (a) => a * a, int32: (a) => Math.imul(a, a), complex: ([a, b]) => [a * a - b * b, 2 * a * b] },
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
    impl: { float: (a) => (Number.isNaN(a) ? 1 : 0) },
    pp: 'function',
    grad: (ins) => ins.map(() => null),
  }),
  isinf: elemDef({
    name: 'isinf',
    scalar: 'isinf',
    arity: 1,
    dtype: boolRule,
    impl: { float: (a) => (a === Number.POSITIVE_INFINITY || a === Number.NEGATIVE_INFINITY ? 1 : 0) },
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
