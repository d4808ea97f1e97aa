/**
 * The lowering table (one entry per primitive: a missing one is a compile error) and the driver that
 * lowers a `FunctionGraph` node by node into a `GraphBuilder`, naming each node's ONNX nodes after it.
 */
import {
  broadcastCheckDims,
  type ExecutionStep,
  type ExtendedOpName,
  executionPlan,
  type FunctionGraph,
  type PrimitiveName,
  TensorConstant,
  type TensorVariable,
} from '@theano-ts/core';
import type { GraphBuilder, Val } from '../builder.js';
import type { RealDType } from '../dtypes.js';
import type { Lowering } from './common.js';
import { CONTROL_LOWERINGS, lowerIf } from './control.js';
import { CONV_LOWERINGS } from './conv.js';
import { CREATION_LOWERINGS } from './creation.js';
import { ELEMWISE_LOWERINGS } from './elemwise.js';
import { EXTENDED_LOWERINGS } from './extended.js';
import { LINALG_LOWERINGS } from './linalg.js';
import { POOL_LOWERINGS } from './pool.js';
import { RANDOM_LOWERINGS } from './random.js';
import { REDUCE_LOWERINGS } from './reduce.js';
import { REDUCE_MORE_LOWERINGS } from './reduce-more.js';
import { SCAN_LOWERINGS } from './scan.js';
import { SHAPE_LOWERINGS } from './shape.js';
import { SHAPE_JOIN_LOWERINGS } from './shape-join.js';
import { SORT_LOWERINGS } from './sort.js';
import { SUBTENSOR_LOWERINGS } from './subtensor.js';

export type { Lowering } from './common.js';

/** The ops with a lowering: every primitive and every extended op (`composite` included). */
export type LoweredOpName = PrimitiveName | ExtendedOpName;

/** One lowering per primitive and extended op. */
export const LOWERINGS: { readonly [P in LoweredOpName]: Lowering } = {
  ...ELEMWISE_LOWERINGS,
  ...REDUCE_LOWERINGS,
  ...REDUCE_MORE_LOWERINGS,
  ...SHAPE_LOWERINGS,
  ...SHAPE_JOIN_LOWERINGS,
  ...LINALG_LOWERINGS,
  ...SUBTENSOR_LOWERINGS,
  ...CONTROL_LOWERINGS,
  ...SCAN_LOWERINGS,
  ...EXTENDED_LOWERINGS,
  ...SORT_LOWERINGS,
  ...CREATION_LOWERINGS,
  ...RANDOM_LOWERINGS,
  ...POOL_LOWERINGS,
  ...CONV_LOWERINGS,
};

/** The ops the backend declares: primitives and extended ops (a composite is lowered, never asked for). */
export const DECLARED_OPS: readonly string[] = Object.keys(LOWERINGS).filter((op) => op !== 'composite');

/**
 * Lowers `fgraph` into `g`, with `inputs` standing for its inputs; returns the values of its outputs.
 * Node k is labelled `n{k}:{op}` (inside a Map, prefixed by the Map's label), and its path records where
 * it sits, so errors and checks can name it.
 */
export function lowerGraph(
  g: GraphBuilder,
  fgraph: FunctionGraph,
  inputs: readonly Val[],
  path: readonly number[],
): Val[] {
  g.checkDims = broadcastCheckDims(fgraph);
  // a check of the main graph may read the inputs' shapes; not in a branch that may not run
  const lazy = fgraph.nodes.some((n) => n.op.def.lazyBranches !== undefined);
  g.inputIndex = path.length === 0 && !lazy ? new Map(fgraph.inputs.map((v, k) => [v, k])) : null;
  const env = new Map<TensorVariable, Val>();
  // the first variable a value holds gives its type (a lowering may pass a value through unchanged)
  const typed = (v: TensorVariable, x: Val): void => {
    if (!g.state.types.has(x.name)) {
      g.state.types.set(x.name, { dtype: v.dtype as RealDType, broadcastable: v.type.broadcastable });
    }
  };
  fgraph.inputs.forEach((v, k) => {
    env.set(v, inputs[k]!);
    typed(v, inputs[k]!);
  });
  const prefix = path.length ? `${g.label}/` : '';
  const lookup = (v: TensorVariable): Val => {
    const x = env.get(v);
    if (x) return x;
    if (v instanceof TensorConstant) {
      const c = g.constant(v.value, v.dtype as RealDType);
      env.set(v, c);
      return c;
    }
    throw new Error(`onnx: internal error: ${v} (${v.type}) is used before it is computed`);
  };
  const indexOf = new Map(fgraph.nodes.map((n, k) => [n, k]));
  // the executor's plan: the nodes only one branch of an ifelse needs are lowered inside that branch
  const lowerStep = (b: GraphBuilder, step: ExecutionStep): void => {
    const node = step.node;
    const k = indexOf.get(node)!;
    b.begin(`${prefix}n${k}:${node.op.kind}`, [...path, k]);
    let outs: Val[];
    if (step.lazy) {
      const { ifTrue: t, ifFalse: e } = step.lazy;
      const fill = [t, e].map((branch) => (sub: GraphBuilder) => {
        for (const s of branch.steps) lowerStep(sub, s);
        return branch.values.map(lookup);
      });
      outs = lowerIf(b, node, lookup(node.inputs[0]!), fill);
      b.begin(`${prefix}n${k}:${node.op.kind}`, [...path, k]);
    } else {
      const lowering = LOWERINGS[node.op.kind as LoweredOpName];
      if (!lowering) throw new Error(`onnx: internal error: no lowering for ${node.op}`);
      outs = lowering(b, node, node.inputs.map(lookup));
    }
    node.outputs.forEach((o, i) => {
      const x = b.cast(outs[i]!, o.dtype as RealDType);
      env.set(o, x);
      typed(o, x);
    });
  };
  for (const step of executionPlan(fgraph).steps) lowerStep(g, step);
  return fgraph.outputs.map(lookup);
}
