// T.Rop and T.Lop on the reference backend: the seed's values, the run-time shape check of Rop's eval
// point, and agreement with theano.gradient.jacobian / hessian on seeded random inputs (Rop·v = J·v,
// Lop = uᵀ·J, Hessian-vector products), the products computed here from the Jacobian's numbers.

import type { NDArray, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;
const { jacobian, hessian } = theano.gradient;

function expectClose(actual: NDArray, expected: ArrayLike<number>, shape: readonly number[], tol: number): void {
  expect(actual.shape).toEqual(shape);
  const a = actual.toFloat64();
  expect(a.length).toBe(expected.length);
  for (let k = 0; k < a.length; k++) {
    if (!(Math.abs(a[k]! - expected[k]!) <= tol)) {
      throw new Error(`element ${k}: got ${a[k]}, expected ${expected[k]} (tolerance ${tol})`);
    }
  }
}

function randomPoint(rand: () => number, shape: number[], lo = -1, hi = 1): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  return theano.fromFloat64(
    Float64Array.from({ length: n }, () => lo + (hi - lo) * rand()),
    shape,
    'float64',
  );
}

/** J (rows: the flattened output; columns: the flattened wrt) times v (flattened like wrt). */
function jTimes(J: NDArray, v: NDArray): Float64Array {
  const cols = v.size;
  const rows = J.size / cols;
  const j = J.toFloat64();
  const x = v.toFloat64();
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += j[r * cols + c]! * x[c]!;
    out[r] = s;
  }
  return out;
}

/** uᵀ (flattened like the output) times J. */
function uTimesJ(u: NDArray, J: NDArray): Float64Array {
  const rows = u.size;
  const cols = J.size / rows;
  const j = J.toFloat64();
  const y = u.toFloat64();
  const out = new Float64Array(cols);
  for (let c = 0; c < cols; c++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += y[r]! * j[r * cols + c]!;
    out[c] = s;
  }
  return out;
}

describe('the seed', () => {
  const W = T.dmatrix('W');
  const V = T.dmatrix('V');
  const x = T.dvector('x');
  const y = T.dot(x, W);

  it('Rop(x·W, W, V) at W = [[1,1],[1,1]], V = [[2,2],[2,2]], x = [0,1] is [2, 2]', async () => {
    const JV = T.Rop(y, W, V);
    expect(JV.ndim).toBe(1);
    const f = theano.function([W, V, x], JV);
    const r = await f(
      [
        [1, 1],
        [1, 1],
      ],
      [
        [2, 2],
        [2, 2],
      ],
      [0, 1],
    );
    expect(String(r)).toBe('[2. 2.]');
    expect(
      f
        .callSync(
          [
            [1, 1],
            [1, 1],
          ],
          [
            [2, 2],
            [2, 2],
          ],
          [0, 1],
        )
        .toArray(),
    ).toEqual([2, 2]);
    // x·V, whatever W is
    expect(
      f
        .callSync(
          [
            [5, -3],
            [0, 7],
          ],
          [
            [1, 2],
            [3, 4],
          ],
          [2, -1],
        )
        .toArray(),
    ).toEqual([-1, 0]);
  });

  it('Lop(x·W, W, v) at v = [2, 2], x = [0, 1] is [[0, 0], [2, 2]]', async () => {
    const v = T.dvector('v');
    const VJ = T.Lop(y, W, v);
    expect(VJ.ndim).toBe(2);
    const f = theano.function([v, x], VJ);
    const l = await f([2, 2], [0, 1]);
    expect(l.toArray()).toEqual([
      [0, 0],
      [2, 2],
    ]);
    expect(String(l)).toBe('[[0. 0.]\n [2. 2.]]');
    // outer(x, v)
    expect(f.callSync([1, -1], [3, 4]).toArray()).toEqual([
      [3, -3],
      [4, -4],
    ]);
  });

  it('Rop with an eval point shaped unlike wrt fails at run time, naming Rop', () => {
    const f = theano.function([W, V, x], T.Rop(y, W, V));
    const call = () =>
      f.callSync(
        [
          [1, 1],
          [1, 1],
        ],
        [
          [2, 2, 2],
          [2, 2, 2],
        ],
        [0, 1],
      );
    expect(call).toThrow(/Rop/);
    expect(call).toThrow(/eval point 0 \(V\) must have the shape of wrt W/);
    expect(call).toThrow(/\(2, 3\).*\(2, 2\)|\(2, 2\).*\(2, 3\)/);
  });

  it('an eval point of the wrong rank is a TypeError at build time', () => {
    const v = T.dvector('v');
    expect(() => T.Rop(y, W, v)).toThrow(/T\.Rop: eval point 0 \(v\) has 1 dimensions, but wrt W has 2/);
    expect(() => T.Lop(y, W, V)).toThrow(/T\.Lop: eval point 0 \(V\) has 2 dimensions, but output .* has 1/);
    expect(() => T.Rop(y, [W, x], [V])).toThrow(/2 wrt but 1 eval points/);
  });
});

interface Case {
  name: string;
  /** Input shapes, in order; `wrt` indexes the input differentiated. */
  shapes: number[][];
  wrt: number;
  f: (...v: TensorVariable[]) => TensorVariable;
}

const cases: Case[] = [
  { name: 'tanh(A·x)·x wrt x', shapes: [[3, 3], [3]], wrt: 1, f: (A, x) => T.tanh(T.dot(A!, x!)).mul(x!) },
  { name: 'tanh(A·x)·x wrt A', shapes: [[3, 3], [3]], wrt: 0, f: (A, x) => T.tanh(T.dot(A!, x!)).mul(x!) },
  { name: 'exp(x)·sum(x) wrt x', shapes: [[4]], wrt: 0, f: (x) => x!.exp().mul(x!.sum()) },
  { name: '(x³).sum(axis=0) for a matrix x', shapes: [[2, 3]], wrt: 0, f: (x) => x!.pow(3).sum(0) },
  {
    name: 'tanh(X·W) (a matrix output) wrt W',
    shapes: [
      [2, 3],
      [3, 2],
    ],
    wrt: 1,
    f: (X, W) => T.tanh(X!.dot(W!)),
  },
  {
    name: 'tanh(X·W) (a matrix output) wrt X',
    shapes: [
      [2, 3],
      [3, 2],
    ],
    wrt: 0,
    f: (X, W) => T.tanh(X!.dot(W!)),
  },
  {
    name: 'softmax(x)',
    shapes: [[4]],
    wrt: 0,
    f: (x) => x!.exp().div(x!.exp().sum()),
  },
  {
    name: 'x.reshape(2, 3)ᵀ·sin(y) with max and a row of x',
    shapes: [[6], [2]],
    wrt: 0,
    f: (x, y) =>
      x!
        .reshape([2, 3])
        .transpose()
        .dot(y!.sin())
        .mul(x!.max())
        .add(x!.reshape([2, 3]).get(1)),
  },
  {
    name: 'a scalar output: log(Σ exp(x))',
    shapes: [[3]],
    wrt: 0,
    f: (x) => x!.exp().sum().log(),
  },
  {
    name: 'setSubtensor and broadcasting wrt b',
    shapes: [[3, 2], [2]],
    wrt: 1,
    f: (X, b) => T.setSubtensor(X!.add(b!).pow(2), b!.exp(), 1).mul(b!.get(0)),
  },
];

describe('Rop and Lop agree with the Jacobian on seeded random inputs', () => {
  it.each(cases)('$name: Rop(f, x, v) = J·v and Lop(f, x, u) = uᵀ·J (1e-10)', ({ shapes, wrt, f }) => {
    const rand = theano.seededRandom(99);
    const vars = shapes.map((s, i) =>
      T.tensor(
        'float64',
        s.map(() => false),
        `in${i}`,
      ),
    );
    const w = vars[wrt]!;
    const out = f(...vars);
    const v = w.type.make('v');
    const u = out.type.make('u');
    const J = jacobian(out, w);
    const rop = T.Rop(out, w, v);
    const lop = T.Lop(out, w, u);
    expect(rop.ndim).toBe(out.ndim);
    expect(lop.ndim).toBe(w.ndim);
    const fn = theano.function([...vars, v, u], [J, rop, lop, out]);
    const points = shapes.map((s) => randomPoint(rand, s));
    const vPoint = randomPoint(rand, shapes[wrt]!);
    // the output's shape, to draw u
    const outShape = theano.function(vars, out).callSync(...points).shape;
    const uPoint = randomPoint(rand, [...outShape]);
    const [Jv, ropV, lopV, outV] = fn.callSync(...points, vPoint, uPoint);
    expect(Jv!.shape).toEqual([outV!.size, ...shapes[wrt]!].slice(outV!.ndim === 0 ? 1 : 0));
    expectClose(ropV!, jTimes(Jv!, vPoint), outV!.shape, 1e-10);
    expectClose(lopV!, uTimesJ(uPoint, Jv!), shapes[wrt]!, 1e-10);
    // and the async path gives the same numbers
    return fn(...points, vPoint, uPoint).then(([, r2, l2]) => {
      expect(Array.from(r2!.toFloat64())).toEqual(Array.from(ropV!.toFloat64()));
      expect(Array.from(l2!.toFloat64())).toEqual(Array.from(lopV!.toFloat64()));
    });
  });

  it('lists: Rop sums over the wrt, Lop gives one result per wrt', () => {
    const rand = theano.seededRandom(5);
    const A = T.dmatrix('A');
    const x = T.dvector('x');
    const f1 = T.tanh(T.dot(A, x));
    const f2 = x.exp().sum().mul(A.sum(1));
    const [vA, vx] = [T.dmatrix('vA'), T.dvector('vx')];
    const [u1, u2] = [T.dvector('u1'), T.dvector('u2')];
    const rops = T.Rop([f1, f2], [A, x], [vA, vx]) as TensorVariable[];
    const lops = T.Lop([f1, f2], [A, x], [u1, u2]) as TensorVariable[];
    expect(rops).toHaveLength(2);
    expect(lops).toHaveLength(2);
    const Js = [jacobian(f1, A), jacobian(f1, x), jacobian(f2, A), jacobian(f2, x)];
    const fn = theano.function([A, x, vA, vx, u1, u2], [...rops, ...lops, ...Js]);
    const [Ap, xp, vAp, vxp, u1p, u2p] = [
      randomPoint(rand, [2, 3]),
      randomPoint(rand, [3]),
      randomPoint(rand, [2, 3]),
      randomPoint(rand, [3]),
      randomPoint(rand, [2]),
      randomPoint(rand, [2]),
    ];
    const [r1, r2, lA, lx, J1A, J1x, J2A, J2x] = fn.callSync(Ap, xp, vAp, vxp, u1p, u2p);
    const add = (a: Float64Array, b: Float64Array) => a.map((ai, k) => ai + b[k]!);
    expectClose(r1!, add(jTimes(J1A!, vAp!), jTimes(J1x!, vxp!)), [2], 1e-10);
    expectClose(r2!, add(jTimes(J2A!, vAp!), jTimes(J2x!, vxp!)), [2], 1e-10);
    expectClose(lA!, add(uTimesJ(u1p!, J1A!), uTimesJ(u2p!, J2A!)), [2, 3], 1e-10);
    expectClose(lx!, add(uTimesJ(u1p!, J1x!), uTimesJ(u2p!, J2x!)), [3], 1e-10);
  });
});

describe('Hessian-vector products', () => {
  const costs: { name: string; cost: (x: TensorVariable, A: TensorVariable) => TensorVariable }[] = [
    { name: 'Σ tanh(A·x)² + Σ x⁴', cost: (x, A) => T.tanh(T.dot(A, x)).pow(2).sum().add(x.pow(4).sum()) },
    { name: 'log Σ exp(A·x)', cost: (x, A) => T.dot(A, x).exp().sum().log() },
    { name: 'x·A·x·sin(Σx)', cost: (x, A) => T.dot(x, T.dot(A, x)).mul(x.sum().sin()) },
  ];

  it.each(costs)('$name: hessian·v = Rop(grad, x, v) = Lop(grad, x, v)', ({ cost }) => {
    const rand = theano.seededRandom(31);
    const x = T.dvector('x');
    const A = T.dmatrix('A');
    const v = T.dvector('v');
    const c = cost(x, A);
    const g = T.grad(c, x);
    const H = hessian(c, x);
    const hvR = T.Rop(g, x, v);
    const hvL = T.Lop(g, x, v);
    const fn = theano.function([x, A, v], [H, hvR, hvL]);
    const [xp, Ap, vp] = [randomPoint(rand, [3]), randomPoint(rand, [3, 3]), randomPoint(rand, [3])];
    const [Hv, r, l] = fn.callSync(xp, Ap, vp);
    // H is symmetric
    const h = Hv!.toFloat64();
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) expect(Math.abs(h[i * 3 + j]! - h[j * 3 + i]!)).toBeLessThan(1e-12);
    const expected = jTimes(Hv!, vp);
    expectClose(r!, expected, [3], 1e-10);
    expectClose(l!, expected, [3], 1e-10);
  });
});

describe('Rop and Lop: options', () => {
  it('Lop with a disconnected wrt raises by default (as Theano), zeros with ignore', () => {
    const x = T.dvector('x');
    const y = T.dvector('y');
    const u = T.dvector('u');
    expect(() => T.Lop(x.mul(2), y, u)).toThrow(theano.DisconnectedInputError);
    expect(() => T.Lop(x.mul(2), y, u)).toThrow(/T\.Lop.*\(y, TensorType\(float64, vector\)\)/);
    const z = T.Lop(x.mul(2), y, u, { disconnectedInputs: 'ignore' });
    expectClose(
      z.evalSync([
        [y, [1, 2, 3]],
        [u, [1, 1]],
      ]),
      [0, 0, 0],
      [3],
      0,
    );
  });

  it('considerConstant applies to Lop and Rop', () => {
    const x = T.dvector('x');
    const h = x.mul(x); // held fixed: f = h·x has Jacobian diag(h)
    const f = h.mul(x);
    const v = T.dvector('v');
    const givens: [TensorVariable, number[]][] = [
      [x, [1, 2, 3]],
      [v, [1, -1, 2]],
    ];
    expectClose(T.Lop(f, x, v, { considerConstant: [h] }).evalSync(givens), [1, -4, 18], [3], 0);
    expectClose(T.Rop(f, x, v, { considerConstant: [h] }).evalSync(givens), [1, -4, 18], [3], 0);
    // without it: diag(3x²)
    expectClose(T.Lop(f, x, v).evalSync(givens), [3, -12, 54], [3], 0);
    expectClose(T.Rop(f, x, v).evalSync(givens), [3, -12, 54], [3], 0);
  });

  it('the graphs given to Rop and Lop are left unchanged', () => {
    const x = T.dvector('x');
    const f = x.tanh().mul(x.sum());
    const before = theano.pp(f);
    T.Rop(f, x, T.dvector('v'));
    T.Lop(f, x, T.dvector('u'));
    expect(theano.pp(f)).toBe(before);
  });
});
