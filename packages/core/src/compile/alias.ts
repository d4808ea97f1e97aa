/**
 * Which arrays share storage: a compiled function copies an output (or an update's new value) that shares
 * storage with an argument, a shared variable's value, a constant of the graph or another result, so that no
 * two of them alias (Theano copies outputs unless they are borrowed). Storage is compared by byte range, so a
 * reshaped view of an input counts as the input.
 */
import type { FunctionGraph } from '../graph/fgraph.js';
import { TensorConstant } from '../graph/variable.js';
import { NDArray } from '../ndarray.js';

/** The bytes an array's elements occupy. */
export interface StorageRange {
  readonly buffer: ArrayBufferLike;
  readonly start: number;
  readonly end: number;
}

/**
 * The storage of `a`, or null where it has none to compare without a cost: an array whose `data` is computed
 * on first read (a backend's device array, downloaded lazily) is compared by identity only; its storage is
 * its own once downloaded.
 */
export function storageOf(a: NDArray): StorageRange | null {
  // a plain NDArray's data is always its own value (asking for the property's descriptor costs more than
  // the rest of this function): only subclasses may compute it on first read
  if (a.constructor !== NDArray) {
    const desc = Object.getOwnPropertyDescriptor(a, 'data');
    if (!desc || !('value' in desc)) return null;
  }
  const d = a.data;
  if (d.byteLength === 0) return null;
  return { buffer: d.buffer, start: d.byteOffset, end: d.byteOffset + d.byteLength };
}

/** Whether two ranges share a byte. */
function overlaps(a: StorageRange, b: StorageRange): boolean {
  return a.buffer === b.buffer && a.start < b.end && b.start < a.end;
}

/** A set of arrays that results must not alias: by identity, and by storage where it is known. */
export class AliasSet {
  readonly #arrays: NDArray[] = [];
  readonly #ranges: StorageRange[] = [];

  /** A new set holding the same arrays (adding to it leaves this one as it is). */
  fork(): AliasSet {
    const f = new AliasSet();
    f.#arrays.push(...this.#arrays);
    f.#ranges.push(...this.#ranges);
    return f;
  }

  /** Adds `a`. */
  add(a: NDArray): void {
    this.#arrays.push(a);
    const r = storageOf(a);
    if (r) this.#ranges.push(r);
  }

  /** Whether `a` is one of the arrays, or shares storage with one. */
  aliases(a: NDArray): boolean {
    if (this.#arrays.includes(a)) return true;
    if (!this.#ranges.length) return false;
    const r = storageOf(a);
    return r !== null && this.#ranges.some((x) => overlaps(x, r));
  }
}

/** The values of the constants of `fg` (a backend may hand one back as a result). */
export function constantValues(fg: FunctionGraph): NDArray[] {
  const seen = new Set<TensorConstant>();
  const visit = (v: unknown) => {
    if (v instanceof TensorConstant) seen.add(v);
  };
  for (const node of fg.nodes) node.inputs.forEach(visit);
  fg.outputs.forEach(visit);
  return [...seen].map((c) => c.value);
}
