/**
 * Shape ops. Shapes are known on the host for GPU tensors too, so `shape` and `shape_i` never touch the
 * GPU: their int64 results are host arrays, and `make_vector` of host scalars, `reshape` by a host shape
 * and `dimshuffle` of host arrays (constants) stay on the host. On GPU tensors, DimShuffle is a
 * `Transpose` (when dimensions move) plus a `Reshape` (free on webgl).
 */
import {
  DIMSHUFFLE,
  fromFloat64,
  MAKE_VECTOR,
  NDArray,
  performShape,
  SHAPE_I,
  shapeToString,
  stridesOf,
  typedArrayFor,
} from '@theano-ts/core';
import { gpuDType, isTensor, kernel, reshapeTo, type Value } from '../gpu.js';
import type { WebGLKernel } from './types.js';
import { sizeOf } from './util.js';

/** Checks a DimShuffle order against a value's shape (dropped dimensions must have size 1). */
function checkOrder(shape: readonly number[], order: readonly (number | 'x')[]): void {
  const op = `DimShuffle{${order.join(',')}}`;
  const nd = shape.length;
  const seen = new Array<boolean>(nd).fill(false);
  for (const o of order) {
    if (o === 'x') continue;
    if (!Number.isInteger(o) || o < 0 || o >= nd) {
      throw new Error(`${op}: ${o} is not a dimension of an input of shape ${shapeToString(shape)}`);
    }
    if (seen[o]) throw new Error(`${op}: dimension ${o} appears twice`);
    seen[o] = true;
  }
  for (let d = 0; d < nd; d++) {
    if (!seen[d] && shape[d] !== 1) {
      throw new Error(
        `${op}: cannot drop dimension ${d} of an input of shape ${shapeToString(shape)}: it has size ${shape[d]}, not 1`,
      );
    }
  }
}

/** DimShuffle of a host array: a strided copy. */
function hostDimshuffle(x: NDArray, order: readonly (number | 'x')[]): NDArray {
  // out[i_0, …] = x[…] with output dimension k reading input dimension order[k]
  const inStrides = stridesOf(x.shape);
  const outShape = order.map((o) => (o === 'x' ? 1 : x.shape[o]!));
  const steps = order.map((o) => (o === 'x' ? 0 : inStrides[o]!));
  const n = sizeOf(outShape);
  const src = x.data as unknown as ArrayLike<number | bigint>;
  const out = typedArrayFor(x.dtype, n) as unknown as { [i: number]: number | bigint };
  const idx = new Array<number>(outShape.length).fill(0);
  let off = 0;
  for (let i = 0; i < n; i++) {
    out[i] = src[off]!;
    for (let d = outShape.length - 1; d >= 0; d--) {
      idx[d]!++;
      off += steps[d]!;
      if (idx[d]! < outShape[d]!) break;
      off -= steps[d]! * outShape[d]!;
      idx[d] = 0;
    }
  }
  return new NDArray(out as unknown as NDArray['data'], outShape, x.dtype);
}

// out = x.transpose(kept dimensions).reshape(shape with 'x' → 1)
const dimshuffle: WebGLKernel = (a) => {
  const { order } = DIMSHUFFLE.match(a.node)!;
  const x = a.values[0]!;
  checkOrder(x.shape, order);
  if (!isTensor(x)) return [hostDimshuffle(x, order)];
  const t = a.tensor(0, gpuDType(a.node.inputs[0]!.dtype));
  const kept = order.filter((o): o is number => o !== 'x');
  // dropped dimensions have size 1: moving them costs nothing, so only the kept ones decide a transpose
  const moved = kept.some((o, i) => i > 0 && o < kept[i - 1]!);
  const outShape = order.map((o) => (o === 'x' ? 1 : t.shape[o]!));
  if (!moved) return [reshapeTo(t, outShape)];
  const dropped = t.shape.map((_, d) => d).filter((d) => !kept.includes(d));
  const transposed = kernel('Transpose', { x: t }, { perm: [...kept, ...dropped] });
  return [reshapeTo(transposed, outShape)];
};

/** The target shape of a reshape of `x` (core's rule and messages). */
function reshapeTarget(x: Value, requested: NDArray): number[] {
  return performShape.reshapeTarget(x.shape, requested);
}

// out = x.reshape(shape), the shape read on the host
const reshape: WebGLKernel = (a) => {
  const x = a.values[0]!;
  performShape.checkReshapeLength(a.host(1), a.node.outputs[0]!.ndim);
  const target = reshapeTarget(x, a.host(1));
  if (!isTensor(x)) return [x.reshape(target)];
  return [reshapeTo(a.tensor(0, gpuDType(a.node.inputs[0]!.dtype)), target)];
};

// out = x.shape, an int64 vector on the host
const shape: WebGLKernel = (a) => [fromFloat64(a.values[0]!.shape, [a.values[0]!.shape.length], 'int64')];

// out = x.shape[i], an int64 scalar on the host
const shapeI: WebGLKernel = (a) => {
  const { i } = SHAPE_I.match(a.node)!;
  const s = a.values[0]!.shape;
  if (!Number.isInteger(i) || i < 0 || i >= s.length) {
    throw new Error(`Shape_i{${i}}: dimension ${i} is out of range for an input of shape ${shapeToString(s)}`);
  }
  return [fromFloat64([s[i]!], [], 'int64')];
};

// out = [x_0, x_1, …] from scalars: on the host when every scalar is, else a GPU concatenation
const makeVector: WebGLKernel = (a) => {
  const { dtype } = MAKE_VECTOR.match(a.node)!;
  a.values.forEach((v, k) => {
    if (v.shape.length !== 0) {
      throw new Error(`MakeVector: input ${k} must be a scalar (0-d), got shape ${shapeToString(v.shape)}`);
    }
  });
  if (a.values.every((v) => !isTensor(v))) {
    return [
      fromFloat64(
        a.values.map((v) => (v as NDArray).item()),
        [a.values.length],
        dtype,
      ),
    ];
  }
  const g = gpuDType(dtype);
  const parts = a.values.map((_, k) => reshapeTo(a.tensor(k, g), [1]));
  return [kernel('Concat', parts, { axis: 0 })];
};

/** The shape kernels. */
export const SHAPE_KERNELS = { dimshuffle, reshape, shape, shape_i: shapeI, make_vector: makeVector } as const;
