/**
 * Indexing on values: basic (`x[i]`, `x[1:3, ::-1]`) and advanced (`x[iv]`, `x[iv, :, jv]`) views as the
 * flat element positions they read, gathering (Subtensor) and scattering (`x[v] = y`, `x[v] += y` with
 * numpy.add.at's accumulation) through them, and nonzero; each returns a new array.
 */

import type { DType } from '../dtype.js';
import { NDArray, shapeSize, shapeToString, stridesOf } from '../ndarray.js';
import { broadcastShapes, broadcastStrides, expandValues, stridedCopy } from './broadcast.js';
import { allocLike, castTo, type RawStorage, readValues, storeValues, widthOf } from './values.js';

/** `i` made non-negative (negative counts from the end), or an Error in numpy's words when out of range. */
function normalizeIndex(x: NDArray, i: number, op: string): number {
  // j = i < 0 ? i + n : i, with 0 <= j < n
  if (x.ndim < 1) throw new Error(`${op}: cannot index a 0-d array`);
  if (!Number.isInteger(i)) throw new Error(`${op}: index ${i} is not an integer`);
  const n = x.shape[0];
  const j = i < 0 ? i + n : i;
  if (j < 0 || j >= n) throw new Error(`${op}: index ${i} is out of bounds for axis 0 with size ${n}`);
  return j;
}

/** `x[i]` along axis 0 (negative `i` counts from the end); the result has `x`'s dtype and one dimension less. */
export function subtensor(x: NDArray, i: number): NDArray {
  // out = x[i]
  const j = normalizeIndex(x, i, 'Subtensor');
  const subShape = x.shape.slice(1);
  const len = shapeSize(subShape) * widthOf(x.dtype);
  return new NDArray(x.data.slice(j * len, (j + 1) * len), subShape, x.dtype);
}

/**
 * A copy of `x` (as `outDtype`) whose row `x[i]` is replaced by (`set`) or incremented by (`!set`) `y`.
 * `y` has the rank of `x[i]` and broadcasts along its size-1 dimensions.
 */
export function incSubtensor(x: NDArray, y: NDArray, i: number, set: boolean, outDtype: DType): NDArray {
  // out = x.copy(); out[i] = y (set) or out[i] += y (inc)
  const op = set ? 'SetSubtensor' : 'IncSubtensor';
  const j = normalizeIndex(x, i, op);
  const subShape = x.shape.slice(1);
  const bad = y.ndim !== subShape.length || y.shape.some((n, d) => n !== 1 && n !== subShape[d]);
  if (bad) {
    throw new Error(
      `${op}: y of shape ${shapeToString(y.shape)} does not broadcast to x[${i}] of shape ${shapeToString(subShape)}`,
    );
  }
  const w = widthOf(outDtype);
  const m = shapeSize(subShape);
  if (outDtype === 'int64') {
    // exact on BigInts: y cast to int64 and broadcast to the row, then copied or added (wrapping) in place
    const yb = new BigInt64Array(m);
    stridedCopy(castTo(y, 'int64').data as RawStorage, 0, broadcastStrides(y.shape, subShape), subShape, 1, yb);
    const res = castTo(x, 'int64');
    const o = res.data as BigInt64Array;
    for (let k = 0; k < m; k++) o[j * m + k] = set ? yb[k]! : o[j * m + k]! + yb[k]!;
    return res;
  }
  const yv = expandValues(readValues(y, w), w, y.shape, subShape);
  const vals = new Float64Array(m * w);
  if (set) {
    vals.set(yv.subarray(0, m * w));
  } else {
    const xv = readValues(x, w);
    const off = j * m * w;
    // complex values add componentwise, so one loop serves both widths
    for (let k = 0; k < m * w; k++) vals[k] = xv[off + k] + yv[k];
  }
  const row = storeValues(vals, w, subShape, outDtype);
  const out = castTo(x, outDtype);
  (out.data as Float64Array).set(row.data as Float64Array, j * m * w);
  return out;
}

/** A slice of one axis with its parts resolved to numbers (null: Python's default). */
export interface SliceValue {
  /** The start (null: Python's default). */
  readonly start: number | null;
  /** The stop (null: Python's default). */
  readonly stop: number | null;
  /** The step (null: 1). */
  readonly step: number | null;
}

/** One entry of a basic index resolved to numbers: an integer (drops the axis) or a slice. */
export type BasicIndexValue = number | SliceValue;

/** The positions Python's `range(*slice(start, stop, step).indices(n))` visits. */
export function sliceIndices(n: number, s: SliceValue, op: string, axis: number): number[] {
  // Python's slice.indices: clamp start/stop to the axis, then step through
  const step = s.step ?? 1;
  if (!Number.isInteger(step)) throw new Error(`${op}: slice step ${step} on axis ${axis} is not an integer`);
  if (step === 0) throw new Error(`${op}: slice step cannot be zero (axis ${axis})`);
  const norm = (v: number | null, dflt: number, lo: number, hi: number): number => {
    if (v === null) return dflt;
    if (!Number.isInteger(v)) throw new Error(`${op}: slice bound ${v} on axis ${axis} is not an integer`);
    const w = v < 0 ? v + n : v;
    return Math.min(Math.max(w, lo), hi);
  };
  const out: number[] = [];
  if (step > 0) {
    const a = norm(s.start, 0, 0, n);
    const b = norm(s.stop, n, 0, n);
    for (let i = a; i < b; i += step) out.push(i);
  } else {
    const a = norm(s.start, n - 1, -1, n - 1);
    const b = norm(s.stop, -1, -1, n - 1);
    for (let i = a; i > b; i += step) out.push(i);
  }
  return out;
}

/** `i` on an axis of size `n` made non-negative, or an Error naming the index, the axis and its size. */
function checkedIndex(i: number, n: number, axis: number, op: string): number {
  if (!Number.isInteger(i)) throw new Error(`${op}: index ${i} on axis ${axis} is not an integer`);
  const j = i < 0 ? i + n : i;
  if (j < 0 || j >= n) throw new Error(`${op}: index ${i} is out of bounds for axis ${axis} with size ${n}`);
  return j;
}

/** Every sum `base + f0[i0] + f1[i1] + ...`, in row-major order of the factors. */
function cartesian(base: number, factors: readonly (readonly number[])[]): number[] {
  let out = [base];
  for (const f of factors) {
    const next = new Array<number>(out.length * f.length);
    let k = 0;
    for (const a of out) for (const b of f) next[k++] = a + b;
    out = next;
  }
  return out;
}

/** A view of an array: the flat element positions it reads, in its row-major order, and its shape. */
export interface ViewPositions {
  /** The flat positions of the elements read, in the view's row-major order. */
  readonly positions: readonly number[];
  /** The view's shape. */
  readonly shape: readonly number[];
}

/** The elements `x[idx]` reads for a basic index (integers and slices; missing trailing axes are `:`). */
export function basicPositions(shape: readonly number[], idx: readonly BasicIndexValue[], op: string): ViewPositions {
  if (idx.length > shape.length) {
    throw new Error(`${op}: too many indices (${idx.length}) for an array of shape ${shapeToString(shape)}`);
  }
  const strides = stridesOf(shape);
  let base = 0;
  const factors: number[][] = [];
  for (let d = 0; d < shape.length; d++) {
    const e = idx[d] ?? { start: null, stop: null, step: null };
    const n = shape[d]!;
    if (typeof e === 'number') {
      base += checkedIndex(e, n, d, op) * strides[d]!;
    } else {
      factors.push(sliceIndices(n, e, op, d).map((i) => i * strides[d]!));
    }
  }
  return { positions: cartesian(base, factors), shape: factors.map((f) => f.length) };
}

/**
 * The elements `x[idx]` reads for numpy's advanced indexing: `idx[d]` is `'a'` (the next of `arrays`, an
 * integer index array) or `':'` (the whole axis); missing trailing axes are `:`. The index arrays broadcast
 * together; their dimensions replace the indexed axes where those are adjacent, else they come first.
 */
export function advancedPositions(
  shape: readonly number[],
  idx: readonly ('a' | ':')[],
  arrays: readonly NDArray[],
  op: string,
): ViewPositions {
  if (idx.length > shape.length) {
    throw new Error(`${op}: too many indices (${idx.length}) for an array of shape ${shapeToString(shape)}`);
  }
  const strides = stridesOf(shape);
  const advDims: number[] = [];
  idx.forEach((e, d) => {
    if (e === 'a') advDims.push(d);
  });
  const bshape = broadcastShapes(
    arrays.map((a) => a.shape),
    op,
  );
  const nb = shapeSize(bshape);
  const adv = new Array<number>(nb).fill(0);
  arrays.forEach((a, k) => {
    const d = advDims[k]!;
    const vals = expandValues(
      a.toFloat64(),
      1,
      [...new Array<number>(bshape.length - a.ndim).fill(1), ...a.shape],
      bshape,
    );
    for (let b = 0; b < nb; b++) adv[b]! += checkedIndex(vals[b]!, shape[d]!, d, op) * strides[d]!;
  });
  const range = (d: number): number[] => Array.from({ length: shape[d]! }, (_, i) => i * strides[d]!);
  const first = advDims[0] ?? 0;
  const last = advDims[advDims.length - 1] ?? -1;
  const adjacent = advDims.length === last - first + 1;
  const factors: number[][] = [];
  const outShape: number[] = [];
  const rest = Array.from({ length: shape.length }, (_, d) => d).filter((d) => idx[d] !== 'a');
  if (adjacent) {
    for (const d of rest.filter((d) => d < first)) {
      factors.push(range(d));
      outShape.push(shape[d]!);
    }
    factors.push(adv);
    outShape.push(...bshape);
    for (const d of rest.filter((d) => d > last)) {
      factors.push(range(d));
      outShape.push(shape[d]!);
    }
  } else {
    factors.push(adv);
    outShape.push(...bshape);
    for (const d of rest) {
      factors.push(range(d));
      outShape.push(shape[d]!);
    }
  }
  return { positions: cartesian(0, factors), shape: outShape };
}

/** The elements of `x` at `view`'s positions, as a new array of the view's shape. */
export function gatherView(x: NDArray, view: ViewPositions): NDArray {
  // out.flat[k] = x.flat[positions[k]]
  const w = widthOf(x.dtype);
  const src = x.data as RawStorage;
  const out = allocLike(x.data, view.positions.length * w);
  const dst = out as RawStorage as { [i: number]: number | bigint };
  view.positions.forEach((p, k) => {
    for (let c = 0; c < w; c++) dst[k * w + c] = src[p * w + c]!;
  });
  return new NDArray(out, [...view.shape], x.dtype);
}

/**
 * A copy of `x` (as `outDtype`) whose elements at `view`'s positions are set to (`set`) or incremented by
 * `y`, broadcast to the view's shape; repeated positions accumulate (numpy's `add.at`) or the last one wins.
 */
export function scatterView(
  x: NDArray,
  y: NDArray,
  view: ViewPositions,
  set: boolean,
  outDtype: DType,
  op: string,
): NDArray {
  // out = x.copy(); out[view] = y (set) or numpy.add.at(out, view, y) (inc)
  const vs = view.shape;
  const yShape = y.ndim <= vs.length ? [...new Array<number>(vs.length - y.ndim).fill(1), ...y.shape] : null;
  if (!yShape || yShape.some((n, d) => n !== 1 && n !== vs[d])) {
    throw new Error(
      `${op}: y of shape ${shapeToString(y.shape)} does not broadcast to the indexed view of shape ${shapeToString(vs)}`,
    );
  }
  const w = widthOf(outDtype);
  if (set || outDtype === 'int64') {
    // exact on the storage: y cast to the output dtype, broadcast, then copied (or added in BigInt) in place
    const yc = castTo(y, outDtype);
    const yb = allocLike(yc.data, view.positions.length * w);
    stridedCopy(yc.data as RawStorage, 0, broadcastStrides(yShape, vs), vs, w, yb as RawStorage);
    const res = castTo(x, outDtype);
    const o = res.data as { [i: number]: number | bigint };
    const src = yb as RawStorage;
    view.positions.forEach((p, k) => {
      for (let c = 0; c < w; c++) {
        o[p * w + c] = set ? src[k * w + c]! : (o[p * w + c] as bigint) + (src[k * w + c] as bigint);
      }
    });
    return res;
  }
  const yv = expandValues(readValues(y, w), w, yShape, vs);
  const out = readValues(x, w).slice();
  view.positions.forEach((p, k) => {
    for (let c = 0; c < w; c++) out[p * w + c] = out[p * w + c]! + yv[k * w + c]!;
  });
  return storeValues(out, w, x.shape, outDtype);
}

/** numpy's `nonzero` as one int64 matrix: row `d` holds the axis-`d` coordinates of the non-zero elements. */
export function nonzero(x: NDArray): NDArray {
  // out[d, k] = coordinate d of the k-th non-zero element (row-major order)
  if (x.ndim < 1) throw new Error('Nonzero: the input must have at least one dimension, got a 0-d array');
  const w = widthOf(x.dtype);
  const v = readValues(x, w);
  const hits: number[] = [];
  for (let i = 0; i < x.size; i++) if (v[i * w] !== 0 || (w === 2 && v[i * w + 1] !== 0)) hits.push(i);
  const strides = stridesOf(x.shape);
  const out = new BigInt64Array(x.ndim * hits.length);
  hits.forEach((flat, k) => {
    let r = flat;
    for (let d = 0; d < x.ndim; d++) {
      out[d * hits.length + k] = BigInt(Math.floor(r / strides[d]!));
      r %= strides[d]!;
    }
  });
  return new NDArray(out, [x.ndim, hits.length], 'int64');
}
