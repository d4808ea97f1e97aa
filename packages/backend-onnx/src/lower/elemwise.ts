/**
 * Elementwise ops → ONNX, with numpy's semantics as the reference backend defines them: operands cast to
 * the node's compute dtype (a carrier dtype where onnxruntime lacks the kernel), integer floor division
 * and Python's modulo built from truncating ONNX ops (and never dividing by zero, which onnxruntime turns
 * into an error or a SIGFPE), float floor division and modulo as numpy's divmod computes them, integer
 * powers checked for negative exponents, and Theano's typed broadcasting rule checked at run time.
 */
import { type Apply, type ElemwiseName, isDiscreteDType, sameDim } from '@theano-ts/core';
import type { GraphBuilder, Val } from '../builder.js';
import {
  computeDType,
  constantThrough,
  type Lowering,
  outDType,
  promotedInputs,
  tupleString,
  withSignOf,
} from './common.js';

/**
 * Theano's rule, checked where the types leave it open: a size-1 dimension broadcasts only where its type
 * says it may. Emits the operands' shapes as a check when two or more operands have a non-broadcastable
 * dimension whose size is not known before running.
 */
export function typedBroadcastCheck(g: GraphBuilder, node: Apply, ins: readonly Val[]): void {
  if (ins.length < 2 || !g.withChecks) return;
  const nd = node.inputs[0]!.ndim;
  const proven = g.checkDims?.get(node);
  const dims: number[] = [];
  for (let d = 0; d < nd; d++) {
    if (proven && !proven.includes(d)) continue; // equal sizes on every run that ends (core's broadcastCheckDims)
    const strict = node.inputs.filter((v) => !v.type.broadcastable[d]);
    // sizes equal by construction (the same source dimension) need no check
    if (strict.every((v) => sameDim(v, strict[0]!, d))) continue;
    if (strict.every((v) => v.type.shape[d] !== null)) continue; // static sizes were checked when the node was built
    dims.push(d);
  }
  if (dims.length === 0) return;
  // sizes that are the graph inputs' (a bias against a weight's columns) are read from the inputs' shapes
  const inputSizes = g.inputSizesOf(node.inputs);
  g.addCheck({
    ...(inputSizes ? { outputs: [], inputSizes } : { outputs: ins.map((v) => g.shapeOf(v)) }),
    rowLengths: ins.map(() => nd),
    validate(rows, n) {
      for (const d of dims) {
        const size = Math.max(...rows.map((r) => r[d]!));
        if (size === 1) continue;
        for (let i = 0; i < rows.length; i++) {
          const v = n.inputs[i]!;
          if (rows[i]![d] === 1 && !v.type.broadcastable[d]) {
            return (
              `${n.op}: input ${i} (${v}) has size 1 at dimension ${d} where another input has size ${size}, ` +
              `but its type ${v.type} does not allow broadcasting there (shapes ${rows.map((r) => tupleString(r)).join(', ')}); ` +
              'use a type with a broadcastable dimension (T.row, T.col) for broadcasting'
            );
          }
        }
      }
      return null;
    },
  });
}

/** An op folding its operands left to right with one ONNX binary op (add, mul are n-ary). */
const fold =
  (onnxOp: string): Lowering =>
  (g, node, ins) => {
    typedBroadcastCheck(g, node, ins);
    const c = computeDType(node);
    let acc = ins[0]!;
    for (let k = 1; k < ins.length; k++) {
      if (c === 'int64' && (onnxOp === 'Min' || onnxOp === 'Max')) {
        // onnxruntime's int64 Min and Max compare only the low 32 bits (min(5, 2^31) gave 2^31, max(3e9, 5)
        // gave 5); Less and Greater compare all 64
        const a = g.cast(acc, c);
        const b = g.cast(ins[k]!, c);
        acc = g.op('Where', [g.op(onnxOp === 'Min' ? 'Less' : 'Greater', [a, b], 'bool'), a, b], c);
      } else acc = g.compute(onnxOp, [acc, ins[k]!], c);
    }
    return [g.cast(acc, outDType(node))];
  };

/** A one-operand op computed in the node's compute dtype. */
const unary =
  (onnxOp: string): Lowering =>
  (g, node, [x]) => [g.cast(g.compute(onnxOp, [x!], computeDType(node)), outDType(node))];

/** A comparison, computed in the promotion of its operands (so `int8 < 300` compares 300, not 44). */
const compare =
  (onnxOp: string, negate = false): Lowering =>
  (g, node, ins) => {
    typedBroadcastCheck(g, node, ins);
    let r = g.compute(onnxOp, ins, promotedInputs(node), {}, true);
    if (negate) r = g.op('Not', [r], 'bool');
    return [g.cast(r, outDType(node))];
  };

/** Integer floor division or Python modulo, exact in int64, 0 where the divisor is 0 (numpy's result). */
function intDivMod(g: GraphBuilder, a0: Val, b0: Val, wide: boolean, mod: boolean): Val {
  // mod is ONNX Mod with fmod=0 (the divisor's sign); q = trunc(a / b), one less where the division was
  // inexact and the signs differ (floor). (a - a mod b) / b would overflow for a near ±2^63.
  const a = g.cast(a0, 'int64');
  const b = g.cast(b0, 'int64');
  const zero = g.scalar(0, 'int64');
  const one = g.scalar(1, 'int64');
  const bz = g.op('Equal', [b, zero], 'bool');
  let bad = bz;
  if (wide) {
    // INT64_MIN / -1 traps the CPU (SIGFPE); numpy wraps it to INT64_MIN (and INT64_MIN % -1 = 0),
    // which is what dividing by 1 gives
    const amin = g.op('Equal', [a, g.scalar(-(2 ** 63), 'int64')], 'bool');
    const bm1 = g.op('Equal', [b, g.scalar(-1, 'int64')], 'bool');
    bad = g.op('Or', [bz, g.op('And', [amin, bm1], 'bool')], 'bool');
  }
  const sb = g.op('Where', [bad, one, b], 'int64');
  const m = g.op('Mod', [a, sb], 'int64', { fmod: 0 });
  let r = m;
  if (!mod) {
    const inexact = g.op('Not', [g.op('Equal', [m, zero], 'bool')], 'bool');
    const signsDiffer = g.op('Xor', [g.op('Less', [a, zero], 'bool'), g.op('Less', [sb, zero], 'bool')], 'bool');
    const down = g.op('Where', [g.op('And', [inexact, signsDiffer], 'bool'), one, zero], 'int64');
    r = g.op('Sub', [g.op('Div', [a, sb], 'int64'), down], 'int64');
  }
  return g.op('Where', [bz, zero, r], 'int64');
}

/** numpy's float modulo and floor division (npy_divmod): the modulus takes the divisor's sign. */
function floatDivMod(g: GraphBuilder, a: Val, b: Val, mod: boolean): Val {
  const dt = a.dtype;
  const zero = g.scalar(0, dt);
  const m = g.op('Mod', [a, b], dt, { fmod: 1 }); // C fmod: the dividend's sign; NaN when b = 0
  const mNonZero = g.op('Not', [g.op('Equal', [m, zero], 'bool')], 'bool');
  const signsDiffer = g.op('Xor', [g.op('Less', [b, zero], 'bool'), g.op('Less', [m, zero], 'bool')], 'bool');
  const fix = g.op('And', [mNonZero, signsDiffer], 'bool');
  // the modulus has the divisor's sign, zero included (numpy: copysign(0, b))
  if (mod) return withSignOf(g, g.op('Where', [fix, g.op('Add', [m, b], dt), m], dt), b);
  // div = (a - m) / b, one less where m was fixed; then rounded to the nearest integer as numpy does
  let div = g.op('Div', [g.op('Sub', [a, m], dt), b], dt);
  div = g.op('Where', [fix, g.op('Sub', [div, g.scalar(1, dt)], dt), div], dt);
  let fl = g.op('Floor', [div], dt);
  const up = g.op('Greater', [g.op('Sub', [div, fl], dt), g.scalar(0.5, dt)], 'bool');
  fl = g.op('Where', [up, g.op('Add', [fl, g.scalar(1, dt)], dt), fl], dt);
  // x // 0 is x / 0 (±inf or NaN); the quotient has the sign of a / b, zero included (numpy: copysign(0, a/b))
  const q = g.op('Div', [a, b], dt);
  return withSignOf(g, g.op('Where', [g.op('Equal', [b, zero], 'bool'), q, fl], dt), q);
}

/** int_div and mod: integer or float algorithm by the compute dtype. */
const divMod =
  (mod: boolean): Lowering =>
  (g, node, ins) => {
    typedBroadcastCheck(g, node, ins);
    const c = computeDType(node);
    const out = outDType(node);
    if (isDiscreteDType(c)) return [g.cast(intDivMod(g, ins[0]!, ins[1]!, c === 'int64', mod), out)];
    const a = g.cast(ins[0]!, c);
    const b = g.cast(ins[1]!, c);
    return [g.cast(floatDivMod(g, a, b, mod), out)];
  };

/** pow: integer powers in int64 (then wrapped into the output dtype) with a check for negative exponents. */
const pow: Lowering = (g, node, ins) => {
  typedBroadcastCheck(g, node, ins);
  const out = outDType(node);
  const [a0, b0] = ins as [Val, Val];
  if (!(isDiscreteDType(out) && node.inputs.every((v) => isDiscreteDType(v.dtype)))) {
    return [g.cast(g.compute('Pow', [a0, b0], computeDType(node)), out)];
  }
  const a = g.cast(a0, 'int64');
  const b = g.cast(b0, 'int64');
  const known = constantThrough(node.inputs[1]!);
  if (!known || known.toFloat64().some((e) => e < 0)) {
    const minExp = g.op('ReduceMin', [b], 'int64', { keepdims: 0 });
    g.addCheck({
      outputs: [minExp],
      rowLengths: [1],
      validate: ([row], n) =>
        row![0]! < 0
          ? `${n.op}: integers to negative integer powers are not allowed (got exponent ${row![0]} for ${n.inputs[1]})`
          : null,
    });
  }
  return [g.cast(g.op('Pow', [a, b], 'int64'), out)];
};

/** second(a, b): b broadcast to the shape of a + b. */
const second: Lowering = (g, node, [a, b]) => {
  typedBroadcastCheck(g, node, [a!, b!]);
  return [g.op('Expand', [g.cast(b!, outDType(node)), g.shapeOf(a!)], outDType(node))];
};

/** One lowering per elementwise primitive. */
export const ELEMWISE_LOWERINGS: { readonly [P in ElemwiseName]: Lowering } = {
  add: fold('Add'),
  sub: fold('Sub'),
  mul: fold('Mul'),
  true_div: fold('Div'),
  int_div: divMod(false),
  mod: divMod(true),
  pow,
  maximum: fold('Max'),
  minimum: fold('Min'),
  lt: compare('Less'),
  le: compare('LessOrEqual'),
  gt: compare('Greater'),
  ge: compare('GreaterOrEqual'),
  eq: compare('Equal'),
  neq: compare('Equal', true),
  second,
  neg: unary('Neg'),
  abs: unary('Abs'),
  exp: unary('Exp'),
  log: unary('Log'),
  sqrt: unary('Sqrt'),
  sin: unary('Sin'),
  cos: unary('Cos'),
  tanh: unary('Tanh'),
  sgn: unary('Sign'),
  cast: (g, node, [x]) => [g.cast(x!, outDType(node))],
};
