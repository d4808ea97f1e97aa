/**
 * A graph run on concrete values with each op's own `perform`: how core evaluates without any backend
 * (constant folding, the inner graph of a `Composite`), through the shared executor.
 */

import { execute } from '../graph/execute.js';
import type { FunctionGraph } from '../graph/fgraph.js';
import type { NDArray } from '../ndarray.js';

/** True when every op of `fg` (inner graphs excluded) has a `perform`. */
export function performable(fg: FunctionGraph): boolean {
  return fg.nodes.every((n) => n.op.def.perform !== undefined);
}

/** Runs `fg` on input values (in `fg.inputs` order) with each op's `perform`; throws naming an op without one. */
export function performGraph(fg: FunctionGraph, inputs: readonly NDArray[]): NDArray[] {
  return execute(
    fg,
    inputs,
    (node, args) => {
      const perform = node.op.def.perform;
      if (!perform) throw new Error(`performGraph: ${node.op} has no implementation in core`);
      return perform(args, node.op.params, node);
    },
    { constant: (c) => c.value },
  );
}
