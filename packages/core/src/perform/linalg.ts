/**
 * Linear algebra: `dot` of vectors and matrices, accumulated in doubles (int8/int16/int32 in wrapping
 * 32-bit integers, as numpy; int64 results on BigInts, exactly, wrapping like numpy's int64 arithmetic).
 */
import { type DType, isDiscreteDType } from '../dtype.js';
import { NDArray, shapeToString } from '../ndarray.js';
import { castTo, readValues, storeValues, widthOf } from './values.js';

const WRAPS_32: ReadonlySet<DType> = new Set<DType>(['int8', 'int16', 'int32']);

/**
 * numpy's dot for 1-D and 2-D operands: vector·vector → 0-d, matrix·vector → vector,
 * vector·matrix → vector, matrix·matrix → matrix. Throws when the inner sizes differ
 * (`dot: shapes (2, 3) and (2,) not aligned: 3 (dim 1) != 2 (dim 0)`). Complex operands are supported.
 */
export function dot(x: NDArray, y: NDArray, outDtype: DType): NDArray {
  // out[i, j] = Σ_k x[i, k] · y[k, j] (vectors take the missing i or j away)
  if (x.ndim < 1 || x.ndim > 2 || y.ndim < 1 || y.ndim > 2) {
    throw new Error(
      `dot: operands of shapes ${shapeToString(x.shape)} and ${shapeToString(y.shape)} are not supported ` +
        'by the reference backend (expected 1-D or 2-D operands)',
    );
  }
  const xk = x.ndim - 1; // x's contracted dimension
  const K = x.shape[xk];
  const Ky = y.shape[0];
  if (K !== Ky) {
    throw new Error(
      `dot: shapes ${shapeToString(x.shape)} and ${shapeToString(y.shape)} not aligned: ${K} (dim ${xk}) != ${Ky} (dim 0)`,
    );
  }
  const M = x.ndim === 2 ? x.shape[0] : 1;
  const N = y.ndim === 2 ? y.shape[1] : 1;
  const outShape: number[] = [];
  if (x.ndim === 2) outShape.push(M);
  if (y.ndim === 2) outShape.push(N);
  if (outDtype === 'int64' && isDiscreteDType(x.dtype) && isDiscreteDType(y.dtype)) {
    // exact: products and sums on BigInts, each store wrapping to int64
    const a = castTo(x, 'int64').data as BigInt64Array;
    const b = castTo(y, 'int64').data as BigInt64Array;
    const out = new BigInt64Array(M * N);
    for (let i = 0; i < M; i++) {
      for (let k = 0; k < K; k++) {
        const aik = a[i * K + k]!;
        for (let j = 0; j < N; j++) out[i * N + j] = BigInt.asIntN(64, out[i * N + j]! + aik * b[k * N + j]!);
      }
    }
    return new NDArray(out, outShape, 'int64');
  }
  const w = widthOf(x.dtype) === 2 || widthOf(y.dtype) === 2 ? 2 : 1;
  const a = readValues(x, w);
  const b = readValues(y, w);
  const out = new Float64Array(M * N * w);
  // integer results of at most 32 bits wrap as numpy's do: exactly, modulo 2^32 (then the dtype's width);
  // a double accumulator would drop the low bits of sums beyond 2^53
  const wraps = WRAPS_32.has(outDtype);
  if (w === 1) {
    // i-k-j order: row i of out accumulates x[i, k] · (row k of y)
    for (let i = 0; i < M; i++) {
      const ro = i * N;
      for (let k = 0; k < K; k++) {
        const aik = a[i * K + k];
        const rb = k * N;
        if (wraps) for (let j = 0; j < N; j++) out[ro + j] = (out[ro + j] + Math.imul(aik, b[rb + j])) | 0;
        else for (let j = 0; j < N; j++) out[ro + j] += aik * b[rb + j];
      }
    }
  } else {
    for (let i = 0; i < M; i++) {
      const ro = i * N;
      for (let k = 0; k < K; k++) {
        const p = 2 * (i * K + k);
        const ar = a[p];
        const ai = a[p + 1];
        const rb = k * N;
        for (let j = 0; j < N; j++) {
          const q = 2 * (rb + j);
          const o = 2 * (ro + j);
          out[o] += ar * b[q] - ai * b[q + 1];
          out[o + 1] += ar * b[q + 1] + ai * b[q];
        }
      }
    }
  }
  return storeValues(out, w, outShape, outDtype);
}
