// T.grad on the reference backend: gradients checked against closed forms written out here by hand (never
// computed by the code under test), verifyGrad / verifyGradSync by finite differences on every
// differentiable op, verifyGrad catching a wrong gradient, disconnected inputs, errors, considerConstant,
// second derivatives, and float32 kept through the whole gradient graph.

import type { NDArray, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ELEMWISE_DEFS, type ElemwiseParams } from '../src/ops/elemwise.js';
import { defineOp } from '../src/ops/op-def.js';
import { makeVector } from '../src/ops/shape.js';

const T = theano.tensor;
const { verifyGrad, verifyGradSync, jacobian, hessian, Rop, Lop } = theano.gradient;

afterEach(() => {
  vi.restoreAllMocks();
});

type Nested = number | Nested[];

function flat(x: Nested): number[] {
  return Array.isArray(x) ? x.flatMap(flat) : [x];
}

/** Asserts `actual` has `shape` and every element is within `tol` of `expected` (nested or flat). */
function expectClose(actual: NDArray, expected: Nested, tol = 1e-12, shape?: number[]): void {
  if (shape) expect(actual.shape).toEqual(shape);
  const a = Array.from(actual.toFloat64());
  const e = flat(expected);
  expect(a.length).toBe(e.length);
  a.forEach((v, k) => {
    if (!(Math.abs(v - e[k]!) <= tol)) {
      throw new Error(`element ${k}: got ${v}, expected ${e[k]} (tolerance ${tol}); got ${JSON.stringify(a)}`);
    }
  });
}

/** Seeded float64 points: `shape`, uniform in [lo, hi). */
function randomPoint(rand: () => number, shape: number[], lo = -1, hi = 1): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  return theano.fromFloat64(
    Float64Array.from({ length: n }, () => lo + (hi - lo) * rand()),
    shape,
    'float64',
  );
}

/** Values away from zero: |v| in [0.2, 1.2), random sign. */
function awayFromZero(rand: () => number, shape: number[]): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  return theano.fromFloat64(
    Float64Array.from({ length: n }, () => (rand() < 0.5 ? -1 : 1) * (0.2 + rand())),
    shape,
    'float64',
  );
}

describe('grad: analytic values', () => {
  it('d/dx x² at 10 is 20 (the seed)', () => {
    const x = T.scalar('x');
    const g = T.grad(x.pow(2), x);
    expect(g.evalSync([[x, 10]]).item()).toBe(20);
    expect(g.dtype).toBe('float64');
    expect(g.ndim).toBe(0);
  });

  it('d/dA sum(A²) = 2A', () => {
    const A = T.matrix('A');
    const g = T.grad(T.sum(A.pow(2)), A);
    const a = [
      [1, -2, 3],
      [4.5, 5, -6],
    ];
    expectClose(g.evalSync([[A, a]]), [2, -4, 6, 9, 10, -12], 0, [2, 3]);
  });

  // Each op f(x, y); cost = Σ f(x, y)·w, so ∂cost/∂x = w·∂f/∂x elementwise (w checks that gz is used).
  const X = [0.3, 0.7, 1.9];
  const Y = [1.5, -0.4, 2.2];
  const Wt = [0.5, -1.25, 2];
  const floorDiv = (a: number, b: number) => Math.floor(a / b);
  interface ElemCase {
    name: string;
    f: (x: TensorVariable, y: TensorVariable) => TensorVariable;
    dx: (x: number, y: number) => number;
    /** Absent: f does not read y. */
    dy?: (x: number, y: number) => number;
    xs?: number[];
    ys?: number[];
  }
  const elemCases: ElemCase[] = [
    { name: 'add', f: (x, y) => x.add(y), dx: () => 1, dy: () => 1 },
    { name: 'add (3 operands)', f: (x, y) => T.add(x, y, x), dx: () => 2, dy: () => 1 },
    { name: 'sub', f: (x, y) => x.sub(y), dx: () => 1, dy: () => -1 },
    { name: 'mul', f: (x, y) => x.mul(y), dx: (_x, y) => y, dy: (x) => x },
    { name: 'mul (3 operands)', f: (x, y) => T.mul(x, y, y), dx: (_x, y) => y * y, dy: (x, y) => 2 * x * y },
    { name: 'true_div', f: (x, y) => x.div(y), dx: (_x, y) => 1 / y, dy: (x, y) => -x / (y * y) },
    {
      name: 'pow',
      f: (x, y) => x.pow(y),
      dx: (x, y) => y * x ** (y - 1),
      dy: (x, y) => Math.log(x) * x ** y,
    },
    { name: 'pow by a constant', f: (x) => x.pow(3), dx: (x) => 3 * x * x },
    { name: 'mod', f: (x, y) => x.mod(y), dx: () => 1, dy: (x, y) => -floorDiv(x, y) },
    { name: 'int_div (zero)', f: (x, y) => x.intDiv(y), dx: () => 0, dy: () => 0 },
    {
      name: 'maximum',
      f: (x, y) => x.maximum(y),
      dx: (x, y) => (x >= y ? 1 : 0),
      dy: (x, y) => (y >= x ? 1 : 0),
    },
    {
      name: 'minimum',
      f: (x, y) => x.minimum(y),
      dx: (x, y) => (x <= y ? 1 : 0),
      dy: (x, y) => (y <= x ? 1 : 0),
    },
    {
      // ties: Theano gives the gradient to both operands
      name: 'maximum with ties',
      f: (x, y) => x.maximum(y),
      dx: (x, y) => (x >= y ? 1 : 0),
      dy: (x, y) => (y >= x ? 1 : 0),
      xs: [1, 2, 3],
      ys: [1, 5, 3],
    },
    {
      name: 'minimum with ties',
      f: (x, y) => x.minimum(y),
      dx: (x, y) => (x <= y ? 1 : 0),
      dy: (x, y) => (y <= x ? 1 : 0),
      xs: [1, 2, 3],
      ys: [1, 5, 3],
    },
    { name: 'second (fill)', f: (x, y) => T.second(x, y), dx: () => 0, dy: () => 1 },
    { name: 'lt (zero through the mask)', f: (x, y) => x.mul(x.lt(y)), dx: (x, y) => (x < y ? 1 : 0), dy: () => 0 },
    { name: 'le', f: (x, y) => x.mul(x.le(y)), dx: (x, y) => (x <= y ? 1 : 0), dy: () => 0 },
    { name: 'gt', f: (x, y) => x.mul(x.gt(y)), dx: (x, y) => (x > y ? 1 : 0), dy: () => 0 },
    { name: 'ge', f: (x, y) => x.mul(x.ge(y)), dx: (x, y) => (x >= y ? 1 : 0), dy: () => 0 },
    { name: 'eq', f: (x, y) => x.mul(x.eq(y)), dx: (x, y) => (x === y ? 1 : 0), dy: () => 0 },
    { name: 'neq', f: (x, y) => x.mul(x.neq(y)), dx: (x, y) => (x !== y ? 1 : 0), dy: () => 0 },
    { name: 'neg', f: (x) => x.neg(), dx: () => -1 },
    { name: 'abs', f: (x) => x.abs(), dx: (x) => Math.sign(x), xs: [-0.8, 0.7, -1.9] },
    { name: 'exp', f: (x) => x.exp(), dx: (x) => Math.exp(x) },
    { name: 'log', f: (x) => x.log(), dx: (x) => 1 / x },
    { name: 'sqrt', f: (x) => x.sqrt(), dx: (x) => 1 / (2 * Math.sqrt(x)) },
    { name: 'sin', f: (x) => x.sin(), dx: (x) => Math.cos(x) },
    { name: 'cos', f: (x) => x.cos(), dx: (x) => -Math.sin(x) },
    { name: 'tanh', f: (x) => x.tanh(), dx: (x) => 1 - Math.tanh(x) ** 2 },
    { name: 'sgn (zero)', f: (x) => T.sgn(x), dx: () => 0, xs: [-0.8, 0.7, -1.9] },
    { name: 'cast float64 → float32 → float64', f: (x) => T.cast(T.cast(x, 'float32'), 'float64'), dx: () => 1 },
    {
      name: 'a composite: x·exp(-y²)/(1 + x²)',
      f: (x, y) => x.mul(y.mul(y).neg().exp()).div(x.mul(x).add(1)),
      dx: (x, y) => (Math.exp(-y * y) * (1 - x * x)) / (1 + x * x) ** 2,
      dy: (x, y) => (x * -2 * y * Math.exp(-y * y)) / (1 + x * x),
    },
  ];

  it.each(elemCases)('$name: ∂/∂x (and ∂/∂y) match the closed form', ({ f, dx, dy, xs = X, ys = Y }) => {
    const x = T.dvector('x');
    const y = T.dvector('y');
    const cost = T.sum(f(x, y).mul(theano.array(Wt)));
    const wrt = dy ? [x, y] : [x];
    const grads = T.grad(cost, wrt);
    expect(grads).toHaveLength(wrt.length);
    const fn = theano.function(dy ? [x, y] : [x], grads);
    const vals = dy ? fn.callSync(xs, ys) : fn.callSync(xs);
    const gx = vals[0]!;
    expectClose(
      gx,
      xs.map((xi, k) => Wt[k]! * dx(xi, ys[k]!)),
      1e-12,
      [3],
    );
    if (dy) {
      expectClose(
        vals[1]!,
        xs.map((xi, k) => Wt[k]! * dy(xi, ys[k]!)),
        1e-12,
        [3],
      );
    }
  });

  describe('dot, for the four rank combinations', () => {
    const Xm = [
      [1, 2, -1],
      [0.5, -3, 4],
    ]; // 2×3
    const Ym = [
      [2, -1],
      [0, 3],
      [1.5, 1],
    ]; // 3×2
    const v3 = [0.25, -2, 3];
    const u2 = [-1.5, 2];

    it('matrix · matrix: dX = W·Yᵀ, dY = Xᵀ·W', () => {
      const A = T.dmatrix('A');
      const B = T.dmatrix('B');
      const W = [
        [1, -2],
        [0.5, 3],
      ];
      const cost = T.sum(A.dot(B).mul(theano.array(W)));
      const [gA, gB] = theano.function([A, B], T.grad(cost, [A, B])).callSync(Xm, Ym);
      const eA = Xm.map((_, i) => Xm[0]!.map((_, k) => W[i]![0]! * Ym[k]![0]! + W[i]![1]! * Ym[k]![1]!));
      const eB = Ym.map((_, k) => Ym[0]!.map((_, j) => Xm[0]![k]! * W[0]![j]! + Xm[1]![k]! * W[1]![j]!));
      expectClose(gA!, eA, 1e-12, [2, 3]);
      expectClose(gB!, eB, 1e-12, [3, 2]);
    });

    it('matrix · vector: dX = outer(w, v), dv = Xᵀ·w', () => {
      const A = T.dmatrix('A');
      const v = T.dvector('v');
      const w = [2, -0.5];
      const cost = T.sum(T.dot(A, v).mul(theano.array(w)));
      const [gA, gv] = theano.function([A, v], T.grad(cost, [A, v])).callSync(Xm, v3);
      expectClose(
        gA!,
        w.map((wi) => v3.map((vk) => wi * vk)),
        1e-12,
        [2, 3],
      );
      expectClose(
        gv!,
        v3.map((_, k) => Xm[0]![k]! * w[0]! + Xm[1]![k]! * w[1]!),
        1e-12,
        [3],
      );
    });

    it('vector · matrix: du = X·w, dX = outer(u, w)', () => {
      const u = T.dvector('u');
      const A = T.dmatrix('A');
      const w = [1, -1, 0.5];
      const cost = T.sum(T.dot(u, A).mul(theano.array(w)));
      const [gu, gA] = theano.function([u, A], T.grad(cost, [u, A])).callSync(u2, Xm);
      expectClose(
        gu!,
        Xm.map((row) => row.reduce((s, a, k) => s + a * w[k]!, 0)),
        1e-12,
        [2],
      );
      expectClose(
        gA!,
        u2.map((ui) => w.map((wk) => ui * wk)),
        1e-12,
        [2, 3],
      );
    });

    it('vector · vector: da = w·b, db = w·a', () => {
      const a = T.dvector('a');
      const b = T.dvector('b');
      const cost = T.dot(a, b).mul(-3);
      const [ga, gb] = theano.function([a, b], T.grad(cost, [a, b])).callSync(v3, [1, 2, 3]);
      expectClose(ga!, [-3, -6, -9], 1e-12, [3]);
      expectClose(
        gb!,
        v3.map((x) => -3 * x),
        1e-12,
        [3],
      );
    });
  });

  describe('reductions', () => {
    const M = [
      [1, 3, 3],
      [2, 2, 0],
    ];
    const grad1 = (build: (x: TensorVariable) => TensorVariable, w: Nested, value: Nested = M) => {
      const x = T.dmatrix('x');
      const out = build(x);
      const cost = T.sum(out.mul(theano.array(w as number[])));
      return T.grad(cost, x).evalSync([[x, value as number[][]]]);
    };

    it('sum: all axes, axis 0, axis 1, axis -1 with keepdims', () => {
      expectClose(
        grad1((x) => x.sum(), 2.5),
        [2.5, 2.5, 2.5, 2.5, 2.5, 2.5],
        0,
        [2, 3],
      );
      expectClose(
        grad1((x) => x.sum(0), [1, 2, 3]),
        [1, 2, 3, 1, 2, 3],
        0,
        [2, 3],
      );
      expectClose(
        grad1((x) => x.sum(1), [-1, 4]),
        [-1, -1, -1, 4, 4, 4],
        0,
        [2, 3],
      );
      expectClose(
        grad1((x) => x.sum({ axis: -1, keepdims: true }), [[-1], [4]]),
        [-1, -1, -1, 4, 4, 4],
        0,
        [2, 3],
      );
      expectClose(
        grad1((x) => x.sum({ axis: [0, 1] }), 7),
        [7, 7, 7, 7, 7, 7],
        0,
        [2, 3],
      );
    });

    it('mean: the weight divided by the count reduced', () => {
      expectClose(
        grad1((x) => x.mean(), 3),
        [0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
        1e-15,
        [2, 3],
      );
      expectClose(
        grad1((x) => x.mean(0), [2, 4, 6]),
        [1, 2, 3, 1, 2, 3],
        1e-15,
        [2, 3],
      );
      expectClose(
        grad1((x) => x.mean(1), [3, -6]),
        [1, 1, 1, -2, -2, -2],
        1e-15,
        [2, 3],
      );
    });

    it('max: every tied maximum receives the gradient (Theano)', () => {
      // row maxima: 3 (twice, in row 0), 2 (twice, in row 1)
      expectClose(
        grad1((x) => x.max(1), [10, 20]),
        [0, 10, 10, 20, 20, 0],
        0,
        [2, 3],
      );
      // column maxima: 2 (row 1), 3 (row 0), 3 (row 0)
      expectClose(
        grad1((x) => x.max(0), [1, 2, 3]),
        [0, 2, 3, 1, 0, 0],
        0,
        [2, 3],
      );
      // the overall maximum 3 appears twice
      expectClose(
        grad1((x) => x.max(), 1),
        [0, 1, 1, 0, 0, 0],
        0,
        [2, 3],
      );
      expectClose(
        grad1((x) => x.max({ axis: 1, keepdims: true }), [[10], [20]]),
        [0, 10, 10, 20, 20, 0],
        0,
        [2, 3],
      );
    });

    it('min: every tied minimum receives the gradient', () => {
      // row minima: 1 (row 0, col 0), 0 (row 1, col 2)
      expectClose(
        grad1((x) => x.min(1), [10, 20]),
        [10, 0, 0, 0, 0, 20],
        0,
        [2, 3],
      );
      // column minima: 1 (row 0), 2 (row 1), 0 (row 1)
      expectClose(
        grad1((x) => x.min(0), [1, 2, 3]),
        [1, 0, 0, 0, 2, 3],
        0,
        [2, 3],
      );
      const tied = [
        [5, 1, 1],
        [1, 4, 6],
      ];
      expectClose(
        grad1((x) => x.min(), 2, tied),
        [0, 2, 2, 2, 0, 0],
        0,
        [2, 3],
      );
    });
  });

  describe('shape ops', () => {
    const M = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    it('transpose: the gradient is the weight transposed back', () => {
      const x = T.dmatrix('x');
      const W = [
        [1, 2],
        [3, 4],
        [5, 6],
      ];
      const g = T.grad(T.sum(x.transpose().mul(theano.array(W))), x);
      expectClose(g.evalSync([[x, M]]), [1, 3, 5, 2, 4, 6], 0, [2, 3]);
      const g2 = T.grad(T.sum(T.transpose(x).mul(theano.array(W))), x);
      expectClose(g2.evalSync([[x, M]]), [1, 3, 5, 2, 4, 6], 0, [2, 3]);
    });

    it('dimshuffle: permutation with a new broadcastable axis, and dropping one', () => {
      const x = T.dmatrix('x');
      // y[j, 0, i] = x[i, j]: shape (3, 1, 2)
      const W = [[[1, 2]], [[3, 4]], [[5, 6]]];
      const g = T.grad(T.sum(x.dimshuffle(1, 'x', 0).mul(theano.array(W))), x);
      expectClose(g.evalSync([[x, M]]), [1, 3, 5, 2, 4, 6], 0, [2, 3]);
      const r = T.row('r');
      const g2 = T.grad(T.sum(r.dimshuffle(1).mul(theano.array([7, 8, 9]))), r);
      expectClose(g2.evalSync([[r, [[1, 2, 3]]]]), [[7, 8, 9]], 0, [1, 3]);
      // broadcasting a new axis: x.dimshuffle('x', 0, 1) added to a (4, 2, 3) tensor sums over the 4
      const t = T.tensor3('t');
      const g3 = T.grad(T.sum(x.dimshuffle('x', 0, 1).add(t)), x);
      const tv = Array.from({ length: 4 }, () => M);
      expectClose(
        g3.evalSync([
          [x, M],
          [t, tv],
        ]),
        [4, 4, 4, 4, 4, 4],
        0,
        [2, 3],
      );
    });

    it('reshape and flatten: the gradient is the weight reshaped back', () => {
      const x = T.dmatrix('x');
      const W32 = [
        [1, 2],
        [3, 4],
        [5, 6],
      ];
      const g = T.grad(T.sum(x.reshape([3, 2]).mul(theano.array(W32))), x);
      expectClose(g.evalSync([[x, M]]), [1, 2, 3, 4, 5, 6], 0, [2, 3]);
      const g2 = T.grad(T.sum(x.flatten().mul(theano.array([6, 5, 4, 3, 2, 1]))), x);
      expectClose(g2.evalSync([[x, M]]), [6, 5, 4, 3, 2, 1], 0, [2, 3]);
      const t = T.tensor3('t');
      const W = [
        [1, 2, 3, 4],
        [5, 6, 7, 8],
      ];
      const g3 = T.grad(T.sum(t.flatten(2).mul(theano.array(W))), t);
      const tv = [
        [
          [0, 0],
          [0, 0],
        ],
        [
          [0, 0],
          [0, 0],
        ],
      ];
      expectClose(g3.evalSync([[t, tv]]), [1, 2, 3, 4, 5, 6, 7, 8], 0, [2, 2, 2]);
      const g4 = T.grad(T.sum(x.reshape([-1]).mul(theano.array([1, 0, 1, 0, 1, 0]))), x);
      expectClose(g4.evalSync([[x, M]]), [1, 0, 1, 0, 1, 0], 0, [2, 3]);
    });
  });

  describe('indexing', () => {
    const M = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ];
    it('subtensor: the weight lands in the indexed row', () => {
      const x = T.dmatrix('x');
      const g = T.grad(T.sum(x.get(1).mul(theano.array([1, -2, 3]))), x);
      expectClose(g.evalSync([[x, M]]), [0, 0, 0, 1, -2, 3, 0, 0, 0], 0, [3, 3]);
      const v = T.dvector('v');
      const gv = T.grad(v.get(2).mul(v.get(0)), v);
      expectClose(gv.evalSync([[v, [3, 4, 5]]]), [5, 0, 3], 0, [3]);
    });

    it('subtensor with a symbolic index and a negative index', () => {
      const x = T.dmatrix('x');
      const i = T.lscalar('i');
      const g = T.grad(T.sum(x.get(i).pow(2)), x);
      expectClose(
        g.evalSync([
          [x, M],
          [i, 2],
        ]),
        [0, 0, 0, 0, 0, 0, 14, 16, 18],
        0,
        [3, 3],
      );
      const gNeg = T.grad(T.sum(x.get(-1).pow(2)), x);
      expectClose(gNeg.evalSync([[x, M]]), [0, 0, 0, 0, 0, 0, 14, 16, 18], 0, [3, 3]);
      expect(() => T.grad(T.sum(x.get(i)), i)).toThrow(theano.DisconnectedInputError);
    });

    it('incSubtensor: dx = dz, dy = dz[i]', () => {
      const x = T.dmatrix('x');
      const y = T.dvector('y');
      const W = [
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ];
      const cost = T.sum(T.incSubtensor(x, y.mul(y), 1).mul(theano.array(W)));
      const [gx, gy] = theano.function([x, y], T.grad(cost, [x, y])).callSync(M, [1, -1, 2]);
      expectClose(gx!, W, 0, [3, 3]);
      expectClose(gy!, [2 * 4, -2 * 5, 4 * 6], 0, [3]);
    });

    it('setSubtensor: the overwritten row passes no gradient to x', () => {
      const x = T.dmatrix('x');
      const y = T.dvector('y');
      const W = [
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ];
      const cost = T.sum(T.setSubtensor(x, y.mul(3), 0).mul(theano.array(W)));
      const [gx, gy] = theano.function([x, y], T.grad(cost, [x, y])).callSync(M, [1, -1, 2]);
      expectClose(gx!, [0, 0, 0, 4, 5, 6, 7, 8, 9], 0, [3, 3]);
      expectClose(gy!, [3, 6, 9], 0, [3]);
    });

    it('incSubtensor with a broadcast value: a scalar added to a row gets the row sum', () => {
      const x = T.dmatrix('x');
      const s = T.dscalar('s');
      const W = [
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ];
      const cost = T.sum(T.incSubtensor(x, s, 2).mul(theano.array(W)));
      expectClose(
        T.grad(cost, s).evalSync([
          [x, M],
          [s, 1],
        ]),
        24,
        0,
        [],
      );
    });
  });

  describe('broadcasting', () => {
    const Xm = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    it('grad of sum(x_matrix + b_row) wrt b: each b[j] is used once per row', () => {
      const x = T.dmatrix('x');
      const b = T.row('b');
      const g = T.grad(T.sum(x.add(b)), b);
      expectClose(
        g.evalSync([
          [x, Xm],
          [b, [[0, 0, 0]]],
        ]),
        [[2, 2, 2]],
        0,
        [1, 3],
      );
    });

    it('grad of sum((x + b)·W) wrt b is the column sums of W (row and vector b)', () => {
      const x = T.dmatrix('x');
      const W = [
        [1, -2, 3],
        [10, 20, 30],
      ];
      const b = T.row('b');
      const g = T.grad(T.sum(x.add(b).mul(theano.array(W))), b);
      expectClose(
        g.evalSync([
          [x, Xm],
          [b, [[1, 1, 1]]],
        ]),
        [[11, 18, 33]],
        0,
        [1, 3],
      );
      const bv = T.dvector('bv');
      const gv = T.grad(T.sum(x.add(bv).mul(theano.array(W))), bv);
      expectClose(
        gv.evalSync([
          [x, Xm],
          [bv, [1, 1, 1]],
        ]),
        [11, 18, 33],
        0,
        [3],
      );
      const c = T.col('c');
      const gc = T.grad(T.sum(x.mul(c).mul(theano.array(W))), c);
      // ∂/∂c[i] = Σ_j x[i, j]·W[i, j]
      expectClose(
        gc.evalSync([
          [x, Xm],
          [c, [[1], [1]]],
        ]),
        [[1 - 4 + 9], [40 + 100 + 180]],
        0,
        [2, 1],
      );
      const s = T.dscalar('s');
      const gs = T.grad(T.sum(x.mul(s).mul(theano.array(W))), s);
      expectClose(
        gs.evalSync([
          [x, Xm],
          [s, 2],
        ]),
        1 - 4 + 9 + 40 + 100 + 180,
        0,
        [],
      );
    });
  });
});

describe('verifyGrad on every differentiable op (float64, seeded random points)', () => {
  interface VCase {
    name: string;
    fn: (...v: TensorVariable[]) => TensorVariable;
    points: (rand: () => number) => NDArray[];
  }
  const pos = (r: () => number, s: number[]) => randomPoint(r, s, 0.5, 2);
  const any = (r: () => number, s: number[]) => randomPoint(r, s);
  const cases: VCase[] = [
    { name: 'add (with a broadcast row)', fn: (a, b) => a!.add(b!), points: (r) => [any(r, [2, 3]), any(r, [1, 3])] },
    { name: 'sub', fn: (a, b) => a!.sub(b!), points: (r) => [any(r, [2, 3]), any(r, [2, 3])] },
    {
      name: 'mul (3 operands)',
      fn: (a, b, c) => T.mul(a!, b!, c!),
      points: (r) => [any(r, [3]), any(r, [3]), any(r, [3])],
    },
    { name: 'true_div', fn: (a, b) => a!.div(b!), points: (r) => [any(r, [2, 2]), pos(r, [2, 2])] },
    {
      name: 'mod (away from the jumps)',
      fn: (a, b) => a!.mod(b!),
      points: (r) => [randomPoint(r, [4], 1.3, 1.7), randomPoint(r, [4], 1.0, 1.2)],
    },
    {
      name: 'int_div (zero away from the jumps)',
      fn: (a, b) => a!.intDiv(b!),
      points: (r) => [randomPoint(r, [4], 1.3, 1.7), randomPoint(r, [4], 1.0, 1.2)],
    },
    { name: 'pow', fn: (a, b) => a!.pow(b!), points: (r) => [pos(r, [3]), any(r, [3])] },
    { name: 'maximum', fn: (a, b) => a!.maximum(b!), points: (r) => [any(r, [5]), any(r, [5])] },
    { name: 'minimum', fn: (a, b) => a!.minimum(b!), points: (r) => [any(r, [5]), any(r, [5])] },
    { name: 'second (fill)', fn: (a, b) => T.second(a!, b!), points: (r) => [any(r, [2, 3]), any(r, [1, 3])] },
    {
      name: 'comparisons as masks',
      fn: (a, b) => a!.mul(a!.gt(b!)).add(b!.mul(a!.le(b!))),
      points: (r) => [any(r, [6]), any(r, [6])],
    },
    { name: 'neg', fn: (a) => a!.neg(), points: (r) => [any(r, [3])] },
    { name: 'abs', fn: (a) => a!.abs(), points: (r) => [awayFromZero(r, [5])] },
    { name: 'sgn (zero)', fn: (a) => T.sgn(a!).mul(3), points: (r) => [awayFromZero(r, [5])] },
    { name: 'exp', fn: (a) => a!.exp(), points: (r) => [any(r, [2, 3])] },
    { name: 'log', fn: (a) => a!.log(), points: (r) => [pos(r, [2, 3])] },
    { name: 'sqrt', fn: (a) => a!.sqrt(), points: (r) => [pos(r, [2, 3])] },
    { name: 'sin', fn: (a) => a!.sin(), points: (r) => [any(r, [4])] },
    { name: 'cos', fn: (a) => a!.cos(), points: (r) => [any(r, [4])] },
    { name: 'tanh', fn: (a) => a!.tanh(), points: (r) => [any(r, [4])] },
    { name: 'cast (float64 → float32)', fn: (a) => T.cast(a!, 'float32'), points: (r) => [any(r, [4])] },
    { name: 'sum (all)', fn: (a) => a!.sum(), points: (r) => [any(r, [2, 3])] },
    { name: 'sum (axis 1)', fn: (a) => a!.sum(1), points: (r) => [any(r, [2, 3])] },
    {
      name: 'sum (axis [0, 2], keepdims)',
      fn: (a) => a!.sum({ axis: [0, 2], keepdims: true }),
      points: (r) => [any(r, [2, 3, 2])],
    },
    { name: 'mean (axis 0)', fn: (a) => a!.mean(0), points: (r) => [any(r, [3, 2])] },
    { name: 'mean (all)', fn: (a) => a!.mean(), points: (r) => [any(r, [3, 2])] },
    { name: 'max (axis 1)', fn: (a) => a!.max(1), points: (r) => [any(r, [3, 4])] },
    { name: 'max (all)', fn: (a) => a!.max(), points: (r) => [any(r, [3, 4])] },
    { name: 'min (axis 0)', fn: (a) => a!.min(0), points: (r) => [any(r, [3, 4])] },
    { name: 'min (all)', fn: (a) => a!.min(), points: (r) => [any(r, [3, 4])] },
    { name: 'dimshuffle', fn: (a) => a!.dimshuffle(1, 'x', 0), points: (r) => [any(r, [2, 3])] },
    { name: 'dimshuffle dropping a broadcastable axis', fn: (a) => a!.dimshuffle(1), points: (r) => [any(r, [1, 3])] },
    { name: 'transpose', fn: (a) => a!.transpose(), points: (r) => [any(r, [2, 3])] },
    { name: 'reshape', fn: (a) => a!.reshape([3, 2]), points: (r) => [any(r, [2, 3])] },
    { name: 'flatten', fn: (a) => a!.flatten(), points: (r) => [any(r, [2, 3])] },
    { name: 'flatten(2) of a tensor3', fn: (a) => a!.flatten(2), points: (r) => [any(r, [2, 2, 3])] },
    { name: 'dot matrix·matrix', fn: (a, b) => a!.dot(b!), points: (r) => [any(r, [2, 3]), any(r, [3, 4])] },
    { name: 'dot matrix·vector', fn: (a, b) => a!.dot(b!), points: (r) => [any(r, [2, 3]), any(r, [3])] },
    { name: 'dot vector·matrix', fn: (a, b) => a!.dot(b!), points: (r) => [any(r, [2]), any(r, [2, 3])] },
    { name: 'dot vector·vector', fn: (a, b) => a!.dot(b!), points: (r) => [any(r, [3]), any(r, [3])] },
    { name: 'subtensor', fn: (a) => a!.get(1), points: (r) => [any(r, [3, 2])] },
    { name: 'incSubtensor', fn: (a, b) => T.incSubtensor(a!, b!, 0), points: (r) => [any(r, [3, 2]), any(r, [2])] },
    { name: 'setSubtensor', fn: (a, b) => T.setSubtensor(a!, b!, 2), points: (r) => [any(r, [3, 2]), any(r, [2])] },
    {
      name: 'makeVector',
      fn: (a, b) => makeVector([a!.sum(), b!.mul(a!.get(0))], 'float64'),
      points: (r) => [any(r, [2]), any(r, [])],
    },
    {
      name: 'map (a jacobian inside the function)',
      fn: (a) => jacobian(a!.tanh().mul(a!.sum()), a!),
      points: (r) => [any(r, [3])],
    },
    {
      name: 'map (a hessian inside the function)',
      fn: (a) => hessian(a!.pow(3).sum().mul(a!.sin().sum()), a!),
      points: (r) => [any(r, [3])],
    },
    {
      name: 'assertSameShape (an Rop inside the function)',
      fn: (a, v) => Rop(a!.tanh().mul(a!.sum()), a!, v!),
      points: (r) => [any(r, [3]), any(r, [3])],
    },
    {
      name: 'Lop inside the function',
      fn: (a, u) => Lop(a!.exp().mul(a!.sum()), a!, u!),
      points: (r) => [any(r, [3]), any(r, [3])],
    },
    {
      name: 'a composite: softmax',
      fn: (a) => a!.exp().div(a!.exp().sum()),
      points: (r) => [any(r, [4])],
    },
    {
      name: 'a composite: a small network',
      fn: (x, W, b) => T.tanh(T.dot(W!, x!).add(b!)).pow(2).mean(),
      points: (r) => [any(r, [3]), any(r, [2, 3]), any(r, [2])],
    },
  ];

  it.each(cases)('$name: verifyGradSync and verifyGrad pass', async ({ fn, points }) => {
    const pts = points(theano.seededRandom(2024));
    expect(() => verifyGradSync(fn, pts)).not.toThrow();
    await expect(verifyGrad(fn, pts)).resolves.toBeUndefined();
  });

  it('the seed generator is deterministic', () => {
    const a = theano.seededRandom(7);
    const b = theano.seededRandom(7);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBe(5);
  });
});

describe('verifyGrad detects a wrong gradient', () => {
  // An exp whose gradient rule is deliberately wrong (2·exp(x) instead of exp(x)); the reference backend
  // runs it with the exp kernel, so only the gradient differs.
  // (the extra parameter gives it an op key of its own, so it is never interned as the real exp)
  const BAD_EXP = defineOp<ElemwiseParams & { wrong?: boolean }>({
    ...ELEMWISE_DEFS.exp,
    grad: (_i, [z], [gz]) => [gz ? T.mul(gz, z!, 2) : null],
  });
  const badExp = (x: TensorVariable) => theano.applyOp(new theano.Op(BAD_EXP, { wrong: true }), [x]).outputs[0]!;

  it('the wrong op computes exp but its gradient is off by a factor of 2', () => {
    const x = T.dvector('x');
    expectClose(badExp(x).evalSync([[x, [0, 1]]]), [1, Math.E], 1e-15);
    expectClose(T.grad(badExp(x).sum(), x).evalSync([[x, [0, 1]]]), [2, 2 * Math.E], 1e-15);
  });

  it('verifyGradSync and verifyGrad throw GradientError naming the input', async () => {
    const pts = [theano.array([0.1, -0.5, 0.3])];
    expect(() => verifyGradSync(badExp, pts)).toThrow(theano.GradientError);
    expect(() => verifyGradSync(badExp, pts)).toThrow(/input 0, element 0/);
    await expect(verifyGrad(badExp, pts)).rejects.toThrow(theano.GradientError);
    // the correct exp passes at the same point
    expect(() => verifyGradSync((x) => x.exp(), pts)).not.toThrow();
  });

  it('the second input is named when only its gradient is wrong', () => {
    const pts = [theano.array([0.5, 0.2]), theano.array([0.3, -0.7])];
    expect(() => verifyGradSync((a, b) => a!.mul(badExp(b!)), pts)).toThrow(/input 1/);
  });

  it('finite differences with a huge step are visibly off for x³ (3x² + eps²)', async () => {
    const pts = [theano.array([1, 2])];
    const opts = { eps: 0.5, absTol: 1e-9, relTol: 1e-9 };
    expect(() => verifyGradSync((x) => x.pow(3), pts, opts)).toThrow(theano.GradientError);
    await expect(verifyGrad((x) => x.pow(3), pts, opts)).rejects.toThrow(/finite differences/);
    // with the default step and tolerances it passes
    expect(() => verifyGradSync((x) => x.pow(3), pts)).not.toThrow();
  });

  it('rejects integer points', () => {
    expect(() => verifyGradSync((x) => x.mul(2), [theano.array([1, 2], 'int32')])).toThrow(/float32 or float64/);
  });
});

describe('grad: API and errors', () => {
  it('disconnected input: raises by default, naming the variable', () => {
    const x = T.dvector('x');
    const y = T.dvector('y');
    expect(() => T.grad(x.sum(), y)).toThrow(theano.DisconnectedInputError);
    expect(() => T.grad(x.sum(), y)).toThrow(/input 0 \(y, TensorType\(float64, vector\)\)/);
    expect(() => T.grad(x.sum(), [x, y])).toThrow(/input 1 \(y/);
    expect(() => T.grad(x.sum(), y, { disconnectedInputs: 'raise' })).toThrow(theano.DisconnectedInputError);
  });

  it("disconnected input: zeros shaped like it with 'ignore'", () => {
    const x = T.dvector('x');
    const y = T.dvector('y');
    const g = T.grad(x.sum(), y, { disconnectedInputs: 'ignore' });
    expect(g.dtype).toBe('float64');
    expectClose(g.evalSync([[y, [5, 6, 7, 8]]]), [0, 0, 0, 0], 0, [4]);
    const [gx, gy] = T.grad(x.sum(), [x, y], { disconnectedInputs: 'ignore' });
    expectClose(gx!.evalSync([[x, [1, 2]]]), [1, 1], 0, [2]);
    expectClose(gy!.evalSync([[y, [1]]]), [0], 0, [1]);
  });

  it("disconnected input: console.warn with 'warn', then zeros", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const x = T.dvector('x');
    const y = T.dmatrix('y');
    const g = T.grad(x.sum(), y, { disconnectedInputs: 'warn' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/does not depend on input 0 \(y/);
    expectClose(g.evalSync([[y, [[1, 2]]]]), [[0, 0]], 0, [1, 2]);
  });

  it('an input reached only through a non-differentiable path counts as disconnected', () => {
    const x = T.dmatrix('x');
    const y = T.dmatrix('y');
    // the shape of y is used, not its values
    const cost = x.reshape(T.shape(y), 2).sum();
    expect(() => T.grad(cost, y)).toThrow(theano.DisconnectedInputError);
    const [gx] = T.grad(cost, [x]);
    expectClose(
      gx!.evalSync([
        [x, [[1, 2, 3, 4]]],
        [
          y,
          [
            [0, 0],
            [0, 0],
          ],
        ],
      ]),
      [[1, 1, 1, 1]],
      0,
      [1, 4],
    );
  });

  it('a non-scalar cost is a TypeError that says so', () => {
    const x = T.dvector('x');
    expect(() => T.grad(x.mul(2), x)).toThrow(TypeError);
    expect(() => T.grad(x.mul(2), x)).toThrow(
      /cost must be a scalar \(0-d\).*TensorType\(float64, vector\).*\(1 dimension\)/,
    );
    const m = T.dmatrix('m');
    expect(() => T.grad(m, m)).toThrow(/2 dimensions/);
  });

  it('an integer cost is a TypeError', () => {
    const i = T.iscalar('i');
    expect(() => T.grad(i.mul(2), i)).toThrow(TypeError);
    expect(() => T.grad(i.mul(2), i)).toThrow(/must be a float, got .* int32/);
    const v = T.ivector('v');
    expect(() => T.grad(v.sum(), v)).toThrow(/must be a float.*int64/);
  });

  it('wrt must be symbolic variables', () => {
    const x = T.dscalar('x');
    expect(() => T.grad(x, 3 as unknown as TensorVariable)).toThrow(/wrt 0 must be a symbolic variable/);
    expect(() => T.grad(3 as unknown as TensorVariable, x)).toThrow(/cost must be a symbolic variable/);
  });

  it('a list of wrt gives a list of gradients, in order; one variable gives one', () => {
    const x = T.dscalar('x');
    const y = T.dvector('y');
    const z = T.dmatrix('z');
    const cost = x.mul(y.sum()).add(z.pow(2).sum().mul(x));
    const gs = T.grad(cost, [z, x, y]);
    expect(Array.isArray(gs)).toBe(true);
    expect(gs.map((g) => g.ndim)).toEqual([2, 0, 1]);
    const [gz, gx, gy] = theano.function([x, y, z], gs).callSync(
      3,
      [1, 2],
      [
        [1, -1],
        [2, 0],
      ],
    );
    expectClose(gz!, [6, -6, 12, 0], 0, [2, 2]);
    expectClose(gx!, 3 + 6, 0, []);
    expectClose(gy!, [3, 3], 0, [2]);
    const single = T.grad(cost, [x]);
    expect(Array.isArray(single)).toBe(true);
    expect(single).toHaveLength(1);
    const one = T.grad(cost, x);
    expect(Array.isArray(one)).toBe(false);
    expect(one.ndim).toBe(0);
  });

  it('considerConstant stops the gradient at the listed variables', () => {
    const x = T.dvector('x');
    const y = x.mul(2);
    const cost = T.sum(x.mul(y)); // 2x²: full gradient 4x
    const full = T.grad(cost, x);
    const partial = T.grad(cost, x, { considerConstant: [y] }); // y held fixed: gradient y = 2x
    expectClose(full.evalSync([[x, [1, -2, 3]]]), [4, -8, 12], 0);
    expectClose(partial.evalSync([[x, [1, -2, 3]]]), [2, -4, 6], 0);
    // a constant on every path leaves x disconnected
    expect(() => T.grad(y.sum(), x, { considerConstant: [y] })).toThrow(theano.DisconnectedInputError);
  });

  it('the graph given to grad is left unchanged', () => {
    const x = T.dvector('x');
    const cost = x.tanh().sum();
    const before = theano.pp(cost);
    T.grad(cost, x);
    expect(theano.pp(cost)).toBe(before);
    expect(cost.evalSync([[x, [0]]]).item()).toBe(0);
  });

  it('second derivatives: grad of grad', () => {
    const x = T.dscalar('x');
    const g = T.grad(x.sin(), x);
    const gg = T.grad(g, x);
    expect(gg.evalSync([[x, 0.7]]).item()).toBeCloseTo(-Math.sin(0.7), 14);
    const ggg = T.grad(gg, x);
    expect(ggg.evalSync([[x, 0.7]]).item()).toBeCloseTo(-Math.cos(0.7), 14);
    const v = T.dvector('v');
    const g1 = T.grad(v.pow(3).sum(), v);
    const g2 = T.grad(g1.sum(), v);
    expectClose(g2.evalSync([[v, [1, -2, 0.5]]]), [6, -12, 3], 1e-12);
    // mixed: ∂²(x²y)/∂x∂y = 2x
    const y = T.dscalar('y');
    const gxy = T.grad(T.grad(x.pow(2).mul(y), x), y);
    expect(
      gxy
        .evalSync([
          [x, 1.5],
          [y, -4],
        ])
        .item(),
    ).toBe(3);
    // through tanh: d²tanh = -2 tanh (1 - tanh²)
    const t = 0.3;
    const gt = T.grad(T.grad(x.tanh(), x), x)
      .evalSync([[x, t]])
      .item();
    expect(gt).toBeCloseTo(-2 * Math.tanh(t) * (1 - Math.tanh(t) ** 2), 14);
  });
});

describe('grad: float32', () => {
  /** Node outputs of dtype float64 in the graph of `vars`, leaving out the nodes of `except`'s graph. */
  function float64Outputs(vars: readonly TensorVariable[], except: readonly TensorVariable[] = []): string[] {
    const skip = new Set(theano.toposort(except));
    const bad: string[] = [];
    for (const node of theano.toposort(vars)) {
      if (skip.has(node)) continue;
      for (const o of node.outputs) if (o.dtype === 'float64') bad.push(`${node} → ${o.type}`);
    }
    return bad;
  }

  it('the gradient keeps the wrt dtype (fvector, fmatrix)', () => {
    const x = T.fvector('x');
    const W = T.fmatrix('W');
    const g = T.grad(T.tanh(W.dot(x)).sum(), [x, W]);
    expect(g.map((v) => v.dtype)).toEqual(['float32', 'float32']);
    const [gx, gW] = theano.function([x, W], g).callSync(new Float32Array([1, 2]), [[0.5, -0.5]]);
    expect(gx!.dtype).toBe('float32');
    expect(gx!.data).toBeInstanceOf(Float32Array);
    expect(gW!.dtype).toBe('float32');
    const h = Math.tanh(0.5 - 1);
    expectClose(gx!, [(1 - h * h) * 0.5, (1 - h * h) * -0.5], 1e-6);
    expectClose(gW!, [[1 - h * h, 2 * (1 - h * h)]], 1e-6);
  });

  it('a float64 cost still gives a float32 gradient for a float32 wrt', () => {
    const x = T.fvector('x');
    const g = T.grad(T.cast(x, 'float64').pow(2).sum(), x);
    expect(g.dtype).toBe('float32');
    expectClose(g.evalSync([[x, new Float32Array([1.5, -2])]]), [3, -4], 0);
  });

  it('weak constants keep float32 through the whole gradient graph (no float64 node)', () => {
    const x = T.fvector('x');
    const W = T.fmatrix('W');
    const b = T.fscalar('b');
    const h = T.tanh(W.dot(x).add(b));
    const cost = h
      .pow(2)
      .mean()
      .add(x.exp().sum().mul(0.5))
      .add(x.mul(x).add(1).sqrt().sum().div(3))
      .add(x.max().mul(2.5))
      .add(x.sin().sub(x.cos()).sum())
      .add(x.abs().log().sum())
      .add(x.div(x.mul(x).add(2)).sum())
      .add(x.get(0).mul(h.min()))
      .add(T.setSubtensor(W, x.mul(0.1), 0).sum())
      .add(x.reshape([-1, 1]).transpose().flatten().sum().mul(1.25))
      .add(x.maximum(0).sum())
      .add(T.mod(x, 1.5).sum());
    expect(cost.dtype).toBe('float32');
    const grads = T.grad(cost, [x, W, b]);
    expect(grads.map((g) => g.dtype)).toEqual(['float32', 'float32', 'float32']);
    // the nodes the gradient adds: none is float64
    expect(float64Outputs(grads, [cost])).toEqual([]);
    // the user's weak JS floats (0.1, 1.5) become float32 constants in a float32 computation (NEP 50),
    // so the forward graph has no float64 node either
    expect(float64Outputs([cost])).toEqual([]);
    // and a second derivative too
    const gg = T.grad(grads[0]!.sum(), x);
    expect(gg.dtype).toBe('float32');
    expect(float64Outputs([gg], [cost])).toEqual([]);
    const vals = theano.function([x, W, b], grads).callSync(
      new Float32Array([0.5, -1, 2]),
      [
        [0.1, 0.2, 0.3],
        [-0.1, -0.2, -0.3],
      ],
      0.25,
    );
    for (const v of vals) {
      expect(v.dtype).toBe('float32');
      expect(Array.from(v.toFloat64()).every(Number.isFinite)).toBe(true);
    }
  });

  it('verifyGrad on float32 points uses float32 tolerances', () => {
    const p = theano.array([0.3, -0.2, 0.9], 'float32');
    expect(() => verifyGradSync((x) => x.tanh().mul(x.sum()), [p])).not.toThrow();
  });
});
