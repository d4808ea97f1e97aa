/**
 * The reductions beyond sum/max/min on tfjs-webgl kernels: `Prod` (tfjs `Prod`), `Argmax` (tfjs `ArgMax`
 * on one axis, several axes moved last and merged; NaN made to win as numpy), `CumOp` (tfjs `Cumsum` /
 * `Cumprod`), `DiffOp` (two `Slice`s subtracted; its adjoint two `PadV2`s subtracted) and `Median` (on the
 * host: core's definition, numpy's NaN rule). `All` / `Any` have no kernel here: the optimizer runs their
 * decomposition (counts of zeros / nonzeros).
 */
import { ARGMAX, CUMOP, DIFF, MEDIAN, PROD, shapeToString } from '@theano-ts/core';
import { castTo, filled, gpuDType, kernel, reshapeTo, type Tensor } from '../gpu.js';
import type { WebGLKernel } from './types.js';
import { sizeOf } from './util.js';

/** The dtype a value is computed in on the GPU: float32 for floats, int32 otherwise. */
function computeDType(d: string): 'float32' | 'int32' {
  return d === 'float32' || d === 'float64' ? 'float32' : 'int32';
}

// out[j] = Π_{i reducing into j} x[i]
const prod: WebGLKernel = (a) => {
  const { axis } = PROD.match(a.node)!;
  const out = gpuDType(a.outDtype);
  const x = a.tensor(0, computeDType(a.node.inputs[0]!.dtype));
  const nd = x.shape.length;
  const axes = axis ?? Array.from({ length: nd }, (_, d) => d);
  const outShape = x.shape.filter((_, d) => !axes.includes(d));
  if (axes.length === 0) return [castTo(kernel('Identity', { x }), out)];
  if (sizeOf(x.shape) === 0) return [filled(outShape, 1, out)];
  return [castTo(kernel('Prod', { x }, { axis: axes, keepDims: false }), out)];
};

// out[j] = the first index of the maximum of slice j (the first NaN where there is one)
const argmax: WebGLKernel = (a) => {
  const { axis } = ARGMAX.match(a.node)!;
  const inDtype = a.node.inputs[0]!.dtype;
  const isFloat = inDtype === 'float32' || inDtype === 'float64';
  let x = a.tensor(0, computeDType(inDtype));
  const nd = x.shape.length;
  const shape0 = x.shape;
  if (axis.some((d) => x.shape[d] === 0)) {
    throw new Error(`Argmax: attempt to get argmax of an empty sequence (shape ${shapeToString(x.shape)})`);
  }
  const kept = [...Array(nd).keys()].filter((d) => !axis.includes(d));
  let ax = axis[0]!;
  if (axis.length > 1) {
    const perm = [...kept, ...axis];
    if (perm.some((p, i) => p !== i)) x = kernel('Transpose', { x }, { perm });
    const merged = axis.reduce((p, d) => p * shape0[d]!, 1);
    x = reshapeTo(x, [...x.shape.slice(0, kept.length), merged]);
    ax = kept.length;
  }
  let r: Tensor = kernel('ArgMax', { x }, { axis: ax });
  if (isFloat) {
    const nan = castTo(kernel('IsNan', { x }), 'float32');
    const anyNan = kernel('Max', { x: nan }, { reductionIndices: [ax], keepDims: false });
    const firstNan = kernel('ArgMax', { x: nan }, { axis: ax });
    r = kernel('Select', { condition: castTo(anyNan, 'bool'), t: firstNan, e: r });
  }
  return [castTo(r, 'int32')];
};

// cumsum: out[k] = Σ_{i ≤ k} x[i]; cumprod: Π
const cumop: WebGLKernel = (a) => {
  const { axis, mode } = CUMOP.match(a.node)!;
  const out = gpuDType(a.outDtype);
  const x = a.tensor(0, computeDType(a.node.inputs[0]!.dtype));
  if (sizeOf(x.shape) === 0) return [castTo(kernel('Identity', { x }), out)];
  const r = kernel(mode === 'add' ? 'Cumsum' : 'Cumprod', { x }, { axis, exclusive: false, reverse: false });
  return [castTo(r, out)];
};

// forward: y_i = x_{i+1} - x_i; adjoint: y_i = g_{i-1} - g_i (g_{-1} = g_m = 0)
const diff: WebGLKernel = (a) => {
  const { axis, adjoint } = DIFF.match(a.node)!;
  const out = gpuDType(a.outDtype);
  const x = a.tensor(0, computeDType(a.node.inputs[0]!.dtype));
  const shape = [...x.shape];
  const n = shape[axis]!;
  if (!adjoint) {
    const m = Math.max(n - 1, 0);
    const size = [...shape];
    size[axis] = m;
    if (sizeOf(size) === 0) return [filled(size, 0, out)];
    const begin = shape.map(() => 0);
    const hi = kernel('Slice', { x }, { begin: begin.map((b, d) => (d === axis ? 1 : b)), size });
    const lo = kernel('Slice', { x }, { begin, size });
    return [castTo(kernel('Sub', { a: hi, b: lo }), out)];
  }
  const outShape = [...shape];
  outShape[axis] = n + 1;
  if (sizeOf(x.shape) === 0) return [filled(outShape, 0, out)];
  const pads = (before: number, after: number) => shape.map((_, d) => (d === axis ? [before, after] : [0, 0]));
  const pre = kernel('PadV2', { x }, { paddings: pads(1, 0), constantValue: 0 });
  const app = kernel('PadV2', { x }, { paddings: pads(0, 1), constantValue: 0 });
  return [castTo(kernel('Sub', { a: pre, b: app }), out)];
};

// out[j] = the middle of sorted slice j (the mean of the two middle elements for an even length): run on
// the host with core's definition (tfjs's TopK sorts on the CPU for such slices anyway, and its NaN
// handling is not numpy's)
const median: WebGLKernel = (a) => {
  const params = MEDIAN.match(a.node)!;
  return [MEDIAN.perform!([a.host(0)], params, a.node)[0]!];
};

/** The kernels of the reductions beyond sum/max/min. */
export const REDUCE_MORE_KERNELS = { prod, argmax, cumop, diff, median } as const;
