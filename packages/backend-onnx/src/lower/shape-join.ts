/**
 * The shape family's joining ops → ONNX: Join as `Concat`, Split as `Split` (sizes as its input); for an
 * axis known only at run time, both work on each array seen as the matrix [P, n·Q] (P, Q: the products of
 * the sizes before and after the axis), joined or split along its axis 1 and reshaped back. BroadcastTo is
 * `Expand`, Flip `Slice` with step -1, Rebroadcast `Identity`, RepeatOp a `Gather` of the indices computed
 * from the counts (`CumSum`, `Range`), Choose a `GatherElements` over the stacked, expanded choices. Where
 * the static types leave a condition open (matching sizes, size-1 dimensions, counts, indices and axes in
 * range), a run-time check reads the sizes back and reports the error with the op (onnxruntime's own error
 * comes first where its kernel rejects the sizes: Concat, Split).
 */
import { type Apply, CHOOSE, FLIP, REBROADCAST, REPEAT, SPLIT, TensorConstant } from '@theano-ts/core';
import type { GraphBuilder, Val } from '../builder.js';
import { type Lowering, outDType, tupleString } from './common.js';
import { typedBroadcastCheck } from './elemwise.js';

/** The node's axis input (`k`) when known as the model is built (normalized), else null. */
function constAxis(g: GraphBuilder, node: Apply, k: number, v: Val, ndim: number): number | null {
  const inp = node.inputs[k]!;
  const c = inp instanceof TensorConstant ? inp.value : g.constValue(v);
  if (!c) return null;
  const a = c.item();
  return a < 0 ? a + ndim : a;
}

/**
 * A run-time axis: the normalized axis as a [1] int64 value (checked to be in range), and for an array of
 * shape `shp`, the products of the sizes before it (P) and after it (Q) as [1] values and a one-hot bool
 * mask of it: the array is then the matrix [P, n·Q] without moving data, so joining and splitting along it
 * are Concat and Split along axis 1 of those matrices.
 */
function dynamicAxis(g: GraphBuilder, a: Val, nd: number, shp: Val): { k: Val; P: Val; Q: Val; at: Val } {
  const k0 = g.op('Reshape', [g.cast(a, 'int64'), g.ints([1])], 'int64');
  const wrapped = g.op(
    'Where',
    [g.op('Less', [k0, g.ints([0])], 'bool'), g.op('Add', [k0, g.ints([nd])], 'int64'), k0],
    'int64',
  );
  // kept in range so the computation runs through, and the check below reports an axis out of range
  const k = g.op('Min', [g.op('Max', [wrapped, g.ints([0])], 'int64'), g.ints([nd - 1])], 'int64');
  g.addCheck({
    outputs: [k0],
    rowLengths: [1],
    validate: ([r], n) =>
      r![0]! < -nd || r![0]! >= nd ? `${n.op}: axis ${r![0]} is out of range for arrays of ${nd} dimensions` : null,
  });
  const ar = g.ints(Array.from({ length: nd }, (_, i) => i));
  const one = g.ints([1]);
  const prod = (mask: Val) =>
    g.op('ReduceProd', [g.op('Where', [mask, shp, one], 'int64'), g.ints([0])], 'int64', { keepdims: 1 });
  return {
    k,
    P: prod(g.op('Less', [ar, k], 'bool')),
    Q: prod(g.op('Greater', [ar, k], 'bool')),
    at: g.op('Equal', [ar, k], 'bool'),
  };
}

/** Entry `at` (a one-hot mask) of the int64 vector `v`, as a [1] value. */
function pick(g: GraphBuilder, v: Val, at: Val): Val {
  return g.op('ReduceSum', [g.op('Where', [at, v, g.ints([0])], 'int64'), g.ints([0])], 'int64', { keepdims: 1 });
}

/** Whether every size of every input is known before running. */
const allStatic = (vars: readonly { type: { shape: readonly (number | null)[] } }[]): boolean =>
  vars.every((v) => v.type.shape.every((s) => s !== null));

/** `Join(axis, ...xs)`: Concat (through [P, n·Q] matrices for an axis known only at run time), checking the other sizes agree. */
const join: Lowering = (g, node, [a, ...xs]) => {
  const out = outDType(node);
  const nd = node.inputs[1]!.ndim;
  const axis = constAxis(g, node, 0, a!, nd);
  const vals = xs.map((x) => g.cast(x!, out));
  const dyn = axis === null ? dynamicAxis(g, a!, nd, g.shapeOf(vals[0]!)) : null;
  if (!allStatic(node.inputs.slice(1)) || dyn) {
    g.addCheck({
      outputs: [dyn ? dyn.k : g.ints([axis!]), ...vals.map((v) => g.shapeOf(v))],
      rowLengths: [1, ...vals.map(() => nd)],
      validate([[ax], ...rows], n) {
        for (let k = 1; k < rows.length; k++) {
          if (rows[k]!.some((s, d) => d !== ax && s !== rows[0]![d])) {
            return `${n.op}: all the input array dimensions except for the concatenation axis ${ax} must match exactly, but input 0 has shape ${tupleString(rows[0]!)} and input ${k} has shape ${tupleString(rows[k]!)}`;
          }
        }
        return null;
      },
    });
  }
  if (!dyn) return [g.op('Concat', vals, out, { axis: axis! })];
  const sizes = vals.map((v) => pick(g, g.shapeOf(v), dyn.at));
  const mats = vals.map((v, i) =>
    g.op('Reshape', [v, g.op('Concat', [dyn.P, g.op('Mul', [sizes[i]!, dyn.Q], 'int64')], 'int64', { axis: 0 })], out, {
      allowzero: 1,
    }),
  );
  const total = sizes.reduce((p, q) => g.op('Add', [p, q], 'int64'));
  const shape = g.op('Where', [dyn.at, total, g.shapeOf(vals[0]!)], 'int64');
  return [g.op('Reshape', [g.op('Concat', mats, out, { axis: 1 }), shape], out, { allowzero: 1 })];
};

/** `Split{n}(x, axis, splits)`: Split with the sizes as its second input (on the [P, n·Q] matrix for a run-time axis). */
const split: Lowering = (g, node, [x, a, s]) => {
  const { nSplits } = SPLIT.match(node)!;
  const nd = node.inputs[0]!.ndim;
  const axis = constAxis(g, node, 1, a!, nd);
  const sizes = g.cast(s!, 'int64');
  const shp = g.shapeOf(x!);
  const dyn = axis === null ? dynamicAxis(g, a!, nd, shp) : null;
  g.addCheck({
    outputs: [dyn ? dyn.k : g.ints([axis!]), sizes, shp],
    rowLengths: [1, nSplits, nd],
    validate([[ax], sz, sh], n) {
      const total = sz!.reduce((p, v) => p + v, 0);
      if (sz!.some((v) => v < 0) || total !== sh![ax!]) {
        return `${n.op}: the split sizes (${sz!.join(', ')}) must be non-negative and add up to ${sh![ax!]}, the size of axis ${ax} of the input of shape ${tupleString(sh!)}`;
      }
      return null;
    },
  });
  const dts = node.outputs.map(() => x!.dtype);
  if (!dyn) return g.emit('Split', [x!, sizes], dts, { axis: axis! });
  const n = pick(g, shp, dyn.at);
  const mat = g.op(
    'Reshape',
    [x!, g.op('Concat', [dyn.P, g.op('Mul', [n, dyn.Q], 'int64')], 'int64', { axis: 0 })],
    x!.dtype,
    {
      allowzero: 1,
    },
  );
  const pieces = g.emit('Split', [mat, g.op('Mul', [sizes, dyn.Q], 'int64')], dts, { axis: 1 });
  return pieces.map((p, i) => {
    const size = g.op('Slice', [sizes, g.ints([i]), g.ints([i + 1])], 'int64');
    return g.op('Reshape', [p, g.op('Where', [dyn.at, size, shp], 'int64')], x!.dtype, { allowzero: 1 });
  });
};

/** `BroadcastTo(x, shape)`: Expand, checking numpy's rule and Theano's typed one. */
const broadcastTo: Lowering = (g, node, [x, s]) => {
  const xin = node.inputs[0]!;
  const shp = g.cast(s!, 'int64');
  if (!allStatic([xin, node.outputs[0]!]) && g.withChecks) {
    const n = node.inputs[1]!.type.shape[0]!;
    g.addCheck({
      outputs: [g.shapeOf(x!), shp],
      rowLengths: [Math.max(xin.ndim, 1), n],
      validate([xs0, t], nd) {
        const xs = xin.ndim === 0 ? [] : xs0!;
        const lead = t!.length - xs.length;
        for (let d = 0; d < xs.length; d++) {
          const want = t![lead + d]!;
          if (xs[d] === want) continue;
          if (xs[d] !== 1) {
            return `${nd.op}: cannot broadcast an array of shape ${tupleString(xs)} to shape ${tupleString(t!)}: dimension ${d} has size ${xs[d]}, not 1 or ${want}`;
          }
          if (!xin.broadcastable[d]) {
            return `${nd.op}: cannot broadcast an array of shape ${tupleString(xs)} to shape ${tupleString(t!)}: dimension ${d} has size 1 but its type is not broadcastable there (use T.addbroadcast)`;
          }
        }
        return null;
      },
    });
  }
  if (allStatic([xin, node.outputs[0]!])) return [g.op('Expand', [x!, shp], x!.dtype)];
  // the target where x has size 1, x's own size elsewhere: equal to the target for valid sizes, and never
  // an Expand error for invalid ones, which the check above reports with both shapes
  const lead = node.inputs[1]!.type.shape[0]! - xin.ndim;
  const xs = xin.ndim === 0 ? g.ints(new Array<number>(lead).fill(1)) : g.shapeOf(x!);
  const padded =
    lead > 0 && xin.ndim > 0 ? g.op('Concat', [g.ints(new Array<number>(lead).fill(1)), xs], 'int64', { axis: 0 }) : xs;
  const safe = g.op('Where', [g.op('Equal', [padded, g.ints([1])], 'bool'), shp, padded], 'int64');
  return [g.op('Expand', [x!, safe], x!.dtype)];
};

/** `Flip{axes}(x)`: Slice from the end with step -1. */
const flip: Lowering = (g, node, [x]) => {
  const { axes } = FLIP.match(node)!;
  const m = axes.map(() => -1);
  return [g.op('Slice', [x!, g.ints(m), g.ints(axes.map(() => -(2 ** 63))), g.ints(axes), g.ints(m)], x!.dtype)];
};

/** `Rebroadcast{pattern}(x)`: the same values; dimensions made broadcastable are checked to have size 1. */
const rebroadcast: Lowering = (g, node, [x]) => {
  const { axes } = REBROADCAST.match(node)!;
  const xin = node.inputs[0]!;
  const checked = axes.filter(([d, b]) => b && xin.type.shape[d] !== 1).map(([d]) => d);
  if (checked.length) {
    g.addCheck({
      outputs: [g.shapeOf(x!)],
      rowLengths: [xin.ndim],
      validate([shp], n) {
        const bad = checked.find((d) => shp![d] !== 1);
        return bad === undefined
          ? null
          : `${n.op}: dimension ${bad} was declared broadcastable, so it must have size 1, but the input has shape ${tupleString(shp!)}`;
      },
    });
  }
  return [g.op('Identity', [x!], x!.dtype)];
};

/** A 0-d int64 value of entry `d` of a shape. */
function dimOf(g: GraphBuilder, x: Val, d: number): Val {
  return g.op('Squeeze', [g.op('Shape', [x], 'int64', { start: d, end: d + 1 }), g.ints([0])], 'int64');
}

/** `RepeatOp{axis}(x, repeats)`: Gather along the axis of index j ↦ #{k : cumsum(repeats)[k] ≤ j}. */
const repeat: Lowering = (g, node, [x, r0]) => {
  const { axis } = REPEAT.match(node)!;
  const rIn = node.inputs[1]!;
  const r = g.cast(r0!, 'int64');
  const n = dimOf(g, x!, axis);
  const zero = g.scalar(0, 'int64');
  const negatives = g.op('ReduceSum', [g.cast(g.op('Less', [r, zero], 'bool'), 'int64')], 'int64', { keepdims: 0 });
  g.addCheck({
    outputs: [negatives, g.op('Size', [r], 'int64'), n],
    rowLengths: [1, 1, 1],
    validate([neg, size, nn], nd) {
      if (rIn.ndim === 1 && size![0] !== nn![0]) {
        return `${nd.op}: got ${size![0]} repeat counts for an axis of size ${nn![0]}: they must be equal`;
      }
      return neg![0]! > 0 ? `${nd.op}: repeat counts must be non-negative integers` : null;
    },
  });
  const counts = rIn.ndim === 0 ? g.op('Expand', [r, g.op('Unsqueeze', [n, g.ints([0])], 'int64')], 'int64') : r;
  const cum = g.op('CumSum', [counts, zero], 'int64');
  const total = g.op('ReduceSum', [counts], 'int64', { keepdims: 0 });
  const j = g.op('Range', [zero, total, g.scalar(1, 'int64')], 'int64');
  const le = g.op(
    'LessOrEqual',
    [g.op('Unsqueeze', [cum, g.ints([0])], 'int64'), g.op('Unsqueeze', [j, g.ints([1])], 'int64')],
    'bool',
  );
  const idx = g.op('ReduceSum', [g.cast(le, 'int64'), g.ints([1])], 'int64', { keepdims: 0 });
  return [g.op('Gather', [x!, idx], x!.dtype, { axis })];
};

/** `Choose(a, ...choices)`: the choices expanded to the common shape, stacked, and gathered by a. */
const choose: Lowering = (g, node, [a, ...cs]) => {
  CHOOSE.match(node);
  typedBroadcastCheck(g, node, [a!, ...cs.map((c) => c!)]);
  const out = outDType(node);
  const n = cs.length;
  // the broadcast shape, from a sum of every operand (only its shape is read)
  let acc = g.cast(a!, out);
  for (const c of cs) acc = g.compute('Add', [acc, g.cast(c!, out)], out);
  const shp = g.shapeOf(acc);
  const ai = g.cast(a!, 'int64');
  const bad = g.op(
    'ReduceSum',
    [
      g.cast(
        g.op(
          'Or',
          [
            g.op('Less', [ai, g.scalar(0, 'int64')], 'bool'),
            g.op('GreaterOrEqual', [ai, g.scalar(n, 'int64')], 'bool'),
          ],
          'bool',
        ),
        'int64',
      ),
    ],
    'int64',
    { keepdims: 0 },
  );
  g.addCheck({
    outputs: [bad],
    rowLengths: [1],
    validate: ([b], nd) =>
      b![0]! > 0
        ? `${nd.op}: invalid entry in the index array: every entry must be in [0, ${n}) for ${n} choices`
        : null,
  });
  const stacked = g.op(
    'Concat',
    cs.map((c) => g.op('Unsqueeze', [g.op('Expand', [g.cast(c!, out), shp], out), g.ints([0])], out)),
    out,
    { axis: 0 },
  );
  // clamped into range so that the run reaches the check above (GatherElements would fail first)
  const safe = g.op('Clip', [ai, g.scalar(0, 'int64'), g.scalar(Math.max(n - 1, 0), 'int64')], 'int64');
  const idx = g.op('Unsqueeze', [g.op('Expand', [safe, shp], 'int64'), g.ints([0])], 'int64');
  const picked = g.op('GatherElements', [stacked, idx], out, { axis: 0 });
  return [g.op('Squeeze', [picked, g.ints([0])], out)];
};

/** The lowerings of the joining ops. */
export const SHAPE_JOIN_LOWERINGS = {
  join,
  split,
  broadcast_to: broadcastTo,
  flip,
  rebroadcast,
  repeat,
  choose,
} as const;
