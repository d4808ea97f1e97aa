/**
 * The scalar functions the elementwise shaders call, in GLSL ES 3.00 on float32, written to agree with
 * core's scalar implementations (numpy's semantics) wherever float32 allows: NaN and the infinities, the sign
 * of zero, C's pow special cases, exact float modulo (`fmod`, as numpy's `npy_divmod`), Python's floor
 * division, integer wraparound.
 *
 * GPU built-ins are not used for transcendental functions: their accuracy is unspecified (SwiftShader's
 * `exp`, `log`, `sin` and `pow` err by tens to millions of ulps, and `log(-1)`, `log(0)` or `sin(1e30)` come
 * back as ordinary numbers). Instead: exp and expm1 by Cody–Waite reduction and a polynomial; log and log1p
 * by fdlibm's decomposition (exponent and a mantissa near 1, atanh series); sin and cos by Cody–Waite
 * reduction below 4096 and Payne–Hanek reduction beyond (the 2/π bits times the mantissa, in 12-bit integer
 * limbs, exact for every float), then a polynomial on [-π/4, π/4]; pow as exp2(b · log2 a) with log2 a and
 * the product carried in two floats (so large results keep their accuracy); erf by its Taylor series below 1
 * and a polynomial fitted to core's erfc above. Each is within 1 or 2 ulps of core (the backend's declared
 * numerics). Extra precision comes from error-free transformations (products split into 12-bit halves,
 * every partial product exact; Knuth's two-sum), which assume the compiler keeps float operations on
 * variables as written. Compilers do fold constants through them (SwiftShader turns `(1.0 + x) - 1.0` into
 * `x`), so no correction here subtracts a literal from a sum it was added to.
 *
 * Each helper is a named snippet with its dependencies; a shader includes only the helpers its code calls
 * (`glslHelpersFor`).
 */

import { scalar } from '@theano-ts/core';

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** `v` rounded to float32, written as a GLSL float literal that parses back to the same float. */
export function glslFloat(v: number): string {
  if (Number.isNaN(v)) return 'TH_NAN';
  if (!Number.isFinite(v)) return v > 0 ? 'TH_INF' : '(-TH_INF)';
  if (Object.is(v, -0)) return 'TH_NEG_ZERO';
  const s = String(Math.fround(v));
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

/** `x` with its 12 low mantissa bits cleared (12 significant bits left), in float32. */
function hi12(x: number): number {
  F32[0] = x;
  U32[0]! &= 0xfffff000;
  return F32[0]!;
}

const lit = glslFloat;
const LN2_HI = 0.693145751953125; // 0x3f317200: 15 significant bits, so k · LN2_HI is exact for |k| < 2^9
const LN2_LO = Math.LN2 - LN2_HI;
const LOG2E_HI = Math.fround(Math.LOG2E);
const LOG2E_LO = Math.LOG2E - LOG2E_HI;
const PIO2_HI = Math.fround(Math.PI / 2);
const PIO2_LO = Math.PI / 2 - PIO2_HI;

/** Horner's rule on `x` with these coefficients (lowest degree first), as a GLSL expression. */
function horner(x: string, coefs: readonly number[]): string {
  let e = lit(coefs[coefs.length - 1]!);
  for (let k = coefs.length - 2; k >= 0; k--) e = `${lit(coefs[k]!)} + ${x} * (${e})`;
  return e;
}

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

/** 1/2!, 1/3!, …, 1/8!: (e^r - 1 - r) / r² on |r| ≤ ln2/2 (truncation below 2^-30). */
const EXP_COEFS = [2, 3, 4, 5, 6, 7, 8].map((n) => 1 / factorial(n));
/** 2/3, 2/5, …, 2/11: log(1+f) = 2 atanh(s), s = f/(2+f) ≤ 0.172. */
const ATANH_COEFS = [3, 5, 7, 9, 11].map((n) => 2 / n);
/** Taylor coefficients of sin r / r - 1 and of (cos r - 1 + r²/2) / r⁴ in z = r², |r| ≤ π/4. */
const SIN_COEFS = [1, 2, 3, 4].map((n) => (n % 2 ? -1 : 1) / factorial(2 * n + 1));
const COS_COEFS = [2, 3, 4, 5].map((n) => (n % 2 ? -1 : 1) / factorial(2 * n));
/** erf(x)/x - 2/√π in z = x² (Taylor, |x| < 1), from the z coefficient up. */
const ERF_COEFS = Array.from(
  { length: 11 },
  (_, k) => ((2 / Math.sqrt(Math.PI)) * ((k + 1) % 2 ? -1 : 1)) / (factorial(k + 1) * (2 * k + 3)),
);
/**
 * The polynomial (coefficients by degree, in s ∈ [-1, 1] mapped linearly onto [a, b]) interpolating `fn` at
 * the degree + 1 Chebyshev nodes of [a, b].
 */
function chebyshevPolynomial(fn: (x: number) => number, a: number, b: number, degree: number): number[] {
  const n = degree + 1;
  const values = Array.from({ length: n }, (_, k) => fn(((b - a) * Math.cos((Math.PI * (k + 0.5)) / n) + a + b) / 2));
  const poly = new Array<number>(n).fill(0);
  let prev = [1];
  let cur = [0, 1];
  for (let j = 0; j < n; j++) {
    let c = 0;
    for (let k = 0; k < n; k++) c += values[k]! * Math.cos((Math.PI * j * (k + 0.5)) / n);
    c *= (j === 0 ? 1 : 2) / n;
    const t = j === 0 ? [1] : cur;
    t.forEach((ti, i) => {
      poly[i]! += c * ti;
    });
    if (j > 0) {
      const next = new Array<number>(cur.length + 1).fill(0);
      cur.forEach((ci, i) => {
        next[i + 1]! += 2 * ci;
      });
      prev.forEach((pi, i) => {
        next[i]! -= pi;
      });
      prev = cur;
      cur = next;
    }
  }
  return poly;
}

/** erf is ±1 in float32 beyond this; on [1, ERF_TAIL) erfc x = e^{-x²} g(x) / x, g from core's erf. */
const ERF_TAIL = 3.92;
const ERFC_G = chebyshevPolynomial((x) => (1 - scalar.erf(x)) * Math.exp(x * x) * x, 1, ERF_TAIL, 10);

/** log(1+g) - g + g²/2 = g³ (1/3 - g/4 + g²/5 - …), |g| ≤ 1/16. */
const LOG1P_TAIL = [3, 4, 5, 6, 7, 8, 9, 10].map((n) => (n % 2 ? 1 : -1) / n);

/**
 * log2 table: the mantissa m ∈ [1, 2) is split into 16 intervals; c_j ≈ 1/(interval midpoint), with 12
 * significant bits so that m·c_j - 1 is computed exactly; log(1/c_j) in two floats. The first interval
 * (m near 1) and the last (m near 2, taken as m/2 near 1) use c = 1, so that log2 of values near 1 has no
 * cancellation.
 */
const LOG_C = Array.from({ length: 16 }, (_, j) =>
  j === 0 || j === 15 ? 1 : hi12(Math.fround(1 / (1 + (j + 0.5) / 16))),
);
const LOG_C_HI = LOG_C.map((c) => Math.fround(-Math.log(c)));
const LOG_C_LO = LOG_C.map((c, j) => -Math.log(c) - LOG_C_HI[j]!);

/** π/2 in hexadecimal: 1.921fb54442d18469898cc517… */
const PIO2_HEX = '921fb54442d18469898cc517';

/**
 * π/2 as five floats for Cody–Waite reduction: four pieces of 12 significant bits (n · piece is exact for
 * n < 2^12) and the rest rounded; 72 bits of π/2 in all.
 */
const PIO2_PIECES: readonly number[] = (() => {
  const bits = [1, ...[...PIO2_HEX].flatMap((h) => [3, 2, 1, 0].map((k) => (Number.parseInt(h, 16) >> k) & 1))];
  const piece = (from: number, to: number): number => {
    let s = 0;
    for (let j = from; j < to; j++) s += bits[j]! * 2 ** -j;
    return s;
  };
  return [piece(0, 12), piece(12, 24), piece(24, 36), piece(36, 48), Math.fround(piece(48, bits.length))];
})();

/** The first 256 bits of 2/π (after the binary point), preceded by a zero word, for Payne–Hanek reduction. */
const TWO_OVER_PI = [
  0x00000000, 0xa2f9836e, 0x4e441529, 0xfc2757d1, 0xf534ddc0, 0xdb629599, 0x3c439041, 0xfe5163ab, 0xdebbc561,
];

const floats = (name: string, vs: readonly number[]): string =>
  `const float ${name}[${vs.length}] = float[${vs.length}](${vs.map(lit).join(', ')});`;

/**
 * The limb arithmetic of `thReduce`, unrolled (GPUs spill local arrays): a_p, the 12-bit limbs of m · W mod
 * 2^96 (a_0 least significant), carried; n mod 4 from the top two bits; the 94-bit fraction negated when it
 * is at least 1/2 (so that |r| <= π/4); its limbs as exact floats, summed into fh + fl; times π/2.
 */
const REDUCE_LIMBS = (() => {
  const L: string[] = [];
  const p8 = [0, 1, 2, 3, 4, 5, 6, 7];
  L.push(`  uint a0 = ml * u7;`);
  for (const p of p8.slice(1)) L.push(`  uint a${p} = ml * u${7 - p} + mh * u${8 - p};`);
  for (const p of p8.slice(0, 7)) L.push(`  a${p + 1} += a${p} >> 12; a${p} &= 0xfffu;`);
  L.push(`  uint n = (a7 >> 10) & 3u;`);
  L.push(`  bool neg = (a7 & 0x200u) != 0u;`);
  L.push(`  if (neg) {`);
  L.push(`    n = (n + 1u) & 3u;`);
  L.push(`    uint v = ((~a0) & 0xfffu) + 1u;`);
  for (const p of p8.slice(1)) L.push(`    a${p - 1} = v & 0xfffu; v = ((~a${p}) & 0xfffu) + (v >> 12);`);
  L.push(`    a7 = v;`);
  L.push(`  }`);
  L.push(`  a7 &= 0x3ffu;`);
  for (const p of p8) L.push(`  float t${p} = float(a${p}) * ${lit(2 ** (12 * p - 94))};`);
  L.push(`  float fh = ${p8.map((p) => `t${p}`).join(' + ')};`);
  L.push(
    `  float fl = -fh + ${[...p8]
      .reverse()
      .map((p) => `t${p}`)
      .join(' + ')};`,
  );
  L.push(`  vec2 pr = thMul2(fh, ${lit(PIO2_HI)});`);
  L.push(`  float lo = pr.y + (fh * ${lit(PIO2_LO)} + fl * ${lit(PIO2_HI)});`);
  L.push(`  float rh = pr.x + lo;`);
  L.push(`  float rl = lo - (rh - pr.x);`);
  L.push(`  return neg ? vec3(-rh, -rl, float(n)) : vec3(rh, rl, float(n));`);
  return L.join('\n');
})();

interface Helper {
  readonly deps: readonly string[];
  readonly code: string;
}

/** The helpers, by name; each names the helpers it calls. */
const HELPERS: Readonly<Record<string, Helper>> = {
  TH_CONSTANTS: {
    deps: [],
    code: `
#define TH_NAN uintBitsToFloat(0x7fc00000u)
#define TH_INF uintBitsToFloat(0x7f800000u)
#define TH_NEG_ZERO uintBitsToFloat(0x80000000u)`,
  },
  thIsNan: {
    deps: ['TH_CONSTANTS'],
    code: `
bool thIsNan(float x) { return (floatBitsToUint(x) & 0x7fffffffu) > 0x7f800000u; }`,
  },
  thIsInf: {
    deps: ['TH_CONSTANTS'],
    code: `
bool thIsInf(float x) { return (floatBitsToUint(x) & 0x7fffffffu) == 0x7f800000u; }`,
  },
  // zero or subnormal: a GPU that flushes subnormals reads these as zeros
  thIsTiny: {
    deps: ['TH_CONSTANTS'],
    code: `
bool thIsTiny(float x) { return (floatBitsToUint(x) & 0x7f800000u) == 0u; }`,
  },
  thSignBit: {
    deps: [],
    code: `
bool thSignBit(float x) { return (floatBitsToUint(x) >> 31) != 0u; }`,
  },
  // v · 2^k for |k| <= 252, in two exact steps (each factor a normal power of two)
  thScale: {
    deps: [],
    code: `
float thPow2i(int k) { return uintBitsToFloat(uint(k + 127) << 23); }
float thScale(float v, int k) { int h = k / 2; return v * thPow2i(h) * thPow2i(k - h); }`,
  },
  // error-free transformations: a·b = p + e exactly (12-bit halves make every partial product exact),
  // a + b = s + e exactly (Knuth's two-sum; the fast form needs |a| >= |b|)
  thMul2: {
    deps: [],
    code: `
float thHi12(float x) { return uintBitsToFloat(floatBitsToUint(x) & 0xfffff000u); }
vec2 thMul2(float a, float b) {
  float ah = thHi12(a), al = a - ah, bh = thHi12(b), bl = b - bh;
  float p = a * b;
  return vec2(p, ((ah * bh - p) + ah * bl + al * bh) + al * bl);
}
vec2 thTwoSum(float a, float b) { float s = a + b; float bb = s - a; return vec2(s, (a - (s - bb)) + (b - bb)); }
vec2 thFastTwoSum(float a, float b) { float s = a + b; return vec2(s, b - (s - a)); }`,
  },
  // e^r - 1 for |r| <= ln2/2 (Taylor to degree 8)
  thExpPoly: {
    deps: [],
    code: `
float thExpPoly(float r) { return r + (r * r) * (${horner('r', EXP_COEFS)}); }`,
  },
  // x = k ln2 + r (Cody–Waite: k·LN2_HI is exact, x - k·LN2_HI too), e^x = 2^k (1 + expm1(r))
  thExp: {
    deps: ['thIsNan', 'thScale', 'thExpPoly'],
    code: `
float thExp(float x) {
  if (thIsNan(x)) return x;
  if (x > 88.72283935546875) return TH_INF;
  if (x < -104.0) return 0.0;
  float k = floor(x * ${lit(LOG2E_HI)} + 0.5);
  float r = (x - k * ${lit(LN2_HI)}) - k * ${lit(LN2_LO)};
  return thScale(1.0 + thExpPoly(r), int(k));
}`,
  },
  // e^x - 1 = 2^k expm1(r) + (2^k - 1): both terms exact but for one rounding each
  thExpm1: {
    deps: ['thIsNan', 'thScale', 'thExpPoly'],
    code: `
float thExpm1(float x) {
  if (thIsNan(x)) return x;
  if (x > 88.72283935546875) return TH_INF;
  if (x < -17.4) return -1.0;
  if (abs(x) < ${lit(2 ** -25)}) return x;
  float k = floor(x * ${lit(LOG2E_HI)} + 0.5);
  float r = (x - k * ${lit(LN2_HI)}) - k * ${lit(LN2_LO)};
  float p = thExpPoly(r);
  if (k == 0.0) return p;
  if (k > 100.0) return thScale(1.0 + p, int(k));
  float t = thPow2i(int(k));
  return t * p + (t - 1.0);
}`,
  },
  // log(2^e (1 + f)) + c for 1 + f in [√½, √2): fdlibm's decomposition, log(1+f) = f - f²/2 + s(f²/2 + R)
  // with s = f/(2+f) and R = 2s²/3 + 2s⁴/5 + …; c corrects the rounding of 1 + x in log1p
  thLogCore: {
    deps: [],
    code: `
vec2 thLogSplit(float x) {
  uint ix = floatBitsToUint(x);
  int e = int(ix >> 23) - 127;
  uint mb = ix & 0x7fffffu;
  float m = uintBitsToFloat(mb | 0x3f800000u);
  if (mb > 0x3504f3u) { m = uintBitsToFloat(mb | 0x3f000000u); e += 1; }
  return vec2(float(e), m - 1.0);
}
float thLogCore(vec2 ef, float c) {
  float e = ef.x, f = ef.y;
  float s = f / (2.0 + f);
  float z = s * s;
  float R = z * (${horner('z', ATANH_COEFS)});
  float hfsq = 0.5 * f * f;
  return e * ${lit(LN2_HI)} + (f - (hfsq - (s * (hfsq + R) + (e * ${lit(LN2_LO)} + c))));
}`,
  },
  thLog: {
    deps: ['thIsNan', 'thIsInf', 'thIsTiny', 'thLogCore'],
    code: `
float thLog(float x) {
  if (thIsNan(x) || x < 0.0) return TH_NAN;
  if (thIsTiny(x)) return -TH_INF;
  if (thIsInf(x)) return x;
  return thLogCore(thLogSplit(x), 0.0);
}`,
  },
  // log2 x = e + log(m) · log2(e) for x = 2^e · m: exact at powers of two
  thLog2: {
    deps: ['thIsNan', 'thIsInf', 'thIsTiny', 'thLogCore'],
    code: `
float thLog2(float x) {
  if (thIsNan(x) || x < 0.0) return TH_NAN;
  if (thIsTiny(x)) return -TH_INF;
  if (thIsInf(x)) return x;
  vec2 ef = thLogSplit(x);
  return ef.x + thLogCore(vec2(0.0, ef.y), 0.0) * ${lit(Math.LOG2E)};
}`,
  },
  // log1p: log(u) + c, u = 1 + x rounded and c = (x - (u - 1)) / u its rounding error (fdlibm's correction)
  thLog1p: {
    deps: ['thIsNan', 'thIsInf', 'thLogCore', 'thScale'],
    code: `
float thLog1p(float x) {
  if (thIsNan(x) || x < -1.0) return TH_NAN;
  if (x == -1.0) return -TH_INF;
  if (thIsInf(x)) return x;
  if (abs(x) < ${lit(2 ** -24)}) return x;
  vec2 ef = thLogSplit(1.0 + x);
  // u = 1 + x rebuilt from its exponent and mantissa: compilers fold (1 + x) - 1 to x, never this
  float u = thScale(ef.y + 1.0, int(ef.x));
  float c = (u >= 2.0 ? 1.0 - (u - x) : x - (u - 1.0)) / u;
  return thLogCore(ef, c);
}`,
  },
  // tanh |x| = -expm1(-2|x|) / (expm1(-2|x|) + 2); 1 beyond 9.1, x itself below 2^-12
  thTanh: {
    deps: ['thIsNan', 'thExpm1'],
    code: `
float thTanh(float x) {
  if (thIsNan(x)) return x;
  float ax = abs(x);
  if (ax < ${lit(2 ** -12)}) return x;
  float t = 1.0;
  if (ax <= 9.1) { float u = thExpm1(-2.0 * ax); t = -u / (u + 2.0); }
  return x < 0.0 ? -t : t;
}`,
  },
  // core's forms: evaluated on the side that does not overflow
  thSigmoid: {
    deps: ['thExp'],
    code: `
float thSigmoid(float x) {
  if (x >= 0.0) return 1.0 / (1.0 + thExp(-x));
  float e = thExp(x);
  return e / (1.0 + e);
}`,
  },
  thSoftplus: {
    deps: ['thExp', 'thLog1p'],
    code: `
float thSoftplus(float x) { return x > 0.0 ? x + thLog1p(thExp(-x)) : thLog1p(thExp(x)); }`,
  },
  // Payne–Hanek: for finite x >= π/4, x = n·π/2 + r exactly to float precision. x = m·2^e (24-bit m); the
  // 96 bits of 2/π from bit e-1 on, times m, modulo 2^96 (12-bit limbs, 32-bit integer arithmetic), give
  // n mod 4 (top 2 bits) and the fraction (94 bits), which is rounded to nearest and times π/2 in two floats.
  // Returns (r, r_lo, n mod 4).
  thReduce: {
    deps: ['thMul2'],
    code: `
const uint TH_2OPI[9] = uint[9](${TWO_OVER_PI.map((w) => `0x${w.toString(16).padStart(8, '0')}u`).join(', ')});
vec3 thReduce(float x) {
  uint ix = floatBitsToUint(x);
  int q = int(ix >> 23) - 120;
  int k = q >> 5, s = q & 31;
  uint w0 = TH_2OPI[k], w1 = TH_2OPI[k + 1], w2 = TH_2OPI[k + 2];
  if (s != 0) {
    uint w3 = TH_2OPI[k + 3];
    w0 = (w0 << s) | (w1 >> (32 - s));
    w1 = (w1 << s) | (w2 >> (32 - s));
    w2 = (w2 << s) | (w3 >> (32 - s));
  }
  uint u0 = w0 >> 20, u1 = (w0 >> 8) & 0xfffu, u2 = ((w0 << 4) | (w1 >> 28)) & 0xfffu, u3 = (w1 >> 16) & 0xfffu;
  uint u4 = (w1 >> 4) & 0xfffu, u5 = ((w1 << 8) | (w2 >> 24)) & 0xfffu, u6 = (w2 >> 12) & 0xfffu, u7 = w2 & 0xfffu;
  uint m = (ix & 0x7fffffu) | 0x800000u;
  uint ml = m & 0xfffu, mh = m >> 12;
${REDUCE_LIMBS}
}`,
  },
  // Cody–Waite, for π/4 < x < 4096: x - n·π/2 with π/2 in five pieces (n·piece exact for the first four),
  // accumulated in two floats (two-sums). Returns (r, r_lo, n mod 4), as thReduce.
  thReduceMedium: {
    deps: ['thMul2'],
    code: `
vec3 thReduceMedium(float x) {
  float n = floor(x * ${lit(2 / Math.PI)} + 0.5);
  vec2 s = thTwoSum(x - n * ${lit(PIO2_PIECES[0]!)}, -n * ${lit(PIO2_PIECES[1]!)});
  vec2 t = thTwoSum(s.x, -n * ${lit(PIO2_PIECES[2]!)});
  s = vec2(t.x, t.y + s.y);
  t = thTwoSum(s.x, -n * ${lit(PIO2_PIECES[3]!)});
  s = vec2(t.x, t.y + s.y);
  t = thTwoSum(s.x, -n * ${lit(PIO2_PIECES[4]!)});
  s = thFastTwoSum(t.x, t.y + s.y);
  return vec3(s, float(int(n) & 3));
}`,
  },
  // sin(r + rl) and cos(r + rl) for |r| <= π/4 (Taylor; rl the low part of the reduced argument)
  thSinCosPoly: {
    deps: [],
    code: `
float thSinPoly(float r, float rl) {
  float z = r * r;
  return r + ((r * z) * (${horner('z', SIN_COEFS)}) + rl);
}
float thCosPoly(float r, float rl) {
  float z = r * r;
  return 1.0 - (0.5 * z - ((z * z) * (${horner('z', COS_COEFS)}) - r * rl));
}`,
  },
  thSin: {
    deps: ['thIsNan', 'thIsInf', 'thReduce', 'thReduceMedium', 'thSinCosPoly'],
    code: `
float thSin(float x) {
  if (thIsNan(x) || thIsInf(x)) return TH_NAN;
  float ax = abs(x);
  if (ax < ${lit(2 ** -12)}) return x;
  if (ax <= ${lit(Math.PI / 4)}) return thSinPoly(x, 0.0);
  vec3 r;
  if (ax < 4096.0) r = thReduceMedium(ax);
  else r = thReduce(ax);
  int n = int(r.z);
  float v = (n & 1) == 0 ? thSinPoly(r.x, r.y) : thCosPoly(r.x, r.y);
  if (n >= 2) v = -v;
  return x < 0.0 ? -v : v;
}`,
  },
  thCos: {
    deps: ['thIsNan', 'thIsInf', 'thReduce', 'thReduceMedium', 'thSinCosPoly'],
    code: `
float thCos(float x) {
  if (thIsNan(x) || thIsInf(x)) return TH_NAN;
  float ax = abs(x);
  if (ax <= ${lit(Math.PI / 4)}) return thCosPoly(ax, 0.0);
  vec3 r;
  if (ax < 4096.0) r = thReduceMedium(ax);
  else r = thReduce(ax);
  int n = int(r.z);
  float v = (n & 1) == 0 ? thCosPoly(r.x, r.y) : thSinPoly(r.x, r.y);
  return (n == 1 || n == 2) ? -v : v;
}`,
  },
  // log2 x in two floats for finite normal x > 0: x = 2^e m, m·c_j = 1 + g (exact, g in two floats,
  // |g| <= 1/16), log(1+g) = g - g²/2 + g³(…) with g² exact, plus log(1/c_j), times log2(e)
  thLog2dd: {
    deps: ['thMul2'],
    code: `
${floats('TH_LOG_C', LOG_C)}
${floats('TH_LOG_C_HI', LOG_C_HI)}
${floats('TH_LOG_C_LO', LOG_C_LO)}
vec2 thLog2dd(float x) {
  uint ix = floatBitsToUint(x);
  int e = int(ix >> 23) - 127;
  uint mb = ix & 0x7fffffu;
  int j = int(mb >> 19);
  float m = uintBitsToFloat(mb | 0x3f800000u);
  if (j == 15) { m = uintBitsToFloat(mb | 0x3f000000u); e += 1; }
  float c = TH_LOG_C[j];
  float mh = thHi12(m), ml = m - mh;
  vec2 g = thTwoSum(mh * c - 1.0, ml * c);
  vec2 sq = thMul2(g.x, g.x);
  float tail = (g.x * sq.x) * (${horner('g.x', LOG1P_TAIL)});
  vec2 h = thTwoSum(TH_LOG_C_HI[j], g.x);
  vec2 h2 = thTwoSum(h.x, -0.5 * sq.x);
  float l = ((h.y + h2.y) + ((g.y - 0.5 * sq.y) - g.x * g.y)) + (tail + TH_LOG_C_LO[j]);
  vec2 L = thFastTwoSum(h2.x, l);
  vec2 p = thMul2(L.x, ${lit(LOG2E_HI)});
  float pl = p.y + (L.x * ${lit(LOG2E_LO)} + L.y * ${lit(LOG2E_HI)});
  vec2 s = thTwoSum(float(e), p.x);
  return thFastTwoSum(s.x, s.y + pl);
}`,
  },
  // C's pow (numpy's for floats): 1 ** y = x ** 0 = 1 (even NaN), (-1) ** ±inf = 1, signed zeros and
  // infinities for odd integer exponents, NaN for a negative base and a non-integer exponent;
  // otherwise 2^(b · log2|a|) with the exponent in two floats
  thPow: {
    deps: ['thIsNan', 'thIsInf', 'thIsTiny', 'thSignBit', 'thScale', 'thExpPoly', 'thLog2dd'],
    code: `
float thPow(float a, float b) {
  if (a == 1.0 || b == 0.0) return 1.0;
  if (thIsNan(a) || thIsNan(b)) return TH_NAN;
  float ax = abs(a);
  if (thIsInf(b)) return ax == 1.0 ? 1.0 : ((ax < 1.0) == (b > 0.0) ? 0.0 : TH_INF);
  bool odd = abs(b) < 16777216.0 && fract(b * 0.5) == 0.5;
  bool neg = odd && thSignBit(a);
  float r;
  if (thIsTiny(ax)) r = b < 0.0 ? TH_INF : 0.0;
  else if (thIsInf(ax)) r = b < 0.0 ? 0.0 : TH_INF;
  else if (a < 0.0 && floor(b) != b) return TH_NAN;
  else {
    vec2 L = thLog2dd(ax);
    float y0 = b * L.x;
    if (y0 > 200.0) r = TH_INF;
    else if (y0 < -200.0) r = 0.0;
    else {
      vec2 p = thMul2(b, L.x);
      vec2 y = thFastTwoSum(p.x, p.y + b * L.y);
      if (y.x > 128.5) r = TH_INF;
      else if (y.x < -160.0) r = 0.0;
      else {
        float n = floor(y.x + 0.5);
        r = thScale(1.0 + thExpPoly(((y.x - n) + y.y) * ${lit(Math.LN2)}), int(n));
      }
    }
  }
  return neg ? -r : r;
}`,
  },
  // erf: |x| < 1, x + x·(erf(x)/x - 1) from the Taylor series (tiny x scaled up first, so that the product
  // stays normal); 1 <= |x| < 3.92, 1 - erfc x with erfc x = e^{-x²} g(x) / x, g a degree-10 polynomial
  // interpolating core's erf (e^{-x²} from x² in two floats); beyond, ±1
  // sinh x = sign(x) (t + t/(t + 1))/2 with t = e^|x| - 1 (no cancellation near 0)
  thSinh: {
    deps: ['thExpm1', 'thExp', 'TH_CONSTANTS'],
    code: `
float thSinh(float x) {
  float ax = abs(x);
  if (ax > 88.0) return x * TH_INF;
  float t = thExpm1(ax);
  float r = 0.5 * (t + t / (t + 1.0));
  return x < 0.0 ? -r : (ax == 0.0 ? x : r);
}`,
  },
  // cosh x = (e^|x| + e^-|x|)/2
  thCosh: {
    deps: ['thExp'],
    code: `
float thCosh(float x) {
  float e = thExp(abs(x));
  return 0.5 * e + 0.5 / e;
}`,
  },
  // arcsinh x = sign(x) log1p(|x| + x²/(1 + √(1 + x²))); log|x| + log 2 for huge |x|
  thAsinh: {
    deps: ['thLog1p', 'thLog'],
    code: `
float thAsinh(float x) {
  float ax = abs(x);
  float r = ax > 1e18 ? thLog(ax) + ${lit(Math.LN2)} : thLog1p(ax + ax * ax / (1.0 + sqrt(1.0 + ax * ax)));
  return x < 0.0 ? -r : (ax == 0.0 ? x : r);
}`,
  },
  // arccosh x = log1p(t + √(2t + t²)) with t = x - 1; log x + log 2 for huge x; NaN below 1
  thAcosh: {
    deps: ['thLog1p', 'thLog', 'TH_CONSTANTS'],
    code: `
float thAcosh(float x) {
  if (x < 1.0) return TH_NAN;
  if (x > 1e18) return thLog(x) + ${lit(Math.LN2)};
  float t = x - 1.0;
  return thLog1p(t + sqrt(2.0 * t + t * t));
}`,
  },
  // arctanh x = sign(x) log1p(2|x|/(1 - |x|))/2
  thAtanh: {
    deps: ['thLog1p', 'TH_CONSTANTS'],
    code: `
float thAtanh(float x) {
  float ax = abs(x);
  if (ax > 1.0) return TH_NAN;
  float r = 0.5 * thLog1p(2.0 * ax / (1.0 - ax));
  return x < 0.0 ? -r : (ax == 0.0 ? x : r);
}`,
  },
  // arccos from the GPU's asin (GLSL's acos is far less accurate): π/2 - asin x near 0, 2 asin √((1 - |x|)/2) near ±1
  thAcos: {
    deps: ['TH_CONSTANTS'],
    code: `
float thAcos(float x) {
  if (abs(x) > 1.0) return TH_NAN;
  if (abs(x) <= 0.5) return ${lit(Math.PI / 2)} - asin(x);
  float r = 2.0 * asin(sqrt(0.5 * (1.0 - abs(x))));
  return x > 0.0 ? r : ${lit(Math.PI)} - r;
}`,
  },
  // atan2 with C's special cases: two zeros, two infinities, the sign of y on the result
  thAtan2: {
    deps: ['thIsNan', 'thIsInf', 'thSignBit', 'TH_CONSTANTS'],
    code: `
float thAtan2(float y, float x) {
  if (thIsNan(x) || thIsNan(y)) return TH_NAN;
  float ay = abs(y);
  float ax = abs(x);
  float t;
  if (ay == 0.0 && ax == 0.0) t = 0.0;
  else if (thIsInf(y) && thIsInf(x)) t = ${lit(Math.PI / 4)};
  else if (ax == 0.0 || thIsInf(y)) t = ${lit(Math.PI / 2)};
  else if (thIsInf(x)) t = 0.0;
  else t = ay > ax ? ${lit(Math.PI / 2)} - atan(ax / ay) : atan(ay / ax);
  if (thSignBit(x)) t = ${lit(Math.PI)} - t;
  return thSignBit(y) ? -t : t;
}`,
  },
  // hypot: inf if either is infinite (NaN or not), NaN if either is NaN, else m √(1 + (n/m)²)
  thHypot: {
    deps: ['thIsNan', 'thIsInf', 'TH_CONSTANTS'],
    code: `
float thHypot(float a, float b) {
  if (thIsInf(a) || thIsInf(b)) return TH_INF;
  if (thIsNan(a) || thIsNan(b)) return TH_NAN;
  float m = max(abs(a), abs(b));
  float n = min(abs(a), abs(b));
  if (m == 0.0) return 0.0;
  float r = n / m;
  return m * sqrt(1.0 + r * r);
}`,
  },
  thErf: {
    deps: ['thIsNan', 'thMul2', 'thExp'],
    code: `
float thErf(float x) {
  if (thIsNan(x)) return x;
  float ax = abs(x);
  if (ax < ${lit(2 ** -60)}) {
    float y = x * ${lit(2 ** 64)};
    return (y + y * ${lit(2 / Math.sqrt(Math.PI) - 1)}) * ${lit(2 ** -64)};
  }
  if (ax < 1.0) {
    float z = x * x;
    return x + x * (${lit(2 / Math.sqrt(Math.PI) - 1)} + z * (${horner('z', ERF_COEFS)}));
  }
  if (ax >= ${lit(ERF_TAIL)}) return x > 0.0 ? 1.0 : -1.0;
  vec2 h = thMul2(ax, ax);
  float em = thExp(-h.x) * (1.0 - h.y);
  float s = (2.0 * ax - ${lit(1 + ERF_TAIL)}) / ${lit(ERF_TAIL - 1)};
  float r = 1.0 - em * (${horner('s', ERFC_G)}) / ax;
  return x < 0.0 ? -r : r;
}`,
  },
  // exact float modulo (C's fmod, the sign of a) for finite a and finite nonzero b: the mantissas' remainder,
  // shifted 8 bits at a time through the exponent difference (32-bit integer arithmetic), scaled back
  thFmod: {
    deps: ['thScale'],
    code: `
float thFmod(float a, float b) {
  uint ia = floatBitsToUint(a), ib = floatBitsToUint(b);
  int ea = int((ia >> 23) & 0xffu), eb = int((ib >> 23) & 0xffu);
  uint ma = (ia & 0x7fffffu) | 0x800000u, mb = (ib & 0x7fffffu) | 0x800000u;
  if (ea == 0 || ea < eb || (ea == eb && ma < mb)) return a;
  uint r = ma % mb;
  for (int d = ea - eb; d > 0 && r != 0u; d -= 8) r = (r << min(d, 8)) % mb;
  float v = thScale(float(r), eb - 150);
  return (ia >> 31) != 0u ? -v : v;
}`,
  },
  // numpy's float modulo: fmod moved to the divisor's sign (m + b where the signs differ), NaN for b = 0 or
  // an infinite a. Computed on the mantissas as integers, so that a remainder below the normal range (a tiny
  // b) is never flushed before b is added to it: one scaling at the end.
  thModF: {
    deps: ['thIsNan', 'thIsInf', 'thIsTiny', 'thScale'],
    code: `
float thModF(float a, float b) {
  if (thIsNan(a) || thIsNan(b) || thIsInf(a) || thIsTiny(b)) return TH_NAN;
  uint ia = floatBitsToUint(a), ib = floatBitsToUint(b);
  bool sa = (ia >> 31) != 0u, sb = (ib >> 31) != 0u;
  if (thIsTiny(a)) return sb ? TH_NEG_ZERO : 0.0;
  if (thIsInf(b)) return sa != sb ? b : a;
  int ea = int((ia >> 23) & 0xffu), eb = int((ib >> 23) & 0xffu);
  uint ma = (ia & 0x7fffffu) | 0x800000u, mb = (ib & 0x7fffffu) | 0x800000u;
  if (ea < eb || (ea == eb && ma < mb)) return sa != sb ? a + b : a;
  uint r = ma % mb;
  for (int d = ea - eb; d > 0 && r != 0u; d -= 8) r = (r << min(d, 8)) % mb;
  if (r == 0u) return sb ? TH_NEG_ZERO : 0.0;
  if (sa != sb) r = mb - r;
  float v = thScale(float(r), eb - 150);
  return sb ? -v : v;
}`,
  },
  // numpy's float floor division (npy_divmod): (a - fmod(a, b)) / b, an exact integer computed in two
  // floats and rounded once, less 1 where the remainder's sign differs from b's; a / b for b = 0. Floor
  // division is scale-free: a tiny b is scaled up with a first, keeping the remainder and the products' low
  // parts normal (a GPU flushes subnormals)
  thFloorDivF: {
    deps: ['thIsNan', 'thIsInf', 'thIsTiny', 'thSignBit', 'thFmod', 'thMul2'],
    code: `
float thFloorDivF(float a, float b) {
  if (thIsTiny(b) || thIsNan(a) || thIsNan(b)) return a / b;
  if (thIsInf(a)) return TH_NAN;
  bool neg = thSignBit(a) != thSignBit(b);
  if (abs(b) < ${lit(2 ** -63)} && abs(a) < ${lit(2 ** 63)}) { a *= ${lit(2 ** 64)}; b *= ${lit(2 ** 64)}; }
  float m = thIsInf(b) ? a : thFmod(a, b);
  float adj = (m != 0.0 && (b < 0.0) != (m < 0.0)) ? 1.0 : 0.0;
  vec2 d = thTwoSum(a, -m);
  float q = d.x / b;
  float div = q - adj;
  if (abs(b) >= ${lit(2 ** -63)} && !thIsInf(b) && !thIsInf(q)) {
    vec2 p = thMul2(q, b);
    div = q + (((d.x - p.x) - p.y + d.y) / b - adj);
  }
  if (div == 0.0) return neg ? TH_NEG_ZERO : 0.0;
  float fl = floor(div);
  return div - fl > 0.5 ? fl + 1.0 : fl;
}`,
  },
  // Python's floor division and modulo of integers held exactly in floats (|values| < 2^24); 0 for b = 0
  thFloorDivI: {
    deps: [],
    code: `
float thFloorDivI(float a, float b) {
  if (b == 0.0) return 0.0;
  float q = floor(a / b);
  float r = a - q * b;
  if (b > 0.0 ? r < 0.0 : r > 0.0) q -= 1.0;
  else if (b > 0.0 ? r >= b : r <= b) q += 1.0;
  return q;
}
float thModI(float a, float b) { return b == 0.0 ? 0.0 : a - thFloorDivI(a, b) * b; }`,
  },
  // a ** b for integers, modulo 2^32 (numpy's int32; narrower results wrap further); for b < 0, the
  // truncated 1 / a^|b| (numpy refuses negative integer powers)
  thPowI: {
    deps: [],
    code: `
int thPowI(float a, float b) {
  int base = int(a), e = int(abs(b)), r = 1;
  for (int i = 0; i < 32 && e != 0; i++) {
    if ((e & 1) != 0) r *= base;
    e >>= 1;
    base *= base;
  }
  return b >= 0.0 || abs(a) == 1.0 ? r : 0;
}`,
  },
  // two's-complement wraparound of an integer to 8 or 16 bits (numpy's int8 and int16 arithmetic)
  thWrap: {
    deps: [],
    code: `
float thI8(int v) { return float((v << 24) >> 24); }
float thI16(int v) { return float((v << 16) >> 16); }`,
  },
  // np.maximum / np.minimum: NaN if either is; of two equal values (0 and -0) the second. The result is
  // flushed like the comparison's operands (a GPU that flushes subnormals compares them as zeros, but a
  // select would pass their bits through)
  thMax: {
    deps: ['thIsNan'],
    code: `
float thFlush(float x) { uint b = floatBitsToUint(x); return (b & 0x7f800000u) == 0u ? uintBitsToFloat(b & 0x80000000u) : x; }
float thMax(float a, float b) { return thFlush((a > b || thIsNan(a)) ? a : b); }
float thMin(float a, float b) { return thFlush((a < b || thIsNan(a)) ? a : b); }`,
  },
  thSgn: {
    deps: [],
    code: `
float thSgn(float x) { return x > 0.0 ? 1.0 : (x < 0.0 ? -1.0 : (x == 0.0 ? 0.0 : x)); }`,
  },
};

/** Where a helper is defined: the snippet that defines each GLSL name (functions and constants). */
const DEFINES: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const [key, h] of Object.entries(HELPERS)) {
    const defs = /^(?:(?:float|vec2|vec3|bool|int|uint) (th\w+)\(|const \w+ (TH_\w+)\[|#define (TH_\w+))/gm;
    for (const d of h.code.matchAll(defs)) m.set((d[1] ?? d[2] ?? d[3])!, key);
  }
  return m;
})();

/** The helper snippets `code` uses (directly or through other helpers), each once, dependencies first. */
export function glslHelpersFor(code: string): string {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    const h = HELPERS[key]!;
    for (const d of h.deps) visit(d);
    for (const name of usedNames(h.code)) if (DEFINES.get(name) !== key) visit(DEFINES.get(name)!);
    out.push(h.code);
  };
  for (const name of usedNames(code)) visit(DEFINES.get(name)!);
  return out.join('\n');
}

/** The helper names (`thExp`, `TH_NAN`, …) a piece of GLSL mentions. */
function usedNames(code: string): string[] {
  return [...new Set(code.match(/\b(th[A-Z]\w*|TH_[A-Z0-9_]+)\b/g) ?? [])].filter((n) => DEFINES.has(n));
}
