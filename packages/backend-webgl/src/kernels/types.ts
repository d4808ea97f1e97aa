/**
 * What a WebGL kernel receives and returns. A kernel maps one node's input values (GPU tensors or host
 * arrays) to its output values, calling tfjs kernels; tensors it creates and does not return are freed
 * when it finishes (each node runs in its own tfjs engine scope).
 */
import type { Apply, DType, FunctionGraph, NDArray } from '@theano-ts/core';
import type { GpuDType, Tensor, Value } from '../gpu.js';

/** The outputs of an inner graph run by a kernel (`map`), and a way to free the ones the run owns. */
export interface InnerRun {
  /** The inner graph's outputs, in order. */
  readonly values: readonly Value[];
  /** Frees the output tensors the inner run created (not those it received as inputs). */
  dispose(): void;
}

/** One node's inputs and the helpers a kernel reads them with. */
export interface KernelArgs {
  /** The node being run. */
  readonly node: Apply;
  /** The input values, in `node.inputs` order (for a fused transpose, the untransposed value). */
  readonly values: readonly Value[];
  /** Whether input `k` is the transpose of `values[k]` (a `DimShuffle{1,0}` fused into this node). */
  transposed(k: number): boolean;
  /** The theano dtype of output 0. */
  readonly outDtype: DType;
  /** Input `k` as a GPU tensor of dtype `gpu` (uploaded or cast as needed; cached for constants). */
  tensor(k: number, gpu: GpuDType): Tensor;
  /** Input `k` on the host (a GPU value is read back: only shapes and indices take this path). */
  host(k: number): NDArray;
  /** Runs an inner graph on values (for `map`). */
  runInner(fg: FunctionGraph, inputs: readonly Value[]): InnerRun;
}

/** A kernel: the node's input values → its output values. */
export type WebGLKernel = (args: KernelArgs) => Value[];
