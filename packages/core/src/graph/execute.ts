/**
 * The one executor of the interpreting backends (and of core's own `performGraph`): a graph's execution
 * plan (its nodes in order; which inputs each reads; which nodes depend on constants only, so their results
 * can be kept across runs; which nodes a backend folds into their readers; after each node the values no
 * later node reads, so they can be freed) and the loop that runs it, calling a backend's kernel per node. A
 * backend supplies only its kernels and its memory handling (how a constant becomes a value, how a value is
 * freed, where results of constant-only nodes are kept).
 */
import type { Apply } from './apply.js';
import type { FunctionGraph } from './fgraph.js';
import { TensorConstant, type TensorVariable } from './variable.js';

/** One node of a plan. */
export interface ExecutionStep {
  readonly node: Apply;
  /** The values its kernel reads: `node.inputs`, with a bypassed node's output replaced by its input. */
  readonly inputs: readonly TensorVariable[];
  /** Per input, whether it reads through a bypassed node (e.g. a transpose its kernel applies itself). */
  readonly bypassed: readonly boolean[];
  /** Per input, whether it is a constant or the result of a constant-only node. */
  readonly staticInputs: readonly boolean[];
  /** Every input is static: the results can be computed once and kept (`ExecuteHooks.statics`). */
  readonly isStatic: boolean;
  /** Computed values that no later step reads (never an input, an output or a static value). */
  readonly freeAfter: readonly TensorVariable[];
}

/** A graph's steps in execution order (bypassed nodes are not steps). */
export interface ExecutionPlan {
  readonly steps: readonly ExecutionStep[];
}

/** How a backend shapes its plan. */
export interface PlanOptions {
  /**
   * Nodes not run: their readers read the node's first input instead, flagged in `bypassed` (the WebGL
   * backend's dot reads a transpose's input with a transpose flag). Called with the node and its readers;
   * never asked about a node whose output is a graph output.
   */
  readonly bypass?: (node: Apply, readers: readonly Apply[]) => boolean;
}

const NO_OPTIONS: PlanOptions = {};
const plans = new WeakMap<FunctionGraph, Map<PlanOptions, ExecutionPlan>>();

/** The execution plan of `fg` (cached per graph and options object). */
export function executionPlan(fg: FunctionGraph, options: PlanOptions = NO_OPTIONS): ExecutionPlan {
  let perOptions = plans.get(fg);
  if (!perOptions) {
    perOptions = new Map();
    plans.set(fg, perOptions);
  }
  let plan = perOptions.get(options);
  if (plan) return plan;
  plan = makePlan(fg, options);
  perOptions.set(options, plan);
  return plan;
}

function makePlan(fg: FunctionGraph, { bypass }: PlanOptions): ExecutionPlan {
  const readers = new Map<TensorVariable, Apply[]>();
  for (const n of fg.nodes) {
    for (const v of n.inputs) {
      const rs = readers.get(v);
      if (rs) rs.push(n);
      else readers.set(v, [n]);
    }
  }
  const outputs = new Set(fg.outputs);
  const skipped = new Set<Apply>();
  if (bypass) {
    for (const n of fg.nodes) {
      const o = n.outputs[0]!;
      const rs = readers.get(o) ?? [];
      if (n.outputs.length === 1 && rs.length > 0 && !outputs.has(o) && bypass(n, rs)) skipped.add(n);
    }
  }
  const statics = new Set<TensorVariable>();
  const isStaticVar = (v: TensorVariable) => v instanceof TensorConstant || statics.has(v);
  const steps: {
    node: Apply;
    inputs: TensorVariable[];
    bypassed: boolean[];
    staticInputs: boolean[];
    isStatic: boolean;
    freeAfter: TensorVariable[];
  }[] = [];
  for (const node of fg.nodes) {
    if (skipped.has(node)) continue;
    const inputs: TensorVariable[] = [];
    const bypassed: boolean[] = [];
    for (const v of node.inputs) {
      const through = v.owner !== null && skipped.has(v.owner);
      inputs.push(through ? v.owner!.inputs[0]! : v);
      bypassed.push(through);
    }
    const staticInputs = inputs.map(isStaticVar);
    const isStatic = node.inputs.length > 0 && staticInputs.every(Boolean);
    if (isStatic) for (const o of node.outputs) statics.add(o);
    steps.push({ node, inputs, bypassed, staticInputs, isStatic, freeAfter: [] });
  }
  // free each computed value after its last reader (or right after its node if nothing reads it)
  const keep = new Set<TensorVariable>([...fg.inputs, ...fg.outputs, ...statics]);
  const last = new Map<TensorVariable, number>();
  steps.forEach((s, k) => {
    for (const o of s.node.outputs) if (!last.has(o)) last.set(o, k);
    for (const v of s.inputs) last.set(v, k);
  });
  for (const [v, k] of last) if (v.owner && !keep.has(v)) steps[k]!.freeAfter.push(v);
  return { steps };
}

/** Where an executable keeps the results of constant-only nodes between runs. */
export interface StaticStore<V> {
  get(v: TensorVariable): V | undefined;
  set(v: TensorVariable, value: V): void;
}

/** What a backend supplies to `execute` besides its kernels. */
export interface ExecuteHooks<V> {
  /** The value of a constant (read each time a step reads it). */
  constant(c: TensorConstant): V;
  /** Frees a computed value no later step reads (device memory); default: nothing to do. */
  free?(value: V): void;
  /** Called with each step's time in seconds (for profiling). */
  onNode?(node: Apply, seconds: number): void;
  /** Keeps the results of constant-only steps across runs (computed on the first run only); default: none. */
  statics?: StaticStore<V>;
  /** The plan's shape (see `PlanOptions`). */
  plan?: PlanOptions;
}

/**
 * Runs `fg` on `inputs` (in `fg.inputs` order): each step's kernel gets its input values and returns its
 * outputs; values are dropped (and freed) after their last reader. On an error, every value the run
 * computed and still holds is freed before the error propagates. Returns the outputs' values.
 */
export function execute<V>(
  fg: FunctionGraph,
  inputs: readonly V[],
  kernel: (node: Apply, args: V[], step: ExecutionStep) => readonly V[],
  hooks: ExecuteHooks<V>,
): V[] {
  if (inputs.length !== fg.inputs.length) {
    throw new Error(`execute: the graph takes ${fg.inputs.length} inputs, got ${inputs.length}`);
  }
  const env = new Map<TensorVariable, V>();
  fg.inputs.forEach((v, i) => {
    env.set(v, inputs[i]!);
  });
  const { onNode, free, statics } = hooks;
  const lookup = (v: TensorVariable): V => {
    const x = env.get(v) ?? statics?.get(v);
    if (x !== undefined) return x;
    if (v instanceof TensorConstant) return hooks.constant(v);
    throw new Error(`execute: no value for ${v} (${v.type})`);
  };
  const computed = new Set<TensorVariable>();
  const plan = executionPlan(fg, hooks.plan);
  try {
    for (const step of plan.steps) {
      const node = step.node;
      const keepStatic = statics !== undefined && step.isStatic;
      if (keepStatic && node.outputs.every((o) => statics.get(o) !== undefined)) continue;
      const args = step.inputs.map(lookup);
      const t0 = onNode ? performance.now() : 0;
      const outs = kernel(node, args, step);
      if (onNode) onNode(node, (performance.now() - t0) / 1000);
      for (let i = 0; i < node.outputs.length; i++) {
        const o = node.outputs[i]!;
        if (keepStatic) statics.set(o, outs[i]!);
        else {
          env.set(o, outs[i]!);
          computed.add(o);
        }
      }
      for (const v of step.freeAfter) {
        const x = env.get(v);
        env.delete(v);
        computed.delete(v);
        if (free && x !== undefined) free(x);
      }
    }
    return fg.outputs.map(lookup);
  } catch (e) {
    if (free) for (const v of computed) free(env.get(v)!);
    throw e;
  }
}
