/**
 * `verifyGrad` cases of the sort family: sort and topk (the gradient goes back through the permutation:
 * points with distinct values, so no tie moves under the finite-difference step), the diagonal fills with
 * respect to the array and the value, and bincount with respect to its weights.
 */
import type { NDArray } from '@theano-ts/core';
import * as theano from 'theano-ts';
import type { ConformanceCase } from './case.js';
import { uniform } from './check.js';
import { type Rand, vg } from './grad-case.js';

const T = theano.tensor;

/** Distinct values at least 0.4 apart (a shuffled progression plus noise). */
function distinct(r: Rand, shape: readonly number[]): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = Array.from({ length: n }, (_, i) => i * 0.5 - n / 4 + r() * 0.1);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [v[i], v[j]] = [v[j]!, v[i]!];
  }
  return theano.fromFloat64(v, shape, 'float64');
}

const any = (r: Rand, shape: readonly number[]) => uniform(r, shape, -2, 2);

/** The sort family's verifyGrad cases. */
export const SORT_GRAD_CASES: readonly ConformanceCase[] = [
  vg(
    'sort',
    'sort along the last axis: dz taken back through the inverse permutation',
    (x) => T.sort(x),
    (r) => [distinct(r, [3, 4])],
  ),
  vg(
    'sort.axis0',
    'sort along axis 0',
    (x) => T.sort(x, 0),
    (r) => [distinct(r, [3, 4])],
  ),
  vg(
    'sort.flat',
    'sort of the flattened matrix (axis null)',
    (x) => T.sort(x, null),
    (r) => [distinct(r, [2, 3])],
  ),
  vg(
    'topk',
    'topk: the 2 largest along the last axis (dz scattered back to where they came from)',
    (x) => T.topk(x, 2),
    (r) => [distinct(r, [3, 4])],
  ),
  vg(
    'topk.smallest.axis0',
    'topk with kth = -2 (the smallest) along axis 0',
    (x) => T.topk(x, -2, 0),
    (r) => [distinct(r, [3, 4])],
  ),
  vg(
    'fillDiagonal',
    'fillDiagonal(a, val) of a wide matrix, with respect to a and val',
    (a, v) => T.fillDiagonal(a!, v!),
    (r) => [any(r, [3, 4]), any(r, [])],
  ),
  vg(
    'fillDiagonal.3d',
    'fillDiagonal(a, val) of a 3x3x3 cube',
    (a, v) => T.fillDiagonal(a!, v!),
    (r) => [any(r, [3, 3, 3]), any(r, [])],
  ),
  vg(
    'fillDiagonalOffset',
    'fillDiagonalOffset(a, val, 1) of a tall matrix, with respect to a and val',
    (a, v) => T.fillDiagonalOffset(a!, v!, 1),
    (r) => [any(r, [4, 3]), any(r, [])],
  ),
  vg(
    'fillDiagonalOffset.negative',
    'fillDiagonalOffset(a, val, -1) of a wide matrix',
    (a, v) => T.fillDiagonalOffset(a!, v!, -1),
    (r) => [any(r, [3, 4]), any(r, [])],
  ),
  vg(
    'bincount.weights',
    'bincount(x, weights) with respect to the weights (dw = dz[x])',
    (w) => T.bincount(theano.array([3, 1, 3, 0, 1], 'int32'), w!),
    (r) => [any(r, [5])],
  ),
];
