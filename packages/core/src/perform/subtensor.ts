/**
 * Indexing along the first axis: `x[i]` (Subtensor) and its update forms `x[i] = y` / `x[i] += y`
 * (IncSubtensor with and without set_instead_of_inc), each returning a new array.
 */

import type { DType } from '../dtype.js';
import { NDArray, shapeSize, shapeToString } from '../ndarray.js';
import { expandValues } from './broadcast.js';
import { castTo, readValues, storeValues, widthOf } from './values.js';

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
