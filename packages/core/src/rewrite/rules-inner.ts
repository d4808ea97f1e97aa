/**
 * Rewrites of ops with an inner graph (`Map`; scan to come). The engine itself rewrites every inner graph
 * with the same selection (see `engine.ts`); these rules move what the outer graph knows into the inner
 * one, so those rewrites see it: a constant argument becomes a constant inside the body (`x * 1` in a
 * Jacobian's body, where the 1 was hoisted out of the loop as an argument, then disappears), and an
 * argument the body no longer reads is dropped.
 */
import { type Apply, applyOp, Op } from '../graph/apply.js';
import { ancestors, FunctionGraph, replace } from '../graph/fgraph.js';
import { TensorConstant, type TensorVariable } from '../graph/variable.js';
import { MAP } from '../ops/control.js';
import { registerRewrite } from './engine.js';

const RUN = ['fast_run'] as const;

/**
 * The map node rebuilt with only the arguments `keep` marks (its index input always stays), its body's
 * outputs rewritten by `subst` (a dropped argument's placeholder replaced, e.g. by the constant it was).
 */
function keepArguments(
  node: Apply,
  keep: readonly boolean[],
  subst: ReadonlyMap<TensorVariable, TensorVariable> = new Map(),
): TensorVariable {
  const { inner } = MAP.match(node)!;
  const [n, ...args] = node.inputs;
  const innerInputs = [inner.inputs[0]!, ...inner.inputs.slice(1).filter((_, k) => keep[k])];
  const outputs = subst.size ? replace(inner.outputs, new Map(subst)) : inner.outputs;
  const body = new FunctionGraph(innerInputs, outputs);
  return applyOp(new Op(MAP, { ...MAP.match(node)!, inner: body }), [n!, ...args.filter((_, k) => keep[k])])
    .outputs[0]!;
}

/** `local_map_inline_constants`: a constant argument of a `Map` becomes that constant inside its body. */
export const mapInlineConstants = registerRewrite({
  name: 'local_map_inline_constants',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize', 'inner_graph'],
  ops: ['map'],
  apply(node) {
    const { inner } = MAP.match(node)!;
    const subst = new Map<TensorVariable, TensorVariable>();
    const keep = node.inputs.slice(1).map((a, k) => {
      const p = inner.inputs[k + 1]!;
      const inline = a instanceof TensorConstant && a.dtype === p.dtype && a.ndim === p.ndim;
      if (inline) subst.set(p, a);
      return !inline;
    });
    return subst.size === 0 ? null : keepArguments(node, keep, subst);
  },
});

/** `local_map_unused_inputs`: an argument of a `Map` that its body does not read is dropped. */
export const mapUnusedInputs = registerRewrite({
  name: 'local_map_unused_inputs',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize', 'inner_graph'],
  ops: ['map'],
  apply(node) {
    const { inner } = MAP.match(node)!;
    const used = ancestors(inner.outputs);
    const keep = inner.inputs.slice(1).map((p) => used.has(p));
    return keep.every(Boolean) ? null : keepArguments(node, keep);
  },
});
