/**
 * A whole `FunctionGraph` → one ONNX `ModelProto`: graph inputs and outputs named after the theano-ts
 * variables (sanitized and unique), every node lowered, the run-time checks' values added as two extra
 * outputs (packed), and the serialized bytes. Also what the executable needs to map a run back: input and
 * output names, the checks, and the theano-ts origin of every ONNX node.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { type FunctionGraph, SharedVariable, type TensorVariable } from '@theano-ts/core';
import {
  type GraphProto,
  GraphProtoSchema,
  type ModelProto,
  ModelProtoSchema,
  type NodeProto,
  ValueInfoProtoSchema,
} from 'onnx-buf';
import { type Check, GraphBuilder, ModelState, type NodeOrigin, renameValues, type Val, valueInfo } from './builder.js';
import type { RealDType } from './dtypes.js';
import { lowerGraph } from './lower/index.js';
import { dropSqueezeRoundTrips, mergeDuplicateNodes, simplifyGraph } from './simplify.js';

/** The ONNX IR version of the models we write (onnxruntime ≥ 1.18 reads it). */
export const IR_VERSION = 10n;
/** The ai.onnx opset the models import (opset 21: axes as inputs, ScatterND reductions, bool ReduceMax). */
export const OPSET = 21n;

/** A check as the executable sees it: which packed parts of the `checks` output it reads. */
export interface ModelCheck extends Omit<Check, 'outputs'> {
  /** The parts (flattened values) of the packed check output holding the check's values, in order. */
  readonly parts: readonly number[];
}

/**
 * The model outputs holding every check's values, packed (one onnxruntime output per value would cost an
 * output tensor each per run): `values` concatenates the values flattened, `sizes` their lengths.
 */
export interface CheckOutputs {
  /** The int64 output with every part, one after another. */
  readonly values: string;
  /**
   * The int64 output with each part's length, or the lengths themselves where all are known when the model
   * is built (every part a shape of a value of known rank: no output is needed for them).
   */
  readonly sizes: string | readonly number[];
}

/** A lowered model and how to run it. */
export interface BuiltModel {
  /** The model. */
  readonly model: ModelProto;
  /** Its serialized bytes (serialized when first read). */
  readonly bytes: Uint8Array;
  /**
   * Whether the model is large (`BuildOptions.largeModelNodes`): its inputs of unknown sizes are declared
   * without a shape (where `sizedSessionPays`, the backend's own sessions declare a call's sizes instead).
   */
  readonly large: boolean;
  /** The model input fed with each graph input, in `fgraph.inputs` order. */
  readonly inputNames: readonly string[];
  /** The model output holding each graph output, in `fgraph.outputs` order. */
  readonly outputNames: readonly string[];
  /** Run-time checks. */
  readonly checks: readonly ModelCheck[];
  /** Where the checks' values come out, or null when the model has no checks. */
  readonly checkOutputs: CheckOutputs | null;
  /** The theano-ts node each ONNX node label comes from. */
  readonly origins: ReadonlyMap<string, NodeOrigin>;
  /**
   * Whether `simplifyGraph` fused nodes (a run-time failure is then explained by the model built without
   * it, whose nodes each compute one theano-ts op's value).
   */
  readonly simplified: boolean;
}

/** Options of `buildModel`. */
export interface BuildOptions {
  /** The graph's name (the function's). */
  readonly name?: string;
  /** Emit run-time checks as extra outputs (default true; exported models leave them out). */
  readonly checks?: boolean;
  /** How many of the graph's outputs are the function's outputs; the rest are updates (default: all). */
  readonly nOutputs?: number;
  /** Names for the update outputs, by update position (default `update_{k}`). */
  readonly updateNames?: readonly (string | undefined)[];
  /**
   * From how many ONNX nodes on the model is large (default: never). A large model declares its inputs and
   * outputs of unknown sizes without a shape: onnxruntime's allocation planner compares the shape of every
   * buffer it frees with that of every later value, and with a symbolic size per input dimension (`w3_dim1`)
   * the shapes rarely match, so its planning grew with the square of the graph (21.7 s of CPU for 13,000
   * nodes, against 1.8 s without the shapes). Its nodes are also listed in the order they become ready (see
   * `readyOrder`).
   */
  readonly largeModelNodes?: number;
  /**
   * Fuse matrix products with their transposes, scales and additions (`simplifyGraph`), drop Squeezes that
   * an Unsqueeze undoes (`dropSqueezeRoundTrips`) and merge nodes that compute the same value
   * (`mergeDuplicateNodes`); default true.
   */
  readonly simplify?: boolean;
}

/**
 * The size from which the backend's own sessions build a model as large: its inputs declared without
 * symbolic shapes and its nodes in ready order (see `BuildOptions.largeModelNodes`).
 */
export const LARGE_MODEL_NODES = 1000;

/**
 * The size from which the backend's own sessions are created with onnxruntime's graph optimizations off:
 * several of them grow with the square of the graph (a 13,000-node gradient in ready order: 2.5 s of CPU to
 * create its session with them, 0.56 s without; at 5,000 nodes 0.42 s against 0.26 s), and from a thousand
 * nodes they cost more than they save on a first call (a 1000-`sin` chain with its gradient, 2,999 nodes:
 * 70–100 ms to create the session with them, 40–45 ms without, the run 2 ms either way). The graphs this
 * large are gradients of long chains of small elementwise nodes, which core's optimizer has already fused.
 */
export const UNOPTIMIZED_MODEL_NODES = 1000;

/** A name ONNX tools display well: letters, digits and underscores, not starting with a digit. */
export function sanitize(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(s) || s === '' ? `_${s}` : s;
}

function uniqueNamer(): (base: string) => string {
  const used = new Set<string>();
  return (base) => {
    const b = sanitize(base);
    let n = b;
    for (let k = 1; used.has(n); k++) n = `${b}_${k}`;
    used.add(n);
    return n;
  };
}

function dims(v: TensorVariable, param?: string): (number | null | string)[] {
  return v.type.shape.map((s, d) => (s !== null ? s : param ? `${param}_dim${d}` : null));
}

/** Lowers `fgraph` into a model. */
export function buildModel(fgraph: FunctionGraph, opts: BuildOptions = {}): BuiltModel {
  const unique = uniqueNamer();
  let nShared = 0;
  const inputNames = fgraph.inputs.map((v, k) =>
    unique(v.name ?? (v instanceof SharedVariable ? `shared_${nShared++}` : `input_${k}`)),
  );
  const nOut = opts.nOutputs ?? fgraph.outputs.length;
  const inputSet = new Set(fgraph.inputs);
  const outputNames = fgraph.outputs.map((v, k) => {
    if (k >= nOut) return unique(opts.updateNames?.[k - nOut] ?? `update_${k - nOut}`);
    return unique(v.name && !inputSet.has(v) ? v.name : `output_${k}`);
  });

  const state = new ModelState();
  const g = new GraphBuilder(state, lowerGraph, opts.checks ?? true);
  const inputs: Val[] = fgraph.inputs.map((v, k) => ({ name: inputNames[k]!, dtype: v.dtype as RealDType }));
  for (const v of inputs) g.produced.add(v.name);
  const results = lowerGraph(g, fgraph, inputs, []);

  // graph outputs take their final names: a value produced here is renamed, anything else gets an Identity
  g.begin('outputs', []);
  const taken = new Set<string>(inputNames);
  const finalName = (v: Val, name: string): void => {
    const owned = g.own(v, taken);
    state.rename.set(owned.name, name);
  };
  results.forEach((v, k) => {
    finalName(v, outputNames[k]!);
  });
  let simplified = false;
  if (opts.simplify ?? true) {
    const before = g.nodes.length;
    // graph outputs, check values and what Loop bodies read from this scope keep their producers
    const pinned = new Set<string>(state.rename.keys());
    for (const node of g.nodes) {
      for (const a of node.attribute) {
        if (a.g) namesRead(a.g, pinned);
        for (const sub of a.graphs) namesRead(sub, pinned);
      }
    }
    for (const c of g.checks) for (const v of c.outputs) pinned.add(v.name);
    const info = { types: state.types, constValues: state.constValues, pinned };
    const nodes = mergeDuplicateNodes(dropSqueezeRoundTrips(simplifyGraph(g.nodes, info), info), pinned);
    simplified = nodes.length !== before || nodes.some((n, k) => n !== g.nodes[k]);
    g.nodes.splice(0, g.nodes.length, ...nodes);
  }
  // the checks' values (all int64) leave the model packed: each distinct value flattened, all concatenated;
  // a shape of a value of known rank is already flat, of known length
  const producers = new Map<string, NodeProto>();
  for (const n of g.nodes) for (const o of n.output) producers.set(o, n);
  const partOf = new Map<string, number>();
  const flats: Val[] = [];
  const sizes: (Val | number)[] = [];
  const checks: ModelCheck[] = g.checks.map((c) => {
    const parts = c.outputs.map((v) => {
      let k = partOf.get(v.name);
      if (k === undefined) {
        k = flats.length;
        partOf.set(v.name, k);
        const length = shapeLength(producers.get(v.name), state);
        if (length !== undefined) {
          flats.push(v);
          sizes.push(length);
        } else {
          const flat = g.op('Reshape', [v, g.ints([-1])], 'int64');
          flats.push(flat);
          sizes.push(g.op('Shape', [flat], 'int64'));
        }
      }
      return k;
    });
    return { rowLengths: c.rowLengths, path: c.path, validate: c.validate, parts, inputSizes: c.inputSizes };
  });
  let checkOutputs: CheckOutputs | null = null;
  if (flats.length > 0) {
    const values = unique('checks');
    finalName(flats.length === 1 ? flats[0]! : g.op('Concat', flats, 'int64', { axis: 0 }), values);
    if (sizes.every((n) => typeof n === 'number')) {
      checkOutputs = { values, sizes: sizes as number[] };
    } else {
      checkOutputs = { values, sizes: unique('check_sizes') };
      const sizeVals = sizes.map((n) => (typeof n === 'number' ? g.ints([n]) : n));
      finalName(g.op('Concat', sizeVals, 'int64', { axis: 0 }), checkOutputs.sizes as string);
    }
  }

  const large = g.nodes.length >= (opts.largeModelNodes ?? Number.POSITIVE_INFINITY);
  const graphInputs = fgraph.inputs.map((v, k) =>
    valueInfo(
      inputNames[k]!,
      v.dtype as RealDType,
      large && v.type.shape.includes(null) ? undefined : dims(v, inputNames[k]),
    ),
  );
  const graphOutputs = [
    ...fgraph.outputs.map((v, k) =>
      valueInfo(outputNames[k]!, v.dtype as RealDType, large && v.type.shape.includes(null) ? undefined : dims(v)),
    ),
    ...(checkOutputs ? [valueInfo(checkOutputs.values, 'int64', [null])] : []),
    ...(typeof checkOutputs?.sizes === 'string' ? [valueInfo(checkOutputs.sizes, 'int64', [flats.length])] : []),
  ];
  const graph = g.toGraph(sanitize(opts.name ?? 'theano_ts'), graphInputs, [], state.initializers);
  if (large) graph.node = readyOrder(graph.node);
  renameValues(graph, state.rename);
  graph.output = graphOutputs;
  pruneInitializers(graph);
  const model = create(ModelProtoSchema, {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'theano-ts',
    producerVersion: '0.1.0',
    graph,
  });
  let bytes: Uint8Array | null = null;
  return {
    model,
    get bytes(): Uint8Array {
      bytes ??= toBinary(ModelProtoSchema, model);
      return bytes;
    },
    large,
    inputNames,
    outputNames,
    checks,
    checkOutputs,
    origins: state.origins,
    simplified,
  };
}

/**
 * Whether a session for the large model `built` is better made for the sizes of a call (`bytesForShapes`)
 * than for any sizes: where it has at least 5·√n Gemms for its n nodes.
 *
 * Why: a large model's inputs of unknown sizes carry no shape, but a Gemm still gives its output a known
 * rank (2) of unknown sizes, and onnxruntime's session creation then grows with the square of the number of
 * Gemms (its allocation planner compares such values with one another): a chain of 1000 Gemms took 0.34 s to
 * create its session, of 3000 2.7 s, about 0.13–0.28 µs per pair; the gradient of a 1300-layer tanh MLP
 * (10,402 nodes, 2,600 Gemms) 1.3–1.4 s. With the sizes of a call declared, every value's size is known,
 * and that gradient's session took 0.48–0.53 s (its runs as fast). Declaring sizes costs about 3 µs a node
 * otherwise (a 1000-`sin` chain with its gradient, 2,999 nodes and no Gemm: 53–55 ms to create its session
 * and run it once without sizes, 61–64 ms with them), which the Gemms outweigh from about 5·√n of them.
 */
export function sizedSessionPays(built: BuiltModel): boolean {
  const nodes = built.model.graph!.node;
  let gemms = 0;
  for (const n of nodes) if (n.opType === 'Gemm') gemms++;
  return gemms * gemms >= 25 * nodes.length;
}

/**
 * The bytes of the large model `built` with its inputs declared with the sizes of one call (`shapes`, in
 * `fgraph.inputs` order): a session made from them runs calls with exactly those sizes (see
 * `sizedSessionPays`).
 */
export function bytesForShapes(built: BuiltModel, shapes: readonly (readonly number[])[]): Uint8Array {
  const graph = built.model.graph!;
  const byName = new Map(built.inputNames.map((n, k) => [n, shapes[k]!]));
  const input = graph.input.map((vi) => {
    const shape = byName.get(vi.name);
    const t = vi.type?.value;
    if (shape === undefined || t?.case !== 'tensorType') return vi;
    const dim = shape.map((d) => ({ value: { case: 'dimValue' as const, value: BigInt(d) } }));
    return create(ValueInfoProtoSchema, {
      name: vi.name,
      type: { value: { case: 'tensorType', value: { elemType: t.value.elemType, shape: { dim } } } },
    });
  });
  const model = create(ModelProtoSchema, { ...built.model, graph: create(GraphProtoSchema, { ...graph, input }) });
  return toBinary(ModelProtoSchema, model);
}

/**
 * `nodes` in the order they become ready (Kahn's algorithm, first ready first), for large models.
 * onnxruntime runs a model's nodes in their order and keeps the nodes that are ready before their turn in a
 * sorted list it walks end to end on every insertion. In the depth-first order of the lowering, the weight
 * transposes of a deep network's gradient are ready from the start but wait there until the backward pass:
 * for 1300 layers, creating the session took 1.7 s of CPU, against 0.6 s in this order. A node comes after
 * the producers of its inputs and of the outer values its subgraphs read.
 */
function readyOrder(nodes: readonly NodeProto[]): NodeProto[] {
  const producer = new Map<string, number>();
  nodes.forEach((n, k) => {
    for (const o of n.output) producer.set(o, k);
  });
  const consumers: number[][] = nodes.map(() => []);
  const waiting = nodes.map((n, k) => {
    const reads = new Set(n.input);
    for (const a of n.attribute) {
      if (a.g) namesRead(a.g, reads);
      for (const sub of a.graphs) namesRead(sub, reads);
    }
    const from = new Set<number>();
    for (const name of reads) {
      const p = producer.get(name);
      if (p !== undefined && p !== k) from.add(p);
    }
    for (const p of from) consumers[p]!.push(k);
    return from.size;
  });
  const order: number[] = [];
  waiting.forEach((w, k) => {
    if (w === 0) order.push(k);
  });
  for (let i = 0; i < order.length; i++) {
    for (const c of consumers[order[i]!]!) if (--waiting[c]! === 0) order.push(c);
  }
  if (order.length !== nodes.length) throw new Error('onnx: internal error: the lowered graph has a cycle');
  return order.map((k) => nodes[k]!);
}

/** The length of a `Shape` node's output when its input's rank is known (no start or end attribute). */
function shapeLength(node: NodeProto | undefined, state: ModelState): number | undefined {
  if (node?.opType !== 'Shape' || node.attribute.length > 0) return undefined;
  return state.types.get(node.input[0]!)?.broadcastable.length;
}

/** Every value name a node of `graph` or of its subgraphs reads (subgraphs may read the outer scope). */
function namesRead(graph: GraphProto, into: Set<string>): Set<string> {
  for (const node of graph.node) {
    for (const n of node.input) into.add(n);
    for (const a of node.attribute) {
      if (a.g) namesRead(a.g, into);
      for (const sub of a.graphs) namesRead(sub, into);
    }
  }
  for (const o of graph.output) into.add(o.name);
  return into;
}

/**
 * Drops the initializers no node reads (constants only the run-time checks used, when a model is built
 * without them): onnxruntime would warn about each one when it loads the model.
 */
function pruneInitializers(graph: GraphProto): void {
  const read = namesRead(graph, new Set());
  graph.initializer = graph.initializer.filter((t) => read.has(t.name));
}
