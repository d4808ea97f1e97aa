/**
 * The reference kernels: pure functions from NDArrays (and explicit parameters) to new NDArrays.
 */
export { broadcastShapes, broadcastStrides, expandValues, stridedCopy } from './broadcast.js';
export { ELEMWISE_NAMES, type ElemwiseName, elemwise } from './elemwise.js';
export { dot } from './linalg.js';
export { logSoftmax, softmax } from './nnet.js';
export { max, min, sum } from './reduce.js';
export { dimshuffle, makeVector, reshape, shape, shapeI } from './shape.js';
export { incSubtensor, subtensor } from './subtensor.js';
