/**
 * Creation ops. Sizes are read on the host. `Alloc` of a host scalar is a tfjs `Fill`, of a GPU value a
 * `Reshape` + `Tile`; with every input on the host and a small result it runs core's definition on the
 * host (shape arithmetic stays there). `ARange` is computed on the host (core's definition: numpy's
 * values, int64 exact) and uploaded when a GPU kernel reads it. `ExtractDiag` is a `Transpose` +
 * `Reshape` to (…, n·m) + `GatherV2` of the flat positions; `AllocDiag` a `ScatterNd` of the values into
 * zeros. `Eye` and `Tri` have no kernel: the optimizer expands them into ARange and comparisons.
 */
import { ALLOC_DIAG, ARANGE, EXTRACT_DIAG, NDArray, performCreation, shapeToString } from '@theano-ts/core';
import { filled, gpuDType, isTensor, kernel, reshapeTo, type Tensor, upload } from '../gpu.js';
import type { WebGLKernel } from './types.js';
import { sizeOf } from './util.js';

/** The largest result computed on the host when every input is there. */
const MAX_HOST_SIZE = 1024;

/** A non-negative integer size read on the host from input `k`. */
function sizeAt(a: Parameters<WebGLKernel>[0], k: number, op: string, what: string): number {
  const n = a.host(k).item();
  if (!Number.isInteger(n) || n < 0) throw new Error(`${op}: ${what} must be a non-negative integer, got ${n}`);
  return n;
}

// out = value broadcast to (shape…)
const alloc: WebGLKernel = (a) => {
  const value = a.values[0]!;
  const dims = a.values.slice(1).map((_, k) => sizeAt(a, k + 1, 'Alloc', `shape[${k}]`));
  const lead = dims.length - value.shape.length;
  if (lead < 0 || value.shape.some((d, j) => d !== 1 && d !== dims[lead + j])) {
    throw new Error(
      `Alloc: a value of shape ${shapeToString(value.shape)} cannot be broadcast to shape ${shapeToString(dims)}`,
    );
  }
  const g = gpuDType(a.outDtype);
  if (!isTensor(value)) {
    if (sizeOf(dims) <= MAX_HOST_SIZE)
      return [
        performCreation.alloc(
          value,
          a.values.slice(1).map((_, k) => a.host(k + 1)),
        ),
      ];
    if (value.size === 1) return [filled(dims, value.toFloat64()[0]!, g)];
  }
  if (sizeOf(dims) === 0) return [filled(dims, 0, g)];
  const t = reshapeTo(a.tensor(0, g), [...dims.slice(0, lead).map(() => 1), ...value.shape]);
  const reps = dims.map((n, d) => (t.shape[d] === n ? 1 : n));
  return [reps.some((r) => r !== 1) ? kernel('Tile', { x: t }, { reps }) : kernel('Identity', { x: t })];
};

// out = numpy's arange(start, stop, step), on the host
const arange: WebGLKernel = (a) => {
  const { dtype } = ARANGE.match(a.node)!;
  return [performCreation.arange(a.host(0), a.host(1), a.host(2), dtype)];
};

/** Int32 indices uploaded as a GPU tensor. */
function indexTensor(values: Int32Array, shape: readonly number[]): Tensor {
  return upload(new NDArray(values, [...shape], 'int32'), 'int32', 'indices');
}

// out[b…, i] = x[…, i + r0 (axis1), …, i + c0 (axis2), …]
const extractDiag: WebGLKernel = (a) => {
  const { offset, axis1, axis2 } = EXTRACT_DIAG.match(a.node)!;
  const x = a.values[0]!;
  if (!isTensor(x)) return [performCreation.extractDiag(x, offset, axis1, axis2)];
  const t = a.tensor(0, gpuDType(a.outDtype));
  const nd = t.shape.length;
  const rest = t.shape.map((_, d) => d).filter((d) => d !== axis1 && d !== axis2);
  const perm = [...rest, axis1, axis2];
  const moved = perm.every((p, i) => p === i) ? t : kernel('Transpose', { x: t }, { perm });
  const n = t.shape[axis1]!;
  const m = t.shape[axis2]!;
  const batch = rest.map((d) => t.shape[d]!);
  const len = performCreation.diagLength(n, m, offset);
  if (len === 0 || sizeOf(batch) === 0) return [filled([...batch, len], 0, gpuDType(a.outDtype))];
  const start = offset >= 0 ? offset : -offset * m;
  const idx = Int32Array.from({ length: len }, (_, i) => start + i * (m + 1));
  const flat = reshapeTo(moved, [...batch, n * m]);
  return [kernel('GatherV2', { x: flat, indices: indexTensor(idx, [len]) }, { axis: nd - 2, batchDims: 0 })];
};

// out = zeros(v.shape[:-1] + (rows, cols)); out[b…, i + r0, i + c0] = v[b…, i]
const allocDiag: WebGLKernel = (a) => {
  const { offset } = ALLOC_DIAG.match(a.node)!;
  const v = a.values[0]!;
  const rows = sizeAt(a, 1, 'AllocDiag', 'rows');
  const cols = sizeAt(a, 2, 'AllocDiag', 'cols');
  if (!isTensor(v)) return [performCreation.allocDiag(v, a.host(1), a.host(2), offset)];
  const len = performCreation.diagLength(rows, cols, offset);
  const batch = v.shape.slice(0, -1);
  if (v.shape[v.shape.length - 1] !== len) {
    throw new Error(
      `AllocDiag: diagonal ${offset} of a ${rows}×${cols} matrix has ${len} entries, but the values have shape ${shapeToString(v.shape)}`,
    );
  }
  const g = gpuDType(a.outDtype);
  const outShape = [...batch, rows, cols];
  const count = sizeOf(batch) * len;
  if (count === 0) return [filled(outShape, 0, g)];
  // one index tuple (b…, i + r0, i + c0) per value, in v's row-major order
  const rank = outShape.length;
  const idx = new Int32Array(count * rank);
  const r0 = Math.max(0, -offset);
  const c0 = Math.max(0, offset);
  for (let e = 0; e < count; e++) {
    let rem = Math.floor(e / len);
    for (let d = batch.length - 1; d >= 0; d--) {
      idx[e * rank + d] = rem % batch[d]!;
      rem = Math.floor(rem / batch[d]!);
    }
    const i = e % len;
    idx[e * rank + rank - 2] = i + r0;
    idx[e * rank + rank - 1] = i + c0;
  }
  const updates = reshapeTo(a.tensor(0, g === 'bool' ? 'int32' : g), [count]);
  const out = kernel('ScatterNd', { indices: indexTensor(idx, [count, rank]), updates }, { shape: outShape });
  return [out.dtype === g ? out : kernel('Cast', { x: out }, { dtype: g })];
};

/** The creation kernels. */
export const CREATION_KERNELS = {
  alloc,
  arange,
  extract_diag: extractDiag,
  alloc_diag: allocDiag,
} as const;
