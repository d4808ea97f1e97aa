/**
 * Elementwise ops with the reference backend's (numpy's) semantics, on tfjs-webgl kernels (`Add`, `Multiply`,
 * `Less`, `Neg`, `Cast`, …) where those agree with core's scalar implementations, and on one-op shaders of
 * our own (`shaderKernel`, the GLSL of composite.ts) where they do not: tfjs's `RealDiv` returns 1 for
 * 0/0, `Mod` and `FloorDiv` round, `Sign` maps NaN to 0, `Pow`, `Exp`, `Log`, `Sin`, `Cos`, `Tanh` and
 * `Sigmoid` call the GPU's built-ins (unspecified accuracy, wrong special values), and integer arithmetic
 * runs in float32 (inexact products beyond 2^24, no int8/int16 wraparound). Inputs of different dtypes are
 * cast to the output dtype first (comparisons compare in the inputs' common type), bool results are
 * computed in int32 then cast. Size-1 dimensions broadcast only where the input's type allows it (Theano's
 * rule, checked on the host).
 */
import {
  type ElemwiseName,
  type ExtendedOpName,
  isFloatDType,
  performElemwise,
  SCALAR_OPS,
  type ScalarOpName,
} from '@theano-ts/core';
import { castTo, filled, type GpuDType, gpuDType, isTensor, kernel, type Tensor } from '../gpu.js';
import { shaderKernel } from './composite.js';
import { orOnHost } from './host.js';
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

/** Float results of these ops come from our shaders (tfjs's kernels differ from core on them). */
const FLOAT_SHADER_OPS: ReadonlySet<ScalarOpName> = new Set<ScalarOpName>([
  'true_div',
  'int_div',
  'mod',
  'pow',
  'exp',
  'log',
  'sin',
  'cos',
  'tanh',
  'sgn',
  'sigmoid',
  'log1p',
  'expm1',
  'softplus',
  'erf',
]);

/** Integer (not bool) results of these ops come from our shaders: exact 32-bit products, int8/int16 wraparound. */
const INT_SHADER_OPS: ReadonlySet<ScalarOpName> = new Set<ScalarOpName>([
  'add',
  'sub',
  'mul',
  'int_div',
  'mod',
  'pow',
  'neg',
  'abs',
  'sqr',
]);

/** The op's shader where its output dtype calls for one (see the sets above), else `tfjs`. */
function shaderOr(name: ScalarOpName, tfjs: WebGLKernel): WebGLKernel {
  const shader = shaderKernel(name);
  return (a) => {
    const out = a.outDtype;
    const own = isFloatDType(out) ? FLOAT_SHADER_OPS.has(name) : out !== 'bool' && INT_SHADER_OPS.has(name);
    return own ? shader(a) : tfjs(a);
  };
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
  return shaderOr(name, (a) => {
    broadcastShape(a.values, a.node);
    const ts = inputsAs(a, computeDType(gpuDType(a.outDtype)));
    let acc = kernel(TF_BINARY[name], { a: ts[0]!, b: ts[1]! });
    for (let k = 2; k < ts.length; k++) acc = kernel(TF_BINARY[name], { a: acc, b: ts[k]! });
    return [finish(a, acc)];
  });
}

/** Where `b` is zero, 0; elsewhere `q` (numpy's integer `x // 0` and `x % 0`). */
function zeroWhereZero(q: Tensor, b: Tensor): Tensor {
  const isZero = kernel('Equal', { a: b, b: filled([], 0, b.dtype as GpuDType) });
  return kernel('Select', { condition: isZero, t: kernel('ZerosLike', { x: q }), e: q });
}

// bool results (the only ones left to tfjs): FloorDiv rounds its int32 inputs; 0 for a zero divisor
const intDiv: WebGLKernel = shaderOr('int_div', (a) => {
  broadcastShape(a.values, a.node);
  const [x, y] = inputsAs(a, 'int32');
  return [finish(a, zeroWhereZero(kernel('FloorDiv', { a: x!, b: y! }), y!))];
});

const mod: WebGLKernel = shaderOr('mod', (a) => {
  broadcastShape(a.values, a.node);
  const [x, y] = inputsAs(a, 'int32');
  return [finish(a, zeroWhereZero(kernel('Mod', { a: x!, b: y! }), y!))];
});

/**
 * The exponent when input 1 is a host value holding -1, 0, 1 or 2 everywhere (the powers that one rounding
 * gives correctly rounded: 1 / x, x · x), else null.
 */
function smallIntegerExponent(a: KernelArgs): number | null {
  const e = a.values[1]!;
  if (isTensor(e) || e.size === 0 || e.size > 64) return null;
  const vals = e.toFloat64();
  const k = vals[0]!;
  if (!Number.isInteger(k) || k < -1 || k > 2 || vals.some((v) => v !== k)) return null;
  return k;
}

const powShader = shaderOr('pow', (a) => {
  // bool results: float pow, then != 0
  const r = kernel('Pow', { a: a.tensor(0, 'float32'), b: a.tensor(1, 'float32') });
  return [finish(a, r)];
});

// a ** b; a float to the constant power 2 multiplies (exact, as numpy is for x ** 2), to -1 divides
const pow: WebGLKernel = (a) => {
  const shape = broadcastShape(a.values, a.node);
  const d = computeDType(gpuDType(a.outDtype));
  const e = a.values[1]!;
  if (d === 'int32' && !isTensor(e) && e.toFloat64().some((v) => v < 0)) {
    throw new Error(`${a.node.op}: integers to negative integer powers are not allowed (exponent ${e})`);
  }
  const k = d === 'float32' ? smallIntegerExponent(a) : null;
  const x = k === null ? null : a.tensor(0, d);
  if (k === null || x === null || !sameShape(x.shape, shape)) return powShader(a);
  if (k === 0) return [finish(a, kernel('OnesLike', { x }))];
  let acc = x;
  for (let i = 1; i < Math.abs(k); i++) acc = kernel('Multiply', { a: acc, b: x });
  if (k < 0) acc = kernel('RealDiv', { a: filled([], 1, 'float32'), b: acc });
  return [finish(a, acc)];
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
  return shaderOr(name, (a) => [
    finish(a, kernel(TF_UNARY[name], { x: a.tensor(0, computeDType(gpuDType(a.outDtype))) })),
  ]);
}

const castShader = shaderKernel('cast');

// x.astype(dtype): float → int truncates toward zero, anything → bool is x != 0; int8 and int16 results
// wrap to their width (our shader: tfjs's Cast keeps them in int32 unwrapped)
const cast: WebGLKernel = (a) => {
  if (a.outDtype === 'int8' || a.outDtype === 'int16') return castShader(a);
  const out = gpuDType(a.outDtype);
  const x = a.tensor(0, gpuDType(a.node.inputs[0]!.dtype));
  return [x.dtype === out ? kernel('Identity', { x }) : kernel('Cast', { x }, { dtype: out })];
};

/** Ops only our shaders run (no tfjs kernel; a bool result is the shader's 0/1). */
const shaderOnly = (name: ScalarOpName): WebGLKernel => shaderKernel(name);

const trueDiv: WebGLKernel = shaderOnly('true_div');

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

/** One kernel per elementwise primitive. */
export const ELEMWISE_KERNELS = Object.fromEntries(
  (Object.keys(GPU_KERNELS) as ElemwiseName[]).map((name) => [name, orOnHost(name, GPU_KERNELS[name])]),
) as { readonly [K in ElemwiseName]: WebGLKernel };

/**
 * The special functions have no float32 shader: their inputs are read back and core's definition runs on the
 * host (in doubles, rounded once to float32: core's values exactly).
 */
const onHost =
  (name: ExtendedOpName & ScalarOpName): WebGLKernel =>
  (a) => [
    performElemwise(
      SCALAR_OPS[name].spec,
      a.values.map((_, k) => a.host(k)),
      a.outDtype,
    ),
  ];

/** The extended elementwise ops: `sqr` on tfjs's kernel (our shader for integers), the others on our shaders. */
export const EXTENDED_KERNELS: { readonly [K in ExtendedOpName]?: WebGLKernel } = {
  sqr: orOnHost('sqr', unary('sqr')),
  sigmoid: orOnHost('sigmoid', unary('sigmoid')),
  erf: orOnHost('erf', shaderOnly('erf')),
  log2: orOnHost('log2', shaderOnly('log2')),
  log10: orOnHost('log10', shaderOnly('log10')),
  exp2: orOnHost('exp2', shaderOnly('exp2')),
  inv: orOnHost('inv', shaderOnly('inv')),
  deg2rad: orOnHost('deg2rad', shaderOnly('deg2rad')),
  rad2deg: orOnHost('rad2deg', shaderOnly('rad2deg')),
  floor: orOnHost('floor', shaderOnly('floor')),
  ceil: orOnHost('ceil', shaderOnly('ceil')),
  trunc: orOnHost('trunc', shaderOnly('trunc')),
  round_half_away_from_zero: orOnHost('round_half_away_from_zero', shaderOnly('round_half_away_from_zero')),
  round_half_to_even: orOnHost('round_half_to_even', shaderOnly('round_half_to_even')),
  isnan: orOnHost('isnan', shaderOnly('isnan')),
  isinf: orOnHost('isinf', shaderOnly('isinf')),
  log1p: orOnHost('log1p', shaderOnly('log1p')),
  expm1: orOnHost('expm1', shaderOnly('expm1')),
  softplus: orOnHost('softplus', shaderOnly('softplus')),
  ...Object.fromEntries(
    (
      [
        'tan',
        'arcsin',
        'arccos',
        'arctan',
        'sinh',
        'cosh',
        'arcsinh',
        'arccosh',
        'arctanh',
        'arctan2',
        'hypot',
        'clip',
        'switch',
        'and_',
        'or_',
        'xor',
        'invert',
        'real',
        'imag',
        'angle',
        'conj',
      ] as const
    ).map((n) => [n, orOnHost(n, shaderOnly(n))]),
  ),
  ...Object.fromEntries(
    (['erfc', 'erfcx', 'erfinv', 'erfcinv', 'gamma', 'gammaln', 'psi'] as const).map((n) => [n, onHost(n)]),
  ),
};
