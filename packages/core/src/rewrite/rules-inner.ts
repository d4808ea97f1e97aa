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

/** The map node's output for `inner` over the arguments `args` (`n` first). */
function rebuildMap(node: Apply, n: TensorVariable, inner: FunctionGraph, args: TensorVariable[]): TensorVariable {
  return applyOp(new Op(MAP, { ...MAP.match(node)!, inner }), [n, ...args]).outputs[0]!;
}

/** `local_map_inline_constants`: a constant argument of a `Map` becomes that constant inside its body. */
export const mapInlineConstants = registerRewrite({
  name: 'local_map_inline_constants',
  phase: 'canonicalize',
  tags: [...RUN, 'canonicalize', 'inner_graph'],
  ops: ['map'],
  apply(node) {
    const { inner } = MAP.match(node)!;
    const [n, ...args] = node.inputs;
    const subst = new Map<TensorVariable, TensorVariable>();
    const keepInner = [inner.inputs[0]!];
    const keepArgs: TensorVariable[] = [];
    args.forEach((a, k) => {
      const p = inner.inputs[k + 1]!;
      if (a instanceof TensorConstant && a.dtype === p.dtype && a.ndim === p.ndim) subst.set(p, a);
      else {
        keepInner.push(p);
        keepArgs.push(a);
      }
    });
    if (subst.size === 0) return null;
    return rebuildMap(node, n!, new FunctionGraph(keepInner, replace(inner.outputs, subst)), keepArgs);
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
    const [n, ...args] = node.inputs;
    const used = ancestors(inner.outputs);
    const keep = args.map((_, k) => used.has(inner.inputs[k + 1]!));
    if (keep.every(Boolean)) return null;
    const keepInner = [inner.inputs[0]!, ...inner.inputs.slice(1).filter((_, k) => keep[k])];
    return rebuildMap(
      node,
      n!,
      new FunctionGraph(keepInner, inner.outputs),
      args.filter((_, k) => keep[k]),
    );
  },
});
