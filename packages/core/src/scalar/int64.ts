/**
 * The exact integer forms of the elementwise ops, on BigInts: what an op computes when its inputs are
 * integers (or bools) and one of them, or the result, is int64. Doubles hold integers exactly only up to
 * 2^53, so int64 values are computed here instead, with numpy's fixed-width semantics: the caller stores
 * each result into int64 storage (a BigInt64Array), which wraps it modulo 2^64 like C two's complement;
 * floor division and modulo follow Python's signs, and integer division or modulo by zero gives 0 (numpy's
 * result, which also warns). Comparisons return 1n or 0n. Imports nothing.
 */

/** A scalar function on BigInts (binary ops of n-ary elementwise ops are folded left to right). */
export type BigScalarFn = (...args: bigint[]) => bigint;

/** `v` wrapped to a signed 64-bit value (two's complement). */
export const wrap64 = (v: bigint): bigint => BigInt.asIntN(64, v);

/** Python's `a // b` (floor division); `x // 0` is 0 like numpy; INT64_MIN // -1 wraps to INT64_MIN. */
export function bigFloorDiv(a: bigint, b: bigint): bigint {
  // q = floor(a / b): BigInt division truncates, so step down when the remainder has the other sign
  if (b === 0n) return 0n;
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Python's `a % b` (the sign of the divisor); `x % 0` is 0 like numpy. */
export function bigMod(a: bigint, b: bigint): bigint {
  // r = a - floor(a / b) · b
  if (b === 0n) return 0n;
  const r = a % b;
  return r !== 0n && r < 0n !== b < 0n ? r + b : r;
}

/** `a ** b` modulo 2^64 (squaring with a wrap at each step, so huge exponents stay cheap). */
export function bigPow(a: bigint, b: bigint): bigint {
  // a ** b for b >= 0, wrapped to int64
  if (b < 0n) {
    throw new Error(`Elemwise{pow}: integers to negative integer powers are not allowed (got ${a} ** ${b})`);
  }
  let r = 1n;
  let base = wrap64(a);
  let e = b;
  while (e > 0n) {
    if ((e & 1n) === 1n) r = wrap64(r * base);
    e >>= 1n;
    if (e > 0n) base = wrap64(base * base);
  }
  return r;
}

/** The larger of two integers. */
export const bigMaximum = (a: bigint, b: bigint): bigint => (a > b ? a : b);

/** The smaller of two integers. */
export const bigMinimum = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** |a|; |INT64_MIN| wraps to INT64_MIN on store, as numpy's abs does. */
export const bigAbs = (a: bigint): bigint => (a < 0n ? -a : a);

/** The sign: -1n, 0n or 1n. */
export const bigSgn = (a: bigint): bigint => (a > 0n ? 1n : a < 0n ? -1n : 0n);

/** 1n if `c` is true, else 0n (a comparison's result). */
export const bit = (c: boolean): bigint => (c ? 1n : 0n);
