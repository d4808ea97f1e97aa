/**
 * The shape family's joining ops → ONNX: Join as `Concat`, Split as `Split` (sizes as its input),
 * BroadcastTo as `Expand`, Flip as `Slice` with step -1, Rebroadcast as `Identity`, RepeatOp as `Gather` of
 * indices computed from the counts (`CumSum`, `Range`), Choose as `GatherElements` over the stacked,
 * expanded choices. Where the static types leave a condition open (matching sizes, size-1 dimensions,
 * counts, indices in range), a run-time check reads the sizes back and reports the error with the op.
 */
import { type Apply, CHOOSE, FLIP, REBROADCAST, REPEAT, SPLIT, TensorConstant } from '@theano-ts/core';
import type { GraphBuilder, Val } from '../builder.js';
import { type Lowering, outDType, tupleString } from './common.js';
import { typedBroadcastCheck } from './elemwise.js';

/** The node's axis input (`k`), which must be known when the model is built (ONNX takes axes as attributes). */
function constAxis(g: GraphBuilder, node: Apply, k: number, v: Val, ndim: number): number {
  const inp = node.inputs[k]!;
  const c = inp instanceof TensorConstant ? inp.value : g.constValue(v);
  if (!c) {
    throw new Error(
      `onnx: ${node.op}: the axis ${inp} is computed at run time, but ONNX's ${node.op.name === 'join' ? 'Concat' : 'Split'} takes it as an attribute; use a constant axis`,
    );
  }
  const a = c.item();
  return a < 0 ? a + ndim : a;
}

/** Whether every size of every input is known before running. */
const allStatic = (vars: readonly { type: { shape: readonly (number | null)[] } }[]): boolean =>
  vars.every((v) => v.type.shape.every((s) => s !== null));

/** `Join(axis, ...xs)`: Concat, checking the other sizes agree. */
const join: Lowering = (g, node, [a, ...xs]) => {
  const out = outDType(node);
  const nd = node.inputs[1]!.ndim;
  const axis = constAxis(g, node, 0, a!, nd);
  const vals = xs.map((x) => g.cast(x!, out));
  if (!allStatic(node.inputs.slice(1))) {
    g.addCheck({
      outputs: vals.map((v) => g.shapeOf(v)),
      rowLengths: vals.map(() => nd),
      validate(rows, n) {
        for (let k = 1; k < rows.length; k++) {
          if (rows[k]!.some((s, d) => d !== axis && s !== rows[0]![d])) {
            return `${n.op}: all the input array dimensions except for the concatenation axis ${axis} must match exactly, but input 0 has shape ${tupleString(rows[0]!)} and input ${k} has shape ${tupleString(rows[k]!)}`;
          }
        }
        return null;
      },
    });
  }
  return [g.op('Concat', vals, out, { axis })];
};

/** `Split{n}(x, axis, splits)`: Split with the sizes as its second input. */
const split: Lowering = (g, node, [x, a, s]) => {
  const { nSplits } = SPLIT.match(node)!;
  const nd = node.inputs[0]!.ndim;
  const axis = constAxis(g, node, 1, a!, nd);
  const sizes = g.cast(s!, 'int64');
  g.addCheck({
    outputs: [sizes, g.shapeOf(x!)],
    rowLengths: [nSplits, nd],
    validate([sz, shp], n) {
      const total = sz!.reduce((p, v) => p + v, 0);
      if (sz!.some((v) => v < 0) || total !== shp![axis]) {
        return `${n.op}: the split sizes (${sz!.join(', ')}) must be non-negative and add up to ${shp![axis]}, the size of axis ${axis} of the input of shape ${tupleString(shp!)}`;
      }
      return null;
    },
  });
  return g.emit(
    'Split',
    [x!, sizes],
    node.outputs.map(() => x!.dtype),
    { axis },
  );
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
  return [g.op('Expand', [x!, shp], x!.dtype)];
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
  const idx = g.op('Unsqueeze', [g.op('Expand', [ai, shp], 'int64'), g.ints([0])], 'int64');
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
