/**
 * Reductions over some axes (Theano's `Sum`, `Max`, `Min` / CAReduce): the reduced axes are dropped from
 * the output (the graph restores them with a dimshuffle when keepdims is asked for). Integer reductions
 * that doubles could not hold exactly (an int64 input or result) run on BigInts, with numpy's int64 wrapping.
 */
import { type DType, isComplexDType, isDiscreteDType } from '../dtype.js';
import { NDArray, shapeSize, shapeToString } from '../ndarray.js';
import { readValues, storeValues, widthOf } from './values.js';

/** The largest integer below which every double is exact (2^53). */
const EXACT = 2 ** 53;

/** The values of an integer or bool array as BigInts (an int64 array's own storage: never write to it). */
function bigValues(x: NDArray): BigInt64Array {
  if (x.data instanceof BigInt64Array) return x.data;
  return BigInt64Array.from(x.data as ArrayLike<number>, (e) => BigInt(e));
}

/** An int64 result as `outDtype` (numpy's astype from int64). */
function bigResult(acc: BigInt64Array, shape: readonly number[], outDtype: DType): NDArray {
  const r = new NDArray(acc, [...shape], 'int64');
  return outDtype === 'int64' ? r : r.astype(outDtype);
}

/** True when every value is an integer a double holds exactly (|v| ≤ 2^53; NaN and ±inf fail). */
function allExact(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (!(Math.abs(v[i]!) <= EXACT)) return false;
  return true;
}

/**
 * Whether an integer reduction into `outDtype` must run on BigInts: an int64 input always; a narrower
 * integer input (|values| < 2^31) only when its result is int64 and `count` of them could sum past 2^53.
 */
function sumNeedsBigInt(x: NDArray, outDtype: DType, count: number): boolean {
  if (!isDiscreteDType(x.dtype) || !isDiscreteDType(outDtype)) return false;
  return x.dtype === 'int64' || count * 2 ** 31 > EXACT;
}

/** The output shape and, for each input dimension, the output stride (0 for a reduced axis). */
function plan(
  x: NDArray,
  axis: readonly number[] | null,
  op: string,
): { outShape: number[]; strides: number[]; count: number } {
  const nd = x.ndim;
  const reduced = new Array<boolean>(nd).fill(axis === null);
  if (axis !== null) {
    let prev = -1;
    for (const a of axis) {
      if (!Number.isInteger(a) || a < 0 || a >= nd) {
        throw new Error(
          `${op}: axis ${a} is out of bounds for an array of dimension ${nd} (shape ${shapeToString(x.shape)})`,
        );
      }
      if (a <= prev) throw new Error(`${op}: axes must be sorted and distinct, got [${axis.join(', ')}]`);
      prev = a;
      reduced[a] = true;
    }
  }
  const outShape: number[] = [];
  let count = 1;
  for (let d = 0; d < nd; d++) {
    if (reduced[d]) count *= x.shape[d];
    else outShape.push(x.shape[d]);
  }
  const strides = new Array<number>(nd).fill(0);
  let acc = 1;
  for (let d = nd - 1; d >= 0; d--) {
    if (!reduced[d]) {
      strides[d] = acc;
      acc *= x.shape[d];
    }
  }
  return { outShape, strides, count };
}

/**
 * Writes into `target`, for each element of an array of `shape` (row-major order), the flat index of
 * the output element it reduces into, given the output strides of each input dimension.
 */
function targets(shape: readonly number[], strides: readonly number[], target: Int32Array | Float64Array): void {
  // target[flat(i)] = Σ_d i_d · strides[d]
  const n = target.length;
  const nd = shape.length;
  if (n === 0) return;
  if (nd === 0) {
    target[0] = 0;
    return;
  }
  const idx = new Array<number>(nd).fill(0);
  let off = 0;
  for (let i = 0; i < n; i++) {
    target[i] = off;
    for (let d = nd - 1; d >= 0; d--) {
      off += strides[d];
      idx[d]++;
      if (idx[d] < shape[d]) break;
      off -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

/** The output index of every input element (Int32 where the output is small enough, which is always in practice). */
function targetIndex(x: NDArray, strides: readonly number[]): Int32Array | Float64Array {
  const n = x.size;
  const t = n < 2 ** 31 ? new Int32Array(n) : new Float64Array(n);
  targets(x.shape, strides, t);
  return t;
}

/**
 * Sum of `x` over `axis` (null: all axes), accumulated in doubles (complex: re and im separately) and
 * stored as `outDtype`. An empty reduction gives 0.
 */
export function sum(x: NDArray, axis: readonly number[] | null, outDtype: DType): NDArray {
  // out[j] = Σ_{i reducing into j} x[i]
  const { outShape, strides, count } = plan(x, axis, 'Sum');
  if (sumNeedsBigInt(x, outDtype, count)) {
    // exact: integers added on BigInts, wrapped to int64 by each store
    const v = bigValues(x);
    const acc = new BigInt64Array(shapeSize(outShape));
    const t = targetIndex(x, strides);
    for (let i = 0; i < x.size; i++) acc[t[i]] += v[i];
    return bigResult(acc, outShape, outDtype);
  }
  const w = widthOf(x.dtype);
  const v = readValues(x, w);
  const m = shapeSize(outShape);
  const acc = new Float64Array(m * w);
  const n = x.size;
  if (m === 1) {
    // full reduction: one running sum
    if (w === 1) {
      let s = 0;
      for (let i = 0; i < n; i++) s += v[i];
      acc[0] = s;
    } else {
      let re = 0;
      let im = 0;
      for (let i = 0; i < n; i++) {
        re += v[2 * i];
        im += v[2 * i + 1];
      }
      acc[0] = re;
      acc[1] = im;
    }
  } else {
    const t = targetIndex(x, strides);
    if (w === 1) {
      for (let i = 0; i < n; i++) acc[t[i]] += v[i];
    } else {
      for (let i = 0; i < n; i++) {
        const o = 2 * t[i];
        acc[o] += v[2 * i];
        acc[o + 1] += v[2 * i + 1];
      }
    }
  }
  return storeValues(acc, w, outShape, outDtype);
}

/** Shared body of max and min: NaN propagates (numpy's np.max / np.min). */
function extremum(x: NDArray, axis: readonly number[] | null, outDtype: DType, isMax: boolean): NDArray {
  // out[j] = max (or min) over {x[i] reducing into j}; NaN if any of them is NaN
  const op = isMax ? 'Max' : 'Min';
  if (isComplexDType(x.dtype)) throw new Error(`${op}: ${x.dtype} is not supported by the reference backend`);
  const { outShape, strides, count } = plan(x, axis, op);
  if (count === 0) {
    throw new Error(
      `${op}: zero-size array to reduction operation ${isMax ? 'maximum' : 'minimum'} which has no identity`,
    );
  }
  const m = shapeSize(outShape);
  const n = x.size;
  const t = targetIndex(x, strides);
  if (x.dtype === 'int64') {
    // exact: int64 values compared as BigInts (the first element of each slice starts it)
    const v = x.data as BigInt64Array;
    const acc = new BigInt64Array(m);
    const seen = new Uint8Array(m);
    for (let i = 0; i < n; i++) {
      const a = v[i]!;
      const j = t[i]!;
      if (!seen[j] || (isMax ? a > acc[j]! : a < acc[j]!)) {
        acc[j] = a;
        seen[j] = 1;
      }
    }
    return bigResult(acc, outShape, outDtype);
  }
  const v = readValues(x, 1);
  const acc = new Float64Array(m).fill(isMax ? -Infinity : Infinity);
  if (isMax) {
    for (let i = 0; i < n; i++) {
      const a = v[i];
      const j = t[i];
      if (a > acc[j] || Number.isNaN(a)) acc[j] = a; // once NaN, no comparison replaces it
    }
  } else {
    for (let i = 0; i < n; i++) {
      const a = v[i];
      const j = t[i];
      if (a < acc[j] || Number.isNaN(a)) acc[j] = a;
    }
  }
  return storeValues(acc, 1, outShape, outDtype);
}

/**
 * Maximum of `x` over `axis` (null: all axes), NaN-propagating; throws on an empty reduction
 * (`Max: zero-size array to reduction operation maximum which has no identity`).
 */
export function max(x: NDArray, axis: readonly number[] | null, outDtype: DType): NDArray {
  // out[j] = max_{i reducing into j} x[i]
  return extremum(x, axis, outDtype, true);
}

/**
 * Minimum of `x` over `axis` (null: all axes), NaN-propagating; throws on an empty reduction
 * (`Min: zero-size array to reduction operation minimum which has no identity`).
 */
export function min(x: NDArray, axis: readonly number[] | null, outDtype: DType): NDArray {
  // out[j] = min_{i reducing into j} x[i]
  return extremum(x, axis, outDtype, false);
}

/** The output index of every element and, with `localStrides`, its row-major index within its reduced slice. */
function slicePlan(x: NDArray, axis: readonly number[] | null, op: string) {
  const p = plan(x, axis, op);
  const nd = x.ndim;
  const local = new Array<number>(nd).fill(0);
  let acc = 1;
  for (let d = nd - 1; d >= 0; d--) {
    if (axis === null || axis.includes(d)) {
      local[d] = acc;
      acc *= x.shape[d];
    }
  }
  return { ...p, local };
}

/** Product of `x` over `axis` (null: all axes), in doubles, stored as `outDtype`; an empty product is 1. */
export function prod(x: NDArray, axis: readonly number[] | null, outDtype: DType): NDArray {
  // out[j] = Π_{i reducing into j} x[i]
  if (isComplexDType(x.dtype)) throw new Error(`Prod: ${x.dtype} is not supported by the reference backend`);
  const { outShape, strides } = plan(x, axis, 'Prod');
  const t = targetIndex(x, strides);
  const exactInt = isDiscreteDType(x.dtype) && isDiscreteDType(outDtype);
  if (!exactInt || x.dtype !== 'int64') {
    const v = readValues(x, 1);
    const acc = new Float64Array(shapeSize(outShape)).fill(1);
    for (let i = 0; i < x.size; i++) acc[t[i]] *= v[i];
    // integer products in doubles are exact while |result| ≤ 2^53: the partial products only grow in
    // magnitude, unless a factor is 0, which makes the exact result 0 (an overflow to inf then gives NaN)
    if (!exactInt || allExact(acc)) return storeValues(acc, 1, outShape, outDtype);
  }
  // exact: integers multiplied on BigInts, wrapped to int64 at each step like numpy's int64 product
  const v = bigValues(x);
  const acc = new BigInt64Array(shapeSize(outShape)).fill(1n);
  for (let i = 0; i < x.size; i++) acc[t[i]] = BigInt.asIntN(64, acc[t[i]]! * v[i]!);
  return bigResult(acc, outShape, outDtype);
}

/**
 * The int64 index of the maximum of each slice over `axis` (listed; the slice flattened in row-major
 * order): the first of tied maxima; the first NaN where the slice holds one (numpy's argmax).
 */
export function argmax(x: NDArray, axis: readonly number[]): NDArray {
  // out[j] = min { k : slice_j[k] = max slice_j }, or the first k with slice_j[k] NaN
  if (isComplexDType(x.dtype)) throw new Error(`Argmax: ${x.dtype} has no ordering`);
  const { outShape, strides, count, local } = slicePlan(x, axis, 'Argmax');
  if (count === 0) {
    throw new Error(`Argmax: attempt to get argmax of an empty sequence (shape ${shapeToString(x.shape)})`);
  }
  const m = shapeSize(outShape);
  const idx = new Float64Array(m).fill(-1);
  const t = targetIndex(x, strides);
  const k = targetIndex(x, local);
  if (x.dtype === 'int64') {
    // exact: int64 values compared as BigInts; the first of tied maxima wins
    const v = x.data as BigInt64Array;
    const best = new BigInt64Array(m);
    for (let i = 0; i < x.size; i++) {
      const j = t[i]!;
      if (idx[j]! < 0 || v[i]! > best[j]!) {
        best[j] = v[i]!;
        idx[j] = k[i]!;
      }
    }
    return storeValues(idx, 1, outShape, 'int64');
  }
  const v = readValues(x, 1);
  const best = new Float64Array(m).fill(-Infinity);
  for (let i = 0; i < x.size; i++) {
    const j = t[i];
    const a = v[i];
    if (Number.isNaN(best[j])) continue;
    if (idx[j] < 0 || a > best[j] || Number.isNaN(a)) {
      best[j] = a;
      idx[j] = k[i];
    }
  }
  return storeValues(idx, 1, outShape, 'int64');
}

/** numpy's all (`isAll`) or any over `axis` (null: all axes): bool; empty slices give True / False. */
export function logical(x: NDArray, axis: readonly number[] | null, isAll: boolean): NDArray {
  // all: out[j] = ∧ (x[i] ≠ 0); any: out[j] = ∨ (x[i] ≠ 0)
  const { outShape, strides } = plan(x, axis, isAll ? 'All' : 'Any');
  const w = widthOf(x.dtype);
  const v = readValues(x, w);
  const acc = new Float64Array(shapeSize(outShape)).fill(isAll ? 1 : 0);
  const t = targetIndex(x, strides);
  for (let i = 0; i < x.size; i++) {
    const nz = w === 1 ? v[i] !== 0 : v[2 * i] !== 0 || v[2 * i + 1] !== 0;
    if (isAll && !nz) acc[t[i]] = 0;
    else if (!isAll && nz) acc[t[i]] = 1;
  }
  return storeValues(acc, 1, outShape, 'bool');
}

function checkAxis(x: NDArray, axis: number, op: string): void {
  if (!Number.isInteger(axis) || axis < 0 || axis >= x.ndim) {
    throw new Error(
      `${op}: axis ${axis} is out of bounds for an array of dimension ${x.ndim} (shape ${shapeToString(x.shape)})`,
    );
  }
}

/** Cumulative sum (or product, `isProd`) of `x` along `axis`, in doubles, stored as `outDtype`. */
export function cumulative(x: NDArray, axis: number, isProd: boolean, outDtype: DType): NDArray {
  // out[..., k, ...] = Σ_{i ≤ k} x[..., i, ...] (Π for the product)
  checkAxis(x, axis, 'CumOp');
  if (isComplexDType(x.dtype)) throw new Error(`CumOp: ${x.dtype} is not supported by the reference backend`);
  let inner = 1;
  for (let d = axis + 1; d < x.ndim; d++) inner *= x.shape[d];
  const n = x.shape[axis];
  const exactInt = isDiscreteDType(x.dtype) && isDiscreteDType(outDtype);
  if (!exactInt || x.dtype !== 'int64') {
    const out = Float64Array.from(readValues(x, 1));
    for (let i = 0; i < out.length; i++) {
      if (Math.floor(i / inner) % n === 0) continue;
      out[i] = isProd ? out[i - inner] * out[i] : out[i - inner] + out[i];
    }
    // a running sum of fewer than 2^22 narrow integers (|v| ≤ 2^31) stays within 2^53; otherwise every
    // partial result is an output: if all are exact integers (|v| ≤ 2^53), each step was exact
    const shortSum = !isProd && n * 2 ** 31 <= EXACT;
    if (!exactInt || shortSum || allExact(out)) return storeValues(out, 1, x.shape, outDtype);
  }
  // exact: running sums or products on BigInts, wrapped to int64 at each step
  const out = BigInt64Array.from(bigValues(x));
  for (let i = 0; i < out.length; i++) {
    if (Math.floor(i / inner) % n === 0) continue;
    out[i] = isProd ? BigInt.asIntN(64, out[i - inner]! * out[i]!) : out[i - inner]! + out[i]!;
  }
  return bigResult(out, x.shape, outDtype);
}

/**
 * One difference step along `axis`: x[1:] - x[:-1] (length n - 1, at least 0), or its adjoint (length
 * m + 1): y_0 = -g_0, y_i = g_{i-1} - g_i, y_m = g_{m-1}.
 */
export function diffStep(x: NDArray, axis: number, adjoint: boolean): NDArray {
  // forward: y_i = x_{i+1} - x_i; adjoint: y_i = g_{i-1} - g_i with g_{-1} = g_m = 0
  checkAxis(x, axis, 'DiffOp');
  if (x.dtype === 'int64') {
    // exactly, on BigInts (the store wraps to int64)
    const v = x.data as BigInt64Array;
    const at = (q: number): bigint => (q >= 0 ? v[q]! : 0n);
    const { size, shape } = diffGeometry(x.shape, axis, adjoint);
    const out = new BigInt64Array(size);
    diffWalk(x.shape, axis, adjoint, (dst, plus, minus) => {
      out[dst] = at(plus) - at(minus);
    });
    return new NDArray(out, shape, 'int64');
  }
  const v = readValues(x, 1);
  const at = (q: number): number => (q >= 0 ? v[q] : 0);
  const { size, shape } = diffGeometry(x.shape, axis, adjoint);
  const out = new Float64Array(size);
  diffWalk(x.shape, axis, adjoint, (dst, plus, minus) => {
    out[dst] = at(plus) - at(minus);
  });
  return storeValues(out, 1, shape, x.dtype);
}

/** The output shape and size of one difference step (length n - 1 along `axis`, or n + 1 for the adjoint). */
function diffGeometry(shape: readonly number[], axis: number, adjoint: boolean): { size: number; shape: number[] } {
  const n = shape[axis];
  const out = [...shape];
  out[axis] = adjoint ? n + 1 : Math.max(n - 1, 0);
  return { size: out.reduce((a, b) => a * b, 1), shape: out };
}

/**
 * Calls `emit(dst, plus, minus)` for each output element of a difference step: its flat index and the flat
 * indices of the two input elements it subtracts (`plus - minus`), -1 where that element is past an end.
 */
function diffWalk(
  shape: readonly number[],
  axis: number,
  adjoint: boolean,
  emit: (dst: number, plus: number, minus: number) => void,
): void {
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  let outer = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  const n = shape[axis];
  const m = adjoint ? n + 1 : Math.max(n - 1, 0);
  const src = (o: number, q: number, i: number) => (q >= 0 && q < n ? (o * n + q) * inner + i : -1);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < m; k++) {
      for (let i = 0; i < inner; i++) {
        const dst = (o * m + k) * inner + i;
        if (adjoint) emit(dst, src(o, k - 1, i), src(o, k, i));
        else emit(dst, src(o, k + 1, i), src(o, k, i));
      }
    }
  }
}

/**
 * numpy's median along `axis`: the middle of the sorted slice (the mean of the two middle elements for an
 * even length); NaN where the slice holds NaN; an empty slice is an error.
 */
export function median(x: NDArray, axis: number, outDtype: DType): NDArray {
  // out[j] = sorted(slice_j)[(n-1)/2] for odd n, (sorted[n/2 - 1] + sorted[n/2]) / 2 for even n
  checkAxis(x, axis, 'Median');
  if (isComplexDType(x.dtype)) throw new Error(`Median: ${x.dtype} has no ordering`);
  const n = x.shape[axis];
  if (n === 0) throw new Error(`Median: the median of an empty slice is undefined (shape ${shapeToString(x.shape)})`);
  const v = readValues(x, 1);
  let inner = 1;
  for (let d = axis + 1; d < x.ndim; d++) inner *= x.shape[d];
  const outer = x.size / (n * inner);
  const out = new Float64Array(outer * inner);
  const slice = new Float64Array(n);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let nan = false;
      for (let k = 0; k < n; k++) {
        slice[k] = v[(o * n + k) * inner + i];
        if (Number.isNaN(slice[k])) nan = true;
      }
      if (nan) {
        out[o * inner + i] = Number.NaN;
        continue;
      }
      slice.sort();
      const h = n >> 1;
      out[o * inner + i] = n % 2 === 1 ? slice[h] : (slice[h - 1] + slice[h]) / 2;
    }
  }
  const shape = x.shape.filter((_, d) => d !== axis);
  return storeValues(out, 1, shape, outDtype);
}
