/**
 * Shape ops → ONNX: DimShuffle as Squeeze (dropped size-1 dims) + Transpose + Unsqueeze ('x' dims), folded
 * at compile time for constants; Reshape (int64 shape, `allowzero=1` so a 0 means 0 as in numpy, -1
 * inferred); Shape and Shape_i (constants where the static type knows the sizes); MakeVector as Unsqueeze +
 * Concat.
 */
import { DIMSHUFFLE, MAKE_VECTOR, NDArray, SHAPE_I, typedArrayFor } from '@theano-ts/core';
import type { Val } from '../builder.js';
import { type Lowering, outDType } from './common.js';

/** `DimShuffle{order}`: output dim k is input dim order[k], or a new size-1 dim for 'x'. */
const dimshuffle: Lowering = (g, node, [x]) => {
  const { order } = DIMSHUFFLE.match(node)!;
  const nd = node.inputs[0]!.ndim;
  const kept = order.filter((o): o is number => o !== 'x');
  const dropped = Array.from({ length: nd }, (_, d) => d).filter((d) => !kept.includes(d));
  const sorted = [...kept].sort((a, b) => a - b);
  const perm = kept.map((d) => sorted.indexOf(d));
  const transposes = perm.some((p, i) => p !== i);
  const c = g.constValue(x!);
  if (c && !transposes) {
    // a constant padded or squeezed to another rank: the same values under a new shape
    const shape = order.map((o) => (o === 'x' ? 1 : c.shape[o]!));
    return [g.constant(new NDArray(c.data, shape, c.dtype))];
  }
  let v: Val = x!;
  if (dropped.length) v = g.op('Squeeze', [v, g.ints(dropped)], v.dtype);
  if (transposes) v = g.op('Transpose', [v], v.dtype, { perm });
  const added = order.flatMap((o, k) => (o === 'x' ? [k] : []));
  if (added.length) v = g.op('Unsqueeze', [v, g.ints(added)], v.dtype);
  return [v];
};

/** `Reshape{ndim}(x, shape)`. */
const reshape: Lowering = (g, node, [x, s]) => {
  const ndim = node.outputs[0]!.ndim;
  if (node.inputs[1]!.type.shape[0] !== ndim) {
    // the shape's length is known only at run time: it must be the declared rank
    g.addCheck({
      outputs: [g.shapeOf(s!)],
      rowLengths: [1],
      validate: ([n], nd) =>
        n![0] === ndim
          ? null
          : `${nd.op}: the new shape has ${n![0]} entries, but the output was declared with ${ndim} dimensions`,
    });
  }
  return [g.op('Reshape', [x!, g.cast(s!, 'int64')], x!.dtype, { allowzero: 1 })];
};

/** The static shape of the node's input, when every size is known. */
function staticShape(node: Parameters<Lowering>[1]): number[] | null {
  const s = node.inputs[0]!.type.shape;
  return s.every((d) => d !== null) ? (s as number[]) : null;
}

/** `Shape(x)`: an int64 vector. */
const shape: Lowering = (g, node, [x]) => {
  const known = staticShape(node);
  const v = known
    ? g.constant(
        new NDArray(
          BigInt64Array.from(known, (d) => BigInt(d)),
          [known.length],
          'int64',
        ),
      )
    : g.shapeOf(x!);
  return [g.cast(v, outDType(node))];
};

/** `Shape_i{i}(x)`: an int64 scalar. */
const shapeI: Lowering = (g, node, [x]) => {
  const { i } = SHAPE_I.match(node)!;
  const known = node.inputs[0]!.type.shape[i];
  if (known !== null && known !== undefined) return [g.scalar(known, outDType(node))];
  const slice = g.op('Shape', [x!], 'int64', { start: i, end: i + 1 });
  return [g.cast(g.op('Squeeze', [slice, g.ints([0])], 'int64'), outDType(node))];
};

/** `MakeVector{dtype}(...scalars)`. */
const makeVector: Lowering = (g, node, ins) => {
  const { dtype } = MAKE_VECTOR.match(node)!;
  const out = outDType(node);
  const items = ins.map((v) => g.cast(v, out));
  const consts = items.map((v) => g.constValue(v));
  if (consts.every((c) => c !== undefined)) {
    const data = typedArrayFor(dtype, items.length);
    consts.forEach((c, k) => {
      (data as unknown as { [i: number]: number | bigint })[k] = (
        c!.data as unknown as { [i: number]: number | bigint }
      )[0]!;
    });
    return [g.constant(new NDArray(data, [items.length], dtype))];
  }
  const parts = items.map((v) => g.op('Unsqueeze', [v, g.ints([0])], out));
  return [parts.length === 1 ? parts[0]! : g.op('Concat', parts, out, { axis: 0 })];
};

/** The shape lowerings. */
export const SHAPE_LOWERINGS = { dimshuffle, reshape, shape, shape_i: shapeI, make_vector: makeVector } as const;
