/**
 * Which dimensions are equal by construction. Under Theano's typed broadcasting, the inputs of an elementwise
 * node that are not broadcastable in a dimension must have equal sizes there (the node raises otherwise), so
 * the output's size in that dimension is theirs; a DimShuffle moves dimensions. Following these rules back,
 * every dimension has a source (a variable and a dimension): two dimensions with the same source have equal
 * sizes whenever the graph runs, and a backend can skip the run-time check between them.
 */
import type { TensorVariable } from '../graph/variable.js';
import { DIMSHUFFLE } from './shape.js';

/** A dimension: a variable and an axis. */
export interface DimRef {
  /** The variable. */
  readonly variable: TensorVariable;
  /** The axis of `variable`. */
  readonly axis: number;
}

/** The source of dimension `axis` of `v` (itself where no rule applies). */
export function dimSource(v: TensorVariable, axis: number): DimRef {
  let cur = v;
  let d = axis;
  for (;;) {
    const node = cur.owner;
    if (!node || cur.type.broadcastable[d]) return { variable: cur, axis: d };
    const ds = DIMSHUFFLE.match(node);
    if (ds) {
      const o = ds.order[d];
      if (o === undefined || o === 'x') return { variable: cur, axis: d };
      cur = node.inputs[0]!;
      d = o;
      continue;
    }
    if (node.op.def.family === 'elemwise' && node.outputs.length === 1) {
      const strict = node.inputs.find((x) => x.ndim === cur.ndim && !x.type.broadcastable[d]);
      if (!strict) return { variable: cur, axis: d };
      cur = strict;
      continue;
    }
    return { variable: cur, axis: d };
  }
}

/** True when dimension `axis` of `a` and of `b` have equal sizes by construction. */
export function sameDim(a: TensorVariable, b: TensorVariable, axis: number): boolean {
  if (a === b) return true;
  const x = dimSource(a, axis);
  const y = dimSource(b, axis);
  return x.variable === y.variable && x.axis === y.axis;
}
