/**
 * The WebGL executor: core's executor (`execute`: the schedule, the liveness plan, constant-only nodes run
 * once per compiled function) with WebGL's kernels and memory handling. Each kernel runs in its own tfjs
 * engine scope (whatever a kernel creates and does not return is freed when it ends); a value lives only
 * until its last reader has run; the results of constant-only nodes stay on the GPU, as do the uploads and
 * casts of constants. A `DimShuffle{1,0}` read only by `dot` nodes is not run: the plan bypasses it and the
 * dots read its input with a transpose flag.
 */
import {
  type Apply,
  DIMSHUFFLE,
  DOT,
  type ExecutionStep,
  type ExtendedOpName,
  execute,
  type FunctionGraph,
  type NDArray,
  type PlanOptions,
  type PrimitiveName,
  type StaticStore,
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

/** A 2-d transpose read only by `dot` nodes: not run (the dots read its input transposed). */
const PLAN: PlanOptions = {
  bypass: (node, readers) => {
    const order = DIMSHUFFLE.match(node)?.order;
    const transpose = order?.length === 2 && order[0] === 1 && order[1] === 0 && node.inputs[0]!.ndim === 2;
    return transpose && readers.every((r) => DOT.match(r) !== null);
  },
};

/** What a compiled function keeps between calls: static results and the GPU forms of constants. */
export class ExecState implements StaticStore<Value> {
  readonly #statics = new Map<TensorVariable, Value>();
  readonly #memo = new Map<Value, Map<GpuDType, Tensor>>();
  readonly #kept = new Set<Tensor>();

  /** The kept result of a static node, if computed. */
  get(v: TensorVariable): Value | undefined {
    return this.#statics.get(v);
  }

  /** Records a static node's result (kept until `dispose`). */
  set(v: TensorVariable, value: Value): void {
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
  step: ExecutionStep,
  values: Value[],
  state: ExecState,
  uploads: RunUploads,
  timer?: NodeTimer,
): Value[] {
  const { node } = step;
  const isStatic = step.staticInputs;
  const kernel = KERNELS[node.op.kind as PrimitiveName | ExtendedOpName];
  if (!kernel) throw new Error(`webgl: no kernel for ${node.op}`);
  const label = (k: number) => `input ${k} (${node.inputs[k]}) of ${node.op}`;
  const args: KernelArgs = {
    node,
    values,
    outDtype: node.outputs[0]!.dtype,
    transposed: (k) => step.bypassed[k] === true,
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
  const eng = engine();
  eng.startScope();
  let outs: Value[];
  try {
    const inputTensors = new Set(values.filter(isTensor));
    const foreign = (t: Tensor) => inputTensors.has(t) || state.owns(t) || uploads.has(t);
    outs = kernel(args).map((v) => (isTensor(v) && foreign(v) ? identity(v) : v));
  } catch (e) {
    eng.endScope();
    // a texture larger than the device allows: an allocation failure (the executor names the op and shapes)
    if (e instanceof Error && /Requested texture size/.test(e.message)) throw new RangeError(e.message, { cause: e });
    if (e instanceof Error && !e.message.includes(String(node.op))) e.message = `${node.op}: ${e.message}`;
    throw e;
  }
  eng.endScope(outs.filter(isTensor));
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
  // the tensors this run made (not inputs, constants' forms or static results): freed unless returned
  const owned = new Set<Tensor>();
  const uploads = new RunUploads();
  try {
    const values = execute(
      fg,
      inputs,
      (_node, args, step) => {
        const outs = runNode(step, args, state, uploads, timer);
        if (!step.isStatic) for (const v of outs) if (isTensor(v)) owned.add(v);
        return outs;
      },
      {
        constant: (c) => c.value,
        free: (x) => {
          if (isTensor(x) && owned.delete(x)) x.dispose();
        },
        statics: state,
        plan: PLAN,
        // an ifelse reads its condition on the host and runs only the branch taken; its outputs are copies
        truth: (c) => Number(isTensor(c) ? c.dataSync()[0] : c.item()) !== 0,
        share: (x) => {
          if (!isTensor(x)) return x;
          const copy = identity(x);
          owned.add(copy);
          return copy;
        },
        ...(timer ? { onNode: timer } : {}),
      },
    );
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
