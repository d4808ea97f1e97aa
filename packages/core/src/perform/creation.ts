/**
 * Creation ops on values: `Alloc` (a value broadcast to a shape), `ARange`, `Eye`, `Tri`, and the diagonal
 * ops `ExtractDiag` (numpy's `diagonal`) and `AllocDiag` (a diagonal written into zeros). Fresh outputs;
 * data is copied without conversion (int64 stays exact, complex keeps both parts).
 */
import type { DType } from '../dtype.js';
import { NDArray, arange as ndArange, shapeSize, shapeToString, typedArrayFor } from '../ndarray.js';
import { broadcastStrides, stridedCopy } from './broadcast.js';
import { dimshuffle } from './shape.js';
import { allocLike, type RawStorage, widthOf } from './values.js';

/** A size given to a creation op: a non-negative integer, or an error naming the op and the argument. */
function sizeArg(op: string, what: string, v: NDArray): number {
  const n = v.item();
  if (!Number.isInteger(n) || n < 0) throw new Error(`${op}: ${what} must be a non-negative integer, got ${n}`);
  return n;
}

/**
 * Theano's `Alloc`: `value` broadcast to `shape` (numpy's broadcasting rule, the value aligned on the
 * right: each of its dimensions is 1 or equals the target's).
 */
export function alloc(value: NDArray, shape: readonly NDArray[]): NDArray {
  // out[i_0, …, i_{n-1}] = value[broadcast index]
  const dims = shape.map((s, k) => sizeArg('Alloc', `shape[${k}]`, s));
  const lead = dims.length - value.ndim;
  const bad = lead < 0 || value.shape.some((d, j) => d !== 1 && d !== dims[lead + j]);
  if (bad) {
    throw new Error(
      `Alloc: a value of shape ${shapeToString(value.shape)} cannot be broadcast to shape ${shapeToString(dims)}`,
    );
  }
  const w = widthOf(value.dtype);
  const out = allocLike(value.data, shapeSize(dims) * w);
  stridedCopy(value.data, 0, broadcastStrides(value.shape, dims), dims, w, out);
  return new NDArray(out, dims, value.dtype);
}

/** Theano's `ARange`: numpy's `arange(start, stop, step)` in `dtype`; a zero step is an error. */
export function arange(start: NDArray, stop: NDArray, step: NDArray, dtype: DType): NDArray {
  // out[i] = start + i * step, for i < ceil((stop - start) / step)
  const s = step.item();
  if (s === 0) throw new Error('ARange: step must not be zero');
  return ndArange(start.item(), stop.item(), s, dtype);
}

/** A 2-d array of `dtype`, 1 where `hit(i, j)`, else 0. */
function mask(n: number, m: number, dtype: DType, hit: (i: number, j: number) => boolean): NDArray {
  const out = typedArrayFor(dtype, n * m) as unknown as RawStorage & { [i: number]: number | bigint };
  const one = dtype === 'int64' ? 1n : 1;
  const w = widthOf(dtype);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) if (hit(i, j)) out[(i * m + j) * w] = one;
  return new NDArray(out as unknown as NDArray['data'], [n, m], dtype);
}

/** Theano's `Eye`: the n×m matrix with ones on diagonal k (numpy's `eye(n, m, k)`). */
export function eye(n: NDArray, m: NDArray, k: NDArray, dtype: DType): NDArray {
  // out[i, j] = 1 if j - i == k else 0
  const kk = k.item();
  if (!Number.isInteger(kk)) throw new Error(`Eye: k must be an integer, got ${kk}`);
  return mask(sizeArg('Eye', 'n', n), sizeArg('Eye', 'm', m), dtype, (i, j) => j - i === kk);
}

/** Theano's `Tri`: the N×M matrix with ones at and below diagonal k (numpy's `tri(N, M, k)`). */
export function tri(n: NDArray, m: NDArray, k: NDArray, dtype: DType): NDArray {
  // out[i, j] = 1 if j <= i + k else 0
  const kk = k.item();
  if (!Number.isInteger(kk)) throw new Error(`Tri: k must be an integer, got ${kk}`);
  return mask(sizeArg('Tri', 'N', n), sizeArg('Tri', 'M', m), dtype, (i, j) => j <= i + kk);
}

/** The length of diagonal `offset` of an n×m matrix (0 when it lies outside). */
export function diagLength(n: number, m: number, offset: number): number {
  return Math.max(0, offset >= 0 ? Math.min(n, m - offset) : Math.min(n + offset, m));
}

/**
 * numpy's `diagonal(x, offset, axis1, axis2)` (Theano's `ExtractDiag`): axes `axis1` and `axis2` are
 * removed and the diagonal becomes the last axis.
 */
export function extractDiag(x: NDArray, offset: number, axis1: number, axis2: number): NDArray {
  // out[b…, i] = x[…, i + r0 (at axis1), …, i + c0 (at axis2), …], r0 = max(0, -offset), c0 = max(0, offset)
  if (x.ndim < 2) throw new Error(`ExtractDiag: the input must have at least 2 dimensions, got ${x.ndim}`);
  const rest = x.shape.map((_, d) => d).filter((d) => d !== axis1 && d !== axis2);
  const moved = dimshuffle(x, [...rest, axis1, axis2]);
  const n = x.shape[axis1]!;
  const m = x.shape[axis2]!;
  const len = diagLength(n, m, offset);
  const batch = shapeSize(rest.map((d) => x.shape[d]!));
  const w = widthOf(x.dtype);
  const src = moved.data as unknown as RawStorage;
  const out = allocLike(x.data, batch * len * w);
  const dst = out as unknown as { [i: number]: number | bigint };
  const r0 = Math.max(0, -offset);
  const c0 = Math.max(0, offset);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < len; i++) {
      const p = (b * n * m + (i + r0) * m + (i + c0)) * w;
      for (let c = 0; c < w; c++) dst[(b * len + i) * w + c] = src[p + c]!;
    }
  }
  return new NDArray(out, [...rest.map((d) => x.shape[d]!), len], x.dtype);
}

/**
 * `AllocDiag{offset}`: zeros of shape `v.shape[:-1] + (rows, cols)` with diagonal `offset` of the last two
 * axes set to `v` (its last axis must have the diagonal's length).
 */
export function allocDiag(v: NDArray, rows: NDArray, cols: NDArray, offset: number): NDArray {
  // out[b…, i + r0, i + c0] = v[b…, i]
  if (v.ndim < 1) throw new Error('AllocDiag: the diagonal must have at least 1 dimension, got a scalar');
  const n = sizeArg('AllocDiag', 'rows', rows);
  const m = sizeArg('AllocDiag', 'cols', cols);
  const len = diagLength(n, m, offset);
  if (v.shape[v.ndim - 1] !== len) {
    throw new Error(
      `AllocDiag: diagonal ${offset} of a ${n}×${m} matrix has ${len} entries, but the values have shape ${shapeToString(v.shape)}`,
    );
  }
  const batchShape = v.shape.slice(0, -1);
  const batch = shapeSize(batchShape);
  const w = widthOf(v.dtype);
  const out = allocLike(v.data, batch * n * m * w);
  const dst = out as unknown as { [i: number]: number | bigint };
  const src = v.data as unknown as RawStorage;
  const r0 = Math.max(0, -offset);
  const c0 = Math.max(0, offset);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < len; i++) {
      const p = (b * n * m + (i + r0) * m + (i + c0)) * w;
      for (let c = 0; c < w; c++) dst[p + c] = src[(b * len + i) * w + c]!;
    }
  }
  return new NDArray(out, [...batchShape, n, m], v.dtype);
}
