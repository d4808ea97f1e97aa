/**
 * 2-D pooling (`Pool`, `MaxPoolGrad`, `AveragePoolGrad`). The gradients, and `Pool` where ONNX's pooling
 * cannot say Theano's meaning, are lowered as core's decomposition: one strided slice of the padded input per
 * window offset, combined elementwise (exact: the same maxima and sums).
 */
import {
  AVERAGE_POOL_GRAD,
  type DefinedOp,
  type ExtendedOpName,
  FunctionGraph,
  MAX_POOL_GRAD,
  POOL,
  T,
} from '@theano-ts/core';
import type { Val } from '../builder.js';
import { type Lowering, outDType } from './common.js';

/** An extended op lowered as core's decomposition (an inner graph of ops this backend has). */
function viaDecomposition<P extends object>(def: DefinedOp<P>): Lowering {
  return (g, node, ins) => {
    const ps = node.inputs.map((v, i) => T.tensor(v.dtype, v.broadcastable, `p${i}`));
    const [r] = def.decompose!(ps, def.match(node)!, node);
    const inner = new FunctionGraph(ps, [T.cast(r!, node.outputs[0]!.dtype)]);
    return g.lowerGraph(inner, ins, g.path);
  };
}

/**
 * `Pool` with whole windows (ignoreBorder true): ONNX MaxPool / AveragePool on the image axes
 * reshaped to (N, 1, H, W), pads on both sides (MaxPool never picks a pad; AveragePool counts it with
 * count_include_pad 1, 'average_inc_pad', or not, 'average_exc_pad'); sum is the inc-pad average times the
 * window's size. onnxruntime has no float64 AveragePool: float64 sums and averages take the decomposition.
 * With ignoreBorder false Theano keeps partial windows that ONNX's ceil_mode does not match
 * (it drops a window starting past the input, and has none for an input smaller than the window): the
 * decomposition then.
 */
const pool: Lowering = (g, node, ins) => {
  const p = POOL.match(node)!;
  const d = outDType(node);
  const [x] = ins;
  const nd = node.inputs[0]!.ndim;
  // onnxruntime has MaxPool in float32 and float64, AveragePool in float32 only
  const native = p.mode === 'max' ? d === 'float32' || d === 'float64' : d === 'float32';
  if (!p.ignoreBorder || !native) return viaDecomposition(POOL)(g, node, ins);
  const shape = g.shapeOf(x!);
  const part = (a: number, b: number): Val => g.op('Slice', [shape, g.ints([a]), g.ints([b])], 'int64');
  const x4 = g.op('Reshape', [x!, g.op('Concat', [g.ints([-1, 1]), part(nd - 2, nd)], 'int64', { axis: 0 })], d);
  const attrs = {
    kernel_shape: [...p.ws],
    strides: [...p.stride],
    pads: [p.pad[0], p.pad[1], p.pad[0], p.pad[1]],
  };
  let y4: Val;
  if (p.mode === 'max') y4 = g.op('MaxPool', [x4], d, attrs);
  else {
    y4 = g.op('AveragePool', [x4], d, { ...attrs, count_include_pad: p.mode === 'average_exc_pad' ? 0 : 1 });
    if (p.mode === 'sum') y4 = g.op('Mul', [y4, g.scalar(p.ws[0] * p.ws[1], d)], d);
  }
  const ys = g.op('Slice', [g.shapeOf(y4), g.ints([2]), g.ints([4])], 'int64');
  const outShape = nd > 2 ? g.op('Concat', [part(0, nd - 2), ys], 'int64', { axis: 0 }) : ys;
  return [g.op('Reshape', [y4, outShape], d)];
};

/** The pooling lowerings. */
export const POOL_LOWERINGS = {
  pool,
  max_pool_grad: viaDecomposition(MAX_POOL_GRAD),
  average_pool_grad: viaDecomposition(AVERAGE_POOL_GRAD),
} satisfies Partial<Record<ExtendedOpName, Lowering>>;
