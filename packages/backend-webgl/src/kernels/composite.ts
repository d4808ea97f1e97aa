/**
 * `composite` (a chain of elementwise ops fused by core's `fusion` rewrite) as ONE WebGL shader: the inner
 * scalar graph becomes GLSL, each input is sampled once per output element (broadcasting through tfjs's
 * `get<X>AtOutCoords`), and the result is written once. tfjs alone runs one shader, and one pass over
 * memory, per op. Values are floats in the shader, as in every tfjs-webgl kernel: integers are exact below
 * 2^24; integer products and powers are computed in 32-bit integers (wrapping like numpy's int32), int8 and
 * int16 results wrap to their width, integer division and modulo floor (and give 0 for a zero divisor, as
 * numpy); bool results are 0/1. The functions (exp, log, sin, pow, erf, float modulo, …) are the GLSL
 * library of glsl-math.ts, written to core's semantics. The same code runs single elementwise ops whose tfjs
 * kernels differ from core (`shaderKernel`).
 */
import type { GPGPUProgram, MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import * as tf from '@tensorflow/tfjs-core';
import {
  COMPOSITE,
  type CompositeParams,
  type DType,
  isDiscreteDType,
  isFloatDType,
  type NDArray,
  type ScalarOpName,
  TensorConstant,
  type TensorVariable,
} from '@theano-ts/core';
import { filled, type GpuDType, gpuDType, isTensor, type Tensor } from '../gpu.js';
import { glslFloat, glslHelpersFor } from './glsl-math.js';
import type { WebGLKernel } from './types.js';
import { broadcastShape, sizeOf } from './util.js';

/** The GLSL float literal of a number (negative ones in parentheses, so that `-x` stays one token). */
function literal(v: number): string {
  const s = glslFloat(v);
  return s.startsWith('-') ? `(${s})` : s;
}

/** A GLSL rendering: the expression of one op on argument expressions, given the input and output dtypes. */
type Glsl = (a: readonly string[], ins: readonly DType[], out: DType) => string;

const infix =
  (op: string): Glsl =>
  (a) =>
    `(${a.join(` ${op} `)})`;
const call =
  (f: string): Glsl =>
  (a) =>
    `${f}(${a.join(', ')})`;
const compare =
  (op: string): Glsl =>
  ([a, b]) =>
    `float(${a} ${op} ${b})`;

/** int8 and int16 results wrap to their width (numpy's fixed-width integers); `e` an exact integer in a float. */
function wrap(e: string, out: DType): string {
  return out === 'int8' ? `thI8(int(${e}))` : out === 'int16' ? `thI16(int(${e}))` : e;
}

/** An int expression (32-bit, wrapping) as the float value of an output of dtype `out`. */
function fromInt(e: string, out: DType): string {
  return out === 'int8' ? `thI8(${e})` : out === 'int16' ? `thI16(${e})` : `float(${e})`;
}

/**
 * An op with no GLSL form (the special functions, computed on the host from core's definition, and the complex
 * constructors, whose dtypes WebGL lacks): the empty rendering, which `expression` reads as "none".
 */
const noGlsl: Glsl = () => '';

/** Whether integer inputs give an integer result that wraps within 32 bits (int8, int16, int32). */
const int32Wrap = (ins: readonly DType[], out: DType): boolean =>
  ins.every(isDiscreteDType) && (out === 'int8' || out === 'int16' || out === 'int32');

/** Exact integer arithmetic (sums, differences, quotients of integers below 2^24), wrapped to the output. */
const exact =
  (g: Glsl): Glsl =>
  (a, ins, out) =>
    wrap(g(a, ins, out), out);

/**
 * The GLSL rendering of every elementwise op in core's scalar table (typed exhaustive: an op added to core
 * without a rendering here is a compile error). Values are floats in the shader; the `th…` functions are
 * glsl-math.ts's, each with core's semantics (NaN, signed zeros, infinities, floor division's signs).
 */
const GLSL: { readonly [K in ScalarOpName]: Glsl } = {
  add: exact(infix('+')),
  sub: exact(infix('-')),
  mul: (a, ins, out) =>
    int32Wrap(ins, out) ? fromInt(`(${a.map((x) => `int(${x})`).join(' * ')})`, out) : infix('*')(a, ins, out),
  true_div: infix('/'),
  int_div: ([a, b], ins, out) =>
    ins.every(isDiscreteDType) ? wrap(`thFloorDivI(${a}, ${b})`, out) : `thFloorDivF(${a}, ${b})`,
  mod: ([a, b], ins, out) => (ins.every(isDiscreteDType) ? wrap(`thModI(${a}, ${b})`, out) : `thModF(${a}, ${b})`),
  pow: ([a, b], ins, out) =>
    int32Wrap(ins, out)
      ? fromInt(`thPowI(${a}, ${b})`, out)
      : isDiscreteDType(out)
        ? `floor(thPow(${a}, ${b}) + 0.5)`
        : `thPow(${a}, ${b})`,
  maximum: call('thMax'),
  minimum: call('thMin'),
  lt: compare('<'),
  le: compare('<='),
  gt: compare('>'),
  ge: compare('>='),
  eq: compare('=='),
  neq: compare('!='),
  second: ([, b]) => b!,
  neg: exact(([a]) => `(-${a})`),
  abs: exact(call('abs')),
  exp: call('thExp'),
  log: call('thLog'),
  sqrt: call('sqrt'),
  sin: call('thSin'),
  cos: call('thCos'),
  tanh: call('thTanh'),
  sgn: call('thSgn'),
  cast: ([a], _ins, out) => (out === 'bool' ? `float(${a} != 0.0)` : isFloatDType(out) ? a! : wrap(`trunc(${a})`, out)),
  sqr: ([a], ins, out) => (int32Wrap(ins, out) ? fromInt(`(int(${a}) * int(${a}))`, out) : `(${a} * ${a})`),
  log1p: call('thLog1p'),
  expm1: call('thExpm1'),
  softplus: call('thSoftplus'),
  sigmoid: call('thSigmoid'),
  erf: call('thErf'),
  log2: call('thLog2'),
  log10: ([a]) => `(thLog(${a}) * ${glslFloat(Math.LOG10E)})`,
  exp2: ([a]) => `thPow(2.0, ${a})`,
  inv: ([a]) => `(1.0 / ${a})`,
  deg2rad: ([a]) => `(${a} * ${glslFloat(Math.PI / 180)})`,
  rad2deg: ([a]) => `(${a} * ${glslFloat(180 / Math.PI)})`,
  floor: call('floor'),
  ceil: call('ceil'),
  trunc: call('trunc'),
  // C's round: a half goes away from zero (the sign of zero kept by trunc)
  round_half_away_from_zero: ([a]) => `(abs(${a} - trunc(${a})) >= 0.5 ? trunc(${a}) + sign(${a}) : trunc(${a}))`,
  round_half_to_even: call('roundEven'),
  isnan: ([a], ins) => (isFloatDType(ins[0]!) ? `float(thIsNan(${a}))` : '0.0'),
  isinf: ([a], ins) => (isFloatDType(ins[0]!) ? `float(thIsInf(${a}))` : '0.0'),
  tan: ([a]) => `(thSin(${a}) / thCos(${a}))`,
  arcsin: call('asin'),
  arccos: call('thAcos'),
  arctan: call('atan'),
  sinh: call('thSinh'),
  cosh: call('thCosh'),
  arcsinh: call('thAsinh'),
  arccosh: call('thAcosh'),
  arctanh: call('thAtanh'),
  arctan2: call('thAtan2'),
  hypot: call('thHypot'),
  clip: ([x, lo, hi]) => `thMin(thMax(${x}, ${lo}), ${hi})`,
  // zero by its bits (a subnormal condition is nonzero even where the GPU flushes it; NaN is nonzero)
  switch: ([c, a, b]) => `((floatBitsToUint(${c}) & 0x7fffffffu) == 0u ? ${b} : ${a})`,
  and_: ([a, b]) => `float(int(${a}) & int(${b}))`,
  or_: ([a, b]) => `float(int(${a}) | int(${b}))`,
  xor: ([a, b]) => `float(int(${a}) ^ int(${b}))`,
  invert: ([a], _ins, out) => fromInt(`(~int(${a}))`, out),
  erfc: noGlsl,
  erfcx: noGlsl,
  erfinv: noGlsl,
  erfcinv: noGlsl,
  gamma: noGlsl,
  gammaln: noGlsl,
  psi: noGlsl,
  // real inputs only (WebGL has no complex dtypes)
  real: ([a]) => a!,
  conj: ([a]) => a!,
  imag: () => '0.0',
  angle: ([a]) => `(thIsNan(${a}) ? ${a} : thSignBit(${a}) ? ${glslFloat(Math.PI)} : 0.0)`,
  complex: noGlsl,
  complex_from_polar: noGlsl,
};

/** The GLSL expression of one scalar op on argument expressions, or null where the op is not elementwise. */
function expression(name: string, args: readonly string[], ins: readonly DType[], out: DType): string | null {
  const r = (GLSL as Readonly<Record<string, Glsl>>)[name];
  const e = r ? r(args, ins, out) : null;
  return e === '' ? null : e;
}

/**
 * The scalar function of one output element: a GLSL function body over the float parameters `x0`, `x1`, …
 * (one per input), ending in `return`.
 */
interface ElementFunction {
  readonly arity: number;
  readonly body: string;
}

/** The element function of the inner graph, or null if some op has no GLSL form. */
export function compositeFunction(inner: CompositeParams['inner']): ElementFunction | null {
  const names = new Map<TensorVariable, string>();
  inner.inputs.forEach((v, i) => {
    names.set(v, `x${i}`);
  });
  const lines: string[] = [];
  let k = 0;
  const ref = (v: TensorVariable): string | null => {
    const n = names.get(v);
    if (n) return n;
    if (v instanceof TensorConstant && v.value.size === 1) return literal(v.value.item());
    return null;
  };
  for (const node of inner.nodes) {
    const args = node.inputs.map(ref);
    if (args.some((x) => x === null)) return null;
    const out = node.outputs[0]!.dtype;
    let e = expression(
      node.op.kind,
      args as string[],
      node.inputs.map((v) => v.dtype),
      out,
    );
    if (e === null) return null;
    // a bool result of arithmetic (bool + bool is logical or) is 0 or 1
    if (out === 'bool' && !['lt', 'le', 'gt', 'ge', 'eq', 'neq', 'cast'].includes(node.op.kind))
      e = `float(${e} != 0.0)`;
    const name = `v${k++}`;
    lines.push(`  float ${name} = ${e};`);
    names.set(node.outputs[0]!, name);
  }
  const result = ref(inner.outputs[0]!);
  if (result === null) return null;
  return { arity: inner.inputs.length, body: `${lines.join('\n')}\n  return ${result};` };
}

/** The coordinate fields of tfjs's output coordinates (`ivec2` … `ivec6`), by dimension. */
const FIELDS = ['x', 'y', 'z', 'w', 'u', 'v'];

/**
 * The packed layout's padding set to zero: a texel holds a 2×2 block of the last two dimensions (two
 * consecutive elements for rank 1, one for rank 0), and the components past the end of a dimension of odd
 * size must stay finite. tfjs's packed matmul multiplies them in (padding times padding), so a NaN or
 * infinity there (log(0), 1/0) would reach real elements.
 */
function zeroPadding(shape: readonly number[]): string {
  const rank = shape.length;
  if (rank === 0) return '  r.yzw = vec3(0.0);';
  if (rank === 1) return `  int c = getOutputCoords();\n  if (c + 1 >= ${shape[0]}) r.y = 0.0;\n  r.zw = vec2(0.0);`;
  const row = `c.${FIELDS[rank - 2]}`;
  const col = `c.${FIELDS[rank - 1]}`;
  return (
    `  ivec${rank} c = getOutputCoords();\n` +
    `  bool lastCol = ${col} + 1 >= ${shape[rank - 1]};\n` +
    `  bool lastRow = ${row} + 1 >= ${shape[rank - 2]};\n` +
    '  if (lastCol) { r.y = 0.0; r.w = 0.0; }\n' +
    '  if (lastRow) { r.z = 0.0; r.w = 0.0; }'
  );
}

/**
 * The shader of an element function: unpacked (one element per texel) or packed (four per texel, the layout
 * of tfjs's matmul and binary ops, so that their results and readers need no conversion), for an output of
 * `shape` (packed shaders zero their padding, which depends on the shape). Input `k` is sampled from the
 * texture `x<k>`, or, where `uniform[k]` is set, read from the float uniform `u<k>` (a one-element host value; tfjs declares it).
 */
function shaderCode(
  fn: ElementFunction,
  packed: boolean,
  shape: readonly number[],
  uniform: readonly boolean[],
): string {
  const params = Array.from({ length: fn.arity }, (_, i) => `float x${i}`).join(', ');
  const func = `float elementValue(${params}) {\n${fn.body}\n}\n`;
  let main: string;
  if (!packed) {
    const args = uniform.map((u, k) => (u ? `u${k}` : `getX${k}AtOutCoords()`)).join(', ');
    main = `void main() {\n  setOutput(elementValue(${args}));\n}\n`;
  } else {
    const reads = uniform.map((u, k) => `  vec4 p${k} = ${u ? `vec4(u${k})` : `getX${k}AtOutCoords()`};`);
    // a loop over the four components, not four calls: the function is compiled once (about 3× faster to
    // compile on SwiftShader than four inlined copies, which matters for shaders calling thSin, thErf, …)
    const args = uniform.map((_, k) => `p${k}[i]`).join(', ');
    main =
      `void main() {\n${reads.join('\n')}\n` +
      `  vec4 r;\n  for (int i = 0; i < 4; i++) r[i] = elementValue(${args});\n` +
      `${zeroPadding(shape)}\n  setOutput(r);\n}\n`;
  }
  return `${glslHelpersFor(func)}\n${func}${main}`;
}

/**
 * The shaders of one element function, made on first use, by layout, by which inputs are uniforms, and for
 * packed ones by the output's rank and last two dimensions (their padding check).
 */
class ShaderSet {
  readonly #codes = new Map<string, string>();
  constructor(readonly fn: ElementFunction) {}

  code(packed: boolean, shape: readonly number[], uniform: readonly boolean[]): string {
    const mask = uniform.map((u) => (u ? 'u' : 'x')).join('');
    const key = packed ? `p${mask}:${shape.length}:${shape.slice(-2).join(',')}` : mask;
    let code = this.#codes.get(key);
    if (code === undefined) {
      code = shaderCode(this.fn, packed, shape, uniform);
      this.#codes.set(key, code);
    }
    return code;
  }
}

const shaders = new WeakMap<CompositeParams['inner'], ShaderSet | null>();

/** One shader for the whole fused chain; the output shape is the inputs' broadcast shape. */
export const composite: WebGLKernel = (a) => {
  const { inner } = COMPOSITE.match(a.node)!;
  let set = shaders.get(inner);
  if (set === undefined) {
    const fn = compositeFunction(inner);
    set = fn && new ShaderSet(fn);
    shaders.set(inner, set);
  }
  // a chain holding an op with no GLSL form (a special function) runs on the host, as core defines it
  if (set === null) {
    const perform = a.node.op.def.perform!;
    return perform(
      a.values.map((_, k) => a.host(k)),
      a.node.op.params,
      a.node,
    );
  }
  return runShader(a, set);
};

/**
 * A one-op shader for the elementwise op `name` (inputs `x0`, `x1`, …): the op's GLSL rendering, for the ops
 * whose tfjs kernels differ from core (see elemwise.ts). Bool results are 0 or 1.
 */
export function shaderKernel(name: ScalarOpName): WebGLKernel {
  const cache = new Map<string, ShaderSet>();
  return (a) => {
    const key = `${a.node.inputs.map((v) => v.dtype).join(',')}->${a.outDtype}`;
    let set = cache.get(key);
    if (set === undefined) {
      const args = a.node.inputs.map((_, i) => `x${i}`);
      let e = GLSL[name](
        args,
        a.node.inputs.map((v) => v.dtype),
        a.outDtype,
      );
      if (a.outDtype === 'bool' && !['lt', 'le', 'gt', 'ge', 'eq', 'neq', 'cast'].includes(name))
        e = `float(${e} != 0.0)`;
      set = new ShaderSet({ arity: args.length, body: `  return ${e};` });
      cache.set(key, set);
    }
    return runShader(a, set);
  };
}

/**
 * Whether an elementwise shader over `inputs` uses tfjs's packed layout: only where tfjs packs its own binary
 * ops (the default; `WEBGL_PACK_BINARY_OPERATIONS`) and for outputs of rank 6 at most (tfjs's packed
 * samplers); then where some input is already on the GPU packed (a result of a matmul, of tfjs's elementwise
 * kernels or of a packed shader) and at least as many input elements are packed as unpacked (results of
 * tfjs's reductions), so that the fewest elements go through a layout conversion (tfjs converts each input
 * whose layout differs, on every use). Otherwise unpacked: a shader heavy in arithmetic (thSin, thExp, …)
 * runs about twice as fast unpacked on SwiftShader, so packing pays only where it saves conversions.
 */
function usePacked(shape: readonly number[], inputs: readonly Tensor[]): boolean {
  if (shape.length > 6 || !tf.env().getBool('WEBGL_PACK_BINARY_OPERATIONS')) return false;
  const texData = (tf.backend() as MathBackendWebGL).texData;
  let packed = 0;
  let unpacked = 0;
  for (const t of inputs) {
    const d = texData.get(t.dataId);
    // not on the GPU yet (an upload): it takes the layout of its first use
    if (!d || d.texture == null) continue;
    if (d.isPacked) packed += t.size;
    else unpacked += t.size;
  }
  return packed > 0 && packed >= unpacked;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * A one-element host value (a shape, a size, a scalar constant) as the number a float uniform holds, stored
 * as dtype `gpu` would store it (integers truncated, bools 0 or 1); null where it has to go through
 * `tensor` instead (an int64 value outside the int32 range the GPU holds it in, which is an error there).
 */
function uniformValue(v: NDArray, gpu: GpuDType): number | null {
  if (v.size !== 1) return null;
  const d = v.data[0]!;
  if (typeof d === 'bigint') {
    if (d < INT32_MIN || d > INT32_MAX) return null;
    return gpu === 'bool' ? (d !== 0n ? 1 : 0) : Number(d);
  }
  if (gpu === 'bool') return d !== 0 ? 1 : 0;
  return gpu === 'int32' ? Math.trunc(d) : d;
}

/**
 * Runs an element function over the node's inputs (`getX<i>AtOutCoords`), broadcast to one shape. A
 * one-element host input is passed as a uniform: no texture to upload (or pack) on every call.
 */
function runShader(a: Parameters<WebGLKernel>[0], set: ShaderSet): ReturnType<WebGLKernel> {
  const shape = broadcastShape(a.values, a.node);
  const out: GpuDType = gpuDType(a.outDtype);
  if (sizeOf(shape) === 0) return [filled(shape, 0, out)];
  const inputs: Tensor[] = [];
  const names: string[] = [];
  const uniform: boolean[] = [];
  const uniforms: { name: string; type: 'float' }[] = [];
  const uniformValues: number[][] = [];
  a.values.forEach((v, k) => {
    const gpu = isTensor(v) ? (v.dtype as GpuDType) : gpuDType(a.node.inputs[k]!.dtype);
    const u = isTensor(v) ? null : uniformValue(v, gpu);
    uniform.push(u !== null);
    if (u !== null) {
      uniforms.push({ name: `u${k}`, type: 'float' });
      uniformValues.push([u]);
    } else {
      inputs.push(a.tensor(k, gpu));
      names.push(`x${k}`);
    }
  });
  const packed = usePacked(shape, inputs);
  const program: GPGPUProgram = {
    variableNames: names,
    outputShape: shape,
    userCode: set.code(packed, shape, uniform),
    packedInputs: packed,
    packedOutput: packed,
    ...(uniforms.length ? { customUniforms: uniforms } : {}),
  };
  const backend = tf.backend() as MathBackendWebGL;
  const info = backend.compileAndRun(program, inputs, out, uniformValues.length ? uniformValues : undefined);
  return [tf.engine().makeTensorFromTensorInfo(info)];
}
