/**
 * Indexing. A row `x[i]` (one integer on axis 0) runs on the GPU with the index read on the host: a `Slice`
 * of one row (reshaped to drop the axis), and `x[i] = y` / `x[i] += y` rebuild the array as a `Concat` of
 * the rows before, the new row and the rows after. Other float views (slices, advanced indices) read the
 * indices on the host, where core works out the flat positions the view reads (checking bounds), and
 * `Gather` those from the flattened array on the GPU; an increment adds a `ScatterNd` of y at the
 * positions (tfjs sums repeated positions, as numpy.add.at). Setting a view, integer and bool arrays, and
 * `Nonzero` (whose output size depends on the values) run core's definition on the host.
 */
import {
  ADVANCED_INC_SUBTENSOR,
  ADVANCED_SUBTENSOR,
  type Apply,
  type DefinedOp,
  INC_SUBTENSOR,
  NDArray,
  NONZERO,
  performSubtensor as PS,
  resolveIndex,
  SUBTENSOR,
  shapeToString,
} from '@theano-ts/core';
import { gpuDType, kernel, reshapeTo, type Tensor, upload } from '../gpu.js';
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

/** The flat positions (and shape) of the view a (basic or advanced) indexing node reads from `shape`. */
function viewOf(a: KernelArgs, shape: readonly number[], first: number): PS.ViewPositions {
  const node = a.node;
  const rest = node.inputs.slice(first).map((_, k) => a.host(first + k));
  const basic = SUBTENSOR.match(node) ?? INC_SUBTENSOR.match(node);
  if (basic) {
    const op = SUBTENSOR.match(node) ? 'Subtensor' : INC_SUBTENSOR.match(node)!.set ? 'SetSubtensor' : 'IncSubtensor';
    return PS.basicPositions(shape, resolveIndex(basic.idx, rest), op);
  }
  const adv = (ADVANCED_SUBTENSOR.match(node) ?? ADVANCED_INC_SUBTENSOR.match(node))!;
  const op = ADVANCED_SUBTENSOR.match(node) ? 'AdvancedSubtensor' : 'AdvancedIncSubtensor';
  return PS.advancedPositions(shape, adv.idx, rest, op);
}

/** The positions as an int32 tensor of shape `[n, ...trailing]`. */
function positionsTensor(view: PS.ViewPositions, trailing: readonly number[]): Tensor {
  const p = Int32Array.from(view.positions);
  return upload(new NDArray(p, [p.length, ...trailing], 'int32'), 'int32', 'indices');
}

/** Whether a view of a float array can run on the GPU (nothing empty: tfjs kernels want elements). */
function onGpu(a: KernelArgs): boolean {
  const x = a.values[0]!;
  return gpuDType(a.outDtype) === 'float32' && x.shape.every((n) => n > 0);
}

// out = x[view]: the flat positions gathered from x
function gatherKernel(def: DefinedOp<object>): WebGLKernel {
  return (a) => {
    if (!onGpu(a)) return onHost(def)(a);
    const x = a.tensor(0, 'float32');
    const view = viewOf(a, x.shape, 1);
    if (view.positions.length === 0) return onHost(def)(a);
    const flat = reshapeTo(x, [x.size]);
    const out = kernel('GatherV2', { x: flat, indices: positionsTensor(view, []) }, { axis: 0, batchDims: 0 });
    return [reshapeTo(out, view.shape)];
  };
}

// out = x.copy(); numpy.add.at(out, view, y): y broadcast to the view, scattered (summing repeats) and added
function incKernel(def: DefinedOp<{ set: boolean }>): WebGLKernel {
  return (a) => {
    if (def.match(a.node)!.set || !onGpu(a)) return onHost(def)(a);
    const x = a.tensor(0, 'float32');
    const view = viewOf(a, x.shape, 2);
    if (view.positions.length === 0) return onHost(def)(a);
    let y = a.tensor(1, 'float32');
    const vs = view.shape;
    if (y.shape.length !== vs.length || y.shape.some((n, d) => n !== 1 && n !== vs[d])) {
      const op = INC_SUBTENSOR.match(a.node) ? 'IncSubtensor' : 'AdvancedIncSubtensor';
      throw new Error(
        `${op}: y of shape ${shapeToString(y.shape)} does not broadcast to the indexed view of shape ${shapeToString(vs)}`,
      );
    }
    const reps = vs.map((n, d) => (y.shape[d] === n ? 1 : n));
    if (reps.some((r) => r !== 1)) y = kernel('Tile', { x: y }, { reps });
    const updates = reshapeTo(y, [view.positions.length]);
    const added = kernel('ScatterNd', { indices: positionsTensor(view, [1]), updates }, { shape: [x.size] });
    return [kernel('Add', { a: x, b: reshapeTo(added, x.shape) })];
  };
}

/** The indexing kernels. */
export const SUBTENSOR_KERNELS = {
  subtensor: (a) => (isRow(a.node) ? rowSubtensor(a) : gatherKernel(SUBTENSOR)(a)),
  inc_subtensor: (a) => (isRow(a.node) ? rowIncSubtensor(a) : incKernel(INC_SUBTENSOR)(a)),
  advanced_subtensor: gatherKernel(ADVANCED_SUBTENSOR),
  advanced_inc_subtensor: incKernel(ADVANCED_INC_SUBTENSOR),
  nonzero: onHost(NONZERO),
} as const satisfies Record<string, WebGLKernel>;
