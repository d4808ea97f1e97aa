// The browser bundle's entry: theano-ts with the reference backend, and the WebGL backend registered.
export * from 'theano-ts';
export { GpuNDArray, releaseShared, sharedTensorCount, webgl } from '../dist/index.js';
