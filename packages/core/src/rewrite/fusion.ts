/**
 * `fusion`: chains of elementwise nodes become one `Composite` node, for backends that declare
 * `composite`. A node joins its consumer's group when its only reader is that consumer (so nothing is
 * computed twice), both are elementwise, and its dtype is one a generated loop computes exactly (no int64,
 * no complex).
 */
import type { DType } from '../dtype.js';
import { type Apply, applyOpTyped } from '../graph/apply.js';
import { FunctionGraph, rebuildOn, toposort } from '../graph/fgraph.js';
import type { TensorVariable } from '../graph/variable.js';
import { COMPOSITE, composite } from '../ops/composite.js';
import { TensorType } from '../type.js';
import { registerGlobalRewrite } from './engine.js';

/** The most nodes one composite holds: its generated loop stays a function engines compile quickly. */
const MAX_FUSED = 256;

const LOOP_DTYPES: ReadonlySet<DType> = new Set(['bool', 'int8', 'int16', 'int32', 'float32', 'float64']);
const INPUT_DTYPES: ReadonlySet<DType> = new Set([...LOOP_DTYPES, 'int64']);

function fusable(node: Apply): boolean {
  if (node.op.def.family !== 'elemwise' || COMPOSITE.match(node) || node.outputs.length !== 1) return false;
  if (!LOOP_DTYPES.has(node.outputs[0]!.dtype)) return false;
  return node.inputs.every((v) => INPUT_DTYPES.has(v.dtype));
}

/** Groups of elementwise nodes to fuse, each listed root last, in execution order. */
function groups(outputs: readonly TensorVariable[]): Apply[][] {
  const nodes = toposort(outputs);
  const clients = new Map<TensorVariable, number>();
  for (const n of nodes) for (const v of n.inputs) clients.set(v, (clients.get(v) ?? 0) + 1);
  for (const v of outputs) clients.set(v, (clients.get(v) ?? 0) + 1);
  const position = new Map<Apply, number>(nodes.map((n, k) => [n, k]));
  const assigned = new Set<Apply>();
  const out: Apply[][] = [];
  for (let k = nodes.length - 1; k >= 0; k--) {
    const root = nodes[k]!;
    if (assigned.has(root) || !fusable(root)) continue;
    const members = new Set<Apply>([root]);
    const stack = [root];
    while (stack.length) {
      const n = stack.pop()!;
      for (const v of n.inputs) {
        const o = v.owner;
        if (!o || members.has(o) || assigned.has(o) || !fusable(o)) continue;
        if (clients.get(v) !== 1 || o.outputs[0]!.ndim !== root.outputs[0]!.ndim) continue;
        if (members.size >= MAX_FUSED) break; // a very long chain becomes several composites
        members.add(o);
        stack.push(o);
      }
    }
    for (const m of members) assigned.add(m);
    // in execution order (members sorted by position, not the whole graph filtered: linear in the graph)
    if (members.size >= 2) out.push([...members].sort((a, b) => position.get(a)! - position.get(b)!));
  }
  return out;
}

/**
 * The composite replacing a group (its last node is the root). `memo` holds the new value of every variable
 * upstream that changed (the roots of the groups before, and what was rebuilt on them): the composite's outer
 * inputs are taken from it, so no replaced node survives inside.
 */
function fuse(
  group: readonly Apply[],
  memo: ReadonlyMap<TensorVariable, TensorVariable>,
): { root: TensorVariable; replacement: TensorVariable } {
  const inGroup = new Set(group);
  const outer: TensorVariable[] = [];
  const map = new Map<TensorVariable, TensorVariable>();
  for (const n of group) {
    for (const v of n.inputs) {
      if ((v.owner && inGroup.has(v.owner)) || map.has(v)) continue;
      const p = new TensorType(v.dtype, []).make(`i${outer.length}`);
      map.set(v, p);
      outer.push(v);
    }
  }
  const placeholders = outer.map((v) => map.get(v)!);
  for (const n of group) {
    const ins = n.inputs.map((v) => map.get(v)!);
    const inner = applyOpTyped(n.op, ins, [new TensorType(n.outputs[0]!.dtype, [])]);
    map.set(n.outputs[0]!, inner.outputs[0]!);
  }
  const root = group[group.length - 1]!.outputs[0]!;
  const fg = new FunctionGraph(placeholders, [map.get(root)!]);
  return {
    root,
    replacement: composite(
      fg,
      outer.map((v) => memo.get(v) ?? v),
    ),
  };
}

/** `fusion`: elementwise chains → `Composite` nodes. */
export const fusion = registerGlobalRewrite({
  name: 'fusion',
  phase: 'fuse',
  tags: ['fast_run', 'fusion'],
  introduces: ['composite'],
  applyAll(outputs) {
    const gs = groups(outputs);
    if (gs.length === 0) return null;
    const groupOf = new Map<Apply, readonly Apply[]>();
    const absorbed = new Set<Apply>();
    for (const g of gs) {
      groupOf.set(g[g.length - 1]!, g);
      for (let k = 0; k < g.length - 1; k++) absorbed.add(g[k]!);
    }
    // one pass in execution order: a group's root becomes its composite (built on the composites and rebuilt
    // nodes before it), its other members go (only the group reads them), any other node whose inputs
    // changed is rebuilt on the new ones. Linear in the graph: a 13,000-node gradient with thousands of
    // groups rewrote the graph above each group once per group before.
    const memo = new Map<TensorVariable, TensorVariable>();
    for (const node of toposort(outputs)) {
      const group = groupOf.get(node);
      if (group) {
        const { root, replacement } = fuse(group, memo);
        memo.set(root, replacement);
        continue;
      }
      if (!absorbed.has(node)) rebuildOn(node, memo);
    }
    return outputs.map((v) => memo.get(v) ?? v);
  },
});
