/**
 * Shape ops as views: where the result's elements are the input's in the same row-major order (a
 * DimShuffle that only adds or drops broadcastable dimensions, any Reshape, a basic index that selects a
 * contiguous block), the result shares the input's storage instead of copying it, as numpy's views do.
 * Every other case (a DimShuffle that permutes axes, a strided or reversed slice) and every error runs
 * core's definition, which copies. A transpose read only by matrix products is not run at all (plan.ts).
 *
 * Sharing is safe on this backend: no kernel writes into an input except where plan.ts proves that no
 * value sharing that storage is read afterwards, and a compiled function copies any result that shares
 * storage with an argument, a shared value or another result (core's compile/alias.ts).
 */
import {
  type DimShuffleParams,
  isComplexDType,
  NDArray,
  performShape,
  performSubtensor,
  resolveIndex,
  type SubtensorParams,
  type TypedArray,
} from '@theano-ts/core';

/** The values per element in storage (2 for complex dtypes). */
const width = (x: NDArray) => (isComplexDType(x.dtype) ? 2 : 1);

/** A view of `x`'s storage (or the part of it from element `start` on) with a new shape of the same size. */
function view(x: NDArray, shape: number[], start = 0, size = x.size): NDArray {
  const w = width(x);
  const data = start === 0 && size === x.size ? x.data : (x.data.subarray(start * w, (start + size) * w) as TypedArray);
  return new NDArray(data, shape, x.dtype);
}

/**
 * DimShuffle: a view when the kept axes stay in order (only broadcastable dimensions added or dropped),
 * else core's copy. Core's definition checks the order and names the errors.
 */
export function dimshuffleView(x: NDArray, { order }: DimShuffleParams): NDArray {
  let prev = -1;
  const kept = new Set<number>();
  for (const o of order) {
    if (o === 'x') continue;
    if (!Number.isInteger(o) || o <= prev || o >= x.ndim) return performShape.dimshuffle(x, order);
    prev = o;
    kept.add(o);
  }
  // a dropped axis must have size 1 (core's error otherwise)
  if (x.shape.some((n, d) => n !== 1 && !kept.has(d))) return performShape.dimshuffle(x, order);
  return view(
    x,
    order.map((o) => (o === 'x' ? 1 : x.shape[o]!)),
  );
}

/** Reshape: always a view (storage is row-major); core checks the new shape and names the errors. */
export function reshapeView(x: NDArray, shape: NDArray, ndim?: number): NDArray {
  performShape.checkReshapeLength(shape, ndim);
  return view(x, performShape.reshapeTarget(x.shape, shape));
}

/**
 * Subtensor (basic indexing) as a view, or null where the selection is not one block of storage (the
 * kernel then runs core's copy, which also names every error). The selection is one block when every axis
 * after the first that keeps more than one element is kept whole, and that axis steps by 1: `x[2]`,
 * `x[1:3]`, `x[0, 2:5]`, `x[1:3, :]`.
 */
export function subtensorView(ins: readonly NDArray[], params: SubtensorParams): NDArray | null {
  const [x, ...scalars] = ins as [NDArray, ...NDArray[]];
  const idx = resolveIndex(params.idx, scalars);
  if (idx.length > x.ndim || x.size === 0) return null;
  let start = 0;
  let stride = x.size;
  let open = false; // an earlier axis keeps more than one element
  const shape: number[] = [];
  for (let d = 0; d < x.ndim; d++) {
    const n = x.shape[d]!;
    stride /= n;
    const e = idx[d] ?? { start: null, stop: null, step: null };
    let first: number;
    let len: number;
    if (typeof e === 'number') {
      if (!Number.isInteger(e) || e < -n || e >= n) return null;
      first = e < 0 ? e + n : e;
      len = 1;
    } else {
      const positions = performSubtensor.sliceIndices(n, e, 'Subtensor', d);
      len = positions.length;
      first = positions[0] ?? 0;
      if (len > 1 && positions[1]! - first !== 1) return null; // a step other than 1
      shape.push(len);
    }
    if (open && len !== n) return null;
    if (len > 1) open = true;
    start += first * stride;
  }
  const size = shape.reduce((a, b) => a * b, 1);
  return size === 0 ? null : view(x, shape, start, size);
}
