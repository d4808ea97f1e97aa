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
  ELEMWISE_DEFS,
  type ElemwiseDef,
  type ElemwiseName,
  elemDef,
  exp,
  floatRule,
  log,
  maximum,
  mul,
  neg,
  promoteRule,
  sub,
  trueDiv,
} from './elemwise.js';

/** The extended elementwise ops. */
export type ExtendedElemwiseName = 'sqr' | 'log1p' | 'expm1' | 'softplus' | 'sigmoid' | 'erf' | 'log2';

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
