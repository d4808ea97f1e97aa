/**
 * Indexing → ONNX: `x[i]` is `Gather` on axis 0 with a 0-d index (negative counts from the end; out of
 * range is an onnxruntime error the backend reports with the op). `x[i] = y` / `x[i] += y` is `ScatterND`
 * (reduction 'none' or 'add') of y, broadcast to the row's shape (a negative index counts from the end).
 */
import { INC_SUBTENSOR } from '@theano-ts/core';
import { type Lowering, outDType } from './common.js';

/** `Subtensor{int64}(x, i)`. */
const subtensor: Lowering = (g, _node, [x, i]) => [g.op('Gather', [x!, g.cast(i!, 'int64')], x!.dtype, { axis: 0 })];

/** `IncSubtensor{Set|Inc;int64}(x, y, i)`. */
const incSubtensor: Lowering = (g, node, [x0, y0, i0]) => {
  const { set } = INC_SUBTENSOR.match(node)!;
  const out = outDType(node);
  const x = g.cast(x0!, out);
  // the index as a [1, 1] tensor; ScatterND counts a negative index from the end and rejects one out of range
  const indices = g.op('Reshape', [g.cast(i0!, 'int64'), g.ints([1, 1])], 'int64');
  // y broadcast to the row's shape, with a leading dimension of 1 for the one index
  const rowShape = g.op('Shape', [x], 'int64', { start: 1 });
  const row = g.op('Expand', [g.cast(y0!, out), rowShape], out);
  const updates = g.op('Unsqueeze', [row, g.ints([0])], out);
  return [g.op('ScatterND', [x, indices, updates], out, { reduction: set ? 'none' : 'add' })];
};

/** The indexing lowerings. */
export const SUBTENSOR_LOWERINGS = { subtensor, inc_subtensor: incSubtensor } as const;
