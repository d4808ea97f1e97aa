import * as theano from 'theano-ts';
import type { ConformanceCase } from './case.js';
import { uniform } from './check.js';
import { type Rand, vg } from './grad-case.js';

const T = theano.tensor;

const M = [2, 3];
/** Values in [lo, hi). */
const range = (r: Rand, lo: number, hi: number) => uniform(r, M, lo, hi);
/** Values in ±[0.5, 2): away from 0. */
const nonzero = (r: Rand) => uniform(r, M, 0.5, 2, { signed: true });

/** The elemwise family's verifyGrad cases. */
export const ELEMWISE_GRAD_CASES: readonly ConformanceCase[] = [
  vg(
    'tan',
    'tan(x) on [-1, 1)',
    (x) => T.tan(x),
    (r) => [range(r, -1, 1)],
  ),
  vg(
    'arcsin',
    'arcsin(x) on [-0.8, 0.8)',
    (x) => T.arcsin(x),
    (r) => [range(r, -0.8, 0.8)],
  ),
  vg(
    'arccos',
    'arccos(x) on [-0.8, 0.8)',
    (x) => T.arccos(x),
    (r) => [range(r, -0.8, 0.8)],
  ),
  vg(
    'arctan',
    'arctan(x) on [-2, 2)',
    (x) => T.arctan(x),
    (r) => [range(r, -2, 2)],
  ),
  vg(
    'sinh',
    'sinh(x) on [-2, 2)',
    (x) => T.sinh(x),
    (r) => [range(r, -2, 2)],
  ),
  vg(
    'cosh',
    'cosh(x) on [-2, 2)',
    (x) => T.cosh(x),
    (r) => [range(r, -2, 2)],
  ),
  vg(
    'arcsinh',
    'arcsinh(x) on [-2, 2)',
    (x) => T.arcsinh(x),
    (r) => [range(r, -2, 2)],
  ),
  vg(
    'arccosh',
    'arccosh(x) on [1.5, 3)',
    (x) => T.arccosh(x),
    (r) => [range(r, 1.5, 3)],
  ),
  vg(
    'arctanh',
    'arctanh(x) on [-0.8, 0.8)',
    (x) => T.arctanh(x),
    (r) => [range(r, -0.8, 0.8)],
  ),
  vg(
    'arctan2',
    'arctan2(y, x), x away from 0',
    (y, x) => T.arctan2(y, x),
    (r) => [range(r, -2, 2), nonzero(r)],
  ),
  vg(
    'hypot',
    'hypot(x, y) away from the origin',
    (x, y) => T.hypot(x, y),
    (r) => [nonzero(r), nonzero(r)],
  ),
  vg(
    'clip',
    "clip(x, lo, hi) with tensor bounds: Theano's rule sends the gradient to x inside, to lo below, to hi above",
    (x, lo, hi) => T.clip(x, lo, hi),
    (r) => [range(r, -2, 2), range(r, -1.5, -0.5), range(r, 0.5, 1.5)],
  ),
  vg(
    'switch',
    'switch(a > 0, a·b, b): the gradient goes to the branch taken',
    (a, b) => T.switch(T.gt(a, 0), T.mul(a, b), b),
    (r) => [nonzero(r), range(r, -2, 2)],
  ),
  vg(
    'erfc',
    'erfc(x) on [-2, 2)',
    (x) => T.erfc(x),
    (r) => [range(r, -2, 2)],
  ),
  vg(
    'erfcx',
    'erfcx(x) on [-1, 3)',
    (x) => T.erfcx(x),
    (r) => [range(r, -1, 3)],
  ),
  vg(
    'erfinv',
    'erfinv(y) on [-0.8, 0.8)',
    (y) => T.erfinv(y),
    (r) => [range(r, -0.8, 0.8)],
  ),
  vg(
    'erfcinv',
    'erfcinv(q) on [0.3, 1.7)',
    (q) => T.erfcinv(q),
    (r) => [range(r, 0.3, 1.7)],
  ),
  vg(
    'gamma',
    'gamma(x) on [0.5, 3) (through psi)',
    (x) => T.gamma(x),
    (r) => [range(r, 0.5, 3)],
  ),
  vg(
    'gammaln',
    'gammaln(x) on [0.5, 3) (through psi)',
    (x) => T.gammaln(x),
    (r) => [range(r, 0.5, 3)],
  ),
];
