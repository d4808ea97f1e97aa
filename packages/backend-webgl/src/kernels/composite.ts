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
  type ScalarOpName,
  TensorConstant,
  type TensorVariable,
} from '@theano-ts/core';
import { filled, type GpuDType, gpuDType, isTensor } from '../gpu.js';
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
  const reads = inner.inputs.map((_, i) => `  float x${i} = getX${i}AtOutCoords();`);
  const body = `void main() {\n${reads.join('\n')}\n${lines.join('\n')}\n  setOutput(${result});\n}\n`;
  return `${glslHelpersFor(body)}\n${body}`;
}

const shaders = new WeakMap<CompositeParams['inner'], string | null>();

/** One shader for the whole fused chain; the output shape is the inputs' broadcast shape. */
export const composite: WebGLKernel = (a) => {
  const { inner } = COMPOSITE.match(a.node)!;
  let code = shaders.get(inner);
  if (code === undefined) {
    code = compositeShader(inner);
    shaders.set(inner, code);
  }
  if (code === null) throw new Error(`${a.node.op}: an op of the fused chain has no GLSL form`);
  return runShader(a, code);
};

/**
 * A one-op shader for the elementwise op `name` (inputs `x0`, `x1`, …): the op's GLSL rendering, for the ops
 * whose tfjs kernels differ from core (see elemwise.ts). Bool results are 0 or 1.
 */
export function shaderKernel(name: ScalarOpName): WebGLKernel {
  const cache = new Map<string, string>();
  return (a) => {
    const key = `${a.node.inputs.map((v) => v.dtype).join(',')}->${a.outDtype}`;
    let code = cache.get(key);
    if (code === undefined) {
      const args = a.node.inputs.map((_, i) => `x${i}`);
      let e = GLSL[name](
        args,
        a.node.inputs.map((v) => v.dtype),
        a.outDtype,
      );
      if (a.outDtype === 'bool' && !['lt', 'le', 'gt', 'ge', 'eq', 'neq', 'cast'].includes(name))
        e = `float(${e} != 0.0)`;
      const reads = args.map((x, i) => `  float ${x} = getX${i}AtOutCoords();`);
      const body = `void main() {\n${reads.join('\n')}\n  setOutput(${e});\n}\n`;
      code = `${glslHelpersFor(body)}\n${body}`;
      cache.set(key, code);
    }
    return runShader(a, code);
  };
}

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
