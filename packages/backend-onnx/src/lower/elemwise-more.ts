/**
 * The tensor module's further elementwise ops → ONNX: onnxruntime's trigonometric and hyperbolic kernels
 * in float32 (float32 only for most: float64 uses the formulas of elemwise-f64.ts), arctan2 and hypot as
 * formulas with numpy's signed zeros and infinities, clip as its decomposition, switch as `Where` (with the
 * sign of a selected -0 restored), the bitwise ops (`BitwiseAnd`… on integers, `And`… on bools), and the
 * real parts of the complex-part ops on real inputs. The special functions (erfc, gamma, …) have no ONNX
 * operator: they are formulas in float64 ops (elemwise-f64.ts), in both dtypes.
 */
import { type DType, FunctionGraph, SCALAR_OPS, T } from '@theano-ts/core';
import type { GraphBuilder, Val } from '../builder.js';
import { carrierDType } from '../dtypes.js';
import { type Lowering, outDType } from './common.js';
import { typedBroadcastCheck } from './elemwise.js';
import {
  acos64,
  acosh64,
  asin64,
  asinh64,
  atan2_64,
  atan64,
  atanh64,
  cosh64,
  erfc64,
  erfcinv64,
  erfcx64,
  erfinv64,
  F64,
  gamma64,
  gammaln64,
  psi64,
  sinh64,
} from './elemwise-f64.js';

type Float = 'float32' | 'float64';

/** The op names lowered here. */
export type MoreElemwiseName =
  | 'tan'
  | 'arcsin'
  | 'arccos'
  | 'arctan'
  | 'sinh'
  | 'cosh'
  | 'arcsinh'
  | 'arccosh'
  | 'arctanh'
  | 'arctan2'
  | 'hypot'
  | 'clip'
  | 'switch'
  | 'and_'
  | 'or_'
  | 'xor'
  | 'invert'
  | 'erfc'
  | 'erfcx'
  | 'erfinv'
  | 'erfcinv'
  | 'gamma'
  | 'gammaln'
  | 'psi'
  | 'real'
  | 'imag'
  | 'angle'
  | 'conj'
  | 'complex'
  | 'complex_from_polar';

/** A one-operand float op: the input cast to the output's float dtype. */
const floatOp =
  (f: (g: GraphBuilder, x: Val) => Val): Lowering =>
  (g, node, [x]) => {
    const out = outDType(node);
    return [g.cast(f(g, g.cast(x!, out)), out)];
  };

/** onnxruntime's float32 kernel `onnxOp` in float32; `f64` (a formula in ops it runs in float64) in float64. */
const nativeOr = (onnxOp: string, f64: (f: F64, x: Val) => Val): Lowering =>
  floatOp((g, x) => (x.dtype === 'float32' ? g.op(onnxOp, [x], x.dtype) : f64(new F64(g), x)));

/** A special function computed in float64 (float32 inputs widened, the result rounded once). */
const viaF64 = (f64: (f: F64, x: Val) => Val): Lowering =>
  floatOp((g, x) => g.cast(f64(new F64(g), g.cast(x, 'float64')), x.dtype));

/** Whether x is negative, -0 or -inf (1/-0 = -inf). */
function signBit(g: GraphBuilder, x: Val): Val {
  const d = x.dtype;
  const zero = g.scalar(0, d);
  return g.op(
    'Or',
    [g.op('Less', [x, zero], 'bool'), g.op('Less', [g.op('Div', [g.scalar(1, d), x], d), zero], 'bool')],
    'bool',
  );
}

/** |x| == inf. */
function isInf(g: GraphBuilder, x: Val): Val {
  return g.op('Equal', [g.op('Abs', [x], x.dtype), g.scalar(Number.POSITIVE_INFINITY, x.dtype)], 'bool');
}

/** tan x: Tan in float32, sin x / cos x in float64 (onnxruntime's Tan is float32 only). */
const tan: Lowering = floatOp((g, x) =>
  x.dtype === 'float32'
    ? g.op('Tan', [x], x.dtype)
    : g.op('Div', [g.op('Sin', [x], x.dtype), g.op('Cos', [x], x.dtype)], x.dtype),
);

/** arctan2(y, x), computed in float64 (see `atan2_64`). */
const arctan2: Lowering = (g, node, [y0, x0]) => {
  typedBroadcastCheck(g, node, [y0!, x0!]);
  const out = outDType(node);
  return [g.cast(atan2_64(new F64(g), g.cast(y0!, 'float64'), g.cast(x0!, 'float64')), out)];
};

/** hypot(x, y) = m √(1 + (n/m)²) with m, n the larger and smaller of |x|, |y|: 0 for two zeros, inf if either is infinite. */
const hypot: Lowering = (g, node, [a0, b0]) => {
  typedBroadcastCheck(g, node, [a0!, b0!]);
  const out = outDType(node) as Float;
  const d: Float = 'float64';
  const a = g.op('Abs', [g.cast(a0!, d)], d);
  const b = g.op('Abs', [g.cast(b0!, d)], d);
  const nan = g.op('Or', [g.op('IsNaN', [a], 'bool'), g.op('IsNaN', [b], 'bool')], 'bool');
  const m = g.op('Max', [a, b], d);
  const n = g.op('Min', [a, b], d);
  const r = g.op('Div', [n, m], d);
  let h = g.op('Mul', [m, g.op('Sqrt', [g.op('Add', [g.scalar(1, d), g.op('Mul', [r, r], d)], d)], d)], d);
  h = g.op('Where', [g.op('Equal', [m, g.scalar(0, d)], 'bool'), g.scalar(0, d), h], d);
  h = g.op('Where', [nan, g.scalar(Number.NaN, d), h], d);
  h = g.op('Where', [g.op('Or', [isInf(g, a), isInf(g, b)], 'bool'), g.scalar(Number.POSITIVE_INFINITY, d), h], d);
  return [g.cast(h, out)];
};

/** An extended op lowered as its decomposition (an exact graph of ops this backend has). */
const viaDecomposition: Lowering = (g, node, ins) => {
  const decompose = SCALAR_OPS[node.op.kind as 'clip'].spec.decompose!;
  const ps = node.inputs.map((v, i) => T.tensor(v.dtype, v.broadcastable, `p${i}`));
  const inner = new FunctionGraph(ps, [T.cast(decompose(ps), node.outputs[0]!.dtype)]);
  return g.lowerGraph(inner, ins, g.path);
};

/** ±1 with the sign bit of x (-0 and -inf negative). */
function signOne(g: GraphBuilder, x: Val): Val {
  return g.op('Where', [signBit(g, x), g.scalar(-1, x.dtype), g.scalar(1, x.dtype)], x.dtype);
}

/**
 * switch(c, a, b) = Where(c ≠ 0, a, b) in a dtype onnxruntime's Where has; for floats the sign is selected
 * separately (onnxruntime's Where returns +0 for a selected -0).
 */
const switchOp: Lowering = (g, node, [c, a, b]) => {
  typedBroadcastCheck(g, node, [c!, a!, b!]);
  const out = outDType(node);
  const cond = c!.dtype === 'bool' ? c! : g.op('Not', [g.op('Equal', [c!, g.scalar(0, c!.dtype)], 'bool')], 'bool');
  const k = carrierDType('Where', out);
  const av = g.cast(a!, k);
  const bv = g.cast(b!, k);
  let r = g.op('Where', [cond, av, bv], k);
  if (k === 'float32' || k === 'float64') {
    const s = g.op('Where', [cond, signOne(g, av), signOne(g, bv)], k);
    r = g.op('Mul', [g.op('Abs', [r], k), s], k);
  }
  return [g.cast(r, out)];
};

/** A bitwise op: `boolOp` on bools, `intOp` on integers (in the output dtype). */
const bitwise =
  (boolOp: string, intOp: string): Lowering =>
  (g, node, ins) => {
    typedBroadcastCheck(g, node, ins);
    const out = outDType(node);
    const vals = ins.map((v) => g.cast(v, out));
    if (out === 'bool') return [g.op(boolOp, vals, 'bool')];
    return [g.cast(g.compute(intOp, vals, out), out)];
  };

/** An op the backend declares unsupported (`opDTypes`): never lowered. */
const unsupported =
  (name: string): Lowering =>
  () => {
    throw new Error(`onnx: ${name} has no ONNX rendering (declared unsupported)`);
  };

/** The further elementwise ops' lowerings. */
export const MORE_ELEMWISE_LOWERINGS: { readonly [P in MoreElemwiseName]: Lowering } = {
  tan,
  arcsin: nativeOr('Asin', asin64),
  arccos: nativeOr('Acos', acos64),
  arctan: nativeOr('Atan', atan64),
  sinh: nativeOr('Sinh', sinh64),
  cosh: nativeOr('Cosh', cosh64),
  arcsinh: nativeOr('Asinh', asinh64),
  arccosh: nativeOr('Acosh', acosh64),
  arctanh: nativeOr('Atanh', atanh64),
  arctan2,
  hypot,
  clip: viaDecomposition,
  switch: switchOp,
  and_: bitwise('And', 'BitwiseAnd'),
  or_: bitwise('Or', 'BitwiseOr'),
  xor: bitwise('Xor', 'BitwiseXor'),
  invert: (g, node, [x]) => [
    g.cast(g.compute('BitwiseNot', [g.cast(x!, outDType(node))], outDType(node)), outDType(node)),
  ],
  erfc: viaF64(erfc64),
  erfcx: viaF64(erfcx64),
  erfinv: viaF64(erfinv64),
  erfcinv: viaF64(erfcinv64),
  gamma: viaF64(gamma64),
  gammaln: viaF64(gammaln64),
  psi: viaF64(psi64),
  // real inputs only (onnxruntime has no complex tensors: complex dtypes are declared unsupported)
  real: (g, node, [x]) => [g.cast(x!, outDType(node))],
  conj: (g, node, [x]) => [g.cast(x!, outDType(node))],
  imag: (g, node, [x]) => {
    const out = outDType(node);
    return [g.op('Expand', [g.scalar(0, out), g.shapeOf(x!)], out)];
  },
  // angle of a real x: π where x is negative or -0, NaN for NaN, else 0
  angle: (g, node, [x0]) => {
    const out = outDType(node);
    const x = g.cast(x0!, out);
    const r = g.op('Where', [signBit(g, x), g.scalar(Math.PI, out), g.scalar(0, out)], out);
    return [g.op('Where', [g.op('IsNaN', [x], 'bool'), x, r], out)];
  },
  complex: unsupported('complex'),
  complex_from_polar: unsupported('complex_from_polar'),
};

/** Declared limits of these lowerings (merged into the backend's `opDTypes`). */
export const MORE_ELEMWISE_OP_DTYPES: Readonly<Record<string, { dtypes: readonly DType[]; reason: string }>> = {
  // none: the ops onnxruntime lacks float64 kernels for, and the special functions, are formulas in
  // float64 ops (elemwise-f64.ts)
};
