/**
 * The reference backend's executor: walks a `FunctionGraph` in execution order, calling one kernel per node
 * from a complete kernel table (a missing primitive is a compile error), freeing each intermediate after its
 * last reader. `Map` nodes run their inner graph once per index through the same executor, `Scan` nodes
 * once per step; an `IfElse` runs only the branch its condition picks.
 */
import {
  ADVANCED_INC_SUBTENSOR,
  ADVANCED_SUBTENSOR,
  ALL,
  ALLOC,
  ALLOC_DIAG,
  ANY,
  type Apply,
  ARANGE,
  ARGMAX,
  ASSERT_SAME_SHAPE,
  AVERAGE_POOL_GRAD,
  COMPOSITE,
  CONV2D,
  CONV2D_GRAD_INPUTS,
  CONV2D_GRAD_WEIGHTS,
  CUMOP,
  checkedBroadcastShape,
  type DefinedOp,
  DIFF,
  DIMSHUFFLE,
  EXTRACT_DIAG,
  type ExecutionStep,
  type ExtendedOpName,
  EYE,
  execute,
  type FunctionGraph,
  fromFloat64,
  IF_ELSE,
  INC_SUBTENSOR,
  LOG_SOFTMAX,
  MAKE_VECTOR,
  MAP,
  MAX,
  MAX_POOL_GRAD,
  type MapParams,
  MEDIAN,
  MIN,
  NDArray,
  NLINALG_OPS,
  NONZERO,
  PHILOX_RANDOM,
  POOL,
  PRINT,
  PROD,
  type PrimitiveName,
  RESHAPE,
  runScan,
  SCAN,
  SHAPE,
  SHAPE_I,
  SOFTMAX,
  SUBTENSOR,
  SUM,
  shapeToString,
  sortOps,
  TRI,
  typedArrayFor,
} from '@theano-ts/core';
import { runCompositeLoop } from './codegen.js';
import * as K from './kernels/index.js';
import { MATMUL_KERNELS } from './kernels/matmul.js';
import { sum as sumAdjacent } from './kernels/reduce.js';
import { SHAPE_JOIN_KERNELS } from './kernels/shape-join.js';
import { dimshuffleView, reshapeView, subtensorView } from './kernels/views.js';
import { inplaceOf, prepare, REF_PLAN } from './plan.js';

/**
 * A kernel: the node's input values → its output values. `step` is the node's step of the backend's plan
 * (plan.ts): which inputs are read through a bypassed transpose.
 */
export type Kernel = (inputs: readonly NDArray[], node: Apply, step?: ExecutionStep) => NDArray[];

/** Theano's typed broadcasting rule on the run-time shapes (core's one check). */
function checkTypedBroadcast(ins: readonly NDArray[], node: Apply): void {
  checkedBroadcastShape(
    node,
    ins.map((x) => x.shape),
  );
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

/** A kernel of the op `def`, given the node's parameters typed by its definition (no casts). */
const withParams =
  <P extends object>(
    def: DefinedOp<P>,
    k: (ins: readonly NDArray[], params: Readonly<P>, node: Apply) => NDArray[],
  ): Kernel =>
  (ins, node) =>
    k(ins, def.match(node)!, node);

/** The kernel of an op that core defines on values (`perform`): the reference backend runs that definition. */
const performed =
  <P extends object>(def: DefinedOp<P>): Kernel =>
  (ins, node) =>
    def.perform!(ins, def.match(node)!, node);

const out = (node: Apply) => node.outputs[0]!.dtype;

/** The reductions beyond sum, max and min (ops/reduce-more.ts): core's definitions. */
const REDUCE_MORE_KERNELS = {
  prod: performed(PROD),
  argmax: performed(ARGMAX),
  all: performed(ALL),
  any: performed(ANY),
  cumop: performed(CUMOP),
  diff: performed(DIFF),
  median: performed(MEDIAN),
};

/** One kernel per primitive. */
export const KERNELS: { readonly [P in PrimitiveName]: Kernel } & Readonly<Record<ExtendedOpName, Kernel>> = {
  ...ELEMWISE_KERNELS,
  softmax: performed(SOFTMAX),
  conv2d: performed(CONV2D),
  conv2d_grad_inputs: performed(CONV2D_GRAD_INPUTS),
  conv2d_grad_weights: performed(CONV2D_GRAD_WEIGHTS),
  log_softmax: performed(LOG_SOFTMAX),
  ...{
    pool: performed(POOL),
    max_pool_grad: performed(MAX_POOL_GRAD),
    average_pool_grad: performed(AVERAGE_POOL_GRAD),
  },
  composite: (ins, node, step) => {
    checkTypedBroadcast(ins, node);
    // the generated loop (into a dead input's storage where the plan allows), or else core's own
    // definition (the inner graph node by node)
    const loop = runCompositeLoop(node, ins, step ? inplaceOf(step) : undefined);
    return loop ? [loop] : COMPOSITE.perform!(ins, COMPOSITE.match(node)!, node);
  },
  sum: withParams(SUM, ([x], { axis }, node) => [sumAdjacent(x!, axis, out(node))]), // kernels/reduce.ts
  max: performed(MAX),
  min: performed(MIN),
  ...REDUCE_MORE_KERNELS,
  // shape ops: views of the input's storage where the elements keep their order (kernels/views.ts), else
  // core's own definitions
  dimshuffle: withParams(DIMSHUFFLE, ([x], p) => [dimshuffleView(x!, p)]),
  reshape: withParams(RESHAPE, ([x, shape], { ndim }) => [reshapeView(x!, shape!, ndim)]),
  shape: performed(SHAPE),
  shape_i: performed(SHAPE_I),
  make_vector: performed(MAKE_VECTOR),
  ...SHAPE_JOIN_KERNELS,
  dot: MATMUL_KERNELS.dot, // float results: the blocked product (kernels/matmul.ts)
  subtensor: withParams(SUBTENSOR, (ins, p, node) => {
    const v = subtensorView(ins, p);
    return v ? [v] : SUBTENSOR.perform!(ins, p, node);
  }),
  inc_subtensor: performed(INC_SUBTENSOR),
  advanced_subtensor: performed(ADVANCED_SUBTENSOR),
  advanced_inc_subtensor: performed(ADVANCED_INC_SUBTENSOR),
  nonzero: performed(NONZERO),
  map: withParams(MAP, (ins, p, node) => [runMap(ins, p, out(node))]),
  scan: withParams(SCAN, (ins, p, node) =>
    runScan(
      p,
      ins,
      node.outputs.map((o) => o.dtype),
      (vals) => runGraph(p.inner, vals),
    ),
  ),
  assert_same_shape: performed(ASSERT_SAME_SHAPE),
  if_else: performed(IF_ELSE),
  ...(Object.fromEntries(
    Object.entries(sortOps.SORT_PRIMITIVES).map(([n, d]) => [n, performed(d as DefinedOp<object>)]),
  ) as { readonly [P in keyof typeof sortOps.SORT_PRIMITIVES]: Kernel }),
  ...{ alloc: performed(ALLOC), arange: performed(ARANGE), eye: performed(EYE), tri: performed(TRI) },
  philox_random: performed(PHILOX_RANDOM),
  ...{ print: performed(PRINT) }, // theano.printing.Print: prints on the host
  ...{ extract_diag: performed(EXTRACT_DIAG), alloc_diag: performed(ALLOC_DIAG) },
  ...(Object.fromEntries(Object.entries(NLINALG_OPS).map(([k, d]) => [k, performed(d as DefinedOp<object>)])) as Record<
    keyof typeof NLINALG_OPS,
    Kernel
  >),
  batched_dot: MATMUL_KERNELS.batched_dot, // replaces core's, above: float results through the blocked product
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

/** Runs a graph on input values (in `fg.inputs` order), returning its outputs; `onNode` gets each node's time. */
export function runGraph(
  fg: FunctionGraph,
  inputs: readonly NDArray[],
  onNode?: (node: Apply, seconds: number) => void,
): NDArray[] {
  // core's executor: the schedule and the liveness plan; ref brings only its kernels
  prepare(fg);
  return execute(fg, inputs, runKernel, {
    plan: REF_PLAN,
    constant: (c) => c.value,
    // an ifelse runs its condition, then only the branch it takes
    truth: (c) => Number(c.item()) !== 0,
    ...(onNode ? { onNode } : {}),
  });
}

function runKernel(node: Apply, args: NDArray[], step: ExecutionStep): NDArray[] {
  const kernel = (KERNELS as Record<string, Kernel>)[node.op.kind];
  if (!kernel) throw new Error(`ref: no kernel for ${node.op}`);
  return kernel(args, node, step);
}
