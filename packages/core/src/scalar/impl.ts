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

/** C's hypot: inf if either is infinite (even with a NaN), else NaN if either is NaN; no overflow or underflow. */
export function hypot(a: number, b: number): number {
  return Math.hypot(a, b);
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

// ---- special functions (scipy.special's meanings) ----------------------------------------------------

const SQRT_PI = 1.7724538509055159;

/**
 * √π e^{x²} erfc x for x ≥ 0.5, from its continued fraction x + (1/2)/(x + (2/2)/(x + (3/2)/(x + …)))
 * evaluated backward from a depth that makes it converge to double precision (about 1600 terms at 0.5, 25 at 10).
 */
function erfcCf(ax: number): number {
  const depth = Math.min(2000, Math.ceil(20 + 400 / (ax * ax)));
  let t = ax;
  for (let n = depth; n >= 1; n--) t = ax + n / 2 / t;
  return t;
}

/** The complementary error function 1 - erf(x), without cancellation for large x (scipy.special.erfc). */
export function erfc(x: number): number {
  // erfc x = e^{-x²}/√π · 1/cf(x) for x ≥ 0.5; 1 - erf x below (at least 0.47: no cancellation); 2 - erfc(-x)
  if (Number.isNaN(x)) return x;
  if (x < 0.5) return x < -6 ? 2 : 1 - erf(x);
  if (x * x > 709.782712893384) return 0; // scipy's cutoff: e^{-x²} below the smallest double's log
  return expMinusSquare(x) / erfcCf(x) / SQRT_PI;
}

/** The scaled complementary error function e^{x²} erfc x (scipy.special.erfcx). */
export function erfcx(x: number): number {
  // 1/(√π cf(x)) for x ≥ 0.5 (no exponential at all); e^{x²} (1 - erf x) below, overflowing to inf for x < -26.7
  if (Number.isNaN(x)) return x;
  if (x >= 0.5) return x === Number.POSITIVE_INFINITY ? 0 : 1 / erfcCf(x) / SQRT_PI;
  if (x > -0.5) return Math.exp(x * x) * (1 - erf(x));
  // erfcx(x) = 2 e^{x²} - erfcx(-x), e^{x²} with x² carried in two doubles (x² = h + l exactly)
  if (x * x > 709.8) return Number.POSITIVE_INFINITY; // e^{x²} overflows
  const s = x * 134217729;
  const hi = s - (s - x);
  const lo = x - hi;
  const h = x * x;
  const l = hi * hi - h + 2 * hi * lo + lo * lo;
  const e = Math.exp(h) * (1 + l);
  return 2 * e - erfcx(-x);
}

/** t > 0 with erfc(t) = q for 0 < q ≤ 0.5: Newton's method on log erfc t = log erfcx(t) - t² (no underflow). */
function erfcinvSmall(q: number): number {
  const lq = Math.log(q);
  let t = Math.sqrt(Math.max(-lq - Math.log(Math.sqrt(-lq) * SQRT_PI + 1), 0.2));
  for (let i = 0; i < 60; i++) {
    const ex = erfcx(t);
    const h = Math.log(ex) - t * t - lq; // log erfc(t) - log q
    const step = (h * SQRT_PI * ex) / 2; // h / (d log erfc / dt) with d log erfc / dt = -2/(√π erfcx t)
    t += step;
    if (Math.abs(step) <= 1e-16 * t) break;
  }
  return t;
}

/** The inverse error function: erf(erfinv y) = y on [-1, 1]; ±inf at ±1, NaN outside (scipy.special.erfinv). */
export function erfinv(y: number): number {
  if (Number.isNaN(y) || y < -1 || y > 1) return Number.NaN;
  if (y === 1) return Number.POSITIVE_INFINITY;
  if (y === -1) return Number.NEGATIVE_INFINITY;
  const ay = Math.abs(y);
  let r: number;
  if (ay > 0.5) {
    r = erfcinvSmall(1 - ay); // 1 - |y| is exact here (Sterbenz)
  } else {
    if (ay === 0) return 0; // scipy: erfinv(-0) = +0
    // Newton's method on erf(r) = |y| from r = |y| √π/2: erf' = (2/√π) e^{-r²}
    r = (ay * SQRT_PI) / 2;
    for (let i = 0; i < 60; i++) {
      const step = ((erf(r) - ay) * SQRT_PI) / (2 * Math.exp(-r * r));
      r -= step;
      if (Math.abs(step) <= 1e-17 * r) break;
    }
  }
  return y < 0 ? -r : r;
}

/** The inverse complementary error function: erfc(erfcinv q) = q on [0, 2] (scipy.special.erfcinv). */
export function erfcinv(q: number): number {
  if (Number.isNaN(q) || q < 0 || q > 2) return Number.NaN;
  if (q / 2 === 0) return Number.POSITIVE_INFINITY; // 0, and scipy's inf for the smallest subnormal (q/2 underflows)
  if (q === 2) return Number.NEGATIVE_INFINITY;
  if (q <= 0.5) return erfcinvSmall(q);
  if (q >= 1.5) return -erfcinvSmall(2 - q); // 2 - q exact
  if (q === 1) return -0; // scipy's sign
  return erfinv(1 - q); // exact (Sterbenz)
}

/** sin(πx), exact at integers and halves: x reduced modulo 2 exactly before the multiplication by π. */
function sinPi(x: number): number {
  let r = x % 2; // exact
  if (r > 1) r -= 2;
  else if (r <= -1) r += 2;
  if (r === 0 || r === 1 || r === -1) return 0;
  if (r === 0.5) return 1;
  if (r === -0.5) return -1;
  if (r > 0.5) r = 1 - r;
  else if (r < -0.5) r = -1 - r;
  return Math.sin(Math.PI * r);
}

// Stirling's series for log Γ: (x - 1/2) log x - x + log(2π)/2 + Σ B₂ₖ / (2k (2k-1) x^{2k-1})
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400];
const HALF_LOG_2PI = 0.9189385332046728;

/** log Γ(x) for x ≥ 12 by Stirling's series (8 terms: below 1e-17 relative). */
function lgammaStirling(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  let s = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) s = s * r2 + STIRLING[k]!;
  if (x > 1e17) return x * (Math.log(x) - 1);
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + s * r;
}

/** `make`, run on the first call and remembered: a table computed when first needed, not at import. */
function onFirstUse<V>(make: () => V): () => V {
  let value: V | undefined;
  return () => {
    if (value === undefined) value = make();
    return value;
  };
}

/**
 * ζ(k) - 1 for k = 2 … 61: Σ_{n=2}^{N-1} n^{-k} plus the Euler–Maclaurin tail at N = 64 (to the B₈ term).
 * Computed on first use (lgamma, gamma and psi near 1 and 2), not when the module loads.
 */
const zetaM1 = onFirstUse(computeZetaM1);
function computeZetaM1(): readonly number[] {
  const out: number[] = [];
  const N = 64;
  for (let k = 2; k <= 61; k++) {
    let s = 0;
    for (let n = N - 1; n >= 2; n--) s += n ** -k;
    // Σ_{n≥N} n^{-k} = N^{1-k}/(k-1) + N^{-k}/2 - Σ_j B₂ⱼ/(2j)! f^{(2j-1)}(N), f = n^{-k}
    const rising = (m: number): number => {
      let r = 1;
      for (let i = 0; i < m; i++) r *= k + i;
      return r;
    };
    s +=
      N ** (1 - k) / (k - 1) +
      N ** -k / 2 +
      (rising(1) * N ** (-k - 1)) / 12 -
      (rising(3) * N ** (-k - 3)) / 720 +
      (rising(5) * N ** (-k - 5)) / 30240 -
      (rising(7) * N ** (-k - 7)) / 1209600;
    out.push(s);
  }
  return out;
}
const EULER_GAMMA = 0.5772156649015329;

/** log Γ(2 + e) for |e| ≤ 0.5: (1 - γ) e + Σ_{k≥2} (-1)^k (ζ(k) - 1)/k e^k (Taylor series at 2). */
function lgammaNear2(e: number): number {
  const zeta = zetaM1();
  let s = 0;
  for (let k = 61; k >= 2; k--) s = s * -e + zeta[k - 2]! / k;
  return e * (1 - EULER_GAMMA) + s * e * e;
}

/** log Γ(1 + e) for |e| ≤ 0.5: -γ e + Σ_{k≥2} (-1)^k ζ(k)/k e^k (Taylor series at 1). */
function lgammaNear1(e: number): number {
  const zeta = zetaM1();
  let s = 0;
  for (let k = 61; k >= 2; k--) s = s * -e + (1 + zeta[k - 2]!) / k;
  return -EULER_GAMMA * e + s * e * e;
}

/** log|Γ(x)| (scipy.special.gammaln): inf at the poles 0, -1, -2, …; 0 at 1 and 2. */
export function gammaln(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x === Number.POSITIVE_INFINITY) return x;
  if (x === Number.NEGATIVE_INFINITY) return x; // scipy: gammaln(-inf) = -inf
  if (x <= 0 && Number.isInteger(x)) return Number.POSITIVE_INFINITY;
  // scipy gives inf for subnormal x (its Γ overflows there first)
  if (Math.abs(x) < 2.2250738585072014e-308) return Number.POSITIVE_INFINITY;
  if (x < 0) {
    // reflection: Γ(x) Γ(1 - x) = π / sin(πx)
    if (x > -1e-300) return -Math.log(-x);
    return Math.log(Math.PI / Math.abs(sinPi(x))) - gammaln(1 - x);
  }
  if (x < 1e-300) return -Math.log(x);
  if (x < 1.5) {
    // log Γ(x) = log Γ(x + 1) - log x below 0.5
    return x < 0.5 ? lgammaNear2(x - 1) - Math.log(x) : lgammaNear1(x - 1);
  }
  if (x <= 2.5) return lgammaNear2(x - 2);
  if (x >= 12) return lgammaStirling(x);
  // log Γ(x) = log Γ(t) + log((x-1)(x-2)…t) with t in (1.5, 2.5]
  let p = 1;
  let t = x;
  while (t > 2.5) {
    t -= 1;
    p *= t;
  }
  return lgammaNear2(t - 2) + Math.log(p);
}

/** Γ(x) (scipy.special.gamma): ±inf at ±0, NaN at the negative integers and -inf, inf above 171.6. */
export function gamma(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x === 0) return 1 / x; // ±inf
  if (x === Number.POSITIVE_INFINITY) return x;
  if (x < 0 && Number.isInteger(x)) return Number.NaN;
  if (x === Number.NEGATIVE_INFINITY) return Number.NaN;
  if (x > 171.7) return Number.POSITIVE_INFINITY;
  if (x < 0.5) {
    // reflection Γ(x) = π / (sin(πx) Γ(1 - x)); tiny x: Γ(x) ≈ 1/x
    if (Math.abs(x) < 1e-300) return 1 / x;
    const s = sinPi(x);
    const g = gamma(1 - x);
    if (g === Number.POSITIVE_INFINITY) return 0 * s;
    return Math.PI / (s * g);
  }
  if (Number.isInteger(x) && x <= 23) {
    let f = 1;
    for (let k = 2; k < x; k++) f *= k; // exact below 23!
    return f;
  }
  // Γ(x) = (x-1)(x-2)…(t) Γ(t) with t in [1, 2), Γ(t) = e^{log Γ(t)} (log Γ accurate in absolute terms there)
  let t = x;
  let p = 1;
  while (t >= 2) {
    t -= 1;
    p *= t;
  }
  if (t < 1) {
    p /= t;
    t += 1;
  }
  return p * Math.exp(gammaln(t));
}

// ψ's asymptotic series: log x - 1/(2x) - Σ B₂ₖ / (2k x^{2k})
const PSI_SERIES = [1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760, 1 / 12];

/** ψ(2 + e) for |e| ≤ 0.5: 1 - γ + Σ_{k≥2} (-1)^k (ζ(k) - 1) e^{k-1} (Taylor series at 2). */
function psiNear2(e: number): number {
  const zeta = zetaM1();
  let s = 0;
  for (let k = 61; k >= 2; k--) s = s * -e + zeta[k - 2]!;
  return 1 - EULER_GAMMA + s * e;
}

/** ψ(1 + e) for |e| ≤ 0.5: -γ + Σ_{k≥2} (-1)^k ζ(k) e^{k-1} (Taylor series at 1). */
function psiNear1(e: number): number {
  const zeta = zetaM1();
  let s = 0;
  for (let k = 61; k >= 2; k--) s = s * -e + 1 + zeta[k - 2]!;
  return -EULER_GAMMA + s * e;
}

// ψ's positive zero x₀ = 1.46163214496836234126…, as a double plus the rest
const PSI_ROOT_HI = 1.4616321449683622;
const PSI_ROOT_LO = 9.549995429965697e-17;

/**
 * Taylor coefficients of ψ at x₀: ψ^{(k)}(x₀)/k! = (-1)^{k+1} ζ(k+1, x₀) for k = 1 … 40 (Hurwitz ζ by
 * Euler–Maclaurin). Computed on first use, not when the module loads.
 */
const psiRootCoefs = onFirstUse(computePsiRootCoefs);
function computePsiRootCoefs(): readonly number[] {
  const out: number[] = [];
  const N = 32;
  const a = PSI_ROOT_HI;
  for (let k = 1; k <= 40; k++) {
    const sExp = k + 1;
    let z = 0;
    for (let n = N - 1; n >= 0; n--) z += (n + a) ** -sExp;
    const b = N + a;
    const rising = (m: number): number => {
      let r = 1;
      for (let i = 0; i < m; i++) r *= sExp + i;
      return r;
    };
    z +=
      b ** (1 - sExp) / (sExp - 1) +
      b ** -sExp / 2 +
      (rising(1) * b ** (-sExp - 1)) / 12 -
      (rising(3) * b ** (-sExp - 3)) / 720 +
      (rising(5) * b ** (-sExp - 5)) / 30240 -
      (rising(7) * b ** (-sExp - 7)) / 1209600;
    out.push(k % 2 === 1 ? z : -z);
  }
  return out;
}

/** ψ(x) for |x - x₀| ≤ 0.25 by its Taylor series at the zero x₀ (full relative accuracy near the zero). */
function psiNearRoot(x: number): number {
  const d = x - PSI_ROOT_HI - PSI_ROOT_LO;
  const coefs = psiRootCoefs();
  let s = 0;
  for (let k = coefs.length; k >= 1; k--) s = s * d + coefs[k - 1]!;
  return s * d;
}

/** The digamma function ψ(x) = Γ'(x)/Γ(x) (scipy.special.psi): ∓inf at ±0, NaN at the negative integers. */
export function psi(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x === Number.POSITIVE_INFINITY) return x;
  if (x === Number.NEGATIVE_INFINITY) return Number.NaN;
  if (x === 0) return Object.is(x, -0) ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  if (x < 0 && Number.isInteger(x)) return Number.NaN;
  if (x < 0) {
    // reflection: ψ(1 - x) - ψ(x) = π / tan(πx) = π cos(πx) / sin(πx)
    const s = sinPi(x);
    const c = sinPi(x + 0.5);
    return psi(1 - x) - (Math.PI * c) / s;
  }
  if (x < 1e-300) return -1 / x;
  if (x < 0.5) return psiNear1(x) - 1 / x; // ψ(x) = ψ(x + 1) - 1/x
  if (Math.abs(x - PSI_ROOT_HI) <= 0.25) return psiNearRoot(x);
  if (x < 1.5) return psiNear1(x - 1);
  if (x <= 2.5) return psiNear2(x - 2);
  if (x < 10) {
    // ψ(x) = ψ(t) + Σ 1/(t + k), t in (1.5, 2.5]: positive terms
    let t = x;
    let acc = 0;
    while (t > 2.5) {
      t -= 1;
      acc += 1 / t;
    }
    return psiNear2(t - 2) + acc;
  }
  const r2 = 1 / (x * x);
  let s = 0;
  for (let k = PSI_SERIES.length - 1; k >= 0; k--) s = s * r2 + PSI_SERIES[k]!;
  return Math.log(x) - 0.5 / x - s * r2;
}
