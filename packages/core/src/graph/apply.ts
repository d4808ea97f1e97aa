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

/**
 * The interning table: a trie over a node's inputs, each level a `WeakMap` keyed by one input variable, and
 * at the end the nodes on exactly those inputs by the rest of their key (op key, output types). A node is
 * thus reachable from the table only while every one of its inputs is reachable from elsewhere: the
 * collector frees it with them (ephemerons) at any time, even inside one synchronous loop. (A table of
 * `WeakRef`s would keep every node it makes or finds alive until the current job ends, as the `WeakRef`
 * spec requires: a loop of compiles retained all of their nodes.) Nodes without inputs are held strongly.
 */
interface InternLevel {
  readonly next: WeakMap<TensorVariable, InternLevel>;
  nodes?: Map<string, Apply>;
}
const internRoot: InternLevel = { next: new WeakMap() };

/** The nodes on exactly `inputs`, by the rest of their key. */
function internedOn(inputs: readonly TensorVariable[]): Map<string, Apply> {
  let level = internRoot;
  for (const v of inputs) {
    let child = level.next.get(v);
    if (!child) {
      child = { next: new WeakMap() };
      level.next.set(v, child);
    }
    level = child;
  }
  if (!level.nodes) level.nodes = new Map();
  return level.nodes;
}

/**
 * Applies `op` to `inputs`: infers the output types (raising the op's error for bad inputs) and returns the
 * interned node, so the same op on the same inputs is always the same node.
 */
export function applyOp<P extends object>(op: Op<P>, inputs: readonly TensorVariable[]): Apply<P> {
  const table = internedOn(inputs);
  const hit = table.get(op.key);
  if (hit) return hit as Apply<P>;
  const types = op.def.inferTypes(inputs, op.params);
  const node = new Apply(op, inputs, types, `${op.key}(${inputs.map((v) => v.id).join(',')})`);
  table.set(op.key, node as Apply);
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
  const typesKey = `->${types.map((t) => t.key).join(',')}`;
  const table = internedOn(inputs);
  const hit = table.get(op.key + typesKey);
  if (hit) return hit as Apply<P>;
  const node = new Apply(op, inputs, types, `${op.key}(${inputs.map((v) => v.id).join(',')})${typesKey}`);
  table.set(op.key + typesKey, node as Apply);
  return node;
}
