// theano.gradient.jacobian and hessian on the reference backend, against Jacobians and Hessians worked out
// by hand: the seed's A·x + b, a Jacobian with respect to a matrix, matrix-valued expressions (rows of the
// flattened expression), Hessians of Σx³ and x·M·x, lists of wrt, and a Jacobian compiled with other outputs.

import type { NDArray } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;
const { jacobian, hessian } = theano.gradient;

type Nested = number | Nested[];
const flat = (x: Nested): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x]);

function expectClose(actual: NDArray, expected: Nested, shape: number[], tol = 1e-12): void {
  expect(actual.shape).toEqual(shape);
  const a = Array.from(actual.toFloat64());
  const e = flat(expected);
  expect(a.length).toBe(e.length);
  a.forEach((v, k) => {
    if (!(Math.abs(v - e[k]!) <= tol)) {
      throw new Error(`element ${k}: got ${v}, expected ${e[k]} (tolerance ${tol}); got ${JSON.stringify(a)}`);
    }
  });
}

const A0 = [
  [9, 8, 7],
  [4, 5, 6],
];

describe('jacobian', () => {
  it('the seed: the Jacobian of A·x + b with respect to x is A', async () => {
    const A = T.matrix('A');
    const x = T.vector('x');
    const b = T.vector('b');
    const y = T.dot(A, x).add(b);
    const J = jacobian(y, x);
    expect(J.ndim).toBe(2);
    expect(J.dtype).toBe('float64');
    const givens: [theano.TensorVariable, number[] | number[][]][] = [
      [A, A0],
      [x, [1, 2, 3]],
      [b, [4, 5]],
    ];
    const Jv = await J.eval(givens);
    expect(String(Jv)).toBe('[[9. 8. 7.]\n [4. 5. 6.]]');
    expectClose(J.evalSync(givens), A0, [2, 3], 0);
    // with respect to b: the identity
    expectClose(jacobian(y, b).evalSync(givens), [1, 0, 0, 1], [2, 2], 0);
  });

  it('with respect to the matrix A: J[i, k, l] = δᵢₖ·x[l], shape [2, 2, 3]', () => {
    const A = T.matrix('A');
    const x = T.vector('x');
    const b = T.vector('b');
    const J = jacobian(T.dot(A, x).add(b), A);
    expect(J.ndim).toBe(3);
    // b's value is read only for the length of y (the Map runs over y's elements), as in Theano's scan
    const v = J.evalSync([
      [A, A0],
      [x, [1, 2, 3]],
      [b, [-7, 0.5]],
    ]);
    expectClose(
      v,
      [
        [
          [1, 2, 3],
          [0, 0, 0],
        ],
        [
          [0, 0, 0],
          [1, 2, 3],
        ],
      ],
      [2, 2, 3],
      0,
    );
  });

  it('of a scalar is the gradient', () => {
    const x = T.dvector('x');
    const cost = x
      .pow(2)
      .sum()
      .add(x.get(0).mul(x.get(1)));
    const J = jacobian(cost, x);
    expect(J.ndim).toBe(1);
    const g = T.grad(cost, x);
    const xv = [1.5, -2, 4];
    // 2x + (x1, x0, 0)
    expectClose(J.evalSync([[x, xv]]), [3 - 2, -4 + 1.5, 8], [3], 1e-14);
    expectClose(g.evalSync([[x, xv]]), [3 - 2, -4 + 1.5, 8], [3], 1e-14);
  });

  it('of a nonlinear vector function: diagonal and off-diagonal terms', () => {
    // f(x) = sin(x)·Σx: ∂fᵢ/∂xⱼ = δᵢⱼ cos(xᵢ)·Σx + sin(xᵢ)
    const x = T.dvector('x');
    const J = jacobian(x.sin().mul(x.sum()), x);
    const xv = [0.3, -1.1, 2];
    const s = xv.reduce((a, b) => a + b, 0);
    const expected = xv.map((xi, i) => xv.map((_, j) => (i === j ? Math.cos(xi) * s : 0) + Math.sin(xi)));
    expectClose(J.evalSync([[x, xv]]), expected, [3, 3], 1e-14);
  });

  it('of a matrix expression: one row per element of the flattened expression', () => {
    // M = outer(x, x): ∂(xᵢxⱼ)/∂xₖ = δᵢₖ xⱼ + δⱼₖ xᵢ, row index i·3 + j
    const x = T.dvector('x');
    const M = x.dimshuffle(0, 'x').mul(x.dimshuffle('x', 0));
    const J = jacobian(M, x);
    expect(J.ndim).toBe(2);
    const xv = [2, -1, 3];
    const expected: number[][] = [];
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        expected.push([0, 1, 2].map((k) => (i === k ? xv[j]! : 0) + (j === k ? xv[i]! : 0)));
      }
    }
    expectClose(J.evalSync([[x, xv]]), expected, [9, 3], 0);
  });

  it('of a matrix expression with respect to a matrix: the transpose, shape [6, 2, 3]', () => {
    const A = T.dmatrix('A');
    const J = jacobian(A.transpose().mul(2), A);
    // row r = (j, i) of Aᵀ (3×2), r = j·2 + i, is 2·e_(i, j)
    const expected: number[][][] = [];
    for (let j = 0; j < 3; j++) {
      for (let i = 0; i < 2; i++) {
        expected.push([0, 1].map((k) => [0, 1, 2].map((l) => (k === i && l === j ? 2 : 0))));
      }
    }
    expectClose(J.evalSync([[A, A0]]), expected, [6, 2, 3], 0);
  });

  it('a list of wrt gives a list of Jacobians, in order', () => {
    const A = T.dmatrix('A');
    const x = T.dvector('x');
    const y = T.dot(A, x).tanh();
    const Js = jacobian(y, [x, A]);
    expect(Array.isArray(Js)).toBe(true);
    expect(Js).toHaveLength(2);
    const Av = [
      [0.1, -0.2, 0.3],
      [0.4, 0.5, -0.6],
    ];
    const xv = [1, 2, -1];
    const [Jx, JA] = theano.function([A, x], Js).callSync(Av, xv);
    const pre = Av.map((row) => row.reduce((s, a, k) => s + a * xv[k]!, 0));
    const d = pre.map((p) => 1 - Math.tanh(p) ** 2);
    // ∂yᵢ/∂xⱼ = dᵢ·Aᵢⱼ; ∂yᵢ/∂Aₖₗ = δᵢₖ dᵢ·xₗ
    expectClose(
      Jx!,
      Av.map((row, i) => row.map((a) => d[i]! * a)),
      [2, 3],
      1e-15,
    );
    expectClose(
      JA!,
      [0, 1].map((i) => [0, 1].map((k) => xv.map((xl) => (i === k ? d[i]! * xl : 0)))),
      [2, 2, 3],
      1e-15,
    );
  });

  it('inside a compiled function with other outputs', async () => {
    const A = T.dmatrix('A');
    const x = T.dvector('x');
    const b = T.dvector('b');
    const y = T.dot(A, x).add(b);
    const J = jacobian(y.pow(2), x);
    const f = theano.function([A, x, b], [y, J, y.sum()]);
    const [yv, Jv, s] = await f(A0, [1, 2, 3], [4, 5]);
    // y = [9 + 16 + 21 + 4, 4 + 10 + 18 + 5] = [50, 37]; J = 2·diag(y)·A
    expectClose(yv!, [50, 37], [2], 0);
    expectClose(Jv!, [A0[0]!.map((a) => 100 * a), A0[1]!.map((a) => 74 * a)], [2, 3], 0);
    expect(s!.item()).toBe(87);
    const [, J2] = f.callSync(A0, [0, 0, 0], [1, -1]);
    expectClose(J2!, [A0[0]!.map((a) => 2 * a), A0[1]!.map((a) => -2 * a)], [2, 3], 0);
  });

  it('an expression of run-time length: one row per element, whatever the length', () => {
    const x = T.dvector('x');
    const J = jacobian(x.exp(), x);
    const f = theano.function([x], J);
    expectClose(f.callSync([0]), [1], [1, 1], 0);
    expectClose(
      f.callSync([0, Math.log(2), Math.log(3), 0]),
      [
        [1, 0, 0, 0],
        [0, 2, 0, 0],
        [0, 0, 3, 0],
        [0, 0, 0, 1],
      ],
      [4, 4],
      1e-15,
    );
  });

  it('disconnected wrt: raises by default, zeros with ignore', () => {
    const x = T.dvector('x');
    const z = T.dvector('z');
    expect(() => jacobian(x.mul(2), z)).toThrow(theano.DisconnectedInputError);
    const J = jacobian(x.mul(2), z, { disconnectedInputs: 'ignore' });
    expectClose(
      J.evalSync([
        [x, [1, 2]],
        [z, [1, 2, 3]],
      ]),
      [0, 0, 0, 0, 0, 0],
      [2, 3],
      0,
    );
  });

  it('keeps float32', () => {
    const x = T.fvector('x');
    const J = jacobian(x.tanh(), x);
    expect(J.dtype).toBe('float32');
    const v = J.evalSync([[x, new Float32Array([0, 0])]]);
    expect(v.dtype).toBe('float32');
    expectClose(v, [1, 0, 0, 1], [2, 2], 0);
  });
});

describe('hessian', () => {
  it('of Σx³ is diag(6x)', () => {
    const x = T.dvector('x');
    const H = hessian(x.pow(3).sum(), x);
    expect(H.ndim).toBe(2);
    expectClose(
      H.evalSync([[x, [1, -2, 0.5]]]),
      [
        [6, 0, 0],
        [0, -12, 0],
        [0, 0, 3],
      ],
      [3, 3],
      1e-14,
    );
  });

  it('of x·M·x is M + Mᵀ', () => {
    const x = T.dvector('x');
    const M = T.dmatrix('M');
    const H = hessian(T.dot(x, T.dot(M, x)), x);
    const Mv = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 10],
    ];
    const expected = Mv.map((row, i) => row.map((m, j) => m + Mv[j]![i]!));
    expectClose(
      H.evalSync([
        [x, [0.5, -1, 2]],
        [M, Mv],
      ]),
      expected,
      [3, 3],
      0,
    );
    // a quadratic form: the same at any x
    expectClose(
      H.evalSync([
        [x, [10, 20, -30]],
        [M, Mv],
      ]),
      expected,
      [3, 3],
      0,
    );
  });

  it('of a non-quadratic cost: ∂²/∂xᵢ∂xⱼ of exp(Σ aᵢxᵢ) = aᵢaⱼ·exp(Σ aᵢxᵢ)', () => {
    const x = T.dvector('x');
    const a = [0.5, -1, 2];
    const H = hessian(T.dot(x, theano.array(a)).exp(), x);
    const xv = [0.1, 0.2, 0.3];
    const e = Math.exp(a.reduce((s, ai, i) => s + ai * xv[i]!, 0));
    expectClose(
      H.evalSync([[x, xv]]),
      a.map((ai) => a.map((aj) => ai * aj * e)),
      [3, 3],
      1e-14,
    );
  });

  it('a list of wrt gives one Hessian block per variable (the diagonal blocks)', () => {
    const x = T.dvector('x');
    const y = T.dvector('y');
    // cost = Σx²·Σy: ∂²/∂x² = 2·Σy·I, ∂²/∂y² = 0
    const cost = x.pow(2).sum().mul(y.sum());
    const Hs = hessian(cost, [x, y]);
    expect(Hs).toHaveLength(2);
    const [Hx, Hy] = theano.function([x, y], Hs).callSync([1, 2], [3, 4, 5]);
    expectClose(Hx!, [24, 0, 0, 24], [2, 2], 0);
    expectClose(Hy!, [0, 0, 0, 0, 0, 0, 0, 0, 0], [3, 3], 0);
  });

  it('rejects a non-scalar cost and a non-vector wrt', () => {
    const x = T.dvector('x');
    const m = T.dmatrix('m');
    expect(() => hessian(x.mul(2), x)).toThrow(/hessian: cost must be a scalar/);
    expect(() => hessian(m.sum(), m)).toThrow(/hessian: wrt must be a vector/);
  });
});
