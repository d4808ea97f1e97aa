/**
 * The WebGL executor: walks a `FunctionGraph` in execution order and calls one kernel per node, each in
 * its own tfjs engine scope (whatever a kernel creates and does not return is freed when it ends). A
 * value lives only until its last reader has run. Nodes whose inputs are all constants run once per
 * compiled function and keep their results on the GPU; so do the uploads and casts of constants. A
 * `DimShuffle{1,0}` read only by `dot` nodes is not run: the dots read its input with a transpose flag.
 */
import {
  type Apply,
  type DimShuffleParams,
  type ExtendedOpName,
  type FunctionGraph,
  type NDArray,
  type PrimitiveName,
  TensorConstant,
  type TensorVariable,
} from '@theano-ts/core';
import {
  castTo,
  download,
  engine,
  type GpuDType,
  identity,
  isTensor,
  keep,
  type Tensor,
  upload,
  type Value,
} from './gpu.js';
import { type InnerRun, KERNELS, type KernelArgs } from './kernels/index.js';

/** One node of a plan. */
interface Step {
  readonly node: Apply;
  /** The values the kernel reads (a fused transpose's input in place of its output). */
  readonly inputs: readonly TensorVariable[];
  readonly transposed: readonly boolean[];
  /** A transpose fused into every reader: not run. */
  readonly skip: boolean;
  /** Every input is a constant or static: run once, results kept. */
  readonly isStatic: boolean;
  /** Values to free once this node has run. */
  readonly freeAfter: readonly TensorVariable[];
}

const plans = new WeakMap<FunctionGraph, Step[]>();

function isTranspose2D(node: Apply): boolean {
  if (node.op.name !== 'dimshuffle') return false;
  const { order } = node.op.params as DimShuffleParams;
  return order.length === 2 && order[0] === 1 && order[1] === 0 && node.inputs[0]!.ndim === 2;
}

/** The plan of a graph: fused transposes, static nodes and when each value can be freed. */
function planOf(fg: FunctionGraph): Step[] {
  const cached = plans.get(fg);
  if (cached) return cached;
  const readers = new Map<TensorVariable, Apply[]>();
  for (const n of fg.nodes) {
    for (const v of n.inputs) {
      const rs = readers.get(v);
      if (rs) rs.push(n);
      else readers.set(v, [n]);
    }
  }
  const outputs = new Set(fg.outputs);
  const fused = new Set<Apply>();
  for (const n of fg.nodes) {
    const o = n.outputs[0]!;
    const rs = readers.get(o) ?? [];
    if (isTranspose2D(n) && rs.length > 0 && !outputs.has(o) && rs.every((r) => r.op.name === 'dot')) fused.add(n);
  }
  const staticVars = new Set<TensorVariable>();
  const isConst = (v: TensorVariable) => v instanceof TensorConstant || staticVars.has(v);
  const steps = fg.nodes.map((node) => {
    const inputs: TensorVariable[] = [];
    const transposed: boolean[] = [];
    for (const v of node.inputs) {
      const owner = v.owner;
      const through = owner !== null && fused.has(owner);
      inputs.push(through ? owner.inputs[0]! : v);
      transposed.push(through);
    }
    const skip = fused.has(node);
    const isStatic = !skip && inputs.every(isConst);
    if (isStatic) for (const o of node.outputs) staticVars.add(o);
    return { node, inputs, transposed, skip, isStatic, freeAfter: [] as TensorVariable[] };
  });
  // free each computed value after its last reader (or right away if nothing reads it)
  const keepVars = new Set<TensorVariable>([...fg.inputs, ...fg.outputs, ...staticVars]);
  const last = new Map<TensorVariable, number>();
  steps.forEach((s, k) => {
    if (s.skip) return;
    for (const o of s.node.outputs) if (!last.has(o)) last.set(o, k);
    for (const v of s.inputs) last.set(v, k);
  });
  for (const [v, k] of last) if (v.owner && !keepVars.has(v)) steps[k]!.freeAfter.push(v);
  plans.set(fg, steps);
  return steps;
}

/** What a compiled function keeps between calls: static results and the GPU forms of constants. */
export class ExecState {
  readonly #statics = new Map<TensorVariable, Value>();
  readonly #memo = new Map<Value, Map<GpuDType, Tensor>>();
  readonly #kept = new Set<Tensor>();

  /** The kept result of a static node, if computed. */
  staticValue(v: TensorVariable): Value | undefined {
    return this.#statics.get(v);
  }

  /** Records a static node's result (kept until `dispose`). */
  setStatic(v: TensorVariable, value: Value): void {
    if (isTensor(value)) this.#kept.add(keep(value));
    this.#statics.set(v, value);
  }

  /** `value` (a constant or a static result) as a GPU tensor of dtype `gpu`, made once. */
  constantTensor(value: Value, gpu: GpuDType, label: string): Tensor {
    if (isTensor(value) && value.dtype === gpu) return value;
    let byType = this.#memo.get(value);
    const hit = byType?.get(gpu);
    if (hit && !hit.isDisposed) return hit;
    const t = keep(isTensor(value) ? castTo(value, gpu) : upload(value, gpu, label));
    this.#kept.add(t);
    if (!byType) {
      byType = new Map();
      this.#memo.set(value, byType);
    }
    byType.set(gpu, t);
    return t;
  }

  /** Whether `t` belongs to this state (a static result or a constant's GPU form). */
  owns(t: Tensor): boolean {
    return this.#kept.has(t);
  }

  /** Frees every tensor the state keeps. */
  dispose(): void {
    for (const t of this.#kept) t.dispose();
    this.#kept.clear();
    this.#statics.clear();
    this.#memo.clear();
  }
}

/** A graph run's outputs, and the output tensors the run created (the caller frees them). */
export interface GraphResult {
  readonly values: Value[];
  readonly owned: Set<Tensor>;
}

/** Called after each node with its wall time in seconds (for profiling). */
export type NodeTimer = (node: Apply, seconds: number) => void;

/** The GPU forms of host values made during one run (each uploaded once per dtype; freed with the run). */
class RunUploads {
  readonly #memo = new Map<NDArray, Map<GpuDType, Tensor>>();

  /** `a` as a tensor of dtype `gpu`. */
  get(a: NDArray, gpu: GpuDType, label: string): Tensor {
    let byType = this.#memo.get(a);
    const hit = byType?.get(gpu);
    if (hit) return hit;
    const t = keep(upload(a, gpu, label));
    if (!byType) {
      byType = new Map();
      this.#memo.set(a, byType);
    }
    byType.set(gpu, t);
    return t;
  }

  /** Whether `t` is one of these uploads. */
  has(t: Tensor): boolean {
    for (const m of this.#memo.values()) for (const u of m.values()) if (u === t) return true;
    return false;
  }

  /** Frees the uploads. */
  dispose(): void {
    for (const m of this.#memo.values()) for (const t of m.values()) t.dispose();
    this.#memo.clear();
  }
}

/** Runs one node's kernel in its own engine scope; its outputs never alias its inputs or kept tensors. */
function runNode(
  step: Step,
  values: Value[],
  isStatic: boolean[],
  state: ExecState,
  uploads: RunUploads,
  timer?: NodeTimer,
): Value[] {
  const { node } = step;
  const kernel = KERNELS[node.op.name as PrimitiveName | ExtendedOpName];
  if (!kernel) throw new Error(`webgl: no kernel for ${node.op}`);
  const label = (k: number) => `input ${k} (${node.inputs[k]}) of ${node.op}`;
  const args: KernelArgs = {
    node,
    values,
    outDtype: node.outputs[0]!.dtype,
    transposed: (k) => step.transposed[k] === true,
    tensor: (k, gpu) => {
      const v = values[k]!;
      if (isStatic[k]) return state.constantTensor(v, gpu, label(k));
      return isTensor(v) ? castTo(v, gpu) : uploads.get(v, gpu, label(k));
    },
    host: (k): NDArray => {
      const v = values[k]!;
      return isTensor(v) ? download(v, node.inputs[k]!.dtype) : v;
    },
    runInner: (fg, inputs): InnerRun => {
      const r = runGraph(fg, inputs, state, timer);
      return {
        values: r.values,
        dispose: () => {
          for (const t of r.owned) t.dispose();
        },
      };
    },
  };
  const t0 = timer ? performance.now() : 0;
  const eng = engine();
  eng.startScope();
  let outs: Value[];
  try {
    const inputTensors = new Set(values.filter(isTensor));
    const foreign = (t: Tensor) => inputTensors.has(t) || state.owns(t) || uploads.has(t);
    outs = kernel(args).map((v) => (isTensor(v) && foreign(v) ? identity(v) : v));
  } catch (e) {
    eng.endScope();
    if (e instanceof Error && !e.message.includes(String(node.op))) e.message = `${node.op}: ${e.message}`;
    throw e;
  }
  eng.endScope(outs.filter(isTensor));
  if (timer) timer(node, (performance.now() - t0) / 1000);
  return outs;
}

/**
 * Runs `fg` on `inputs` (in `fg.inputs` order; the caller keeps ownership of them). Intermediates are
 * freed after their last reader; on an error every tensor the run created is freed before rethrowing.
 */
export function runGraph(
  fg: FunctionGraph,
  inputs: readonly Value[],
  state: ExecState,
  timer?: NodeTimer,
): GraphResult {
  if (inputs.length !== fg.inputs.length) {
    throw new Error(`webgl: the graph takes ${fg.inputs.length} inputs, got ${inputs.length}`);
  }
  const env = new Map<TensorVariable, Value>();
  fg.inputs.forEach((v, i) => {
    env.set(v, inputs[i]!);
  });
  const owned = new Set<Tensor>();
  const lookup = (v: TensorVariable): Value => {
    const x = env.get(v) ?? state.staticValue(v);
    if (x) return x;
    if (v instanceof TensorConstant) return v.value;
    throw new Error(`webgl: no value for ${v} (${v.type})`);
  };
  const staticInput = (v: TensorVariable) => v instanceof TensorConstant || state.staticValue(v) !== undefined;
  const uploads = new RunUploads();
  try {
    for (const step of planOf(fg)) {
      if (step.skip) continue;
      if (step.isStatic && step.node.outputs.every((o) => state.staticValue(o) !== undefined)) continue;
      const outs = runNode(step, step.inputs.map(lookup), step.inputs.map(staticInput), state, uploads, timer);
      step.node.outputs.forEach((o, i) => {
        const v = outs[i]!;
        if (step.isStatic) {
          state.setStatic(o, v);
        } else {
          env.set(o, v);
          if (isTensor(v)) owned.add(v);
        }
      });
      for (const v of step.freeAfter) {
        const x = env.get(v);
        env.delete(v);
        if (x && isTensor(x) && owned.delete(x)) x.dispose();
      }
    }
    const values = fg.outputs.map(lookup);
    // keep only the owned tensors still reachable from the outputs
    const live = new Set(values.filter(isTensor));
    for (const t of owned) {
      if (!live.has(t)) {
        t.dispose();
        owned.delete(t);
      }
    }
    return { values, owned };
  } catch (e) {
    for (const t of owned) t.dispose();
    throw e;
  } finally {
    uploads.dispose();
  }
}
