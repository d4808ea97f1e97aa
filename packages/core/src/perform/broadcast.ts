/**
 * Broadcasting: the result shape of several operands, and strided copies that materialise a broadcast
 * (or any other strided view, e.g. a transposition) into a fresh contiguous row-major array.
 */

import type { TensorVariable } from '../graph/variable.js';
import { shapeSize, shapeToString } from '../ndarray.js';
import type { RawStorage } from './values.js';

/**
 * The broadcast shape of `shapes` (numpy's rule: shapes are aligned on their last dimension; in each
 * dimension the sizes must agree or be 1). The graph gives elementwise ops operands of equal rank, so
 * in practice only size-1 dimensions stretch. Throws an Error naming `opName`, both shapes and the
 * dimension that disagrees, e.g. `Elemwise{add}: shapes (2, 3) and (4, 3) do not broadcast (dimension 0: 2 vs 4)`.
 * `opName` may be a function: a name that costs something to build (a fused op's formula) is then built
 * only for the error, not on every call.
 */
export function broadcastShapes(shapes: readonly (readonly number[])[], opName: string | (() => string)): number[] {
  // out[d] = the size shared by every operand whose size in dimension d is not 1 (1 if none)
  let nd = 0;
  for (const s of shapes) nd = Math.max(nd, s.length);
  const out: number[] = new Array<number>(nd).fill(1);
  const from: number[] = new Array<number>(nd).fill(-1); // which operand fixed out[d]
  for (let k = 0; k < shapes.length; k++) {
    const s = shapes[k] as readonly number[];
    const lead = nd - s.length;
    for (let j = 0; j < s.length; j++) {
      const d = lead + j;
      const n = s[j] as number;
      if (n === 1) continue;
      const cur = out[d] as number;
      if (from[d] === -1) {
        out[d] = n;
        from[d] = k;
      } else if (cur !== n) {
        const other = shapes[from[d] as number] as readonly number[];
        throw new Error(
          `${typeof opName === 'string' ? opName : opName()}: shapes ${shapeToString(other)} and ${shapeToString(s)} do not broadcast ` +
            `(dimension ${d}: ${cur} vs ${n})`,
        );
      }
    }
  }
  return out;
}

/** Row-major element strides of `shape` aligned on the right with `outShape`, 0 where `shape` is broadcast. */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  // stride[d] = 0 if shape[d] is 1 (or absent), else the row-major stride of shape in that dimension
  const nd = outShape.length;
  const lead = nd - shape.length;
  const strides: number[] = new Array<number>(nd).fill(0);
  let acc = 1;
  for (let j = shape.length - 1; j >= 0; j--) {
    const n = shape[j] as number;
    strides[lead + j] = n === 1 ? 0 : acc;
    acc *= n;
  }
  return strides;
}

/**
 * Copies the strided view (`srcOffset`, `srcStrides`, `outShape`, all counted in elements) of `src` into
 * `dst` from `dstOffset` on, in row-major order. Each element is `width` consecutive storage entries
 * (2 for interleaved complex). Works on any storage kind; values are copied, never converted.
 */
export function stridedCopy(
  src: RawStorage,
  srcOffset: number,
  srcStrides: readonly number[],
  outShape: readonly number[],
  width: 1 | 2,
  dst: RawStorage,
  dstOffset = 0,
): void {
  // dst[dstOffset + flat(i)] = src[srcOffset + Σ_d i_d · srcStrides[d]]
  const size = shapeSize(outShape);
  if (size === 0) return;
  const nd = outShape.length;
  const d = dst as { [i: number]: number | bigint };
  let o = dstOffset * width;
  if (nd === 0) {
    const p = srcOffset * width;
    for (let w = 0; w < width; w++) d[o + w] = src[p + w] as number | bigint;
    return;
  }
  const inner = outShape[nd - 1] as number;
  const s = (srcStrides[nd - 1] as number) * width;
  const outer = size / inner;
  const idx = new Array<number>(nd - 1).fill(0);
  let base = srcOffset * width;
  for (let r = 0; r < outer; r++) {
    if (width === 1) {
      for (let j = 0, p = base; j < inner; j++, p += s) d[o++] = src[p] as number | bigint;
    } else {
      for (let j = 0, p = base; j < inner; j++, p += s) {
        d[o++] = src[p] as number | bigint;
        d[o++] = src[p + 1] as number | bigint;
      }
    }
    for (let k = nd - 2; k >= 0; k--) {
      const st = (srcStrides[k] as number) * width;
      base += st;
      idx[k]++;
      if (idx[k] < outShape[k]) break;
      base -= st * outShape[k];
      idx[k] = 0;
    }
  }
}

/**
 * The doubles `values` (row-major, of `shape`, `width` per element) broadcast to `outShape`, as a
 * contiguous array. Returns `values` itself when no broadcasting is needed: never write to the result.
 */
export function expandValues(
  values: Float64Array,
  width: 1 | 2,
  shape: readonly number[],
  outShape: readonly number[],
): Float64Array {
  // out[i] = values[broadcast index of i]
  const size = shapeSize(outShape);
  if (shapeSize(shape) === size && shape.length === outShape.length) return values;
  const out = new Float64Array(size * width);
  stridedCopy(values, 0, broadcastStrides(shape, outShape), outShape, width, out);
  return out;
}

/**
 * Theano's typed broadcasting rule, checked on the run-time shapes of an elementwise node's inputs (all of
 * one rank): in each dimension the sizes agree or are 1, and a size-1 input stretches against a larger size
 * only where its type marks the dimension broadcastable. Returns the output shape, or throws an error
 * naming the node, the input and the shapes. Every interpreting backend runs this one check.
 */
export function checkedBroadcastShape(
  node: {
    readonly op: { readonly def: { readonly name: string; readonly family: string } };
    readonly inputs: readonly TensorVariable[];
  },
  shapes: readonly (readonly number[])[],
): number[] {
  const ndim = shapes[0]?.length ?? 0;
  const def = node.op.def;
  // a Composite's name prints its whole formula: built only for an error
  const label = () => (def.family === 'elemwise' && def.name !== 'composite' ? `Elemwise{${def.name}}` : `${node.op}`);
  if (shapes.some((s) => s.length !== ndim)) {
    const all = shapes.map(shapeToString).join(' and ');
    throw new Error(`${label()}: inputs have different ranks, ${all} (the graph pads them to one rank first)`);
  }
  const out = broadcastShapes(shapes, label);
  for (let d = 0; d < ndim; d++) {
    const size = out[d]!;
    if (size === 1) continue;
    for (let i = 0; i < shapes.length; i++) {
      const v = node.inputs[i]!;
      if (shapes[i]![d] === 1 && !v.type.broadcastable[d]) {
        throw new Error(
          `${node.op}: input ${i} (${v}) has size 1 at dimension ${d} where another input has size ${size}, ` +
            `but its type ${v.type} does not allow broadcasting there (shapes ${shapes.map(shapeToString).join(', ')}); ` +
            'use a type with a broadcastable dimension (T.row, T.col) for broadcasting',
        );
      }
    }
  }
  return out;
}
