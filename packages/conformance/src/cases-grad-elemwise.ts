/**
 * `verifyGrad` cases of the tensor module's elemwise family: the symbolic gradients of the trigonometric,
 * hyperbolic and special functions, arctan2, hypot, clip (Theano's rule) and switch, checked against central
 * finite differences at seeded float64 points kept inside each function's domain and away from kinks.
 */
import type { NDArray, TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { type CaseContext, type ConformanceCase, SECTIONS } from './case.js';
import { seededRandom, seedOf, uniform } from './check.js';

const T = theano.tensor;

type Fn = (...vars: TensorVariable[]) => TensorVariable;
type Rand = () => number;

/** Runs verifyGrad on the backend (and the synchronous variant where the backend has it). */
async function verify(ctx: CaseContext, fn: Fn, points: readonly NDArray[]): Promise<void> {
  await theano.gradient.verifyGrad(fn, points, { backend: ctx.backend });
  if (ctx.backend.capabilities.sync) theano.gradient.verifyGradSync(fn, points, { backend: ctx.backend });
}

/** A verifyGrad case: `points(rand)` draws the float64 points, `fn` builds the expression. */
function vg(id: string, description: string, fn: Fn, points: (r: Rand) => NDArray[]): ConformanceCase {
  const fullId = `verifyGrad.${id}`;
  return {
    id: fullId,
    section: SECTIONS.verifyGrad,
    dtype: 'float64',
    description,
    run: (ctx) => verify(ctx, fn, points(seededRandom(seedOf(fullId)))),
  };
}

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
