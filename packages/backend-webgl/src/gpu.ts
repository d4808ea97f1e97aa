/**
 * The bridge to TensorFlow.js: calling a kernel by its tfjs name through the engine (`runKernel`, so
 * tfjs's memory accounting sees every tensor), moving values between `NDArray`s and GPU tensors, and how
 * each theano dtype is stored on the GPU (int8/int16/int64 as int32, float64 as float32 when the user
 * allowed the downcast).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import { type DType, NDArray, shapeSize, shapeToString, typedArrayFor } from '@theano-ts/core';

/** A GPU tensor. */
export type Tensor = tf.Tensor;

/** The dtypes tfjs-webgl stores: every theano dtype maps to one of these. */
export type GpuDType = 'float32' | 'int32' | 'bool';

/** A value during a run: a tensor on the GPU, or an array on the host (constants, shapes, indices). */
export type Value = Tensor | NDArray;

/** True for a GPU tensor (as opposed to a host NDArray). */
export function isTensor(v: Value): v is Tensor {
  return !(v instanceof NDArray);
}

/**
 * How a theano dtype is stored on the GPU: bool as bool, every integer as int32 (values must fit in 32
 * bits), float32 as float32, float64 as float32 (only reached when the downcast was allowed); complex has
 * no GPU form.
 */
export function gpuDType(d: DType): GpuDType {
  switch (d) {
    case 'bool':
      return 'bool';
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
      return 'int32';
    case 'float32':
    case 'float64':
      return 'float32';
    case 'complex64':
    case 'complex128':
      throw new TypeError(`webgl: ${d} has no GPU representation (complex dtypes are not supported)`);
    default:
      return d satisfies never;
  }
}

/**
 * Runs the tfjs kernel `name` (`'Add'`, `'BatchMatMul'`, …) on the current (webgl) backend; `inputs` is a
 * map by tfjs input name, or a list for the kernels that take one (`Concat`, `Pack`).
 */
export function kernel(
  name: string,
  inputs: Readonly<Record<string, Tensor>> | readonly Tensor[],
  attrs: Record<string, unknown> = {},
): Tensor {
  return tf.engine().runKernel<Tensor>(name, inputs as tf.NamedTensorMap, attrs as tf.NamedAttrMap);
}

/** `x` as `dtype` (the same tensor when it already is; tfjs casts without copying where it can). */
export function castTo(x: Tensor, dtype: GpuDType): Tensor {
  return x.dtype === dtype ? x : kernel('Cast', { x }, { dtype });
}

/** `x` with a new shape of the same size (no copy on webgl). */
export function reshapeTo(x: Tensor, shape: readonly number[]): Tensor {
  return kernel('Reshape', { x }, { shape: [...shape] });
}

/** A new handle on `x`'s data (tfjs counts references: disposing one handle keeps the other valid). */
export function identity(x: Tensor): Tensor {
  return kernel('Identity', { x });
}

/** A tensor of `shape` filled with `value`. */
export function filled(shape: readonly number[], value: number, dtype: GpuDType): Tensor {
  return kernel('Fill', {}, { shape: [...shape], value, dtype });
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Uploads an NDArray as a tensor of dtype `gpu`: int8/int16/int64 become int32 (a value outside the
 * int32 range is a RangeError naming `label`), float64 becomes float32. The data is copied unless
 * `shareStorage` is set and no conversion is needed: then tfjs reads the caller's array when a kernel
 * first uses the tensor (and never writes it), which must happen before the caller regains control.
 */
export function upload(a: NDArray, gpu: GpuDType, label: string, shareStorage = false): Tensor {
  const shape = [...a.shape];
  const d = a.data;
  if (
    shareStorage &&
    ((gpu === 'float32' && d instanceof Float32Array) || (gpu === 'int32' && d instanceof Int32Array))
  ) {
    return tf.tensor(d, shape, gpu);
  }
  let values: Float32Array | Int32Array | Uint8Array;
  if (gpu === 'float32') {
    values =
      d instanceof BigInt64Array ? Float32Array.from(d, (v) => Number(v)) : Float32Array.from(d as ArrayLike<number>);
  } else if (gpu === 'int32') {
    if (d instanceof BigInt64Array) {
      values = new Int32Array(d.length);
      for (let i = 0; i < d.length; i++) {
        const v = d[i]!;
        if (v < INT32_MIN || v > INT32_MAX) {
          throw new RangeError(
            `webgl: ${label} holds ${v} at element ${i}, outside the int32 range the GPU stores ${a.dtype} in ([${INT32_MIN}, ${INT32_MAX}])`,
          );
        }
        values[i] = Number(v);
      }
    } else if (d instanceof Float32Array || d instanceof Float64Array) {
      values = Int32Array.from(d, (v) => Math.trunc(v));
    } else {
      values = Int32Array.from(d);
    }
  } else {
    values =
      d instanceof Uint8Array
        ? d.slice()
        : Uint8Array.from(d as ArrayLike<number | bigint>, (v) => (Number(v) !== 0 ? 1 : 0));
  }
  return tf.tensor(values, shape, gpu);
}

/**
 * Converts values read from the GPU (float32, int32 or bool storage) into an NDArray of `dtype`: a fresh
 * copy, unless `adopt` is set and the values already have `dtype`'s storage type (float32 in a
 * Float32Array, int32 in an Int32Array); then the NDArray wraps `values` themselves (see `downloadOwned`).
 */
export function toNDArray(values: tf.TypedArray, shape: readonly number[], dtype: DType, adopt = false): NDArray {
  const n = shapeSize(shape);
  if (values.length !== n) {
    throw new Error(
      `webgl: read ${values.length} values for an array of shape ${shapeToString(shape)} (${n} expected)`,
    );
  }
  if (
    adopt &&
    ((dtype === 'float32' && values instanceof Float32Array) || (dtype === 'int32' && values instanceof Int32Array))
  ) {
    return new NDArray(values, [...shape], dtype);
  }
  const out = typedArrayFor(dtype, n);
  if (out instanceof BigInt64Array) {
    for (let i = 0; i < n; i++) out[i] = BigInt(Math.trunc(values[i] as number) || 0);
  } else if (out instanceof Uint8Array) {
    for (let i = 0; i < n; i++) out[i] = values[i] ? 1 : 0;
  } else {
    // Float32Array/Float64Array keep the values; Int8/16/32Array wrap like numpy's astype
    (out as Float32Array).set(values as ArrayLike<number>);
  }
  return new NDArray(out, [...shape], dtype);
}

/** Reads a tensor back synchronously as an NDArray of `dtype`. */
export function download(t: Tensor, dtype: DType): NDArray {
  return toNDArray(t.dataSync(), t.shape, dtype);
}

/**
 * Whether `t` is the only handle on its GPU data (no reshape, identity or kept tensor shares it): tfjs
 * frees the data, and forgets the values it read, when `t` is disposed.
 */
function soleHandle(t: Tensor): boolean {
  const backend = tf.backend() as unknown as { refCount?(dataId: object): number };
  return typeof backend.refCount === 'function' && backend.refCount(t.dataId) === 1;
}

/**
 * Reads back a tensor the caller disposes right after (before anything else can reach it): when `t` is the
 * sole handle on its data, the array tfjs read is handed over as the NDArray's storage instead of being
 * copied (tfjs keeps it only as a cache of the data, dropped with `t`). Otherwise as `download`.
 */
export function downloadOwned(t: Tensor, dtype: DType): NDArray {
  const sole = soleHandle(t);
  return toNDArray(t.dataSync(), t.shape, dtype, sole);
}

/** `downloadOwned`, reading asynchronously (without blocking the page). */
export async function downloadOwnedAsync(t: Tensor, dtype: DType): Promise<NDArray> {
  const sole = soleHandle(t);
  return toNDArray(await t.data(), t.shape, dtype, sole);
}

/** Keeps `t` alive past any enclosing engine scope (`tf.tidy`, our per-node scopes). */
export function keep(t: Tensor): Tensor {
  return tf.keep(t);
}

/** The tfjs engine (scopes, memory counters). */
export function engine(): ReturnType<typeof tf.engine> {
  return tf.engine();
}

let ready = false;

/** The error for a browser that gives no WebGL2 context (WebGL turned off, blocked, or no usable GPU). */
const NO_WEBGL2 =
  'webgl: this browser has no WebGL2 context (WebGL is turned off, blocked for this GPU or driver, or not ' +
  "supported), so the webgl backend cannot run here; run the function on the 'ref' backend " +
  "({ backend: 'ref' }) or use a browser with WebGL2 enabled";

/** Whether a WebGL2 context can be made here (an offscreen canvas where there is one, else a canvas element). */
function hasWebGL2(): boolean {
  try {
    if (typeof OffscreenCanvas !== 'undefined' && new OffscreenCanvas(1, 1).getContext('webgl2')) return true;
    if (typeof document !== 'undefined' && document.createElement('canvas').getContext('webgl2')) return true;
  } catch {
    // a canvas that throws gives no context either
  }
  return false;
}

/**
 * Makes `webgl` the active tfjs backend (synchronously: its factory is synchronous), or throws naming
 * what is missing. Warns once when the GPU cannot render to float32 textures (results then carry
 * float16 precision).
 */
export function ensureWebGL(): void {
  if (ready && tf.getBackend() === 'webgl') return;
  if (!tf.findBackendFactory('webgl')) {
    throw new Error(
      typeof document === 'undefined'
        ? `webgl: the webgl backend needs a WebGL2 context, and ${typeof process !== 'undefined' && process.versions?.node ? 'Node' : 'this environment'} ` +
            'has none (@tensorflow/tfjs-backend-webgl registers only where WebGL exists). Run the code in a browser: bundle it ' +
            "with '@theano-ts/backend-webgl', or load the self-contained '@theano-ts/backend-webgl/browser' in a page. " +
            "theano-ts's own tests and `npm run conformance` start headless Chromium (WebGL2 on SwiftShader) through " +
            "playwright-core for that. In Node, use the 'ref' or 'onnx' backend."
        : NO_WEBGL2,
    );
  }
  if (tf.getBackend() !== 'webgl') {
    void tf.setBackend('webgl');
    if (tf.getBackend() !== 'webgl' || !tf.findBackend('webgl')) {
      throw new Error(
        hasWebGL2()
          ? 'webgl: tfjs could not start its webgl backend although this browser has a WebGL2 context ' +
              "(tfjs's warning in the console says why); run the function on the 'ref' backend meanwhile"
          : NO_WEBGL2,
      );
    }
  }
  if (!tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')) {
    console.warn('webgl: this GPU cannot render to float32 textures; tfjs computes in float16 precision');
  }
  ready = true;
}
