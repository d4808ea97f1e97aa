/**
 * `verifyGrad` cases of the indexing family: basic and advanced views, boolean masks, take, nonzeroValues
 * and setSubtensor / incSubtensor on views, against central finite differences at float64 points.
 */

import * as theano from 'theano-ts';
import type { ConformanceCase } from './case.js';
import { uniform } from './check.js';
import { type Rand, vg } from './grad-case.js';

const T = theano.tensor;

/** Values in [-2, 2). */
const any = (r: Rand, shape: readonly number[]) => uniform(r, shape, -2, 2);
/** Values in ±[0.5, 2): away from 0. */
const nonzero = (r: Rand, shape: readonly number[]) => uniform(r, shape, 0.5, 2, { signed: true });

/** The indexing family's gradient cases. */
export const INDEXING_GRAD_CASES: readonly ConformanceCase[] = [
  vg(
    'get.slices',
    "x.get('1:3', '::-1') of a matrix",
    (a) => a.get('1:3', '::-1'),
    (r) => [any(r, [3, 4])],
  ),
  vg(
    'get.slice.step',
    "x.get(T.slice(-1, 0, -2), 1) and x.get(null, '...', 2)",
    (a) =>
      a
        .get(T.slice(-1, 0, -2), 1)
        .sum()
        .add(a.get(null, '...', 2).sum().mul(a.get(0, 0))),
    (r) => [any(r, [4, 3])],
  ),
  vg(
    'get.advanced1',
    'x.get([2, 0, 2]): a repeated row gets the sum of its gradients (AdvancedSubtensor1)',
    (a) => a.get([2, 0, 2]).mul(a.get([0, 1, 2])),
    (r) => [any(r, [3, 2])],
  ),
  vg(
    'get.advanced',
    "x.get([0, 2, 0], [1, -1, 1]) and x.get(':', [1, 1, 0]) (AdvancedSubtensor)",
    (a) =>
      a
        .get([0, 2, 0], [1, -1, 1])
        .sum()
        .add(a.get(':', [1, 1, 0]).mul(2).exp().sum()),
    (r) => [any(r, [3, 3])],
  ),
  vg(
    'get.mask',
    'x.get(x.gt(0)): a boolean mask',
    (a) => a.get(a.gt(0)).mul(2).exp(),
    (r) => [nonzero(r, [3, 3])],
  ),
  vg(
    'get.loss',
    '-mean(log(p)[[0, 1, 2], [1, 0, 1]]): the negative log-likelihood',
    (p) => T.mean(T.log(p).get([0, 1, 2], [1, 0, 1])).neg(),
    (r) => [uniform(r, [3, 2], 0.5, 2)],
  ),
  vg(
    'take',
    'T.take(x, [1, 0, 1], { axis: 1 })',
    (a) => T.take(a, [1, 0, 1], { axis: 1 }),
    (r) => [any(r, [2, 3])],
  ),
  vg(
    'nonzeroValues',
    'T.nonzeroValues(x) at points away from 0',
    (a) => T.nonzeroValues(a).mul(T.nonzeroValues(a)),
    (r) => [nonzero(r, [2, 3])],
  ),
  vg(
    'setSubtensor.slice',
    "T.setSubtensor(x.get('1:3'), y) · x: x and y",
    (x, y) => T.setSubtensor(x.get('1:3'), y).mul(x),
    (r) => [any(r, [3, 2]), any(r, [2, 2])],
  ),
  vg(
    'incSubtensor.slice',
    "T.incSubtensor(x.get('::-2', 1), y) with a broadcast scalar y",
    (x, y) => T.incSubtensor(x.get('::-2', 1), y).mul(2).exp(),
    (r) => [any(r, [3, 2]), any(r, [])],
  ),
  vg(
    'setSubtensor.advanced',
    'T.setSubtensor(x.get([0, 2]), y) · x',
    (x, y) => T.setSubtensor(x.get([0, 2]), y).mul(x),
    (r) => [any(r, [3, 2]), any(r, [2, 2])],
  ),
  vg(
    'incSubtensor.advanced',
    'T.incSubtensor(x.get([0, 2, 0], [1, 0, 1]), y): repeated indices accumulate',
    (x, y) =>
      T.incSubtensor(x.get([0, 2, 0], [1, 0, 1]), y)
        .mul(2)
        .exp(),
    (r) => [any(r, [3, 2]), any(r, [3])],
  ),
];
