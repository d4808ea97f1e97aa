/**
 * The reference backend's executor: walks a `FunctionGraph` in execution order, calling one kernel per node
 * from a complete kernel table (a missing primitive is a compile error), freeing each intermediate after its
 * last reader. `Map` nodes run their inner graph once per index through the same executor.
 */
import {
  type Apply,
  type AssertSameShapeParams,
  type CompositeParams,
  type DimShuffleParams,
  type ExtendedOpName,
  type FunctionGraph,
  fromFloat64,
  type IncSubtensorParams,
  type MakeVectorParams,
  type MapParams,
  NDArray,
  type PrimitiveName,
  type ReduceParams,
  type ShapeIParams,
  type SoftmaxParams,
  shapeToString,
  TensorConstant,
  type TensorVariable,
  typedArrayFor,
} from '@theano-ts/core';
import { runCompositeLoop } from './codegen.js';
import * as K from './kernels/index.js';

/** A kernel: the node's input values → its output values. */
export type Kernel = (inputs: readonly NDArray[], node: Apply) => NDArray[];

/**
 * Theano's rule: a dimension broadcasts only where the input's type says it may. A size-1 value in a
 * dimension its type does not mark broadcastable, against a larger size elsewhere, is an error.
 */
function checkTypedBroadcast(ins: readonly NDArray[], node: Apply): void {
  const ndim = ins[0]?.ndim ?? 0;
  for (let d = 0; d < ndim; d++) {
    let size = 1;
    for (const x of ins) size = Math.max(size, x.shape[d] ?? 1);
    if (size === 1) continue;
    ins.forEach((x, i) => {
      const v = node.inputs[i]!;
      if (x.shape[d] === 1 && !v.type.broadcastable[d]) {
        throw new Error(
          `${node.op}: input ${i} (${v}) has size 1 at dimension ${d} where another input has size ${size}, ` +
            `but its type ${v.type} does not allow broadcasting there (shapes ${ins.map((a) => shapeToString(a.shape)).join(', ')}); ` +
            'use a type with a broadcastable dimension (T.row, T.col) for broadcasting',
        );
      }
    });
  }
}

const elem =
  (name: K.ElemwiseName): Kernel =>
  (ins, node) => {
    if (ins.length > 1) checkTypedBroadcast(ins, node);
    return [K.elemwise(name, ins, node.outputs[0]!.dtype)];
  };

/** Every elementwise op (primitive or extended) runs core's definition: one kernel per name, made here. */
const ELEMWISE_KERNELS = Object.fromEntries(K.ELEMWISE_NAMES.map((n) => [n, elem(n)])) as {
  readonly [P in K.ElemwiseName]: Kernel;
};

const params = <P>(node: Apply): P => node.op.params as P;

/** One kernel per primitive. */
export const KERNELS: { readonly [P in PrimitiveName]: Kernel } & Readonly<Record<ExtendedOpName, Kernel>> = {
  ...ELEMWISE_KERNELS,
  softmax: ([x], node) => [K.softmax(x!, params<SoftmaxParams>(node).axis, node.outputs[0]!.dtype)],
  log_softmax: ([x], node) => [K.logSoftmax(x!, params<SoftmaxParams>(node).axis, node.outputs[0]!.dtype)],
  composite: (ins, node) => {
    checkTypedBroadcast(ins, node);
    return [runCompositeLoop(node, ins) ?? interpretComposite(node, ins)];
  },
  sum: ([x], node) => [K.sum(x!, params<ReduceParams>(node).axis, node.outputs[0]!.dtype)],
  max: ([x], node) => [K.max(x!, params<ReduceParams>(node).axis, node.outputs[0]!.dtype)],
  min: ([x], node) => [K.min(x!, params<ReduceParams>(node).axis, node.outputs[0]!.dtype)],
  dimshuffle: ([x], node) => [K.dimshuffle(x!, params<DimShuffleParams>(node).order)],
  reshape: ([x, s]) => [K.reshape(x!, s!)],
  shape: ([x]) => [K.shape(x!)],
  shape_i: ([x], node) => [K.shapeI(x!, params<ShapeIParams>(node).i)],
  make_vector: (ins, node) => [K.makeVector(ins, params<MakeVectorParams>(node).dtype)],
  dot: ([x, y], node) => [K.dot(x!, y!, node.outputs[0]!.dtype)],
  subtensor: ([x, i]) => [K.subtensor(x!, i!.item())],
  inc_subtensor: ([x, y, i], node) => [
    K.incSubtensor(x!, y!, i!.item(), params<IncSubtensorParams>(node).set, node.outputs[0]!.dtype),
  ],
  map: (ins, node) => [runMap(ins, params<MapParams>(node), node.outputs[0]!.dtype)],
  assert_same_shape: ([x, a, b], node) => {
    if (a!.ndim !== b!.ndim || a!.shape.some((d, i) => d !== b!.shape[i])) {
      throw new Error(
        `${params<AssertSameShapeParams>(node).message}: shapes ${shapeToString(a!.shape)} and ${shapeToString(b!.shape)} differ`,
      );
    }
    return [x!];
  },
};

/** Stacks the inner graph's result for each index 0..n-1. */
function runMap(ins: readonly NDArray[], p: MapParams, dtype: NDArray['dtype']): NDArray {
  const [nArr, ...args] = ins;
  const n = nArr!.item();
  const results: NDArray[] = [];
  for (let i = 0; i < n; i++) {
    const idx = fromFloat64([i], [], 'int64');
    results.push(runGraph(p.inner, [idx, ...args])[0]!);
  }
  const inner = p.inner.outputs[0]!;
  const itemShape = results[0]?.shape ?? inner.type.shape.map((d) => d ?? 0);
  const itemSize = itemShape.reduce((a, b) => a * b, 1);
  const complex = dtype === 'complex64' || dtype === 'complex128' ? 2 : 1;
  const data = typedArrayFor(dtype, n * itemSize);
  results.forEach((r, i) => {
    if (r.shape.length !== itemShape.length || r.shape.some((d, k) => d !== itemShape[k])) {
      throw new Error(
        `Map: iteration ${i} produced shape ${shapeToString(r.shape)}, iteration 0 ${shapeToString(itemShape)}`,
      );
    }
    (data as unknown as { set(a: ArrayLike<number | bigint>, o: number): void }).set(
      r.astype(dtype).data as ArrayLike<number | bigint>,
      i * itemSize * complex,
    );
  });
  return new NDArray(data, [n, ...itemShape], dtype);
}

/** A plan: for each node, which values may be freed after it runs. */
interface Plan {
  nodes: readonly Apply[];
  freeAfter: TensorVariable[][];
}

const plans = new WeakMap<FunctionGraph, Plan>();

function planOf(fg: FunctionGraph): Plan {
  let plan = plans.get(fg);
  if (plan) return plan;
  const last = new Map<TensorVariable, number>();
  fg.nodes.forEach((n, k) => {
    for (const v of n.inputs) last.set(v, k);
  });
  const keep = new Set<TensorVariable>([...fg.outputs, ...fg.inputs]);
  const freeAfter: TensorVariable[][] = fg.nodes.map(() => []);
  for (const [v, k] of last) if (!keep.has(v) && v.owner) freeAfter[k]!.push(v);
  plan = { nodes: fg.nodes, freeAfter };
  plans.set(fg, plan);
  return plan;
}

/** Runs a graph on input values (in `fg.inputs` order), returning its outputs; `onNode` gets each node's time. */
export function runGraph(
  fg: FunctionGraph,
  inputs: readonly NDArray[],
  onNode?: (node: Apply, seconds: number) => void,
): NDArray[] {
  if (inputs.length !== fg.inputs.length) {
    throw new Error(`ref: the graph takes ${fg.inputs.length} inputs, got ${inputs.length}`);
  }
  const env = new Map<TensorVariable, NDArray>();
  fg.inputs.forEach((v, i) => {
    env.set(v, inputs[i]!);
  });
  const lookup = (v: TensorVariable): NDArray => {
    const x = env.get(v);
    if (x) return x;
    if (v instanceof TensorConstant) return v.value;
    throw new Error(`ref: no value for ${v} (${v.type})`);
  };
  const plan = planOf(fg);
  plan.nodes.forEach((node, k) => {
    const kernel = (KERNELS as Record<string, Kernel>)[node.op.name];
    if (!kernel) throw new Error(`ref: no kernel for ${node.op}`);
    const args = node.inputs.map(lookup);
    const t0 = onNode ? performance.now() : 0;
    const outs = kernel(args, node);
    if (onNode) onNode(node, (performance.now() - t0) / 1000);
    node.outputs.forEach((o, i) => {
      env.set(o, outs[i]!);
    });
    for (const v of plan.freeAfter[k]!) env.delete(v);
  });
  return fg.outputs.map(lookup);
}

/** The fallback for a composite: its inner graph interpreted on inputs broadcast to the output's shape. */
function interpretComposite(node: Apply, ins: readonly NDArray[]): NDArray {
  const { inner } = node.op.params as CompositeParams;
  const outShape = K.broadcastShapes(
    ins.map((x) => x.shape),
    `${node.op}`,
  );
  const same = (x: NDArray) => x.shape.length === outShape.length && x.shape.every((d, i) => d === outShape[i]);
  const full = ins.map((x) => (same(x) ? x : broadcastTo(x, outShape)));
  return runGraph(inner, full)[0]!;
}

/** `x` broadcast to `shape` (as `second(zeros(shape), x)`). */
function broadcastTo(x: NDArray, shape: readonly number[]): NDArray {
  const like = new NDArray(
    typedArrayFor(
      'bool',
      shape.reduce((a, b) => a * b, 1),
    ),
    shape,
    'bool',
  );
  return K.elemwise('second', [like, x], x.dtype);
}
