// Gradients through theano.scan (backpropagation through time) on the reference backend: values worked
// out by hand (a cumulative sum, forwards, backwards and truncated; a map; a nested scan) and central
// finite differences (verifyGradSync) for recurrences with non-sequences, taps [-2, -1], sequence taps and
// A^k; Jacobians and Hessians of scan outputs; a scan that stops early (theano.until).

import type { NDArray } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;
type V = theano.TensorVariable;
const { verifyGradSync, jacobian, hessian } = theano.gradient;

type Nested = number | Nested[];
const flat = (x: Nested): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x]);

function expectClose(actual: NDArray, expected: Nested, shape: number[], tol = 1e-12): void {
  expect(actual.shape).toEqual(shape);
  const a = Array.from(actual.toFloat64());
  const e = flat(expected);
  expect(a.length).toBe(e.length);
  a.forEach((v, k) => {
    if (!(Math.abs(v - e[k]!) <= tol)) {
      throw new Error(`element ${k}: got ${v}, expected ${e[k]}; got ${JSON.stringify(a)}`);
    }
  });
}

const cumsum = (v: V, a0: V, opts: { goBackwards?: boolean; truncateGradient?: number } = {}) =>
  theano.scan({ fn: (x: V, acc: V) => acc.add(x), sequences: v, outputsInfo: a0, ...opts })[0] as V;

describe('gradients through scan', () => {
  it('a cumulative sum: d Σ_t acc_t / d v_i = n - i, and n for the initial state', () => {
    const v = T.vector('v');
    const a0 = T.scalar('a0');
    const cost = cumsum(v, a0).sum();
    const [gv, ga] = T.grad(cost, [v, a0]);
    const [gvv, gav] = theano.function([v, a0], [gv!, ga!]).callSync([1, 2, 3, 4], 0.5);
    expectClose(gvv!, [4, 3, 2, 1], [4]);
    expectClose(gav!, 4, []);
  });

  it('goBackwards: d Σ_u acc_u / d v_i = i + 1', () => {
    const v = T.vector('v');
    const a0 = T.scalar('a0');
    const g = T.grad(cumsum(v, a0, { goBackwards: true }).sum(), v);
    expectClose(theano.function([v, a0], g).callSync([1, 2, 3, 4], 0), [1, 2, 3, 4], [4]);
  });

  it('truncateGradient: only the last k steps are back-propagated', () => {
    const v = T.vector('v');
    const a0 = T.scalar('a0');
    const cost = cumsum(v, a0, { truncateGradient: 2 }).sum();
    const [gv, ga] = T.grad(cost, [v, a0]);
    const f = theano.function([v, a0], [gv!, ga!]);
    // step 3 sends 1 to v_3 and to acc_2; step 2 sends 1 + 1 to v_2; the steps before are cut
    const [gvv, gav] = f.callSync([1, 2, 3, 4], 0);
    expectClose(gvv!, [0, 0, 2, 1], [4]);
    expectClose(gav!, 0, []);
    // with no more steps than k, the gradient is the full one
    const [g2, ga2] = f.callSync([1, 2], 0);
    expectClose(g2!, [2, 1], [2]);
    expectClose(ga2!, 2, []);
  });

  it('a map (no recurrence): the gradient of Σ x_t² is 2x', () => {
    const v = T.vector('v');
    const [sq] = theano.map((x: V) => x.mul(x), v);
    const g = T.grad((sq as V).sum(), v);
    expectClose(theano.function([v], g).callSync([1, -2, 3]), [2, -4, 6], [3]);
  });

  it('a nested scan: Σ_i Σ_j v_i v_j = (Σv)², gradient 2Σv', () => {
    const v = T.vector('v');
    const [out] = theano.scan({
      fn: (a: V) => (theano.scan({ fn: (b: V) => a.mul(b), sequences: v })[0] as V).sum(),
      sequences: v,
    });
    const g = T.grad((out as V).sum(), v);
    expectClose(theano.function([v], g).callSync([1, 2, 3]), [12, 12, 12], [3]);
  });

  it('an RNN h_t = tanh(W h_{t-1} + x_t): sequences, initial state and non-sequence, by finite differences', () => {
    const r = theano.seededRandom(7);
    const rnd = (n: number) => Array.from({ length: n }, () => r() - 0.5);
    const X = [rnd(2), rnd(2), rnd(2), rnd(2)];
    const h0 = rnd(2);
    const W = [rnd(2), rnd(2)];
    verifyGradSync(
      (x, h, w) => {
        const [hs] = theano.scan({
          fn: (xt: V, hp: V, wm: V) => T.tanh(T.dot(wm, hp).add(xt)),
          sequences: x!,
          outputsInfo: h!,
          nonSequences: w!,
        });
        return (hs as V).mul(T.arange(4).reshape([4, 1]).add(1)).sum();
      },
      [X, h0, W],
    );
  });

  it('taps [-2, -1] with a non-linearity, by finite differences', () => {
    verifyGradSync(
      (x0, a) => {
        const [xs] = theano.scan({
          fn: (p2: V, p1: V, av: V) => p2.mul(av).add(T.sin(p1)),
          outputsInfo: { initial: x0!, taps: [-2, -1] },
          nonSequences: a!,
          nSteps: 5,
        });
        return (xs as V).pow(2).sum();
      },
      [[0.3, -0.7], 0.9],
    );
  });

  it('sequence taps [-1, 1] and an output read at tap -1, by finite differences', () => {
    verifyGradSync(
      (s, y0) => {
        const [ys] = theano.scan({
          fn: (prev: V, next: V, y: V) => y.mul(prev).add(next.pow(2)),
          sequences: { input: s!, taps: [-1, 1] },
          outputsInfo: y0!,
        });
        return (ys as V).sum();
      },
      [[0.5, -0.2, 0.8, 1.1, -0.4], 0.3],
    );
  });

  it('A^k by repeated dot: the gradient of Σ(A^3) with respect to A, by finite differences', () => {
    verifyGradSync(
      (A) => {
        const [pw] = theano.scan({
          fn: (p: V, M: V) => T.dot(p, M),
          outputsInfo: T.eye(2),
          nonSequences: A!,
          nSteps: 3,
        });
        return (pw as V).get(-1).sum();
      },
      [
        [
          [0.5, 0.2],
          [-0.3, 0.9],
        ],
      ],
    );
  });

  it('the Jacobian of a cumulative sum is lower-triangular ones; the Hessian of Σ x³ (a map) is diag(6x)', () => {
    const v = T.vector('v');
    const J = jacobian(cumsum(v, T.constant(0, { dtype: 'float64' })), v);
    expectClose(
      theano.function([v], J).callSync([1, 2, 3]),
      [
        [1, 0, 0],
        [1, 1, 0],
        [1, 1, 1],
      ],
      [3, 3],
    );
    const [cubes] = theano.map((x: V) => x.pow(3), v);
    const H = hessian((cubes as V).sum(), v);
    expectClose(
      theano.function([v], H).callSync([1, -2, 0.5]),
      [
        [6, 0, 0],
        [0, -12, 0],
        [0, 0, 3],
      ],
      [3, 3],
      1e-12,
    );
  });

  it('second order through a recurrence: x_t = a·x_{t-1} from 1, Σ = a + a² + a³, d²/da² = 2 + 6a', () => {
    const a = T.scalar('a');
    const [xs] = theano.scan({
      fn: (p: V, av: V) => p.mul(av),
      outputsInfo: T.constant(1, { dtype: 'float64' }),
      nonSequences: a,
      nSteps: 3,
    });
    const cost = (xs as V).sum();
    const g = T.grad(cost, a);
    const h = T.grad(g, a);
    const [gv, hv] = theano.function([a], [g, h]).callSync(2);
    // 1 + 2a + 3a² = 17 and 2 + 6a = 14 at a = 2
    expectClose(gv!, 17, []);
    expectClose(hv!, 14, []);
  });

  it('a scan that stops early (theano.until): the gradient runs back over the steps taken', () => {
    const x0 = T.scalar('x0');
    const [pw] = theano.scan({
      fn: (p: V) => [p.mul(2), theano.until(T.gt(p.mul(2), 40))],
      outputsInfo: x0,
      nSteps: 10,
    });
    // from 1: 2, 4, …, 64 (6 steps), Σ = x0·(2 + 4 + … + 64) = 126·x0
    const g = T.grad((pw as V).sum(), x0);
    expectClose(theano.function([x0], g).callSync(1), 126, []);
    verifyGradSync(
      (a, s) => {
        const [ps] = theano.scan({
          fn: (st: V, p: V) => {
            const next = p.mul(1.5).add(T.sin(p)).add(st);
            return [next, theano.until(T.gt(next, 3))];
          },
          sequences: s!,
          outputsInfo: a!,
        });
        return (ps as V).pow(2).sum();
      },
      [0.5, [0.01, -0.02, 0.03, 0.01, 0.02]],
    );
  });
});
