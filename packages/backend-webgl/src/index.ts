/**
 * `@theano-ts/backend-webgl`: runs theano-ts graphs on the GPU of any browser through
 * `@tensorflow/tfjs-backend-webgl` kernels, one kernel per node, tensors kept on the GPU from the first op
 * to the last read. Registered as `'webgl'` on import:
 *
 * ```ts
 * import * as theano from 'theano-ts';
 * import { webgl } from '@theano-ts/backend-webgl';
 * const f = theano.function([x], y, { backend: 'webgl' });          // or { backend: webgl }
 * const g = theano.function([x], y, { backend: webgl({ allowFloat64Downcast: true }) });
 * ```
 *
 * @module \@theano-ts/backend-webgl
 * @document ../README.md
 */
import { type Backend, registerBackend } from '@theano-ts/core';
import { createWebGLBackend, type WebGLBackendOptions } from './backend.js';

export { createWebGLBackend, type WebGLBackendOptions } from './backend.js';
export { GpuNDArray } from './gpu-ndarray.js';
export { type InnerRun, KERNELS, type KernelArgs, type WebGLKernel } from './kernels/index.js';
export { releaseShared, sharedTensorCount } from './shared-cache.js';

/** A webgl backend object (what `webgl(options)` returns). */
export type WebGLBackend = Backend & {
  /** The backend's default options (a function's `backendOptions` override them). */
  readonly options: WebGLBackendOptions;
};

/**
 * The WebGL backend: a `Backend` value (`{ backend: webgl }`, the same as `{ backend: 'webgl' }`), and a
 * function returning a backend with other default options (`webgl({ allowFloat64Downcast: true })`).
 */
export type WebGLBackendFactory = WebGLBackend & ((options: WebGLBackendOptions) => WebGLBackend);

const base = createWebGLBackend();

/** The WebGL backend (see `WebGLBackendFactory`). */
export const webgl: WebGLBackendFactory = Object.assign(
  (options: WebGLBackendOptions): WebGLBackend => createWebGLBackend(options),
  {
    capabilities: base.capabilities,
    options: base.options,
    compile: base.compile,
    compileSync: base.compileSync,
  },
) as WebGLBackendFactory;
// a function's own `name` is read-only: define the backend's name over it
Object.defineProperty(webgl, 'name', { value: 'webgl' });

registerBackend(webgl);
