/**
 * Symbolic variables: `TensorVariable` (an input or an op's output), `TensorConstant` (a value baked into the
 * graph, interned by value) and `SharedVariable` (a value that lives between function calls). This is the IR:
 * it imports no op. The numpy-named methods (`add`, `dot`, `sum`, `eval`, …) are installed by the tensor
 * module (`tensor/methods.ts`), as PyTensor's `_tensor_py_operators` are; nothing here computes.
 */

import { type DType, isComplexDType } from '../dtype.js';
import type { ArrayLikeValue } from '../ndarray.js';
import { NDArray, shapeToString } from '../ndarray.js';
import type { TensorType } from '../type.js';
import { AccessLane, beginAccess } from './access.js';
import type { Apply } from './apply.js';

let nextId = 1;

/** Anything accepted where a tensor is: a variable, a JS number or boolean, a nested array, a typed array, an NDArray. */
export type TensorLike = TensorVariable | ArrayLikeValue | boolean;

/** Options of a reduction: `{ axis, keepdims }`; a bare number or array is the axis. */
export type ReduceOptions =
  | number
  | readonly number[]
  | null
  | {
      /** The reduced axis or axes (null or absent: all of them). */
      axis?: number | readonly number[] | null;
      /** Keep the reduced axes as broadcastable dimensions of size 1 (default false). */
      keepdims?: boolean;
    };

/** A symbolic tensor: a graph input, or the output of an `Apply` node. */
export class TensorVariable {
  /** A unique number, in creation order (structural keys use it). */
  readonly id: number;
  /** The tensor type (dtype, broadcastable, static shape). */
  readonly type: TensorType;
  /** The node that computes this variable, or null for an input, a constant or a shared variable. */
  readonly owner: Apply | null;
  /** Which output of `owner` this is. */
  readonly index: number;
  /** The user's name, or null. */
  name: string | null;

  constructor(type: TensorType, owner: Apply | null, index: number, name: string | null) {
    this.id = nextId++;
    this.type = type;
    this.owner = owner;
    this.index = index;
    this.name = name;
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.type.ndim;
  }
  /** Element dtype. */
  get dtype(): DType {
    return this.type.dtype;
  }
  /** Per dimension, whether it broadcasts. */
  get broadcastable(): readonly boolean[] {
    return this.type.broadcastable;
  }

  /**
   * JS operators do not apply to symbolic variables: `x + 1`, `x * 2`, `-x`, `x < y` throw a TypeError that
   * names the method to use (`x.add(1)`); `String(x)` and template strings give the variable's name.
   * Theano would build a graph from an operator; JS cannot, so both the 'number' hint and the 'default'
   * hint (`x + 1`, and also `x + ''`: use a template string to print) throw. `x == y` and `x === y` between
   * two variables compare identities without asking for a primitive, so they cannot be caught: use `x.eq(y)`.
   */
  [Symbol.toPrimitive](hint: 'string' | 'number' | 'default'): string {
    if (hint === 'string') return this.toString();
    throw new TypeError(
      `${this.toString()} is a symbolic variable: JS operators do not apply to it; use its methods ` +
        '(x.add(y) for x + y, x.sub(y) for x - y, x.mul(y) for x * y, x.div(y) for x / y, x.pow(y) for x ** y, ' +
        'x.mod(y) for x % y, x.neg() for -x, x.lt(y) / x.le(y) / x.gt(y) / x.ge(y) for comparisons)',
    );
  }

  /** Theano's `str(var)`: the name, else `op.index` for an op output, else `<TensorType(...)>`. */
  toString(): string {
    if (this.name !== null) return this.name;
    if (this.owner) {
      return this.owner.outputs.length === 1 ? `${this.owner.op}.0` : `${this.owner.op}.${this.index}`;
    }
    return `<${this.type}>`;
  }
}

/** A constant tensor in the graph (`TensorConstant{2}`); equal constants are one variable. */
export class TensorConstant extends TensorVariable {
  /** The value. */
  readonly value: NDArray;
  /**
   * True for a constant made from a JS number or array: it takes part in dtype promotion only by kind, so
   * `T.fvector().mul(2)` stays float32.
   */
  readonly weak: boolean;

  /** Use `constant()`; constants are interned by value. */
  constructor(type: TensorType, value: NDArray, weak: boolean, name: string | null) {
    super(type, null, 0, name);
    this.value = value;
    this.weak = weak;
  }

  /**
   * `TensorConstant{2}` as Theano 1.0 prints it (`TensorConstant.__str__`): an array of one repeated value
   * as `(3,) of 1`, and a text longer than 20 characters as its first and last 10 joined by `..`. Unlike
   * Theano, a name wins, and the lines of a multi-line value are then joined by spaces (one line per node).
   */
  override toString(): string {
    if (this.name !== null) return this.name;
    const v = this.value;
    const unique = uniqueValue(v);
    let s = unique === null ? v.toString() : `${shapeToString(v.shape)} of ${unique}`;
    if (s.length > 20) s = `${s.slice(0, 10)}..${s.slice(-10)}`;
    return `TensorConstant{${s.replace(/\n\s*/g, ' ')}}`;
  }
}

/** Theano's `tag.unique_value`: the one value of an array of ≥ 1 dimension whose elements are all equal. */
function uniqueValue(v: NDArray): NDArray | null {
  if (v.ndim === 0 || v.size === 0) return null;
  const k = isComplexDType(v.dtype) ? 2 : 1;
  const d = v.data;
  for (let i = k; i < d.length; i += k) {
    for (let j = 0; j < k; j++) if (!(d[i + j] === d[j])) return null;
  }
  return new NDArray(d.slice(0, k), [], v.dtype);
}

/** Holds a shared variable's value, with a version that changes on every write (backends cache by it). */
export class SharedContainer {
  #value: NDArray;
  #version = 0;
  /** The order of the accesses to this value (calls, `setValue`, `getValueAsync`): see `graph/access.ts`. */
  readonly lane = new AccessLane();
  constructor(value: NDArray) {
    this.#value = value;
  }
  /** The stored value (not a copy: internal use). */
  get value(): NDArray {
    return this.#value;
  }
  /** Replaces the stored value (not copied) and bumps the version. */
  set value(v: NDArray) {
    this.#value = v;
    this.#version++;
  }
  /** Incremented on every write. */
  get version(): number {
    return this.#version;
  }

  readonly #releasers = new Set<() => void>();

  /**
   * Registers what frees a backend's copies of this value (GPU textures, runtime tensors); `release()` runs
   * it. Returns a function that unregisters it.
   */
  onRelease(release: () => void): () => void {
    this.#releasers.add(release);
    return () => this.#releasers.delete(release);
  }

  /** Runs every registered releaser: backends free their copies; the value itself stays. */
  release(): void {
    for (const r of [...this.#releasers]) r();
  }
}

/** Options of `getValue`, `getValueAsync` and `setValue` (Theano's `borrow`). */
export interface ValueOptions {
  /** Share the storage instead of copying it (default false). */
  borrow?: boolean;
}

/**
 * A variable whose value lives between calls of compiled functions (`theano.shared`). Calls, `setValue` and
 * `getValue` act as if they ran one after another in the order they were issued (see docs/shared-variables.md).
 */
export class SharedVariable extends TensorVariable {
  /** The storage the compiled functions read and update. */
  readonly container: SharedContainer;
  readonly #convert: (v: unknown, borrow: boolean) => NDArray;
  /**
   * Theano's `default_update`: the new value a compiled function writes after each call when the function
   * reads this variable and has no explicit update for it (unless compiled with `noDefaultUpdates`). An
   * expression of this variable's type; null for none. `RandomStreams` sets it on its generator states.
   */
  defaultUpdate: TensorVariable | null = null;

  /** Use `theano.shared(value, name)`. */
  constructor(
    type: TensorType,
    value: NDArray,
    name: string | null,
    convert: (v: unknown, borrow: boolean) => NDArray,
  ) {
    super(type, null, 0, name);
    this.container = new SharedContainer(value);
    this.#convert = convert;
  }

  /**
   * The value (Theano's `get_value(borrow=False)`): a copy, so mutating it changes nothing; with
   * `{ borrow: true }` the stored array itself (do not mutate it: compiled functions and backends' caches read
   * it). The value is the one left by every call and `setValue` issued before: where a call issued before
   * that updates this variable has not finished yet (a call of an asynchronous function not awaited), its new
   * value is not known now and this throws; await that call, or use `getValueAsync()`.
   */
  getValue(opts?: ValueOptions): NDArray {
    const lane = this.container.lane;
    const pending = lane.pendingWrite();
    let v = this.container.value;
    if (pending) {
      const queued = lane.queuedValue();
      if (queued === undefined) {
        throw new Error(
          `getValue of shared variable ${this}: ${pending.who}, called before, updates it and has not finished; ` +
            `await that call first, or use await ${this}.getValueAsync()`,
        );
      }
      v = queued;
    }
    return opts?.borrow ? v : v.copy();
  }

  /**
   * The value once every call and `setValue` issued before this has finished (a copy; the stored array
   * itself with `{ borrow: true }`). Calls issued after it do not delay it.
   */
  async getValueAsync(opts?: ValueOptions): Promise<NDArray> {
    const access = beginAccess([this.container.lane], [], `getValueAsync of ${this}`);
    try {
      const ready = access.ready();
      if (ready) await ready;
      const v = this.container.value;
      return opts?.borrow ? v : v.copy();
    } finally {
      access.finish();
    }
  }

  /**
   * Replaces the value (Theano's `set_value`): it must have this variable's rank, and a dtype that converts
   * safely; it is copied unless `{ borrow: true }` is given (then a value that needs no conversion, an NDArray
   * or typed array of the variable's dtype, is stored as is: do not mutate it afterwards). Ordered with calls: where calls
   * issued before that read or update this variable have not finished, the value is stored once they have
   * (their updates do not overwrite it), and every call issued after sees it; `getValue()` returns it at once.
   */
  setValue(value: ArrayLikeValue, opts?: ValueOptions): void {
    const v = this.#convert(value, opts?.borrow === true);
    const container = this.container;
    const access = beginAccess([], [container.lane], `setValue of ${this}`);
    const ready = access.ready();
    if (!ready) {
      container.value = v;
      access.finish();
      return;
    }
    container.lane.queue(v);
    void ready.then(() => {
      container.value = v;
      access.finish();
    });
  }

  /**
   * Frees the copies backends keep of the value (a WebGL texture, …); the value stays readable and the
   * variable usable (a later call uploads it again). Also `using v = theano.shared(...)`.
   */
  dispose(): void {
    this.container.release();
  }
}

// `using v = theano.shared(...)` where the runtime has explicit resource management
const disposeSymbol = (Symbol as { dispose?: symbol }).dispose;
if (disposeSymbol) {
  Object.defineProperty(SharedVariable.prototype, disposeSymbol, {
    value(this: SharedVariable) {
      this.dispose();
    },
  });
}

/** True when `v` is a weak constant, or a dimshuffle of one (the implicit broadcast of a JS number). */
export function isWeak(v: TensorVariable): boolean {
  if (v instanceof TensorConstant) return v.weak;
  const owner = v.owner;
  if (owner && owner.op.kind === 'dimshuffle') return isWeak(owner.inputs[0]!);
  return false;
}
