/**
 * The convolutions on tfjs-webgl, in float32: tfjs's `Conv2D`, `Conv2DBackpropInput` and
 * `Conv2DBackpropFilter` kernels, which work on NHWC images and HWIO filters (theano's NCHW / OIHW are
 * transposed there and back). The filters are prepared once for tfjs: transposed, reversed along rows and
 * cols for a true convolution (tfjs correlates), and dilated by inserting zeros (tfjs's backprop kernels have
 * no dilation), so tfjs always sees dilation 1. Padding is tfjs's explicit padding; groups are run one by one
 * on channel slices and concatenated.
 */
import { CONV2D, CONV2D_GRAD_INPUTS, CONV2D_GRAD_WEIGHTS, type ConvParams, performConv } from '@theano-ts/core';
import { kernel, reshapeTo, type Tensor } from '../gpu.js';
import type { KernelArgs, WebGLKernel } from './types.js';

const NCHW_TO_NHWC = [0, 2, 3, 1];
const NHWC_TO_NCHW = [0, 3, 1, 2];
const OIHW_TO_HWIO = [2, 3, 1, 0];
const HWIO_TO_OIHW = [3, 2, 0, 1];

const transpose = (x: Tensor, perm: readonly number[]): Tensor => kernel('Transpose', { x }, { perm: [...perm] });

/** `f` (rows, cols, ...) with d - 1 zeros inserted between its rows (axis 0). */
function dilateRows(f: Tensor, d: number): Tensor {
  if (d === 1) return f;
  const [k, ...rest] = f.shape;
  const inner = rest.reduce((a, b) => a * b, 1);
  // (k, 1, inner) padded to (k, d, inner), read as (k·d, inner), cut to (k - 1)·d + 1 rows
  const padded = kernel(
    'PadV2',
    { x: reshapeTo(f, [k!, 1, inner]) },
    {
      paddings: [
        [0, 0],
        [0, d - 1],
        [0, 0],
      ],
      constantValue: 0,
    },
  );
  const rows = (k! - 1) * d + 1;
  const cut = kernel('Slice', { x: reshapeTo(padded, [k! * d, inner]) }, { begin: [0, 0], size: [rows, inner] });
  return reshapeTo(cut, [rows, ...rest]);
}

/** HWIO filters dilated by (d0, d1): zeros between rows and between cols. */
function dilate(f: Tensor, [d0, d1]: readonly [number, number]): Tensor {
  const r = dilateRows(f, d0);
  if (d1 === 1) return r;
  // cols first: (cols, rows, in, out)
  return transpose(dilateRows(transpose(r, [1, 0, 2, 3]), d1), [1, 0, 2, 3]);
}

/** Theano's OIHW filters as tfjs's HWIO correlation filters: transposed, flipped, dilated. */
function tfFilters(w: Tensor, p: Readonly<ConvParams>): Tensor {
  const hwio = transpose(w, OIHW_TO_HWIO);
  const flipped = p.filterFlip ? kernel('Reverse', { x: hwio }, { dims: [0, 1] }) : hwio;
  return dilate(flipped, p.dilation);
}

/** tfjs's explicit NHWC padding for these filter sizes. */
function tfPad(p: Readonly<ConvParams>, kh: number, kw: number): number[][] {
  const [p0, p1] = performConv.convPads(p.border, kh, kw, p.dilation);
  return [
    [0, 0],
    [p0, p0],
    [p1, p1],
    [0, 0],
  ];
}

/** Slice `k` of `groups` equal slices of `x` along `axis`. */
function group(x: Tensor, axis: number, groups: number, k: number): Tensor {
  if (groups === 1) return x;
  const n = x.shape[axis]! / groups;
  const begin = x.shape.map((_, d) => (d === axis ? k * n : 0));
  const size = x.shape.map((s, d) => (d === axis ? n : s));
  return kernel('Slice', { x }, { begin, size });
}

/** `f(k)` for each group, concatenated along `axis`. */
function perGroup(groups: number, axis: number, f: (k: number) => Tensor): Tensor {
  if (groups === 1) return f(0);
  return kernel(
    'Concat',
    Array.from({ length: groups }, (_, k) => f(k)),
    { axis },
  );
}

const attrs = (p: Readonly<ConvParams>, pad: number[][]) => ({
  strides: [...p.subsample],
  pad,
  dataFormat: 'NHWC',
  dilations: [1, 1],
});

const size = (a: KernelArgs, k: number): number => a.host(k).item();

// z = conv2d(x, w)
const conv2d: WebGLKernel = (a) => {
  const p = CONV2D.match(a.node)!;
  const x0 = a.tensor(0, 'float32');
  const w = a.tensor(1, 'float32');
  // the channels and sizes checked as on ref (a mismatch would otherwise fail inside tfjs's shader)
  performConv.convGeometry('conv2d', x0.shape, w.shape, p);
  const x = transpose(x0, NCHW_TO_NHWC);
  const f = tfFilters(w, p);
  const pad = tfPad(p, w.shape[2]!, w.shape[3]!);
  const g = p.groups;
  const z = perGroup(g, 3, (k) => kernel('Conv2D', { x: group(x, 3, g, k), filter: group(f, 3, g, k) }, attrs(p, pad)));
  return [transpose(z, NHWC_TO_NCHW)];
};

// gx = the gradient of conv2d with respect to its image of rows × cols
const gradInputs: WebGLKernel = (a) => {
  const p = CONV2D_GRAD_INPUTS.match(a.node)!;
  const w = a.tensor(0, 'float32');
  const dy = transpose(a.tensor(1, 'float32'), NCHW_TO_NHWC);
  const f = tfFilters(w, p);
  const pad = tfPad(p, w.shape[2]!, w.shape[3]!);
  const g = p.groups;
  const inputShape = [dy.shape[0]!, size(a, 2), size(a, 3), w.shape[1]!];
  const gx = perGroup(g, 3, (k) =>
    kernel(
      'Conv2DBackpropInput',
      { dy: group(dy, 3, g, k), filter: group(f, 3, g, k) },
      { ...attrs(p, pad), inputShape },
    ),
  );
  return [transpose(gx, NHWC_TO_NCHW)];
};

// gw = the gradient of conv2d with respect to its filters of rows × cols
const gradWeights: WebGLKernel = (a) => {
  const p = CONV2D_GRAD_WEIGHTS.match(a.node)!;
  const x = transpose(a.tensor(0, 'float32'), NCHW_TO_NHWC);
  const dy = transpose(a.tensor(1, 'float32'), NCHW_TO_NHWC);
  const kh = size(a, 2);
  const kw = size(a, 3);
  const [d0, d1] = p.dilation;
  const dkh = (kh - 1) * d0 + 1;
  const dkw = (kw - 1) * d1 + 1;
  const pad = tfPad(p, kh, kw);
  const g = p.groups;
  const cg = x.shape[3]! / g;
  const og = dy.shape[3]! / g;
  // the gradient of the dilated HWIO correlation filters, then every d-th row and col of it
  const gd = perGroup(g, 3, (k) =>
    kernel(
      'Conv2DBackpropFilter',
      { x: group(x, 3, g, k), dy: group(dy, 3, g, k) },
      { ...attrs(p, pad), filterShape: [dkh, dkw, cg, og] },
    ),
  );
  const gf =
    d0 === 1 && d1 === 1
      ? gd
      : kernel(
          'StridedSlice',
          { x: gd },
          {
            begin: [0, 0, 0, 0],
            end: [...gd.shape],
            strides: [d0, d1, 1, 1],
            beginMask: 0,
            endMask: 0,
            ellipsisMask: 0,
            newAxisMask: 0,
            shrinkAxisMask: 0,
          },
        );
  const flipped = p.filterFlip ? kernel('Reverse', { x: gf }, { dims: [0, 1] }) : gf;
  return [transpose(flipped, HWIO_TO_OIHW)];
};

/** The convolution kernels. */
export const CONV_KERNELS = {
  conv2d,
  conv2d_grad_inputs: gradInputs,
  conv2d_grad_weights: gradWeights,
} as const;
