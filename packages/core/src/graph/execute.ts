/**
 * The one executor of the interpreting backends (and of core's own `performGraph`): a graph's execution
 * plan (its nodes in order; which inputs each reads; which nodes depend on constants only, so their results
 * can be kept across runs; which nodes a backend folds into their readers; after each node the values no
 * later node reads, so they can be freed) and the loop that runs it, calling a backend's kernel per node. A
 * backend supplies only its kernels and its memory handling (how a constant becomes a value, how a value is
 * freed, where results of constant-only nodes are kept).
 */
import { AllocationError, NDArray, shapeToString } from '../ndarray.js';
import type { Apply } from './apply.js';
import type { FunctionGraph } from './fgraph.js';
import { TensorConstant, type TensorVariable } from './variable.js';

/** One node of a plan. */
export interface ExecutionStep {
  /** The node this step runs. */
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
  /**
   * A lazy node's branches (`OpDef.lazyBranches`): per branch, the steps only that branch needs (run, in
   * order, only when it is taken; they are not steps of the enclosing list) and the inputs it gives.
   */
  readonly lazy?: {
    /** The branch taken when the condition is nonzero. */
    readonly ifTrue: LazyBranch;
    /** The branch taken when the condition is zero. */
    readonly ifFalse: LazyBranch;
  };
}

/** One branch of a lazy step. */
export interface LazyBranch {
  /** The steps the branch alone needs, in execution order. */
  readonly steps: readonly ExecutionStep[];
  /** The values it gives, one per output of the lazy node. */
  readonly values: readonly TensorVariable[];
}

/** A graph's steps in execution order (bypassed nodes are not steps; a lazy step holds its branches' steps). */
export interface ExecutionPlan {
  /** The steps, in execution order. */
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

/** A step while its plan is made. */
type MutableStep = {
  node: Apply;
  inputs: TensorVariable[];
  bypassed: boolean[];
  staticInputs: boolean[];
  isStatic: boolean;
  freeAfter: TensorVariable[];
  lazy?: ExecutionStep['lazy'];
};

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
  const steps: MutableStep[] = [];
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
  const top = nestLazyBranches(steps, fg.outputs);
  // free each computed value after the last top-level step that reads it (a read inside a lazy step's
  // branch counts as a read by the lazy step), or right after its node if nothing reads it
  const keep = new Set<TensorVariable>([...fg.inputs, ...fg.outputs, ...statics]);
  const last = new Map<TensorVariable, number>();
  const visit = (s: ExecutionStep, k: number) => {
    for (const o of s.node.outputs) if (!last.has(o)) last.set(o, k);
    for (const v of s.inputs) last.set(v, k);
    if (s.lazy) for (const b of [s.lazy.ifTrue, s.lazy.ifFalse]) for (const inner of b.steps) visit(inner, k);
  };
  top.forEach(visit);
  for (const [v, k] of last) if (v.owner && !keep.has(v)) (top[k]!.freeAfter as TensorVariable[]).push(v);
  return { steps: top };
}

/**
 * Moves the steps that only one branch of a lazy node needs into that branch: a step belongs to branch b
 * of lazy node L when none of its outputs is a graph output and every read of them is by a step of that
 * branch or by L through one of b's inputs. A step needed by two nested branches goes to the innermost.
 * Returns the top-level steps; the order within each list is the original (topological) order.
 */
function nestLazyBranches(steps: MutableStep[], outputs: readonly TensorVariable[]): ExecutionStep[] {
  const lazyNodes = steps.filter((s) => s.node.op.def.lazyBranches !== undefined);
  if (lazyNodes.length === 0) return steps;
  const readers = new Map<TensorVariable, { step: MutableStep; pos: number }[]>();
  for (const s of steps) {
    s.inputs.forEach((v, pos) => {
      const rs = readers.get(v);
      if (rs) rs.push({ step: s, pos });
      else readers.set(v, [{ step: s, pos }]);
    });
  }
  const isOutput = new Set(outputs);
  const index = new Map(steps.map((s, k) => [s, k]));
  // for each step, the innermost branch (smallest set) that owns it
  const owner = new Map<MutableStep, { size: number; lazy: MutableStep; branch: 'ifTrue' | 'ifFalse' }>();
  for (const L of lazyNodes) {
    const br = L.node.op.def.lazyBranches!(L.node.op.params);
    for (const branch of ['ifTrue', 'ifFalse'] as const) {
      const positions = new Set(br[branch]);
      const inBranch = new Set<MutableStep>();
      for (let k = index.get(L)! - 1; k >= 0; k--) {
        const s = steps[k]!;
        const owned = s.node.outputs.every((o) => {
          if (isOutput.has(o)) return false;
          const rs = readers.get(o) ?? [];
          return rs.length > 0 && rs.every((r) => inBranch.has(r.step) || (r.step === L && positions.has(r.pos)));
        });
        if (owned) inBranch.add(s);
      }
      for (const s of inBranch) {
        const prev = owner.get(s);
        if (!prev || inBranch.size < prev.size) owner.set(s, { size: inBranch.size, lazy: L, branch });
      }
    }
  }
  const branchSteps = new Map<MutableStep, { ifTrue: ExecutionStep[]; ifFalse: ExecutionStep[] }>(
    lazyNodes.map((L) => [L, { ifTrue: [], ifFalse: [] }]),
  );
  const top: ExecutionStep[] = [];
  for (const s of steps) {
    const o = owner.get(s);
    if (o) branchSteps.get(o.lazy)![o.branch].push(s);
    else top.push(s);
  }
  for (const L of lazyNodes) {
    const br = L.node.op.def.lazyBranches!(L.node.op.params);
    const b = branchSteps.get(L)!;
    L.lazy = {
      ifTrue: { steps: b.ifTrue, values: br.ifTrue.map((p) => L.inputs[p]!) },
      ifFalse: { steps: b.ifFalse, values: br.ifFalse.map((p) => L.inputs[p]!) },
    };
  }
  return top;
}

/** Where an executable keeps the results of constant-only nodes between runs. */
export interface StaticStore<V> {
  /** The value kept for `v`, if any. */
  get(v: TensorVariable): V | undefined;
  /** Keeps `value` as the value of `v`. */
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
  /**
   * Whether a lazy node's condition value is true (nonzero). Without it, lazy nodes run eagerly: both
   * branches, then the node's kernel.
   */
  truth?(value: V): boolean;
  /**
   * A value a lazy node passes on as its output, owned separately from its input (freeing one must not
   * free the other: the WebGL backend clones a tensor); default: the value itself.
   */
  share?(value: V): V;
}

/** The errors `allocationFailure` made (an inner graph's, already naming its op, are not wrapped again). */
const namedAllocationFailures = new WeakSet<Error>();

/** A RangeError of an allocation: core's `AllocationError`, or the engine's own (a kernel's `new Float64Array(n)`). */
function isAllocationFailure(e: unknown): e is RangeError {
  if (!(e instanceof RangeError) || namedAllocationFailures.has(e)) return false;
  // the engine's own, and a GPU backend's texture beyond the device's maximum size
  return (
    e instanceof AllocationError ||
    /Invalid typed array length|Array buffer allocation failed|texture size .* greater than .* maximum/.test(e.message)
  );
}

/** An allocation too large for a node's kernel, as a RangeError naming the op and its inputs' shapes. */
function allocationFailure(node: Apply, args: readonly unknown[], e: RangeError): RangeError {
  const ins = node.inputs.map((v, i) => {
    const a = args[i];
    if (!(a instanceof NDArray)) {
      // a backend's own array (a GPU tensor): its shape, when it carries one
      const shape = (a as { shape?: unknown } | null)?.shape;
      return Array.isArray(shape) ? `${v} of shape ${shapeToString(shape)}` : `${v} (${v.type})`;
    }
    return a.ndim === 0 ? `${v} = ${String(a.item())}` : `${v} of shape ${shapeToString(a.shape)}`;
  });
  const what =
    e instanceof AllocationError
      ? e.message
      : `cannot allocate its output (${e.message}): the size exceeds what can be allocated`;
  const err = new RangeError(`${node.op}: inputs ${ins.join(', ')}: ${what}`, { cause: e });
  namedAllocationFailures.add(err);
  return err;
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
  const { truth, share } = hooks;
  const run = (step: ExecutionStep): void => {
    const node = step.node;
    const keepStatic = statics !== undefined && step.isStatic;
    if (keepStatic && node.outputs.every((o) => statics.get(o) !== undefined)) return;
    let outs: readonly V[];
    if (step.lazy && truth) {
      // the condition, then only the taken branch's steps; the outputs are that branch's values
      const taken = truth(lookup(step.inputs[0]!)) ? step.lazy.ifTrue : step.lazy.ifFalse;
      for (const s of taken.steps) run(s);
      const t0 = onNode ? performance.now() : 0;
      outs = taken.values.map((v) => (share ? share(lookup(v)) : lookup(v)));
      if (onNode) onNode(node, (performance.now() - t0) / 1000);
    } else {
      if (step.lazy) for (const s of [...step.lazy.ifTrue.steps, ...step.lazy.ifFalse.steps]) run(s);
      const args = step.inputs.map(lookup);
      const t0 = onNode ? performance.now() : 0;
      try {
        outs = kernel(node, args, step);
      } catch (e) {
        throw isAllocationFailure(e) ? allocationFailure(node, args, e) : e;
      }
      if (onNode) onNode(node, (performance.now() - t0) / 1000);
    }
    for (let i = 0; i < node.outputs.length; i++) {
      const o = node.outputs[i]!;
      if (keepStatic) statics.set(o, outs[i]!);
      else {
        env.set(o, outs[i]!);
        computed.add(o);
      }
    }
  };
  try {
    for (const step of plan.steps) {
      run(step);
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
