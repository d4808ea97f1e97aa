/**
 * Elementwise ops on tfjs-webgl kernels (`Add`, `Multiply`, `RealDiv`, `Less`, `Exp`, `Cast`, …) with the
 * reference backend's (numpy's) semantics: inputs of different dtypes are cast to the output dtype first
 * (comparisons compare in the inputs' common type), `int_div` floors and `mod` takes the divisor's sign,
 * integer division or modulo by zero gives 0, and bool results are computed in int32 then cast. Size-1
 * dimensions broadcast only where the input's type allows it (Theano's rule, checked on the host).
 */
import type { ElemwiseName, NDArray } from '@theano-ts/core';
import { castTo, filled, type GpuDType, gpuDType, isTensor, kernel, type Tensor } from '../gpu.js';
import { hostElemwise, runsOnHost } from './host.js';
import type { KernelArgs, WebGLKernel } from './types.js';
import { broadcastShape, sameShape } from './util.js';

/** The GPU dtype arithmetic runs in for an output dtype: bool results are computed in int32. */
function computeDType(out: GpuDType): GpuDType {
  return out === 'bool' ? 'int32' : out;
}

/** Every input as a tensor of dtype `d`. */
function inputsAs(a: KernelArgs, d: GpuDType): Tensor[] {
  return a.values.map((_, k) => a.tensor(k, d));
}

/** Casts a computed result to the node's output dtype. */
function finish(a: KernelArgs, t: Tensor): Tensor {
  return castTo(t, gpuDType(a.outDtype));
}

const TF_BINARY = {
  add: 'Add',
  sub: 'Sub',
  mul: 'Multiply',
  maximum: 'Maximum',
  minimum: 'Minimum',
} as const;

/** add, sub, mul, maximum, minimum: in the output dtype; add and mul fold n inputs left to right. */
function arithmetic(name: keyof typeof TF_BINARY): WebGLKernel {
  return (a) => {
    broadcastShape(a.values, a.node);
    const ts = inputsAs(a, computeDType(gpuDType(a.outDtype)));
    let acc = kernel(TF_BINARY[name], { a: ts[0]!, b: ts[1]! });
    for (let k = 2; k < ts.length; k++) acc = kernel(TF_BINARY[name], { a: acc, b: ts[k]! });
    return [finish(a, acc)];
  };
}

/** Where `b` is zero, 0; elsewhere `q` (numpy's integer `x // 0` and `x % 0`). */
function zeroWhereZero(q: Tensor, b: Tensor): Tensor {
  const isZero = kernel('Equal', { a: b, b: filled([], 0, b.dtype as GpuDType) });
  return kernel('Select', { condition: isZero, t: kernel('ZerosLike', { x: q }), e: q });
}

const trueDiv: WebGLKernel = (a) => {
  broadcastShape(a.values, a.node);
  const [x, y] = inputsAs(a, 'float32');
  return [finish(a, kernel('RealDiv', { a: x!, b: y! }))];
};

// floor(a / b): FloorDiv for integers (it rounds its inputs), floor of the quotient for floats
const intDiv: WebGLKernel = (a) => {
  broadcastShape(a.values, a.node);
  const d = computeDType(gpuDType(a.outDtype));
  const [x, y] = inputsAs(a, d);
  if (d === 'float32') return [kernel('Floor', { x: kernel('RealDiv', { a: x!, b: y! }) })];
  return [finish(a, zeroWhereZero(kernel('FloorDiv', { a: x!, b: y! }), y!))];
};

// a - floor(a / b)·b: the result has the divisor's sign (Python's %)
const mod: WebGLKernel = (a) => {
  broadcastShape(a.values, a.node);
  const d = computeDType(gpuDType(a.outDtype));
  const [x, y] = inputsAs(a, d);
  const r = kernel('Mod', { a: x!, b: y! });
  return [finish(a, d === 'float32' ? r : zeroWhereZero(r, y!))];
};

/** The exponent when input 1 is a host value holding one small integer everywhere, else null. */
function smallIntegerExponent(a: KernelArgs): number | null {
  const e = a.values[1]!;
  if (isTensor(e) || e.size === 0 || e.size > 64) return null;
  const vals = e.toFloat64();
  const k = vals[0]!;
  if (!Number.isInteger(k) || Math.abs(k) > 4 || vals.some((v) => v !== k)) return null;
  return k;
}

// a ** b; a small constant integer exponent multiplies (exact, as numpy is for x ** 2)
const pow: WebGLKernel = (a) => {
  const shape = broadcastShape(a.values, a.node);
  const d = computeDType(gpuDType(a.outDtype));
  const x = a.tensor(0, d);
  const k = smallIntegerExponent(a);
  if (k !== null && (k > 0 || d === 'float32') && sameShape(x.shape, shape)) {
    if (k === 0) return [finish(a, kernel('OnesLike', { x }))];
    let acc = x;
    for (let i = 1; i < Math.abs(k); i++) acc = kernel('Multiply', { a: acc, b: x });
    if (k < 0) acc = kernel('RealDiv', { a: filled([], 1, 'float32'), b: acc });
    return [finish(a, acc)];
  }
  const e = a.values[1]!;
  if (d === 'int32' && !isTensor(e) && e.toFloat64().some((v) => v < 0)) {
    throw new Error(`${a.node.op}: integers to negative integer powers are not allowed (exponent ${e})`);
  }
  const r = kernel('Pow', { a: x, b: a.tensor(1, d) });
  // the GPU computes integer powers in floating point: round back to the integer result
  return [finish(a, d === 'int32' ? kernel('Round', { x: r }) : r)];
};

const TF_COMPARE = {
  lt: 'Less',
  le: 'LessEqual',
  gt: 'Greater',
  ge: 'GreaterEqual',
  eq: 'Equal',
  neq: 'NotEqual',
} as const;

/** Comparisons: both inputs in their common GPU type (float32 if either is float), a bool result. */
function compare(name: keyof typeof TF_COMPARE): WebGLKernel {
  return (a) => {
    broadcastShape(a.values, a.node);
    const common: GpuDType = a.node.inputs.some((v) => gpuDType(v.dtype) === 'float32') ? 'float32' : 'int32';
    const [x, y] = inputsAs(a, common);
    return [kernel(TF_COMPARE[name], { a: x!, b: y! })];
  };
}

// second(a, b): b broadcast to the common shape, in b's dtype
const second: WebGLKernel = (a) => {
  const shape = broadcastShape(a.values, a.node);
  const b = a.tensor(1, gpuDType(a.outDtype));
  if (sameShape(b.shape, shape)) return [kernel('Identity', { x: b })];
  const reps = shape.map((n, d) => (b.shape[d] === n ? 1 : n));
  return [kernel('Tile', { x: b }, { reps })];
};

const TF_UNARY = {
  neg: 'Neg',
  abs: 'Abs',
  exp: 'Exp',
  log: 'Log',
  sqrt: 'Sqrt',
  sin: 'Sin',
  cos: 'Cos',
  tanh: 'Tanh',
  sgn: 'Sign',
  sqr: 'Square',
  sigmoid: 'Sigmoid',
} as const;

/** Unary ops: the input in the output's compute dtype (exp of an int is a float exp). */
function unary(name: keyof typeof TF_UNARY): WebGLKernel {
  return (a) => [finish(a, kernel(TF_UNARY[name], { x: a.tensor(0, computeDType(gpuDType(a.outDtype))) }))];
}

// x.astype(dtype): float → int truncates toward zero, anything → bool is x != 0
const cast: WebGLKernel = (a) => {
  const out = gpuDType(a.outDtype);
  const x = a.tensor(0, gpuDType(a.node.inputs[0]!.dtype));
  return [x.dtype === out ? kernel('Identity', { x }) : kernel('Cast', { x }, { dtype: out })];
};

const GPU_KERNELS: { readonly [K in ElemwiseName]: WebGLKernel } = {
  add: arithmetic('add'),
  sub: arithmetic('sub'),
  mul: arithmetic('mul'),
  true_div: trueDiv,
  int_div: intDiv,
  mod,
  pow,
  maximum: arithmetic('maximum'),
  minimum: arithmetic('minimum'),
  lt: compare('lt'),
  le: compare('le'),
  gt: compare('gt'),
  ge: compare('ge'),
  eq: compare('eq'),
  neq: compare('neq'),
  second,
  neg: unary('neg'),
  abs: unary('abs'),
  exp: unary('exp'),
  log: unary('log'),
  sqrt: unary('sqrt'),
  sin: unary('sin'),
  cos: unary('cos'),
  tanh: unary('tanh'),
  sgn: unary('sgn'),
  cast,
};

/** `gpu`, except where every input is a host array: then the op runs on the host (see host.ts). */
export function orOnHost(name: string, gpu: WebGLKernel): WebGLKernel {
  return (a) =>
    runsOnHost(name, a.node, a.values) ? [hostElemwise(name, a.values as NDArray[], a.node, a.outDtype)] : gpu(a);
}

/** One kernel per elementwise primitive. */
export const ELEMWISE_KERNELS = Object.fromEntries(
  (Object.keys(GPU_KERNELS) as ElemwiseName[]).map((name) => [name, orOnHost(name, GPU_KERNELS[name])]),
) as { readonly [K in ElemwiseName]: WebGLKernel };

/** The extended elementwise ops run by tfjs kernels (`log1p`, `expm1` and `softplus` are shaders of our own: see composite.ts). */
export const EXTENDED_KERNELS = {
  sqr: orOnHost('sqr', unary('sqr')),
  sigmoid: orOnHost('sigmoid', unary('sigmoid')),
} as const;
