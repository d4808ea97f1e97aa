/**
 * Which dimensions are equal by construction. Under Theano's typed broadcasting, the inputs of an elementwise
 * node that are not broadcastable in a dimension must have equal sizes there (the node raises otherwise), so
 * the output's size in that dimension is theirs; a DimShuffle moves dimensions. Following these rules back,
 * every dimension has a source (a variable and a dimension): two dimensions with the same source have equal
 * sizes whenever the graph runs, and a backend can skip the run-time check between them.
 */
import type { Apply } from '../graph/apply.js';
import type { FunctionGraph } from '../graph/fgraph.js';
import type { TensorVariable } from '../graph/variable.js';
import { TensorType } from '../type.js';
import { DOT } from './linalg.js';
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

/**
 * What an op's shape inference says of dimension `axis` of output `out` of `node`, one step back: the input
 * dimension whose size it is (`{ input, axis }`), a size known now (a number), or null (another expression
 * of the sizes, or nothing said). Asks the op's `inferShape` with a fresh placeholder for every input size,
 * so only a size passed through unchanged is recognized.
 */
function passedSize(node: Apply, out: number, axis: number): { input: number; axis: number } | number | null {
  const infer = node.op.def.inferShape;
  if (!infer) return null;
  const probes = new Map<TensorVariable, { input: number; axis: number }>();
  const dim = (input: number, a: number): TensorVariable => {
    const p = new TensorType('int64', []).make(null);
    probes.set(p, { input, axis: a });
    return p;
  };
  let r: TensorVariable | number | null;
  try {
    r = infer(node, out, axis, dim, node.op.params);
  } catch {
    return null; // an inference that needs real sizes: no statement
  }
  if (typeof r === 'number') return r;
  return (r && probes.get(r)) ?? null;
}

/** The origins `sizeOrigin` found, by variable and axis (graphs are immutable). */
const originCache = new WeakMap<TensorVariable, (DimRef | number)[]>();

/**
 * Where the size of dimension `axis` of `v` comes from, on a run that ends without an error (every node's
 * own checks passed): a number where it is known now (a static or broadcastable dimension, or one an op
 * fixes), else a dimension whose size it is, found by following the ops' shape inference back through every
 * op that passes a size on unchanged (elementwise ops, DimShuffle, reductions, products, softmax, …). The
 * dimension found is of a graph input where the size is the input's (`dot(x, W).add(b)`'s dimension 1 is
 * `W`'s dimension 1), so a backend can check it against the inputs' shapes before running instead of
 * reading sizes back; otherwise of the first variable whose op says no more.
 */
export function sizeOrigin(v: TensorVariable, axis: number): DimRef | number {
  const path: DimRef[] = [];
  let cur = v;
  let d = axis;
  let found: DimRef | number;
  for (;;) {
    const hit = originCache.get(cur)?.[d];
    if (hit !== undefined) {
      found = hit;
      break;
    }
    const known = cur.type.shape[d];
    if (typeof known === 'number') {
      found = known;
      break;
    }
    if (cur.type.broadcastable[d]) {
      found = 1;
      break;
    }
    path.push({ variable: cur, axis: d });
    const node = cur.owner;
    const step = node ? passedSize(node, cur.index, d) : null;
    if (step === null) {
      found = { variable: cur, axis: d };
      break;
    }
    if (typeof step === 'number') {
      found = step;
      break;
    }
    cur = node!.inputs[step.input]!;
    d = step.axis;
  }
  for (const { variable, axis: a } of path) {
    const row = originCache.get(variable) ?? [];
    originCache.set(variable, row);
    row[a] = found;
  }
  return found;
}

/** Union-find over the dimensions of a graph's variables (each variable's axes get consecutive ids). */
class DimClasses {
  readonly #base = new Map<TensorVariable, number>();
  readonly #parent: number[] = [];

  #id(v: TensorVariable, axis: number): number {
    let b = this.#base.get(v);
    if (b === undefined) {
      b = this.#parent.length;
      this.#base.set(v, b);
      for (let d = 0; d < v.ndim; d++) this.#parent.push(b + d);
    }
    return b + axis;
  }

  #find(i: number): number {
    const p = this.#parent;
    while (p[i] !== i) {
      p[i] = p[p[i]!]!;
      i = p[i]!;
    }
    return i;
  }

  union(a: TensorVariable, da: number, b: TensorVariable, db: number): void {
    const x = this.#find(this.#id(a, da));
    const y = this.#find(this.#id(b, db));
    if (x !== y) this.#parent[x] = y;
  }

  same(a: TensorVariable, da: number, b: TensorVariable, db: number): boolean {
    return this.#find(this.#id(a, da)) === this.#find(this.#id(b, db));
  }
}

const checkDimsCache = new WeakMap<FunctionGraph, ReadonlyMap<Apply, readonly number[]>>();

/**
 * For each elementwise node of `fgraph` with two or more inputs, the dimensions where Theano's typed
 * broadcasting still has to be checked at run time: inputs are not broadcastable there, their sizes are not
 * all static, and they are not provably equal on a run that ends without an error. The proof uses facts
 * that hold on such a run: a `dot`'s contracted dimensions are equal (the product fails otherwise) and its
 * output's dimensions are its operands'; a DimShuffle moves dimensions; and the inputs and outputs of an
 * elementwise node met earlier in execution order are equal where it has no broadcastable input, since its
 * own check, or the proof that made the check unnecessary, guarantees it. In a gradient, the sizes of a
 * layer's activations and of its backward deltas meet only through the weights' products, so most of these
 * checks (each reading shapes back after the run) go. Any other op that passes an input's size on unchanged,
 * as its shape inference says (DimShuffle, a reduction's kept dimensions, softmax), relates the two too. A
 * graph with a lazy node (ifelse) gets an empty map: a node in a branch not taken never runs, so its facts
 * prove nothing. Nodes not in the map fall back to `sameDim`.
 */
export function broadcastCheckDims(fgraph: FunctionGraph): ReadonlyMap<Apply, readonly number[]> {
  const hit = checkDimsCache.get(fgraph);
  if (hit) return hit;
  const result = new Map<Apply, number[]>();
  checkDimsCache.set(fgraph, result);
  if (fgraph.nodes.some((n) => n.op.def.lazyBranches !== undefined)) return result;
  const classes = new DimClasses();
  for (const node of fgraph.nodes) {
    if (DOT.match(node)) {
      const [x, y] = node.inputs as [TensorVariable, TensorVariable];
      classes.union(x, x.ndim - 1, y, 0);
    }
    // an elementwise node's output has its strict inputs' sizes only once its check holds (second loop)
    if (node.op.def.family === 'elemwise') continue;
    // every other op that passes an input's size on (DimShuffle, a product's outer dimensions, a reduction's
    // kept ones, softmax) does so whenever it runs
    for (const out of node.outputs) {
      for (let d = 0; d < out.ndim; d++) {
        const from = passedSize(node, out.index, d);
        if (from !== null && typeof from !== 'number') classes.union(out, d, node.inputs[from.input]!, from.axis);
      }
    }
  }
  for (const node of fgraph.nodes) {
    if (node.op.def.family !== 'elemwise') continue;
    const nd = node.inputs[0]?.ndim;
    if (nd === undefined || !node.inputs.every((v) => v.ndim === nd)) continue;
    const dims: number[] = [];
    for (let d = 0; d < nd; d++) {
      const strict = node.inputs.filter((v) => !v.type.broadcastable[d]);
      const first = strict[0];
      if (!first) continue;
      const proven = strict.every((v) => v === first || classes.same(v, d, first, d) || sameDim(v, first, d));
      if (!proven && !strict.every((v) => v.type.shape[d] !== null)) dims.push(d);
      // from here on (the check holds, or was not needed) the strict inputs and the outputs share this size
      for (const v of strict) classes.union(v, d, first, d);
      for (const o of node.outputs) if (o.ndim === nd) classes.union(o, d, first, d);
    }
    if (node.inputs.length >= 2) result.set(node, dims);
  }
  return result;
}
