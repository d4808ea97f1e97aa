/**
 * Sorting and counting → ONNX. Orders come from `TopK` (sorted=1; equal values keep index order, as the
 * ONNX spec says), which has no rule for NaN: floats are sorted in two stable passes, first by value with
 * NaN read as +inf, then by the NaN flag, which puts NaN where numpy does (last ascending, first among the
 * largest). The permutations move values with `GatherElements`; their transposes (the gradients) with
 * `ScatterElements` (reduction add) into zeros. `Unique` is ONNX's (sorted=1, flattened). bincount scatters
 * ones (or the weights) into zeros of length max(x) + 1, searchsorted counts broadcast comparisons, one-hot
 * rows and diagonals compare `Range`s. Run-time errors (negative bincount values, classes out of range,
 * out-of-bounds gather indices) are checks read back after the run.
 */
import { promoteTypes, sortOps } from '@theano-ts/core';
import type { GraphBuilder, Val } from '../builder.js';
import type { RealDType } from '../dtypes.js';
import { type Lowering, outDType, withSignOf } from './common.js';

const { ARGSORT, BINCOUNT, SCATTER_ADD_ALONG_AXIS, SEARCHSORTED, SORT, TAKE_ALONG_AXIS, TOPK, UNIQUE } = sortOps;

const isFloat = (d: RealDType): boolean => d === 'float32' || d === 'float64';

/** The dtype TopK compares `d` in (onnxruntime's TopK: int32, int64, float32, float64). */
function topkCarrier(d: RealDType): RealDType {
  return d === 'bool' || d === 'int8' || d === 'int16' ? 'int32' : d;
}

/** `[n]` (int64): the size of `x` along `axis`. */
function sizeAlong(g: GraphBuilder, x: Val, axis: number): Val {
  return g.op('Shape', [x], 'int64', { start: axis, end: axis + 1 });
}

/** TopK's indices of `x` (k = `k`, a 1-element int64) along `axis`. */
function topkIndices(g: GraphBuilder, x: Val, k: Val, axis: number, largest: boolean): Val {
  const [, idx] = g.emit('TopK', [x, k], [x.dtype, 'int64'], { axis, largest: largest ? 1 : 0, sorted: 1 });
  return idx!;
}

/**
 * The stable order of every lane of `x0` along `axis` (int64 indices, full length): ascending with NaN last,
 * or descending with NaN first when `largest`.
 */
function order(g: GraphBuilder, x0: Val, axis: number, largest: boolean): Val {
  const x = g.cast(x0, topkCarrier(x0.dtype));
  const n = sizeAlong(g, x, axis);
  if (!isFloat(x.dtype)) return topkIndices(g, x, n, axis, largest);
  const nan = g.op('IsNaN', [x], 'bool');
  const keyed = g.op('Where', [nan, g.scalar(Number.POSITIVE_INFINITY, x.dtype), x], x.dtype);
  const byValue = topkIndices(g, keyed, n, axis, largest);
  // second pass on the NaN flag (stable: the value order survives within each group)
  const flag = g.op('GatherElements', [g.cast(nan, 'float32'), byValue], 'float32', { axis });
  const byFlag = topkIndices(g, flag, n, axis, largest);
  return g.op('GatherElements', [byValue, byFlag], 'int64', { axis });
}

/** `SortOp`. */
const sort: Lowering = (g, node, [x]) => {
  const { axis } = SORT.match(node)!;
  return [g.op('GatherElements', [x!, order(g, x!, axis, false)], x!.dtype, { axis })];
};

/** `ArgSortOp`. */
const argsort: Lowering = (g, node, [x]) => {
  const { axis } = ARGSORT.match(node)!;
  return [order(g, x!, axis, false)];
};

/** `TopKOp`: the first |kth| of the full stable order (descending for kth > 0), values gathered. */
const topk: Lowering = (g, node, [x]) => {
  const { axis, kth, idxDtype } = TOPK.match(node)!;
  const k = Math.abs(kth);
  const n = node.inputs[0]!.type.shape[axis];
  if (typeof n !== 'number') {
    g.addCheck({
      outputs: [sizeAlong(g, x!, axis)],
      rowLengths: [1],
      validate: ([row]) =>
        row![0]! < k ? `TopKOp: |kth| = ${k} is larger than the size ${row![0]} of axis ${axis}` : null,
    });
  }
  const c = g.cast(x!, topkCarrier(x!.dtype));
  const idx = isFloat(c.dtype)
    ? g.op('Slice', [order(g, c, axis, kth > 0), g.ints([0]), g.ints([k]), g.ints([axis])], 'int64')
    : topkIndices(g, c, g.ints([k]), axis, kth > 0);
  return [g.op('GatherElements', [x!, idx], x!.dtype, { axis }), g.cast(idx, idxDtype as RealDType)];
};

/**
 * `Unique`: ONNX Unique (sorted) on the flattened input or along the axis, in a dtype onnxruntime's kernel
 * takes. onnxruntime's kernel neither merges NaNs nor orders them, so a float input is keyed first: each
 * element becomes the pair (value with NaN read as +inf, NaN flag), the pairs laid out as the rows of a
 * matrix that Unique runs on along axis 0 (lexicographic: NaN after +inf, all NaNs equal, as the reference
 * backend and numpy's flattened unique), and the values are read back from the pairs.
 */
const unique: Lowering = (g, node, [x]) => {
  const flags = UNIQUE.match(node)!;
  const float = isFloat(x!.dtype);
  const carrier: RealDType = float ? 'float64' : 'int64';
  const c = g.cast(x!, carrier);
  const push = (y: Val, first: Val, inverse: Val, counts: Val): Val[] => {
    const outs = [g.cast(y, x!.dtype)];
    if (flags.returnIndex) outs.push(first);
    if (flags.returnInverse) outs.push(inverse);
    if (flags.returnCounts) outs.push(counts);
    return outs;
  };
  if (!float) {
    const input = flags.axis === null ? g.op('Reshape', [c, g.ints([-1])], carrier) : c;
    const attrs: Record<string, number> = flags.axis === null ? { sorted: 1 } : { sorted: 1, axis: flags.axis };
    const [y, first, inverse, counts] = g.emit('Unique', [input], [carrier, 'int64', 'int64', 'int64'], attrs);
    return push(y!, first!, inverse!, counts!);
  }
  // the slices along the axis as the rows of an (n, r) matrix (the flattened input: r = 1)
  const nd = node.inputs[0]!.ndim;
  const axis = flags.axis;
  const perm = axis === null ? [] : [axis, ...Array.from({ length: nd }, (_, i) => i).filter((i) => i !== axis)];
  const moved = axis === null || axis === 0 ? c : g.op('Transpose', [c], carrier, { perm });
  // explicit sizes with allowzero (empty inputs reshape too)
  const reshape = (v: Val, dims: Val[]) =>
    g.op('Reshape', [v, g.op('Concat', dims, 'int64', { axis: 0 })], carrier, { allowzero: 1 });
  const n = axis === null ? g.op('Size', [c], 'int64') : g.op('Shape', [moved], 'int64', { start: 0, end: 1 });
  const n1 = axis === null ? g.op('Reshape', [n, g.ints([1])], 'int64') : n;
  const r =
    axis === null
      ? g.ints([1])
      : g.op('ReduceProd', [g.op('Shape', [moved], 'int64', { start: 1 })], 'int64', { keepdims: 1 });
  const rows = reshape(moved, [n1, r]);
  const nan = g.op('IsNaN', [rows], 'bool');
  const keyed = g.op('Where', [nan, g.scalar(Number.POSITIVE_INFINITY, carrier), rows], carrier);
  const pairs = g.op(
    'Concat',
    [g.op('Unsqueeze', [keyed, g.ints([2])], carrier), g.op('Unsqueeze', [g.cast(nan, carrier), g.ints([2])], carrier)],
    carrier,
    { axis: 2 },
  );
  const input = reshape(pairs, [n1, g.op('Mul', [r, g.ints([2])], 'int64')]);
  const [y2, first, inverse, counts] = g.emit('Unique', [input], [carrier, 'int64', 'int64', 'int64'], {
    sorted: 1,
    axis: 0,
  });
  const u = g.op('Shape', [y2!], 'int64', { start: 0, end: 1 });
  const y3 = reshape(y2!, [u, r, g.ints([2])]);
  const key = g.op('Squeeze', [g.op('Gather', [y3, g.ints([0])], carrier, { axis: 2 }), g.ints([2])], carrier);
  const flag = g.op('Squeeze', [g.op('Gather', [y3, g.ints([1])], carrier, { axis: 2 }), g.ints([2])], carrier);
  const vals = g.op('Where', [g.cast(flag, 'bool'), g.scalar(Number.NaN, carrier), key], carrier);
  if (axis === null) return push(reshape(vals, [u]), first!, inverse!, counts!);
  // back to the moved shape (u, the other sizes), then the axis back in place
  const shaped = reshape(vals, [u, g.op('Shape', [moved], 'int64', { start: 1 })]);
  const inv = perm.map((_, i) => perm.indexOf(i));
  const y = axis === 0 ? shaped : g.op('Transpose', [shaped], carrier, { perm: inv });
  return push(y, first!, inverse!, counts!);
};

/** A run-time check that every value of the int64 vector `v` is ≥ 0 (`message` for the smallest one). */
function checkNonNegative(g: GraphBuilder, v: Val, message: (least: number) => string): void {
  const least = g.op('ReduceMin', [g.op('Concat', [v, g.ints([0])], 'int64', { axis: 0 })], 'int64', {
    keepdims: 0,
  });
  g.addCheck({ outputs: [least], rowLengths: [1], validate: ([row]) => (row![0]! < 0 ? message(row![0]!) : null) });
}

/** Zeros of `dtype` shaped by the int64 vector `shape`. */
function zerosOf(g: GraphBuilder, shape: Val, dtype: RealDType): Val {
  return g.op('Expand', [g.scalar(0, dtype), shape], dtype);
}

/** The dtype ScatterElements adds in. */
function scatterCarrier(d: RealDType): RealDType {
  return isFloat(d) ? d : 'int64';
}

/** `BinCountOp`: ones (or the weights) scattered with reduction add into zeros of length max(max(x) + 1, minlength). */
const bincount: Lowering = (g, node, [x0, w]) => {
  const { minlength } = BINCOUNT.match(node)!;
  const out = outDType(node);
  const x = g.cast(x0!, 'int64');
  checkNonNegative(g, x, (least) => `BinCountOp: x must hold non-negative integers, found ${least}`);
  const top = g.op('ReduceMax', [g.op('Concat', [x, g.ints([-1])], 'int64', { axis: 0 })], 'int64', { keepdims: 1 });
  const len = g.op('Max', [g.op('Add', [top, g.ints([1])], 'int64'), g.ints([minlength ?? 0])], 'int64');
  const acc = scatterCarrier(w ? w.dtype : out);
  const updates = w ? g.cast(w, acc) : g.op('Expand', [g.scalar(1, acc), g.shapeOf(x)], acc);
  const r = g.op('ScatterElements', [zerosOf(g, len, acc), x, updates], acc, { axis: 0, reduction: 'add' });
  return [g.cast(r, out)];
};

/** numpy's `a < b` with NaN after every number (bool, broadcast). */
function before(g: GraphBuilder, a: Val, b: Val): Val {
  const lt = g.op('Less', [a, b], 'bool');
  if (!isFloat(a.dtype)) return lt;
  const bNan = g.op('IsNaN', [b], 'bool');
  const aNum = g.op('Not', [g.op('IsNaN', [a], 'bool')], 'bool');
  return g.op('Or', [lt, g.op('And', [bNan, aNum], 'bool')], 'bool');
}

/** `SearchsortedOp`: per value, the number of elements of a before it (left) or not after it (right). */
const searchsorted: Lowering = (g, node, [a0, v0, sorter]) => {
  const { side } = SEARCHSORTED.match(node)!;
  const nd = node.inputs[1]!.ndim;
  let d = promoteTypes(node.inputs[0]!.dtype, node.inputs[1]!.dtype) as RealDType;
  if (d === 'bool' || d === 'int8' || d === 'int16') d = 'int32';
  let a = g.cast(a0!, d);
  if (sorter) {
    // a sorter shorter than a would silently search a prefix: the reference backend's error instead
    g.addCheck({
      outputs: [g.shapeOf(a0!), g.shapeOf(sorter)],
      rowLengths: [1, 1],
      validate: ([na, ns]) =>
        na![0] !== ns![0]
          ? `SearchsortedOp: sorter of shape (${ns![0]},) does not match a of shape (${na![0]},)`
          : null,
    });
    a = g.op('Gather', [a, g.cast(sorter, 'int64')], d, { axis: 0 });
  }
  const v = g.op('Unsqueeze', [g.cast(v0!, d), g.ints([nd])], d);
  const hit = side === 'left' ? before(g, a, v) : g.op('Not', [before(g, v, a)], 'bool');
  return [g.op('ReduceSum', [g.cast(hit, 'int64'), g.ints([nd])], 'int64', { keepdims: 0 })];
};

/** `Range(0, n)` (int64) for the int64 scalar n. */
function range(g: GraphBuilder, n: Val): Val {
  return g.op('Range', [g.scalar(0, 'int64'), n, g.scalar(1, 'int64')], 'int64');
}

/** `ToOneHot`: y[:, None] == arange(nb_class), with a check that every class is in range. */
const toOneHot: Lowering = (g, node, [y0, nb0]) => {
  const y = g.cast(y0!, 'int64');
  const nb = g.cast(nb0!, 'int64');
  const least = g.op('ReduceMin', [g.op('Concat', [y, g.ints([0])], 'int64', { axis: 0 })], 'int64', { keepdims: 1 });
  const top = g.op('ReduceMax', [g.op('Concat', [y, g.ints([-1])], 'int64', { axis: 0 })], 'int64', { keepdims: 1 });
  g.addCheck({
    outputs: [least, top, g.op('Reshape', [nb, g.ints([1])], 'int64')],
    rowLengths: [1, 1, 1],
    validate: ([lo, hi, n]) =>
      lo![0]! < 0 || hi![0]! >= n![0]!
        ? `to_one_hot: class ${lo![0]! < 0 ? lo![0] : hi![0]} is out of range for nb_class=${n![0]}`
        : null,
  });
  const eq = g.op('Equal', [g.op('Unsqueeze', [y, g.ints([1])], 'int64'), range(g, nb)], 'bool');
  return [g.cast(eq, outDType(node))];
};

/** The index of dimension `d` of `x` as an int64 tensor of rank `nd`, varying along `d` only. */
function axisIndex(g: GraphBuilder, x: Val, d: number, nd: number): Val {
  const n = g.op('Squeeze', [sizeAlong(g, x, d), g.ints([0])], 'int64');
  const others = Array.from({ length: nd }, (_, k) => k).filter((k) => k !== d);
  return g.op('Unsqueeze', [range(g, n), g.ints(others)], 'int64');
}

/**
 * `a` with `val` where `mask` holds (Where, in a dtype onnxruntime's Where takes). onnxruntime's Where turns
 * a selected -0 of the scalar `val` into +0, so a float `val` that may be -0 gets its sign back from a second
 * Where on 1/val (±inf for ±0, which Where keeps).
 */
function fillWhere(g: GraphBuilder, a: Val, val0: Val, mask: Val): Val {
  const c: RealDType = a.dtype === 'bool' || a.dtype === 'int8' || a.dtype === 'int16' ? 'int32' : a.dtype;
  const val = g.cast(val0, c);
  const filled = g.op('Where', [mask, val, g.cast(a, c)], c);
  const known = g.constValue(val);
  const mayBeNegZero = isFloat(c) && (!known || Object.is(known.toFloat64()[0], -0));
  if (!mayBeNegZero) return g.cast(filled, a.dtype);
  const signs = g.op('Where', [mask, g.op('Div', [g.scalar(1, c), val], c), g.cast(a, c)], c);
  return g.cast(withSignOf(g, filled, signs), a.dtype);
}

/** `FillDiagonal`: where every index equals the first (n-d: all sizes must be equal, checked at run time). */
const fillDiagonal: Lowering = (g, node, [a, val]) => {
  const nd = node.inputs[0]!.ndim;
  const i0 = axisIndex(g, a!, 0, nd);
  let mask: Val | null = null;
  for (let d = 1; d < nd; d++) {
    const e = g.op('Equal', [i0, axisIndex(g, a!, d, nd)], 'bool');
    mask = mask ? g.op('And', [mask, e], 'bool') : e;
  }
  if (nd > 2) {
    g.addCheck({
      outputs: [g.shapeOf(a!)],
      rowLengths: [nd],
      validate: ([s]) =>
        s!.some((n) => n !== s![0])
          ? `FillDiagonal: all dimensions of a must be equal beyond 2-d, got shape (${s!.join(', ')})`
          : null,
    });
  }
  return [fillWhere(g, a!, val!, mask!)];
};

/** `FillDiagonalOffset`: where column = row + offset. */
const fillDiagonalOffset: Lowering = (g, _node, [a, val, offset]) => {
  const rows = g.op('Add', [axisIndex(g, a!, 0, 2), g.cast(offset!, 'int64')], 'int64');
  const mask = g.op('Equal', [rows, axisIndex(g, a!, 1, 2)], 'bool');
  return [fillWhere(g, a!, val!, mask)];
};

/** A check that the int64 indices `idx` lie in [0, size of `x` along `axis`). */
function checkIndices(g: GraphBuilder, op: string, idx: Val, x: Val, axis: number): void {
  const flat = g.op('Reshape', [idx, g.ints([-1])], 'int64');
  const lo = g.op('ReduceMin', [g.op('Concat', [flat, g.ints([0])], 'int64', { axis: 0 })], 'int64', { keepdims: 1 });
  const hi = g.op('ReduceMax', [g.op('Concat', [flat, g.ints([-1])], 'int64', { axis: 0 })], 'int64', {
    keepdims: 1,
  });
  g.addCheck({
    outputs: [lo, hi, sizeAlong(g, x, axis)],
    rowLengths: [1, 1, 1],
    validate: ([l, h, n]) =>
      l![0]! < 0 || h![0]! >= n![0]!
        ? `${op}: index ${l![0]! < 0 ? l![0] : h![0]} is out of bounds for axis ${axis} with size ${n![0]}`
        : null,
  });
}

/** `TakeAlongAxis`: GatherElements. */
const takeAlongAxis: Lowering = (g, node, [x, idx0]) => {
  const { axis } = TAKE_ALONG_AXIS.match(node)!;
  const idx = g.cast(idx0!, 'int64');
  checkIndices(g, 'TakeAlongAxis', idx, x!, axis);
  return [g.op('GatherElements', [x!, idx], x!.dtype, { axis })];
};

/** `ScatterAddAlongAxis`: ScatterElements (reduction add) into zeros shaped like the first input. */
const scatterAddAlongAxis: Lowering = (g, node, [like, y, idx0]) => {
  const { axis } = SCATTER_ADD_ALONG_AXIS.match(node)!;
  const out = outDType(node);
  const idx = g.cast(idx0!, 'int64');
  checkIndices(g, 'ScatterAddAlongAxis', idx, like!, axis);
  const acc = scatterCarrier(out);
  const r = g.op('ScatterElements', [zerosOf(g, g.shapeOf(like!), acc), idx, g.cast(y!, acc)], acc, {
    axis,
    reduction: 'add',
  });
  return [g.cast(r, out)];
};

/** The sort family's lowerings. */
export const SORT_LOWERINGS: { readonly [P in keyof typeof sortOps.SORT_PRIMITIVES]: Lowering } = {
  sort,
  argsort,
  topk,
  unique,
  bincount,
  searchsorted,
  to_one_hot: toOneHot,
  fill_diagonal: fillDiagonal,
  fill_diagonal_offset: fillDiagonalOffset,
  take_along_axis: takeAlongAxis,
  scatter_add_along_axis: scatterAddAlongAxis,
};
