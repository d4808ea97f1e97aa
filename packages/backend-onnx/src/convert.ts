/**
 * NDArray ↔ onnxruntime tensors without copying: an input wraps the NDArray's typed array (int64 as
 * BigInt64Array, bool as Uint8Array 'bool' tensors), and an output NDArray wraps the tensor's data. Each
 * pairing is remembered, so a shared variable's value, which a training step writes back as the NDArray made
 * from the output tensor, goes into the next step as that same tensor.
 *
 * An NDArray this backend makes from an update's output tensor holds its tensor itself, in a hidden
 * property; any other NDArray is paired in a `WeakMap`. Why not the `WeakMap` for all: each training step
 * makes new update values, and a `WeakMap` entry whose key is that young, with the output tensor (and its
 * buffer, megabytes of weights) as its value, is an ephemeron that V8's young-generation collections keep and
 * then promote. Measured on the MLP step (784-256-10, float32, batch 64, 1500 steps): the scavenges went
 * from 31 to 62-66 and their time from 16-29 ms to 180-205 ms once a bare onnxruntime loop paired its
 * outputs in a `WeakMap` as this module did; with the property, the onnx backend's step did as the bare loop.
 */
import { type DType, NDArray, type TypedArray } from '@theano-ts/core';
import ort from 'onnxruntime-node';
import type { RealDType } from './dtypes.js';

/** Arrays made by `fromOrt` for values fed back (updates): the tensor they wrap. */
const ORT_TENSOR: unique symbol = Symbol('onnx tensor');
type Paired = NDArray & { readonly [ORT_TENSOR]?: ort.Tensor };

/** The pairings of the other arrays (inputs the caller made, outputs passed back in). */
const tensors = new WeakMap<NDArray, ort.Tensor>();

type StorageClass = new (buffer: ArrayBufferLike, offset: number, length: number) => TypedArray;
/** The storage class of each real dtype (core's `typedArrayFor`, without allocating an array per call). */
const STORAGE: Readonly<Record<RealDType, StorageClass>> = {
  bool: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  float32: Float32Array,
  float64: Float64Array,
};

/** The onnxruntime tensor for `x` (the same object every time `x` is passed). */
export function toOrt(x: NDArray): ort.Tensor {
  const own = (x as Paired)[ORT_TENSOR];
  if (own !== undefined) return own;
  let t = tensors.get(x);
  if (!t) {
    t = new ort.Tensor(x.dtype as RealDType, x.data as ort.Tensor.DataType, [...x.shape]);
    tensors.set(x, t);
  }
  return t;
}

/**
 * The NDArray of dtype `dtype` holding an output tensor's data (wrapped, not copied, where possible).
 * `remember` pairs the two (for values fed back next call: updates); a plain output is paired only if it is
 * passed in again, by `toOrt`, so a call does not pay a WeakMap entry per output it returns.
 */
export function fromOrt(t: ort.Tensor, dtype: DType, remember = true): NDArray {
  // numbers (onnxruntime-common's `readonly number[]`); the NDArray checks and copies them
  const shape = t.dims;
  let data = t.data as TypedArray;
  const Want = STORAGE[dtype as RealDType];
  if (t.type !== dtype) {
    // never expected: every model output is cast to its graph output's dtype
    return new NDArray(data, shape, t.type as DType).astype(dtype);
  }
  if (data.constructor !== Want) data = new Want(data.buffer, data.byteOffset, data.length); // e.g. a Buffer
  const nd = new NDArray(data, shape, dtype);
  // not enumerable: invisible to equality checks and copies; not writable: the pairing is for good
  if (remember) Object.defineProperty(nd, ORT_TENSOR, { value: t });
  return nd;
}

/** An int64 output (a check's shapes) as JS numbers. */
export function toNumbers(t: ort.Tensor): number[] {
  return Array.from(t.data as ArrayLike<number | bigint>, (v) => Number(v));
}

/** Whether `x` is paired with an onnxruntime tensor already (it came out of a run, or went into one). */
export function hasOrtTensor(x: NDArray): boolean {
  return (x as Paired)[ORT_TENSOR] !== undefined || tensors.has(x);
}
