/**
 * Float matrix products for the reference backend: `dot` and `BatchedDot` on float32 and float64 results
 * run a cache-blocked product here; every other case (integer results, complex values) runs core's own
 * definition unchanged.
 *
 * The blocked product (`gemm`) follows the usual layout of fast matrix products: B is copied a block of
 * `KC` rows by `NC` columns at a time into contiguous panels `NR` columns wide, A a block of `MC` rows by
 * `KC` columns into panels `MR` rows tall, and a register-tiled micro-kernel computes each `MR`×`NR` tile
 * of the result from one A panel and one B panel, holding the tile's sums in local variables. The panels
 * are doubles whatever the inputs' dtype: sums accumulate in doubles (float32 results are rounded to
 * float32 once, at the end, so they are the float32 nearest to the double result, not the result of
 * float32 accumulation).
 *
 * Every product a[i, p]·b[p, j] is computed and added (nothing is skipped, so a 0·inf still gives NaN in
 * its output, as in the naive sum). Each output is the sum of its products in order of p within one
 * block of `KC` products, the blocks' sums added in order: for an inner size up to `KC` that is exactly
 * the naive loop's sum; above it the sums differ from the naive loop's by rounding only. Matrix·vector and
 * vector·matrix products sum in the naive loop's order always.
 */
import {
  type Apply,
  BATCHED_DOT,
  type DType,
  type ExecutionStep,
  isComplexDType,
  NDArray,
  performLinalg,
  performShape,
  shapeToString,
} from '@theano-ts/core';
import { useWasm, wasmGemm } from './matmul-wasm.js';

/** Values readable by index as numbers: a float array's own storage, or doubles converted from another. */
export type RealValues = Float64Array | Float32Array;

/** Rows of a micro-tile (the A panels' height). */
export const MR = 2;
/** Columns of a micro-tile (the B panels' width). */
export const NR = 4;
/** Products per output summed in one block (the panels' depth). */
export const KC = 256;
/** Rows of A packed at a time. */
export const MC = 64;
/** Columns of B packed at a time. */
export const NC = 2048;

/**
 * The register-tiled micro-kernel: `c[ci + r·ldc + s] += Σ_p pk[ai + p·MR + r] · pk[bi + p·NR + s]` for
 * r < MR, s < NR, p < kc, each of the MR·NR sums accumulated in order of p in a local variable starting at
 * 0. Both panels live in one packing array `pk`.
 *
 * Measured in Node 20 (V8), 256² float64: a 2×4 tile (8 accumulators and 6 loaded values, all in
 * registers) ran faster than 4×4, 4×8 and 8×8 tiles, whose accumulators V8 keeps on the stack; the
 * packing buffer is a plain array of doubles, whose loads V8 compiles to fewer instructions than a
 * Float64Array's, and both panels share it (one bounds check base per iteration).
 */
function microKernel(kc: number, pk: number[], ai: number, bi: number, c: Float64Array, ci: number, ldc: number): void {
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c03 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c13 = 0;
  let ia = ai | 0;
  let ib = bi | 0;
  const n = kc | 0;
  for (let p = 0; p < n; p++) {
    const b0 = pk[ib]!;
    const b1 = pk[(ib + 1) | 0]!;
    const b2 = pk[(ib + 2) | 0]!;
    const b3 = pk[(ib + 3) | 0]!;
    const a0 = pk[ia]!;
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    const a1 = pk[(ia + 1) | 0]!;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    ia = (ia + 2) | 0;
    ib = (ib + 4) | 0;
  }
  c[ci] += c00;
  c[ci + 1] += c01;
  c[ci + 2] += c02;
  c[ci + 3] += c03;
  const o = ci + ldc;
  c[o] += c10;
  c[o + 1] += c11;
  c[o + 2] += c12;
  c[o + 3] += c13;
}

/** A plain array of `n` doubles (V8 stores it unboxed, as packed doubles). */
function doubles(n: number): number[] {
  const a: number[] = [];
  for (let i = 0; i < n; i++) a.push(0.5);
  return a;
}

/**
 * The packing array (A's panels first, then B's), grown on demand and reused between calls: the backend
 * is synchronous, so one product runs at a time.
 */
let pack: number[] = [];
const edge = new Float64Array(MR * NR);

/**
 * `c += a·b` for an `m`×`k` matrix a and a `k`×`n` matrix b given by strides: a[i, p] is
 * `a[aOff + i·aRs + p·aCs]`, b[p, j] is `b[bOff + p·bRs + j·bCs]` (a transposed operand is the same
 * storage with its strides swapped), and c[i, j] is `c[cOff + i·ldc + j]`. Sums of products accumulate in
 * doubles; an `n` of 1 (matrix·vector) and an `m` of 1 (vector·matrix) take loops that sum each output in
 * order of p; larger products the blocked kernel.
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  a: RealValues,
  aOff: number,
  aRs: number,
  aCs: number,
  b: RealValues,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  if (m === 0 || n === 0 || k === 0) return;
  if (n === 1) matVec(m, k, a, aOff, aRs, aCs, b, bOff, bRs, c, cOff, ldc);
  else if (m === 1) vecMat(n, k, a, aOff, aCs, b, bOff, bRs, bCs, c, cOff);
  else blocked(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc);
}

/** `c[cOff + i·ldc] += Σ_p a[i, p]·x[p]`, each sum in order of p. */
function matVec(
  m: number,
  k: number,
  a: RealValues,
  aOff: number,
  aRs: number,
  aCs: number,
  x: RealValues,
  xOff: number,
  xs: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  let i = 0;
  // four rows at a time: each x[p] read once for four sums
  for (; i + 4 <= m; i += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let r = aOff + i * aRs;
    let q = xOff;
    for (let p = 0; p < k; p++) {
      const xp = x[q]!;
      s0 += a[r]! * xp;
      s1 += a[r + aRs]! * xp;
      s2 += a[r + 2 * aRs]! * xp;
      s3 += a[r + 3 * aRs]! * xp;
      r += aCs;
      q += xs;
    }
    const o = cOff + i * ldc;
    c[o] += s0;
    c[o + ldc] += s1;
    c[o + 2 * ldc] += s2;
    c[o + 3 * ldc] += s3;
  }
  for (; i < m; i++) {
    let s = 0;
    let r = aOff + i * aRs;
    let q = xOff;
    for (let p = 0; p < k; p++) {
      s += a[r]! * x[q]!;
      r += aCs;
      q += xs;
    }
    c[cOff + i * ldc] += s;
  }
}

/** `c[cOff + j] += Σ_p x[p]·b[p, j]`, each sum in order of p. */
function vecMat(
  n: number,
  k: number,
  x: RealValues,
  xOff: number,
  xs: number,
  b: RealValues,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float64Array,
  cOff: number,
): void {
  if (bCs === 1) {
    // rows of b are contiguous: the sums run along them, four rows per pass over c (added left to right,
    // so each c[j] still gets its products in order of p)
    let p = 0;
    for (; p + 4 <= k; p += 4) {
      const x0 = x[xOff + p * xs]!;
      const x1 = x[xOff + (p + 1) * xs]!;
      const x2 = x[xOff + (p + 2) * xs]!;
      const x3 = x[xOff + (p + 3) * xs]!;
      const r0 = bOff + p * bRs;
      const r1 = r0 + bRs;
      const r2 = r1 + bRs;
      const r3 = r2 + bRs;
      for (let j = 0; j < n; j++) {
        c[cOff + j] = c[cOff + j]! + x0 * b[r0 + j]! + x1 * b[r1 + j]! + x2 * b[r2 + j]! + x3 * b[r3 + j]!;
      }
    }
    for (; p < k; p++) {
      const xp = x[xOff + p * xs]!;
      const r = bOff + p * bRs;
      for (let j = 0; j < n; j++) c[cOff + j] = c[cOff + j]! + xp * b[r + j]!;
    }
    return;
  }
  // columns of b (e.g. a transposed matrix): each output is a sum down one column
  for (let j = 0; j < n; j++) {
    let s = 0;
    let q = bOff + j * bCs;
    let r = xOff;
    for (let p = 0; p < k; p++) {
      s += x[r]! * b[q]!;
      q += bRs;
      r += xs;
    }
    c[cOff + j] += s;
  }
}

/** The blocked product (see the module's description). */
function blocked(
  m: number,
  n: number,
  k: number,
  a: RealValues,
  aOff: number,
  aRs: number,
  aCs: number,
  b: RealValues,
  bOff: number,
  bRs: number,
  bCs: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  const kcMax = Math.min(KC, k);
  const needA = kcMax * Math.ceil(Math.min(MC, m) / MR) * MR;
  const needB = kcMax * Math.ceil(Math.min(NC, n) / NR) * NR;
  if (pack.length < needA + needB) pack = doubles(needA + needB);
  const pk = pack;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packPanels(pk, needA, b, bOff + pc * bRs + jc * bCs, bCs, bRs, nc, kc, NR);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packPanels(pk, 0, a, aOff + ic * aRs + pc * aCs, aRs, aCs, mc, kc, MR);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = Math.min(NR, nc - jr);
          const bi = needA + jr * kc;
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = Math.min(MR, mc - ir);
            const ai = ir * kc;
            const ci = cOff + (ic + ir) * ldc + jc + jr;
            if (mr === MR && nr === NR) {
              microKernel(kc, pk, ai, bi, c, ci, ldc);
            } else {
              // a tile cut by the matrix's edge: the kernel's full tile (the panels are zero-padded), of
              // which only the part inside the matrix is added to c
              edge.fill(0);
              microKernel(kc, pk, ai, bi, edge, 0, NR);
              for (let r = 0; r < mr; r++) {
                for (let s = 0; s < nr; s++) c[ci + r * ldc + s] += edge[r * NR + s]!;
              }
            }
          }
        }
      }
    }
  }
}

/**
 * `packPanels` for adjacent lines (line stride 1) in panels 4 wide: lines l0 … l0 + 15 of each group go to
 * four panels, value d of line l0 + 4t + r at `dst[at + (l0 + 4t)·depth + 4d + r]`. Returns the number of
 * lines packed (a multiple of 16; the caller packs the rest).
 */
function packSixteen4(
  dst: number[],
  at: number,
  src: RealValues,
  off: number,
  ds: number,
  count: number,
  depth: number,
): number {
  const panel = 4 * depth;
  let l0 = 0;
  for (; l0 + 16 <= count; l0 += 16) {
    let s = off + l0;
    let q = at + l0 * depth;
    for (let d = 0; d < depth; d++) {
      const q1 = q + panel;
      const q2 = q1 + panel;
      const q3 = q2 + panel;
      dst[q] = src[s]!;
      dst[q + 1] = src[s + 1]!;
      dst[q + 2] = src[s + 2]!;
      dst[q + 3] = src[s + 3]!;
      dst[q1] = src[s + 4]!;
      dst[q1 + 1] = src[s + 5]!;
      dst[q1 + 2] = src[s + 6]!;
      dst[q1 + 3] = src[s + 7]!;
      dst[q2] = src[s + 8]!;
      dst[q2 + 1] = src[s + 9]!;
      dst[q2 + 2] = src[s + 10]!;
      dst[q2 + 3] = src[s + 11]!;
      dst[q3] = src[s + 12]!;
      dst[q3 + 1] = src[s + 13]!;
      dst[q3 + 2] = src[s + 14]!;
      dst[q3 + 3] = src[s + 15]!;
      q += 4;
      s += ds;
    }
  }
  return l0;
}

/** `packSixteen4` for panels 2 wide: sixteen adjacent lines into eight panels. */
function packSixteen2(
  dst: number[],
  at: number,
  src: RealValues,
  off: number,
  ds: number,
  count: number,
  depth: number,
): number {
  const panel = 2 * depth;
  let l0 = 0;
  for (; l0 + 16 <= count; l0 += 16) {
    let s = off + l0;
    let q = at + l0 * depth;
    for (let d = 0; d < depth; d++) {
      for (let t = 0; t < 8; t++) {
        const o = q + t * panel;
        dst[o] = src[s + 2 * t]!;
        dst[o + 1] = src[s + 2 * t + 1]!;
      }
      q += 2;
      s += ds;
    }
  }
  return l0;
}

/**
 * Copies `count` lines (rows of A or columns of B) of `depth` values each into panels `width` lines wide,
 * from `dst[at]` on: panel t holds lines t·width … t·width + width − 1 interleaved, value d of each line
 * at `dst[at + t·width·depth + d·width + line]`; the lines past `count` in the last panel are zeros. Line
 * l's value d is `src[off + l·lineStride + d·depthStride]`.
 */
function packPanels(
  dst: number[],
  at: number,
  src: RealValues,
  off: number,
  lineStride: number,
  depthStride: number,
  count: number,
  depth: number,
  width: number,
): void {
  let l0 = 0;
  if (lineStride === 1) {
    // adjacent lines (the columns of a row-major B, the rows of a transposed A): sixteen lines at a time,
    // each depth's sixteen values read in storage order (measured several times faster than one panel at
    // a time, whose reads jump by a whole row for every few values)
    if (width === 4) l0 = packSixteen4(dst, at, src, off, depthStride, count, depth);
    else if (width === 2) l0 = packSixteen2(dst, at, src, off, depthStride, count, depth);
  } else if (depthStride === 1) {
    // each line's values adjacent (the rows of a row-major A): each line of a full panel copied by its own
    // loop into every width-th slot (measured about twice as fast as interleaving the lines value by value)
    for (; l0 + width <= count; l0 += width) {
      const q = at + l0 * depth;
      for (let l = 0; l < width; l++) {
        const s = off + (l0 + l) * lineStride;
        for (let d = 0; d < depth; d++) dst[q + d * width + l] = src[s + d]!;
      }
    }
  }
  let q = at + l0 * depth;
  for (; l0 < count; l0 += width) {
    const w = Math.min(width, count - l0);
    for (let d = 0; d < depth; d++) {
      let s = off + l0 * lineStride + d * depthStride;
      let l = 0;
      for (; l < w; l++) {
        dst[q++] = src[s]!;
        s += lineStride;
      }
      for (; l < width; l++) dst[q++] = 0;
    }
  }
}

/**
 * Zeroed doubles for an `n`-element result of dtype `dtype`: a new array for float64 (it becomes the
 * result), else the reused scratch array (float32 results are rounded from it into their own storage).
 */
function accumulator(n: number, dtype: 'float32' | 'float64'): Float64Array {
  if (dtype === 'float64') return new Float64Array(n);
  if (scratch.length < n) scratch = new Float64Array(n);
  const c = scratch.subarray(0, n);
  c.fill(0);
  return c;
}
let scratch = new Float64Array(0);

/** A real float dtype's result storage from doubles: float64 as is, float32 each rounded once. */
function finish(c: Float64Array, shape: number[], dtype: 'float32' | 'float64'): NDArray {
  return dtype === 'float64' ? new NDArray(c, shape, 'float64') : new NDArray(new Float32Array(c), shape, 'float32');
}

/** `x`'s values as numbers: its own storage when float, else converted to doubles (never written to). */
function realValues(x: NDArray): RealValues {
  const d = x.data;
  return d instanceof Float64Array || d instanceof Float32Array ? d : x.toFloat64();
}

const isFloatResult = (d: DType): d is 'float32' | 'float64' => d === 'float32' || d === 'float64';

/**
 * numpy's dot of 1-D and 2-D operands (vector·vector → 0-d, matrix·vector → vector, vector·matrix →
 * vector, matrix·matrix → matrix), as core's `dot`: float32 and float64 results of real operands through
 * the blocked product, everything else (integer results, complex values, misaligned shapes and their
 * errors) through core's definition.
 *
 * `transX` / `transY` say that an operand is given untransposed: the product is then `x.T·y`, `x·y.T` or
 * `x.T·y.T` of the given matrices, read through swapped strides (gemm's transA / transB), never copied.
 * The reference backend passes them for a `dot` reading a `DimShuffle{1,0}` that it does not run.
 */
export function dot(x: NDArray, y: NDArray, outDtype: DType, transX = false, transY = false): NDArray {
  if (
    (transX && x.ndim !== 2) ||
    (transY && y.ndim !== 2) ||
    !isFloatResult(outDtype) ||
    isComplexDType(x.dtype) ||
    isComplexDType(y.dtype) ||
    x.ndim < 1 ||
    x.ndim > 2 ||
    y.ndim < 1 ||
    y.ndim > 2 ||
    x.shape[transX ? 0 : x.ndim - 1] !== y.shape[transY ? 1 : 0]
  ) {
    // core's definition (and its errors) on the operands as the graph sees them
    const tx = transX && x.ndim === 2 ? performShape.dimshuffle(x, [1, 0]) : x;
    const ty = transY && y.ndim === 2 ? performShape.dimshuffle(y, [1, 0]) : y;
    return performLinalg.dot(tx, ty, outDtype);
  }
  const k = transY ? y.shape[1]! : y.shape[0]!;
  const m = x.ndim === 2 ? x.shape[transX ? 1 : 0]! : 1;
  const n = y.ndim === 2 ? y.shape[transY ? 0 : 1]! : 1;
  const shape: number[] = [];
  if (x.ndim === 2) shape.push(m);
  if (y.ndim === 2) shape.push(n);
  // x is m×k: C-contiguous strides (k, 1), or (1, m) when given as its k×m transpose; y is k×n likewise
  const [xRs, xCs] = transX ? [1, m] : [k, 1];
  const [yRs, yCs] = transY ? [1, k] : [n, 1];
  if (useWasm(m, n, k)) {
    const w = outDtype === 'float64' ? new Float64Array(m * n) : new Float32Array(m * n);
    if (wasmGemm(outDtype, m, n, k, realValues(x), 0, xRs, xCs, realValues(y), 0, yRs, yCs, w, 0, n)) {
      return new NDArray(w, shape, outDtype);
    }
  }
  const c = accumulator(m * n, outDtype);
  gemm(m, n, k, realValues(x), 0, xRs, xCs, realValues(y), 0, yRs, yCs, c, 0, n);
  return finish(c, shape, outDtype);
}

/**
 * `BatchedDot` of 3-D operands, z[t] = x[t]·y[t], for a float32 or float64 result: one blocked product
 * per batch. Throws when the shapes do not align.
 */
export function batchedDot(x: NDArray, y: NDArray, outDtype: 'float32' | 'float64'): NDArray {
  if (x.ndim !== 3 || y.ndim !== 3 || x.shape[0] !== y.shape[0] || x.shape[2] !== y.shape[1]) {
    throw new Error(
      `BatchedDot: shapes ${shapeToString(x.shape)} and ${shapeToString(y.shape)} do not align ` +
        '(expected (B, M, K) and (B, K, N))',
    );
  }
  const [nb, m, k] = x.shape as [number, number, number];
  const n = y.shape[2]!;
  const a = realValues(x);
  const b = realValues(y);
  if (useWasm(m, n, k)) {
    const w = outDtype === 'float64' ? new Float64Array(nb * m * n) : new Float32Array(nb * m * n);
    let done = true;
    for (let t = 0; t < nb && done; t++) {
      done = wasmGemm(outDtype, m, n, k, a, t * m * k, k, 1, b, t * k * n, n, 1, w, t * m * n, n);
    }
    if (done) return new NDArray(w, [nb, m, n], outDtype);
  }
  const c = accumulator(nb * m * n, outDtype);
  for (let t = 0; t < nb; t++) gemm(m, n, k, a, t * m * k, k, 1, b, t * k * n, n, 1, c, t * m * n, n);
  return finish(c, [nb, m, n], outDtype);
}

type Kernel = (inputs: readonly NDArray[], node: Apply, step?: ExecutionStep) => NDArray[];

/**
 * The reference backend's kernels of the matrix products: `dot`, and `batched_dot` with a float32 or
 * float64 result of real operands (other results run core's definition).
 */
export const MATMUL_KERNELS = {
  // an operand read through a bypassed DimShuffle{1,0} (see plan.ts) is the untransposed matrix
  dot: (ins, node, step) => [
    dot(ins[0]!, ins[1]!, node.outputs[0]!.dtype, step?.bypassed[0] === true, step?.bypassed[1] === true),
  ],
  batched_dot: (ins, node) => {
    const dt = node.outputs[0]!.dtype;
    const [x, y] = ins as [NDArray, NDArray];
    return isFloatResult(dt) && !isComplexDType(x.dtype) && !isComplexDType(y.dtype)
      ? [batchedDot(x, y, dt)]
      : BATCHED_DOT.perform!(ins, {}, node);
  },
} as const satisfies Record<string, Kernel>;
