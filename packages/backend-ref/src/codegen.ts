/**
 * Code generation for fused elementwise nodes (`Composite`): the inner graph becomes one JavaScript loop that
 * computes every output element in a single pass, with no temporary arrays. The code is built from the
 * graph's structure only: op names select fixed templates from a table, values are read from the input
 * arrays, and identifiers are generated (`v0`, `t3`); no variable name, constant or user string ever
 * becomes code. Each inner result is coerced to its node's dtype (Math.fround for float32, two's-complement
 * wrap for ints), so the loop computes exactly what the unfused nodes compute. A graph the generator cannot
 * express falls back to interpretation (`null`).
 */
import {
  type Apply,
  type CompositeParams,
  type DType,
  type FunctionGraph,
  NDArray,
  type TensorVariable,
  typedArrayFor,
} from '@theano-ts/core';
import { broadcastShapes, expandValues } from './kernels/broadcast.js';

/** Scalar helpers the generated code calls (passed in, never looked up by name from user data). */
const H = Object.freeze({
  // Python floor division for integers; x // 0 is 0 (numpy)
  intDiv: (a: number, b: number): number => (b === 0 ? 0 : Math.floor(a / b)),
  // Python modulo for integers (sign of the divisor); x % 0 is 0 (numpy)
  intMod: (a: number, b: number): number => (b === 0 ? 0 : a - Math.floor(a / b) * b),
  // Python modulo for floats: a - floor(a / b)·b with the sign of b
  floatMod: (a: number, b: number): number => {
    if (b === 0) return Number.NaN;
    const r = a % b;
    return r !== 0 && r < 0 !== b < 0 ? r + b : r;
  },
  floatFloorDiv: (a: number, b: number): number => Math.floor(a / b),
  intPow: (a: number, b: number): number => {
    if (b < 0) throw new Error('Integers to negative integer powers are not allowed.');
    let r = 1;
    let base = a;
    let e = b;
    while (e > 0) {
      if (e & 1) r *= base;
      base *= base;
      e = Math.floor(e / 2);
    }
    return r;
  },
  sgn: (a: number): number => (a > 0 ? 1 : a < 0 ? -1 : a === 0 ? 0 : Number.NaN),
  softplus: (a: number): number => (a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a))),
  sigmoid: (a: number): number => (a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a))),
});

const isInt = (d: DType) => d === 'int8' || d === 'int16' || d === 'int32' || d === 'int64' || d === 'bool';

/** `expr` coerced to `dtype` as storing into that dtype's array would. */
function coerce(expr: string, dtype: DType): string | null {
  switch (dtype) {
    case 'float64':
      return expr;
    case 'float32':
      return `Math.fround(${expr})`;
    case 'int32':
      return `((${expr}) | 0)`;
    case 'int16':
      return `(((${expr}) << 16) >> 16)`;
    case 'int8':
      return `(((${expr}) << 24) >> 24)`;
    case 'bool':
      return `((${expr}) ? 1 : 0)`;
    default:
      return null;
  }
}

/** The expression of one inner node, from its operand expressions; null when there is no template. */
function template(node: Apply, a: readonly string[]): string | null {
  const out = node.outputs[0]!.dtype;
  const ints = node.inputs.every((v) => isInt(v.dtype));
  switch (node.op.name) {
    case 'add':
      return `(${a.join(' + ')})`;
    case 'sub':
      return `(${a[0]} - ${a[1]})`;
    case 'mul':
      if (out === 'int32' && a.length === 2) return `Math.imul(${a[0]}, ${a[1]})`;
      return a.length === 2 || out === 'float64' || out === 'float32' ? `(${a.join(' * ')})` : null;
    case 'true_div':
      return `(${a[0]} / ${a[1]})`;
    case 'int_div':
      return ints ? `H.intDiv(${a[0]}, ${a[1]})` : `H.floatFloorDiv(${a[0]}, ${a[1]})`;
    case 'mod':
      return ints ? `H.intMod(${a[0]}, ${a[1]})` : `H.floatMod(${a[0]}, ${a[1]})`;
    case 'pow':
      if (ints) return out === 'int32' ? null : `H.intPow(${a[0]}, ${a[1]})`;
      return `Math.pow(${a[0]}, ${a[1]})`;
    case 'maximum':
      return `Math.max(${a[0]}, ${a[1]})`;
    case 'minimum':
      return `Math.min(${a[0]}, ${a[1]})`;
    case 'lt':
      return `(${a[0]} < ${a[1]} ? 1 : 0)`;
    case 'le':
      return `(${a[0]} <= ${a[1]} ? 1 : 0)`;
    case 'gt':
      return `(${a[0]} > ${a[1]} ? 1 : 0)`;
    case 'ge':
      return `(${a[0]} >= ${a[1]} ? 1 : 0)`;
    case 'eq':
      return `(${a[0]} === ${a[1]} ? 1 : 0)`;
    case 'neq':
      return `(${a[0]} !== ${a[1]} ? 1 : 0)`;
    case 'second':
      return a[1]!;
    case 'neg':
      return `(-${a[0]})`;
    case 'abs':
      return `Math.abs(${a[0]})`;
    case 'exp':
    case 'log':
    case 'sqrt':
    case 'sin':
    case 'cos':
    case 'tanh':
    case 'log1p':
    case 'expm1':
      return `Math.${node.op.name}(${a[0]})`;
    case 'sgn':
      return `H.sgn(${a[0]})`;
    case 'cast':
      return a[0]!;
    case 'sqr':
      return `(${a[0]} * ${a[0]})`;
    case 'softplus':
      return `H.softplus(${a[0]})`;
    case 'sigmoid':
      return `H.sigmoid(${a[0]})`;
    default:
      return null;
  }
}

/** A generated loop: `(H, inputs, out, n)`; scalar inputs are read at 0, the others at i. */
type Loop = (h: typeof H, ins: readonly ArrayLike<number>[], out: { [i: number]: number }, n: number) => void;

/**
 * The generated source for an inner graph, or null when some node has no template. `scalar[k]` marks the
 * inputs broadcast from a single element.
 */
export function generateSource(inner: FunctionGraph, scalar: readonly boolean[] = []): string | null {
  const names = new Map<TensorVariable, string>();
  const lines: string[] = [];
  inner.inputs.forEach((v, k) => {
    names.set(v, `v${k}`);
  });
  let t = 0;
  for (const node of inner.nodes) {
    const args: string[] = [];
    for (const v of node.inputs) {
      const n = names.get(v);
      if (n === undefined) return null; // a constant inside the inner graph: not generated
      args.push(n);
    }
    const expr = template(node, args);
    const dtype = node.outputs[0]!.dtype;
    const c = expr === null ? null : coerce(expr, dtype);
    if (c === null) return null;
    const id = `t${t++}`;
    lines.push(`const ${id} = ${c};`);
    names.set(node.outputs[0]!, id);
  }
  const result = names.get(inner.outputs[0]!);
  if (!result) return null;
  // inputs broadcast from one element are read once, before the loop; the others at i
  const loads = inner.inputs.map((_, k) => `const a${k} = ins[${k}];`).join('\n');
  const hoisted = inner.inputs.map((_, k) => (scalar[k] ? `const v${k} = a${k}[0];` : '')).join('\n');
  const reads = inner.inputs.map((_, k) => (scalar[k] ? '' : `const v${k} = a${k}[i];`)).join('\n    ');
  return `'use strict';\n${loads}\n${hoisted}\nfor (let i = 0; i < n; i++) {\n    ${reads}\n    ${lines.join('\n    ')}\n    out[i] = ${result};\n}`;
}

const cache = new WeakMap<FunctionGraph, Map<string, Loop | null>>();

/** The compiled loop for an inner graph and a pattern of scalar inputs (cached), or null. */
export function loopFor(inner: FunctionGraph, scalar: readonly boolean[]): Loop | null {
  let perPattern = cache.get(inner);
  if (!perPattern) {
    perPattern = new Map();
    cache.set(inner, perPattern);
  }
  const key = scalar.map((b) => (b ? '1' : '0')).join('');
  if (perPattern.has(key)) return perPattern.get(key)!;
  const src = generateSource(inner, scalar);
  // the source is generated from op names and indices only (see the header): no user text reaches it
  const loop = src === null ? null : (new Function('H', 'ins', 'out', 'n', src) as Loop);
  perPattern.set(key, loop);
  return loop;
}

/** Input values the loop can index: typed arrays of numbers (int64 converted), or null if complex. */
function readable(x: NDArray): ArrayLike<number> | null {
  if (x.dtype === 'complex64' || x.dtype === 'complex128') return null;
  return x.dtype === 'int64' ? x.toFloat64() : (x.data as ArrayLike<number>);
}

/**
 * Runs a composite node with its generated loop; returns null when the loop cannot be used (the caller then
 * interprets the inner graph).
 */
export function runCompositeLoop(node: Apply, ins: readonly NDArray[]): NDArray | null {
  const { inner } = node.op.params as CompositeParams;
  const outShape = broadcastShapes(
    ins.map((x) => x.shape),
    `${node.op}`,
  );
  const size = outShape.reduce((a, b) => a * b, 1);
  const arrays: ArrayLike<number>[] = [];
  const scalar: boolean[] = [];
  for (const x of ins) {
    let a = readable(x);
    if (!a) return null;
    if (x.size === 1 && size !== 1) scalar.push(true);
    else {
      scalar.push(false);
      if (x.size !== size || x.shape.length !== outShape.length) a = expandValues(x.toFloat64(), 1, x.shape, outShape);
    }
    arrays.push(a);
  }
  const loop = loopFor(inner, scalar);
  if (!loop) return null;
  const dtype = node.outputs[0]!.dtype;
  const data = typedArrayFor(dtype, size);
  if (data instanceof BigInt64Array) return null;
  loop(H, arrays, data as unknown as { [i: number]: number }, size);
  return new NDArray(data, outShape, dtype);
}
