/**
 * A graph run on concrete values with each op's own `perform`: how core evaluates without any backend
 * (constant folding, the inner graph of a `Composite`). Each intermediate is freed after its last reader.
 */
import type { FunctionGraph } from '../graph/fgraph.js';
import { TensorConstant, type TensorVariable } from '../graph/variable.js';
import type { NDArray } from '../ndarray.js';

/** True when every op of `fg` (inner graphs excluded) has a `perform`. */
export function performable(fg: FunctionGraph): boolean {
  return fg.nodes.every((n) => n.op.def.perform !== undefined);
}

/** Runs `fg` on input values (in `fg.inputs` order) with each op's `perform`; throws naming an op without one. */
export function performGraph(fg: FunctionGraph, inputs: readonly NDArray[]): NDArray[] {
  if (inputs.length !== fg.inputs.length) {
    throw new Error(`performGraph: the graph takes ${fg.inputs.length} inputs, got ${inputs.length}`);
  }
  const env = new Map<TensorVariable, NDArray>();
  fg.inputs.forEach((v, i) => {
    env.set(v, inputs[i]!);
  });
  const lookup = (v: TensorVariable): NDArray => {
    const x = env.get(v);
    if (x) return x;
    if (v instanceof TensorConstant) return v.value;
    throw new Error(`performGraph: no value for ${v} (${v.type})`);
  };
  const last = new Map<TensorVariable, number>();
  fg.nodes.forEach((n, k) => {
    for (const v of n.inputs) last.set(v, k);
  });
  const keep = new Set<TensorVariable>([...fg.inputs, ...fg.outputs]);
  fg.nodes.forEach((node, k) => {
    const perform = node.op.def.perform;
    if (!perform) throw new Error(`performGraph: ${node.op} has no implementation in core`);
    const outs = perform(node.inputs.map(lookup), node.op.params, node);
    node.outputs.forEach((o, i) => {
      env.set(o, outs[i]!);
    });
    for (const v of node.inputs) if (last.get(v) === k && !keep.has(v)) env.delete(v);
  });
  return fg.outputs.map(lookup);
}
