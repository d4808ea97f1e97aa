/**
 * Sorting and counting on values: sort / argsort along an axis (numpy's order: NaN last; ties keep their
 * index order, a stable sort), top-k, unique, bincount, searchsorted, one-hot rows, filling a diagonal,
 * and the two gathers the gradients use (take along an axis and its transpose, scatter-add along an axis).
 * Elements are moved as raw storage, so int64 values beyond 2^53 keep every bit.
 */
import type { DType } from '../dtype.js';
import { NDArray, shapeSize, shapeToString, typedArrayFor } from '../ndarray.js';
import { castTo, type RawStorage, readValues, storeValues } from './values.js';

type Key = number | bigint;

/** The storage of `x` as comparable keys (bool and ints as numbers, int64 as bigints). */
function keysOf(x: NDArray): ArrayLike<Key> {
  return x.data as ArrayLike<Key>;
}

/** numpy's sort order: a < b, with NaN after every number. */
function before(a: Key, b: Key): boolean {
  // NaN is the only value not equal to itself
  // biome-ignore lint/suspicious/noSelfCompare: NaN test that also works for bigint keys
  if (b !== b) return a === a;
  return a < b;
}

/** -1 / 0 / 1 in numpy's sort order (NaNs equal to each other, after every number). */
function compareKeys(a: Key, b: Key): number {
  if (before(a, b)) return -1;
  if (before(b, a)) return 1;
  return 0;
}

/** The lanes along `axis`: for each, the flat offset of its first element; `stride` between its elements. */
function lanes(shape: readonly number[], axis: number): { starts: number[]; stride: number; n: number } {
  const n = shape[axis]!;
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  let outer = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d]!;
  const starts: number[] = [];
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) starts.push(o * n * inner + i);
  return { starts, stride: inner, n };
}

/** The stable ascending order (NaN last) of one lane, or descending (NaN first) when `largest`. */
function laneOrder(keys: ArrayLike<Key>, start: number, stride: number, n: number, largest: boolean): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  const k = (i: number) => keys[start + i * stride]!;
  // Array.prototype.sort is stable: equal keys keep their index order
  idx.sort(largest ? (a, b) => compareKeys(k(b), k(a)) : (a, b) => compareKeys(k(a), k(b)));
  return idx;
}

function checkAxis(op: string, x: NDArray, axis: number): void {
  if (!Number.isInteger(axis) || axis < 0 || axis >= x.ndim) {
    throw new Error(`${op}: axis ${axis} is out of bounds for an array of ${x.ndim} dimensions`);
  }
}

/** The permutation of every lane of `x` along `axis` (flat source offsets, laid out as `x`). */
function permutations(x: NDArray, axis: number, largest: boolean): { perm: Int32Array; order: Int32Array } {
  const { starts, stride, n } = lanes(x.shape, axis);
  const keys = keysOf(x);
  const perm = new Int32Array(x.size);
  const order = new Int32Array(x.size);
  for (const s of starts) {
    const o = laneOrder(keys, s, stride, n, largest);
    for (let i = 0; i < n; i++) {
      perm[s + i * stride] = s + o[i]! * stride;
      order[s + i * stride] = o[i]!;
    }
  }
  return { perm, order };
}

/** Gathers raw storage: `out.flat[i] = x.flat[src[i]]`, with `shape`. */
function gatherRaw(x: NDArray, src: ArrayLike<number>, shape: readonly number[]): NDArray {
  const out = typedArrayFor(x.dtype, src.length) as unknown as RawStorage;
  const d = x.data as unknown as RawStorage;
  for (let i = 0; i < src.length; i++) (out as { [i: number]: number | bigint })[i] = d[src[i]!]!;
  return new NDArray(out as never, [...shape], x.dtype);
}

/** int64 array from numbers. */
function int64Array(values: ArrayLike<number>, shape: readonly number[]): NDArray {
  const a = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) a[i] = BigInt(values[i]!);
  return new NDArray(a, [...shape], 'int64');
}

/** `np.sort(x, axis)`: NaN last; equal values keep their order. */
export function sort(x: NDArray, axis: number): NDArray {
  checkAxis('SortOp', x, axis);
  return gatherRaw(x, permutations(x, axis, false).perm, x.shape);
}

/** `np.argsort(x, axis, kind='stable')` as int64. */
export function argsort(x: NDArray, axis: number): NDArray {
  checkAxis('ArgSortOp', x, axis);
  return int64Array(permutations(x, axis, false).order, x.shape);
}

/**
 * The `|kth|` largest (kth > 0, in descending order, NaN counted largest) or smallest (kth < 0, ascending)
 * elements along `axis`, and their indices as `idxDtype`; ties keep index order.
 */
export function topk(x: NDArray, kth: number, axis: number, idxDtype: DType): [NDArray, NDArray] {
  checkAxis('TopKOp', x, axis);
  const n = x.shape[axis]!;
  const k = Math.abs(kth);
  if (!Number.isInteger(kth) || kth === 0) throw new Error(`TopKOp: kth must be a nonzero integer, got ${kth}`);
  if (k > n) {
    throw new Error(
      `TopKOp: |kth| = ${k} is larger than the size ${n} of axis ${axis} (shape ${shapeToString(x.shape)})`,
    );
  }
  const { starts, stride } = lanes(x.shape, axis);
  const outShape = x.shape.map((s, d) => (d === axis ? k : s));
  const keys = keysOf(x);
  const src = new Int32Array(shapeSize(outShape));
  const idx = new Float64Array(src.length);
  const outLanes = lanes(outShape, axis);
  starts.forEach((s, l) => {
    const o = laneOrder(keys, s, stride, n, kth > 0);
    const os = outLanes.starts[l]!;
    for (let i = 0; i < k; i++) {
      src[os + i * outLanes.stride] = s + o[i]! * stride;
      idx[os + i * outLanes.stride] = o[i]!;
    }
  });
  return [gatherRaw(x, src, outShape), storeValues(idx, 1, outShape, idxDtype)];
}

/**
 * `np.unique` of the flattened `x` (axis null) or of its slices along `axis` (compared lexicographically):
 * the sorted distinct values (NaNs collapse into one, as numpy ≥ 1.21), and as asked the index of each
 * one's first occurrence, the inverse (flat, or along the axis) and the counts.
 */
export function unique(
  x: NDArray,
  flags: { returnIndex: boolean; returnInverse: boolean; returnCounts: boolean; axis?: number | null },
): NDArray[] {
  const keys = keysOf(x);
  const axis = flags.axis ?? null;
  if (axis !== null) checkAxis('Unique', x, axis);
  // element i: x.flat[i] (axis null) or the slice i along the axis, read lane by lane
  const ln = axis === null ? null : lanes(x.shape, axis);
  const count = ln ? ln.n : x.size;
  const compare = ln
    ? (a: number, b: number): number => {
        for (const s of ln.starts) {
          const c = compareKeys(keys[s + a * ln.stride]!, keys[s + b * ln.stride]!);
          if (c !== 0) return c;
        }
        return 0;
      }
    : (a: number, b: number): number => compareKeys(keys[a]!, keys[b]!);
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort(compare);
  const firsts: number[] = [];
  const counts: number[] = [];
  const inverse = new Float64Array(count);
  for (let r = 0; r < count; r++) {
    const i = order[r]!;
    if (r === 0 || compare(order[r - 1]!, i) !== 0) {
      firsts.push(i);
      counts.push(0);
    }
    counts[counts.length - 1]!++;
    inverse[i] = firsts.length - 1;
  }
  let values: NDArray;
  if (ln && axis !== null) {
    const outShape = x.shape.map((n, d) => (d === axis ? firsts.length : n));
    const ol = lanes(outShape, axis);
    const src = new Int32Array(shapeSize(outShape));
    ln.starts.forEach((s, l) => {
      firsts.forEach((f, j) => {
        src[ol.starts[l]! + j * ol.stride] = s + f * ln.stride;
      });
    });
    values = gatherRaw(x, src, outShape);
  } else {
    values = gatherRaw(x, firsts, [firsts.length]);
  }
  const outs = [values];
  if (flags.returnIndex) outs.push(int64Array(firsts, [firsts.length]));
  if (flags.returnInverse) outs.push(int64Array(inverse, [count]));
  if (flags.returnCounts) outs.push(int64Array(counts, [counts.length]));
  return outs;
}

/** The values of an integer array as numbers (exact below 2^53). */
function intValues(x: NDArray): Float64Array {
  return readValues(x, 1);
}

/**
 * `np.bincount(x, weights, minlength)` stored as `outDtype`: the number of occurrences (or the summed
 * weights) of each value 0 … max(x); an Error for a negative value or weights of another length.
 */
export function bincount(x: NDArray, weights: NDArray | null, minlength: number, outDtype: DType): NDArray {
  if (x.ndim !== 1) throw new Error(`BinCountOp: x must be 1-d, got shape ${shapeToString(x.shape)}`);
  const v = intValues(x);
  let top = -1;
  for (const e of v) {
    if (e < 0) throw new Error(`BinCountOp: x must hold non-negative integers, found ${e}`);
    if (e > top) top = e;
  }
  if (weights && !(weights.ndim === 1 && weights.shape[0] === x.shape[0])) {
    throw new Error(
      `BinCountOp: weights of shape ${shapeToString(weights.shape)} do not match x of shape ${shapeToString(x.shape)}`,
    );
  }
  const len = Math.max(top + 1, minlength);
  const out = new Float64Array(len);
  const w = weights ? readValues(weights, 1) : null;
  for (let i = 0; i < v.length; i++) out[v[i]!]! += w ? w[i]! : 1;
  return storeValues(out, 1, [len], outDtype);
}

/**
 * `np.searchsorted(a, v, side, sorter)` as int64 (v's shape): for each value, the first index where it could
 * be inserted into the ascending 1-d `a` keeping it sorted (`right`: the last such index). NaN sorts last.
 */
export function searchsorted(a: NDArray, v: NDArray, side: 'left' | 'right', sorter: NDArray | null): NDArray {
  if (a.ndim !== 1) throw new Error(`SearchsortedOp: a must be 1-d, got shape ${shapeToString(a.shape)}`);
  const n = a.shape[0]!;
  let order: Float64Array | null = null;
  if (sorter) {
    if (sorter.ndim !== 1 || sorter.shape[0] !== n) {
      throw new Error(
        `SearchsortedOp: sorter of shape ${shapeToString(sorter.shape)} does not match a of shape ${shapeToString(a.shape)}`,
      );
    }
    order = intValues(sorter);
    for (const s of order) {
      if (s < 0 || s >= n) throw new Error(`SearchsortedOp: sorter index ${s} is out of bounds for a of size ${n}`);
    }
  }
  // compare in doubles when the dtypes differ (a bigint never meets a number)
  const same = a.dtype === v.dtype;
  const ak = same ? keysOf(a) : a.toFloat64();
  const vk = same ? keysOf(v) : v.toFloat64();
  const at = (i: number) => ak[order ? order[i]! : i]!;
  const out = new Float64Array(v.size);
  for (let j = 0; j < v.size; j++) {
    const q = vk[j]!;
    let lo = 0;
    let hi = n;
    // left: first i with !(a[i] < q); right: first i with q < a[i]
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const goRight = side === 'left' ? before(at(mid), q) : !before(q, at(mid));
      if (goRight) lo = mid + 1;
      else hi = mid;
    }
    out[j] = lo;
  }
  return int64Array(out, v.shape);
}

/** Theano's `to_one_hot`: row i of the (len(y), nbClass) result is 1 at column y[i]; an Error out of range. */
export function toOneHot(y: NDArray, nbClass: number, dtype: DType): NDArray {
  if (y.ndim !== 1) throw new Error(`to_one_hot: y must be 1-d, got shape ${shapeToString(y.shape)}`);
  if (!Number.isInteger(nbClass) || nbClass < 0) {
    throw new Error(`to_one_hot: nb_class must be a non-negative integer, got ${nbClass}`);
  }
  const v = intValues(y);
  const out = new Float64Array(v.length * nbClass);
  v.forEach((c, i) => {
    if (c < 0 || c >= nbClass) {
      throw new Error(`to_one_hot: class ${c} (y[${i}]) is out of range for nb_class=${nbClass}`);
    }
    out[i * nbClass + c] = 1;
  });
  return storeValues(out, 1, [v.length, nbClass], dtype);
}

/** A copy of `a` with `val` on its main diagonal (numpy's fill_diagonal, wrap=False; n-d: all sizes equal). */
export function fillDiagonal(a: NDArray, val: NDArray): NDArray {
  const out = castTo(a, a.dtype);
  const shape = a.shape;
  let count: number;
  let step: number;
  if (shape.length === 2) {
    count = Math.min(shape[0]!, shape[1]!);
    step = shape[1]! + 1;
  } else {
    if (shape.some((s) => s !== shape[0])) {
      throw new Error(`FillDiagonal: all dimensions of a must be equal beyond 2-d, got shape ${shapeToString(shape)}`);
    }
    count = shape[0] ?? 0;
    // 1 + n + n² + …: the flat distance between (i, i, …, i) and (i+1, …, i+1)
    step = 0;
    let p = 1;
    for (let d = 0; d < shape.length; d++) {
      step += p;
      p *= shape[0]!;
    }
  }
  const v = castTo(val, a.dtype).data as unknown as RawStorage;
  const d = out.data as unknown as { [i: number]: number | bigint };
  for (let i = 0; i < count; i++) d[i * step] = v[0]!;
  return out;
}

/** A copy of the matrix `a` with `val` on its diagonal `offset` (above the main one when positive). */
export function fillDiagonalOffset(a: NDArray, val: NDArray, offset: number): NDArray {
  if (a.ndim !== 2) throw new Error(`FillDiagonalOffset: a must be 2-d, got shape ${shapeToString(a.shape)}`);
  const out = castTo(a, a.dtype);
  const [h, w] = a.shape as [number, number];
  const v = castTo(val, a.dtype).data as unknown as RawStorage;
  const d = out.data as unknown as { [i: number]: number | bigint };
  // (i, i + offset) for every row i where the column is inside
  for (let i = Math.max(0, -offset); i < h && i + offset < w; i++) d[i * w + i + offset] = v[0]!;
  return out;
}

function checkIndices(op: string, x: NDArray, idx: NDArray, axis: number, n: number): Float64Array {
  const iv = intValues(idx);
  for (const i of iv) {
    if (i < 0 || i >= n) {
      throw new Error(
        `${op}: index ${i} is out of bounds for axis ${axis} with size ${n} (shape ${shapeToString(x.shape)})`,
      );
    }
  }
  return iv;
}

/** `np.take_along_axis(x, idx, axis)`: idx has x's rank and sizes except along `axis`; no negative indices. */
export function takeAlongAxis(x: NDArray, idx: NDArray, axis: number): NDArray {
  checkAxis('TakeAlongAxis', x, axis);
  const bad = idx.ndim !== x.ndim || idx.shape.some((s, d) => d !== axis && s !== x.shape[d]);
  if (bad) {
    throw new Error(
      `TakeAlongAxis: indices of shape ${shapeToString(idx.shape)} do not match x of shape ${shapeToString(x.shape)} off axis ${axis}`,
    );
  }
  const iv = checkIndices('TakeAlongAxis', x, idx, axis, x.shape[axis]!);
  const xl = lanes(x.shape, axis);
  const il = lanes(idx.shape, axis);
  const src = new Int32Array(idx.size);
  il.starts.forEach((s, l) => {
    for (let i = 0; i < il.n; i++) src[s + i * il.stride] = xl.starts[l]! + iv[s + i * il.stride]! * xl.stride;
  });
  return gatherRaw(x, src, idx.shape);
}

/**
 * The transpose of `takeAlongAxis`: zeros of `shape` (as `dtype`) with `y`'s values added at the positions
 * `idx` names along `axis` (repeated positions add up).
 */
export function scatterAddAlongAxis(
  shape: readonly number[],
  y: NDArray,
  idx: NDArray,
  axis: number,
  dtype: DType,
): NDArray {
  const bad =
    idx.ndim !== shape.length ||
    y.ndim !== shape.length ||
    idx.shape.some((s, d) => s !== y.shape[d] || (d !== axis && s !== shape[d]));
  if (bad) {
    throw new Error(
      `ScatterAddAlongAxis: indices of shape ${shapeToString(idx.shape)} and values of shape ${shapeToString(y.shape)} do not match the result's shape ${shapeToString(shape)} off axis ${axis}`,
    );
  }
  const iv = intValues(idx);
  const n = shape[axis]!;
  for (const i of iv) {
    if (i < 0 || i >= n)
      throw new Error(`ScatterAddAlongAxis: index ${i} is out of bounds for axis ${axis} with size ${n}`);
  }
  const yv = readValues(y, 1);
  const out = new Float64Array(shapeSize(shape));
  const ol = lanes(shape, axis);
  const il = lanes(idx.shape, axis);
  il.starts.forEach((s, l) => {
    for (let i = 0; i < il.n; i++) {
      const k = s + i * il.stride;
      out[ol.starts[l]! + iv[k]! * ol.stride]! += yv[k]!;
    }
  });
  return storeValues(out, 1, shape, dtype);
}
