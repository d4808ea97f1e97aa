/**
 * `verifyGrad` cases of the reduce family: prod (zeros included), mean, var, std, cumsum, cumprod, diff,
 * ptp and logsumexp, checked against central finite differences at float64 points seeded by the case id.
 */
import type { NDArray } from '@theano-ts/core';
import * as theano from 'theano-ts';
import type { ConformanceCase } from './case.js';
import { uniform } from './check.js';
import { type Rand, vg } from './grad-case.js';

const T = theano.tensor;

const M = [2, 3];
/** Values in [-2, 2). */
const any = (r: Rand, shape: readonly number[] = M) => uniform(r, shape, -2, 2);
/** Values in ±[0.5, 2): away from 0. */
const nonzero = (r: Rand, shape: readonly number[] = M) => uniform(r, shape, 0.5, 2, { signed: true });

/** Distinct values (a shuffled arithmetic progression plus noise), so max/min have no ties. */
function distinct(r: Rand, shape: readonly number[]): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = Array.from({ length: n }, (_, i) => i * 0.5 - n / 4 + r() * 0.1);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [v[i], v[j]] = [v[j]!, v[i]!];
  }
  return theano.fromFloat64(v, shape, 'float64');
}

/** `a` with the elements at `zeros` (flat indices) set to 0. */
function withZeros(a: NDArray, zeros: readonly number[]): NDArray {
  const v = Array.from(a.toFloat64());
  for (const i of zeros) v[i] = 0;
  return theano.fromFloat64(v, a.shape, 'float64');
}

/** The reduce family's verifyGrad cases. */
export const REDUCE_GRAD_CASES: readonly ConformanceCase[] = [
  vg(
    'prod',
    'prod over all axes',
    (a) => a.prod(),
    (r) => [nonzero(r)],
  ),
  vg(
    'prod.axis1',
    'prod over axis 1',
    (a) => T.prod(a, 1),
    (r) => [nonzero(r)],
  ),
  vg(
    'prod.zeros',
    'prod over axis 1 with one zero in a row and two in another (the product of the others)',
    (a) => T.prod(a, 1),
    (r) => [withZeros(nonzero(r, [3, 3]), [1, 3, 5])],
  ),
  vg(
    'prod.zero.all',
    'prod over all axes with a single zero',
    (a) => a.prod(),
    (r) => [withZeros(nonzero(r), [4])],
  ),
  vg(
    'mean.axis0',
    'mean over axis 0',
    (a) => T.mean(a, 0),
    (r) => [any(r)],
  ),
  vg(
    'var',
    'var over axis 1',
    (a) => T.var(a, 1),
    (r) => [any(r)],
  ),
  vg(
    'var.ddof',
    'var over all axes with ddof=1',
    (a) => T.var(a, { ddof: 1 }),
    (r) => [any(r)],
  ),
  vg(
    'std',
    'std over axis 0 (distinct values: std away from 0)',
    (a) => T.std(a, 0),
    (r) => [distinct(r, M)],
  ),
  vg(
    'cumsum.axis1',
    'cumsum along axis 1',
    (a) => T.cumsum(a, 1),
    (r) => [any(r)],
  ),
  vg(
    'cumsum.flat',
    'cumsum of the flattened array',
    (a) => T.cumsum(a),
    (r) => [any(r)],
  ),
  vg(
    'cumprod.axis0',
    'cumprod along axis 0 (nonzero values)',
    (a) => T.cumprod(a, 0),
    (r) => [nonzero(r, [3, 2])],
  ),
  vg(
    'cumprod.flat',
    'cumprod of the flattened array (nonzero values)',
    (a) => T.cumprod(a),
    (r) => [nonzero(r)],
  ),
  vg(
    'diff',
    'diff along the last axis',
    (a) => T.diff(a),
    (r) => [any(r, [2, 4])],
  ),
  vg(
    'diff.n2.axis0',
    'second difference along axis 0',
    (a) => T.diff(a, 2, 0),
    (r) => [any(r, [4, 3])],
  ),
  vg(
    'ptp',
    'ptp over axis 1 (distinct values)',
    (a) => T.ptp(a, 1),
    (r) => [distinct(r, M)],
  ),
  vg(
    'logsumexp',
    'logsumexp over axis 1',
    (a) => T.logsumexp(a, 1),
    (r) => [any(r)],
  ),
];
