/**
 * What every lowering shares: the `Lowering` signature (a theano-ts node and the ONNX values of its inputs
 * → the ONNX values of its outputs), the output dtype, the dtype an elementwise op computes in, and
 * reading compile-time constants through the `DimShuffle`s that pad them to an operand's rank.
 */
import {
  type Apply,
  DIMSHUFFLE,
  type DType,
  isDiscreteDType,
  type NDArray,
  promoteTypes,
  TensorConstant,
  type TensorVariable,
} from '@theano-ts/core';
import type { GraphBuilder, Val } from '../builder.js';
import type { RealDType } from '../dtypes.js';

/** Lowers one theano-ts node: its input values → its output values (one per output, of its dtypes). */
export type Lowering = (g: GraphBuilder, node: Apply, inputs: readonly Val[]) => Val[];

/** The dtype of the node's first output. */
export function outDType(node: Apply): RealDType {
  return node.outputs[0]!.dtype as RealDType;
}

/** The value of `v` when it is a constant, or a constant padded by DimShuffle (`x * 2` pads 2 to x's rank). */
export function constantThrough(v: TensorVariable): NDArray | undefined {
  if (v instanceof TensorConstant) return v.value;
  const o = v.owner;
  if (DIMSHUFFLE.match(o)) return constantThrough(o!.inputs[0]!);
  return undefined;
}

/** Whether every value of `c` survives a cast to `d` unchanged. */
function fitsExactly(c: NDArray, d: DType): boolean {
  if (c.dtype === d) return true;
  const a = c.toFloat64();
  const b = c.astype(d).toFloat64();
  return a.every((x, i) => Object.is(x, b[i]) || x === b[i]);
}

/**
 * The dtype an elementwise node computes in: its output dtype, except where the output is discrete and a
 * constant operand does not fit it (`int8 // 300`): then the numpy promotion of every operand, so that the
 * constant keeps its value (the reference computes in doubles and only the result is stored narrow).
 */
export function computeDType(node: Apply): RealDType {
  const out = outDType(node);
  if (!isDiscreteDType(out)) return out;
  for (const v of node.inputs) {
    const c = constantThrough(v);
    if (c && !fitsExactly(c, out)) return promoteTypes(...node.inputs.map((x) => x.dtype), out) as RealDType;
  }
  return out;
}

/** The numpy promotion of the node's input dtypes (what comparisons compare in). */
export function promotedInputs(node: Apply): RealDType {
  return promoteTypes(...node.inputs.map((x) => x.dtype)) as RealDType;
}

/** A shape as numpy prints a tuple. */
export function tupleString(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/**
 * `value` with the sign of `signOf` (|value| · ±1), -0 and -inf counted negative. onnxruntime's `Where`
 * returns +0 where it selects a -0, so a lowering whose result may be a signed zero picked by `Where` restores
 * the sign this way: exact, and NaN stays NaN.
 */
export function withSignOf(g: GraphBuilder, value: Val, signOf: Val): Val {
  const d = value.dtype;
  const zero = g.scalar(0, d);
  // negative, -0 (1/-0 = -inf) or -inf
  const neg = g.op(
    'Or',
    [g.op('Less', [signOf, zero], 'bool'), g.op('Less', [g.op('Div', [g.scalar(1, d), signOf], d), zero], 'bool')],
    'bool',
  );
  const sign = g.op('Where', [neg, g.scalar(-1, d), g.scalar(1, d)], d);
  return g.op('Mul', [g.op('Abs', [value], d), sign], d);
}
