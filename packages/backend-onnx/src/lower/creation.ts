/**
 * Creation ops → ONNX: `Alloc` as Expand to the shape its scalars make; `ARange` as Range; `Eye` and `Tri`
 * as comparisons of two Ranges (ONNX's EyeLike needs a static shape); `ExtractDiag` as Transpose + Reshape
 * to (…, n·m) + Gather of the flat positions start + i·(m + 1); `AllocDiag` as ScatterElements of the
 * values into zeros of shape (…, rows·cols) at those positions, reshaped to (…, rows, cols).
 */
import { EXTRACT_DIAG, type ExtendedOpName, NDArray, type PrimitiveName } from '@theano-ts/core';
import type { GraphBuilder, Val } from '../builder.js';
import type { RealDType } from '../dtypes.js';
import { type Lowering, outDType } from './common.js';

/** Scalars (any integer dtype) as a 1-d int64 vector: a constant when every one is known. */
function shapeVector(g: GraphBuilder, dims: readonly Val[]): Val {
  const consts = dims.map((d) => g.constValue(d));
  if (consts.every((c) => c !== undefined)) return g.ints(consts.map((c) => c!.item()));
  const parts = dims.map((d) => g.op('Unsqueeze', [g.cast(d, 'int64'), g.ints([0])], 'int64'));
  return parts.length === 1 ? parts[0]! : g.op('Concat', parts, 'int64', { axis: 0 });
}

/**
 * A run-time check that the sizes given to a creation op are not negative (ONNX would read a negative
 * Expand size as broadcasting, and an empty Range as 0): the reference backend's message, naming the op
 * and the argument. Sizes known when the graph is built were checked then.
 */
function checkSizes(g: GraphBuilder, op: string, names: readonly string[], dims: readonly Val[]): void {
  if (dims.every((d) => g.constValue(d) !== undefined)) return;
  g.addCheck({
    outputs: [shapeVector(g, dims)],
    rowLengths: [dims.length],
    validate: ([row]) => {
      const k = row!.findIndex((d) => d < 0);
      return k < 0 ? null : `${op}: ${names[k]} must be a non-negative integer, got ${row![k]}`;
    },
  });
}

/** `Alloc(value, ...shape)`: Expand (the value's size-1 dimensions stretch, as numpy broadcasts). */
const alloc: Lowering = (g, node, [value, ...dims]) => {
  if (dims.length === 0) return [g.cast(value!, outDType(node))];
  checkSizes(
    g,
    'Alloc',
    dims.map((_, k) => `shape[${k}]`),
    dims,
  );
  const shape = shapeVector(g, dims);
  // a negative size must reach the check (which runs after the model): Expand to max(size, 0) meanwhile
  const safe = g.constValue(shape) !== undefined ? shape : g.op('Max', [shape, g.ints([0])], 'int64');
  return [g.op('Expand', [value!, safe], value!.dtype)];
};

/** Range supports float, double, int16, int32 and int64; other integers go through int32. */
function rangeDType(d: RealDType): RealDType {
  return d === 'int8' || d === 'bool' ? 'int32' : d;
}

/** `ARange{dtype}(start, stop, step)`: ONNX Range in the output dtype. */
const arange: Lowering = (g, node, [start, stop, step]) => {
  const d = rangeDType(outDType(node));
  return [g.cast(g.op('Range', [g.cast(start!, d), g.cast(stop!, d), g.cast(step!, d)], d), outDType(node))];
};

/** int64 0, 1, …, n - 1 for an integer scalar n. */
function iota(g: GraphBuilder, n: Val): Val {
  return g.op('Range', [g.scalar(0, 'int64'), g.cast(n, 'int64'), g.scalar(1, 'int64')], 'int64');
}

/** A mask op: `cmp(i + k, j)` over rows i < n and columns j < m, cast to the output dtype. */
const maskOf =
  (cmp: string, op: string, names: readonly [string, string]): Lowering =>
  (g, node, [n, m, k]) => {
    checkSizes(g, op, names, [n!, m!]);
    const rows = g.op('Unsqueeze', [iota(g, n!), g.ints([1])], 'int64');
    const cols = g.op('Unsqueeze', [iota(g, m!), g.ints([0])], 'int64');
    const shifted = g.op('Add', [rows, g.cast(k!, 'int64')], 'int64');
    return [g.cast(g.op(cmp, [shifted, cols], 'bool'), outDType(node))];
  };

/** Elements [from, to) of a 1-d int64 vector. */
function part(g: GraphBuilder, v: Val, from: number, to: number): Val {
  return g.op('Slice', [v, g.ints([from]), g.ints([to])], 'int64');
}

/** The flat positions start + i·(cols + 1), i < len (all int64 1-element vectors except the result). */
function diagPositions(g: GraphBuilder, len: Val, cols: Val, offset: number): Val {
  const one = g.ints([1]);
  const start = offset >= 0 ? g.ints([offset]) : g.op('Mul', [g.ints([-offset]), cols], 'int64');
  const i = iota(g, g.op('Squeeze', [len, g.ints([0])], 'int64'));
  return g.op('Add', [start, g.op('Mul', [i, g.op('Add', [cols, one], 'int64')], 'int64')], 'int64');
}

/** The length of diagonal `offset` of an n×m matrix, as a 1-element int64 vector. */
function diagLength(g: GraphBuilder, n: Val, m: Val, offset: number): Val {
  const k = g.ints([offset]);
  const len =
    offset >= 0
      ? g.op('Min', [n, g.op('Sub', [m, k], 'int64')], 'int64')
      : g.op('Min', [g.op('Add', [n, k], 'int64'), m], 'int64');
  return g.op('Max', [len, g.ints([0])], 'int64');
}

/** `ExtractDiag{offset, axis1, axis2}(x)`. */
const extractDiag: Lowering = (g, node, [x]) => {
  const { offset, axis1, axis2 } = EXTRACT_DIAG.match(node)!;
  const nd = node.inputs[0]!.ndim;
  const rest = Array.from({ length: nd }, (_, d) => d).filter((d) => d !== axis1 && d !== axis2);
  const perm = [...rest, axis1, axis2];
  const moved = perm.every((p, i) => p === i) ? x! : g.op('Transpose', [x!], x!.dtype, { perm });
  const shape = g.shapeOf(moved);
  const n = part(g, shape, nd - 2, nd - 1);
  const m = part(g, shape, nd - 1, nd);
  const nm = g.op('Mul', [n, m], 'int64');
  const flatShape = nd > 2 ? g.op('Concat', [part(g, shape, 0, nd - 2), nm], 'int64', { axis: 0 }) : nm;
  const flat = g.op('Reshape', [moved, flatShape], x!.dtype, { allowzero: 1 });
  const idx = diagPositions(g, diagLength(g, n, m, offset), m, offset);
  return [g.op('Gather', [flat, idx], x!.dtype, { axis: nd - 2 })];
};

/** `AllocDiag{offset}(v, rows, cols)`. */
const allocDiag: Lowering = (g, node, [v, rows, cols]) => {
  const offset = (node.op.params as { offset: number }).offset;
  const nv = node.inputs[0]!.ndim;
  const vs = g.shapeOf(v!);
  const r = g.op('Unsqueeze', [g.cast(rows!, 'int64'), g.ints([0])], 'int64');
  const c = g.op('Unsqueeze', [g.cast(cols!, 'int64'), g.ints([0])], 'int64');
  const batch = nv > 1 ? [part(g, vs, 0, nv - 1)] : [];
  const flatShape = g.op('Concat', [...batch, g.op('Mul', [r, c], 'int64')], 'int64', { axis: 0 });
  const zero = g.constant(new NDArray(new Float64Array([0]), [], 'float64'), v!.dtype);
  const zeros = g.op('Expand', [zero, flatShape], v!.dtype);
  const idx = g.op('Expand', [diagPositions(g, part(g, vs, nv - 1, nv), c, offset), vs], 'int64');
  const flat = g.op('ScatterElements', [zeros, idx, v!], v!.dtype, { axis: nv - 1 });
  const outShape = g.op('Concat', [...batch, r, c], 'int64', { axis: 0 });
  return [g.op('Reshape', [flat, outShape], v!.dtype, { allowzero: 1 })];
};

/** The primitive creation lowerings. */
export const CREATION_LOWERINGS: { readonly [P in PrimitiveName & ('alloc' | 'arange')]: Lowering } = {
  alloc,
  arange,
};

/** The extended creation lowerings. */
export const CREATION_EXTENDED_LOWERINGS: {
  readonly [P in ExtendedOpName & ('eye' | 'tri' | 'extract_diag' | 'alloc_diag')]: Lowering;
} = {
  eye: maskOf('Equal', 'Eye', ['n', 'm']),
  tri: maskOf('GreaterOrEqual', 'Tri', ['N', 'M']),
  extract_diag: extractDiag,
  alloc_diag: allocDiag,
};
