/**
 * Shape ops: `DimShuffle` (reorder, add and drop broadcastable dimensions; transpose), `Reshape`, `Shape`,
 * `Shape_i` and `MakeVector`, and the user functions built on them (`flatten`, `transpose`).
 */
import { type DType, isIntDType } from '../dtype.js';
import { applyOp, Op } from '../graph/apply.js';
import { asTensorVariable, constant } from '../graph/constant.js';
import { toposort } from '../graph/fgraph.js';
import { TensorConstant, type TensorLike, TensorVariable } from '../graph/variable.js';
import * as P from '../perform/shape.js';
import { TensorType } from '../type.js';
import { defineOp } from './op-def.js';

/** Parameters of `DimShuffle`: the new order (`'x'` for a new broadcastable dimension). */
export interface DimShuffleParams {
  /** Per output dimension, the input axis it takes, or `'x'` for a new broadcastable one. */
  order: readonly (number | 'x')[];
}

/** Theano's `DimShufflePrinter`: leading `'x'`s are not shown; the identity and the reversal print as `x`, `x.T`. */
function ppDimshuffle(order: readonly (number | 'x')[], ndim: number, arg: string): string {
  let k = 0;
  while (k < order.length && order[k] === 'x') k++;
  const rest = order.slice(k);
  if (rest.length === ndim && rest.every((o, i) => o === i)) return arg;
  if (rest.length === ndim && rest.every((o, i) => o === ndim - 1 - i)) return `${arg}.T`;
  return `DimShuffle{${rest.join(', ')}}(${arg})`;
}

/** `DimShuffle{order}`: x's dimensions reordered, some dropped (broadcastable ones) and new broadcastable ones inserted (`'x'`). */
export const DIMSHUFFLE = defineOp<DimShuffleParams>({
  name: 'dimshuffle',
  family: 'shape',
  inferTypes([x], { order }) {
    const label = `DimShuffle{${order.join(',')}}`;
    const seen = new Set<number>();
    for (const o of order) {
      if (o === 'x') continue;
      if (!Number.isInteger(o) || o < 0 || o >= x!.ndim) {
        throw new TypeError(`${label}: dimension ${o} is out of range for input ${x} of ${x!.ndim} dimensions`);
      }
      if (seen.has(o)) throw new TypeError(`${label}: dimension ${o} appears twice`);
      seen.add(o);
    }
    for (let d = 0; d < x!.ndim; d++) {
      if (!seen.has(d) && !x!.broadcastable[d]) {
        throw new TypeError(
          `${label}: cannot drop dimension ${d} of ${x} (${x!.type}): only broadcastable dimensions can be dropped`,
        );
      }
    }
    return [
      TensorType.fromShape(
        x!.dtype,
        order.map((o) => (o === 'x' ? 1 : x!.type.shape[o]!)),
      ),
    ];
  },
  // the gradient undoes the shuffle: dimensions move back, added ones are summed away
  grad([x], _outs, [gz], { order }) {
    if (!gz) return [null];
    // sum over the 'x' dimensions (they have size 1: a reshape-free drop), then invert the permutation
    const kept: number[] = [];
    order.forEach((o, k) => {
      if (o !== 'x') kept.push(k);
    });
    const inv: (number | 'x')[] = [];
    for (let d = 0; d < x!.ndim; d++) {
      const k = order.indexOf(d);
      inv.push(k < 0 ? 'x' : kept.indexOf(k));
    }
    const dropped = dimshuffle(gz, kept); // the grad driver gives gz the output's broadcastable pattern
    return [dimshuffle(dropped, inv)];
  },
  format: ({ order }) => `DimShuffle{${order.join(',')}}`,
  perform: ([x], { order }) => [P.dimshuffle(x!, order)],
  pp: ([a], node, { order }) => ppDimshuffle(order, node.inputs[0]!.ndim, a!),
  inferShape: (_n, _o, axis, dim, { order }) => (order[axis] === 'x' ? 1 : dim(0, order[axis] as number)),
});

/** Reorders dimensions; `'x'` adds a broadcastable one; broadcastable dimensions may be dropped. */
export function dimshuffle(x: TensorLike, order: readonly (number | 'x')[]): TensorVariable {
  const v = asTensorVariable(x, 'dimshuffle');
  if (order.length === v.ndim && order.every((o, i) => o === i)) return v;
  return applyOp(new Op(DIMSHUFFLE, { order: [...order] }), [v]).outputs[0]!;
}

/** Permutes the dimensions (reverses them by default): `x.T`. */
export function transpose(x: TensorLike, axes?: readonly number[]): TensorVariable {
  const v = asTensorVariable(x, 'transpose');
  const order = axes ? [...axes] : Array.from({ length: v.ndim }, (_, i) => v.ndim - 1 - i);
  if (order.length !== v.ndim || [...order].sort((a, b) => a - b).some((o, i) => o !== i)) {
    throw new TypeError(
      `transpose: axes ${JSON.stringify(axes)} are not a permutation of ${v.ndim} dimensions of ${v}`,
    );
  }
  return dimshuffle(v, order);
}

/** Parameters of `Reshape`: the output rank. */
export interface ReshapeParams {
  /** The number of dimensions of the output (the length of the shape input). */
  ndim: number;
}

function staticShapeOf(shape: TensorVariable, ndim: number, x: TensorVariable): (number | null)[] {
  if (shape instanceof TensorConstant) {
    const vals = Array.from(shape.value.toFloat64());
    const known = x.type.shape.every((s) => s !== null);
    const minus = vals.indexOf(-1);
    if (minus >= 0) {
      if (!known) return vals.map((v) => (v === -1 ? null : v));
      const total = x.type.shape.reduce<number>((a, s) => a * (s as number), 1);
      const rest = vals.reduce((a, v) => (v === -1 ? a : a * v), 1);
      vals[minus] = rest === 0 ? 0 : total / rest;
    }
    return vals;
  }
  const owner = shape.owner;
  if (MAKE_VECTOR.match(owner)) {
    return owner!.inputs.map((e) => {
      if (e instanceof TensorConstant) {
        const v = e.value.item();
        return v >= 0 ? v : null;
      }
      const si = SHAPE_I.match(e.owner);
      return si ? (e.owner!.inputs[0]!.type.shape[si.i] ?? null) : null;
    });
  }
  return Array.from({ length: ndim }, () => null);
}

/** `Reshape{ndim}(x, shape)`. */
export const RESHAPE = defineOp<ReshapeParams>({
  name: 'reshape',
  family: 'shape',
  inferTypes([x, shape], { ndim }) {
    if (shape!.ndim !== 1 || !isIntDType(shape!.dtype)) {
      throw new TypeError(`Reshape{${ndim}}: the shape must be an integer vector, got ${shape!.type}`);
    }
    if (shape!.type.shape[0] !== null && shape!.type.shape[0] !== ndim) {
      throw new TypeError(`Reshape{${ndim}}: the shape has ${shape!.type.shape[0]} entries, expected ${ndim}`);
    }
    const s = staticShapeOf(shape!, ndim, x!);
    const xs = x!.type.shape;
    if (s.every((d) => d !== null) && xs.every((d) => d !== null)) {
      const a = xs.reduce<number>((p, d) => p * (d as number), 1);
      const b = s.reduce<number>((p, d) => p * (d as number), 1);
      if (a !== b) {
        throw new TypeError(
          `Reshape{${ndim}}: cannot reshape ${x} of shape (${xs.join(', ')}) into shape (${s.join(', ')}): sizes ${a} and ${b} differ`,
        );
      }
    }
    return [TensorType.fromShape(x!.dtype, s)];
  },
  // d reshape(x, s) = reshape(dz, shape(x))
  grad([x], _o, [gz]) {
    return [gz ? reshape(gz, shape(x!), x!.ndim) : null, null];
  },
  connection: () => [true, false],
  format: ({ ndim }) => `Reshape{${ndim}}`,
  perform: ([x, shape], { ndim }) => [P.reshape(x!, shape!, ndim)],
});

/** Reshapes `x` to `newShape` (numbers, with one -1 allowed, or an integer vector variable). */
export function reshape(
  x: TensorLike,
  newShape: readonly (number | TensorVariable)[] | TensorVariable,
  ndim?: number,
): TensorVariable {
  const v = asTensorVariable(x, 'reshape');
  let shapeVar: TensorVariable;
  let n: number;
  if (newShape instanceof TensorVariable) {
    shapeVar = newShape;
    const len = newShape.type.shape[0];
    n = ndim ?? (typeof len === 'number' ? len : Number.NaN);
    if (!Number.isInteger(n)) {
      throw new TypeError(`reshape: the length of the symbolic shape ${newShape} is not known; pass ndim`);
    }
  } else {
    if (!Array.isArray(newShape)) {
      throw new TypeError(
        `reshape: the new shape must be an array of sizes or an int vector, got ${typeof newShape === 'string' ? `the string ${JSON.stringify(newShape)}` : typeof newShape}`,
      );
    }
    n = newShape.length;
    if (ndim !== undefined && ndim !== n) {
      throw new TypeError(
        `reshape: ndim ${ndim} does not match the new shape ${JSON.stringify(newShape.map((d) => (typeof d === 'number' ? d : String(d))))} of ${n} entries`,
      );
    }
    if (newShape.every((d) => typeof d === 'number')) {
      const nums = newShape as number[];
      if (nums.filter((d) => d === -1).length > 1 || nums.some((d) => !Number.isInteger(d) || d < -1)) {
        throw new TypeError(`reshape: invalid shape ${JSON.stringify(nums)} (integers ≥ 0 and at most one -1)`);
      }
      shapeVar = constant(nums, { dtype: 'int64' });
    } else {
      shapeVar = makeVector(
        newShape.map((d) => (typeof d === 'number' ? constant(d, { dtype: 'int64' }) : cast64(d))),
        'int64',
      );
    }
  }
  return applyOp(new Op(RESHAPE, { ndim: n }), [v, shapeVar]).outputs[0]!;
}

function cast64(v: TensorVariable): TensorVariable {
  if (v.ndim !== 0 || !isIntDType(v.dtype)) {
    throw new TypeError(`reshape: a symbolic size must be an integer scalar, got ${v} (${v.type})`);
  }
  return v;
}

/** Flattens to `ndim` dimensions, keeping the first `ndim - 1` and merging the rest. */
export function flatten(x: TensorLike, ndim = 1): TensorVariable {
  const v = asTensorVariable(x, 'flatten');
  if (!Number.isInteger(ndim) || ndim < 1 || ndim > Math.max(v.ndim, 1)) {
    throw new TypeError(`flatten: ndim must be between 1 and ${Math.max(v.ndim, 1)} for ${v}, got ${ndim}`);
  }
  if (ndim === 1) return reshape(v, [-1]);
  const dims: (number | TensorVariable)[] = [];
  for (let d = 0; d < ndim - 1; d++) dims.push(shapeI(v, d));
  // -1 is ambiguous for an array of size 0 whose kept dimensions hold a 0: unless the kept sizes are known
  // nonzero, the last size is the product of the trailing ones (Theano's Flatten), a number when known
  const known = (d: number | null | undefined): d is number => typeof d === 'number';
  const kept = v.type.shape.slice(0, ndim - 1);
  const trailing = v.type.shape.slice(ndim - 1);
  if (kept.every((d) => known(d) && d > 0)) dims.push(-1);
  else if (trailing.every(known)) dims.push(trailing.reduce((p, d) => p * d, 1));
  else {
    const sizes = trailing.map((_, k) => shapeI(v, ndim - 1 + k));
    dims.push(sizes.slice(1).reduce((p, d) => dimProduct(p, d), sizes[0]!));
  }
  return reshape(v, dims);
}

let dimProduct: (a: TensorVariable, b: TensorVariable) => TensorVariable = () => {
  throw new Error('elemwise not loaded');
};
/** Wiring: the elemwise module registers its `mul` here (it imports this module); flatten multiplies sizes. */
export function setDimProduct(f: (a: TensorVariable, b: TensorVariable) => TensorVariable): void {
  dimProduct = f;
}

/** `Shape`: the shape of a tensor as an int64 vector. */
export const SHAPE = defineOp<Record<string, never>>({
  name: 'shape',
  family: 'shape',
  inferTypes: ([x]) => [TensorType.fromShape('int64', [x!.ndim])],
  grad: () => [null],
  connection: () => [false],
  format: () => 'Shape',
  perform: ([x]) => [P.shape(x!)],
  inferShape: (node) => node.inputs[0]!.ndim,
});

/** The symbolic shape of `x` (an int64 vector). */
export function shape(x: TensorLike): TensorVariable {
  const v = asTensorVariable(x, 'shape');
  return applyOp(new Op(SHAPE, {}), [v]).outputs[0]!;
}

/** Parameters of `Shape_i`. */
export interface ShapeIParams {
  /** The dimension whose size is taken. */
  i: number;
}

/** `Shape_i{i}`: one dimension's size as an int64 scalar. */
export const SHAPE_I = defineOp<ShapeIParams>({
  name: 'shape_i',
  family: 'shape',
  inferTypes([x], { i }) {
    if (!Number.isInteger(i) || i < 0 || i >= x!.ndim) {
      throw new TypeError(`Shape_i{${i}}: ${x} has ${x!.ndim} dimensions`);
    }
    return [new TensorType('int64', [])];
  },
  grad: () => [null],
  connection: () => [false],
  format: ({ i }) => `Shape_i{${i}}`,
  perform: ([x], { i }) => [P.shapeI(x!, i)],
});

/** The sizes `shapeI` inferred, by variable and dimension (graphs are immutable: a size, once found, holds). */
const inferredSizes = new WeakMap<TensorVariable, TensorVariable[]>();
/** How many `shapeI` calls are nested in the nodes' `inferShape` right now. */
let inferDepth = 0;
/** Deeper than this, `shapeI` first infers the sizes of every ancestor, in execution order, without recursion. */
const MAX_INFER_DEPTH = 200;

/**
 * The sizes of every dimension of `v`'s ancestors, from the inputs down, so that inferring `v`'s recurses
 * one node deep at most: a chain of thousands of nodes (an unrolled network's `mean`) would otherwise nest
 * one `inferShape` call per node and overflow the stack.
 */
function inferAncestorSizes(v: TensorVariable): void {
  const depth = inferDepth;
  inferDepth = 0;
  try {
    for (const node of toposort(v.owner!.inputs)) {
      for (const o of node.outputs) for (let d = 0; d < o.ndim; d++) shapeI(o, d);
    }
  } finally {
    inferDepth = depth;
  }
}

/** The size of dimension `i` of `x`, as an int64 scalar variable. */
export function shapeI(x: TensorLike, i: number): TensorVariable {
  const v = asTensorVariable(x, 'shapeI');
  const s = v.type.shape[i];
  if (typeof s === 'number') return constant(s, { dtype: 'int64' });
  const node = v.owner;
  if (!node || !(i >= 0 && i < v.ndim)) return applyOp(new Op(SHAPE_I, { i }), [v]).outputs[0]!;
  const known = inferredSizes.get(v);
  const hit = known?.[i];
  if (hit) return hit;
  if (inferDepth >= MAX_INFER_DEPTH) inferAncestorSizes(v);
  // the size from the inputs' sizes where the op can say it (ShapeFeature): the value is never computed
  let inferred: number | TensorVariable | null;
  inferDepth++;
  try {
    inferred = node.op.def.inferShape?.(node, v.index, i, (k, a) => shapeI(node.inputs[k]!, a), node.op.params) ?? null;
  } finally {
    inferDepth--;
  }
  const size =
    typeof inferred === 'number'
      ? constant(inferred, { dtype: 'int64' })
      : (inferred ?? applyOp(new Op(SHAPE_I, { i }), [v]).outputs[0]!);
  const sizes = known ?? [];
  sizes[i] = size;
  if (!known) inferredSizes.set(v, sizes);
  return size;
}

/** Parameters of `MakeVector`. */
export interface MakeVectorParams {
  /** The vector's dtype. */
  dtype: DType;
}

/** `MakeVector`: scalars stacked into a vector. */
export const MAKE_VECTOR = defineOp<MakeVectorParams>({
  name: 'make_vector',
  family: 'shape',
  inferTypes(inputs, { dtype }) {
    inputs.forEach((v, i) => {
      if (v.ndim !== 0) throw new TypeError(`MakeVector: input ${i} (${v}) must be a scalar, got ${v.type}`);
    });
    return [TensorType.fromShape(dtype, [inputs.length])];
  },
  // each scalar receives its entry of the vector's gradient
  grad: (inputs, _o, [gz]) => inputs.map((_, i) => (gz ? subtensorIndex(gz, i) : null)),
  format: ({ dtype }) => `MakeVector{dtype='${dtype}'}`,
  perform: (ins, { dtype }) => [P.makeVector(ins, dtype)],
  inferShape: (node) => node.inputs.length,
});

let subtensorIndex: (x: TensorVariable, i: number) => TensorVariable = () => {
  throw new Error('subtensor not loaded');
};
/** Wiring: the subtensor module registers its indexing function here (it imports this module). */
export function setSubtensorIndex(f: (x: TensorVariable, i: number) => TensorVariable): void {
  subtensorIndex = f;
}

/** Stacks scalars into a vector of `dtype`. */
export function makeVector(items: readonly TensorLike[], dtype: DType): TensorVariable {
  const vars = items.map((x) => asTensorVariable(x, 'makeVector'));
  return applyOp(new Op(MAKE_VECTOR, { dtype }), vars).outputs[0]!;
}
