/**
 * `Apply` nodes and `Op`s. Nodes are interned by structure: applying the same op (same definition and
 * parameters) to the same inputs yields the one node built the first time, so merging identical subgraphs
 * is free and a graph is immutable once built.
 */

import type { TensorType } from '../type.js';
import type { OpDef } from './op.js';
import { TensorVariable } from './variable.js';

/** An operation with its parameters; two ops with the same `key` are the same op. */
export class Op<P extends object = object> {
  /** The definition: type inference, gradient, printing. */
  readonly def: OpDef<P>;
  /** The op's parameters (axis, dtype, order, …). */
  readonly params: Readonly<P>;
  /** Structural identity of the op: its primitive name and parameters. */
  readonly key: string;

  constructor(def: OpDef<P>, params: P) {
    this.def = def;
    this.params = Object.freeze({ ...params });
    this.key = `${def.name}{${def.paramsKey ? def.paramsKey(params) : stableStringify(params)}}`;
  }

  /** The op's short identifier, the key of backend kernel tables (`add`, `dot`, `sum`, …). */
  get kind(): string {
    return this.def.name;
  }

  /** The op's name as Theano prints it (`Elemwise{add,no_inplace}`, `dot`, `DimShuffle{x,0}`). */
  get name(): string {
    return this.def.format(this.params);
  }

  /** The op as Theano prints it (`Elemwise{add,no_inplace}`, `dot`, `DimShuffle{x,0}`). */
  toString(): string {
    return this.def.format(this.params);
  }
}

/** A JSON form of plain parameters with sorted keys, for op keys. */
export function stableStringify(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'undefined';
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`)
    .join(',')}}`;
}

/** One application of an op to input variables, producing output variables. */
export class Apply<P extends object = object> {
  /** The op applied. */
  readonly op: Op<P>;
  /** Its inputs. */
  readonly inputs: readonly TensorVariable[];
  /** Its outputs (`outputs[i].owner === this`, `outputs[i].index === i`). */
  readonly outputs: readonly TensorVariable[];
  /** Structural identity: op key and input ids. */
  readonly key: string;

  /** Use `applyOp` (interned); the constructor is for the interning table. */
  constructor(op: Op<P>, inputs: readonly TensorVariable[], outputTypes: readonly TensorType[], key: string) {
    this.op = op;
    this.inputs = Object.freeze([...inputs]);
    this.key = key;
    this.outputs = Object.freeze(outputTypes.map((t, i) => new TensorVariable(t, this as Apply, i, null)));
  }

  /** Number of inputs. */
  get nin(): number {
    return this.inputs.length;
  }

  /** Number of outputs. */
  get nout(): number {
    return this.outputs.length;
  }

  /** The op as Theano prints it. */
  toString(): string {
    return `${this.op}(${this.inputs.map(String).join(', ')})`;
  }
}

const internTable = new Map<string, WeakRef<Apply>>();
const finalizer = new FinalizationRegistry<string>((key) => {
  const ref = internTable.get(key);
  if (ref && ref.deref() === undefined) internTable.delete(key);
});

/**
 * Applies `op` to `inputs`: infers the output types (raising the op's error for bad inputs) and returns the
 * interned node, so the same op on the same inputs is always the same node.
 */
export function applyOp<P extends object>(op: Op<P>, inputs: readonly TensorVariable[]): Apply<P> {
  const key = `${op.key}(${inputs.map((v) => v.id).join(',')})`;
  const hit = internTable.get(key)?.deref();
  if (hit) return hit as Apply<P>;
  const types = op.def.inferTypes(inputs, op.params);
  const node = new Apply(op, inputs, types, key);
  internTable.set(key, new WeakRef(node as Apply));
  finalizer.register(node, key);
  return node;
}

/**
 * Applies `op` with output types given rather than inferred (for inner graphs whose nodes keep the types of
 * the nodes they were copied from, e.g. a fused composite). Interned like `applyOp`.
 */
export function applyOpTyped<P extends object>(
  op: Op<P>,
  inputs: readonly TensorVariable[],
  types: readonly TensorType[],
): Apply<P> {
  const key = `${op.key}(${inputs.map((v) => v.id).join(',')})->${types.map((t) => t.key).join(',')}`;
  const hit = internTable.get(key)?.deref();
  if (hit) return hit as Apply<P>;
  const node = new Apply(op, inputs, types, key);
  internTable.set(key, new WeakRef(node as Apply));
  finalizer.register(node, key);
  return node;
}
