/**
 * 2-D convolution (Theano's `AbstractConv2d` and its two gradients) on NCHW images and filters of shape
 * (out channels, in channels / groups, rows, cols): `Conv2d`, `Conv2dGradInputs` (the gradient with respect
 * to the image, also the transposed convolution) and `Conv2dGradWeights` (the gradient with respect to the
 * filters). Each is linear in each of its tensor inputs, so each one's gradient is another of the three.
 * The gradient ops take the spatial size they produce as two int64 scalar inputs (Theano's `shape`).
 */
import { isFloatDType, isIntDType } from '../dtype.js';
import { applyOp, Op } from '../graph/apply.js';
import { asTensorVariable, constant } from '../graph/constant.js';
import { TensorConstant, type TensorLike, type TensorVariable } from '../graph/variable.js';
import * as PC from '../perform/conv.js';
import { type StaticShape, TensorType } from '../type.js';
import { add, intDiv, mul, sub } from './elemwise.js';
import { defineOp } from './op-def.js';
import { shapeI } from './shape.js';

/** The parameters of the convolution ops (the border already resolved to explicit pads where it can be). */
export type ConvParams = PC.ConvGeometryParams;

const isPosInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;
const isNatural = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

function checkParams(label: string, p: Readonly<ConvParams>): void {
  const b = p.border;
  if (b !== 'full' && b !== 'half' && !(Array.isArray(b) && b.length === 2 && b.every(isNatural))) {
    throw new TypeError(
      `${label}: border must be 'full', 'half' or two non-negative integers, got ${JSON.stringify(b)}`,
    );
  }
  for (const [k, v] of [
    ['subsample', p.subsample],
    ['dilation', p.dilation],
  ] as const) {
    if (!(Array.isArray(v) && v.length === 2 && v.every(isPosInt))) {
      throw new TypeError(`${label}: ${k} must be two positive integers, got ${JSON.stringify(v)}`);
    }
  }
  if (!isPosInt(p.groups)) throw new TypeError(`${label}: groups must be a positive integer, got ${p.groups}`);
}

function check4d(label: string, what: string, v: TensorVariable, layout: string): void {
  if (v.ndim !== 4) throw new TypeError(`${label}: ${what} must be 4-d ${layout}, got ${v} (${v.type})`);
  if (!isFloatDType(v.dtype)) throw new TypeError(`${label}: ${what} must be float32 or float64, got ${v.dtype}`);
}

function checkSameDType(label: string, a: TensorVariable, b: TensorVariable, what: string): void {
  if (a.dtype !== b.dtype) {
    throw new TypeError(`${label}: ${what} must have the same dtype, got ${a.dtype} and ${b.dtype}`);
  }
}

function checkSizeScalar(label: string, what: string, v: TensorVariable): void {
  if (v.ndim !== 0 || !isIntDType(v.dtype)) {
    throw new TypeError(`${label}: ${what} must be an integer scalar, got ${v} (${v.type})`);
  }
}

/** The value of a constant size input; null when it is symbolic. */
function knownSize(v: TensorVariable): number | null {
  return v instanceof TensorConstant ? v.value.item() : null;
}

/** The static channel checks: image channels = filter channels × groups; groups divide the out channels. */
function checkChannels(label: string, c: number | null, o: number | null, cg: number | null, groups: number): void {
  if (c !== null && cg !== null && c !== cg * groups) {
    throw new TypeError(
      `${label}: the image has ${c} channels, the filters expect ${cg} per group × ${groups} group(s) = ${cg * groups}`,
    );
  }
  if (c !== null && c % groups !== 0) {
    throw new TypeError(`${label}: ${groups} groups do not divide the image's ${c} channels`);
  }
  if (o !== null && o % groups !== 0) {
    throw new TypeError(`${label}: ${groups} groups do not divide the filters' ${o} output channels`);
  }
}

/** The static output size along one spatial axis, where the image and filter sizes are known. */
function staticOut(p: Readonly<ConvParams>, axis: 0 | 1, size: number | null, k: number | null): number | null {
  if (size === null || k === null) return null;
  const pad = PC.convPads(p.border, k, k, p.dilation)[axis];
  return PC.convOutSize(size, k, pad, p.subsample[axis], p.dilation[axis]);
}

/** The symbolic output size along spatial axis `axis`: `(size + 2·pad - dilated kernel) // stride + 1`. */
function symbolicOut(p: Readonly<ConvParams>, axis: 0 | 1, size: TensorVariable, k: TensorVariable): TensorVariable {
  const d = p.dilation[axis];
  const dk = add(mul(sub(k, 1), d), 1);
  const b = p.border;
  const pad: TensorLike = b === 'full' ? sub(dk, 1) : b === 'half' ? intDiv(dk, 2) : b[axis];
  return add(intDiv(sub(add(size, mul(pad, 2)), dk), p.subsample[axis]), 1);
}

function formatParams(name: string, p: Readonly<ConvParams>): string {
  const b = p.border;
  const border = b === 'full' || b === 'half' ? `'${b}'` : b[0] === 0 && b[1] === 0 ? "'valid'" : `(${b[0]}, ${b[1]})`;
  const pair = (v: readonly [number, number]) => `(${v[0]}, ${v[1]})`;
  return (
    `${name}{border_mode=${border}, subsample=${pair(p.subsample)}, filter_flip=${p.filterFlip ? 'True' : 'False'}, ` +
    `filter_dilation=${pair(p.dilation)}, num_groups=${p.groups}}`
  );
}

/** `Conv2d`: inputs (image, filters) → the convolution. */
export const CONV2D = defineOp<ConvParams>({
  name: 'conv2d',
  family: 'nnet',
  inferTypes([x, w], p) {
    const label = 'conv2d';
    checkParams(label, p);
    check4d(label, 'input', x!, '(batch, channels, rows, cols)');
    check4d(label, 'filters', w!, '(output channels, input channels / groups, rows, cols)');
    checkSameDType(label, x!, w!, 'input and filters');
    const xs = x!.type.shape;
    const ws = w!.type.shape;
    checkChannels(label, xs[1]!, ws[0]!, ws[1]!, p.groups);
    const shape: StaticShape = [xs[0]!, ws[0]!, staticOut(p, 0, xs[2]!, ws[2]!), staticOut(p, 1, xs[3]!, ws[3]!)];
    return [TensorType.fromShape(x!.dtype, shape)];
  },
  grad([x, w], _z, [gz], p) {
    if (!gz) return [null, null];
    return [
      conv2dGradInputsOp(w!, gz, shapeI(x!, 2), shapeI(x!, 3), p),
      conv2dGradWeightsOp(x!, gz, shapeI(w!, 2), shapeI(w!, 3), p),
    ];
  },
  format: (p) => formatParams('AbstractConv2d', p),
  perform: ([x, w], p, node) => [PC.conv2d(x!, w!, p, node.outputs[0]!.dtype)],
  inferShape(node, _out, axis, dim, p) {
    const known = node.outputs[0]!.type.shape[axis];
    if (typeof known === 'number') return known;
    if (axis === 0) return dim(0, 0);
    if (axis === 1) return dim(1, 0);
    const a = (axis - 2) as 0 | 1;
    return symbolicOut(p, a, dim(0, axis), dim(1, axis));
  },
});

/** `Conv2dGradInputs`: inputs (filters, output gradient, rows, cols) → the gradient with respect to the image. */
export const CONV2D_GRAD_INPUTS = defineOp<ConvParams>({
  name: 'conv2d_grad_inputs',
  family: 'nnet',
  inferTypes([w, gz, rows, cols], p) {
    const label = 'conv2dGradInputs';
    checkParams(label, p);
    check4d(label, 'filters', w!, '(output channels, input channels / groups, rows, cols)');
    check4d(label, 'the output gradient', gz!, '(batch, output channels, rows, cols)');
    checkSameDType(label, w!, gz!, 'filters and output gradient');
    checkSizeScalar(label, 'rows', rows!);
    checkSizeScalar(label, 'cols', cols!);
    const ws = w!.type.shape;
    const zs = gz!.type.shape;
    if (ws[0] !== null && zs[1] !== null && ws[0] !== zs[1]) {
      throw new TypeError(`${label}: the filters have ${ws[0]} output channels, the output gradient ${zs[1]}`);
    }
    checkChannels(label, null, ws[0]!, ws[1]!, p.groups);
    const c = ws[1] === null ? null : ws[1]! * p.groups;
    return [TensorType.fromShape(w!.dtype, [zs[0]!, c, knownSize(rows!), knownSize(cols!)])];
  },
  grad([w, gz], _o, [g], p) {
    if (!g) return [null, null, null, null];
    // gx = A_wᵀ gz is linear in w and in gz: <g, gx> = <conv2d(g, w), gz>
    return [conv2dGradWeightsOp(g, gz!, shapeI(w!, 2), shapeI(w!, 3), p), applyConv(g, w!, p), null, null];
  },
  connection: () => [true, true, false, false],
  format: (p) => formatParams('AbstractConv2d_gradInputs', p),
  perform: ([w, gz, rows, cols], p, node) => [
    PC.conv2dGradInputs(w!, gz!, rows!.item(), cols!.item(), p, node.outputs[0]!.dtype),
  ],
  inferShape(node, _out, axis, dim, p) {
    const known = node.outputs[0]!.type.shape[axis];
    if (typeof known === 'number') return known;
    if (axis === 0) return dim(1, 0);
    if (axis === 1) return mul(dim(0, 1), p.groups);
    return node.inputs[axis]!;
  },
});

/** `Conv2dGradWeights`: inputs (image, output gradient, rows, cols) → the gradient with respect to the filters. */
export const CONV2D_GRAD_WEIGHTS = defineOp<ConvParams>({
  name: 'conv2d_grad_weights',
  family: 'nnet',
  inferTypes([x, gz, rows, cols], p) {
    const label = 'conv2dGradWeights';
    checkParams(label, p);
    check4d(label, 'input', x!, '(batch, channels, rows, cols)');
    check4d(label, 'the output gradient', gz!, '(batch, output channels, rows, cols)');
    checkSameDType(label, x!, gz!, 'input and output gradient');
    checkSizeScalar(label, 'rows', rows!);
    checkSizeScalar(label, 'cols', cols!);
    const xs = x!.type.shape;
    const zs = gz!.type.shape;
    checkChannels(label, xs[1]!, zs[1]!, null, p.groups);
    const cg = xs[1] === null ? null : xs[1]! / p.groups;
    return [TensorType.fromShape(x!.dtype, [zs[1]!, cg, knownSize(rows!), knownSize(cols!)])];
  },
  grad([x, gz], _o, [g], p) {
    if (!g) return [null, null, null, null];
    // gw is bilinear in x and gz: <g, gw> = <gz, conv2d(x, g)>
    return [conv2dGradInputsOp(g, gz!, shapeI(x!, 2), shapeI(x!, 3), p), applyConv(x!, g, p), null, null];
  },
  connection: () => [true, true, false, false],
  format: (p) => formatParams('AbstractConv2d_gradWeights', p),
  perform: ([x, gz, rows, cols], p, node) => [
    PC.conv2dGradWeights(x!, gz!, rows!.item(), cols!.item(), p, node.outputs[0]!.dtype),
  ],
  inferShape(node, _out, axis, dim, p) {
    const known = node.outputs[0]!.type.shape[axis];
    if (typeof known === 'number') return known;
    if (axis === 0) return dim(1, 1);
    if (axis === 1) return intDiv(dim(0, 1), p.groups);
    return node.inputs[axis]!;
  },
});

/**
 * `conv2dOp(x, w, params)`: a `Conv2d` node on images `x` and filters `w` with the parameters as given, unchecked
 * (`T.nnet.conv2d` is the checked user form).
 */
function applyConv(x: TensorVariable, w: TensorVariable, p: Readonly<ConvParams>): TensorVariable {
  return applyOp(new Op(CONV2D, p), [x, w]).outputs[0]!;
}

function sizeVar(v: TensorLike): TensorVariable {
  return typeof v === 'number' ? constant(v, { dtype: 'int64' }) : asTensorVariable(v, 'conv2d size');
}

/** `Conv2dGradInputs(w, gz, rows, cols)` with these parameters. */
export function conv2dGradInputsOp(
  w: TensorVariable,
  gz: TensorVariable,
  rows: TensorLike,
  cols: TensorLike,
  p: Readonly<ConvParams>,
): TensorVariable {
  return applyOp(new Op(CONV2D_GRAD_INPUTS, p), [w, gz, sizeVar(rows), sizeVar(cols)]).outputs[0]!;
}

/** `Conv2dGradWeights(x, gz, rows, cols)` with these parameters. */
export function conv2dGradWeightsOp(
  x: TensorVariable,
  gz: TensorVariable,
  rows: TensorLike,
  cols: TensorLike,
  p: Readonly<ConvParams>,
): TensorVariable {
  return applyOp(new Op(CONV2D_GRAD_WEIGHTS, p), [x, gz, sizeVar(rows), sizeVar(cols)]).outputs[0]!;
}

export { applyConv as conv2dOp };
