/**
 * The rewrites that need no new ops: constant folding, removal of useless ops (`x * 1`, `x + 0`, double
 * transposes, no-op dimshuffles, reshapes and casts) and the canonical form of add/mul/neg/sub/div chains.
 * Each is named, tagged and testable alone. Most are one pattern (`pattern.ts`); constant folding and the
 * flattening of add/mul chains are procedural. None checks the replacement's shape or casts it back to the
 * node's dtype: the engine does, for every rule.
 */
import { isFloatDType } from '../dtype.js';
import type { Apply } from '../graph/apply.js';
import { makeConstant } from '../graph/constant.js';
import { TensorConstant, type TensorVariable } from '../graph/variable.js';
import { add, cast, mul, onesLike, sqrt, sub, trueDiv, zerosLike } from '../ops/elemwise.js';
import { DIMSHUFFLE, dimshuffle, reshape } from '../ops/shape.js';
import { registerRewrite } from './engine.js';
import { pat, registerPatternRewrite, sameOp, when } from './pattern.js';
import { constantOf, withDType } from './util.js';

const BASIC = ['fast_run', 'fast_compile'] as const;
const RUN = ['fast_run'] as const;

// ---------------------------------------------------------------- constant folding
const FOLD_LIMIT = 1 << 20;
/**
 * Ops never folded: loops and run-time checks keep their meaning; an `Alloc` (`T.zeros([1e6])`) is cheaper
 * to run than to store as a dense constant (Theano's `Alloc.do_constant_folding` also keeps it); `Print`
 * prints when run, not when compiled.
 */
const NO_FOLD = new Set(['map', 'assert_same_shape', 'alloc', 'print']);

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
    if (NO_FOLD.has(node.op.kind) || node.inputs.length === 0) return null;
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
/** `local_mul_one`: `x * 1` → `x` (each 1 of an n-ary product dropped). */
export const mulOne = registerPatternRewrite({
  name: 'local_mul_one',
  phase: 'canonicalize',
  tags: [...BASIC, 'useless'],
  pattern: pat.op('mul', pat.const(1), pat.rest('xs')).commutative(),
  build: ({ xs }, node) => sameOp(node, xs),
});

/** `local_add_zero`: `x + 0` → `x` (each 0 of an n-ary sum dropped). */
export const addZero = registerPatternRewrite({
  name: 'local_add_zero',
  phase: 'canonicalize',
  tags: [...BASIC, 'useless'],
  pattern: pat.op('add', pat.const(0), pat.rest('xs')).commutative(),
  build: ({ xs }, node) => sameOp(node, xs),
});

/** `local_sub_zero`: `x - 0` → `x`. */
export const subZero = registerPatternRewrite({
  name: 'local_sub_zero',
  phase: 'canonicalize',
  tags: [...BASIC, 'useless'],
  pattern: pat.op('sub', pat.var('x'), pat.const(0)),
  build: ({ x }) => x,
});

/** `local_div_one`: `x / 1` → `x` (for float x: an int x / 1 stays a division, whose result is float). */
export const divOne = registerPatternRewrite({
  name: 'local_div_one',
  phase: 'canonicalize',
  tags: [...BASIC, 'useless'],
  exactDType: true,
  pattern: pat.op('true_div', pat.var('x'), pat.const(1)),
  build: ({ x }) => x,
});

/** `local_neg_neg`: `-(-x)` → `x`. */
export const negNeg = registerPatternRewrite({
  name: 'local_neg_neg',
  phase: 'canonicalize',
  tags: [...BASIC, 'useless'],
  pattern: pat.op('neg', pat.op('neg', pat.var('x'))),
  build: ({ x }) => x,
});

const orderOf = (v: TensorVariable) => DIMSHUFFLE.matchOutput(v)!.order;

/** `local_dimshuffle_dimshuffle`: two dimshuffles compose into one (a double transpose disappears). */
export const dimshuffleDimshuffle = registerPatternRewrite({
  name: 'local_dimshuffle_dimshuffle',
  phase: 'canonicalize',
  tags: [...BASIC, 'useless'],
  pattern: pat.op('dimshuffle', pat.op('dimshuffle', pat.var('x')).as('inner')),
  build: ({ x, inner }, node) =>
    dimshuffle(
      x,
      orderOf(node.outputs[0]!).map((o) => (o === 'x' ? 'x' : orderOf(inner)[o]!)),
    ),
});

/** `local_useless_reshape`: a reshape of a reshape is one; a reshape to the static shape its input has, none. */
export const uselessReshape = registerPatternRewrite({
  name: 'local_useless_reshape',
  phase: 'canonicalize',
  tags: [...BASIC, 'useless'],
  cases: [
    when(pat.op('reshape', pat.op('reshape', pat.var('x'), pat.any()), pat.var('shape')), ({ x, shape }, node) =>
      reshape(x, shape, node.outputs[0]!.ndim),
    ),
    when(pat.op('reshape', pat.var('x'), pat.any()), ({ x }, node) =>
      sameStaticShape(x, node.outputs[0]!) ? x : null,
    ),
  ],
});

/** Whether `x` and `out` have the same rank and the same sizes, all known. */
function sameStaticShape(x: TensorVariable, out: TensorVariable): boolean {
  return x.ndim === out.ndim && x.type.shape.every((d, i) => d !== null && d === out.type.shape[i]);
}

/** `local_cast_cast`: a widening cast followed by another cast is one cast. */
export const castCast = registerPatternRewrite({
  name: 'local_cast_cast',
  phase: 'canonicalize',
  tags: [...BASIC, 'useless'],
  // x → mid must be exact for the composition to equal a direct cast
  pattern: pat.op('cast', pat.op('cast', pat.var('x')).as('mid')),
  build: ({ x, mid }, node) => (exactCast(x.dtype, mid.dtype) ? cast(x, node.outputs[0]!.dtype) : null),
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
  const name = node.op.kind;
  const out = node.outputs[0]!;
  let changed = false;
  const terms: TensorVariable[] = [];
  for (const v of node.inputs) {
    const o = v.owner;
    // chains are flattened into nodes of at most MAX_ARITY inputs: longer ones would make rewriting a long
    // chain quadratic (each step rebuilding a longer node); fusion then joins the pieces
    if (
      o &&
      o.op.kind === name &&
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
  return name === 'add' ? add(rest[0]!, rest[1]!, ...rest.slice(2)) : mul(rest[0]!, rest[1]!, ...rest.slice(2));
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
export const subSelf = registerPatternRewrite({
  name: 'local_sub_self',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize'],
  pattern: pat.op('sub', pat.var('x'), pat.var('x')),
  build: ({ x }, node) => zerosLike(x, node.outputs[0]!.dtype),
});

/** `local_add_neg_to_sub`: `a + (-b)` → `a - b` (and `(-b) + a` → `a - b`). */
export const addNegToSub = registerPatternRewrite({
  name: 'local_add_neg_to_sub',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize'],
  pattern: pat.op('add', pat.var('a'), pat.op('neg', pat.var('b'))).commutative(),
  build: ({ a, b }) => sub(a, b),
});

/** `local_neg_sub`: `-(a - b)` → `b - a`. */
export const negSub = registerPatternRewrite({
  name: 'local_neg_sub',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize'],
  pattern: pat.op('neg', pat.op('sub', pat.var('a'), pat.var('b'))),
  build: ({ a, b }) => sub(b, a),
});

/** `local_sub_neg`: `a - (-b)` → `a + b`. */
export const subNeg = registerPatternRewrite({
  name: 'local_sub_neg',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize'],
  pattern: pat.op('sub', pat.var('a'), pat.op('neg', pat.var('b'))),
  build: ({ a, b }) => add(a, b),
});

/** `local_div_div`: `(a / b) / c` → `a / (b * c)`. */
export const divDiv = registerPatternRewrite({
  name: 'local_div_div',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize'],
  exactDType: true,
  pattern: pat.op('true_div', pat.op('true_div', pat.var('a'), pat.var('b')), pat.var('c')),
  // b * c in the output's (float) dtype: int8 divisors 100 * 100 must not wrap
  build: ({ a, b, c }, node) => trueDiv(a, mul(withDType(b, node.outputs[0]!), c)),
});

/** `local_mul_neg`: `(-a) * (-b)` → `a * b`. */
export const mulNegNeg = registerPatternRewrite({
  name: 'local_mul_neg_neg',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize'],
  pattern: pat.op('mul', pat.op('neg', pat.var('a')), pat.op('neg', pat.var('b'))),
  build: ({ a, b }) => mul(a, b),
});

/**
 * `local_neg_mul_neg`: `-(a · (-b))` → `a · b`, for a product of any arity with a negated factor (the first
 * one, where several are). Gradients are full of it: the mean's `-(1/n)` times an upstream factor, negated
 * again by `-log`. Exact in floats (negation is exact and rounding symmetric, signed zeros included) and in
 * wrapping integers when the negations and the product share one dtype, which the rule requires (an int8
 * `-(-128)` wraps before an int16 product would see it).
 */
export const negMulNeg = registerRewrite({
  name: 'local_neg_mul_neg',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize'],
  ops: ['neg'],
  apply: (node) => {
    const prod = node.inputs[0]!.owner;
    const out = node.outputs[0]!;
    if (prod?.op.kind !== 'mul' || prod.outputs[0]!.dtype !== out.dtype) return null;
    const k = prod.inputs.findIndex((v) => v.owner?.op.kind === 'neg' && v.dtype === out.dtype);
    if (k < 0) return null;
    const terms = prod.inputs.map((v, i) => (i === k ? v.owner!.inputs[0]! : v));
    if (terms[k]!.dtype !== out.dtype) return null;
    return mul(terms[0]!, terms[1]!, ...terms.slice(2));
  },
});

// ---------------------------------------------------------------- pow specializations with existing ops
/** `x ** e` for a constant `e` (every element equal to `e`). */
const powOf = (e: number) => pat.op('pow', pat.var('x'), pat.const(e));
const isFloatOut = (node: Apply) => isFloatDType(node.outputs[0]!.dtype);

/** `local_pow_specialize`: `x ** 1` → x, `x ** 0` → ones, `x ** 0.5` → sqrt(x), `x ** -1` → 1 / x. */
export const powSpecialize = registerPatternRewrite({
  name: 'local_pow_specialize',
  phase: 'specialize',
  tags: [...RUN, 'specialize'],
  cases: [
    when(powOf(1), ({ x }) => x),
    when(powOf(0), ({ x }, node) => onesLike(x, node.outputs[0]!.dtype)),
    // x in the output's dtype first: an int16 x ** 0.5 is float64, where sqrt(int16) would be float32
    when(powOf(0.5), ({ x }, node) => (isFloatOut(node) ? sqrt(withDType(x, node.outputs[0]!)) : null)),
    when(powOf(-1), ({ x }, node) => (isFloatOut(node) ? trueDiv(1, x) : null)),
  ],
});
