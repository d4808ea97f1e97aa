/**
 * The one executor of the interpreting backends (and of core's own `performGraph`): a graph's execution
 * plan (its nodes in order, and after each node the values no later node reads, so they can be freed)
 * and the loop that runs it, calling a backend's kernel per node. A backend supplies only its kernels and
 * its memory handling (how a constant becomes a value, how a value is freed).
 */
import type { Apply } from './apply.js';
import type { FunctionGraph } from './fgraph.js';
import { TensorConstant, type TensorVariable } from './variable.js';

/** A graph's nodes in execution order, with the values that die after each. */
export interface ExecutionPlan {
  readonly nodes: readonly Apply[];
  /** `freeAfter[k]`: computed values that no node after node k reads (never an input or an output). */
  readonly freeAfter: readonly (readonly TensorVariable[])[];
}

const plans = new WeakMap<FunctionGraph, ExecutionPlan>();

/** The execution plan of `fg` (cached per graph). */
export function executionPlan(fg: FunctionGraph): ExecutionPlan {
  let plan = plans.get(fg);
  if (plan) return plan;
  const last = new Map<TensorVariable, number>();
  fg.nodes.forEach((n, k) => {
    for (const v of n.inputs) last.set(v, k);
    // an output nobody reads dies right after its node
    for (const o of n.outputs) if (!last.has(o)) last.set(o, k);
  });
  const keep = new Set<TensorVariable>([...fg.outputs, ...fg.inputs]);
  const freeAfter: TensorVariable[][] = fg.nodes.map(() => []);
  for (const [v, k] of last) if (!keep.has(v) && v.owner) freeAfter[k]!.push(v);
  plan = { nodes: fg.nodes, freeAfter };
  plans.set(fg, plan);
  return plan;
}

/** What a backend supplies to `execute` besides its kernels. */
export interface ExecuteHooks<V> {
  /** The value of a constant (read each time a node reads it). */
  constant(c: TensorConstant): V;
  /** Frees a value no later node reads (device memory); default: nothing to do. */
  free?(value: V): void;
  /** Called with each node's time in seconds (for profiling). */
  onNode?(node: Apply, seconds: number): void;
}

/**
 * Runs `fg` on `inputs` (in `fg.inputs` order): each node's kernel gets its input values and returns its
 * outputs; values are dropped (and freed) after their last reader. Returns the outputs' values.
 */
export function execute<V>(
  fg: FunctionGraph,
  inputs: readonly V[],
  kernel: (node: Apply, args: V[]) => readonly V[],
  hooks: ExecuteHooks<V>,
): V[] {
  if (inputs.length !== fg.inputs.length) {
    throw new Error(`execute: the graph takes ${fg.inputs.length} inputs, got ${inputs.length}`);
  }
  const env = new Map<TensorVariable, V>();
  fg.inputs.forEach((v, i) => {
    env.set(v, inputs[i]!);
  });
  const lookup = (v: TensorVariable): V => {
    const x = env.get(v);
    if (x !== undefined) return x;
    if (v instanceof TensorConstant) return hooks.constant(v);
    throw new Error(`execute: no value for ${v} (${v.type})`);
  };
  const plan = executionPlan(fg);
  const { onNode, free } = hooks;
  for (let k = 0; k < plan.nodes.length; k++) {
    const node = plan.nodes[k]!;
    const args = node.inputs.map(lookup);
    const t0 = onNode ? performance.now() : 0;
    const outs = kernel(node, args);
    if (onNode) onNode(node, (performance.now() - t0) / 1000);
    for (let i = 0; i < node.outputs.length; i++) env.set(node.outputs[i]!, outs[i]!);
    for (const v of plan.freeAfter[k]!) {
      const x = env.get(v);
      env.delete(v);
      if (free && x !== undefined) free(x);
    }
  }
  return fg.outputs.map(lookup);
}
