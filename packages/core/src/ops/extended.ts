/**
 * Extended elementwise ops: `sqr`, `log1p`, `expm1`, `softplus`, `sigmoid`. They are not primitives (a
 * backend need not implement them): users get them through `T.sqr`, `T.log1p`, `T.nnet.softplus`, … which
 * build them only when asked, and the optimizer introduces them only for a backend that declares them
 * (`capabilities.ops`); elsewhere the same rewrites emit an equivalent, numerically stable primitive graph.
 */
import type { TensorLike, TensorVariable } from '../graph/variable.js';
import {
  add,
  applyElemwise,
  type ElemwiseParams,
  elemDef,
  exp,
  floatRule,
  mul,
  promoteRule,
  sub,
  trueDiv,
} from './elemwise.js';
import type { OpDef } from './op-def.js';

/** The extended elementwise ops. */
export type ExtendedElemwiseName = 'sqr' | 'log1p' | 'expm1' | 'softplus' | 'sigmoid';

/** Every extended elementwise op's definition. */
export const EXTENDED_DEFS: { readonly [K in ExtendedElemwiseName]: OpDef<ElemwiseParams> } = {
  // d x² = 2x dx
  sqr: elemDef({
    name: 'sqr',
    scalar: 'sqr',
    arity: 1,
    dtype: promoteRule,
    grad: ([x], _z, gz) => [mul(gz, mul(x!, 2))],
  }),
  // d log(1 + x) = dx / (1 + x)
  log1p: elemDef({
    name: 'log1p',
    scalar: 'log1p',
    arity: 1,
    dtype: floatRule,
    grad: ([x], _z, gz) => [trueDiv(gz, add(x!, 1))],
  }),
  // d (exp(x) - 1) = exp(x) dx
  expm1: elemDef({
    name: 'expm1',
    scalar: 'expm1',
    arity: 1,
    dtype: floatRule,
    grad: ([x], _z, gz) => [mul(gz, exp(x!))],
  }),
  // d log(1 + exp(x)) = sigmoid(x) dx
  softplus: elemDef({
    name: 'softplus',
    scalar: 'softplus',
    arity: 1,
    dtype: floatRule,
    grad: ([x], _z, gz) => [mul(gz, sigmoid(x!))],
  }),
  // d sigmoid(x) = sigmoid(x) (1 - sigmoid(x)) dx
  sigmoid: elemDef({
    name: 'sigmoid',
    scalar: 'sigmoid',
    arity: 1,
    dtype: floatRule,
    grad: (_i, z, gz) => [mul(gz, mul(z, sub(1, z)))],
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
