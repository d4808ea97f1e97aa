// The reference backend's copy-free paths: dot reading transposes through strides (gemm's transA/transB),
// shape ops as views of their input's storage, in-place fused elementwise nodes with Theano's safety checks,
// and sums over adjacent axes. Every expected value is computed here independently: naive loops written in
// this file, or small cases by hand.

import {
  type DType,
  executionPlan,
  type FunctionGraph,
  fromFloat64,
  type NDArray,
  SUBTENSOR,
  seededRandom,
  type TensorConstant,
  type TensorVariable,
} from '@theano-ts/core';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { dot } from '../src/kernels/matmul.js';
import { sum } from '../src/kernels/reduce.js';
import { dimshuffleView, reshapeView, subtensorView } from '../src/kernels/views.js';
import { inplaceOf, prepare, REF_PLAN } from '../src/plan.js';
import '../src/index.js';

const T = theano.tensor;

/** A seeded generator of uniform numbers in [-1, 1) (core's mulberry32, rescaled). */
function rng(seed: number): () => number {
  const next = seededRandom(seed);
  return () => next() * 2 - 1;
}

const arr = (values: ArrayLike<number>, shape: number[], dtype: DType = 'float64') =>
  fromFloat64(Array.from(values), shape, dtype);
const values = (x: NDArray) => Array.from(x.toFloat64());

/** Row-major r×c values transposed (c×r). */
const transpose = (v: readonly number[], r: number, c: number) =>
  Array.from({ length: r * c }, (_, q) => v[(q % r) * c + Math.floor(q / r)]!);

/** The naive product of row-major m×k and k×n values, each sum in order of p. */
function naive(a: readonly number[], b: readonly number[], m: number, k: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
      out.push(s);
    }
  }
  return out;
}

describe('dot with transposed operands (gemm transA / transB)', () => {
  // sizes below one k-block: the blocked product sums in the naive order, so float64 results are equal bit
  // for bit. float32 products accumulate in doubles on the plain-JS kernel and in float32 on the WebAssembly
  // one: their values are multiples of 1/16 in [-1, 1], so every product (a multiple of 1/256) and every
  // partial sum (at most 64 in size) is exact in float32, and both kernels must give the naive sums exactly
  const cases: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 7],
    [17, 9, 64],
    [64, 33, 10],
  ];
  for (const dtype of ['float64', 'float32'] as const) {
    for (const [m, n, k] of cases) {
      it(`${dtype} (${m}, ${k})·(${k}, ${n}), each combination of transposes`, () => {
        const next = rng(m * 131 + n * 17 + k);
        const draw = dtype === 'float32' ? () => Math.round(next() * 16) / 16 : next;
        const a = Array.from({ length: m * k }, draw);
        const b = Array.from({ length: k * n }, draw);
        const want = naive(a, b, m, k, n);
        const at = transpose(a, m, k); // stored k×m
        const bt = transpose(b, k, n); // stored n×k
        for (const [tx, ty] of [
          [false, false],
          [true, false],
          [false, true],
          [true, true],
        ] as const) {
          const x = tx ? arr(at, [k, m], dtype) : arr(a, [m, k], dtype);
          const y = ty ? arr(bt, [n, k], dtype) : arr(b, [k, n], dtype);
          const got = dot(x, y, dtype, tx, ty);
          expect(got.shape).toEqual([m, n]);
          expect(values(got)).toEqual(want);
        }
      });
    }
  }

  it('matrix·vector and vector·matrix with the matrix given transposed', () => {
    const next = rng(5);
    const [m, k] = [11, 23];
    const a = Array.from({ length: m * k }, next); // m×k
    const v = Array.from({ length: k }, next);
    const at = transpose(a, m, k);
    // dot(A, v) with A given as its k×m transpose; dot(v, A.T) with A.T given as A (m×k)
    expect(values(dot(arr(at, [k, m]), arr(v, [k]), 'float64', true, false))).toEqual(naive(a, v, m, k, 1));
    expect(values(dot(arr(v, [k]), arr(a, [m, k]), 'float64', false, true))).toEqual(naive(v, at, 1, k, m));
  });

  it('integer results and misaligned shapes go through core on the transposed operands', () => {
    // [[1, 2], [3, 4]].T · [[5], [6]] = [[1·5 + 3·6], [2·5 + 4·6]] = [[23], [34]]
    const r = dot(arr([1, 2, 3, 4], [2, 2], 'int32'), arr([5, 6], [2, 1], 'int32'), 'int32', true, false);
    expect(r.dtype).toBe('int32');
    expect(values(r)).toEqual([23, 34]);
    // (2, 3).T is (3, 2): misaligned with (3, 2), named in the graph's terms
    expect(() => dot(arr([1, 2, 3, 4, 5, 6], [2, 3]), arr([1, 2, 3, 4, 5, 6], [3, 2]), 'float64', true, false)).toThrow(
      /dot: shapes \(3, 2\) and \(3, 2\) not aligned/,
    );
  });

  it('a compiled dot of x.T runs no DimShuffle; a transpose also read elsewhere is still computed', () => {
    const x = T.dmatrix('x');
    const y = T.dmatrix('y');
    const f = theano.function([x, y], [T.dot(x.T, y), T.dot(y.T, x).add(x.T.sum())], { backend: 'ref' });
    const plan = executionPlan(f.maker.fgraph, REF_PLAN);
    const ran = plan.steps.map((s) => s.node.op.kind);
    expect(ran.filter((k) => k === 'dot')).toHaveLength(2);
    expect(ran.filter((k) => k === 'dimshuffle').length).toBeLessThan(
      f.maker.fgraph.nodes.filter((n) => n.op.kind === 'dimshuffle').length,
    );
    const next = rng(9);
    const [k, m, n] = [6, 4, 5];
    const xv = Array.from({ length: k * m }, next);
    const yv = Array.from({ length: k * n }, next);
    const [a, b] = f.callSync(arr(xv, [k, m]), arr(yv, [k, n])) as NDArray[];
    expect(values(a!)).toEqual(naive(transpose(xv, k, m), yv, m, k, n));
    let total = 0;
    for (const v of xv) total += v;
    const ytx = naive(transpose(yv, k, n), xv, n, k, m);
    expect(values(b!)).toEqual(ytx.map((v) => v + total));
  });
});

describe('shape ops as views', () => {
  const x = arr([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [3, 4]);

  it('DimShuffle adding or dropping broadcastable dimensions shares storage; a permutation copies', () => {
    const v = dimshuffleView(x, { order: ['x', 0, 'x', 1] });
    expect(v.shape).toEqual([1, 3, 1, 4]);
    expect(v.data).toBe(x.data);
    const col = arr([1, 2, 3], [3, 1]);
    const dropped = dimshuffleView(col, { order: [0] });
    expect(dropped.shape).toEqual([3]);
    expect(dropped.data).toBe(col.data);
    const t = dimshuffleView(x, { order: [1, 0] });
    expect(t.data).not.toBe(x.data);
    expect(values(t)).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    expect(() => dimshuffleView(x, { order: [1] })).toThrow(/cannot drop dimension 0 .* it has size 3, not 1/);
  });

  it('Reshape shares storage and keeps core’s errors', () => {
    const r = reshapeView(x, arr([2, -1], [2], 'int64'), 2);
    expect(r.shape).toEqual([2, 6]);
    expect(r.data).toBe(x.data);
    expect(() => reshapeView(x, arr([5, 2], [2], 'int64'), 2)).toThrow(/cannot reshape array of size 12/);
  });

  /** `build(x)`'s Subtensor node run by the view kernel on `value` (null: not a view). */
  function subtensorOf(value: NDArray, build: (v: TensorVariable) => TensorVariable): NDArray | null {
    const v = T.tensor(
      value.dtype,
      value.shape.map(() => false),
      'x',
    );
    const node = build(v).owner!;
    expect(node.op.kind).toBe('subtensor');
    const scalars = node.inputs.slice(1).map((c) => (c as TensorConstant).value);
    return subtensorView([value, ...scalars], SUBTENSOR.match(node)!);
  }
  const cube = arr(
    Array.from({ length: 24 }, (_, i) => i),
    [2, 3, 4],
  );

  it('Subtensor selecting one block of storage is a view holding the selected values', () => {
    // cube[i, j, k] = 12·i + 4·j + k
    const cases: [(v: TensorVariable) => TensorVariable, number[], number[]][] = [
      [(v) => v.get(1), [3, 4], Array.from({ length: 12 }, (_, i) => 12 + i)],
      [(v) => v.get(-1, 2), [4], [20, 21, 22, 23]],
      [(v) => v.get(0, '1:3'), [2, 4], [4, 5, 6, 7, 8, 9, 10, 11]],
      [(v) => v.get(1, 1, '1:3'), [2], [17, 18]],
      [(v) => v.get('1:'), [1, 3, 4], Array.from({ length: 12 }, (_, i) => 12 + i)],
      [(v) => v.get(':', ':', ':'), [2, 3, 4], Array.from({ length: 24 }, (_, i) => i)],
      [(v) => v.get(0, '2:3', '1:4'), [1, 3], [9, 10, 11]], // one row of the middle axis: still one block
    ];
    for (const [build, shape, want] of cases) {
      const r = subtensorOf(cube, build)!;
      expect(r).not.toBeNull();
      expect(r.shape).toEqual(shape);
      expect(values(r)).toEqual(want);
      expect(r.data.buffer).toBe(cube.data.buffer);
    }
  });

  it('Subtensor selections that are not one block are not views; compiled, they hold the right values', () => {
    const cases: [(v: TensorVariable) => TensorVariable, number[]][] = [
      [(v) => v.get(':', 1), [4, 5, 6, 7, 16, 17, 18, 19]],
      [(v) => v.get(0, ':', '1:3'), [1, 2, 5, 6, 9, 10]],
      [(v) => v.get(0, 0, '::2'), [0, 2]],
      [(v) => v.get(1, 2, '::-1'), [23, 22, 21, 20]],
      [(v) => v.get(0, '3:'), []], // empty
    ];
    for (const [build, want] of cases) {
      expect(subtensorOf(cube, build)).toBeNull();
      const v = T.tensor('float64', [false, false, false], 'x');
      const f = theano.function([v], build(v), { backend: 'ref' });
      expect(values(f.callSync(cube) as NDArray)).toEqual(want);
    }
  });

  it('an output that is a view of an argument is returned as a copy (the argument is never shared)', () => {
    const v = T.dmatrix('x');
    const f = theano.function([v], [v.reshape([4, 3]), v.get(1)], { backend: 'ref' });
    const [r, row] = f.callSync(x) as NDArray[];
    expect(values(r!)).toEqual(values(x));
    expect(values(row!)).toEqual([4, 5, 6, 7]);
    (r!.data as Float64Array)[0] = 100;
    (row!.data as Float64Array)[0] = 100;
    expect(values(x)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
});

describe('in-place fused elementwise nodes', () => {
  /** The composite steps of `f`'s plan and the inputs each may overwrite. */
  function inplace(f: { maker: { fgraph: FunctionGraph } }) {
    const fg = f.maker.fgraph;
    prepare(fg);
    return executionPlan(fg, REF_PLAN)
      .steps.filter((s) => s.node.op.kind === 'composite')
      .map((s) => inplaceOf(s) ?? []);
  }
  const a = arr([1, 2, 3, 4], [2, 2]);
  const b = arr([0.5, -1, 2, 0.25], [2, 2]);
  // dot(a, b) = [[1·0.5 + 2·2, 1·(−1) + 2·0.25], [3·0.5 + 4·2, 3·(−1) + 4·0.25]] = [[4.5, −0.5], [9.5, −2]]
  const ab = [4.5, -0.5, 9.5, -2];

  it('a dead intermediate (a dot result read by nothing later) is overwritten, with the right values', () => {
    const x = T.dmatrix('x');
    const y = T.dmatrix('y');
    const f = theano.function([x, y], T.tanh(T.dot(x, y)).mul(2).add(1), { backend: 'ref' });
    expect(inplace(f)).toEqual([[0]]);
    expect(values(f.callSync(a, b) as NDArray)).toEqual(ab.map((v) => 2 * Math.tanh(v) + 1));
    expect(values(a)).toEqual([1, 2, 3, 4]);
  });

  it('never a graph input: an argument of the function is left unchanged', () => {
    const x = T.dmatrix('x');
    const f = theano.function([x], T.exp(x).mul(2).add(1), { backend: 'ref' });
    expect(inplace(f)).toEqual([[]]);
    expect(values(f.callSync(b) as NDArray)).toEqual([0.5, -1, 2, 0.25].map((v) => 2 * Math.exp(v) + 1));
    expect(values(b)).toEqual([0.5, -1, 2, 0.25]);
  });

  it('never a shared variable’s storage, nor a constant', () => {
    const s = theano.shared(arr([1, -2, 3, -4], [2, 2]), 's');
    const x = T.dmatrix('x');
    const c = T.constant(arr([1, 1, 1, 1], [2, 2]));
    const f = theano.function([x], [T.tanh(s.add(x)).mul(3), T.exp(c).sub(x)], { backend: 'ref' });
    expect(inplace(f).flat()).toEqual([]);
    const [r1, r2] = f.callSync(b) as NDArray[];
    expect(values(r1!)).toEqual([1.5, -3, 5, -3.75].map((v) => 3 * Math.tanh(v)));
    expect(values(r2!)).toEqual([0.5, -1, 2, 0.25].map((v) => Math.exp(1) - v));
    expect(values(s.getValue() as NDArray)).toEqual([1, -2, 3, -4]);
  });

  it('never a value still read later, directly or through a view', () => {
    const x = T.dmatrix('x');
    const y = T.dmatrix('y');
    const d = T.dot(x, y);
    // d is read again after the composite (by the dot below); its reshaped view likewise
    const f1 = theano.function([x, y], T.dot(T.exp(d).mul(2), d), { backend: 'ref' });
    const f2 = theano.function([x, y], T.dot(T.exp(d).mul(2), d.reshape([2, 2])), { backend: 'ref' });
    for (const f of [f1, f2]) {
      expect(inplace(f).flat()).toEqual([]);
      const e = ab.map((v) => 2 * Math.exp(v));
      expect(values(f.callSync(a, b) as NDArray)).toEqual(naive(e, ab, 2, 2, 2));
    }
  });

  it('never a value that is (or has a view that is) a graph output or an update', () => {
    const x = T.dmatrix('x');
    const y = T.dmatrix('y');
    const d = T.dot(x, y);
    const f = theano.function([x, y], [T.exp(d).add(1), d.reshape([4])], { backend: 'ref' });
    expect(inplace(f).flat()).toEqual([]);
    const [e, r] = f.callSync(a, b) as NDArray[];
    expect(values(e!)).toEqual(ab.map((v) => Math.exp(v) + 1));
    expect(values(r!)).toEqual(ab);
    const s = theano.shared(arr([0, 0, 0, 0], [2, 2]), 's');
    const g = theano.function([x, y], T.exp(d).add(1), { backend: 'ref', updates: [[s, d]] });
    expect(inplace(g).flat()).toEqual([]);
    expect(values(g.callSync(a, b) as NDArray)).toEqual(ab.map((v) => Math.exp(v) + 1));
    expect(values(s.getValue() as NDArray)).toEqual(ab);
  });

  it('an SGD update writes into the dead gradient, and the shared value gets the right numbers', () => {
    // w ← w − 0.5·(xᵀ·x): the gradient-like dot is dead after the update's composite
    const x = T.dmatrix('x');
    const w = theano.shared(arr([1, 0, 0, 1], [2, 2]), 'w');
    const f = theano.function([x], [], { backend: 'ref', updates: [[w, w.sub(T.dot(x.T, x).mul(0.5))]] });
    expect(inplace(f)).toEqual([[0]]);
    f.callSync(a);
    // aᵀa = [[1·1 + 3·3, 1·2 + 3·4], [2·1 + 4·3, 2·2 + 4·4]] = [[10, 14], [14, 20]]
    expect(values(w.getValue() as NDArray)).toEqual([1 - 5, -7, -7, 1 - 10]);
    f.callSync(a);
    expect(values(w.getValue() as NDArray)).toEqual([-4 - 5, -14, -14, -9 - 10]);
    expect(values(a)).toEqual([1, 2, 3, 4]);
  });
});

describe('sums over adjacent axes', () => {
  /** Σ of the elements reducing into each output, in row-major order (core's definition, written out). */
  function naiveSum(v: readonly number[], shape: number[], axes: number[]): number[] {
    const outShape = shape.filter((_, d) => !axes.includes(d));
    const out = new Array<number>(outShape.reduce((p, q) => p * q, 1)).fill(0);
    const idx = shape.map(() => 0);
    for (let i = 0; i < v.length; i++) {
      let o = 0;
      shape.forEach((n, d) => {
        if (!axes.includes(d)) o = o * n + idx[d]!;
      });
      out[o] = out[o]! + v[i]!;
      for (let d = shape.length - 1; d >= 0; d--) {
        if (++idx[d]! < shape[d]!) break;
        idx[d] = 0;
      }
    }
    return out;
  }
  const next = rng(21);
  const shape = [5, 7, 6];
  const v = Array.from({ length: 5 * 7 * 6 }, () => next() * 1e3);

  for (const dtype of ['float64', 'float32'] as const) {
    it(`${dtype}: each block of adjacent axes, equal bit for bit to the in-order sums`, () => {
      const x = arr(v, shape, dtype);
      const xv = values(x);
      for (const axes of [[0], [1], [2], [0, 1], [1, 2], [0, 1, 2]]) {
        const got = sum(x, axes, dtype);
        expect(got.shape).toEqual(shape.filter((_, d) => !axes.includes(d)));
        const want = naiveSum(xv, shape, axes).map((s) => (dtype === 'float32' ? Math.fround(s) : s));
        expect(values(got)).toEqual(want);
      }
      expect(values(sum(x, null, 'float64'))).toEqual(naiveSum(xv, shape, [0, 1, 2]));
    });
  }

  it('axes that are not adjacent, integers and empty reductions', () => {
    const x = arr(v, shape);
    expect(values(sum(x, [0, 2], 'float64'))).toEqual(naiveSum(v, shape, [0, 2]));
    // [[1, 2, 3], [4, 5, 6]] summed over axis 1 in int32: [6, 15]
    const r = sum(arr([1, 2, 3, 4, 5, 6], [2, 3], 'int32'), [1], 'int64');
    expect(r.dtype).toBe('int64');
    expect(values(r)).toEqual([6, 15]);
    expect(values(sum(arr([], [3, 0]), [1], 'float64'))).toEqual([0, 0, 0]);
    expect(() => sum(x, [3], 'float64')).toThrow(/axis 3 is out of bounds/);
  });

  it('in a compiled function: the bias gradient and the row sums of a matrix', () => {
    const x = T.dmatrix('x');
    const f = theano.function([x], [x.sum(0), x.sum(1), x.sum()], { backend: 'ref' });
    // [[1, 2, 3], [4, 5, 6]]: columns 5, 7, 9; rows 6, 15; all 21
    const [c, r, all] = f.callSync(arr([1, 2, 3, 4, 5, 6], [2, 3])) as NDArray[];
    expect(values(c!)).toEqual([5, 7, 9]);
    expect(values(r!)).toEqual([6, 15]);
    expect(values(all!)).toEqual([21]);
  });
});
