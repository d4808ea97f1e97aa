/**
 * Indexing. A row `x[i]` (one integer on axis 0) runs on the GPU with the index read on the host: a `Slice`
 * of one row (reshaped to drop the axis), and `x[i] = y` / `x[i] += y` rebuild the array as a `Concat` of
 * the rows before, the new row and the rows after. Every other view (slices, advanced indices), its
 * updates and `Nonzero` (whose output size depends on the values) run core's definition on the host.
 */
import {
  ADVANCED_INC_SUBTENSOR,
  ADVANCED_SUBTENSOR,
  type Apply,
  type DefinedOp,
  INC_SUBTENSOR,
  NONZERO,
  SUBTENSOR,
  shapeToString,
} from '@theano-ts/core';
import { gpuDType, kernel, reshapeTo, type Tensor } from '../gpu.js';
import type { KernelArgs, WebGLKernel } from './types.js';

/** The index (input `k`) made non-negative, or an Error in numpy's words when out of range. */
function indexOf(a: KernelArgs, k: number, shape: readonly number[], op: string): number {
  if (shape.length < 1) throw new Error(`${op}: cannot index a 0-d array`);
  const i = a.host(k).item();
  if (!Number.isInteger(i)) throw new Error(`${op}: index ${i} is not an integer`);
  const n = shape[0]!;
  const j = i < 0 ? i + n : i;
  if (j < 0 || j >= n) throw new Error(`${op}: index ${i} is out of bounds for axis 0 with size ${n}`);
  return j;
}

/** Rows `[start, start + count)` of `x` along axis 0. */
function rows(x: Tensor, start: number, count: number): Tensor {
  return kernel(
    'Slice',
    { x },
    { begin: x.shape.map((_, d) => (d === 0 ? start : 0)), size: x.shape.map((n, d) => (d === 0 ? count : n)) },
  );
}

/** A kernel running core's `perform` of `def` on the inputs read back to the host. */
function onHost<P extends object>(def: DefinedOp<P>): WebGLKernel {
  return (a) =>
    def.perform!(
      a.node.inputs.map((_, k) => a.host(k)),
      def.match(a.node)!,
      a.node,
    );
}

/** Whether a basic index is one integer on axis 0 (the GPU row kernels' case). */
function isRow(node: Apply): boolean {
  const idx = (SUBTENSOR.match(node) ?? INC_SUBTENSOR.match(node))?.idx;
  return idx?.length === 1 && idx[0]!.kind === 'int';
}

// out = x[i]
const rowSubtensor: WebGLKernel = (a) => {
  const x = a.tensor(0, gpuDType(a.outDtype));
  const j = indexOf(a, 1, x.shape, 'Subtensor');
  return [reshapeTo(rows(x, j, 1), x.shape.slice(1))];
};

// out = x.copy(); out[i] = y (set) or out[i] += y (inc)
const rowIncSubtensor: WebGLKernel = (a) => {
  const { set } = INC_SUBTENSOR.match(a.node)!;
  const op = set ? 'SetSubtensor' : 'IncSubtensor';
  const g = gpuDType(a.outDtype);
  const compute = g === 'bool' ? 'int32' : g;
  const x = a.tensor(0, compute);
  const j = indexOf(a, 2, x.shape, op);
  const sub = x.shape.slice(1);
  let y = a.tensor(1, compute);
  if (y.shape.length !== sub.length || y.shape.some((n, d) => n !== 1 && n !== sub[d])) {
    throw new Error(
      `${op}: y of shape ${shapeToString(y.shape)} does not broadcast to x[${j}] of shape ${shapeToString(sub)}`,
    );
  }
  const reps = sub.map((n, d) => (y.shape[d] === n ? 1 : n));
  if (reps.some((r) => r !== 1)) y = kernel('Tile', { x: y }, { reps });
  const row = reshapeTo(set ? y : kernel('Add', { a: reshapeTo(rows(x, j, 1), sub), b: y }), [1, ...sub]);
  const parts: Tensor[] = [];
  if (j > 0) parts.push(rows(x, 0, j));
  parts.push(row);
  if (j + 1 < x.shape[0]!) parts.push(rows(x, j + 1, x.shape[0]! - j - 1));
  const out = parts.length === 1 ? kernel('Identity', { x: row }) : kernel('Concat', parts, { axis: 0 });
  return [out.dtype === g ? out : kernel('Cast', { x: out }, { dtype: g })];
};

/** The indexing kernels. */
export const SUBTENSOR_KERNELS = {
  subtensor: (a) => (isRow(a.node) ? rowSubtensor(a) : onHost(SUBTENSOR)(a)),
  inc_subtensor: (a) => (isRow(a.node) ? rowIncSubtensor(a) : onHost(INC_SUBTENSOR)(a)),
  advanced_subtensor: onHost(ADVANCED_SUBTENSOR),
  advanced_inc_subtensor: onHost(ADVANCED_INC_SUBTENSOR),
  nonzero: onHost(NONZERO),
} as const satisfies Record<string, WebGLKernel>;
