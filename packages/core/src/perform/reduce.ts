/**
 * Reductions over some axes (Theano's `Sum`, `Max`, `Min` / CAReduce): the reduced axes are dropped from
 * the output (the graph restores them with a dimshuffle when keepdims is asked for).
 */
import { type DType, isComplexDType } from '../dtype.js';
import { type NDArray, shapeSize, shapeToString } from '../ndarray.js';
import { readValues, storeValues, widthOf } from './values.js';

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
  const { outShape, strides } = plan(x, axis, 'Sum');
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
  const v = readValues(x, 1);
  const m = shapeSize(outShape);
  const acc = new Float64Array(m).fill(isMax ? -Infinity : Infinity);
  const n = x.size;
  const t = targetIndex(x, strides);
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
