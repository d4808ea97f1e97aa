/**
 * The rewrites that need no new ops: constant folding, removal of useless ops (`x * 1`, `x + 0`, double
 * transposes, no-op dimshuffles, reshapes and casts) and the canonical form of add/mul/neg/sub/div chains.
 * Each is named, tagged and testable alone.
 */
import { isFloatDType } from '../dtype.js';
import type { Apply } from '../graph/apply.js';
import { applyOp } from '../graph/apply.js';
import { makeConstant } from '../graph/constant.js';
import { TensorConstant, type TensorVariable } from '../graph/variable.js';
import { add, cast, mul, onesLike, sqrt, sub, trueDiv, zerosLike } from '../ops/elemwise.js';
import { dimshuffle, reshape } from '../ops/shape.js';
import { registerRewrite } from './engine.js';
import { constantOf, coversOutput, isConstantEqual, scalarConstant, withDType } from './util.js';

const BASIC = ['fast_run', 'fast_compile'] as const;
const RUN = ['fast_run'] as const;

// ---------------------------------------------------------------- constant folding
const FOLD_LIMIT = 1 << 20;
/** Ops never folded: loops and run-time checks keep their meaning. */
const NO_FOLD = new Set(['map', 'assert_same_shape']);

/**
 * `constant_folding`: a node whose inputs are all constants becomes the constant it computes, with the op's
 * own `perform` (core's implementation: the scalar table for elementwise ops, shape ops from their
 * definitions), so the folded graph never depends on which backends are imported. Ops without a `perform`
 * in core are left to run.
 */
export const constantFolding = registerRewrite({
  name: 'constant_folding',
  phase: 'canonicalize',
  tags: [...BASIC, 'constant_folding'],
  ops: null,
  apply(node) {
    if (NO_FOLD.has(node.op.name) || node.inputs.length === 0) return null;
    if (!node.inputs.every((v) => v instanceof TensorConstant)) return null;
    const out = node.outputs[0]!;
    const known = out.type.shape.every((d) => d !== null)
      ? out.type.shape.reduce<number>((a, d) => a * (d as number), 1)
      : 0;
    if (known > FOLD_LIMIT) return null;
    const perform = node.op.def.perform;
    if (!perform || node.outputs.length !== 1) return null;
    try {
      const values = node.inputs.map((v) => (v as TensorConstant).value);
      const [value] = perform(values, node.op.params, node);
      if (!value || value.size > FOLD_LIMIT || value.dtype !== out.dtype) return null;
      return makeConstant(value, false);
    } catch {
      return null; // the error will surface at run time, where it belongs
    }
  },
});

// ---------------------------------------------------------------- useless ops
function dropNeutral(node: Apply, neutral: number): TensorVariable | null {
  const keep = node.inputs.filter((v) => !isConstantEqual(v, neutral));
  if (keep.length === node.inputs.length) return null;
  const out = node.outputs[0]!;
  if (keep.length === 0) return null;
  if (keep.length === 1) return coversOutput(keep[0]!, node) ? withDType(keep[0]!, out) : null;
  const rebuilt = applyOp(node.op, keep).outputs[0]!;
  return rebuilt.type.ndim === out.ndim && rebuilt.broadcastable.every((b, d) => !b || out.broadcastable[d])
    ? withDType(rebuilt, out)
    : null;
}

/** `local_mul_one`: `x * 1` → `x`. */
export const mulOne = registerRewrite({
  name: 'local_mul_one',
  phase: 'canonicalize',
  tags: [...BASIC, 'useless'],
  ops: ['mul'],
  apply: (node) => dropNeutral(node, 1),
});

/** `local_add_zero`: `x + 0` → `x`. */
export const addZero = registerRewrite({
  name: 'local_add_zero',
  phase: 'canonicalize',
  tags: [...BASIC, 'useless'],
  ops: ['add'],
  apply: (node) => dropNeutral(node, 0),
});

/** `local_sub_zero`: `x - 0` → `x`. */
export const subZero = registerRewrite({
  name: 'local_sub_zero',
  phase: 'canonicalize',
  tags: [...BASIC, 'useless'],
  ops: ['sub'],
  apply(node) {
    const [a, b] = node.inputs;
    return isConstantEqual(b!, 0) && coversOutput(a!, node) ? withDType(a!, node.outputs[0]!) : null;
  },
});

/** `local_div_one`: `x / 1` → `x` (for float x). */
export const divOne = registerRewrite({
  name: 'local_div_one',
  phase: 'canonicalize',
  tags: [...BASIC, 'useless'],
  ops: ['true_div'],
  apply(node) {
    const [a, b] = node.inputs;
    const out = node.outputs[0]!;
    return isConstantEqual(b!, 1) && coversOutput(a!, node) && a!.dtype === out.dtype ? a! : null;
  },
});

/** `local_neg_neg`: `-(-x)` → `x`. */
export const negNeg = registerRewrite({
  name: 'local_neg_neg',
  phase: 'canonicalize',
  tags: [...BASIC, 'useless'],
  ops: ['neg'],
  apply(node) {
    const inner = node.inputs[0]!.owner;
    return inner && inner.op.name === 'neg' ? inner.inputs[0]! : null;
  },
});

/** `local_dimshuffle_dimshuffle`: two dimshuffles compose into one (a double transpose disappears). */
export const dimshuffleDimshuffle = registerRewrite({
  name: 'local_dimshuffle_dimshuffle',
  phase: 'canonicalize',
  tags: [...BASIC, 'useless'],
  ops: ['dimshuffle'],
  apply(node) {
    const inner = node.inputs[0]!.owner;
    if (inner?.op.name !== 'dimshuffle') return null;
    const outer = (node.op.params as { order: readonly (number | 'x')[] }).order;
    const first = (inner.op.params as { order: readonly (number | 'x')[] }).order;
    const composed = outer.map((o) => (o === 'x' ? 'x' : first[o]!));
    return dimshuffle(inner.inputs[0]!, composed);
  },
});

/** `local_useless_reshape`: a reshape to the static shape its input already has, or of a reshape. */
export const uselessReshape = registerRewrite({
  name: 'local_useless_reshape',
  phase: 'canonicalize',
  tags: [...BASIC, 'useless'],
  ops: ['reshape'],
  apply(node) {
    const [x, shape] = node.inputs;
    const out = node.outputs[0]!;
    const inner = x!.owner;
    if (inner && inner.op.name === 'reshape') return reshape(inner.inputs[0]!, shape!, out.ndim);
    const xs = x!.type.shape;
    if (x!.ndim === out.ndim && xs.every((d, i) => d !== null && d === out.type.shape[i])) return x!;
    return null;
  },
});

/** `local_cast_cast`: a widening cast followed by another cast is one cast. */
export const castCast = registerRewrite({
  name: 'local_cast_cast',
  phase: 'canonicalize',
  tags: [...BASIC, 'useless'],
  ops: ['cast'],
  apply(node) {
    const inner = node.inputs[0]!.owner;
    if (inner?.op.name !== 'cast') return null;
    const x = inner.inputs[0]!;
    const mid = inner.outputs[0]!.dtype;
    const out = node.outputs[0]!.dtype;
    // x → mid must be exact for the composition to equal a direct cast
    return exactCast(x.dtype, mid) ? cast(x, out) : null;
  },
});

/** Bits of integer precision a dtype holds exactly (a float's significand; a complex's parts). */
const EXACT_BITS: Record<string, number> = {
  int8: 8,
  int16: 16,
  int32: 32,
  int64: 64,
  float32: 24,
  float64: 53,
  complex64: 24,
  complex128: 53,
};
/** Whether every value of `from` survives a cast to `to` unchanged (int32 → float32 does not: 2**24 + 1). */
function exactCast(from: string, to: string): boolean {
  if (from === to || from === 'bool') return true;
  const kind = (d: string) => (d.startsWith('int') ? 0 : d.startsWith('float') ? 1 : d.startsWith('complex') ? 2 : -1);
  const a = kind(from);
  const b = kind(to);
  if (a < 0 || b < a) return false;
  return EXACT_BITS[from]! <= EXACT_BITS[to]!;
}

// ---------------------------------------------------------------- canonical add/mul/neg/sub/div
const MAX_ARITY = 16;

function flatten(node: Apply): TensorVariable | null {
  const name = node.op.name;
  const out = node.outputs[0]!;
  let changed = false;
  const terms: TensorVariable[] = [];
  for (const v of node.inputs) {
    const o = v.owner;
    // chains are flattened into nodes of at most MAX_ARITY inputs: longer ones would make rewriting a long
    // chain quadratic (each step rebuilding a longer node); fusion then joins the pieces
    if (
      o &&
      o.op.name === name &&
      v.dtype === out.dtype &&
      v.ndim === out.ndim &&
      terms.length + o.inputs.length + node.inputs.length <= MAX_ARITY
    ) {
      terms.push(...o.inputs);
      changed = true;
    } else terms.push(v);
  }
  // fold the constants of the chain into one
  const consts = terms.filter((t) => constantOf(t) !== null);
  let rest = terms.filter((t) => constantOf(t) === null);
  if (consts.length >= 2) {
    // combined in the output's dtype, as the chain combines them (weak int8 constants 100 + 100 must not wrap)
    const cs = consts.map((c) => withDType(c, out));
    const combined = name === 'add' ? add(cs[0]!, cs[1]!, ...cs.slice(2)) : mul(cs[0]!, cs[1]!, ...cs.slice(2));
    rest = [...rest, combined];
    changed = true;
  } else rest = [...rest, ...consts];
  if (!changed || rest.length < 2) return null;
  const r = name === 'add' ? add(rest[0]!, rest[1]!, ...rest.slice(2)) : mul(rest[0]!, rest[1]!, ...rest.slice(2));
  return r.ndim === out.ndim && r.broadcastable.every((b, d) => !b || out.broadcastable[d]) ? withDType(r, out) : null;
}

/** `local_add_canonize`: nested additions flatten into one n-ary add, constants combined. */
export const addCanonize = registerRewrite({
  name: 'local_add_canonize',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize'],
  ops: ['add'],
  apply: flatten,
});

/** `local_mul_canonize`: nested products flatten into one n-ary mul, constants combined. */
export const mulCanonize = registerRewrite({
  name: 'local_mul_canonize',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize'],
  ops: ['mul'],
  apply: flatten,
});

/** `local_sub_self`: `x - x` → zeros. */
export const subSelf = registerRewrite({
  name: 'local_sub_self',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize'],
  ops: ['sub'],
  apply(node) {
    const [a, b] = node.inputs;
    return a === b ? zerosLike(a!, node.outputs[0]!.dtype) : null;
  },
});

/** `local_add_neg_to_sub`: `a + (-b)` → `a - b`. */
export const addNegToSub = registerRewrite({
  name: 'local_add_neg_to_sub',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize'],
  ops: ['add'],
  apply(node) {
    if (node.inputs.length !== 2) return null;
    const [a, b] = node.inputs;
    const out = node.outputs[0]!;
    if (b!.owner?.op.name === 'neg') return withDType(sub(a!, b!.owner.inputs[0]!), out);
    if (a!.owner?.op.name === 'neg') return withDType(sub(b!, a!.owner.inputs[0]!), out);
    return null;
  },
});

/** `local_neg_sub`: `-(a - b)` → `b - a`. */
export const negSub = registerRewrite({
  name: 'local_neg_sub',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize'],
  ops: ['neg'],
  apply(node) {
    const inner = node.inputs[0]!.owner;
    return inner && inner.op.name === 'sub' ? sub(inner.inputs[1]!, inner.inputs[0]!) : null;
  },
});

/** `local_sub_neg`: `a - (-b)` → `a + b`. */
export const subNeg = registerRewrite({
  name: 'local_sub_neg',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize'],
  ops: ['sub'],
  apply(node) {
    const [a, b] = node.inputs;
    return b!.owner?.op.name === 'neg' ? withDType(add(a!, b!.owner.inputs[0]!), node.outputs[0]!) : null;
  },
});

/** `local_div_div`: `(a / b) / c` → `a / (b * c)`. */
export const divDiv = registerRewrite({
  name: 'local_div_div',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize'],
  ops: ['true_div'],
  apply(node) {
    const [ab, c] = node.inputs;
    const inner = ab!.owner;
    if (inner?.op.name !== 'true_div') return null;
    // b * c in the output's (float) dtype: int8 divisors 100 * 100 must not wrap
    const r = trueDiv(inner.inputs[0]!, mul(withDType(inner.inputs[1]!, node.outputs[0]!), c!));
    return r.dtype === node.outputs[0]!.dtype ? r : null;
  },
});

/** `local_mul_neg`: `(-a) * (-b)` → `a * b`. */
export const mulNegNeg = registerRewrite({
  name: 'local_mul_neg_neg',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize'],
  ops: ['mul'],
  apply(node) {
    if (node.inputs.length !== 2) return null;
    const [a, b] = node.inputs;
    if (a!.owner?.op.name !== 'neg' || b!.owner?.op.name !== 'neg') return null;
    return withDType(mul(a!.owner.inputs[0]!, b!.owner.inputs[0]!), node.outputs[0]!);
  },
});

// ---------------------------------------------------------------- pow specializations with existing ops
/** `local_pow_specialize`: `x ** 1` → x, `x ** 0` → ones, `x ** 0.5` → sqrt(x), `x ** -1` → 1 / x. */
export const powSpecialize = registerRewrite({
  name: 'local_pow_specialize',
  phase: 'specialize',
  tags: [...RUN, 'specialize'],
  ops: ['pow'],
  apply(node) {
    const [x, y] = node.inputs;
    const out = node.outputs[0]!;
    const e = scalarConstant(y!);
    if (e === null || !coversOutput(x!, node)) return null;
    if (e === 1) return withDType(x!, out);
    if (e === 0) return onesLike(x!, out.dtype);
    if (e === 0.5 && isFloatDType(out.dtype)) return withDType(sqrt(x!), out);
    if (e === -1 && isFloatDType(out.dtype)) return withDType(trueDiv(1, x!), out);
    return null;
  },
});
