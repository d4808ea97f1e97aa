/**
 * The reference kernels, by name: core's own definitions of the ops (`perform`), re-exported so tests and
 * tools can call them on arrays directly. The kernels of its own are the float matrix product (matmul.ts:
 * the same sums as core's `dot`, blocked for speed, reading transposed operands through strides), the
 * shape ops as views (views.ts) and sums over adjacent axes (reduce.ts), all computing core's values.
 */
import { performNnet, performReduce, performShape, performSubtensor } from '@theano-ts/core';

export { broadcastShapes, broadcastStrides, expandValues, stridedCopy } from '@theano-ts/core';
export { ELEMWISE_NAMES, type ElemwiseName, elemwise } from './elemwise.js';

/** Sum, Max and Min over axes (core's `perform`). */
export const { sum, max, min } = performReduce;
/** Dot products of vectors and matrices: float results through the blocked product, others core's `perform`. */
export { batchedDot, dot, gemm, type RealValues } from './matmul.js';
/** The WebAssembly SIMD product (matmul-wasm.ts): `c = a·b` in the result's dtype, false where unavailable. */
export { type FloatDType, wasmGemm } from './matmul-wasm.js';
/** Softmax and log-softmax along an axis (core's `perform`). */
export const { softmax, logSoftmax } = performNnet;
/** `x[i]` and its update forms (core's `perform`). */
export const { subtensor, incSubtensor } = performSubtensor;
/** DimShuffle, Reshape, Shape, Shape_i and MakeVector (core's `perform`). */
export const { dimshuffle, makeVector, reshape, shape, shapeI } = performShape;
