/**
 * Sums of float arrays over a block of adjacent axes, computed in the order core's `sum` defines (each
 * output the sum of its elements in row-major order, accumulated in doubles), so the results are the same
 * bits, only faster: the input is read as (outer, reduced, inner) and
 * - inner = 1 (the reduced axes are the last ones: a row-wise sum): four rows are summed at once, one
 *   running sum per row, so the four independent chains of additions overlap;
 * - inner > 1 (e.g. axis 0 of a matrix, the bias gradient): each reduced slice is added to a row of
 *   running sums, reading the input once in storage order.
 * Every other case (integer or complex values, axes that are not adjacent) runs core's `sum`.
 */
import { type DType, NDArray, performReduce } from '@theano-ts/core';

/** Sum of `x` over `axis` (null: all axes) as `outDtype`, as core's `sum`. */
export function sum(x: NDArray, axis: readonly number[] | null, outDtype: DType): NDArray {
  const d = x.data;
  const nd = x.ndim;
  const axes = axis ?? Array.from({ length: nd }, (_, k) => k);
  const adjacent = axes.every((a, k) => Number.isInteger(a) && a >= 0 && a < nd && (k === 0 || a === axes[k - 1]! + 1));
  if (
    !(d instanceof Float64Array || d instanceof Float32Array) ||
    (outDtype !== 'float64' && outDtype !== 'float32') ||
    axes.length === 0 ||
    !adjacent
  ) {
    return performReduce.sum(x, axis, outDtype);
  }
  const first = axes[0]!;
  const last = axes[axes.length - 1]!;
  const size = (from: number, to: number) => x.shape.slice(from, to).reduce((a, b) => a * b, 1);
  const outer = size(0, first);
  const count = size(first, last + 1);
  const inner = size(last + 1, nd);
  const acc = new Float64Array(outer * inner);
  if (inner === 1) rowSums(d, outer, count, acc);
  else sliceSums(d, outer, count, inner, acc);
  const shape = x.shape.filter((_, k) => k < first || k > last);
  return outDtype === 'float64'
    ? new NDArray(acc, shape, 'float64')
    : new NDArray(new Float32Array(acc), shape, 'float32');
}

/** `acc[o] = Σ_r v[o·count + r]`, each in order of r, four rows at a time. */
function rowSums(v: Float64Array | Float32Array, rows: number, count: number, acc: Float64Array): void {
  let o = 0;
  for (; o + 4 <= rows; o += 4) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    const b0 = o * count;
    const b1 = b0 + count;
    const b2 = b1 + count;
    const b3 = b2 + count;
    for (let r = 0; r < count; r++) {
      s0 += v[b0 + r]!;
      s1 += v[b1 + r]!;
      s2 += v[b2 + r]!;
      s3 += v[b3 + r]!;
    }
    acc[o] = s0;
    acc[o + 1] = s1;
    acc[o + 2] = s2;
    acc[o + 3] = s3;
  }
  for (; o < rows; o++) {
    let s = 0;
    const b = o * count;
    for (let r = 0; r < count; r++) s += v[b + r]!;
    acc[o] = s;
  }
}

/** `acc[o·inner + i] = Σ_r v[(o·count + r)·inner + i]`, each in order of r. */
function sliceSums(
  v: Float64Array | Float32Array,
  outer: number,
  count: number,
  inner: number,
  acc: Float64Array,
): void {
  for (let o = 0; o < outer; o++) {
    const a = o * inner;
    for (let r = 0; r < count; r++) {
      const b = (o * count + r) * inner;
      for (let i = 0; i < inner; i++) acc[a + i] = acc[a + i]! + v[b + i]!;
    }
  }
}
