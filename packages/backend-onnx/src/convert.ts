/**
 * NDArray ↔ onnxruntime tensors without copying: an input wraps the NDArray's typed array (int64 as
 * BigInt64Array, bool as Uint8Array 'bool' tensors), and an output NDArray wraps the tensor's data. Each
 * pairing is remembered by NDArray identity, so a shared variable's value, which a training step writes
 * back as the NDArray made from the output tensor, goes into the next step as that same tensor.
 */
import { type DType, NDArray, type TypedArray, typedArrayFor } from '@theano-ts/core';
import ort from 'onnxruntime-node';
import type { RealDType } from './dtypes.js';

const tensors = new WeakMap<NDArray, ort.Tensor>();

/** The onnxruntime tensor for `x` (the same object every time `x` is passed). */
export function toOrt(x: NDArray): ort.Tensor {
  let t = tensors.get(x);
  if (!t) {
    t = new ort.Tensor(x.dtype as RealDType, x.data as ort.Tensor.DataType, [...x.shape]);
    tensors.set(x, t);
  }
  return t;
}

/** The NDArray of dtype `dtype` holding an output tensor's data (wrapped, not copied, where possible). */
export function fromOrt(t: ort.Tensor, dtype: DType): NDArray {
  const shape = t.dims.map((d) => Number(d));
  let data = t.data as TypedArray;
  const Want = typedArrayFor(dtype, 0).constructor as new (
    buffer: ArrayBufferLike,
    offset: number,
    length: number,
  ) => TypedArray;
  if (t.type !== dtype) {
    // never expected: every model output is cast to its graph output's dtype
    return new NDArray(data, shape, t.type as DType).astype(dtype);
  }
  if (data.constructor !== Want) data = new Want(data.buffer, data.byteOffset, data.length); // e.g. a Buffer
  const nd = new NDArray(data, shape, dtype);
  tensors.set(nd, t);
  return nd;
}

/** An int64 output (a check's shapes) as JS numbers. */
export function toNumbers(t: ort.Tensor): number[] {
  return Array.from(t.data as ArrayLike<number | bigint>, (v) => Number(v));
}

/** Whether `x` is paired with an onnxruntime tensor already (it came out of a run, or went into one). */
export function hasOrtTensor(x: NDArray): boolean {
  return tensors.has(x);
}
