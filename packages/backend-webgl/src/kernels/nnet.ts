/**
 * `Softmax{axis}` and `LogSoftmax{axis}` on tfjs-webgl: softmax with tfjs's `Softmax` kernel (which works on the
 * last axis; another axis is swapped there and back), log-softmax as `(x - max) - log(sum(exp(x - max)))`.
 * Keeping them whole keeps their gradients small (core differentiates the ops, not their expansion).
 */
import { LOG_SOFTMAX, SOFTMAX } from '@theano-ts/core';
import { gpuDType, kernel, type Tensor } from '../gpu.js';
import type { WebGLKernel } from './types.js';

/** The permutation that swaps `axis` with the last dimension (its own inverse). */
function swapToLast(nd: number, axis: number): number[] {
  const perm = Array.from({ length: nd }, (_, d) => d);
  perm[axis] = nd - 1;
  perm[nd - 1] = axis;
  return perm;
}

// softmax(x)_k = exp(x_k - max) / Σ exp(x_j - max) along the axis
const softmax: WebGLKernel = (a) => {
  const { axis } = SOFTMAX.match(a.node)!;
  const x = a.tensor(0, gpuDType(a.outDtype));
  const nd = x.shape.length;
  if (axis === nd - 1) return [kernel('Softmax', { logits: x }, { dim: -1 })];
  const perm = swapToLast(nd, axis);
  const r = kernel('Softmax', { logits: kernel('Transpose', { x }, { perm }) }, { dim: -1 });
  return [kernel('Transpose', { x: r }, { perm })];
};

// logsoftmax(x) = (x - max) - log Σ exp(x - max) along the axis
const logSoftmax: WebGLKernel = (a) => {
  const { axis } = LOG_SOFTMAX.match(a.node)!;
  const x = a.tensor(0, gpuDType(a.outDtype));
  const m: Tensor = kernel('Max', { x }, { reductionIndices: [axis], keepDims: true });
  const y = kernel('Sub', { a: x, b: m });
  const s = kernel('Sum', { x: kernel('Exp', { x: y }) }, { axis: [axis], keepDims: true });
  return [kernel('Sub', { a: y, b: kernel('Log', { x: s }) })];
};

/** The nnet kernels. */
export const NNET_KERNELS = { softmax, log_softmax: logSoftmax } as const;
