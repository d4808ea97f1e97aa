/**
 * The stable forms `T.grad` differentiates. A cost written the textbook way (`p = 1 / (1 + exp(-z))`,
 * `-y·log(p) - (1 - y)·log(1 - p)`) has a finite value once the optimizer stabilizes it, but its gradient,
 * built from the written form, divides by `p` and `1 - p`: at |z| ≈ 40 one of them rounds to 0 and the
 * gradient is NaN. Theano repairs both the value and the gradient graph with its stabilization rewrites;
 * here `T.grad` first recognizes, in the cost, the sub-expressions that have a stable equivalent and
 * differentiates that instead (the value is the same function):
 *
 * - `1 / (1 + exp(e))` → `sigmoid(-e)`; `exp(e) / (1 + exp(e))` → `sigmoid(e)`;
 * - `log(sigmoid(x))` → `-softplus(-x)`; `log(1 - sigmoid(x))` → `-softplus(x)` (sigmoid written out too);
 * - `log(1 + exp(x))`, `log1p(exp(x))` → `softplus(x)`;
 * - `log(softmax(x))` → `logSoftmax(x)`.
 *
 * sigmoid's gradient (`z·(1 - z)` of its output) and softplus's (`sigmoid(x)`) never divide, so the
 * gradients stay finite. A variable the caller names (`wrt`, `considerConstant`, known gradients) is never
 * rewritten away.
 */
import { ancestors, replace } from '../graph/fgraph.js';
import { TensorConstant, type TensorVariable } from '../graph/variable.js';
import { neg } from '../ops/elemwise.js';
import { sigmoid, softplus } from '../ops/extended.js';
import { DIMSHUFFLE } from '../ops/shape.js';
import { logSoftmax, SOFTMAX } from '../ops/softmax.js';

/** `v` is a constant (through broadcasting DimShuffles) whose every element is `x`. */
function isConst(v: TensorVariable, x: number): boolean {
  let cur = v;
  while (DIMSHUFFLE.matchOutput(cur)) cur = cur.owner!.inputs[0]!;
  if (!(cur instanceof TensorConstant) || cur.dtype.startsWith('complex')) return false;
  const vals = cur.value.toFloat64();
  if (vals.length === 0) return false;
  for (let i = 0; i < vals.length; i++) if (vals[i] !== x) return false;
  return true;
}

/** The node computing `v`, if its op is `kind`, with the matched interior variables. */
function op(v: TensorVariable, kind: string): readonly TensorVariable[] | null {
  return v.owner && v.owner.op.kind === kind && v.owner.outputs.length === 1 ? v.owner.inputs : null;
}

/** `1 + a` or `a + 1` (a two-input add): `a`. */
function onePlus(v: TensorVariable): TensorVariable | null {
  const ins = op(v, 'add');
  if (ins?.length !== 2) return null;
  if (isConst(ins[0]!, 1)) return ins[1]!;
  if (isConst(ins[1]!, 1)) return ins[0]!;
  return null;
}

/** A match (`stableForm`): the stable replacement, and the variables the replaced form consisted of (besides its leaves). */
export interface Match {
  readonly by: TensorVariable;
  readonly interior: readonly TensorVariable[];
  /**
   * Whether the match reads a sigmoid written in a form other than `1 / (1 + exp(-x))` (which the
   * optimizer's older rules, `local_sigmoid` and `local_log_sigmoid`, already take).
   */
  readonly general?: boolean;
}

/** `sigmoid(x)`, as the op or as `1 / (1 + exp(e))` (x = -e) or `exp(e) / (1 + exp(e))` (x = e). */
function sigmoidArg(v: TensorVariable): Match | null {
  const s = op(v, 'sigmoid');
  if (s) return { by: s[0]!, interior: [v] };
  const d = op(v, 'true_div');
  if (!d) return null;
  const den = onePlus(d[1]!);
  const e = den ? op(den, 'exp') : null;
  if (!den || !e) return null;
  if (isConst(d[0]!, 1)) {
    const inner = op(e[0]!, 'neg');
    return inner
      ? { by: inner[0]!, interior: [v, d[1]!, den, e[0]!] }
      : { by: neg(e[0]!), interior: [v, d[1]!, den], general: true };
  }
  if (d[0] === den) return { by: e[0]!, interior: [v, d[1]!, den], general: true };
  return null;
}

/** How the stable forms are built: the ops themselves (the gradient), or what a backend supports (rewrites). */
export interface StableBuilders {
  /** `sigmoid(x)`, or null where it should not be introduced. */
  sigmoid(x: TensorVariable): TensorVariable | null;
  /** `softplus(x)`. */
  softplus(x: TensorVariable): TensorVariable;
}

const OPS: StableBuilders = { sigmoid, softplus };

/** The stable form of `v`'s node, or null. */
export function stableForm(v: TensorVariable, mk: StableBuilders = OPS): Match | null {
  if (v.owner?.op.kind === 'true_div') {
    const sg = sigmoidArg(v);
    const by = sg ? mk.sigmoid(sg.by) : null;
    return sg && by ? { by, interior: sg.interior, general: sg.general ?? false } : null;
  }
  const lg = op(v, 'log');
  if (lg) {
    const arg = lg[0]!;
    // log(sigmoid(x)) = -softplus(-x)
    const s = sigmoidArg(arg);
    if (s) return { by: neg(mk.softplus(neg(s.by))), interior: [v, ...s.interior], general: s.general ?? false };
    // log(1 - sigmoid(x)) = -softplus(x)
    const sub = op(arg, 'sub');
    if (sub && isConst(sub[0]!, 1)) {
      const s2 = sigmoidArg(sub[1]!);
      if (s2) return { by: neg(mk.softplus(s2.by)), interior: [v, arg, ...s2.interior], general: s2.general ?? false };
    }
    // log(1 + exp(x)) = softplus(x)
    const a = onePlus(arg);
    const e = a ? op(a, 'exp') : null;
    if (a && e) return { by: mk.softplus(e[0]!), interior: [v, arg, a] };
    // log(softmax(x)) = logSoftmax(x)
    const sm = SOFTMAX.matchOutput(arg);
    if (sm) return { by: logSoftmax(arg.owner!.inputs[0]!, sm.axis), interior: [v, arg] };
  }
  const l1 = op(v, 'log1p');
  if (l1) {
    const e = op(l1[0]!, 'exp');
    if (e) return { by: mk.softplus(e[0]!), interior: [v, l1[0]!] };
  }
  return null;
}

/**
 * `outputs` with every sub-expression that has a stable equivalent replaced by it (see the module
 * comment), except where a variable of `keep` would disappear. The values are unchanged; the graph
 * differentiated through them is the stable one.
 */
export function stableForGrad(outputs: readonly TensorVariable[], keep: ReadonlySet<TensorVariable>): TensorVariable[] {
  const subst = new Map<TensorVariable, TensorVariable>();
  for (const v of ancestors(outputs)) {
    if (!v.owner || keep.has(v)) continue;
    const m = stableForm(v);
    if (!m || m.interior.some((u) => keep.has(u))) continue;
    if (m.by.dtype !== v.dtype || m.by.ndim !== v.ndim) continue;
    subst.set(v, m.by);
  }
  return subst.size === 0 ? [...outputs] : replace(outputs, subst);
}
