/**
 * The scalar implementations of the elementwise ops: the one place their numeric meaning is written down.
 * Each function maps doubles to a double with numpy's semantics (NaN, ±0, ±inf, integer division and modulo
 * signs); the caller stores the double into the output dtype with astype's rules (truncation, wrapping).
 * backend-ref's kernels, its fused-loop generator, constant folding and DebugMode all run these functions.
 * Imports nothing.
 */

/** A scalar function on doubles (binary ops of n-ary elementwise ops are folded left to right). */
export type ScalarFn = (...args: number[]) => number;
/** A complex number as `[re, im]`. */
export type C = readonly [number, number];
/** A complex scalar function; a real result (abs, comparisons) has im = 0. */
export type ComplexFn = (...args: C[]) => C;

// ---- division, modulo, powers ------------------------------------------------------------------------

/** Python's `a % b` for integers (sign of the divisor); `x % 0` is 0 like numpy. */
export function intMod(a: number, b: number): number {
  // r = a - floor(a / b) · b, 0 when b = 0
  if (b === 0) return 0;
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r + 0;
}

/** Python's `a // b` for integers (floor division); `x // 0` is 0 like numpy. */
export function intFloorDiv(a: number, b: number): number {
  // q = floor(a / b), exact: (a - a mod b) is a multiple of b
  if (b === 0) return 0;
  return (a - intMod(a, b)) / b + 0;
}

/** numpy's float modulo (npy_divmod): the result has the divisor's sign; NaN when b = 0. */
export function floatMod(a: number, b: number): number {
  // r = a - floor(a / b) · b, computed from C's fmod like numpy
  const m = a % b;
  if (b === 0) return m;
  if (m !== 0) return b < 0 !== m < 0 ? m + b : m;
  return b < 0 ? -0 : 0;
}

/** numpy's float floor division (np.floor_divide on floats, via npy_divmod). */
export function floatFloorDiv(a: number, b: number): number {
  // q = floor(a / b), consistent with floatMod (a = q·b + r)
  if (b === 0) return a / b;
  const m = a % b;
  let div = (a - m) / b;
  if (m !== 0 && b < 0 !== m < 0) div -= 1;
  if (div === 0) return a / b < 0 || Object.is(a / b, -0) ? -0 : 0;
  let fl = Math.floor(div);
  if (div - fl > 0.5) fl += 1;
  return fl;
}

/** C's pow (what numpy calls for floats): differs from Math.pow on 1 ** NaN and (-1) ** ±inf, both 1. */
export function floatPow(a: number, b: number): number {
  // a ** b
  if (a === 1 || b === 0) return 1;
  if (a === -1 && (b === Number.POSITIVE_INFINITY || b === Number.NEGATIVE_INFINITY)) return 1;
  return a ** b;
}

/** The error for an integer raised to a negative integer power (numpy's ValueError). */
function negativePower(a: number, b: number): Error {
  return new Error(`Elemwise{pow}: integers to negative integer powers are not allowed (got ${a} ** ${b})`);
}

/** Exact integer power by squaring in doubles (exact while the result stays below 2^53). */
export function intPow(a: number, b: number): number {
  // a ** b for integers b >= 0
  if (b < 0) throw negativePower(a, b);
  let r = 1;
  let base = a;
  let e = b;
  while (e > 0) {
    if (e % 2 === 1) r *= base;
    e = Math.floor(e / 2);
    if (e > 0) base *= base;
  }
  return r;
}

/** Integer power modulo 2^32 (for results stored in int32 or narrower, which wrap like numpy's). */
export function intPow32(a: number, b: number): number {
  // (a ** b) mod 2^32, as a signed 32-bit value
  if (b < 0) throw negativePower(a, b);
  let r = 1;
  let base = a | 0;
  let e = b;
  while (e > 0) {
    if (e % 2 === 1) r = Math.imul(r, base);
    e = Math.floor(e / 2);
    if (e > 0) base = Math.imul(base, base);
  }
  return r;
}

/** np.maximum: NaN if either is NaN; of two equal values (0 and -0), the second (as numpy 2 does). */
export function maximum(a: number, b: number): number {
  return a > b || Number.isNaN(a) ? a : b;
}

/** np.minimum: NaN if either is NaN; of two equal values (0 and -0), the second. */
export function minimum(a: number, b: number): number {
  return a < b || Number.isNaN(a) ? a : b;
}

// ---- one-argument functions --------------------------------------------------------------------------

/** np.sign: -1, 0 or 1 (-0 gives +0); NaN stays NaN. */
export function sgn(a: number): number {
  // sign(a)
  return a > 0 ? 1 : a < 0 ? -1 : a === 0 ? 0 : Number.NaN;
}

/** log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)): never overflows. */
export function softplus(a: number): number {
  return a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a));
}

/** 1 / (1 + exp(-x)), evaluated on the side that does not overflow. */
export function sigmoid(a: number): number {
  return a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a));
}

const TWO_OVER_SQRT_PI = 1.1283791670955126;

/** e^{-x²} for x ≥ 0 with x² carried in two doubles (Dekker's exact product), so its rounding costs nothing. */
function expMinusSquare(x: number): number {
  // x² = h + l exactly; e^{-x²} = e^{-h} · e^{-l} ≈ e^{-h} · (1 - l)
  const s = x * 134217729; // 2^27 + 1 splits x into 26-bit halves
  const hi = s - (s - x);
  const lo = x - hi;
  const h = x * x;
  const l = hi * hi - h + 2 * hi * lo + lo * lo;
  return Math.exp(-h) * (1 - l);
}

/**
 * The error function, within 5 ulp of C's erf in doubles. |x| < 1: the series erf x = (2/√π) e^{-x²} Σ (2x²)^n x /
 * (1·3·…·(2n+1)), whose terms are all positive (no cancellation). Larger |x|: 1 - erfc x, with erfc from its
 * continued fraction erfc x = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated by
 * Lentz's method. erf(±0) = ±0, erf(±inf) = ±1, and |x| ≥ 6 gives ±1 exactly (erfc(6) < 2^-54).
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax >= 6) return x > 0 ? 1 : -1;
  if (ax < 1) {
    // Σ_n (2x²)^n / (2n+1)!!, times x · (2/√π) e^{-x²}
    const t = 2 * ax * ax;
    let term = 1;
    let sum = 1;
    for (let n = 1; n < 200; n++) {
      term *= t / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    const r = TWO_OVER_SQRT_PI * expMinusSquare(ax) * ax * sum;
    return x < 0 ? -r : x === 0 ? x : r;
  }
  // continued fraction of √π e^{x²} erfc x = 1/(x + (1/2)/(x + (2/2)/(x + (3/2)/(x + …))))
  const tiny = 1e-300;
  let f = ax;
  let c = ax;
  let d = 0;
  for (let n = 1; n < 300; n++) {
    const an = n / 2;
    d = ax + an * d;
    d = d === 0 ? tiny : d;
    c = ax + an / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = expMinusSquare(ax) / (f * 1.7724538509055159);
  const r = 1 - erfc;
  return x < 0 ? -r : r;
}

/** C's round: halves away from zero (Theano's `round_half_away_from_zero`); -0.4 gives -0. */
export function roundHalfAwayFromZero(a: number): number {
  const t = Math.trunc(a);
  return Math.abs(a - t) >= 0.5 ? t + Math.sign(a) : t;
}

/** numpy's round: halves to the even neighbour (`np.round`, Theano's `round_half_to_even`). */
export function roundHalfToEven(a: number): number {
  const t = Math.trunc(a);
  const f = Math.abs(a - t);
  if (f > 0.5 || (f === 0.5 && t % 2 !== 0)) return t + Math.sign(a);
  return t;
}

// ---- complex functions (numpy's principal branches) --------------------------------------------------

/** numpy's complex division (Smith's algorithm, scaled against overflow). */
export function complexDiv([ar, ai]: C, [br, bi]: C): C {
  // a / b = a · conj(b) / |b|²
  const abr = Math.abs(br);
  const abi = Math.abs(bi);
  if (abr >= abi) {
    if (abr === 0 && abi === 0) return [ar / abr, ai / abr];
    const rat = bi / br;
    const scl = 1 / (br + bi * rat);
    return [(ar + ai * rat) * scl, (ai - ar * rat) * scl];
  }
  const rat = br / bi;
  const scl = 1 / (bi + br * rat);
  return [(ar * rat + ai) * scl, (ai * rat - ar) * scl];
}

/** exp(a + bi) = e^a (cos b + i sin b). */
export function complexExp([a, b]: C): C {
  const m = Math.exp(a);
  return b === 0 ? [m, 0] : [m * Math.cos(b), m * Math.sin(b)];
}

/** log z = log|z| + i arg z. */
export function complexLog([a, b]: C): C {
  return [Math.log(Math.hypot(a, b)), Math.atan2(b, a)];
}

/** sqrt z = sqrt(|z|) (cos(θ/2) + i sin(θ/2)), θ = arg z. */
export function complexSqrt([a, b]: C): C {
  const r = Math.sqrt(Math.hypot(a, b));
  const t = Math.atan2(b, a) / 2;
  return [r * Math.cos(t), b === 0 && a >= 0 ? 0 : r * Math.sin(t)];
}
