/**
 * Small helpers shared by the reference kernels: reading an NDArray's values as doubles (with complex
 * numbers as interleaved (re, im) pairs), storing doubles into a fresh NDArray of a given dtype with
 * numpy's astype rules, and copying raw storage without a round trip through doubles.
 */
import type { DType } from '../dtype.js';
import { isComplexDType } from '../dtype.js';
import { fromFloat64, NDArray, shapeSize } from '../ndarray.js';

/** Storage elements per value: 2 for complex dtypes (interleaved re, im), else 1. */
export function widthOf(dtype: DType): 1 | 2 {
  return isComplexDType(dtype) ? 2 : 1;
}

/**
 * The values of `x` as doubles, `width` numbers per element: width 2 gives interleaved (re, im) pairs
 * (a real array gets zero imaginary parts). The result may be `x`'s own storage: never write to it.
 */
export function readValues(x: NDArray, width: 1 | 2): Float64Array {
  // values = x as doubles (complex interleaved)
  const v = x.toFloat64();
  const w = widthOf(x.dtype);
  if (w === width) return v;
  const n = x.size;
  if (width === 2) {
    const out = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) out[2 * i] = v[i] as number;
    return out;
  }
  // complex → real keeps the real part (numpy's astype, which warns and discards the imaginary part)
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = v[2 * i] as number;
  return out;
}

/**
 * A new NDArray of `dtype` and `shape` holding `values` (`width` doubles per element), cast with numpy's
 * astype rules. Takes ownership of `values` (it may become the result's storage): pass a fresh array.
 */
export function storeValues(values: Float64Array, width: 1 | 2, shape: readonly number[], dtype: DType): NDArray {
  // out = values.astype(dtype)
  const ow = widthOf(dtype);
  let v = values;
  if (ow !== width) {
    const n = shapeSize(shape);
    v = new Float64Array(n * ow);
    if (ow === 2) for (let i = 0; i < n; i++) v[2 * i] = values[i] as number;
    else for (let i = 0; i < n; i++) v[i] = values[2 * i] as number;
  }
  if (dtype === 'float64') return new NDArray(v, [...shape], 'float64');
  return fromFloat64(v, [...shape], dtype);
}

/** Raw storage with numeric indexing, for copying elements of one dtype without conversion. */
export type RawStorage = {
  [i: number]: number | bigint;
  /** The number of storage elements. */
  readonly length: number;
};

/** A fresh zeroed storage array of the same kind as `like`, holding `length` storage elements. */
export function allocLike<T extends NDArray['data']>(like: T, length: number): T {
  const Ctor = like.constructor as new (n: number) => T;
  return new Ctor(length);
}

/** A new NDArray with a fresh copy of `x`'s storage and the given shape (same number of elements). */
export function withShape(x: NDArray, shape: readonly number[]): NDArray {
  return new NDArray(x.data.slice(), [...shape], x.dtype);
}

/** Throws unless `n` is an integer (a shape entry, an index, an axis). */
export function checkInteger(n: number, what: string): void {
  if (!Number.isInteger(n)) throw new Error(`${what}: expected an integer, got ${n}`);
}

/** A new array holding `x`'s values cast to `dtype` with astype's rules (a plain copy when the dtype is the same). */
export function castTo(x: NDArray, dtype: DType): NDArray {
  // out = x.astype(dtype), never sharing storage with x
  if (x.dtype === dtype) return withShape(x, x.shape);
  // int64 values convert from their BigInts (exactly rounded, also to float32), never through a double
  if (x.dtype === 'int64') return x.astype(dtype);
  const w = widthOf(dtype);
  const v = readValues(x, w);
  return storeValues(v === (x.data as unknown) ? v.slice() : v, w, x.shape, dtype);
}
