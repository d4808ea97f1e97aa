/**
 * Stabilizations and specializations: `log(1 + x)` → `log1p(x)`, `log(1 + exp(x))` → `softplus(x)`,
 * `log(sigmoid(x))` → `-softplus(-x)`, `log(softmax(x))` → log-softmax, `log(sum(exp(x)))` → logsumexp,
 * `exp(x) / sum(exp(x))` (also as the gradient of logsumexp builds it) → a softmax that subtracts the
 * maximum, `exp(x) - 1` → `expm1(x)`, `x ** 2` → `sqr(x)`. A rewrite that would introduce an op the
 * backend lacks emits an equivalent stable graph of primitives instead; `expand_extended` finally replaces
 * any extended op a backend lacks by primitives, before fusion (it always runs: correctness, not speed).
 * Most are patterns (`pattern.ts`); `local_exp_times_recip_sum`, the fill rewrites (`local_fill_cut`,
 * `local_fill_sink`, `local_dimshuffle_fill_lift`) and `expand_extended` are procedural. The engine casts
 * every replacement back to the node's dtype and rejects one whose shape could differ, so no rule here does.
 */
import { stableForm } from '../autodiff/stabilize.js';
import { type Apply, applyOp } from '../graph/apply.js';
import type { TensorVariable } from '../graph/variable.js';
import { add, elemwiseDefOf, exp, log, mul, neg, second, sub, trueDiv } from '../ops/elemwise.js';
import { expm1, log1p, log1pPrimitive, sigmoid, softplus, softplusPrimitive, sqr } from '../ops/extended.js';
import { EXTENDED_OPS } from '../ops/primitives.js';
import { max, SUM, sum } from '../ops/reduce.js';
import { DIMSHUFFLE, dimshuffle } from '../ops/shape.js';
import { logSoftmax, SOFTMAX } from '../ops/softmax.js';
import { type RewriteContext, registerRewrite } from './engine.js';
import { type Pattern, pat, registerPatternRewrite, when } from './pattern.js';
import { withDType } from './util.js';

const RUN = ['fast_run'] as const;

/** The node computing `v` if its op is `name`. */
function opOf(v: TensorVariable, name: string): Apply | null {
  return v.owner && v.owner.op.kind === name ? v.owner : null;
}

// ---------------------------------------------------------------- sub-patterns
/** `1 + x` or `x + 1` (a two-input add). */
const onePlus = <B extends object>(x: Pattern<B>) => pat.op('add', pat.const(1), x).commutative();

/** `sigmoid(x)` written out: `1 / (1 + exp(-x))`. */
const sigmoidExpanded = <N extends string>(x: N) =>
  pat.op('true_div', pat.const(1), onePlus(pat.op('exp', pat.op('neg', pat.var(x)))));

/** `sigmoid(x)`, as the op or written out. */
const sigmoidOf = <N extends string>(x: N) => pat.or(pat.op('sigmoid', pat.var(x)), sigmoidExpanded(x));

/** `sum(e)` over some axes, seen through a DimShuffle (keepdims); the sum's output bound as `s`. */
function sumOf<B extends object>(e: Pattern<B>): Pattern<B & Record<'s', TensorVariable>> {
  const s = pat.op('sum', e as Pattern<object>).as('s');
  return pat.or(s, pat.op('dimshuffle', s)) as unknown as Pattern<B & Record<'s', TensorVariable>>;
}
const SUM_OF_E = sumOf(pat.var('e'));

/** The axes of the sum computing `s`. */
const sumAxis = (s: TensorVariable) => SUM.matchOutput(s)!.axis;

/** True when `x` is already `y - max(y)`: shifting it again would loop. */
function isShifted(x: TensorVariable): boolean {
  const s = opOf(x, 'sub');
  if (!s) return false;
  let m = s.inputs[1]!;
  const ds = opOf(m, 'dimshuffle');
  if (ds) m = ds.inputs[0]!;
  const mx = opOf(m, 'max');
  return !!mx && mx.inputs[0] === s.inputs[0];
}

/** `x`, not already shifted by its maximum. */
const unshifted = <N extends string>(x: N) => pat.var(x, (v) => !isShifted(v));

const log1pOf = (x: TensorVariable, ctx: RewriteContext) => (ctx.supports('log1p') ? log1p(x) : log1pPrimitive(x));
const softplusOf = (x: TensorVariable, ctx: RewriteContext) =>
  ctx.supports('softplus') ? softplus(x) : softplusPrimitive(x);

/** `exp(x - max) / sum(exp(x - max))` over `axis`, shaped like x. */
function stableSoftmax(x: TensorVariable, axis: readonly number[] | null): TensorVariable {
  const m = max(x, { axis, keepdims: true });
  const e = exp(sub(x, m));
  return trueDiv(e, sum(e, { axis, keepdims: true }));
}

// ---------------------------------------------------------------- stabilize
/** `local_softplus`: `log(1 + exp(x))` and `log1p(exp(x))` → `softplus(x)`. */
export const softplusRule = registerPatternRewrite({
  name: 'local_softplus',
  phase: 'stabilize',
  tags: [...RUN, 'stabilize'],
  pattern: pat.or(pat.op('log', onePlus(pat.op('exp', pat.var('x')))), pat.op('log1p', pat.op('exp', pat.var('x')))),
  build: ({ x }, _node, ctx) => softplusOf(x, ctx),
});

/** `local_log_sigmoid`: `log(sigmoid(x))` → `-softplus(-x)`; `log(1 - sigmoid(x))` → `-softplus(x)`. */
export const logSigmoidRule = registerPatternRewrite({
  name: 'local_log_sigmoid',
  phase: 'stabilize',
  tags: [...RUN, 'stabilize'],
  cases: [
    // -x in the output's float dtype: negating an int16 -32768 would wrap to itself
    when(pat.op('log', sigmoidOf('x')), ({ x }, node, ctx) =>
      neg(softplusOf(neg(withDType(x, node.outputs[0]!)), ctx)),
    ),
    when(pat.op('log', pat.op('sub', pat.const(1), sigmoidOf('x'))), ({ x }, _node, ctx) => neg(softplusOf(x, ctx))),
  ],
});

/**
 * `local_log_sigmoid_general`: the forms of `log(sigmoid)` and `log(1 - sigmoid)` with sigmoid written as
 * `1 / (1 + exp(e))` for any `e` (the documentation's `1 / (1 + exp(-x·w - b))`), and
 * `1 / (1 + exp(e))` itself → `sigmoid(-e)` where the backend has sigmoid: the stable forms `T.grad`
 * differentiates (`autodiff/stabilize.ts`), so the value is finite where `1 - p` rounds to 0.
 */
export const logSigmoidGeneralRule = registerRewrite({
  name: 'local_log_sigmoid_general',
  phase: 'stabilize',
  tags: [...RUN, 'stabilize'],
  ops: ['log', 'log1p', 'true_div'],
  apply(node, ctx) {
    const m = stableForm(node.outputs[0]!, {
      sigmoid: (x) => (ctx.supports('sigmoid') ? sigmoid(x) : null),
      softplus: (x) => softplusOf(x, ctx),
    });
    return m?.general ? m.by : null;
  },
});

/** `local_log_softmax_op`: `log(softmax(x))` → `logSoftmax(x)` (expanded stably where a backend lacks it). */
export const logSoftmaxOpRule = registerPatternRewrite({
  name: 'local_log_softmax_op',
  phase: 'stabilize',
  tags: [...RUN, 'stabilize'],
  pattern: pat.op('log', pat.op('softmax', pat.var('x')).as('sm')),
  build: ({ x, sm }) => logSoftmax(x, SOFTMAX.matchOutput(sm)!.axis),
});

/** `local_log1p`: `log(1 + x)` → `log1p(x)`. */
export const log1pRule = registerPatternRewrite({
  name: 'local_log1p',
  phase: 'stabilize',
  tags: [...RUN, 'stabilize'],
  pattern: pat.op('log', onePlus(pat.var('x'))),
  build: ({ x }, _node, ctx) => log1pOf(x, ctx),
});

/** `local_log_softmax`: `log(exp(y) / sum(exp(y)))` → `y - log(sum(exp(y)))`. */
export const logSoftmaxRule = registerPatternRewrite({
  name: 'local_log_softmax',
  phase: 'stabilize',
  tags: [...RUN, 'stabilize'],
  pattern: pat.op('log', pat.op('true_div', pat.op('exp', pat.var('y')).as('e'), SUM_OF_E)),
  build: ({ y, e, s }) => sub(y, log(sum(e, { axis: sumAxis(s), keepdims: true }))),
});

/** `local_logsumexp`: `log(sum(exp(x)))` → `max(x) + log(sum(exp(x - max(x))))`. */
export const logsumexpRule = registerPatternRewrite({
  name: 'local_logsumexp',
  phase: 'stabilize',
  tags: [...RUN, 'stabilize'],
  pattern: pat.op('log', sumOf(pat.op('exp', unshifted('x'))).as('arg')),
  build({ x, s, arg }) {
    const axis = sumAxis(s);
    const m = max(x, { axis, keepdims: true });
    const r = add(m, log(sum(exp(sub(x, m)), { axis, keepdims: true })));
    // the sum kept its reduced axes (seen through a DimShuffle) or dropped them
    return arg !== s ? r : sum(r, { axis });
  },
});

/** `local_exp_over_sum`: `exp(x) / sum(exp(x))` → softmax with the maximum subtracted. */
export const expOverSumRule = registerPatternRewrite({
  name: 'local_exp_over_sum',
  phase: 'stabilize',
  tags: [...RUN, 'stabilize'],
  pattern: pat.op('true_div', pat.op('exp', unshifted('x')).as('e'), SUM_OF_E),
  build: ({ x, s }) => stableSoftmax(x, sumAxis(s)),
});

/**
 * `local_exp_times_recip_sum`: `exp(x) * (c / sum(exp(x)))`, the form the gradient of `log(sum(exp(x)))`
 * takes, → `c * softmax(x)` with the maximum subtracted. Procedural: the quotient may sit behind a
 * DimShuffle that the replacement re-applies to `c`, among any number of other factors.
 */
export const expTimesRecipSumRule = registerRewrite({
  name: 'local_exp_times_recip_sum',
  phase: 'stabilize',
  tags: [...RUN, 'stabilize'],
  ops: ['mul'],
  apply(node) {
    const ins = node.inputs;
    for (let i = 0; i < ins.length; i++) {
      const e = opOf(ins[i]!, 'exp');
      if (!e || isShifted(e.inputs[0]!)) continue;
      for (let j = 0; j < ins.length; j++) {
        if (j === i) continue;
        let r = ins[j]!;
        const ds = opOf(r, 'dimshuffle');
        if (ds) r = ds.inputs[0]!;
        const d = opOf(r, 'true_div');
        if (!d) continue;
        const s = SUM_OF_E.match(d.inputs[1]!);
        if (!s || s.e !== ins[i]) continue;
        const c = d.inputs[0]!;
        const order = ds ? DIMSHUFFLE.match(ds)!.order : null;
        const cB = order ? dimshuffle(c, order) : c;
        const rest = ins.filter((_, k) => k !== i && k !== j);
        return mul(cB, stableSoftmax(e.inputs[0]!, sumAxis(s.s)), ...rest);
      }
    }
    return null;
  },
});

/**
 * Whether the shape of `fill(a, …)` is already given by `others` (the other inputs of the elementwise node
 * reading it): one of them is `a` itself, or, wherever `a` is not broadcastable, one of them (of a's rank) is
 * not broadcastable either (typed broadcasting makes non-broadcastable sizes match at run time).
 */
function shapeGiven(a: TensorVariable, others: readonly TensorVariable[]): boolean {
  return (
    others.includes(a) ||
    a.broadcastable.every((bd, d) => bd || others.some((v) => v.ndim === a.ndim && !v.broadcastable[d]))
  );
}

/**
 * `local_fill_cut`: `f(second(a, b), c, …)` → `f(b, c, …)` where another input already gives a's shape.
 * Procedural: the fill may be any input, and whether the others give its shape is a condition on all of them.
 */
export const fillCutRule = registerRewrite({
  name: 'local_fill_cut',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize'],
  ops: ['add', 'mul', 'sub', 'true_div'],
  apply(node) {
    const ins = node.inputs;
    for (let k = 0; k < ins.length; k++) {
      const f = opOf(ins[k]!, 'second');
      if (!f) continue;
      const [a, b] = f.inputs;
      if (b!.ndim !== a!.ndim) continue;
      if (
        !shapeGiven(
          a!,
          ins.filter((_, j) => j !== k),
        )
      )
        continue;
      const args = ins.map((v, j) => (j === k ? b! : v));
      const r = node.op.def.inferTypes(args, node.op.params)[0]!;
      if (r.ndim !== node.outputs[0]!.ndim || r.dtype !== node.outputs[0]!.dtype) continue;
      return rebuild(node, args);
    }
    return null;
  },
});

/**
 * `local_fill_sink`: `f(second(a, b), c, …)` → `second(a, f(b, c, …))` for any elementwise `f` other than
 * `second`, so fills float towards the outputs, where `local_fill_cut` drops them once another input gives
 * their shape. Exact: `second` is elementwise, so both sides have the shape of a, b and c broadcast together
 * and the values of `f(b, c, …)`. The fill is left out (not re-wrapped) where the new node's other inputs
 * already give a's shape, as `local_fill_cut` would; several fills nest, the first input's outermost.
 */
export const fillSinkRule = registerRewrite({
  name: 'local_fill_sink',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize'],
  ops: null,
  apply(node) {
    if (!elemwiseDefOf(node.op.def) || node.op.kind === 'second' || node.outputs.length !== 1) return null;
    const ndim = node.outputs[0]!.ndim;
    const models: TensorVariable[] = [];
    const args = node.inputs.map((v) => {
      const f = opOf(v, 'second');
      if (!f || f.inputs[0]!.ndim !== ndim || f.inputs[1]!.ndim !== ndim) return v;
      models.push(f.inputs[0]!);
      return f.inputs[1]!;
    });
    if (!models.length) return null;
    let r = applyOp(node.op, args).outputs[0]!;
    for (let k = models.length - 1; k >= 0; k--) {
      if (!shapeGiven(models[k]!, args)) r = second(models[k]!, r);
    }
    return r;
  },
});

/**
 * `local_dimshuffle_fill_lift`: `dimshuffle(second(a, b))` → `second(dimshuffle(a), dimshuffle(b))`, so a
 * fill under a broadcast (`x[:, None]`) meets the elementwise node reading it, where `local_fill_sink` and
 * `local_fill_cut` act. Exact: both inputs have the fill's rank, and the dimensions the DimShuffle drops are
 * broadcastable (size 1) in both.
 */
export const dimshuffleFillLiftRule = registerRewrite({
  name: 'local_dimshuffle_fill_lift',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize'],
  ops: ['dimshuffle'],
  apply(node) {
    const f = opOf(node.inputs[0]!, 'second');
    if (!f) return null;
    const [a, b] = f.inputs as [TensorVariable, TensorVariable];
    const ndim = node.inputs[0]!.ndim;
    if (a.ndim !== ndim || b.ndim !== ndim) return null;
    const order = DIMSHUFFLE.match(node)!.order;
    for (let d = 0; d < ndim; d++) {
      if (!order.includes(d) && !(a.broadcastable[d] && b.broadcastable[d])) return null;
    }
    return second(dimshuffle(a, order), dimshuffle(b, order));
  },
});

/**
 * `local_dimshuffle_lift_unit`: `dimshuffle(f(x, …))` → `f(dimshuffle(x), …)` for an elementwise `f` whose
 * inputs have size 1 in every dimension, so the DimShuffles of a broadcast scalar (the `1/n` of a mean's
 * gradient) merge and its elementwise ops fuse into their reader. Limited to size-1 tensors: a lift
 * computes `f` again for each DimShuffle of its output, which costs nothing only there.
 */
export const dimshuffleLiftUnitRule = registerRewrite({
  name: 'local_dimshuffle_lift_unit',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize'],
  ops: ['dimshuffle'],
  apply(node) {
    const e = node.inputs[0]!.owner;
    if (!e || !elemwiseDefOf(e.op.def) || e.outputs.length !== 1) return null;
    const ndim = node.inputs[0]!.ndim;
    if (!e.inputs.every((v) => v.ndim === ndim && v.broadcastable.every((b) => b))) return null;
    const order = DIMSHUFFLE.match(node)!.order;
    return applyOp(
      e.op,
      e.inputs.map((v) => dimshuffle(v, order)),
    ).outputs[0]!;
  },
});

function rebuild(node: Apply, args: TensorVariable[]): TensorVariable {
  switch (node.op.kind) {
    case 'add':
      return add(args[0]!, args[1]!, ...args.slice(2));
    case 'mul':
      return mul(args[0]!, args[1]!, ...args.slice(2));
    case 'sub':
      return sub(args[0]!, args[1]!);
    default:
      return trueDiv(args[0]!, args[1]!);
  }
}

// ---------------------------------------------------------------- specialize
/** `local_expm1`: `exp(x) - 1` → `expm1(x)` (backends with expm1). */
export const expm1Rule = registerPatternRewrite({
  name: 'local_expm1',
  phase: 'specialize',
  tags: [...RUN, 'specialize'],
  introduces: ['expm1'],
  pattern: pat.op('sub', pat.op('exp', pat.var('x')), pat.const(1)),
  build: ({ x }) => expm1(x),
});

/** `local_pow_sqr`: `x ** 2` → `sqr(x)` (backends with sqr). */
export const powSqrRule = registerPatternRewrite({
  name: 'local_pow_sqr',
  phase: 'specialize',
  tags: [...RUN, 'specialize'],
  introduces: ['sqr'],
  pattern: pat.op('pow', pat.var('x'), pat.const(2)),
  build: ({ x }) => sqr(x),
});

/** `local_sigmoid`: `1 / (1 + exp(-x))` → `sigmoid(x)` (backends with sigmoid). */
export const sigmoidRule = registerPatternRewrite({
  name: 'local_sigmoid',
  phase: 'specialize',
  tags: [...RUN, 'specialize'],
  introduces: ['sigmoid'],
  pattern: sigmoidExpanded('x'),
  build: ({ x }) => sigmoid(x),
});

// ---------------------------------------------------------------- required
/** `expand_extended`: an extended op the backend lacks becomes its decomposition (always runs). */
export const expandExtended = registerRewrite({
  name: 'expand_extended',
  phase: 'specialize', // before fusion, so the primitives it emits fuse too
  tags: ['required'],
  ops: Object.keys(EXTENDED_OPS),
  apply(node, ctx) {
    if (ctx.supports(node.op.kind) || !node.op.def.decompose) return null;
    const [r] = node.op.def.decompose(node.inputs, node.op.params, node);
    return r ?? null;
  },
});
