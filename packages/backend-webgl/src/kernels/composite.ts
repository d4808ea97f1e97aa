/**
 * `composite` (a chain of elementwise ops fused by core's `fusion` rewrite) as ONE WebGL shader: the inner
 * scalar graph becomes GLSL, each input is sampled once per output element (broadcasting through tfjs's
 * `get<X>AtOutCoords`), and the result is written once. tfjs alone runs one shader, and one pass over
 * memory, per op. Values are floats in the shader, as in every tfjs-webgl kernel: integers are exact below
 * 2^24, integer division and modulo floor exactly there (and give 0 for a zero divisor, as numpy), bool
 * results are 0/1. tanh and pow use tfjs's own formulas; log1p and expm1 keep their small-x accuracy
 * (Goldberg's and Kahan's corrections) and softplus never overflows. The same code runs the extended ops
 * one at a time (`EXTENDED_SHADER_KERNELS`).
 */
import type { GPGPUProgram, MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import * as tf from '@tensorflow/tfjs-core';
import {
  type CompositeParams,
  type DType,
  isDiscreteDType,
  isFloatDType,
  type ScalarOpName,
  TensorConstant,
  type TensorVariable,
} from '@theano-ts/core';
import { filled, type GpuDType, gpuDType, isTensor } from '../gpu.js';
import { orOnHost } from './elemwise.js';
import type { WebGLKernel } from './types.js';
import { broadcastShape, params, sizeOf } from './util.js';

/** Scalar helpers the generated code calls (numpy's semantics on floats; tfjs's prelude makes `round` return an int). */
const HELPERS = `
float thFloorDivI(float a, float b) {
  if (b == 0.0) return 0.0;
  float q = floor(a / b);
  float r = a - q * b;
  if (b > 0.0 ? r < 0.0 : r > 0.0) q -= 1.0;
  else if (b > 0.0 ? r >= b : r <= b) q += 1.0;
  return q;
}
float thModI(float a, float b) { return b == 0.0 ? 0.0 : a - thFloorDivI(a, b) * b; }
float thModF(float a, float b) { return b == 0.0 ? NAN : a - b * floor(a / b); }
float thPow(float a, float b) {
  if (b == 0.0) return 1.0;
  if (a < 0.0 && floor(b) < b) return NAN;
  return (floor(mod(b, 2.0) + 0.5) != 1.0) ? pow(abs(a), b) : sign(a) * pow(abs(a), b);
}
float thMax(float a, float b) { return (isnan(a) || isnan(b)) ? NAN : max(a, b); }
float thMin(float a, float b) { return (isnan(a) || isnan(b)) ? NAN : min(a, b); }
float thTanh(float x) { float e = exp(-2.0 * abs(x)); return sign(x) * (1.0 - e) / (1.0 + e); }
float thLog1p(float x) {
  float u = 1.0 + x;
  if (u == 1.0 || u > 3.0e38) return u == 1.0 ? x : u;
  return log(u) * x / (u - 1.0);
}
float thExpm1(float x) {
  float u = exp(x);
  if (u == 1.0 || u > 3.0e38) return u == 1.0 ? x : u;
  float um1 = u - 1.0;
  return um1 == -1.0 ? -1.0 : um1 * x / log(u);
}
float thSoftplus(float x) { return max(x, 0.0) + thLog1p(exp(-abs(x))); }
float thErf(float x) {
  float ax = abs(x);
  if (ax < 0.5) {
    float z = x * x;
    return x * (1.1283791671 + z * (-0.3761263890 + z * (0.1128379167 + z * (-0.0268661706 + z * (0.0052239776 + z * -0.0008548327)))));
  }
  float t = 1.0 / (1.0 + 0.3275911 * ax);
  float p = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign(x) * (1.0 - p * exp(-ax * ax));
}
`;

/** The GLSL float literal of a number. */
function literal(v: number): string {
  if (Number.isNaN(v)) return 'NAN';
  if (!Number.isFinite(v)) return v > 0 ? '(1.0 / 0.0)' : '(-1.0 / 0.0)';
  const s = String(Math.fround(v));
  return /[.eE]/.test(s) ? s : `${s}.0`;
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

/**
 * The GLSL rendering of every elementwise op in core's scalar table (typed exhaustive: an op added to core
 * without a rendering here is a compile error). Values are floats in the shader.
 */
const GLSL: { readonly [K in ScalarOpName]: Glsl } = {
  add: infix('+'),
  sub: infix('-'),
  mul: infix('*'),
  true_div: infix('/'),
  int_div: ([a, b], ins) => (ins.every(isDiscreteDType) ? `thFloorDivI(${a}, ${b})` : `floor(${a} / ${b})`),
  mod: ([a, b], ins) => (ins.every(isDiscreteDType) ? `thModI(${a}, ${b})` : `thModF(${a}, ${b})`),
  pow: ([a, b], _ins, out) => (isDiscreteDType(out) ? `floor(thPow(${a}, ${b}) + 0.5)` : `thPow(${a}, ${b})`),
  maximum: call('thMax'),
  minimum: call('thMin'),
  lt: compare('<'),
  le: compare('<='),
  gt: compare('>'),
  ge: compare('>='),
  eq: compare('=='),
  neq: compare('!='),
  second: ([, b]) => b!,
  neg: ([a]) => `(-${a})`,
  abs: call('abs'),
  exp: call('exp'),
  log: call('log'),
  sqrt: call('sqrt'),
  sin: call('sin'),
  cos: call('cos'),
  tanh: call('thTanh'),
  sgn: call('sign'),
  cast: ([a], _ins, out) => (out === 'bool' ? `float(${a} != 0.0)` : isFloatDType(out) ? a! : `trunc(${a})`),
  sqr: ([a]) => `(${a} * ${a})`,
  log1p: call('thLog1p'),
  expm1: call('thExpm1'),
  softplus: call('thSoftplus'),
  sigmoid: ([a]) => `(1.0 / (1.0 + exp(-${a})))`,
  erf: call('thErf'),
};

/** The GLSL expression of one scalar op on argument expressions, or null where the op is not elementwise. */
function expression(name: string, args: readonly string[], ins: readonly DType[], out: DType): string | null {
  const r = (GLSL as Readonly<Record<string, Glsl>>)[name];
  return r ? r(args, ins, out) : null;
}

/** The shader body computing the inner graph (inputs `x0`, `x1`, … already sampled), or null if some op has no GLSL form. */
export function compositeShader(inner: CompositeParams['inner']): string | null {
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
      node.op.name,
      args as string[],
      node.inputs.map((v) => v.dtype),
      out,
    );
    if (e === null) return null;
    // a bool result of arithmetic (bool + bool is logical or) is 0 or 1
    if (out === 'bool' && !['lt', 'le', 'gt', 'ge', 'eq', 'neq', 'cast'].includes(node.op.name))
      e = `float(${e} != 0.0)`;
    const name = `v${k++}`;
    lines.push(`  float ${name} = ${e};`);
    names.set(node.outputs[0]!, name);
  }
  const result = ref(inner.outputs[0]!);
  if (result === null) return null;
  const reads = inner.inputs.map((_, i) => `  float x${i} = getX${i}AtOutCoords();`);
  return `${HELPERS}\nvoid main() {\n${reads.join('\n')}\n${lines.join('\n')}\n  setOutput(${result});\n}\n`;
}

const shaders = new WeakMap<CompositeParams['inner'], string | null>();

/** One shader for the whole fused chain; the output shape is the inputs' broadcast shape. */
export const composite: WebGLKernel = (a) => {
  const { inner } = params<CompositeParams>(a.node);
  let code = shaders.get(inner);
  if (code === undefined) {
    code = compositeShader(inner);
    shaders.set(inner, code);
  }
  if (code === null) throw new Error(`${a.node.op}: an op of the fused chain has no GLSL form`);
  return runShader(a, code);
};

/** A one-op shader for an elementwise op (`x0` its input). */
function single(name: string): WebGLKernel {
  const cache = new Map<string, string>();
  return (a) => {
    const key = `${a.node.inputs.map((v) => v.dtype).join(',')}->${a.outDtype}`;
    let code = cache.get(key);
    if (code === undefined) {
      const args = a.node.inputs.map((_, i) => `x${i}`);
      const e = expression(
        name,
        args,
        a.node.inputs.map((v) => v.dtype),
        a.outDtype,
      )!;
      const reads = args.map((x, i) => `  float ${x} = getX${i}AtOutCoords();`);
      code = `${HELPERS}\nvoid main() {\n${reads.join('\n')}\n  setOutput(${e});\n}\n`;
      cache.set(key, code);
    }
    return runShader(a, code);
  };
}

/** The extended ops whose tfjs kernels lack accuracy or overflow (log1p, expm1, softplus, erf), as one-op shaders. */
export const EXTENDED_SHADER_KERNELS = {
  erf: orOnHost('erf', single('erf')),
  log1p: orOnHost('log1p', single('log1p')),
  expm1: orOnHost('expm1', single('expm1')),
  softplus: orOnHost('softplus', single('softplus')),
} as const;

/** Runs generated code over the node's inputs (`getX<i>AtOutCoords`), broadcast to one shape. */
function runShader(a: Parameters<WebGLKernel>[0], code: string): ReturnType<WebGLKernel> {
  const shape = broadcastShape(a.values, a.node);
  const out: GpuDType = gpuDType(a.outDtype);
  if (sizeOf(shape) === 0) return [filled(shape, 0, out)];
  const inputs = a.values.map((v, k) =>
    a.tensor(k, isTensor(v) ? (v.dtype as GpuDType) : gpuDType(a.node.inputs[k]!.dtype)),
  );
  const program: GPGPUProgram = {
    variableNames: inputs.map((_, i) => `x${i}`),
    outputShape: shape,
    userCode: code,
  };
  const backend = tf.backend() as MathBackendWebGL;
  const info = backend.compileAndRun(program, inputs, out);
  return [tf.engine().makeTensorFromTensorInfo(info)];
}
