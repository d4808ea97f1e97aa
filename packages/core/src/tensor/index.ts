/**
 * `theano.tensor` (alias `T`): type constructors, tensor functions (every method of a variable also exists
 * here: `T.add(a, b)`, `T.dot(A, x)`, `T.sum(x, { axis })`), and the autodiff entry points Theano puts
 * in `theano.tensor` (`T.grad`, `T.Rop`, `T.Lop`).
 */
import { grad, Lop, Rop } from '../autodiff/grad.js';
import { hessian, jacobian } from '../autodiff/jacobian.js';
import { verifyGrad } from '../autodiff/verify.js';
import { asTensorVariable, constant } from '../graph/constant.js';
import type { TensorLike, TensorVariable } from '../graph/variable.js';
import * as ew from '../ops/elemwise.js';
import {
  ceil,
  deg2rad,
  erf,
  exp2,
  expm1,
  floor,
  inv,
  isinf,
  isnan,
  log1p,
  log2,
  log10,
  rad2deg,
  round,
  sigmoid,
  softplus,
  sqr,
  trunc,
} from '../ops/extended.js';
import { dot } from '../ops/linalg.js';
import { logsumexp, nnet } from '../ops/nnet.js';
import { signalPool } from '../ops/pool.js';
import { max, mean, min, sum } from '../ops/reduce.js';
import { dimshuffle, flatten, reshape, shape, shapeI, transpose } from '../ops/shape.js';
import { incSubtensor, subtensor } from '../ops/subtensor.js';
import { TensorType } from '../type.js';
import { withArityChecks, withSnakeAliases } from './args.js';
import { constructors, tensor as tensorOf } from './constructors.js';
import { CREATION_FUNCTIONS } from './family-creation.js';
import { ELEMWISE_FUNCTIONS } from './family-elemwise.js';
import { EXTRA_FUNCTIONS } from './family-extra.js';
import { INDEXING_FUNCTIONS } from './family-indexing.js';
import { LINALG_FUNCTIONS } from './family-linalg.js';
import { REDUCE_FUNCTIONS } from './family-reduce.js';
import { SHAPE_FUNCTIONS } from './family-shape.js';
import { SORT_FUNCTIONS } from './family-sort.js';
import { sharedRandomstreams } from './random-streams.js';

function setSubtensor(x: TensorLike, y: TensorLike, i: number | TensorVariable): TensorVariable {
  return incSubtensor(x, y, i, true);
}

const functions = {
  TensorType,
  tensor: tensorOf,
  constant,
  asTensorVariable,
  add: ew.add,
  sub: ew.sub,
  mul: ew.mul,
  div: ew.trueDiv,
  trueDiv: ew.trueDiv,
  intDiv: ew.intDiv,
  mod: ew.mod,
  pow: ew.pow,
  neg: ew.neg,
  abs: ew.abs,
  abs_: ew.abs,
  exp: ew.exp,
  log: ew.log,
  sqrt: ew.sqrt,
  sin: ew.sin,
  cos: ew.cos,
  tanh: ew.tanh,
  sgn: ew.sgn,
  maximum: ew.maximum,
  minimum: ew.minimum,
  lt: ew.lt,
  le: ew.le,
  gt: ew.gt,
  ge: ew.ge,
  eq: ew.eq,
  neq: ew.neq,
  cast: ew.cast,
  second: ew.second,
  fill: ew.second,
  zerosLike: ew.zerosLike,
  onesLike: ew.onesLike,
  dot,
  sum,
  mean,
  max,
  min,
  dimshuffle,
  transpose,
  reshape,
  flatten,
  shape,
  shapeI,
  subtensor,
  incSubtensor,
  setSubtensor,
  grad,
  Rop,
  Lop,
  jacobian,
  hessian,
  verifyGrad,
  sqr,
  log1p,
  expm1,
  erf,
  log2,
  log10,
  exp2,
  inv,
  deg2rad,
  rad2deg,
  floor,
  ceil,
  trunc,
  round,
  isnan,
  isinf,
  softplus,
  sigmoid,
  logsumexp,
  nnet,
  /** `T.signal.pool`: Theano's `theano.tensor.signal.pool` (`pool2d`). */
  signal: Object.freeze({ pool: signalPool }),
  sharedRandomstreams,
};

/** `theano.tensor`: constructors and tensor functions, each camelCase name also under Theano's snake_case one. */
export const T = Object.freeze(
  withSnakeAliases(
    withArityChecks({
      ...constructors,
      ...functions,
      ...ELEMWISE_FUNCTIONS,
      ...CREATION_FUNCTIONS,
      ...SHAPE_FUNCTIONS,
      ...REDUCE_FUNCTIONS,
      ...INDEXING_FUNCTIONS,
      ...LINALG_FUNCTIONS,
      ...SORT_FUNCTIONS,
      ...EXTRA_FUNCTIONS,
    }),
  ),
);
/** The type of `theano.tensor`. */
export type TensorModule = typeof T;
