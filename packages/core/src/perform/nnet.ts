/**
 * Softmax and log-softmax along one axis, with the maximum subtracted first (no overflow).
 */
import type { DType } from '../dtype.js';
import { fromFloat64, type NDArray } from '../ndarray.js';

/** Calls `f(base, stride)` for every 1-D slice of `shape` along `axis`: elements base + k·stride. */
function slices(shape: readonly number[], axis: number, f: (base: number, stride: number, n: number) => void): void {
  const n = shape[axis] ?? 1;
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  let outer = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d]!;
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) f(o * n * inner + i, inner, n);
}

/** The maximum of one slice (0 when it is all -inf, so the shifted values stay finite). */
function sliceMax(v: Float64Array, base: number, stride: number, n: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++) m = Math.max(m, v[base + k * stride]!);
  return m === Number.NEGATIVE_INFINITY ? 0 : m;
}

/** softmax(x)_k = exp(x_k - max) / Σ exp(x_j - max), along `axis`. */
export function softmax(x: NDArray, axis: number, outDtype: DType): NDArray {
  const v = x.toFloat64();
  const out = new Float64Array(v.length);
  slices(x.shape, axis, (base, stride, n) => {
    const m = sliceMax(v, base, stride, n);
    let s = 0;
    for (let k = 0; k < n; k++) {
      const e = Math.exp(v[base + k * stride]! - m);
      out[base + k * stride] = e;
      s += e;
    }
    for (let k = 0; k < n; k++) out[base + k * stride]! /= s;
  });
  return fromFloat64(out, x.shape, outDtype);
}

/** logsoftmax(x)_k = (x_k - max) - log Σ exp(x_j - max), along `axis`. */
export function logSoftmax(x: NDArray, axis: number, outDtype: DType): NDArray {
  const v = x.toFloat64();
  const out = new Float64Array(v.length);
  slices(x.shape, axis, (base, stride, n) => {
    const m = sliceMax(v, base, stride, n);
    let s = 0;
    for (let k = 0; k < n; k++) s += Math.exp(v[base + k * stride]! - m);
    const ls = Math.log(s);
    for (let k = 0; k < n; k++) out[base + k * stride] = v[base + k * stride]! - m - ls;
  });
  return fromFloat64(out, x.shape, outDtype);
}
