/**
 * `Composite`: one elementwise node standing for a whole elementwise subgraph (Theano's
 * `Elemwise{Composite{...}}`), made by the fusion rewrite. Its parameter is the inner graph over 0-d
 * placeholders, one per outer input; a backend that declares `composite` runs it in one pass (the reference
 * backend generates one JavaScript loop), and its meaning is exactly the inner graph's, elementwise.
 */

import { Lop } from '../autodiff/grad.js';
import { applyOp, Op } from '../graph/apply.js';
import { type FunctionGraph, replace } from '../graph/fgraph.js';
import { TensorConstant, type TensorVariable } from '../graph/variable.js';
import { NDArray, typedArrayFor } from '../ndarray.js';
import { broadcastShapes } from '../perform/broadcast.js';
import { performElemwise } from '../perform/elemwise.js';
import { performGraph } from '../perform/graph.js';
import { TensorType } from '../type.js';
import { broadcastTypes, ELEMWISE_DEFS, elemwiseDefOf, elemwiseInferShape, scalarLabel } from './elemwise.js';
import { defineOp } from './op-def.js';

/** Parameters of `Composite`: the inner scalar graph. */
export interface CompositeParams {
  /** Inputs: one 0-d placeholder per outer input; outputs: the one 0-d result. */
  inner: FunctionGraph;
}

/** The inner graph as an expression over `i0, i1, …` (Theano's Composite label). */
export function compositeLabel(inner: FunctionGraph): string {
  const names = new Map<TensorVariable, string>();
  inner.inputs.forEach((v, i) => {
    names.set(v, `i${i}`);
  });
  for (const node of inner.nodes) {
    const args = node.inputs.map((v) => names.get(v) ?? (v instanceof TensorConstant ? v.value.toString() : '?'));
    const def = elemwiseDefOf(node.op.def);
    const s = def ? scalarLabel(def.spec, args, node.outputs[0]!.dtype) : `${node.op.kind}(${args.join(', ')})`;
    names.set(node.outputs[0]!, s);
  }
  return names.get(inner.outputs[0]!) ?? '?';
}

/** `Elemwise{Composite{...}}`. */
export const COMPOSITE = defineOp<CompositeParams>({
  name: 'composite',
  family: 'elemwise',
  inferTypes(inputs, { inner }) {
    if (inputs.length !== inner.inputs.length) {
      throw new TypeError(`Composite: expected ${inner.inputs.length} inputs, got ${inputs.length}`);
    }
    const shape = broadcastTypes('Composite', inputs);
    return [TensorType.fromShape(inner.outputs[0]!.dtype, shape)];
  },
  // the gradient of the expanded subgraph
  grad(inputs, _outputs, [gz], { inner }) {
    if (!gz) return inputs.map(() => null);
    const [expanded] = replace(inner.outputs, new Map(inner.inputs.map((p, i) => [p, inputs[i]!])));
    const g = Lop(expanded!, [...inputs], gz, { disconnectedInputs: 'ignore' }) as TensorVariable[];
    return g.map((x) => x ?? null);
  },
  format: ({ inner }) => `Elemwise{Composite{${compositeLabel(inner)}}}`,
  inferShape: elemwiseInferShape,
  // the inner graph node by node, on the inputs broadcast to the output's shape
  perform(ins, { inner }, node) {
    const outShape = broadcastShapes(
      ins.map((x) => x.shape),
      () => `${node.op}`,
    );
    const like = new NDArray(
      typedArrayFor(
        'bool',
        outShape.reduce((a, b) => a * b, 1),
      ),
      outShape,
      'bool',
    );
    const full = ins.map((x) =>
      x.shape.length === outShape.length && x.shape.every((d, i) => d === outShape[i])
        ? x
        : performElemwise(ELEMWISE_DEFS.second.spec, [like, x], x.dtype),
    );
    return performGraph(inner, full);
  },
  paramsKey: ({ inner }) => inner.key,
});

/** A composite node computing `inner` elementwise over `inputs`. */
export function composite(inner: FunctionGraph, inputs: readonly TensorVariable[]): TensorVariable {
  return applyOp(new Op(COMPOSITE, { inner }), inputs).outputs[0]!;
}
