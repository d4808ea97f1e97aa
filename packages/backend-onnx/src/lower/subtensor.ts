/**
 * Indexing → ONNX. A basic view `x[idx]` is one `Slice` over its sliced axes (a negative step's bounds
 * normalized as Python does first, since ONNX clamps them differently) followed by a `Gather` with a 0-d
 * index per integer (negative counts from the end; out of range is an onnxruntime error). An advanced view
 * is a `Gather` for one index array, else `GatherND` over the indexed axes moved to the front (and the
 * result's axes put back where numpy puts them). Updating a view (`x[v] = y`, `x[v] += y`) indexes an iota
 * of x's flat positions the same way and scatters y there with `ScatterND` (reduction 'none' or 'add', so
 * repeated advanced indices accumulate). `Nonzero` is `NonZero` of `x != 0`.
 */
import {
  ADVANCED_INC_SUBTENSOR,
  ADVANCED_SUBTENSOR,
  type AdvancedSubtensorParams,
  INC_SUBTENSOR,
  type IndexEntry,
  type SlicePart,
  SUBTENSOR,
} from '@theano-ts/core';
import type { GraphBuilder, Val } from '../builder.js';
import { type Lowering, outDType } from './common.js';

/** Far beyond any axis length (ONNX clamps slice bounds to the axis). */
const BIG = 2 ** 62;

/** A 1-element int64 vector from a 0-d value. */
function one(g: GraphBuilder, v: Val): Val {
  return g.op('Reshape', [g.cast(v, 'int64'), g.ints([1])], 'int64');
}

/** The length of axis `d` of `x`, a 0-d int64. */
function axisLength(g: GraphBuilder, x: Val, d: number): Val {
  return g.op('Gather', [g.shapeOf(x), g.scalar(d, 'int64')], 'int64', { axis: 0 });
}

/**
 * ONNX Slice bounds reproducing Python's for a negative step: Python's bounds normalized into [-1, n-1],
 * then -1 start (empty) → start 0, stop 0; -1 stop (through element 0) → a very negative stop.
 */
function negativeStepBounds(g: GraphBuilder, n: Val, start: Val | null, stop: Val | null): [Val, Val] {
  const i64 = (v: number) => g.scalar(v, 'int64');
  const top = g.op('Sub', [n, i64(1)], 'int64');
  const norm = (v: Val): Val => {
    const w = g.op('Where', [g.op('Less', [v, i64(0)], 'bool'), g.op('Add', [v, n], 'int64'), v], 'int64');
    return g.op('Min', [g.op('Max', [w, i64(-1)], 'int64'), top], 'int64');
  };
  const s = start ? norm(start) : top;
  const e = stop ? norm(stop) : i64(-1);
  const sNeg = g.op('Less', [s, i64(0)], 'bool');
  const s2 = g.op('Where', [sNeg, i64(0), s], 'int64');
  const eOut = g.op('Where', [g.op('Less', [e, i64(0)], 'bool'), i64(-BIG), e], 'int64');
  return [s2, g.op('Where', [sNeg, i64(0), eOut], 'int64')];
}

/** `x[idx]` for a basic index whose scalar inputs are `scalars`. */
function lowerBasic(g: GraphBuilder, x: Val, idx: readonly IndexEntry[], scalars: readonly Val[]): Val {
  let k = 0;
  const part = (p: SlicePart): Val | number | null => (p === 'v' ? g.cast(scalars[k++]!, 'int64') : p);
  const axes: number[] = [];
  const starts: Val[] = [];
  const ends: Val[] = [];
  const steps: Val[] = [];
  const ints: { d: number; v: Val }[] = [];
  const asVal = (v: Val | number): Val => (typeof v === 'number' ? g.scalar(v, 'int64') : v);
  idx.forEach((e, d) => {
    if (e.kind === 'int') {
      ints.push({ d, v: g.cast(scalars[k++]!, 'int64') });
      return;
    }
    const start = part(e.start);
    const stop = part(e.stop);
    const step = part(e.step);
    if (start === null && stop === null && (step === null || step === 1)) return;
    const st = step ?? 1;
    let s: Val;
    let t: Val;
    if (typeof st === 'number' && st > 0) {
      s = asVal(start ?? 0);
      t = asVal(stop ?? BIG);
    } else {
      const n = axisLength(g, x, d);
      const [ns, nt] = negativeStepBounds(
        g,
        n,
        start === null ? null : asVal(start),
        stop === null ? null : asVal(stop),
      );
      if (typeof st === 'number') {
        s = ns;
        t = nt;
      } else {
        // a symbolic step: Python's bounds for either sign, chosen at run time
        const neg = g.op('Less', [st, g.scalar(0, 'int64')], 'bool');
        s = g.op('Where', [neg, ns, asVal(start ?? 0)], 'int64');
        t = g.op('Where', [neg, nt, asVal(stop ?? BIG)], 'int64');
      }
    }
    axes.push(d);
    starts.push(one(g, s));
    ends.push(one(g, t));
    steps.push(one(g, asVal(st)));
  });
  let out = x;
  if (axes.length) {
    const cat = (vs: Val[]) => (vs.length === 1 ? vs[0]! : g.op('Concat', vs, 'int64', { axis: 0 }));
    out = g.op('Slice', [out, cat(starts), cat(ends), g.ints(axes), cat(steps)], x.dtype);
  }
  for (const { d, v } of ints.reverse()) out = g.op('Gather', [out, v], x.dtype, { axis: d });
  return out;
}

/** `x[idx]` for an advanced index; `arrays` are the index arrays and `ndims` their ranks, `xndim` x's. */
function lowerAdvanced(
  g: GraphBuilder,
  x: Val,
  xndim: number,
  { idx }: AdvancedSubtensorParams,
  arrays: readonly Val[],
  ndims: readonly number[],
): Val {
  const adv: number[] = [];
  idx.forEach((e, d) => {
    if (e === 'a') adv.push(d);
  });
  if (adv.length === 1) return g.op('Gather', [x, g.cast(arrays[0]!, 'int64')], x.dtype, { axis: adv[0]! });
  const i64 = (v: number) => g.scalar(v, 'int64');
  // each index made non-negative, then all broadcast to one shape and stacked on a last axis
  const norm = arrays.map((a0, k) => {
    const a = g.cast(a0, 'int64');
    const n = axisLength(g, x, adv[k]!);
    return g.op('Where', [g.op('Less', [a, i64(0)], 'bool'), g.op('Add', [a, n], 'int64'), a], 'int64');
  });
  let zero = g.op('Mul', [norm[0]!, i64(0)], 'int64');
  for (const a of norm.slice(1)) zero = g.op('Add', [zero, g.op('Mul', [a, i64(0)], 'int64')], 'int64');
  const stacked = g.op(
    'Concat',
    norm.map((a) => g.op('Unsqueeze', [g.op('Add', [a, zero], 'int64'), g.ints([-1])], 'int64')),
    'int64',
    { axis: -1 },
  );
  const rest = Array.from({ length: xndim }, (_, d) => d).filter((d) => idx[d] !== 'a');
  const perm = [...adv, ...rest];
  const xt = perm.every((p, i) => p === i) ? x : g.op('Transpose', [x], x.dtype, { perm });
  let out = g.op('GatherND', [xt, stacked], x.dtype);
  const first = adv[0]!;
  const adjacent = adv[adv.length - 1]! - first + 1 === adv.length;
  const before = adjacent ? rest.filter((d) => d < first).length : 0;
  if (before > 0) {
    const nb = Math.max(...ndims);
    const nout = nb + rest.length;
    const p = [
      ...Array.from({ length: before }, (_, i) => nb + i),
      ...Array.from({ length: nb }, (_, i) => i),
      ...Array.from({ length: nout - nb - before }, (_, i) => nb + before + i),
    ];
    out = g.op('Transpose', [out], x.dtype, { perm: p });
  }
  return out;
}

/** `x` with `y` scattered (set or added) at the flat positions `view(iota)` picks out. */
function scatterInto(g: GraphBuilder, x: Val, y: Val, set: boolean, view: (iota: Val) => Val): Val {
  const shape = g.shapeOf(x);
  const size = g.op('Size', [x], 'int64');
  const iota = g.op(
    'Reshape',
    [g.op('Range', [g.scalar(0, 'int64'), size, g.scalar(1, 'int64')], 'int64'), shape],
    'int64',
    { allowzero: 1 }, // a shape with a 0 (an empty x) means 0, not "copy the input's dimension"
  );
  const pos = view(iota);
  const updates = g.op('Expand', [y, g.op('Shape', [pos], 'int64')], x.dtype);
  const indices = g.op('Unsqueeze', [pos, g.ints([-1])], 'int64');
  const flat = g.op('Reshape', [x, g.ints([-1])], x.dtype);
  const out = g.op('ScatterND', [flat, indices, updates], x.dtype, { reduction: set ? 'none' : 'add' });
  return g.op('Reshape', [out, shape], x.dtype, { allowzero: 1 });
}

/** `Subtensor{...}(x, scalars...)`. */
const subtensor: Lowering = (g, node, [x, ...scalars]) => [lowerBasic(g, x!, SUBTENSOR.match(node)!.idx, scalars)];

/** `IncSubtensor{Set|Inc;...}(x, y, scalars...)`. */
const incSubtensor: Lowering = (g, node, [x0, y0, ...scalars]) => {
  const { idx, set } = INC_SUBTENSOR.match(node)!;
  const out = outDType(node);
  return [scatterInto(g, g.cast(x0!, out), g.cast(y0!, out), set, (iota) => lowerBasic(g, iota, idx, scalars))];
};

/** `AdvancedSubtensor1` / `AdvancedSubtensor(x, arrays...)`. */
const advancedSubtensor: Lowering = (g, node, [x, ...arrays]) => {
  const p = ADVANCED_SUBTENSOR.match(node)!;
  const ndims = node.inputs.slice(1).map((a) => a.ndim);
  return [lowerAdvanced(g, x!, node.inputs[0]!.ndim, p, arrays, ndims)];
};

/** `AdvancedIncSubtensor{...}(x, y, arrays...)`. */
const advancedIncSubtensor: Lowering = (g, node, [x0, y0, ...arrays]) => {
  const { idx, set } = ADVANCED_INC_SUBTENSOR.match(node)!;
  const out = outDType(node);
  const ndims = node.inputs.slice(2).map((a) => a.ndim);
  const xndim = node.inputs[0]!.ndim;
  return [
    scatterInto(g, g.cast(x0!, out), g.cast(y0!, out), set, (iota) =>
      lowerAdvanced(g, iota, xndim, { idx }, arrays, ndims),
    ),
  ];
};

/** `Nonzero(x)`: NonZero of `x != 0` (onnxruntime's NonZero has no float64 kernel; NaN counts as non-zero). */
const nonzero: Lowering = (g, _node, [x]) => {
  const mask = x!.dtype === 'bool' ? x! : g.op('Not', [g.op('Equal', [x!, g.scalar(0, x!.dtype)], 'bool')], 'bool');
  return [g.op('NonZero', [mask], 'int64')];
};

/** The indexing lowerings. */
export const SUBTENSOR_LOWERINGS = {
  subtensor,
  inc_subtensor: incSubtensor,
  advanced_subtensor: advancedSubtensor,
  advanced_inc_subtensor: advancedIncSubtensor,
  nonzero,
} as const;
