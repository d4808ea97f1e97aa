/**
 * Distances in units in the last place, for comparing floating-point results with a stated bound (the
 * conformance suite's special values, core's tests against numpy). Imports nothing.
 */

const view = new DataView(new ArrayBuffer(8));

/** The position of `x` on the ordered line of `float32` or `float64` values (±0 both at 0). */
function ordinal(x: number, dtype: 'float32' | 'float64'): bigint {
  if (dtype === 'float32') {
    view.setFloat32(0, x);
    const i = BigInt(view.getInt32(0));
    return i < 0n ? -(i & 0x7fffffffn) : i;
  }
  view.setFloat64(0, x);
  const i = view.getBigInt64(0);
  return i < 0n ? -(i & 0x7fffffffffffffffn) : i;
}

/**
 * How many ulps of `dtype` apart `a` and `b` are: 0 for the same value (the same zero) or two NaNs;
 * infinite for NaN against a number, +0 against -0, or any difference in another dtype.
 */
export function ulpDistance(a: number, b: number, dtype: string): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Number.POSITIVE_INFINITY;
  if (Object.is(a, b)) return 0;
  if (a === b) return Number.POSITIVE_INFINITY; // +0 against -0
  if (dtype !== 'float32' && dtype !== 'float64') return Number.POSITIVE_INFINITY;
  const d = ordinal(a, dtype) - ordinal(b, dtype);
  return Number(d < 0n ? -d : d);
}
