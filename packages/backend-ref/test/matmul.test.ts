// The blocked matrix product (kernels/matmul.ts) against a naive triple loop written here: random shapes
// (1×1, tall and skinny, sizes that are no multiple of the tile, inner sizes past one k-block), transposed
// operands, float32 and float64, empty dimensions, and NaN/inf propagation.
//
// Tolerance. For any order of summation, the computed sum of K products differs from the exact
// Σ_p a[i,p]·b[p,j] by at most γ_K·Σ_p |a[i,p]·b[p,j]|, γ_K = K·u / (1 − K·u), u = 2^-53 (Higham,
// "Accuracy and Stability of Numerical Algorithms", §3.1: each product is rounded once and each partial sum
// once). The naive loop here and the kernel each meet that bound, so they differ by at most twice it. A
// float32 result is further rounded once to float32 (relative error ≤ 2^-24). Where every value is a
// small integer all sums are exact in doubles and the results must be equal.
//
// These tests run in whichever mode of the WebAssembly kernel is in force (`THEANO_TS_REF_WASM=off` runs
// them on the plain-JS kernel alone; matmul-wasm.test.ts checks the WebAssembly kernel in detail). Where it
// may run, a float32 product accumulates in float32: the same bound with u = 2^-24 (Higham's bound counts
// the rounding of each product too), plus the naive double loop's own error. The claims that hold for the
// plain-JS kernel only set its mode in the test.

import { type DType, fromFloat64, type NDArray, seededRandom } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { batchedDot, dot, gemm } from '../src/kernels/index.js';
import { KC, MR, NC, NR } from '../src/kernels/matmul.js';
import { matmulWasmAvailable, matmulWasmMode, setMatmulWasm } from '../src/kernels/matmul-wasm.js';

const T = theano.tensor;

/** A seeded generator of uniform numbers in [0, 1) (core's mulberry32). */
const rng = seededRandom;

/** `rows`×`cols` values (row-major): uniform in [-1, 1), or small integers in [-8, 8] when `ints`. */
function randomValues(next: () => number, count: number, ints = false): number[] {
  return Array.from({ length: count }, () => (ints ? Math.floor(next() * 17) - 8 : 2 * next() - 1));
}

/** The naive product of row-major m×k `a` and k×n `b`: each sum in order of p, and Σ|a·b| for the bound. */
function naive(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number) {
  const sum = new Float64Array(m * n);
  const abs = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let t = 0;
      for (let p = 0; p < k; p++) {
        const prod = a[i * k + p]! * b[p * n + j]!;
        s += prod;
        t += Math.abs(prod);
      }
      sum[i * n + j] = s;
      abs[i * n + j] = t;
    }
  }
  return { sum, abs };
}

const U = 2 ** -53;
const gamma = (k: number) => (k * U) / (1 - k * U);
const U32 = 2 ** -24;
const gamma32 = (k: number) => (k * U32) / (1 - k * U32);
/** Whether a float32 product may accumulate in float32 (the WebAssembly kernel may run). */
const float32Sums = () => matmulWasmMode() !== 'off' && matmulWasmAvailable();

/** Runs `f` with the plain-JS kernel only. */
function withJsKernel(f: () => void): void {
  const prev = matmulWasmMode();
  setMatmulWasm('off');
  try {
    f();
  } finally {
    setMatmulWasm(prev);
  }
}

/**
 * Checks `got` against the naive sums: NaN where they are NaN, the same infinity where infinite, else within
 * 2·γ_K·Σ|a·b| (float64) or that plus one float32 rounding (float32); equal when `exact`.
 */
function expectClose(
  got: NDArray,
  ref: { sum: Float64Array; abs: Float64Array },
  k: number,
  dtype: 'float32' | 'float64',
  exact = false,
): void {
  expect(got.dtype).toBe(dtype);
  const g = got.toFloat64();
  expect(g.length).toBe(ref.sum.length);
  const bad: string[] = [];
  for (let i = 0; i < g.length; i++) {
    const want = ref.sum[i]!;
    const have = g[i]!;
    if (exact || !Number.isFinite(want)) {
      const w = dtype === 'float32' ? Math.fround(want) : want;
      if (!Object.is(have, w) && !(have === 0 && w === 0)) bad.push(`[${i}] ${have} != ${w}`);
      continue;
    }
    const sumBound = 2 * gamma(k) * ref.abs[i]!;
    const bound =
      dtype === 'float64'
        ? sumBound
        : float32Sums()
          ? (gamma32(k) + gamma(k)) * ref.abs[i]!
          : sumBound + 2 ** -24 * (Math.abs(want) + sumBound);
    if (!(Math.abs(have - want) <= bound)) bad.push(`[${i}] ${have} vs ${want} (bound ${bound})`);
  }
  expect(bad.slice(0, 5)).toEqual([]);
}

const arr = (values: number[], shape: number[], dtype: DType = 'float64') => fromFloat64(values, shape, dtype);
/** `values` as the given dtype would hold them (float32 rounds). */
const asStored = (values: number[], dtype: DType) => (dtype === 'float32' ? values.map(Math.fround) : values);

describe('dot (matrix·matrix) against the naive loop', () => {
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [1, 7, 1],
    [2, 2, 2],
    [MR, NR, 3],
    [MR + 1, NR + 1, 5],
    [3, 5, 7],
    [17, 13, 11],
    [300, 3, 9], // tall and skinny
    [3, 300, 9], // short and wide
    [5, 5, 700], // long inner size: several k-blocks
    [65, 129, KC + 1],
    [70, 33, 2 * KC + 3],
    [3, NC + 3, 5], // past one block of B's columns
  ];
  for (const dtype of ['float64', 'float32'] as const) {
    for (const [m, n, k] of shapes) {
      it(`${dtype} (${m}, ${k})·(${k}, ${n})`, () => {
        const next = rng(m * 1000003 + n * 1009 + k);
        const av = asStored(randomValues(next, m * k), dtype);
        const bv = asStored(randomValues(next, k * n), dtype);
        const got = dot(arr(av, [m, k], dtype), arr(bv, [k, n], dtype), dtype);
        expect(got.shape).toEqual([m, n]);
        expectClose(got, naive(av, bv, m, k, n), k, dtype);
      });
    }
  }

  it('small integers: equal to the naive sums, past several k-blocks and tile edges', () => {
    for (const [m, n, k] of [
      [1, 1, 1],
      [9, 7, 3],
      [33, 65, 2 * KC + 5],
      [130, 6, KC],
    ] as const) {
      const next = rng(k);
      const av = randomValues(next, m * k, true);
      const bv = randomValues(next, k * n, true);
      const ref = naive(av, bv, m, k, n);
      for (const dtype of ['float64', 'float32'] as const) {
        expectClose(dot(arr(av, [m, k], dtype), arr(bv, [k, n], dtype), dtype), ref, k, dtype, true);
      }
    }
  });

  it('an inner size of at most one k-block sums in the naive order: equal bit for bit', () => {
    // the module's documented order (each output's products in order of p within a block of KC)
    const [m, n, k] = [MR * 3 + 1, NR * 2 + 3, KC];
    const next = rng(42);
    const av = randomValues(next, m * k);
    const bv = randomValues(next, k * n);
    expectClose(dot(arr(av, [m, k]), arr(bv, [k, n]), 'float64'), naive(av, bv, m, k, n), k, 'float64', true);
  });

  it('mixed operand dtypes: float32·float64 and int32·float64 give float64 through the same product', () => {
    const next = rng(7);
    const [m, n, k] = [6, 9, 20];
    const av = asStored(randomValues(next, m * k), 'float32');
    const bv = randomValues(next, k * n);
    expectClose(dot(arr(av, [m, k], 'float32'), arr(bv, [k, n]), 'float64'), naive(av, bv, m, k, n), k, 'float64');
    const iv = randomValues(next, m * k, true);
    expectClose(dot(arr(iv, [m, k], 'int32'), arr(bv, [k, n]), 'float64'), naive(iv, bv, m, k, n), k, 'float64');
  });
});

describe('matrix·vector, vector·matrix, vector·vector', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`${dtype}: shapes of the result and values`, () => {
      const next = rng(dtype === 'float64' ? 1 : 2);
      for (const [m, k] of [
        [1, 1],
        [5, 3],
        [11, 600],
        [600, 11],
      ] as const) {
        const av = asStored(randomValues(next, m * k), dtype);
        const xv = asStored(randomValues(next, k), dtype);
        const mv = dot(arr(av, [m, k], dtype), arr(xv, [k], dtype), dtype);
        expect(mv.shape).toEqual([m]);
        expectClose(mv, naive(av, xv, m, k, 1), k, dtype);
        // x (k) · A' (k × m): A' holds av as a k×m matrix
        const vm = dot(arr(xv, [k], dtype), arr(av, [k, m], dtype), dtype);
        expect(vm.shape).toEqual([m]);
        expectClose(vm, naive(xv, av, 1, k, m), k, dtype);
        const vv = dot(arr(xv, [k], dtype), arr(xv, [k], dtype), dtype);
        expect(vv.shape).toEqual([]);
        expectClose(vv, naive(xv, xv, 1, k, 1), k, dtype);
      }
    });
  }

  it('the plain-JS kernel sums in the naive order: equal bit for bit at any length', () => {
    const next = rng(99);
    const [m, k] = [7, 1000];
    const av = randomValues(next, m * k);
    const xv = randomValues(next, k);
    withJsKernel(() => {
      expectClose(dot(arr(av, [m, k]), arr(xv, [k]), 'float64'), naive(av, xv, m, k, 1), k, 'float64', true);
      expectClose(dot(arr(xv, [k]), arr(av, [k, m]), 'float64'), naive(xv, av, 1, k, m), k, 'float64', true);
    });
  });
});

describe('transposed operands', () => {
  it('gemm reads a transposed operand through its strides', () => {
    // a is stored as its transpose (k×m, row-major): a[i, p] at p·m + i, so row stride 1, column stride m
    const [m, n, k] = [13, 10, 300];
    const next = rng(5);
    const at = new Float64Array(randomValues(next, k * m));
    const bt = new Float32Array(randomValues(next, n * k)); // b stored as n×k
    const a = Array.from({ length: m * k }, (_, q) => at[(q % k) * m + Math.floor(q / k)]!);
    const b = Array.from({ length: k * n }, (_, q) => bt[(q % n) * k + Math.floor(q / n)]!);
    const c = new Float64Array(m * n);
    gemm(m, n, k, at, 0, 1, m, bt, 0, 1, k, c, 0, n);
    expectClose(arr(Array.from(c), [m, n]), naive(a, b, m, k, n), k, 'float64');
  });

  for (const dtype of ['float64', 'float32'] as const) {
    it(`${dtype}: dot(x.T, y) and dot(x, z.T) in a compiled function (dimshuffle)`, () => {
      const x = T.matrix('x', dtype);
      const y = T.matrix('y', dtype);
      const z = T.matrix('z', dtype);
      const f = theano.function([x, y, z], [T.dot(x.T, y), T.dot(x, z.T)], { backend: 'ref' });
      const [k, m, n] = [37, 9, 21];
      const next = rng(11);
      const xv = asStored(randomValues(next, k * m), dtype); // x: k×m
      const yv = asStored(randomValues(next, k * n), dtype); // y: k×n
      const zv = asStored(randomValues(next, n * m), dtype); // z: n×m
      /** The transpose of row-major r×c values. */
      const tr = (v: number[], r: number, c: number) =>
        Array.from({ length: r * c }, (_, q) => v[(q % r) * c + Math.floor(q / r)]!);
      const [xty, xzt] = f.callSync(
        arr(xv, [k, m], dtype),
        arr(yv, [k, n], dtype),
        arr(zv, [n, m], dtype),
      ) as NDArray[];
      expect(xty!.shape).toEqual([m, n]);
      expectClose(xty!, naive(tr(xv, k, m), yv, m, k, n), k, dtype);
      expect(xzt!.shape).toEqual([k, n]);
      expectClose(xzt!, naive(xv, tr(zv, n, m), k, m, n), m, dtype);
    });
  }
});

describe('empty dimensions', () => {
  it('an inner size of 0 gives zeros; an empty outer size an empty result', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const z = dot(arr([], [3, 0], dtype), arr([], [0, 4], dtype), dtype);
      expect(z.shape).toEqual([3, 4]);
      expect(Array.from(z.toFloat64())).toEqual(new Array(12).fill(0));
      expect(Array.from(dot(arr([], [2, 0], dtype), arr([], [0], dtype), dtype).toFloat64())).toEqual([0, 0]);
      expect(Array.from(dot(arr([], [0], dtype), arr([], [0], dtype), dtype).toFloat64())).toEqual([0]);
      expect(dot(arr([], [0, 5], dtype), arr(new Array(15).fill(1), [5, 3], dtype), dtype).shape).toEqual([0, 3]);
      expect(dot(arr(new Array(10).fill(1), [2, 5], dtype), arr([], [5, 0], dtype), dtype).shape).toEqual([2, 0]);
    }
  });
});

describe('NaN and infinity propagate as in the naive sum', () => {
  it('0·inf is NaN in every product form', () => {
    const inf = Number.POSITIVE_INFINITY;
    expect(Number.isNaN(dot(arr([0], [1, 1]), arr([inf], [1, 1]), 'float64').item())).toBe(true);
    // a zero row against an infinite column: NaN only where they meet
    const r = dot(arr([0, 0, 1, 1], [2, 2]), arr([inf, 1, 2, 3], [2, 2]), 'float64').toFloat64();
    expect(Array.from(r)).toEqual([Number.NaN, 0, inf, 4]);
    expect(Array.from(dot(arr([0, 1], [2]), arr([inf, 5, 1, 1], [2, 2]), 'float64').toFloat64())).toEqual([
      Number.NaN,
      0 * 5 + 1,
    ]);
    expect(Array.from(dot(arr([inf, 1, 0, 1], [2, 2]), arr([0, 1], [2]), 'float32').toFloat64())).toEqual([
      Number.NaN,
      1,
    ]);
    expect(Number.isNaN(dot(arr([inf, 1], [2]), arr([0, 2], [2]), 'float64').item())).toBe(true);
  });

  it('inf and −inf in different k-blocks give NaN; one infinity gives that infinity', () => {
    const k = 2 * KC + 7;
    const a = new Array(k).fill(1);
    const b = new Array(k * 5).fill(0.5); // k×5
    b[3 * 5 + 1] = Number.POSITIVE_INFINITY; // column 1: +inf in the first block
    b[(KC + 3) * 5 + 1] = Number.NEGATIVE_INFINITY; // and −inf in the second
    b[(2 * KC + 1) * 5 + 2] = Number.NEGATIVE_INFINITY; // column 2: −inf only
    const am = [...a, ...a.map((v) => 2 * v)]; // 2×k
    const ref = naive(am, b, 2, k, 5);
    const got = dot(arr(am, [2, k]), arr(b, [k, 5]), 'float64');
    expectClose(got, ref, k, 'float64');
    expect(Number.isNaN(got.toFloat64()[1]!)).toBe(true);
    expect(got.toFloat64()[2]).toBe(Number.NEGATIVE_INFINITY);
  });

  for (const dtype of ['float64', 'float32'] as const) {
    it(`${dtype}: random matrices sprinkled with NaN, ±inf and 0 match the naive loop's pattern`, () => {
      const next = rng(dtype === 'float64' ? 1234 : 4321);
      const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0];
      for (const [m, n, k] of [
        [9, 11, 6],
        [23, 19, KC + 9],
        [1, 30, 40],
        [30, 1, 40],
      ] as const) {
        const sprinkle = (vs: number[]) => vs.map((v) => (next() < 0.03 ? specials[Math.floor(next() * 4)]! : v));
        const av = asStored(sprinkle(randomValues(next, m * k)), dtype);
        const bv = asStored(sprinkle(randomValues(next, k * n)), dtype);
        const ref = naive(av, bv, m, k, n);
        const got = dot(arr(av, [m, k], dtype), arr(bv, [k, n], dtype), dtype);
        expect(ref.sum.some(Number.isNaN)).toBe(true);
        expectClose(got, ref, k, dtype);
      }
    });
  }
});

describe('BatchedDot', () => {
  it('each batch is the naive product; 0·inf is NaN', () => {
    const [nb, m, k, n] = [3, 7, 300, 6];
    const next = rng(77);
    for (const dtype of ['float64', 'float32'] as const) {
      const av = asStored(randomValues(next, nb * m * k), dtype);
      const bv = asStored(randomValues(next, nb * k * n), dtype);
      av[m * k] = 0; // batch 1, a[0, 0]
      bv[k * n] = Number.POSITIVE_INFINITY; // batch 1, b[0, 0]
      const got = batchedDot(arr(av, [nb, m, k], dtype), arr(bv, [nb, k, n], dtype), dtype);
      expect(got.shape).toEqual([nb, m, n]);
      const g = got.toFloat64();
      for (let t = 0; t < nb; t++) {
        const ref = naive(av.slice(t * m * k, (t + 1) * m * k), bv.slice(t * k * n, (t + 1) * k * n), m, k, n);
        expectClose(arr(Array.from(g.slice(t * m * n, (t + 1) * m * n)), [m, n], dtype), ref, k, dtype);
      }
      expect(Number.isNaN(g[m * n]!)).toBe(true);
    }
  });

  it('T.batched_dot on the reference backend matches per-batch naive products', () => {
    const x = T.tensor3('x');
    const y = T.tensor3('y');
    const f = theano.function([x, y], T.batchedDot(x, y), { backend: 'ref' });
    const [nb, m, k, n] = [2, 5, 4, 3];
    const next = rng(3);
    const av = randomValues(next, nb * m * k, true);
    const bv = randomValues(next, nb * k * n, true);
    const got = f.callSync(arr(av, [nb, m, k]), arr(bv, [nb, k, n])) as NDArray;
    const want = [0, 1].flatMap((t) =>
      Array.from(naive(av.slice(t * m * k, (t + 1) * m * k), bv.slice(t * k * n, (t + 1) * k * n), m, k, n).sum),
    );
    expect(Array.from(got.toFloat64())).toEqual(want);
  });

  it('misaligned shapes are an error naming both shapes', () => {
    expect(() =>
      batchedDot(arr(new Array(6).fill(1), [1, 2, 3]), arr(new Array(4).fill(1), [1, 2, 2]), 'float64'),
    ).toThrow(/BatchedDot: shapes \(1, 2, 3\) and \(1, 2, 2\) do not align/);
  });
});

describe('integer results keep their own path', () => {
  it('int32 dot wraps modulo 2^32 as numpy (not a double sum)', () => {
    const r = dot(arr([65536, 65536], [1, 2], 'int32'), arr([65536, 1], [2, 1], 'int32'), 'int32');
    expect(r.dtype).toBe('int32');
    expect(Array.from(r.data as Int32Array)).toEqual([65536]); // 2^32 wraps to 0, plus 65536
  });

  it('int64 dot is exact beyond 2^53', () => {
    const a = fromFloat64([1, 1], [1, 2], 'int64');
    (a.data as BigInt64Array)[0] = 2n ** 60n + 1n;
    const b = fromFloat64([1, 1], [2, 1], 'int64');
    const r = dot(a, b, 'int64');
    expect((r.data as BigInt64Array)[0]).toBe(2n ** 60n + 2n);
  });

  it('misaligned shapes keep core’s error', () => {
    expect(() => dot(arr([1, 2, 3, 4, 5, 6], [2, 3]), arr([1, 2], [2]), 'float64')).toThrow(
      /dot: shapes \(2, 3\) and \(2,\) not aligned: 3 \(dim 1\) != 2 \(dim 0\)/,
    );
  });
});
