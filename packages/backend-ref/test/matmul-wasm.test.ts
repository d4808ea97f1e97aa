// The WebAssembly SIMD matrix product (kernels/matmul-wasm.ts) against naive loops written here, with the
// mode forced 'on' so that every size runs it: empty, 1×n, n×1 and odd shapes (no multiple of the 4×NR
// tile), inner sizes past one k-block, operands transposed or read through arbitrary strides and offsets,
// float32 and float64, NaN and infinities. The module documents its order of summation, so the references
// follow it and the results must be equal bit for bit:
//  - matrix·matrix: each output's products summed in order of p within blocks of WASM_KC, the blocks' sums
//    added in order, in the result's arithmetic (float32: every product and sum rounded with Math.fround);
//  - matrix·vector through a matrix with adjacent columns: the naive loop's order;
//  - matrix·vector otherwise: lane l of 16/bytes lanes sums the p ≡ l (mod lanes) in order, then the lanes
//    are added in order.
// Then the modes: 'off' and small products in 'auto' run the plain-JS kernel (float32 sums in doubles),
// THEANO_TS_REF_WASM=off starts in 'off', and without WebAssembly every mode falls back.

import { type DType, fromFloat64, type NDArray, seededRandom } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { batchedDot, dot } from '../src/kernels/matmul.js';
import {
  matmulModuleBytes,
  matmulWasmAvailable,
  matmulWasmMode,
  setMatmulWasm,
  WASM_KC,
  WASM_MC,
  WASM_MR,
  WASM_NC,
  wasmGemm,
  wasmNR,
} from '../src/kernels/matmul-wasm.js';
import { sleb, uleb } from '../src/kernels/wasm-emit.js';

const T = theano.tensor;
type Float = 'float32' | 'float64';

/** Values uniform in [-1, 1), rounded to the dtype's precision. */
function randomValues(seed: number, count: number, dtype: Float): number[] {
  const next = seededRandom(seed);
  const r = dtype === 'float32' ? Math.fround : (v: number) => v;
  return Array.from({ length: count }, () => r(2 * next() - 1));
}

/** The arithmetic of a dtype: float64 as is, float32 rounding every result. */
const arith = (dtype: Float) => (dtype === 'float32' ? Math.fround : (v: number) => v);

/**
 * The blocked naive product: out[i, j] = the blocks' sums added in order, each block's products
 * a(i, p)·b(p, j) for p in [q, q + KC) summed in order, every operation in the dtype's arithmetic.
 */
function blockedNaive(
  a: (i: number, p: number) => number,
  b: (p: number, j: number) => number,
  m: number,
  k: number,
  n: number,
  dtype: Float,
): number[] {
  const r = arith(dtype);
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let total = 0;
      for (let q = 0; q < k; q += WASM_KC) {
        let s = 0;
        for (let p = q; p < Math.min(k, q + WASM_KC); p++) s = r(s + r(a(i, p) * b(p, j)));
        total = q === 0 ? s : r(total + s);
      }
      out.push(total);
    }
  }
  return out;
}

/** The lane-split sum of matrix·vector products (see the file's header). */
function laneNaive(a: (i: number, p: number) => number, x: (p: number) => number, m: number, k: number, dtype: Float) {
  const r = arith(dtype);
  const lanes = dtype === 'float64' ? 2 : 4;
  return Array.from({ length: m }, (_, i) => {
    const s = new Array<number>(lanes).fill(0);
    for (let p = 0; p < k; p++) s[p % lanes] = r(s[p % lanes]! + r(a(i, p) * x(p)));
    return s.reduce((u, v) => r(u + v));
  });
}

/** Every element equal, NaN to NaN (and +0 to −0: the kernels' sums start from +0 either way). */
function expectSame(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length);
  const bad: string[] = [];
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (!(g === w || (Number.isNaN(g) && Number.isNaN(w)))) bad.push(`[${i}] ${g} != ${w}`);
  }
  expect(bad.slice(0, 5)).toEqual([]);
}

const storage = (values: number[], dtype: Float) =>
  dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);

/**
 * An operand of `rows`×`cols` laid out in a larger buffer: row stride `rs`, column stride `cs`, starting at
 * `off`; the other slots hold NaN (so reading a wrong slot shows).
 */
function laidOut(values: number[], rows: number, cols: number, layout: 'row' | 'col' | 'strided', dtype: Float) {
  const [off, rs, cs] = layout === 'row' ? [0, cols, 1] : layout === 'col' ? [0, 1, rows] : [3, 2 * cols + 1, 2];
  const size = off + Math.max(0, (rows - 1) * rs + (cols - 1) * cs + 1);
  const buf = new Array<number>(size).fill(Number.NaN);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) buf[off + i * rs + j * cs] = values[i * cols + j]!;
  return { data: storage(buf, dtype), off, rs, cs };
}

let prevMode: ReturnType<typeof matmulWasmMode>;
beforeAll(() => {
  prevMode = matmulWasmMode();
  setMatmulWasm('on');
});
afterAll(() => setMatmulWasm(prevMode));

describe('the generated module', () => {
  it('LEB128 numbers as the specification encodes them', () => {
    // the DWARF/WebAssembly examples: 624485 = 0xE5 0x8E 0x26 unsigned, −123456 = 0xC0 0xBB 0x78 signed
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it('is valid WebAssembly, and Node runs it', () => {
    expect(WebAssembly.validate(matmulModuleBytes())).toBe(true);
    expect(matmulWasmAvailable()).toBe(true);
  });
});

describe('wasmGemm against the blocked naive loop, bit for bit', () => {
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [1, 9, 17], // vector·matrix
    [9, 1, 17], // matrix·vector
    [1, 1, 40], // vector·vector
    [2, 2, 2],
    [WASM_MR, 4, 3],
    [WASM_MR + 1, 9, 5],
    [WASM_MR - 1, 7, 6],
    [5, 7, 3],
    [13, 17, 11],
    [WASM_MC + 3, 33, 20], // more than one block of A's rows
    [6, 10, WASM_KC + 3], // past one k-block
    [21, 19, 2 * WASM_KC + 5],
    [3, WASM_NC + 5, 4], // past one block of B's columns
  ];
  const layouts = ['row', 'col', 'strided'] as const;
  for (const dtype of ['float64', 'float32'] as const) {
    for (const [m, n, k] of shapes) {
      it(`${dtype} (${m}, ${k})·(${k}, ${n}), A and B row-major, transposed or strided`, () => {
        const av = randomValues(m * 7919 + k, m * k, dtype);
        const bv = randomValues(n * 104729 + k, k * n, dtype);
        const A = (i: number, p: number) => av[i * k + p]!;
        const B = (p: number, j: number) => bv[p * n + j]!;
        const want =
          n === 1 && m > 1
            ? laneNaive(A, (p) => B(p, 0), m, k, dtype)
            : m === 1 && n > 1
              ? laneNaive(
                  (j, p) => B(p, j),
                  (p) => A(0, p),
                  n,
                  k,
                  dtype,
                )
              : m === 1 && n === 1
                ? laneNaive(A, (p) => B(p, 0), 1, k, dtype)
                : blockedNaive(A, B, m, k, n, dtype);
        for (const la of layouts) {
          for (const lb of layouts) {
            const a = laidOut(av, m, k, la, dtype);
            const b = laidOut(bv, k, n, lb, dtype);
            // the result inside a larger matrix (ldc = n + 2, from element 1): the rest stays untouched
            const ldc = n + 2;
            const c = dtype === 'float64' ? new Float64Array(m * ldc + 2) : new Float32Array(m * ldc + 2);
            c.fill(-7);
            expect(wasmGemm(dtype, m, n, k, a.data, a.off, a.rs, a.cs, b.data, b.off, b.rs, b.cs, c, 1, ldc)).toBe(
              true,
            );
            const got: number[] = [];
            for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) got.push(c[1 + i * ldc + j]!);
            // the matrix·vector forms: the order depends on which of the matrix's strides is 1
            const colsAdjacent =
              (n === 1 && a.rs === 1 && a.cs !== 1) || (m === 1 && n > 1 && b.cs === 1 && b.rs !== 1);
            // (these shapes' k are below one k-block, where blockedNaive is the naive loop's order)
            expectSame(got, colsAdjacent ? blockedNaive(A, B, m, k, n, dtype) : want);
            const outside = Array.from(c).filter((_, q) => q === 0 || q > m * ldc || (q - 1) % ldc >= n);
            expect(outside.every((v) => v === -7)).toBe(true);
          }
        }
      });
    }
  }

  it('matrix·vector through adjacent columns sums in the naive order at any length', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const [m, k] = [37, 1000];
      const av = randomValues(5, m * k, dtype);
      const xv = randomValues(6, k, dtype);
      const r = arith(dtype);
      const want = Array.from({ length: m }, (_, i) => {
        let s = 0;
        for (let p = 0; p < k; p++) s = r(s + r(av[i * k + p]! * xv[p]!));
        return s;
      });
      const a = laidOut(av, m, k, 'col', dtype);
      const y = dtype === 'float64' ? new Float64Array(m) : new Float32Array(m);
      expect(wasmGemm(dtype, m, 1, k, a.data, a.off, a.rs, a.cs, storage(xv, dtype), 0, 1, 1, y, 0, 1)).toBe(true);
      expectSame(y, want);
    }
  });

  it('empty products: nothing written, or zeros for an inner size of 0', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      const c = storage([5, 5, 5, 5, 5, 5], dtype);
      const none = storage([], dtype);
      expect(wasmGemm(dtype, 0, 3, 4, none, 0, 4, 1, none, 0, 3, 1, c, 0, 3)).toBe(true);
      expect(wasmGemm(dtype, 2, 0, 4, none, 0, 4, 1, none, 0, 0, 1, c, 0, 3)).toBe(true);
      expect(Array.from(c)).toEqual([5, 5, 5, 5, 5, 5]);
      expect(wasmGemm(dtype, 2, 2, 0, none, 0, 0, 1, none, 0, 2, 1, c, 0, 3)).toBe(true);
      expect(Array.from(c)).toEqual([0, 0, 5, 0, 0, 5]);
    }
  });

  it("a product too large for the module's memory is declined (false, nothing written)", () => {
    // 12000×12000 result (about 1.15 GB of doubles, past the 1 GiB the kernel allows itself), its operands
    // one repeated value each (strides 0); the caller then runs the plain-JS kernel
    const c = new Float64Array(4).fill(3);
    const one = new Float64Array([2]);
    expect(wasmGemm('float64', 12000, 12000, 2, one, 0, 0, 0, one, 0, 0, 0, c, 0, 12000)).toBe(false);
    expect(Array.from(c)).toEqual([3, 3, 3, 3]);
  });

  it('NaN and infinities: 0·inf is NaN only where they meet (the zero padding adds none)', () => {
    const inf = Number.POSITIVE_INFINITY;
    for (const dtype of ['float64', 'float32'] as const) {
      // A: 5×3 with one infinite entry (row 1) and one NaN (row 4); B: 3×5 with a zero column 2
      const av = [1, 2, 3, inf, 0, 1, 0, 0, 0, 1, 1, 1, Number.NaN, 1, 1];
      const bv = [1, 1, 0, 1, 1, 0, 2, 0, 1, 1, 1, 1, 0, -inf, 1];
      const A = (i: number, p: number) => av[i * 3 + p]!;
      const B = (p: number, j: number) => bv[p * 5 + j]!;
      const want = blockedNaive(A, B, 5, 3, 5, dtype);
      const c = dtype === 'float64' ? new Float64Array(25) : new Float32Array(25);
      wasmGemm(dtype, 5, 5, 3, storage(av, dtype), 0, 3, 1, storage(bv, dtype), 0, 5, 1, c, 0, 5);
      expectSame(c, want);
      // hand-checked: row 1 = [inf, 0, 1]: column 0 = inf·1 + 0 + 1 = inf, column 2 = inf·0 = NaN
      expect(c[5]).toBe(inf);
      expect(Number.isNaN(c[7]!)).toBe(true);
      // row 3 = [1, 1, 1]: column 3 = 1 + 1 − inf = −inf
      expect(c[18]).toBe(-inf);
    }
  });
});

describe('dot and BatchedDot on the WebAssembly kernel', () => {
  const arr = (values: number[], shape: number[], dtype: DType) => fromFloat64(values, shape, dtype);

  for (const dtype of ['float64', 'float32'] as const) {
    it(`${dtype}: dot of every combination of transposes, and BatchedDot`, () => {
      const [m, k, n] = [11, 29, 14];
      const av = randomValues(1, m * k, dtype);
      const bv = randomValues(2, k * n, dtype);
      const want = blockedNaive(
        (i, p) => av[i * k + p]!,
        (p, j) => bv[p * n + j]!,
        m,
        k,
        n,
        dtype,
      );
      const tr = (v: number[], r: number, c: number) =>
        Array.from({ length: r * c }, (_, q) => v[(q % r) * c + Math.floor(q / r)]!);
      for (const [tx, ty] of [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ] as const) {
        const x = tx ? arr(tr(av, m, k), [k, m], dtype) : arr(av, [m, k], dtype);
        const y = ty ? arr(tr(bv, k, n), [n, k], dtype) : arr(bv, [k, n], dtype);
        const got = dot(x, y, dtype, tx, ty);
        expect(got.dtype).toBe(dtype);
        expect(got.shape).toEqual([m, n]);
        expectSame(got.toFloat64(), want);
      }
      // two batches: the same product and its negation
      const x3 = arr([...av, ...av.map((v) => -v)], [2, m, k], dtype);
      const y3 = arr([...bv, ...bv], [2, k, n], dtype);
      const bd = batchedDot(x3, y3, dtype);
      expect(bd.shape).toEqual([2, m, n]);
      expectSame(bd.toFloat64(), [...want, ...want.map((v) => -v)]);
    });
  }

  it('mixed operand dtypes: int32·float64 and float32·float64 give float64', () => {
    const [m, k, n] = [6, 9, 5];
    const iv = Array.from({ length: m * k }, (_, q) => (q % 7) - 3);
    const fv = randomValues(3, m * k, 'float32');
    const bv = randomValues(4, k * n, 'float64');
    for (const [values, dt] of [
      [iv, 'int32'],
      [fv, 'float32'],
    ] as const) {
      const want = blockedNaive(
        (i, p) => values[i * k + p]!,
        (p, j) => bv[p * n + j]!,
        m,
        k,
        n,
        'float64',
      );
      expectSame(dot(arr(values, [m, k], dt), arr(bv, [k, n], 'float64'), 'float64').toFloat64(), want);
    }
  });

  it('a compiled float32 MLP-like step matches the float32 naive loops', () => {
    const x = T.fmatrix('x');
    const w = T.fmatrix('w');
    const f = theano.function([x, w], [T.dot(x, w), T.dot(x.T, x)], { backend: 'ref' });
    const [b, i, h] = [8, 12, 10];
    const xv = randomValues(8, b * i, 'float32');
    const wv = randomValues(9, i * h, 'float32');
    const [xw, xtx] = f.callSync(arr(xv, [b, i], 'float32'), arr(wv, [i, h], 'float32')) as NDArray[];
    expectSame(
      xw!.toFloat64(),
      blockedNaive(
        (r, p) => xv[r * i + p]!,
        (p, c) => wv[p * h + c]!,
        b,
        i,
        h,
        'float32',
      ),
    );
    expectSame(
      xtx!.toFloat64(),
      blockedNaive(
        (r, p) => xv[p * i + r]!,
        (p, c) => xv[p * i + c]!,
        i,
        b,
        i,
        'float32',
      ),
    );
  });
});

describe('modes and fallback', () => {
  // [1, 2^-24, 2^-24]·[1, 1, 1] in float32: summed in float32, 1 + 2^-24 rounds to 1 (ties to even) twice,
  // giving 1; summed in doubles, 1 + 2^-23 exactly, which float32 holds
  const a = fromFloat64([1, 2 ** -24, 2 ** -24], [1, 3], 'float32');
  const b = fromFloat64([1, 1, 1], [3, 1], 'float32');
  const onJs = 1 + 2 ** -23;

  it("'on' sums in float32; 'off' and a small product in 'auto' run the plain-JS kernel", () => {
    try {
      setMatmulWasm('on');
      expect(dot(a, b, 'float32').toFloat64()[0]).toBe(1);
      setMatmulWasm('off');
      expect(dot(a, b, 'float32').toFloat64()[0]).toBe(onJs);
      setMatmulWasm('auto');
      expect(matmulWasmMode()).toBe('auto');
      expect(dot(a, b, 'float32').toFloat64()[0]).toBe(onJs);
    } finally {
      setMatmulWasm('on');
    }
  });

  it('an unknown mode is an error naming the choices', () => {
    expect(() => setMatmulWasm('yes' as 'on')).toThrow(/setMatmulWasm: expected 'auto', 'on' or 'off', got "yes"/);
  });

  it('THEANO_TS_REF_WASM=off starts in the off mode', async () => {
    vi.resetModules();
    vi.stubEnv('THEANO_TS_REF_WASM', 'off');
    try {
      const fresh = await import('../src/kernels/matmul-wasm.js');
      expect(fresh.matmulWasmMode()).toBe('off');
      expect(fresh.useWasm(100, 100, 100)).toBe(false);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });

  it('without WebAssembly every mode runs the plain-JS kernel, with no error', async () => {
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    try {
      const fresh = await import('../src/kernels/matmul.js');
      const freshWasm = await import('../src/kernels/matmul-wasm.js');
      freshWasm.setMatmulWasm('on');
      expect(freshWasm.matmulWasmAvailable()).toBe(false);
      expect(fresh.dot(a, b, 'float32').toFloat64()[0]).toBe(onJs);
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });

  it('the tile widths: two SIMD vectors of the dtype', () => {
    expect(wasmNR('float64')).toBe(4);
    expect(wasmNR('float32')).toBe(8);
  });
});
