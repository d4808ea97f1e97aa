/**
 * Constants: `T.constant(value)` and the conversion of anything tensor-like (JS numbers, nested arrays,
 * typed arrays, NDArrays) into a variable. Constants are interned by dtype, shape, value and weakness.
 */

import { config } from '../config.js';
import type { DType } from '../dtype.js';
import { type ArrayLikeValue, array, MAX_NDIM, NDArray, type TypedArray } from '../ndarray.js';
import { TensorType } from '../type.js';
import { TensorConstant, type TensorLike, TensorVariable } from './variable.js';

const constantTable = new Map<string, WeakRef<TensorConstant>>();
const finalizer = new FinalizationRegistry<string>((key) => {
  const ref = constantTable.get(key);
  if (ref && ref.deref() === undefined) constantTable.delete(key);
});

function digest(data: TypedArray): string {
  if (data.length <= 16) return Array.from(data as ArrayLike<number | bigint>, String).join(',');
  // FNV-1a over the bytes; equal digests are confirmed by comparing values.
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return `#${(h >>> 0).toString(16)}:${data.length}`;
}

/** The smallest integer dtype holding `v` (Theano's autocast of Python ints). */
function intDTypeFor(v: number): DType {
  if (v >= -128 && v <= 127) return 'int8';
  if (v >= -32768 && v <= 32767) return 'int16';
  if (v >= -2147483648 && v <= 2147483647) return 'int32';
  return 'int64';
}

function jsDType(value: unknown): DType {
  let allBool = true;
  let allInt = true;
  let lo = 0;
  let hi = 0;
  const walk = (v: unknown, depth = 0): void => {
    if (Array.isArray(v)) {
      if (depth === MAX_NDIM) {
        throw new TypeError(
          `constant: nested arrays more than ${MAX_NDIM} levels deep: at most ${MAX_NDIM} dimensions are supported`,
        );
      }
      for (const x of v) walk(x, depth + 1);
    } else if (typeof v === 'boolean') {
      allInt = allInt && true;
    } else if (typeof v === 'number') {
      allBool = false;
      // an integer-valued number beyond int64 (1e38) is a float, as it would be in numpy: no int holds it
      if (!Number.isInteger(v) || Math.abs(v) >= 2 ** 63) allInt = false;
      else {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    } else if (typeof v === 'bigint') {
      allBool = false;
      lo = Math.min(lo, Number(v));
      hi = Math.max(hi, Number(v));
    } else {
      throw new TypeError(`constant: expected numbers, booleans or nested arrays of them, got ${typeof v}`);
    }
  };
  walk(value);
  if (allBool && containsBoolean(value)) return 'bool';
  if (allInt) {
    const a = intDTypeFor(lo);
    const b = intDTypeFor(hi);
    return a === 'int64' || b === 'int64'
      ? 'int64'
      : a === 'int32' || b === 'int32'
        ? 'int32'
        : a === 'int16' || b === 'int16'
          ? 'int16'
          : 'int8';
  }
  return config.floatX;
}

function containsBoolean(v: unknown): boolean {
  return Array.isArray(v) ? v.some(containsBoolean) : typeof v === 'boolean';
}

/** Options of `T.constant`. */
export interface ConstantOptions {
  /** The dtype (default: the value's own; for JS numbers the smallest int dtype, or floatX). */
  dtype?: DType;
  /** A name for printing. */
  name?: string;
}

/** The interned constant with this value. */
export function makeConstant(value: NDArray, weak: boolean, name: string | null = null): TensorConstant {
  const key = `${value.dtype}|${value.shape.join('x')}|${weak ? 'w' : 's'}|${name ?? ''}|${digest(value.data)}`;
  const hit = constantTable.get(key)?.deref();
  if (hit && (key.includes('|#') ? hit.value.equals(value) : true)) return hit;
  const frozen = value.copy();
  const c = new TensorConstant(TensorType.fromShape(value.dtype, value.shape), frozen, weak, name);
  constantTable.set(key, new WeakRef(c));
  finalizer.register(c, key);
  return c;
}

/**
 * `T.constant(value, { dtype, name })`: a constant tensor. JS numbers and nested arrays become "weak"
 * constants (integers: the smallest int dtype that holds them; others: floatX) unless a dtype is given.
 */
export function constant(value: ArrayLikeValue | boolean, opts: ConstantOptions = {}): TensorConstant {
  if (value instanceof TensorVariable) {
    throw new TypeError('T.constant: expected a value, got a symbolic variable');
  }
  const isJs =
    typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || Array.isArray(value);
  if (isJs) {
    const dtype = opts.dtype ?? jsDType(value);
    let js = typeof value === 'boolean' ? Number(value) : value;
    // a literal in the program (2 ** 62) is taken as the integer it is, unlike a value passed to an input,
    // where a number beyond 2^53 is an error (theano.array, function arguments): its integers go in as bigints
    if (dtype === 'int64') js = asBigInts(js) as typeof js;
    return makeConstant(array(js as ArrayLikeValue, dtype), opts.dtype === undefined, opts.name ?? null);
  }
  const nd = value instanceof NDArray ? value : array(value as ArrayLikeValue);
  return makeConstant(opts.dtype ? nd.astype(opts.dtype) : nd, false, opts.name ?? null);
}

/** Finite numbers of a nested JS value as bigints (truncated, as astype to int64 does); the rest unchanged. */
function asBigInts(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(asBigInts);
  return typeof v === 'number' && Number.isFinite(v) ? BigInt(Math.trunc(v)) : v;
}

/** Anything tensor-like as a variable (`T.as_tensor_variable`). */
export function asTensorVariable(x: TensorLike, name = 'input'): TensorVariable {
  if (x instanceof TensorVariable) return x;
  if (x === null || x === undefined) {
    throw new TypeError(`${name}: expected a tensor variable or a value, got ${x}`);
  }
  const t = typeof x;
  const jsValue = t === 'number' || t === 'boolean' || t === 'bigint' || Array.isArray(x);
  if (!jsValue && !(x instanceof NDArray) && !ArrayBuffer.isView(x)) {
    const what =
      t === 'object'
        ? ((x as object).constructor?.name ?? 'object')
        : t === 'string'
          ? `the string ${JSON.stringify(x)}`
          : t;
    throw new TypeError(
      `${name}: expected a tensor variable or a value (a number, a nested array, a typed array or an NDArray), got ${what}`,
    );
  }
  return constant(x as ArrayLikeValue | boolean);
}
