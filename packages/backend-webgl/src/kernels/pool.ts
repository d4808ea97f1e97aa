/**
 * 2-D pooling on tfjs-webgl. `Pool` in max mode with whole windows (ignoreBorder true) and a square window,
 * stride and padding runs tfjs's `MaxPool` on the image axes reshaped to NHWC with one channel, (N, H, W, 1):
 * tfjs never picks a pad, as Theano. Every other pooling (sum and the averages, whose padding count tfjs
 * decides differently, partial border windows, rectangular windows, strides or pads, whose output size
 * tfjs computes from the first axis's window and stride alone when padding is a number, integers) and both
 * gradients run core's decomposition on the GPU as an inner graph: one strided slice of the padded input per
 * window offset, combined elementwise. (tfjs's `MaxPoolGrad` sends a window's gradient to one maximum only; Theano's
 * `MaxPoolGrad` to every element equal to it, which the decomposition keeps.)
 */
import { type Apply, AVERAGE_POOL_GRAD, type DefinedOp, FunctionGraph, MAX_POOL_GRAD, POOL, T } from '@theano-ts/core';
import { kernel } from '../gpu.js';
import type { KernelArgs, WebGLKernel } from './types.js';

/** The decomposition of each node, as a graph of its inputs (built once per node). */
const INNER = new WeakMap<Apply, FunctionGraph>();

function decomposed<P extends object>(def: DefinedOp<P>, a: KernelArgs) {
  let fg = INNER.get(a.node);
  if (!fg) {
    const ps = a.node.inputs.map((v, i) => T.tensor(v.dtype, v.broadcastable, `p${i}`));
    const [r] = def.decompose!(ps, def.match(a.node)!, a.node);
    fg = new FunctionGraph(ps, [T.cast(r!, a.node.outputs[0]!.dtype)]);
    INNER.set(a.node, fg);
  }
  return [a.runInner(fg, a.values).values[0]!];
}

const pool: WebGLKernel = (a) => {
  const p = POOL.match(a.node)!;
  // tfjs sizes a numerically padded pooling from the window's and stride's first axis alone: square only
  const square = p.ws[0] === p.ws[1] && p.stride[0] === p.stride[1] && p.pad[0] === p.pad[1];
  const native = p.mode === 'max' && p.ignoreBorder && square && a.outDtype === 'float32';
  if (!native) return decomposed(POOL, a);
  const x = a.tensor(0, 'float32');
  const nd = x.shape.length;
  const [h, w] = [x.shape[nd - 2]!, x.shape[nd - 1]!];
  const x4 = kernel('Reshape', { x }, { shape: [-1, h, w, 1] });
  const y = kernel('MaxPool', { x: x4 }, { filterSize: [...p.ws], strides: [...p.stride], pad: p.pad[0] });
  return [kernel('Reshape', { x: y }, { shape: [...x.shape.slice(0, nd - 2), y.shape[1]!, y.shape[2]!] })];
};

/** The pooling kernels. */
export const POOL_KERNELS = {
  pool,
  max_pool_grad: (a) => decomposed(MAX_POOL_GRAD, a),
  average_pool_grad: (a) => decomposed(AVERAGE_POOL_GRAD, a),
} satisfies Record<string, WebGLKernel>;
