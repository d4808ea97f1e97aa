/**
 * The convolutions. ONNX `Conv` is a cross-correlation, so a flipped (true) convolution first reverses the
 * filters' rows and cols (`Slice` with step -1). Padding: explicit pads, or for 'full' / 'half' either pads
 * from the filters' static size or a `Pad` of the image computed from their run-time size.
 * - `Conv2d` → `Conv` (strides, dilations, group).
 * - `Conv2dGradInputs` → `ConvTranspose` (its weight layout is conv2d's), whose unpadded output is cut to
 *   the image: padded at the end by stride - 1 (rows no window reached), then sliced from the padding.
 * - `Conv2dGradWeights` → per group, a `Conv` of the padded image with batch and channels swapped by the
 *   output gradient (likewise swapped), strides and dilations exchanged, cut to the filter size.
 * onnxruntime has no float64 `Conv` or `ConvTranspose`: float64 takes the patch route of `conv-f64.ts`.
 */
import { type Apply, CONV2D, CONV2D_GRAD_INPUTS, CONV2D_GRAD_WEIGHTS, type ConvParams } from '@theano-ts/core';
import type { GraphBuilder, Val } from '../builder.js';
import type { Lowering } from './common.js';
import { convF64, gradInputsF64, gradWeightsF64 } from './conv-f64.js';

const INT64_MIN = -(2 ** 63);

/** `w` with its last two axes reversed. */
function flipKernel(g: GraphBuilder, w: Val): Val {
  return g.op(
    'Slice',
    [w, g.ints([-1, -1]), g.ints([INT64_MIN, INT64_MIN]), g.ints([2, 3]), g.ints([-1, -1])],
    w.dtype,
  );
}

/** The pads (rows, cols): numbers when known now, else an int64 vector computed from the kernel size `k` (2,). */
function padsOf(
  g: GraphBuilder,
  p: Readonly<ConvParams>,
  k: () => Val,
  known: readonly (number | null)[],
): number[] | Val {
  const b = p.border;
  if (b !== 'full' && b !== 'half') return [b[0], b[1]];
  const [d0, d1] = p.dilation;
  if (known[0] != null && known[1] != null) {
    const dk = [(known[0] - 1) * d0 + 1, (known[1] - 1) * d1 + 1];
    return dk.map((v) => (b === 'full' ? v - 1 : Math.floor(v / 2)));
  }
  // dk = (k - 1)·d + 1; full: dk - 1; half: dk // 2
  const dk = g.op(
    'Add',
    [g.op('Mul', [g.op('Sub', [k(), g.ints([1, 1])], 'int64'), g.ints([d0, d1])], 'int64'), g.ints([1, 1])],
    'int64',
  );
  return b === 'full' ? g.op('Sub', [dk, g.ints([1, 1])], 'int64') : g.op('Div', [dk, g.ints([2, 2])], 'int64');
}

/** `x` zero-padded by `pads` (rows, cols) on both sides of its last two axes. */
function padImage(g: GraphBuilder, x: Val, pads: Val): Val {
  const zeros = g.ints([0, 0]);
  const all = g.op('Concat', [zeros, pads, zeros, pads], 'int64', { axis: 0 });
  return g.op('Pad', [x, all], x.dtype);
}

const staticKernel = (node: Apply, input: number): (number | null)[] => node.inputs[input]!.type.shape.slice(2, 4);

const kernelOfShape = (g: GraphBuilder, w: Val) => () =>
  g.op('Slice', [g.shapeOf(w), g.ints([2]), g.ints([4])], 'int64');

/** `Conv2d(x, w)` → `Conv`. */
const conv2d: Lowering = (g, node, [x, w]) => {
  const p = CONV2D.match(node)!;
  const wk = p.filterFlip ? flipKernel(g, w!) : w!;
  const pads = padsOf(g, p, kernelOfShape(g, w!), staticKernel(node, 1));
  const attrs = { strides: [...p.subsample], dilations: [...p.dilation], group: p.groups };
  if (x!.dtype === 'float64') return [convF64(g, padImage(g, x!, asVec(g, pads)), wk, p)];
  if (Array.isArray(pads)) {
    return [g.op('Conv', [x!, wk], x!.dtype, { ...attrs, pads: [pads[0]!, pads[1]!, pads[0]!, pads[1]!] })];
  }
  return [g.op('Conv', [padImage(g, x!, pads as Val), wk], x!.dtype, attrs)];
};

/** Two int64 scalars as a vector (2,). */
function sizes(g: GraphBuilder, a: Val, b: Val): Val {
  const one = (v: Val) => g.op('Unsqueeze', [g.cast(v, 'int64'), g.ints([0])], 'int64');
  return g.op('Concat', [one(a), one(b)], 'int64', { axis: 0 });
}

const asVec = (g: GraphBuilder, pads: number[] | Val): Val => (Array.isArray(pads) ? g.ints(pads) : (pads as Val));

/** `Conv2dGradInputs(w, gz, rows, cols)` → `ConvTranspose`, cut to the image. */
const gradInputs: Lowering = (g, node, [w, gz, rows, cols]) => {
  const p = CONV2D_GRAD_INPUTS.match(node)!;
  const wk = p.filterFlip ? flipKernel(g, w!) : w!;
  if (gz!.dtype === 'float64') {
    const pads = asVec(g, padsOf(g, p, kernelOfShape(g, w!), staticKernel(node, 0)));
    const size = sizes(g, rows!, cols!);
    const padded = g.op('Add', [size, g.op('Mul', [pads, g.ints([2, 2])], 'int64')], 'int64');
    const gxp = gradInputsF64(g, wk, gz!, padded, p);
    return [g.op('Slice', [gxp, pads, g.op('Add', [pads, size], 'int64'), g.ints([2, 3])], gxp.dtype)];
  }
  const full = g.op('ConvTranspose', [gz!, wk], gz!.dtype, {
    strides: [...p.subsample],
    dilations: [...p.dilation],
    group: p.groups,
  });
  const [s0, s1] = p.subsample;
  // the rows and cols past the last window's reach (fewer than a stride) get no gradient: zeros
  const grown = s0 > 1 || s1 > 1 ? g.op('Pad', [full, g.ints([0, 0, 0, 0, 0, 0, s0 - 1, s1 - 1])], full.dtype) : full;
  const start = asVec(g, padsOf(g, p, kernelOfShape(g, w!), staticKernel(node, 0)));
  const end = g.op('Add', [start, sizes(g, rows!, cols!)], 'int64');
  return [g.op('Slice', [grown, start, end, g.ints([2, 3])], grown.dtype)];
};

/** `Conv2dGradWeights(x, gz, rows, cols)` → per group, `Conv` of the swapped image by the swapped gradient. */
const gradWeights: Lowering = (g, node, [x, gz, rows, cols]) => {
  const p = CONV2D_GRAD_WEIGHTS.match(node)!;
  const k = sizes(g, rows!, cols!);
  const known = [2, 3].map((i) => {
    const c = g.constValue(i === 2 ? rows! : cols!);
    return c ? c.item() : null;
  });
  const pads = padsOf(g, p, () => k, known);
  const xp = padImage(g, x!, asVec(g, pads));
  if (xp.dtype === 'float64') {
    const gw = gradWeightsF64(g, xp, gz!, k, p);
    return [p.filterFlip ? flipKernel(g, gw) : gw];
  }
  const n = p.groups;
  const xs = n === 1 ? [xp] : g.emit('Split', [xp], Array(n).fill(xp.dtype), { axis: 1, num_outputs: n });
  const zs = n === 1 ? [gz!] : g.emit('Split', [gz!], Array(n).fill(gz!.dtype), { axis: 1, num_outputs: n });
  const swap = (v: Val) => g.op('Transpose', [v], v.dtype, { perm: [1, 0, 2, 3] });
  const parts = xs.map((xg, i) => {
    // R[c, o, a, b] = Σ_{n,y,x} xp[n, c, a·d + y·s, b·d + x·s] · gz[n, o, y, x]
    const r = g.op('Conv', [swap(xg), swap(zs[i]!)], xp.dtype, {
      strides: [...p.dilation],
      dilations: [...p.subsample],
    });
    return swap(g.op('Slice', [r, g.ints([0, 0]), k, g.ints([2, 3])], r.dtype));
  });
  const gw = n === 1 ? parts[0]! : g.op('Concat', parts, xp.dtype, { axis: 0 });
  return [p.filterFlip ? flipKernel(g, gw) : gw];
};

/** The convolution lowerings. */
export const CONV_LOWERINGS = {
  conv2d,
  conv2d_grad_inputs: gradInputs,
  conv2d_grad_weights: gradWeights,
} as const;
