/**
 * Stabilizations and specializations: `log(1 + x)` → `log1p(x)`, `log(1 + exp(x))` → `softplus(x)`,
 * `log(sigmoid(x))` → `-softplus(-x)`, `log(softmax(x))` → log-softmax, `log(sum(exp(x)))` → logsumexp,
 * `exp(x) / sum(exp(x))` (also as the gradient of logsumexp builds it) → a softmax that subtracts the
 * maximum, `exp(x) - 1` → `expm1(x)`, `x ** 2` → `sqr(x)`. A rewrite that would introduce an op the
 * backend lacks emits an equivalent stable graph of primitives instead; `expand_extended` finally replaces
 * any extended op a backend lacks by primitives, before fusion (it always runs: correctness, not speed).
 */
import type { Apply } from '../graph/apply.js';
import type { TensorVariable } from '../graph/variable.js';
import { add, exp, log, mul, neg, sub, trueDiv } from '../ops/elemwise.js';
import { expm1, log1p, log1pPrimitive, sigmoid, softplus, softplusPrimitive, sqr } from '../ops/extended.js';
import { EXTENDED_OPS } from '../ops/primitives.js';
import { max, sum } from '../ops/reduce.js';
import { dimshuffle } from '../ops/shape.js';
import { logSoftmax } from '../ops/softmax.js';
import { type RewriteContext, registerRewrite } from './engine.js';
import { isConstantEqual, scalarConstant, withDType } from './util.js';

const RUN = ['fast_run'] as const;

/** The node computing `v` if its op is `name`. */
function opOf(v: TensorVariable, name: string): Apply | null {
  return v.owner && v.owner.op.name === name ? v.owner : null;
}

/** `x` when `v` is `1 + x` or `x + 1` (a two-input add). */
function onePlus(v: TensorVariable): TensorVariable | null {
  const n = opOf(v, 'add');
  if (n?.inputs.length !== 2) return null;
  const [a, b] = n.inputs;
  if (isConstantEqual(a!, 1)) return b!;
  if (isConstantEqual(b!, 1)) return a!;
  return null;
}

const log1pOf = (x: TensorVariable, ctx: RewriteContext) => (ctx.supports('log1p') ? log1p(x) : log1pPrimitive(x));
const softplusOf = (x: TensorVariable, ctx: RewriteContext) =>
  ctx.supports('softplus') ? softplus(x) : softplusPrimitive(x);

/** The sum node and axes when `v` is `sum(e, axis)` seen through a keepdims DimShuffle; else null. */
function sumOf(v: TensorVariable): { node: Apply; axis: readonly number[] | null } | null {
  let cur = v;
  const ds = opOf(cur, 'dimshuffle');
  if (ds) cur = ds.inputs[0]!;
  const s = opOf(cur, 'sum');
  if (!s) return null;
  return { node: s, axis: (s.op.params as { axis: readonly number[] | null }).axis };
}

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

/** `exp(x - max) / sum(exp(x - max))` over `axis`, shaped like x. */
function stableSoftmax(x: TensorVariable, axis: readonly number[] | null): TensorVariable {
  const m = max(x, { axis, keepdims: true });
  const e = exp(sub(x, m));
  return trueDiv(e, sum(e, { axis, keepdims: true }));
}

// ---------------------------------------------------------------- stabilize
/** `local_softplus`: `log(1 + exp(x))` and `log1p(exp(x))` → `softplus(x)`. */
export const softplusRule = registerRewrite({
  name: 'local_softplus',
  phase: 'stabilize',
  tags: [...RUN, 'stabilize'],
  ops: ['log', 'log1p'],
  apply(node, ctx) {
    const arg = node.op.name === 'log' ? onePlus(node.inputs[0]!) : node.inputs[0]!;
    const e = arg && opOf(arg, 'exp');
    return e ? withDType(softplusOf(e.inputs[0]!, ctx), node.outputs[0]!) : null;
  },
});

/** `local_log_sigmoid`: `log(sigmoid(x))` → `-softplus(-x)`; `log(1 - sigmoid(x))` → `-softplus(x)`. */
export const logSigmoidRule = registerRewrite({
  name: 'local_log_sigmoid',
  phase: 'stabilize',
  tags: [...RUN, 'stabilize'],
  ops: ['log'],
  apply(node, ctx) {
    const arg = node.inputs[0]!;
    const sig = sigmoidArg(arg);
    if (sig) return withDType(neg(softplusOf(neg(sig), ctx)), node.outputs[0]!);
    const d = opOf(arg, 'sub');
    if (d && isConstantEqual(d.inputs[0]!, 1)) {
      const s2 = sigmoidArg(d.inputs[1]!);
      if (s2) return withDType(neg(softplusOf(s2, ctx)), node.outputs[0]!);
    }
    return null;
  },
});

/** `x` when `v` is `sigmoid(x)` or `1 / (1 + exp(-x))`. */
function sigmoidArg(v: TensorVariable): TensorVariable | null {
  const s = opOf(v, 'sigmoid');
  if (s) return s.inputs[0]!;
  const d = opOf(v, 'true_div');
  if (!d || !isConstantEqual(d.inputs[0]!, 1)) return null;
  const inner = onePlus(d.inputs[1]!);
  const e = inner && opOf(inner, 'exp');
  const n = e && opOf(e.inputs[0]!, 'neg');
  return n ? n.inputs[0]! : null;
}

/** `local_log_softmax_op`: `log(softmax(x))` → `logSoftmax(x)` (expanded stably where a backend lacks it). */
export const logSoftmaxOpRule = registerRewrite({
  name: 'local_log_softmax_op',
  phase: 'stabilize',
  tags: [...RUN, 'stabilize'],
  ops: ['log'],
  apply(node) {
    const sm = opOf(node.inputs[0]!, 'softmax');
    return sm ? withDType(logSoftmax(sm.inputs[0]!, axisOf(sm)), node.outputs[0]!) : null;
  },
});

/** `local_log1p`: `log(1 + x)` → `log1p(x)`. */
export const log1pRule = registerRewrite({
  name: 'local_log1p',
  phase: 'stabilize',
  tags: [...RUN, 'stabilize'],
  ops: ['log'],
  apply(node, ctx) {
    const x = onePlus(node.inputs[0]!);
    return x ? withDType(log1pOf(x, ctx), node.outputs[0]!) : null;
  },
});

/** `local_log_softmax`: `log(exp(y) / sum(exp(y)))` → `y - log(sum(exp(y)))`. */
export const logSoftmaxRule = registerRewrite({
  name: 'local_log_softmax',
  phase: 'stabilize',
  tags: [...RUN, 'stabilize'],
  ops: ['log'],
  apply(node) {
    const d = opOf(node.inputs[0]!, 'true_div');
    if (!d) return null;
    const e = opOf(d.inputs[0]!, 'exp');
    const s = sumOf(d.inputs[1]!);
    if (!e || !s || s.node.inputs[0] !== d.inputs[0]) return null;
    const y = e.inputs[0]!;
    return withDType(sub(y, log(sum(d.inputs[0]!, { axis: s.axis, keepdims: true }))), node.outputs[0]!);
  },
});

/** `local_logsumexp`: `log(sum(exp(x)))` → `max(x) + log(sum(exp(x - max(x))))`. */
export const logsumexpRule = registerRewrite({
  name: 'local_logsumexp',
  phase: 'stabilize',
  tags: [...RUN, 'stabilize'],
  ops: ['log'],
  apply(node) {
    const arg = node.inputs[0]!;
    const s = sumOf(arg);
    if (!s) return null;
    const e = opOf(s.node.inputs[0]!, 'exp');
    if (!e) return null;
    const x = e.inputs[0]!;
    if (isShifted(x)) return null;
    const keep = arg !== s.node.outputs[0];
    const m = max(x, { axis: s.axis, keepdims: true });
    const inner = log(sum(exp(sub(x, m)), { axis: s.axis, keepdims: true }));
    const r = add(m, inner);
    const out = keep ? r : sum(r, { axis: s.axis });
    return out.ndim === node.outputs[0]!.ndim ? withDType(out, node.outputs[0]!) : null;
  },
});

/** `local_exp_over_sum`: `exp(x) / sum(exp(x))` → softmax with the maximum subtracted. */
export const expOverSumRule = registerRewrite({
  name: 'local_exp_over_sum',
  phase: 'stabilize',
  tags: [...RUN, 'stabilize'],
  ops: ['true_div'],
  apply(node) {
    const [num, den] = node.inputs;
    const e = opOf(num!, 'exp');
    const s = sumOf(den!);
    if (!e || !s || s.node.inputs[0] !== num || isShifted(e.inputs[0]!)) return null;
    return withDType(stableSoftmax(e.inputs[0]!, s.axis), node.outputs[0]!);
  },
});

/**
 * `local_exp_times_recip_sum`: `exp(x) * (c / sum(exp(x)))`, the form the gradient of `log(sum(exp(x)))`
 * takes, → `c * softmax(x)` with the maximum subtracted.
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
        const s = sumOf(d.inputs[1]!);
        if (!s || s.node.inputs[0] !== ins[i]) continue;
        const c = d.inputs[0]!;
        const order = ds ? (ds.op.params as { order: readonly (number | 'x')[] }).order : null;
        const cB = order ? dimshuffle(c, order) : c;
        const rest = ins.filter((_, k) => k !== i && k !== j);
        const prod = mul(cB, stableSoftmax(e.inputs[0]!, s.axis), ...rest);
        return prod.ndim === node.outputs[0]!.ndim ? withDType(prod, node.outputs[0]!) : null;
      }
    }
    return null;
  },
});

/** `local_fill_cut`: `f(second(a, b), c, …)` → `f(b, c, …)` where another input already gives a's shape. */
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
      // the fill only gives a's shape: safe to drop where another input already has it — the same variable,
      // or an input not broadcastable wherever a is not (non-broadcastable sizes must match at run time)
      const others = ins.filter((_, j) => j !== k);
      const covered =
        others.includes(a!) ||
        a!.broadcastable.every((bd, d) => bd || others.some((v) => v.ndim === a!.ndim && !v.broadcastable[d]));
      if (!covered) continue;
      const args = ins.map((v, j) => (j === k ? b! : v));
      const r = node.op.def.inferTypes(args, node.op.params)[0]!;
      if (r.ndim !== node.outputs[0]!.ndim || r.dtype !== node.outputs[0]!.dtype) continue;
      return rebuild(node, args);
    }
    return null;
  },
});

function rebuild(node: Apply, args: TensorVariable[]): TensorVariable {
  switch (node.op.name) {
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

const axisOf = (node: Apply) => (node.op.params as { axis: number }).axis;

// ---------------------------------------------------------------- specialize
/** `local_expm1`: `exp(x) - 1` → `expm1(x)` (backends with expm1). */
export const expm1Rule = registerRewrite({
  name: 'local_expm1',
  phase: 'specialize',
  tags: [...RUN, 'specialize'],
  ops: ['sub'],
  introduces: ['expm1'],
  apply(node) {
    const [a, b] = node.inputs;
    const e = opOf(a!, 'exp');
    return e && isConstantEqual(b!, 1) ? withDType(expm1(e.inputs[0]!), node.outputs[0]!) : null;
  },
});

/** `local_pow_sqr`: `x ** 2` → `sqr(x)` (backends with sqr). */
export const powSqrRule = registerRewrite({
  name: 'local_pow_sqr',
  phase: 'specialize',
  tags: [...RUN, 'specialize'],
  ops: ['pow'],
  introduces: ['sqr'],
  apply(node) {
    const [x, y] = node.inputs;
    if (scalarConstant(y!) !== 2 || x!.ndim !== node.outputs[0]!.ndim) return null;
    const r = sqr(x!);
    return r.broadcastable.every((b, d) => !b || node.outputs[0]!.broadcastable[d])
      ? withDType(r, node.outputs[0]!)
      : null;
  },
});

/** `local_sigmoid`: `1 / (1 + exp(-x))` → `sigmoid(x)` (backends with sigmoid). */
export const sigmoidRule = registerRewrite({
  name: 'local_sigmoid',
  phase: 'specialize',
  tags: [...RUN, 'specialize'],
  ops: ['true_div'],
  introduces: ['sigmoid'],
  apply(node) {
    const x = sigmoidArg(node.outputs[0]!);
    return x && x.ndim === node.outputs[0]!.ndim ? withDType(sigmoid(x), node.outputs[0]!) : null;
  },
});

// ---------------------------------------------------------------- required
/** `expand_extended`: an extended op the backend lacks becomes its decomposition (always runs). */
export const expandExtended = registerRewrite({
  name: 'expand_extended',
  phase: 'specialize', // before fusion, so the primitives it emits fuse too
  tags: ['required'],
  ops: Object.keys(EXTENDED_OPS),
  apply(node, ctx) {
    if (ctx.supports(node.op.name) || !node.op.def.decompose) return null;
    const [r] = node.op.def.decompose(node.inputs, node.op.params, node);
    return r ? withDType(r, node.outputs[0]!) : null;
  },
});
