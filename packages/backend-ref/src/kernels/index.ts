/**
 * The reference kernels: pure functions from NDArrays (and explicit parameters) to new NDArrays. The
 * elementwise and shape ops are core's own definitions (`perform`), re-exported here by name.
 */
import { performShape } from '@theano-ts/core';

export { broadcastShapes, broadcastStrides, expandValues, stridedCopy } from '@theano-ts/core';
export { ELEMWISE_NAMES, type ElemwiseName, elemwise } from './elemwise.js';
export { dot } from './linalg.js';
export { logSoftmax, softmax } from './nnet.js';
export { max, min, sum } from './reduce.js';
export { incSubtensor, subtensor } from './subtensor.js';

/** DimShuffle, Reshape, Shape, Shape_i and MakeVector (core's `perform`). */
export const { dimshuffle, makeVector, reshape, shape, shapeI } = performShape;
