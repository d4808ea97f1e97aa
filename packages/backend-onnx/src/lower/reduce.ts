/**
 * Reductions → ONNX `ReduceSum` / `ReduceMax` / `ReduceMin` (opset 18+: the axes are an input; keepdims=0;
 * no axes input reduces every axis). Sums accumulate in the op's accumulator dtype (int64 for integers and
 * bool, float64 for floats, as Theano's acc_dtype; int64 sums exact and wrapping, see reduce-int64.ts); max and min propagate NaN as numpy does (onnxruntime's
 * kernels skip it) and raise numpy's error on an empty reduction, checked at run time.
 */
import { MAX, MIN, SUM } from '@theano-ts/core';
import type { GraphBuilder, Val } from '../builder.js';
import { carrierDType, type RealDType } from '../dtypes.js';
import { type Lowering, outDType } from './common.js';
import { exactInt64Reduce } from './reduce-int64.js';

/** The reduction node: all axes (no axes input) or the listed ones. */
function reduceNode(g: GraphBuilder, opType: string, x: Val, axis: readonly number[] | null, dtype: RealDType): Val {
  const ins = axis === null ? [x] : [x, g.ints(axis)];
  return g.op(opType, ins, dtype, { keepdims: 0 });
}

/** `Sum{axis, acc_dtype}`. */
const sum: Lowering = (g, node, [x]) => {
  const { axis, accDtype } = SUM.match(node)!;
  const out = outDType(node);
  if (axis !== null && axis.length === 0) return [g.cast(x!, out)];
  const acc = carrierDType('ReduceSum', (accDtype ?? out) as RealDType);
  if (acc === 'int64') {
    const sizes = node.inputs[0]!.type.shape;
    return [g.cast(exactInt64Reduce(g, 'sum', g.cast(x!, acc), axis, sizes, 'Sum'), out)];
  }
  let r = reduceNode(g, 'ReduceSum', g.cast(x!, acc), axis, acc);
  // numpy's float sums start from +0 (onnxruntime's from the first element): a slice of negative zeros sums
  // to +0. r + (+0) is r with -0 turned into +0 (IEEE: -0 + +0 = +0), one pass where Where(r == 0, +0, r)
  // took two; the sessions disable onnxruntime's NoopElimination, which would remove the addition
  if (acc === 'float32' || acc === 'float64') r = g.op('Add', [r, g.scalar(0, acc)], acc);
  return [g.cast(r, out)];
};

/** `Max{axis}` / `Min{axis}`. */
const extremum =
  (isMax: boolean): Lowering =>
  (g, node, [x0]) => {
    const { axis } = (isMax ? MAX : MIN).match(node)!;
    const out = outDType(node);
    const input = node.inputs[0]!;
    if (axis !== null && axis.length === 0) return [g.cast(x0!, out)];
    const opType = isMax ? 'ReduceMax' : 'ReduceMin';
    const k = carrierDType(opType, x0!.dtype);
    const x = g.cast(x0!, k);
    let r = reduceNode(g, opType, x, axis, k);
    if (k === 'float32' || k === 'float64') {
      // NaN anywhere in a reduced slice makes the result NaN (counted with a sum, which is 0 on empty slices)
      const nans = reduceNode(g, 'ReduceSum', g.cast(g.op('IsNaN', [x], 'bool'), k), axis, k);
      r = g.op('Where', [g.cast(nans, 'bool'), g.scalar(Number.NaN, k), r], k);
    }
    const reduced = axis ?? input.type.shape.map((_, d) => d);
    const sizeKnown = reduced.every((d) => {
      const s = input.type.shape[d];
      return s !== null && s !== undefined && s > 0;
    });
    if (!sizeKnown && input.ndim > 0) {
      g.addCheck({
        outputs: [g.shapeOf(x0!)],
        rowLengths: [input.ndim],
        validate: ([shape]) =>
          reduced.some((d) => shape![d] === 0)
            ? `${isMax ? 'Max' : 'Min'}: zero-size array to reduction operation ${isMax ? 'maximum' : 'minimum'} which has no identity`
            : null,
      });
    }
    return [g.cast(r, out)];
  };

/** The reduction lowerings. */
export const REDUCE_LOWERINGS = { sum, max: extremum(true), min: extremum(false) } as const;
