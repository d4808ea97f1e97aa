/**
 * Elementwise ops on host arrays: when every input of an op is already on the host (constants, shapes,
 * indices, scalar and int64 inputs) it runs here instead of round-tripping through the GPU. Integer and
 * bool ops compute exactly in BigInt (tfjs has no int64, and WebGL computes int32 in float32), wrapping
 * like numpy's fixed-width integers (core's scalar functions compute in doubles, exact only below 2^53); ops
 * involving floats run core's definition of the op (`performElemwise`), for small arrays only (the scalars of
 * shape arithmetic, such as a mean's element count).
 */
import {
  type Apply,
  type DType,
  elemwiseDefOf,
  isDiscreteDType,
  NDArray,
  performElemwise,
  typedArrayFor,
} from '@theano-ts/core';
import type { WebGLKernel } from './types.js';
import { broadcastShape, sizeOf } from './util.js';

/** The largest float result computed on the host (bigger ones are GPU work). */
const MAX_HOST_FLOAT_SIZE = 1024;

type Binary = (a: bigint, b: bigint) => bigint;
type Unary = (a: bigint) => bigint;

const b01 = (c: boolean): bigint => (c ? 1n : 0n);

/** Python's floor division; `x // 0` is 0, as numpy's integer division. */
function floorDiv(a: bigint, b: bigint): bigint {
  // q = floor(a / b)
  if (b === 0n) return 0n;
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Python's modulo (the divisor's sign); `x % 0` is 0, as numpy's integer modulo. */
function floorMod(a: bigint, b: bigint): bigint {
  // r = a - floor(a / b) · b
  if (b === 0n) return 0n;
  const r = a % b;
  return r !== 0n && r < 0n !== b < 0n ? r + b : r;
}

function intPow(a: bigint, b: bigint): bigint {
  // a ** b for b >= 0
  if (b < 0n) throw new Error(`Elemwise{pow}: integers to negative integer powers are not allowed (got ${a} ** ${b})`);
  return a ** b;
}

const BINARY: Partial<Record<string, Binary>> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  int_div: floorDiv,
  mod: floorMod,
  pow: intPow,
  // biome-ignore lint/complexity/useMathMinMax: BigInts (Math.max takes numbers only)
  maximum: (a, b) => (a > b ? a : b),
  // biome-ignore lint/complexity/useMathMinMax: BigInts (Math.min takes numbers only)
  minimum: (a, b) => (a < b ? a : b),
  lt: (a, b) => b01(a < b),
  le: (a, b) => b01(a <= b),
  gt: (a, b) => b01(a > b),
  ge: (a, b) => b01(a >= b),
  eq: (a, b) => b01(a === b),
  neq: (a, b) => b01(a !== b),
  second: (_a, b) => b,
};

const UNARY: Partial<Record<string, Unary>> = {
  neg: (a) => -a,
  abs: (a) => (a < 0n ? -a : a),
  sgn: (a) => (a > 0n ? 1n : a < 0n ? -1n : 0n),
  cast: (a) => a,
};

/** The element values of an integer or bool array as BigInts. */
function bigValues(a: NDArray): bigint[] {
  const d = a.data;
  if (d instanceof BigInt64Array) return Array.from(d);
  return Array.from(d as ArrayLike<number>, (v) => BigInt(Math.trunc(v)));
}

/** For each element of `outShape` (row-major), the flat index it reads in an array of `shape` (size-1 dims repeat). */
function sourceIndex(shape: readonly number[], outShape: readonly number[]): Int32Array {
  const n = sizeOf(outShape);
  const idx = new Int32Array(n);
  const nd = outShape.length;
  const strides = new Array<number>(nd);
  let s = 1;
  for (let d = nd - 1; d >= 0; d--) {
    strides[d] = shape[d] === 1 ? 0 : s;
    s *= shape[d]!;
  }
  const pos = new Array<number>(nd).fill(0);
  let off = 0;
  for (let i = 0; i < n; i++) {
    idx[i] = off;
    for (let d = nd - 1; d >= 0; d--) {
      pos[d]!++;
      off += strides[d]!;
      if (pos[d]! < outShape[d]!) break;
      off -= strides[d]! * outShape[d]!;
      pos[d] = 0;
    }
  }
  return idx;
}

/** Stores BigInt values as `dtype`, wrapping to its width (bool: nonzero). */
function store(vals: readonly bigint[], shape: readonly number[], dtype: DType): NDArray {
  const out = typedArrayFor(dtype, vals.length);
  const n = vals.length;
  if (out instanceof BigInt64Array) {
    for (let i = 0; i < n; i++) out[i] = BigInt.asIntN(64, vals[i]!);
  } else if (dtype === 'bool') {
    for (let i = 0; i < n; i++) out[i] = vals[i] !== 0n ? 1 : 0;
  } else {
    const bits = dtype === 'int8' ? 8 : dtype === 'int16' ? 16 : 32;
    for (let i = 0; i < n; i++) out[i] = Number(BigInt.asIntN(bits, vals[i]!));
  }
  return new NDArray(out, [...shape], dtype);
}

/** The output shape of an op on host values, or null when the op is not host work (see `runsOnHost`). */
function hostShape(name: string, node: Apply, values: readonly unknown[]): number[] | null {
  if (!values.every((v) => v instanceof NDArray)) return null;
  const discrete = [...node.inputs, ...node.outputs].every((v) => isDiscreteDType(v.dtype));
  if (discrete ? !(name in BINARY || name in UNARY) : !elemwiseDefOf(node.op.def)) return null;
  const shape = broadcastShape(values as NDArray[], node);
  if (!discrete && (sizeOf(shape) > MAX_HOST_FLOAT_SIZE || node.outputs[0]!.dtype === 'int64')) return null;
  return shape;
}

/** Whether `hostElemwise` runs this node: every input is a host array, and the op is one of the tables above. */
export function runsOnHost(name: string, node: Apply, values: readonly unknown[]): boolean {
  return hostShape(name, node, values) !== null;
}

/** Runs an elementwise op on host arrays (see `runsOnHost`): exactly for integers, in doubles otherwise. */
export function hostElemwise(name: string, values: readonly NDArray[], node: Apply, outDtype: DType): NDArray {
  const outShape = broadcastShape(values, node);
  const n = sizeOf(outShape);
  const discrete = [...node.inputs, ...node.outputs].every((v) => isDiscreteDType(v.dtype));
  // floats: core's own definition of the op (its scalar entry), stored with astype's rules
  if (!discrete) return performElemwise(elemwiseDefOf(node.op.def)!.spec, values, outDtype);
  const ins = values.map((v) => {
    const vals = bigValues(v);
    const idx = sourceIndex(v.shape, outShape);
    return (i: number) => vals[idx[i]!]!;
  });
  const out = new Array<bigint>(n);
  const unary = UNARY[name];
  if (unary) {
    for (let i = 0; i < n; i++) out[i] = unary(ins[0]!(i));
  } else {
    const f = BINARY[name]!;
    for (let i = 0; i < n; i++) {
      let acc = f(ins[0]!(i), ins[1]!(i));
      for (let k = 2; k < ins.length; k++) acc = f(acc, ins[k]!(i));
      out[i] = acc;
    }
  }
  return store(out, outShape, outDtype);
}

/** `gpu`, except where every input is a host array: then the op runs on the host (see `runsOnHost`). */
export function orOnHost(name: string, gpu: WebGLKernel): WebGLKernel {
  return (a) =>
    runsOnHost(name, a.node, a.values) ? [hostElemwise(name, a.values as NDArray[], a.node, a.outDtype)] : gpu(a);
}
