/**
 * The reductions beyond sum/max/min → ONNX: `Prod` → `ReduceProd` (in the accumulator dtype; int64 exact and
 * wrapping by pairwise halving, see reduce-int64.ts), `Argmax` →
 * `ArgMax` (select_last_index=0: the first of ties; several axes moved last and merged; NaN made to win as
 * numpy: the first NaN's index where a slice holds one), `All` / `Any` → counts of zeros / nonzeros
 * (`ReduceSum`, so empty slices give numpy's True / False), `CumOp` → `CumSum` for add, and for mul (ONNX
 * has no cumulative product) a `ReduceProd` over a lower-triangular `Where` mask (n² work per slice),
 * `DiffOp` → two `Slice`s subtracted (its adjoint: two `Pad`s subtracted), `Median` → `TopK` of the
 * largest n/2 + 1 and the mean of the two middle ones (NaN where the slice holds NaN).
 */
import { ALL, ANY, ARGMAX, CUMOP, DIFF, MEDIAN, PROD } from '@theano-ts/core';
import type { GraphBuilder, Val } from '../builder.js';
import type { RealDType } from '../dtypes.js';
import { type Lowering, outDType } from './common.js';
import { exactInt64Reduce } from './reduce-int64.js';

/** The reduction of `x` over `axis` (null: all), keepdims=0. */
function reduceNode(g: GraphBuilder, opType: string, x: Val, axis: readonly number[] | null, dtype: RealDType): Val {
  const ins = axis === null ? [x] : [x, g.ints(axis)];
  return g.op(opType, ins, dtype, { keepdims: 0 });
}

/** The dtype a value is computed in: floats in float64, the rest in int64 (bool included). */
const wide = (d: RealDType): RealDType => (d === 'float32' || d === 'float64' ? 'float64' : 'int64');

/** `Prod{axis, acc_dtype}`: ReduceProd in the accumulator dtype. */
const prod: Lowering = (g, node, [x]) => {
  const { axis } = PROD.match(node)!;
  const out = outDType(node);
  if (axis !== null && axis.length === 0) return [g.cast(x!, out)];
  const acc = wide(x!.dtype);
  if (acc === 'int64') {
    const sizes = node.inputs[0]!.type.shape;
    return [g.cast(exactInt64Reduce(g, 'prod', g.cast(x!, acc), axis, sizes, 'Prod'), out)];
  }
  return [g.cast(reduceNode(g, 'ReduceProd', g.cast(x!, acc), axis, acc), out)];
};

/** `Argmax{axis}`: ArgMax over the last axis after the reduced axes are moved last and merged. */
const argmax: Lowering = (g, node, [x0]) => {
  const { axis } = ARGMAX.match(node)!;
  const input = node.inputs[0]!;
  const nd = input.ndim;
  const isFloat = x0!.dtype === 'float32' || x0!.dtype === 'float64';
  const k: RealDType = isFloat ? 'float64' : x0!.dtype === 'int64' ? 'int64' : 'int32';
  let x = g.cast(x0!, k);
  let ax = axis[0]!;
  if (axis.length > 1) {
    const kept = [...Array(nd).keys()].filter((d) => !axis.includes(d));
    x = g.op('Transpose', [x], k, { perm: [...kept, ...axis] });
    // Reshape: 0 copies an input dimension, -1 merges the reduced ones
    x = g.op('Reshape', [x, g.ints([...kept.map(() => 0), -1])], k);
    ax = kept.length;
  }
  const attrs = { axis: ax, keepdims: 0, select_last_index: 0 };
  let r = g.op('ArgMax', [x], 'int64', attrs);
  if (isFloat) {
    // where a slice holds NaN, the index of its first NaN (numpy's argmax)
    const nan = g.cast(g.op('IsNaN', [x], 'bool'), 'int32');
    const anyNan = g.cast(g.op('ReduceMax', [nan, g.ints([ax])], 'int32', { keepdims: 0 }), 'bool');
    r = g.op('Where', [anyNan, g.op('ArgMax', [nan], 'int64', attrs), r], 'int64');
  }
  const sizeKnown = axis.every((d) => {
    const s = input.type.shape[d];
    return typeof s === 'number' && s > 0;
  });
  if (!sizeKnown) {
    g.addCheck({
      outputs: [g.shapeOf(x0!)],
      rowLengths: [nd],
      validate: ([shape]) =>
        axis.some((d) => shape![d] === 0) ? 'Argmax: attempt to get argmax of an empty sequence' : null,
    });
  }
  return [r];
};

/** `All` / `Any`: no zero in the slice / some nonzero, counted (an empty slice gives True / False). */
const logical =
  (isAll: boolean): Lowering =>
  (g, node, [x0]) => {
    const { axis } = (isAll ? ALL : ANY).match(node)!;
    const k = wide(x0!.dtype);
    const zero = g.op('Equal', [g.cast(x0!, k), g.scalar(0, k)], 'bool');
    const counted = isAll ? zero : g.op('Not', [zero], 'bool');
    const n =
      axis !== null && axis.length === 0
        ? g.cast(counted, 'int64')
        : reduceNode(g, 'ReduceSum', g.cast(counted, 'int64'), axis, 'int64');
    return [g.op(isAll ? 'Equal' : 'Greater', [n, g.scalar(0, 'int64')], 'bool')];
  };

/** `CumOp{axis, add}` → CumSum; `CumOp{axis, mul}` → ReduceProd of the lower-triangular masked slices. */
const cumop: Lowering = (g, node, [x0]) => {
  const { axis, mode } = CUMOP.match(node)!;
  const out = outDType(node);
  const nd = node.inputs[0]!.ndim;
  const k = wide(x0!.dtype);
  const x = g.cast(x0!, k);
  if (mode === 'add') return [g.cast(g.op('CumSum', [x, g.scalar(axis, 'int64')], k), out)];
  // y[..., i] = Π_j (j ≤ i ? x[..., j] : 1), with the axis moved last
  const perm = [...[...Array(nd).keys()].filter((d) => d !== axis), axis];
  const xt = nd > 1 && axis !== nd - 1 ? g.op('Transpose', [x], k, { perm }) : x;
  const n = g.op('Gather', [g.shapeOf(x0!), g.scalar(axis, 'int64')], 'int64', { axis: 0 });
  const r = g.op('Range', [g.scalar(0, 'int64'), n, g.scalar(1, 'int64')], 'int64');
  const j = g.op('Unsqueeze', [r, g.ints([0])], 'int64');
  const i = g.op('Unsqueeze', [r, g.ints([1])], 'int64');
  const mask = g.op('LessOrEqual', [j, i], 'bool');
  const xb = g.op('Unsqueeze', [xt, g.ints([-2])], k);
  const masked = g.op('Where', [mask, xb, g.scalar(1, k)], k);
  const n0 = node.inputs[0]!.type.shape[axis] ?? null;
  let y =
    k === 'int64'
      ? exactInt64Reduce(g, 'prod', masked, [nd], [...Array(nd).fill(null), n0], 'CumOp')
      : g.op('ReduceProd', [masked, g.ints([-1])], k, { keepdims: 0 });
  if (xt !== x) {
    const inv = perm.map((_, d) => perm.indexOf(d));
    y = g.op('Transpose', [y], k, { perm: inv });
  }
  return [g.cast(y, out)];
};

/** `DiffOp{axis}`: x[1:] - x[:-1]; its adjoint: g padded before minus g padded after. */
const diff: Lowering = (g, node, [x0]) => {
  const { axis, adjoint } = DIFF.match(node)!;
  const out = outDType(node);
  const nd = node.inputs[0]!.ndim;
  const k = wide(x0!.dtype);
  const x = g.cast(x0!, k);
  if (!adjoint) {
    const big = 2 ** 62;
    const hi = g.op('Slice', [x, g.ints([1]), g.ints([big]), g.ints([axis])], k);
    const lo = g.op('Slice', [x, g.ints([0]), g.ints([-1]), g.ints([axis])], k);
    return [g.cast(g.op('Sub', [hi, lo], k), out)];
  }
  const pads = (before: number, after: number) => {
    const p = new Array<number>(2 * nd).fill(0);
    p[axis] = before;
    p[nd + axis] = after;
    return g.ints(p);
  };
  const pre = g.op('Pad', [x, pads(1, 0), g.scalar(0, k)], k);
  const app = g.op('Pad', [x, pads(0, 1), g.scalar(0, k)], k);
  return [g.cast(g.op('Sub', [pre, app], k), out)];
};

/** `Median{axis}`: the top n/2 + 1 values (descending); the middle ones are at n/2 and (n - 1)/2. */
const median: Lowering = (g, node, [x0]) => {
  const { axis } = MEDIAN.match(node)!;
  const out = outDType(node);
  const x = g.cast(x0!, 'float64');
  const n = g.op('Gather', [g.shapeOf(x0!), g.ints([axis])], 'int64', { axis: 0 });
  const two = g.scalar(2, 'int64');
  const half = g.op('Div', [n, two], 'int64');
  const k = g.op('Add', [half, g.scalar(1, 'int64')], 'int64');
  const [top] = g.emit('TopK', [x, k], ['float64', 'int64'], { axis, largest: 1, sorted: 1 });
  const lowIdx = g.op('Div', [g.op('Sub', [n, g.scalar(1, 'int64')], 'int64'), two], 'int64');
  const squeeze = (v: Val) => g.op('Squeeze', [v, g.ints([axis])], 'float64');
  const a = squeeze(g.op('Gather', [top!, half], 'float64', { axis }));
  const b = squeeze(g.op('Gather', [top!, lowIdx], 'float64', { axis }));
  let r = g.op('Mul', [g.op('Add', [a, b], 'float64'), g.scalar(0.5, 'float64')], 'float64');
  const nan = g.cast(g.op('IsNaN', [x], 'bool'), 'int32');
  const anyNan = g.cast(g.op('ReduceMax', [nan, g.ints([axis])], 'int32', { keepdims: 0 }), 'bool');
  r = g.op('Where', [anyNan, g.scalar(Number.NaN, 'float64'), r], 'float64');
  const input = node.inputs[0]!;
  const s = input.type.shape[axis];
  if (!(typeof s === 'number' && s > 0)) {
    g.addCheck({
      outputs: [g.shapeOf(x0!)],
      rowLengths: [input.ndim],
      validate: ([shape]) => (shape![axis] === 0 ? 'Median: the median of an empty slice is undefined' : null),
    });
  }
  return [g.cast(r, out)];
};

/** The lowerings of the reductions beyond sum/max/min. */
export const REDUCE_MORE_LOWERINGS = {
  prod,
  argmax,
  all: logical(true),
  any: logical(false),
  cumop,
  diff,
  median,
} as const;
