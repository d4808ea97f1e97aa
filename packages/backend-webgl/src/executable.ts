/**
 * A compiled function on WebGL. A call uploads the explicit inputs (0-d ones stay on the host: they are
 * indices and scalars, read cheaply there), finds the shared variables' tensors in the shared cache, runs
 * the graph, and reads back only the function's outputs (`dataSync` for `runSync`, `data()` for `run`;
 * an output tensor that is the only handle on its data hands tfjs's read array over without a copy).
 * An update's new value stays on the GPU: it is returned as a `GpuNDArray` that core stores in the shared
 * variable, and the next call reads the same tensor. A call that throws leaves no tensor behind and no
 * update registered, so core changes no shared variable (all-or-nothing, as on ref).
 */
import {
  type Executable,
  type FunctionGraph,
  type NDArray,
  SharedVariable,
  type TensorVariable,
} from '@theano-ts/core';
import { ExecState, type NodeTimer, runGraph } from './executor.js';
import {
  downloadOwned,
  downloadOwnedAsync,
  engine,
  ensureWebGL,
  gpuDType,
  identity,
  isTensor,
  type Tensor,
  upload,
  type Value,
} from './gpu.js';
import { acquireShared, registerUpdate, type SharedUse, settleLater } from './shared-cache.js';

/** How an executable was compiled. */
export interface ExecutableOptions {
  /** The function's name, for messages. */
  readonly name: string;
  /** `[output index, shared variable]` for each update (from core's compile options). */
  readonly updates: readonly (readonly [number, SharedVariable])[];
}

/** An output of a call before read-back: a host array ready to return, or a tensor to read. */
type Pending = { readonly host: NDArray } | { readonly tensor: Tensor; readonly dtype: NDArray['dtype'] };

/** A call whose GPU work is issued: its outputs to read, and what to release afterwards. */
interface Issued {
  readonly outputs: readonly Pending[];
  /** Frees the call's tensors and lets the shared cache settle; run once the outputs are read. */
  release(): void;
}

/**
 * Frees the GPU tensors (constants, static results) of an executable dropped without `dispose()`: its
 * function was garbage-collected, as Theano programs never dispose. The held value is the executable's
 * `ExecState`, which does not refer to the executable; `dispose()` unregisters it, so nothing is freed twice.
 */
const dropped = new FinalizationRegistry<ExecState>((state) => state.dispose());

/** Builds the executable of `fg`. */
export function createExecutable(fg: FunctionGraph, opts: ExecutableOptions): Executable {
  const state = new ExecState();
  const updateOf = new Map<number, SharedVariable>(opts.updates.map(([k, s]) => [k, s]));
  const inputIndex = new Map<TensorVariable, number>(fg.inputs.map((v, i) => [v, i]));
  // an explicit input the graph returns or stores (as an update) is copied on upload; the others are read
  // by the kernels of this call, synchronously, straight from the caller's array
  const escapes = new Set(fg.outputs);

  function issue(inputs: readonly NDArray[], timer?: NodeTimer): Issued {
    ensureWebGL();
    if (inputs.length !== fg.inputs.length) {
      throw new Error(`webgl: "${opts.name}" takes ${fg.inputs.length} inputs, got ${inputs.length}`);
    }
    const eng = engine();
    const uses: SharedUse[] = [];
    const settles: (() => void)[] = [];
    const toRead: Tensor[] = [];
    eng.startScope();
    let outputs: Pending[];
    try {
      const values: Value[] = inputs.map((a, i) => {
        const v = fg.inputs[i]!;
        if (a.dtype !== v.dtype) {
          throw new TypeError(`webgl: "${opts.name}" input ${i} (${v}) must be ${v.dtype}, got ${a.dtype}`);
        }
        if (v instanceof SharedVariable) {
          const u = acquireShared(v, a, gpuDType(v.dtype));
          uses.push(u);
          return u.tensor;
        }
        // scalars (indices, sizes) and int64 arrays (no GPU form beyond int32) stay on the host until a kernel needs them
        if (a.ndim === 0 || v.dtype === 'int64') return a;
        return upload(a, gpuDType(v.dtype), `input ${i} (${v}) of "${opts.name}"`, !escapes.has(v));
      });
      const result = runGraph(fg, values, state, timer);
      outputs = fg.outputs.map((o, j): Pending => {
        const shared = updateOf.get(j);
        const v = result.values[j]!;
        if (shared) {
          // the new value stays on the GPU: a handle of its own, owned by the shared cache
          const t = isTensor(v) ? identity(v) : upload(v, gpuDType(o.dtype), `the update of ${shared}`);
          const reg = registerUpdate(shared, t, o.dtype);
          settles.push(reg.settle);
          return { host: reg.value };
        }
        const i = inputIndex.get(o);
        if (i !== undefined) return { host: inputs[i]! }; // core copies an input it gets back
        if (!isTensor(v)) return { host: v.dtype === o.dtype ? v.copy() : v.astype(o.dtype) };
        // a tensor the run does not own (a kept constant result) is read through a handle of its own
        const t = result.owned.has(v) ? v : identity(v);
        toRead.push(t);
        return { tensor: t, dtype: o.dtype };
      });
      for (const t of result.owned) if (!toRead.includes(t)) t.dispose();
    } catch (e) {
      eng.endScope();
      for (const u of uses) u.done();
      for (const s of settles) s();
      throw e;
    }
    eng.endScope(toRead);
    return {
      outputs,
      release: () => {
        for (const t of toRead) t.dispose();
        for (const u of uses) u.done();
        settleLater(settles);
      },
    };
  }

  function runSync(inputs: readonly NDArray[], timer?: NodeTimer): NDArray[] {
    const call = issue(inputs, timer);
    try {
      return call.outputs.map((p) => ('host' in p ? p.host : downloadOwned(p.tensor, p.dtype)));
    } finally {
      call.release();
    }
  }

  const executable: Executable = {
    runSync: (inputs) => runSync(inputs),
    runProfiled: (inputs, onNode) => runSync(inputs, onNode),
    async run(inputs) {
      const call = issue(inputs);
      try {
        return await Promise.all(
          call.outputs.map((p) => ('host' in p ? p.host : downloadOwnedAsync(p.tensor, p.dtype))),
        );
      } finally {
        call.release();
      }
    },
    dispose: () => {
      dropped.unregister(executable);
      state.dispose();
    },
  };
  dropped.register(executable, state, executable);
  return executable;
}
