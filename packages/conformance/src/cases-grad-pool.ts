/**
 * `verifyGrad` cases of pooling and batch normalization: pool2d in every mode (max at points with distinct
 * values, so no tie moves under the finite-difference step), with ignoreBorder true and false, a stride
 * other than the window, padding, on 2-, 3- and 4-d inputs; the second derivative through `MaxPoolGrad` and
 * `AveragePoolGrad`; batch normalization's outputs (train, test, the elementwise form) with respect to the
 * input and the parameters.
 */
import type { TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import type { ConformanceCase } from './case.js';
import { any, distinct, nonzero, positive, vg } from './grad-case.js';

const T = theano.tensor;

const pool = (x: TensorVariable, o: Record<string, unknown>) => T.signal.pool.pool2d(x, o as never);
/** d/dx of sum(pool(x)²): the pooling's gradient op, whose own gradient is then checked. */
const gradOfSquares = (x: TensorVariable, o: Record<string, unknown>) =>
  T.grad(T.sum(T.sqr(pool(x, o))), x) as TensorVariable;

/** The pooling and batch-normalization verifyGrad cases. */
export const POOL_GRAD_CASES: readonly ConformanceCase[] = [
  vg(
    'pool2d.max.4d',
    'pool2d max, ws (2, 2), ignoreBorder true, of a (1, 2, 4, 5) tensor: the gradient to each window maximum',
    (x) => pool(x, { ws: [2, 2], ignoreBorder: true }),
    (r) => [distinct(r, [1, 2, 4, 5])],
  ),
  vg(
    'pool2d.max.3d-stride-border',
    'pool2d max, ws (3, 2), stride (1, 2), ignoreBorder false (overlapping rows, a partial last column), 3-d',
    (x) => pool(x, { ws: [3, 2], stride: [1, 2], ignoreBorder: false }),
    (r) => [distinct(r, [2, 4, 5])],
  ),
  vg(
    'pool2d.max.pad',
    'pool2d max, ws (3, 3), stride (2, 2), pad (1, 1) of a matrix',
    (x) => pool(x, { ws: [3, 3], stride: [2, 2], pad: [1, 1], ignoreBorder: true }),
    (r) => [distinct(r, [4, 5])],
  ),
  vg(
    'pool2d.sum.border',
    'pool2d sum, ws (2, 3), ignoreBorder false, 4-d',
    (x) => pool(x, { ws: [2, 3], mode: 'sum' }),
    (r) => [any(r, [1, 2, 3, 5])],
  ),
  vg(
    'pool2d.average_inc_pad.pad',
    'pool2d average_inc_pad, ws (3, 3), stride (2, 1), pad (1, 2)',
    (x) => pool(x, { ws: [3, 3], stride: [2, 1], pad: [1, 2], ignoreBorder: true, mode: 'average_inc_pad' }),
    (r) => [any(r, [2, 4, 4])],
  ),
  vg(
    'pool2d.average_exc_pad.pad',
    'pool2d average_exc_pad, ws (3, 3), stride (2, 1), pad (1, 2)',
    (x) => pool(x, { ws: [3, 3], stride: [2, 1], pad: [1, 2], ignoreBorder: true, mode: 'average_exc_pad' }),
    (r) => [any(r, [2, 4, 4])],
  ),
  vg(
    'pool2d.average.border',
    'pool2d average_exc_pad, ws (2, 2), stride (3, 3), ignoreBorder false (partial windows)',
    (x) => pool(x, { ws: [2, 2], stride: [3, 3], mode: 'average_exc_pad' }),
    (r) => [any(r, [4, 5])],
  ),
  vg(
    'pool2d.max.grad-grad',
    'the gradient of MaxPoolGrad: d/dx of the gradient of sum(pool2d(x)²), max, ws (2, 2), stride (1, 1)',
    (x) => gradOfSquares(x, { ws: [2, 2], stride: [1, 1], ignoreBorder: true }),
    (r) => [distinct(r, [3, 4])],
  ),
  vg(
    'pool2d.average.grad-grad',
    'the gradient of AveragePoolGrad: d/dx of the gradient of sum(pool2d(x)²), average_exc_pad with pad',
    (x) => gradOfSquares(x, { ws: [2, 2], pad: [1, 1], ignoreBorder: true, mode: 'average_exc_pad' }),
    (r) => [any(r, [3, 4])],
  ),
  vg(
    'bn.train.out',
    'batchNormalizationTrain per-activation: out with respect to x, gamma and beta',
    (x, g, b) => T.nnet.bn.batchNormalizationTrain(x, g, b)[0]!,
    (r) => [any(r, [4, 3]), nonzero(r, [1, 3]), any(r, [1, 3])],
  ),
  vg(
    'bn.train.stats',
    'batchNormalizationTrain per-activation: invstd plus the new running var, with respect to x',
    (x, rv) => {
      const outs = T.nnet.bn.batchNormalizationTrain(x, T.onesLike(rv), T.zerosLike(rv), { runningVar: rv });
      return T.add(outs[2]!, outs[3]!);
    },
    (r) => [any(r, [4, 3]), positive(r, [1, 3])],
  ),
  vg(
    'bn.train.spatial',
    'batchNormalizationTrain spatial of a (2, 2, 2, 3) tensor, gamma and beta of shape (2,)',
    (x, g, b) => T.nnet.bn.batchNormalizationTrain(x, g, b, { axes: 'spatial' })[0]!,
    (r) => [any(r, [2, 2, 2, 3]), nonzero(r, [2]), any(r, [2])],
  ),
  vg(
    'bn.test',
    'batchNormalizationTest with respect to x, gamma, beta, mean and var',
    (x, g, b, m, v) => T.nnet.bn.batchNormalizationTest(x, g, b, m, v),
    (r) => [any(r, [4, 3]), any(r, [1, 3]), any(r, [1, 3]), any(r, [1, 3]), positive(r, [1, 3])],
  ),
  vg(
    'batchNormalization',
    'batchNormalization (x - mean) · gamma / std + beta with respect to every input',
    (x, g, b, m, s) => T.nnet.batchNormalization(x, g, b, m, s),
    (r) => [any(r, [4, 3]), any(r, [1, 3]), any(r, [1, 3]), any(r, [1, 3]), nonzero(r, [1, 3])],
  ),
];
