/**
 * Exact int64 sums and products, wrapping at ±2^63 as numpy does. onnxruntime's int64 `ReduceSum` and
 * `ReduceProd` kernels are not exact once a partial result passes 2^53 and saturate at ±(2^63 - 1), while its
 * int64 `CumSum`, `Add` and `Mul` are exact and wrap. So, one reduced axis at a time (the highest first, so
 * the lower axis numbers stay valid):
 * - sum: a zero padded in front of the axis, `CumSum` along it, and its last entry (`Gather` of -1): 0 for
 *   an empty axis;
 * - product: pairwise halving, x[0::2]·x[1::2] after padding an odd length with a 1, until one entry is
 *   left (ceil(log2 n) steps, n known when the graph is built, else 32 steps and a run-time check that
 *   n ≤ 2^32), then the last entry of that single (or no) entry with a 1 padded in front (1 on an empty
 *   axis; not `ReduceProd`, which rounds even a single entry through doubles).
 */
import type { GraphBuilder, Val } from '../builder.js';

/** The steps that halve an axis of length `n` down to one entry (0 or 1 entries need none). */
const halvings = (n: number): number => (n <= 1 ? 0 : Math.ceil(Math.log2(n)));

/** The halving steps used when the length is not known before the run; lengths up to 2^32 are checked. */
const UNKNOWN_STEPS = 32;

/**
 * The exact int64 sum (`'sum'`) or product (`'prod'`) of `x` (int64, `ndim` dimensions) over `axis` (null:
 * all), keepdims=0. `sizes` are the static lengths of `x`'s dimensions (null where unknown); `op` names the
 * reduction in the error of the run-time length check.
 */
export function exactInt64Reduce(
  g: GraphBuilder,
  kind: 'sum' | 'prod',
  x: Val,
  axis: readonly number[] | null,
  sizes: readonly (number | null)[],
  op: string,
): Val {
  const ndim = sizes.length;
  const axes = [...new Set((axis ?? [...Array(ndim).keys()]).map((d) => (d < 0 ? d + ndim : d)))].sort((p, q) => q - p);
  if (kind === 'prod') {
    const unknown = axes.filter((d) => sizes[d] === null || sizes[d] === undefined);
    if (unknown.length > 0) {
      g.addCheck({
        outputs: [g.shapeOf(x)],
        rowLengths: [ndim],
        validate: ([shape]) => {
          const d = unknown.find((a) => shape![a]! > 2 ** UNKNOWN_STEPS);
          return d === undefined
            ? null
            : `${op}: an int64 product over an axis longer than 2^${UNKNOWN_STEPS} (axis ${d} has length ${shape![d]})`;
        },
      });
    }
  }
  let r = x;
  for (const d of axes) r = kind === 'sum' ? sumAxis(g, r, d) : prodAxis(g, r, d, sizes[d] ?? null);
  return r;
}

/** The sum over axis `d`: CumSum of the array with a zero in front, its last entry. */
function sumAxis(g: GraphBuilder, x: Val, d: number): Val {
  const padded = g.op('Pad', [x, g.ints([1, 0]), g.scalar(0, 'int64'), g.ints([d])], 'int64');
  const cum = g.op('CumSum', [padded, g.scalar(d, 'int64')], 'int64');
  return g.op('Gather', [cum, g.scalar(-1, 'int64')], 'int64', { axis: d });
}

/** The product over axis `d` (static length `n` or null): pairwise halving, then the single entry left. */
function prodAxis(g: GraphBuilder, x: Val, d: number, n: number | null): Val {
  const steps = n === null ? UNKNOWN_STEPS : halvings(n);
  const big = g.ints([Number.MAX_SAFE_INTEGER]);
  const axisIn = g.ints([d]);
  const two = g.ints([2]);
  let r = x;
  for (let s = 0; s < steps; s++) {
    // pad an odd length with a trailing 1: pads = [0, len mod 2] on axis d
    const len = g.op('Slice', [g.shapeOf(r), g.ints([d]), g.ints([d + 1])], 'int64');
    const pads = g.op('Concat', [g.ints([0]), g.op('Mod', [len, two], 'int64')], 'int64', { axis: 0 });
    const even = g.op('Pad', [r, pads, g.scalar(1, 'int64'), axisIn], 'int64');
    const a = g.op('Slice', [even, g.ints([0]), big, axisIn, two], 'int64');
    const b = g.op('Slice', [even, g.ints([1]), big, axisIn, two], 'int64');
    r = g.op('Mul', [a, b], 'int64');
  }
  // the last entry of [1, r...]: r's single entry, or 1 for an empty axis
  const one = g.op('Pad', [r, g.ints([1, 0]), g.scalar(1, 'int64'), axisIn], 'int64');
  return g.op('Gather', [one, g.scalar(-1, 'int64')], 'int64', { axis: d });
}
