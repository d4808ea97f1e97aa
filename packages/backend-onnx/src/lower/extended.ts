/**
 * Extended elementwise ops (`sqr`, `log1p`, `expm1`, `softplus`, `sigmoid`), which this backend declares
 * so the optimizer may introduce them, and `Composite` (a fused elementwise subgraph another backend's
 * optimizer made), lowered by inlining its inner graph. ONNX has no log1p or expm1: they are computed
 * with the classic corrections that keep full precision near 0 (Goldberg's log(u)·x/(u-1) with u = 1+x,
 * Kahan's (u-1)·x/log(u) with u = e^x), and softplus and sigmoid in the overflow-free forms the
 * reference uses.
 */
import { ancestors, COMPOSITE, type ExtendedOpName, isFloatDType, LOG_SOFTMAX, SOFTMAX } from '@theano-ts/core';
import type { GraphBuilder, Val } from '../builder.js';
import { onnxElemType, type RealDType } from '../dtypes.js';
import { type Lowering, outDType, withSignOf } from './common.js';
import { CREATION_EXTENDED_LOWERINGS } from './creation.js';
import { typedBroadcastCheck } from './elemwise.js';
import { erf64, F64 } from './elemwise-f64.js';
import { MORE_ELEMWISE_LOWERINGS } from './elemwise-more.js';

type Float = 'float32' | 'float64';

/**
 * log(1 + x) for x in [+0, 1] (or NaN), accurate near 0: x where 1 + x rounds to 1, else log(u)·x/(u - 1).
 * There 1 + x is finite and the result has the sign of x (+0 for +0): `log1p` without its fixes.
 */
function log1pUnit(g: GraphBuilder, x: Val): Val {
  const d = x.dtype as Float;
  const one = g.scalar(1, d);
  const u = g.op('Add', [one, x], d);
  const um1 = g.op('Sub', [u, one], d);
  // log(u) · (x / (u - 1)): x / (u - 1) is near 1, so the product never overflows
  const corrected = g.op('Mul', [g.op('Log', [u], d), g.op('Div', [x, um1], d)], d);
  return g.op('Where', [g.op('Equal', [u, one], 'bool'), x, corrected], d);
}

/** log(1 + x), accurate near 0, for every x: `log1pUnit`'s formula, log1p(inf) = inf, and the sign of x. */
function log1p(g: GraphBuilder, x: Val): Val {
  const d = x.dtype as Float;
  const r = log1pUnit(g, x);
  // log1p(inf) = inf (the correction would give inf/inf); log1p(x) has the sign of x, -0 included
  return withSignOf(g, g.op('Where', [g.op('Equal', [x, g.scalar(Number.POSITIVE_INFINITY, d)], 'bool'), x, r], d), x);
}

/** e^x - 1, accurate near 0: x where e^x rounds to 1, -1 where e^x - 1 rounds to -1, else (u - 1)·x/log(u). */
function expm1(g: GraphBuilder, x: Val): Val {
  const d = x.dtype as Float;
  const one = g.scalar(1, d);
  const u = g.op('Exp', [x], d);
  const um1 = g.op('Sub', [u, one], d);
  let r = g.op('Div', [g.op('Mul', [um1, x], d), g.op('Log', [u], d)], d);
  r = g.op('Where', [g.op('Equal', [um1, g.scalar(-1, d)], 'bool'), um1, r], d);
  r = g.op('Where', [g.op('Equal', [u, g.scalar(Number.POSITIVE_INFINITY, d)], 'bool'), u, r], d);
  // expm1(x) has the sign of x, -0 included
  return withSignOf(g, g.op('Where', [g.op('Equal', [u, one], 'bool'), x, r], d), x);
}

/** C's round: r = floor(|x|), plus 1 where |x| - r (exact) is at least a half, with the sign of x. */
function roundHalfAway(g: GraphBuilder, x: Val): Val {
  const d = x.dtype;
  const ax = g.op('Abs', [x], d);
  const r = g.op('Floor', [ax], d);
  const up = g.op('Cast', [g.op('GreaterOrEqual', [g.op('Sub', [ax, r], d), g.scalar(0.5, d)], 'bool')], d, {
    to: onnxElemType(d as RealDType),
  });
  return withSignOf(g, g.op('Add', [r, up], d), x);
}

/** IsNaN / IsInf on floats; integers are never NaN or infinite (false, in the input's shape). */
const predicate =
  (onnxOp: string): Lowering =>
  (g, node, [x]) => {
    if (isFloatDType(node.inputs[0]!.dtype)) return [g.op(onnxOp, [x!], 'bool')];
    return [g.op('Not', [g.op('Equal', [x!, x!], 'bool')], 'bool')];
  };

/** An extended op computed in the output's float dtype. */
const floatOp =
  (f: (g: GraphBuilder, x: Val) => Val): Lowering =>
  (g, node, [x]) => {
    const out = outDType(node);
    return [g.cast(f(g, g.cast(x!, out)), out)];
  };

/** `sqr(x)` = x·x. */
const sqr: Lowering = (g, node, [x]) => [g.cast(g.compute('Mul', [x!, x!], outDType(node)), outDType(node))];

/** `softplus(x)` = max(x, 0) + log1p(e^-|x|): never overflows (e^-|x| is in [+0, 1]: `log1pUnit`). */
const softplus = floatOp((g, x) => {
  const d = x.dtype;
  const e = g.op('Exp', [g.op('Neg', [g.op('Abs', [x], d)], d)], d);
  return g.op('Add', [g.op('Max', [x, g.scalar(0, d)], d), log1pUnit(g, e)], d);
});

/** `sigmoid(x)` = 1/(1 + e^-x) for x ≥ 0, e^x/(1 + e^x) below: never overflows. */
const sigmoid = floatOp((g, x) => {
  const d = x.dtype;
  const e = g.op('Exp', [g.op('Neg', [g.op('Abs', [x], d)], d)], d);
  const den = g.op('Add', [g.scalar(1, d), e], d);
  const pos = g.op('Div', [g.scalar(1, d), den], d);
  const neg = g.op('Div', [e, den], d);
  return g.op('Where', [g.op('GreaterOrEqual', [x, g.scalar(0, d)], 'bool'), pos, neg], d);
});

/** `Composite{...}(inputs)`: the inner graph inlined on the whole tensors, broadcast to every input's shape. */
const composite: Lowering = (g, node, ins) => {
  typedBroadcastCheck(g, node, ins);
  const { inner } = COMPOSITE.match(node)!;
  let [r] = g.lowerGraph(inner, ins, g.path);
  const used = ancestors([inner.outputs[0]!]);
  inner.inputs.forEach((v, k) => {
    if (!used.has(v)) r = g.op('Expand', [r!, g.shapeOf(ins[k]!)], r!.dtype);
  });
  return [g.cast(r!, outDType(node))];
};

/** The extended op lowerings. */
export const EXTENDED_LOWERINGS = {
  sqr,
  log1p: floatOp(log1p),
  expm1: floatOp(expm1),
  softplus,
  sigmoid,
  // ONNX Erf in float32; in float64 (onnxruntime's Erf kernel is float32 only) a formula in ops it has
  erf: floatOp((g, x) => (x.dtype === 'float32' ? g.op('Erf', [x], x.dtype) : erf64(new F64(g), x))),
  // log2(x) = log(x) / ln 2 (ONNX has no Log2)
  log2: floatOp((g, x) => g.op('Div', [g.op('Log', [x], x.dtype), g.scalar(Math.LN2, x.dtype)], x.dtype)),
  // log10(x) = log(x) / ln 10 (ONNX has no Log10)
  log10: floatOp((g, x) => g.op('Div', [g.op('Log', [x], x.dtype), g.scalar(Math.LN10, x.dtype)], x.dtype)),
  exp2: floatOp((g, x) => g.op('Pow', [g.scalar(2, x.dtype), x], x.dtype)),
  inv: floatOp((g, x) => g.op('Div', [g.scalar(1, x.dtype), x], x.dtype)),
  deg2rad: floatOp((g, x) => g.op('Mul', [x, g.scalar(Math.PI / 180, x.dtype)], x.dtype)),
  rad2deg: floatOp((g, x) => g.op('Mul', [x, g.scalar(180 / Math.PI, x.dtype)], x.dtype)),
  floor: floatOp((g, x) => g.op('Floor', [x], x.dtype)),
  ceil: floatOp((g, x) => g.op('Ceil', [x], x.dtype)),
  // trunc(x) = ±floor(|x|), the sign of x kept (zero included)
  trunc: floatOp((g, x) => withSignOf(g, g.op('Floor', [g.op('Abs', [x], x.dtype)], x.dtype), x)),
  round_half_away_from_zero: floatOp(roundHalfAway),
  // ONNX Round rounds halves to even (numpy's rule)
  round_half_to_even: floatOp((g, x) => g.op('Round', [x], x.dtype)),
  isnan: predicate('IsNaN'),
  isinf: predicate('IsInf'),
  ...MORE_ELEMWISE_LOWERINGS,
  // Softmax / LogSoftmax along one axis (opset ≥ 13 takes any axis), in the output's float dtype
  softmax: (g, node, [x]) => [
    g.op('Softmax', [g.cast(x!, outDType(node))], outDType(node), { axis: SOFTMAX.match(node)!.axis }),
  ],
  log_softmax: (g, node, [x]) => [
    g.op('LogSoftmax', [g.cast(x!, outDType(node))], outDType(node), { axis: LOG_SOFTMAX.match(node)!.axis }),
  ],
  // not declared (onnxruntime fuses elementwise chains itself): met in graphs compiled for other backends
  composite,
  ...CREATION_EXTENDED_LOWERINGS,
} satisfies { readonly [P in ExtendedOpName]?: Lowering };
