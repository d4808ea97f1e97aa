/**
 * The `webgl` backend object: its capabilities (every primitive with a kernel; bool, the integers and
 * float32 natively, float64 only as float32 under `allowFloat64Downcast`; no complex), the per-node
 * support check the conformance matrix reads, and compilation into executables. `createWebGLBackend`
 * makes a backend with default options; `compile` also reads `theano.function`'s `backendOptions`.
 */
import {
  type Backend,
  type BackendCapabilities,
  type BackendCompileOptions,
  type BackendNumerics,
  type DType,
  EXTENDED_OPS,
  type Executable,
  type ExtendedOpName,
  type FunctionGraph,
  isComplexDType,
  MAP,
  PRIMITIVES,
  type PrimitiveName,
  type TensorVariable,
  UnsupportedError,
} from '@theano-ts/core';
import { createExecutable } from './executable.js';
import { KERNELS } from './kernels/index.js';

/** Options of the WebGL backend (`webgl(opts)`, or `theano.function`'s `backendOptions`). */
export interface WebGLBackendOptions {
  /**
   * Run float64 graphs in float32 (WebGL has no float64): inputs are rounded to float32, results come back
   * as float64 arrays holding float32-precision values. Without it, a float64 graph is an error naming the
   * op and the variable.
   */
  readonly allowFloat64Downcast?: boolean;
}

const KNOWN_OPTIONS: readonly string[] = ['allowFloat64Downcast'];

/** Reads and checks options (from `webgl(opts)` or `backendOptions`); unknown keys are an error. */
export function parseOptions(raw: Readonly<Record<string, unknown>> | undefined, where: string): WebGLBackendOptions {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object') throw new TypeError(`${where}: options must be an object, got ${typeof raw}`);
  for (const k of Object.keys(raw)) {
    if (!KNOWN_OPTIONS.includes(k)) {
      throw new TypeError(
        `${where}: unknown option ${JSON.stringify(k)} (the webgl backend knows ${KNOWN_OPTIONS.join(', ')})`,
      );
    }
  }
  const d = raw.allowFloat64Downcast;
  if (d !== undefined && typeof d !== 'boolean') {
    throw new TypeError(`${where}: allowFloat64Downcast must be true or false, got ${JSON.stringify(d)}`);
  }
  return d === undefined ? {} : { allowFloat64Downcast: d };
}

/** The ops with a kernel: every primitive, and some extended ops (see the kernel table). */
const OPS: readonly string[] = (
  [...Object.keys(PRIMITIVES), ...Object.keys(EXTENDED_OPS)] as (PrimitiveName | ExtendedOpName)[]
).filter((p) => KERNELS[p] !== undefined);

/**
 * The dtypes graphs may hold: bool, int32 and float32 are native; int8, int16 and int64 are stored as int32
 * (values must fit in 32 bits); float64 compiles only with `allowFloat64Downcast` (an error otherwise).
 */
const DTYPES: readonly DType[] = ['bool', 'int8', 'int16', 'int32', 'int64', 'float32', 'float64'];

/**
 * Where results differ from core's scalar implementations (measured on SwiftShader; see the README's
 * "Numerics"): ulps of the elementwise functions computed in float32 shaders, subnormals flushed to zero by
 * the GPU, integers exact only below 2^24 because tfjs keeps int32 (and our int8/int16/int64) in float32
 * textures.
 */
const WEBGL_NUMERICS: BackendNumerics = {
  ulps: {
    int_div: 1,
    log10: 1,
    deg2rad: 1,
    pow: 1,
    exp: 1,
    log: 1,
    sin: 1,
    cos: 1,
    tanh: 2,
    log1p: 1,
    expm1: 1,
    softplus: 1,
    sigmoid: 2,
    erf: 1,
    // the GPU's asin / atan (SwiftShader's within an ulp) and the shader formulas of glsl-math.ts
    tan: 2,
    arcsin: 1,
    arccos: 2,
    arctan: 1,
    arctan2: 1,
    sinh: 1,
    cosh: 1,
    arcsinh: 1,
    arccosh: 1,
    arctanh: 1,
    hypot: 1,
  },
  flushesSubnormals: true,
  exactIntegers: { int32: 2 ** 24, int64: 2 ** 24 },
  notes: [
    'float32 only: float64 graphs run in float32 under allowFloat64Downcast, and are unsupported otherwise',
    'subnormal float32 values are flushed to zeros of the same sign (SwiftShader and most GPUs)',
    'int32 and int64 values are held in float32 textures: exact up to 2^24 in magnitude',
    'exp, log, log1p, expm1, sin, cos, tanh, sigmoid, softplus, erf, pow and the trigonometric and hyperbolic functions are float32 shader functions within the ulps stated (not correctly rounded); floor division of quotients beyond 2^24 may differ by 1 ulp',
    'erfc, erfcx, erfinv, erfcinv, gamma, gammaln and psi have no shader: their inputs are read back and they run on the host (the values of core, with one synchronous GPU readback each)',
  ],
};

const capabilities: BackendCapabilities = {
  dtypes: DTYPES,
  ops: OPS,
  sync: true,
  numerics: WEBGL_NUMERICS,
  dtypeReason: (d) => (isComplexDType(d) ? "tfjs-webgl has no complex kernels for theano's ops" : `WebGL has no ${d}`),
};

/** The first float64 variable of a graph (inner graphs included), with the op that reads or makes it. */
function firstFloat64(fg: FunctionGraph): { v: TensorVariable; where: string } | null {
  for (const node of fg.nodes) {
    const v = [...node.inputs, ...node.outputs].find((x) => x.dtype === 'float64');
    if (v) return { v, where: `${node.op}` };
    const inner = MAP.match(node)?.inner ?? null;
    if (inner) {
      const r = firstFloat64(inner);
      if (r) return r;
    }
  }
  const io = [...fg.inputs, ...fg.outputs].find((v) => v.dtype === 'float64');
  return io ? { v: io, where: `the graph's input or output ${io}` } : null;
}

let downcastNoted = false;

/** `a, b and c` (at most `max` names, then `and n more`). */
function nameList(vs: readonly TensorVariable[], max = 3): string {
  const names = vs.slice(0, max).map((v) => `${v}`);
  if (vs.length > max) names.push(`${vs.length - max} more`);
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * The error for a float64 graph without the opt-in: what is float64 (the user's float64 inputs first, with
 * the node that reads the first one; else the node that makes a float64 value), then how to build the graph
 * in float32 (floatX, the `T.f*` constructors), then the opt-in. The graph is the optimized one: a node's op
 * is named as the optimizer left it (`pow(x, 2)` reads as `sqr`, a fused chain as its `Composite{...}`).
 */
function float64Message(
  fg: FunctionGraph,
  f64: { v: TensorVariable; where: string },
  name: string | undefined,
): string {
  const fn = name ? ` "${name}"` : '';
  const inputs = fg.inputs.filter((v) => v.dtype === 'float64');
  let what: string;
  if (inputs.length > 0) {
    const first = inputs[0]!;
    const reader = fg.nodes.find((n) => n.inputs.includes(first));
    what =
      `${inputs.length === 1 ? 'its input' : 'its inputs'} ${nameList(inputs)} ${inputs.length === 1 ? 'is' : 'are'} ` +
      `float64 (${first.type}${reader ? `, read by ${reader.op}` : ''})`;
  } else {
    what = `${f64.where} computes in float64 (${f64.v})`;
  }
  return (
    `webgl: function${fn} is a float64 graph, and WebGL computes in float32 at most: ${what}. ` +
    "Build the graph in float32: set theano.config.floatX = 'float32' before making its variables with " +
    'T.scalar, T.vector, T.matrix, …, or make them with the float32 constructors T.fscalar, T.fvector, T.fmatrix, …' +
    (inputs.length === 0 ? " (and cast with .astype('float32') rather than 'float64')" : '') +
    '. Or run the float64 graph in float32 as it is: compile with { backendOptions: { allowFloat64Downcast: true } } ' +
    '(or the backend webgl({ allowFloat64Downcast: true }))'
  );
}

/** Checks the graph's dtypes against the options (a clear UnsupportedError for float64 without the opt-in). */
function checkDTypes(fg: FunctionGraph, opts: WebGLBackendOptions, name: string | undefined): void {
  const f64 = firstFloat64(fg);
  if (!f64) return;
  if (!opts.allowFloat64Downcast) throw new UnsupportedError(float64Message(fg, f64, name));
  if (!downcastNoted) {
    downcastNoted = true;
    console.warn('webgl: running float64 graphs in float32 (allowFloat64Downcast): results have float32 precision');
  }
}

/** A webgl backend with these default options. */
export function createWebGLBackend(defaults: WebGLBackendOptions = {}): Backend & {
  /** The backend's default options (a function's `backendOptions` override them). */
  readonly options: WebGLBackendOptions;
} {
  const options = parseOptions(defaults as Record<string, unknown>, 'webgl(options)');
  const compileSync = (fg: FunctionGraph, o: BackendCompileOptions): Executable => {
    const opts = {
      ...options,
      ...parseOptions(o.backendOptions, `webgl: backendOptions of "${o.name ?? 'function'}"`),
    };
    checkDTypes(fg, opts, o.name);
    return createExecutable(fg, { name: o.name ?? 'function', updates: o.updates ?? [] });
  };
  return {
    name: 'webgl',
    capabilities,
    options,
    compileSync,
    compile: async (fg, o) => compileSync(fg, o),
  };
}
