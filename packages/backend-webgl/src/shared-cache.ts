/**
 * GPU copies of shared variables, kept between calls. Each shared variable's container gets a slot of
 * entries `(value, tensor)`: `value` is the NDArray object that was (or is about to be) the container's
 * value, `tensor` its GPU copy. A call finds the tensor of the container's current value by object
 * identity (core installs a new NDArray on every write, so identity is the version), or uploads it.
 * The update a call computes becomes a new entry whose value is a `GpuNDArray` over the new tensor, which
 * core then writes into the container: the next call finds it without any transfer.
 *
 * An entry is freed once no running call uses it and it is no longer the container's value (checked when
 * the slot is next used, and after each call). A fresh update stays pending until its call has returned
 * to core, so a concurrent call cannot free it before core stores it.
 */
import type { NDArray, SharedContainer, SharedVariable } from '@theano-ts/core';
import { type GpuDType, keep, type Tensor, upload } from './gpu.js';
import { GpuNDArray } from './gpu-ndarray.js';

interface Entry {
  readonly value: NDArray;
  readonly tensor: Tensor;
  /** Calls running with this entry as their input. */
  uses: number;
  /** Produced by a call that has not returned to core yet. */
  pending: boolean;
}

function disposeEntry(e: Entry, why: string): void {
  if (e.value instanceof GpuNDArray) e.value.release(why);
  if (!e.tensor.isDisposed) e.tensor.dispose();
}

/** A shared variable that is garbage-collected takes its GPU copies with it. */
const finalizer = new FinalizationRegistry<Entry[]>((entries) => {
  for (const e of entries.splice(0)) disposeEntry(e, 'its shared variable was garbage-collected');
});

const slots = new WeakMap<SharedContainer, Entry[]>();

/** The entries of `container` (an empty list, registered, on first use). */
function slotOf(container: SharedContainer): Entry[] {
  let entries = slots.get(container);
  if (!entries) {
    entries = [];
    slots.set(container, entries);
    finalizer.register(container, entries, container);
    // sharedVar.dispose() frees the GPU copies
    container.onRelease(() => releaseContainer(container, 'its shared variable was disposed'));
  }
  return entries;
}

/** Frees the entries of `container` that nothing needs any more. */
function prune(container: SharedContainer): void {
  const entries = slots.get(container);
  if (!entries) return;
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.uses > 0 || e.pending || e.value === container.value) continue;
    disposeEntry(e, 'a later value of its shared variable replaced it');
    entries.splice(i, 1);
  }
}

/** A handle on one shared input during a call: its tensor, and `done()` to call when the call ends. */
export interface SharedUse {
  readonly tensor: Tensor;
  done(): void;
}

/**
 * The GPU tensor of the shared variable `v` holding `value` (its container's value when the call began),
 * uploaded as `gpu` unless a previous call left it on the GPU. The tensor belongs to the cache: callers
 * never dispose it; they call `done()` when their call ends.
 */
export function acquireShared(v: SharedVariable, value: NDArray, gpu: GpuDType): SharedUse {
  const container = v.container;
  const entries = slotOf(container);
  let entry = entries.find((x) => x.value === value && x.tensor.dtype === gpu && !x.tensor.isDisposed);
  if (!entry) {
    entry = { value, tensor: keep(upload(value, gpu, `shared variable ${v}`)), uses: 0, pending: false };
    entries.push(entry);
  }
  entry.uses++;
  prune(container);
  return {
    tensor: entry.tensor,
    done: () => {
      entry.uses--;
    },
  };
}

/**
 * Records `tensor` (kept alive; the cache now owns it) as the GPU copy of the value a call computed for
 * `v`, and returns that value: a GpuNDArray of `dtype` for core to store. Pending until `settle` runs.
 */
export function registerUpdate(
  v: SharedVariable,
  tensor: Tensor,
  dtype: NDArray['dtype'],
): { value: GpuNDArray; settle(): void } {
  const container = v.container;
  const value = new GpuNDArray(keep(tensor), dtype);
  const entry: Entry = { value, tensor, uses: 0, pending: true };
  slotOf(container).push(entry);
  return {
    value,
    settle: () => {
      entry.pending = false;
      prune(container);
    },
  };
}

/** Frees, after the current task, the entries a finished call no longer needs. */
export function settleLater(settles: readonly (() => void)[]): void {
  if (!settles.length) return;
  setTimeout(() => {
    for (const s of settles) s();
  }, 0);
}

/**
 * Frees the GPU memory that compiled functions keep for the shared variable `v`. Its value is downloaded
 * first where it exists only on the GPU, so `v.getValue()` keeps working; the next call uploads it again.
 * Throws while a call that reads `v` is running.
 */
export function releaseShared(v: SharedVariable): void {
  releaseContainer(v.container, `releaseShared(${v}) freed it`, `releaseShared(${v})`);
}

/** Reads the current value back if it lives on the GPU, then frees every GPU copy of the container. */
function releaseContainer(container: SharedContainer, why: string, who = 'dispose()'): void {
  const entries = slots.get(container);
  if (!entries) return;
  const busy = entries.find((e) => e.uses > 0);
  if (busy) throw new Error(`${who}: a running call still reads this shared variable; await it first`);
  const current = container.value;
  if (current instanceof GpuNDArray && !current.materialized) current.materialize();
  for (const e of entries.splice(0)) disposeEntry(e, why);
}

/** The number of tensors the cache holds for `v` (for tests and diagnostics). */
export function sharedTensorCount(v: SharedVariable): number {
  return slots.get(v.container)?.length ?? 0;
}
