/**
 * The ONNX graph builder the lowerings write into: typed values (`Val`: an ONNX value name and its dtype),
 * one `emit` per ONNX node (named after the theano-ts node being lowered, so a run-time error can be mapped
 * back to its op), constants as deduplicated initializers cast at compile time, the carrier-dtype rule for
 * onnxruntime's missing kernels, run-time checks (shapes read back and validated in JS after a run), and
 * sub-builders for `Loop` bodies that share the model's name space.
 */
import { create } from '@bufbuild/protobuf';
import { type Apply, type DType, type FunctionGraph, NDArray, sizeOrigin, type TensorVariable } from '@theano-ts/core';
import {
  type AttributeProto,
  AttributeProto_AttributeType,
  type GraphProto,
  GraphProtoSchema,
  type NodeProto,
  NodeProtoSchema,
  type TensorProto,
  TensorProtoSchema,
  type ValueInfoProto,
  ValueInfoProtoSchema,
} from 'onnx-buf';
import { carrierDType, onnxElemType, type RealDType } from './dtypes.js';
import type { ValueType } from './simplify.js';

/** A value of the ONNX graph: its name and dtype. */
export interface Val {
  readonly name: string;
  readonly dtype: RealDType;
}

/** An attribute value: int, ints, string, float (`{ f }`) or a subgraph. */
export type AttrValue = number | readonly number[] | string | { readonly f: number } | GraphProto;

/**
 * A run-time check: int64 values the model outputs next to the results (shapes, minima), validated in JS
 * once the run returns. Each output holds rows of `rowLengths[i]` entries; inside a `Loop` the rows are
 * stacked once per iteration, so a check validates every row it finds.
 */
export interface Check {
  /** The values the check reads. */
  readonly outputs: readonly Val[];
  /**
   * Rows known from the graph inputs' shapes instead (`outputs` then empty, one row each): every entry a
   * size known now or `[input, axis]`, the size of dimension `axis` of graph input `input`. Nothing is read
   * back from the run; the rows are made from the inputs' shapes when it returns.
   */
  readonly inputSizes?: readonly (readonly InputSize[])[];
  /** Entries per row of each output (at least 1). */
  readonly rowLengths: readonly number[];
  /** Where the checked node is: node indices from the outer graph into `Map` inner graphs. */
  readonly path: readonly number[];
  /** The error message for one row of each output, or null when the row passes. */
  validate(rows: readonly (readonly number[])[], node: Apply): string | null;
}

/** A size known now, or `[input, axis]`: the size of dimension `axis` of graph input `input`. */
export type InputSize = number | readonly [number, number];

/** What the model records about the theano-ts node each ONNX node came from. */
export interface NodeOrigin {
  /** Node indices from the outer graph into `Map` inner graphs. */
  readonly path: readonly number[];
}

/** State shared by every builder of one model: names, initializers, constant values. */
export class ModelState {
  #counter = 0;
  /** The initializers (all in the main graph; Loop bodies read them from the outer scope). */
  readonly initializers: TensorProto[] = [];
  /** Constant values by value name (for compile-time casts and folding). */
  readonly constValues = new Map<string, NDArray>();
  /** The theano-ts origin of each node label. */
  readonly origins = new Map<string, NodeOrigin>();
  /** Value renames applied when the model is finalized. */
  readonly rename = new Map<string, string>();
  /** The theano-ts type of each value that holds a graph input or a node's output (for `simplifyGraph`). */
  readonly types = new Map<string, ValueType>();
  #constByArray = new WeakMap<NDArray, Map<DType, Val>>();
  #constByKey = new Map<string, Val>();

  /** A fresh number for a name. */
  next(): number {
    return this.#counter++;
  }

  /** The initializer holding `value` (as `dtype`, cast with numpy's astype), deduplicated. */
  constant(value: NDArray, dtype: RealDType = value.dtype as RealDType): Val {
    let byDtype = this.#constByArray.get(value);
    const hit = byDtype?.get(dtype);
    if (hit) return hit;
    const v = value.dtype === dtype ? value : value.astype(dtype);
    // small constants are also deduplicated by value (the same scalar made by different lowerings)
    const key =
      v.size <= 16
        ? `${dtype}[${v.shape.join(',')}]${Array.from(v.data as ArrayLike<number | bigint>).join(',')}`
        : null;
    let val = key ? this.#constByKey.get(key) : undefined;
    if (!val) {
      val = { name: `const:${this.next()}`, dtype };
      this.initializers.push(tensorProto(val.name, v));
      this.constValues.set(val.name, v);
      if (key) this.#constByKey.set(key, val);
    }
    if (!byDtype) {
      byDtype = new Map();
      this.#constByArray.set(value, byDtype);
    }
    byDtype.set(dtype, val);
    return val;
  }
}

/** An ONNX initializer holding `x` (raw little-endian bytes; bool as one byte per element). */
export function tensorProto(name: string, x: NDArray): TensorProto {
  const d = x.data;
  const raw = new Uint8Array(d.buffer, d.byteOffset, d.byteLength).slice();
  return create(TensorProtoSchema, {
    name,
    dims: x.shape.map((n) => BigInt(n)),
    dataType: onnxElemType(x.dtype),
    rawData: raw,
  });
}

/** A tensor type for a value info: the dtype, and the shape where `shape` is given (null: unknown size). */
export function valueInfo(name: string, dtype: RealDType, shape?: readonly (number | null | string)[]): ValueInfoProto {
  const dims = shape?.map((s) =>
    s === null
      ? {}
      : typeof s === 'string'
        ? { value: { case: 'dimParam' as const, value: s } }
        : { value: { case: 'dimValue' as const, value: BigInt(s) } },
  );
  return create(ValueInfoProtoSchema, {
    name,
    type: {
      value: {
        case: 'tensorType',
        value: { elemType: onnxElemType(dtype), ...(dims ? { shape: { dim: dims } } : {}) },
      },
    },
  });
}

function attribute(name: string, v: AttrValue): AttributeProto {
  const T = AttributeProto_AttributeType;
  if (typeof v === 'number') return { name, type: T.INT, i: BigInt(v) } as AttributeProto;
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) } as AttributeProto;
  if (Array.isArray(v)) return { name, type: T.INTS, ints: (v as number[]).map((x) => BigInt(x)) } as AttributeProto;
  if ('f' in v && typeof v.f === 'number') return { name, type: T.FLOAT, f: v.f } as AttributeProto;
  return { name, type: T.GRAPH, g: v as GraphProto } as AttributeProto;
}

/** Lowers an inner graph into a builder (set by the driver: it holds the lowering table). */
export type SubgraphLowerer = (
  g: GraphBuilder,
  fgraph: FunctionGraph,
  inputs: readonly Val[],
  path: readonly number[],
) => Val[];

/** Builds the nodes of one ONNX graph (the model's main graph or a Loop body). */
export class GraphBuilder {
  /** The model-wide state. */
  readonly state: ModelState;
  /** The nodes, in order. */
  readonly nodes: NodeProto[] = [];
  /** The names this graph's nodes (and graph inputs) produce. */
  readonly produced = new Set<string>();
  /** The run-time checks registered while lowering. */
  readonly checks: Check[] = [];
  /** Whether checks are emitted (off for exported models). */
  readonly withChecks: boolean;
  /** The label of the theano-ts node being lowered (`n3:add`, `n2:map/n0:mul`). */
  label = 'graph';
  /** The path of the theano-ts node being lowered. */
  path: readonly number[] = [];
  /**
   * Where each elementwise node of the graph being lowered needs its broadcasting check (core's
   * `broadcastCheckDims`; set by `lowerGraph`, null before).
   */
  checkDims: ReadonlyMap<Apply, readonly number[]> | null = null;
  /**
   * The position of each input of the main graph, while its nodes are lowered (null inside inner graphs and
   * in graphs with lazy nodes): a check whose sizes all come from these inputs (core's `sizeOrigin`) reads
   * their shapes in JS instead of the model's values (see `inputSizesOf`).
   */
  inputIndex: ReadonlyMap<TensorVariable, number> | null = null;
  readonly #lowerInner: SubgraphLowerer;
  #shapes = new Map<string, Val>();

  constructor(state: ModelState, lowerInner: SubgraphLowerer, withChecks: boolean) {
    this.state = state;
    this.#lowerInner = lowerInner;
    this.withChecks = withChecks;
  }

  /** A builder for a subgraph (a Loop body) sharing this model's names and initializers. */
  subgraph(): GraphBuilder {
    const sub = new GraphBuilder(this.state, this.#lowerInner, this.withChecks);
    sub.checkDims = this.checkDims;
    return sub;
  }

  /** Lowers `fgraph` into this builder with `inputs` standing for its inputs; returns its outputs. */
  lowerGraph(fgraph: FunctionGraph, inputs: readonly Val[], path: readonly number[]): Val[] {
    const [label, p, dims, index] = [this.label, this.path, this.checkDims, this.inputIndex];
    try {
      return this.#lowerInner(this, fgraph, inputs, path);
    } finally {
      this.label = label;
      this.path = p;
      this.checkDims = dims;
      this.inputIndex = index;
    }
  }

  /**
   * The sizes of every dimension of `vars` as the main graph's inputs give them, on a run that ends without
   * an error (core's `sizeOrigin`), or null where one is not an input's size or known now.
   */
  inputSizesOf(vars: readonly TensorVariable[]): InputSize[][] | null {
    const index = this.inputIndex;
    if (!index) return null;
    const rows: InputSize[][] = [];
    for (const v of vars) {
      const row: InputSize[] = [];
      for (let d = 0; d < v.ndim; d++) {
        const o = sizeOrigin(v, d);
        if (typeof o === 'number') {
          row.push(o);
          continue;
        }
        const k = index.get(o.variable);
        if (k === undefined) return null;
        row.push([k, o.axis]);
      }
      rows.push(row);
    }
    return rows;
  }

  /** Starts lowering a theano-ts node: later nodes are named after it. */
  begin(label: string, path: readonly number[]): void {
    this.label = label;
    this.path = path;
    this.state.origins.set(label, { path });
  }

  /** A fresh value name in the current node's scope. */
  fresh(dtype: RealDType): Val {
    return { name: `${this.label}:${this.state.next()}`, dtype };
  }

  /** Declares a graph input of this builder (a Loop body's iteration number and condition). */
  input(hint: string, dtype: RealDType): Val {
    const v = { name: `${this.label}:${hint}${this.state.next()}`, dtype };
    this.produced.add(v.name);
    return v;
  }

  /** Emits one ONNX node; `null` inputs are omitted optional inputs. Returns its outputs. */
  emit(
    opType: string,
    inputs: readonly (Val | null)[],
    outDtypes: readonly RealDType[],
    attrs: Record<string, AttrValue> = {},
  ): Val[] {
    const outs = outDtypes.map((d) => this.fresh(d));
    this.nodes.push(
      create(NodeProtoSchema, {
        name: `${this.label}|${opType}${this.nodes.length}`,
        opType,
        input: inputs.map((v) => (v ? v.name : '')),
        output: outs.map((v) => v.name),
        attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
      }),
    );
    for (const o of outs) this.produced.add(o.name);
    return outs;
  }

  /** Emits a one-output node. */
  op(opType: string, inputs: readonly (Val | null)[], outDtype: RealDType, attrs: Record<string, AttrValue> = {}): Val {
    return this.emit(opType, inputs, [outDtype], attrs)[0]!;
  }

  /** The value of a constant, or undefined for a computed value. */
  constValue(v: Val): NDArray | undefined {
    return this.state.constValues.get(v.name);
  }

  /** An initializer holding `value` as `dtype`. */
  constant(value: NDArray, dtype?: RealDType): Val {
    return this.state.constant(value, dtype);
  }

  /** A 0-d constant. */
  scalar(value: number, dtype: RealDType): Val {
    return this.state.constant(scalarF64(value), dtype);
  }

  /** A 1-d int64 constant (axes, shapes, permutations). */
  ints(values: readonly number[]): Val {
    const a = new BigInt64Array(values.length);
    values.forEach((v, i) => {
      a[i] = BigInt(v);
    });
    return this.state.constant(new NDArray(a, [values.length], 'int64'));
  }

  /** `v` as `dtype` (numpy's astype): nothing when it already is, a new initializer for a constant. */
  cast(v: Val, dtype: RealDType): Val {
    if (v.dtype === dtype) return v;
    const c = this.constValue(v);
    if (c) return this.constant(c, dtype);
    return this.op('Cast', [v], dtype, { to: onnxElemType(dtype) });
  }

  /**
   * `opType` computed in `dtype` (its inputs cast to it), or in the carrier dtype where onnxruntime has no
   * kernel for `dtype`. The result has the carrier dtype, or bool when `boolOut`.
   */
  compute(
    opType: string,
    inputs: readonly Val[],
    dtype: RealDType,
    attrs: Record<string, AttrValue> = {},
    boolOut = false,
  ): Val {
    const k = carrierDType(opType, dtype);
    return this.op(
      opType,
      inputs.map((v) => this.cast(v, k)),
      boolOut ? 'bool' : k,
      attrs,
    );
  }

  /** `Shape(v)` (one node per value). */
  shapeOf(v: Val): Val {
    let s = this.#shapes.get(v.name);
    if (!s) {
      s = this.op('Shape', [v], 'int64');
      this.#shapes.set(v.name, s);
    }
    return s;
  }

  /** Registers a run-time check (ignored when checks are off). */
  addCheck(check: Omit<Check, 'path'>): void {
    if (!this.withChecks) return;
    this.checks.push({ ...check, path: this.path });
  }

  /** `v`, or an `Identity` of it when it is not produced in this graph or already taken (graph outputs). */
  own(v: Val, taken: Set<string>): Val {
    if (this.produced.has(v.name) && !taken.has(v.name) && !this.state.constValues.has(v.name)) {
      taken.add(v.name);
      return v;
    }
    const o = this.op('Identity', [v], v.dtype);
    taken.add(o.name);
    return o;
  }

  /** The GraphProto of this builder's nodes. */
  toGraph(
    name: string,
    inputs: readonly ValueInfoProto[],
    outputs: readonly ValueInfoProto[],
    initializers: readonly TensorProto[] = [],
  ): GraphProto {
    return create(GraphProtoSchema, {
      name,
      node: this.nodes,
      input: [...inputs],
      output: [...outputs],
      initializer: [...initializers],
    });
  }
}

function scalarF64(v: number): NDArray {
  return new NDArray(Float64Array.of(v), [], 'float64');
}

/** Renames values throughout a graph and its subgraphs (used to give graph outputs their final names). */
export function renameValues(graph: GraphProto, rename: ReadonlyMap<string, string>): void {
  if (rename.size === 0) return;
  const r = (n: string): string => rename.get(n) ?? n;
  for (const node of graph.node) {
    node.input = node.input.map(r);
    node.output = node.output.map(r);
    for (const a of node.attribute) {
      if (a.g) renameValues(a.g, rename);
      for (const g of a.graphs) renameValues(g, rename);
    }
  }
  for (const v of graph.output) v.name = r(v.name);
}
