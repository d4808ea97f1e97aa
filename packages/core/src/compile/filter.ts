/**
 * Converting the values users pass (JS numbers, nested arrays, typed arrays, NDArrays) into the NDArray a
 * typed input expects, following Theano's rules: JS numbers become the input's dtype (integers only when
 * they are whole and in range), arrays with a dtype convert when the cast is safe, and a lossy conversion
 * is an error unless downcasting was allowed.
 */
import { canCastSafely, type DType, dtypeKind, INT_RANGE } from '../dtype.js';
import { TensorVariable } from '../graph/variable.js';
import { array, MAX_NDIM, NDArray, shapeToString, type TypedArray } from '../ndarray.js';
import type { TensorType } from '../type.js';

/** Options of `filterValue`. */
export interface FilterOptions {
  /** Allow lossy conversions (Theano's `allow_input_downcast`). */
  allowDowncast?: boolean;
  /** How the error names the value: `input 0 ("x") of theano function "f"`. */
  label: string;
  /**
   * The option a lossy-conversion error offers besides converting the value first (default:
   * `compile with { allowInputDowncast: true }`); null offers none (shared variables never downcast).
   */
  downcastHint?: string | null;
}

function orDowncast(opts: FilterOptions): string {
  if (opts.downcastHint === null) return '';
  return `, or ${opts.downcastHint ?? 'compile with { allowInputDowncast: true }'}`;
}

/** `null`, the type, or an object's class (`DataView`, `Map`) for an error message. */
function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  const c = (v as object).constructor?.name;
  return c && c !== 'Object' ? `a ${c}` : 'object';
}

function isTypedArray(v: unknown): v is TypedArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

function checkJsValues(value: unknown, dtype: DType, opts: FilterOptions): void {
  if (dtype === 'int64') checkExactInt64(value, opts.label);
  const kind = dtypeKind(dtype);
  if (kind === 'float' || kind === 'complex' || opts.allowDowncast) return;
  const [lo, hi] = INT_RANGE[dtype] ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  const [bigLo, bigHi] = dtype === 'int64' ? [-(2n ** 63n), 2n ** 63n - 1n] : [BigInt(lo), BigInt(hi)];
  const walk = (v: unknown, depth = 0): void => {
    if (Array.isArray(v)) {
      if (depth > MAX_NDIM) return; // array() reports the depth
      for (const x of v) walk(x, depth + 1);
      return;
    }
    if (typeof v === 'boolean') return;
    if (typeof v === 'bigint') {
      if (v < bigLo || v > bigHi) throw lossy(`${v} is out of range for ${dtype} [${bigLo}, ${bigHi}]`);
      return;
    }
    if (typeof v !== 'number') return; // array() reports the type error
    if (kind === 'bool' && v !== 0 && v !== 1) throw lossy(`${v} is not a boolean (0 or 1)`);
    if (!Number.isInteger(v)) throw lossy(`${v} is not an integer`);
    if (v < lo || v > hi) throw lossy(`${v} is out of range for ${dtype} [${lo}, ${hi}]`);
  };
  const lossy = (why: string) =>
    new TypeError(
      `${opts.label} expects ${dtype} values, but ${why}: converting it would lose information; ` +
        `pass values of that dtype${orDowncast(opts)}`,
    );
  walk(value);
}

/**
 * Throws unless every JS number in `value` is at most 2^53 in absolute value: a larger number has already
 * been rounded to a double (2^53 + 1 reads as 2^53), so it cannot be an exact int64; a bigint or a
 * BigInt64Array can. `label` names the input in the error.
 */
export function checkExactInt64(value: unknown, label: string): void {
  const walk = (v: unknown, depth = 0): void => {
    if (Array.isArray(v)) {
      if (depth > MAX_NDIM) return; // array() reports the depth
      for (const x of v) walk(x, depth + 1);
    } else if (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) > 2 ** 53) {
      const big = ` (${BigInt(Math.trunc(v))}n if that is the value meant)`;
      throw new TypeError(
        `${label} expects int64 values, but the JS number ${v} is beyond 2^53 in absolute value, where doubles ` +
          `have already rounded it; pass it as a bigint${big} or in a BigInt64Array`,
      );
    }
  };
  walk(value);
}

/** The value as an NDArray of `type`, or a TypeError naming the input, what it expects and what it got. */
export function filterValue(value: unknown, type: TensorType, opts: FilterOptions): NDArray {
  if (value instanceof TensorVariable) {
    throw new TypeError(`${opts.label} expects a value (${type}), got the symbolic variable ${value}`);
  }
  let arr: NDArray;
  if (value instanceof NDArray || isTypedArray(value)) {
    let src: NDArray;
    try {
      src = value instanceof NDArray ? value : new NDArray(value as TypedArray, [(value as TypedArray).length]);
    } catch (e) {
      throw new TypeError(`${opts.label} expects ${type}: ${(e as Error).message}`);
    }
    if (src.dtype !== type.dtype) {
      if (!canCastSafely(src.dtype, type.dtype) && !opts.allowDowncast) {
        throw new TypeError(
          `${opts.label} expects ${type}, but got ${src.dtype} data: converting ${src.dtype} to ${type.dtype} may lose ` +
            `precision; cast it first (.astype('${type.dtype}'))${orDowncast(opts)}`,
        );
      }
      arr = src.astype(type.dtype);
    } else {
      arr = src;
    }
  } else if (
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    typeof value === 'bigint' ||
    Array.isArray(value)
  ) {
    checkJsValues(value, type.dtype, opts);
    try {
      arr = array((typeof value === 'boolean' ? Number(value) : value) as never, type.dtype);
    } catch (e) {
      throw new TypeError(`${opts.label}: ${(e as Error).message}`);
    }
  } else {
    throw new TypeError(
      `${opts.label} expects ${type}: a number, a nested array, a typed array or an NDArray, got ${describeValue(value)}`,
    );
  }
  if (arr.ndim !== type.ndim) {
    throw new TypeError(
      `${opts.label} expects ${type} (${type.ndim} dimension${type.ndim === 1 ? '' : 's'}), got an array of ${arr.ndim} dimension${arr.ndim === 1 ? '' : 's'} with shape ${shapeToString(arr.shape)}`,
    );
  }
  type.shape.forEach((s, d) => {
    if (s !== null && arr.shape[d] !== s) {
      throw new TypeError(
        `${opts.label} expects ${type} with size ${s} at dimension ${d}${s === 1 ? ' (broadcastable)' : ''}, got shape ${shapeToString(arr.shape)}`,
      );
    }
  });
  return arr;
}
