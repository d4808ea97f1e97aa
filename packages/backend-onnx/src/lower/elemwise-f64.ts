/**
 * Elementwise functions onnxruntime has no float64 kernel for (Atan, Asin, Sinh, Erf, …) or that ONNX has no
 * operator for (erfc, erfcx), built in float64 from ops it does run in float64 (Add, Mul, Div, Sqrt, Exp,
 * Log, Where, Gather, …):
 * - atan: |x| reduced to t in [-tan(π/8), tan(π/8)] (π/2 - atan(1/|x|) above tan(3π/8), π/4 + atan((|x|-1)/(|x|+1))
 *   between), then t + t·s·Q(s), s = t², with Q a polynomial fitted by scripts/gen-onnx-f64-coefs.py;
 *   arcsin x = atan(x / √((1-x)(1+x))), arccos x = 2 atan √((1-x)/(1+x)), arctan2 from atan(|y|/|x|);
 * - sinh, cosh from expm1 and exp (e^{|x|/2}·e^{|x|/2}/2 where e^{|x|} overflows), arcsinh, arccosh, arctanh
 *   as log1p of cancellation-free arguments (log |x| + log 2 where squares overflow);
 * - erf: its power series (2/√π) e^{-x²} Σ (2x²)^n x/(1·3·…·(2n+1)) below 1 (positive terms), 1 - erfc above;
 *   erfc x = e^{-x²} erfcx x for x ≥ 0.5 with e^{-x²} from x² in two doubles (Dekker's split), erfcx from
 *   fitted polynomial pieces on [0.5, 4] and its continued fraction x + (1/2)/(x + 1/(x + (3/2)/(x + …)))
 *   (fixed depth) above; 1 - erf x below 0.5.
 * The float32 forms of the special functions compute in float64 and round once.
 */
import { NDArray } from '@theano-ts/core';
import type { GraphBuilder, Val } from '../builder.js';
import { onnxElemType } from '../dtypes.js';
import { withSignOf } from './common.js';
import {
  ATAN_Q,
  ERFCINV_START,
  ERFCX_PIECES,
  ERFINV_SMALL,
  HALF_LOG_2PI,
  LGAMMA_NEAR1,
  LGAMMA_NEAR2,
  PSI_ASYMPTOTIC,
  PSI_NEAR_ROOT,
  PSI_ROOT,
  SIN_PI,
  STIRLING,
} from './f64-coefs.js';

type V = Val | number;

/** A float64 arithmetic helper over a graph builder: numbers become float64 scalar constants. */
export class F64 {
  /** A helper emitting into `g`. */
  constructor(readonly g: GraphBuilder) {}
  /** `v` as a float64 value. */
  v(x: V): Val {
    return typeof x === 'number' ? this.g.scalar(x, 'float64') : x;
  }
  private bin(op: string, a: V, b: V): Val {
    return this.g.op(op, [this.v(a), this.v(b)], 'float64');
  }
  /** a + b */
  add(a: V, b: V): Val {
    return this.bin('Add', a, b);
  }
  /** a - b */
  sub(a: V, b: V): Val {
    return this.bin('Sub', a, b);
  }
  /** a · b */
  mul(a: V, b: V): Val {
    return this.bin('Mul', a, b);
  }
  /** a / b */
  div(a: V, b: V): Val {
    return this.bin('Div', a, b);
  }
  /** max(a, b) */
  max(a: V, b: V): Val {
    return this.bin('Max', a, b);
  }
  /** min(a, b) */
  min(a: V, b: V): Val {
    return this.bin('Min', a, b);
  }
  /** The one-operand ONNX op `op` on a. */
  un(op: string, a: Val): Val {
    return this.g.op(op, [a], 'float64');
  }
  /** |a| */
  abs(a: Val): Val {
    return this.un('Abs', a);
  }
  /** √a */
  sqrt(a: Val): Val {
    return this.un('Sqrt', a);
  }
  /** e^a */
  exp(a: Val): Val {
    return this.un('Exp', a);
  }
  /** log a */
  log(a: Val): Val {
    return this.un('Log', a);
  }
  /** `r`, with NaN where `x` is NaN. */
  nanFrom(x: Val, r: Val): Val {
    return this.where(this.g.op('IsNaN', [x], 'bool'), x, r);
  }
  /** A comparison (`Less`, `Greater`, `Equal`, …) as a bool value. */
  cmp(op: string, a: V, b: V): Val {
    return this.g.op(op, [this.v(a), this.v(b)], 'bool');
  }
  /** c ? a : b (onnxruntime's Where: a selected -0 comes out +0). */
  where(c: Val, a: V, b: V): Val {
    return this.g.op('Where', [c, this.v(a), this.v(b)], 'float64');
  }
  /** Σ cs[k] x^k by Horner's rule. */
  poly(x: Val, cs: readonly number[]): Val {
    let r: Val = this.v(cs[cs.length - 1]!);
    for (let k = cs.length - 2; k >= 0; k--) r = this.add(this.mul(r, x), cs[k]!);
    return r;
  }
}

const PI_2 = Math.PI / 2;
const PI_4 = Math.PI / 4;
// the roundings of π/2 and π/4 to doubles: π/2 = PI_2 + PI_2_LO
const PI_2_LO = 6.123233995736766e-17;
const PI_4_LO = PI_2_LO / 2;
const TAN_PI_8 = 0.41421356237309503; // √2 - 1
const TAN_3PI_8 = 2.414213562373095; // √2 + 1

/** atan(a) for a ≥ 0 (or NaN); inf gives π/2. */
export function atanNonNeg(f: F64, a: Val): Val {
  const big = f.cmp('Greater', a, TAN_3PI_8);
  const mid = f.cmp('Greater', a, TAN_PI_8);
  const t = f.where(big, f.div(-1, a), f.where(mid, f.div(f.sub(a, 1), f.add(a, 1)), a));
  const s = f.mul(t, t);
  const p = f.mul(f.mul(t, s), f.poly(s, ATAN_Q)); // atan(t) - t
  // base + t + p, the base's low part folded into the small correction first
  const baseHi = f.where(big, PI_2, f.where(mid, PI_4, 0));
  const baseLo = f.where(big, PI_2_LO, f.where(mid, PI_4_LO, 0));
  return f.add(baseHi, f.add(t, f.add(p, baseLo)));
}

/** atan(x), odd (±0 and the sign of the infinities kept). */
export function atan64(f: F64, x: Val): Val {
  return withSignOf(f.g, atanNonNeg(f, f.abs(x)), x);
}

/** asin(x) = atan(x / √((1-x)(1+x))): ±π/2 at ±1, NaN outside [-1, 1]. */
export function asin64(f: F64, x: Val): Val {
  const a = f.abs(x);
  const c = f.sqrt(f.mul(f.sub(1, a), f.add(1, a)));
  return withSignOf(f.g, atanNonNeg(f, f.div(a, c)), x);
}

/** acos(x) = 2 atan √((1-x)/(1+x)): π at -1, 0 at 1, NaN outside [-1, 1]. */
export function acos64(f: F64, x: Val): Val {
  return f.mul(2, atanNonNeg(f, f.sqrt(f.div(f.sub(1, x), f.add(1, x)))));
}

/** e^x - 1 for x ≥ 0 (or NaN): Kahan's (u - 1)·x / log u with u = e^x; x where u rounds to 1; inf where u overflows. */
function expm1NonNeg(f: F64, x: Val): Val {
  const u = f.exp(x);
  const um1 = f.sub(u, 1);
  const r = f.div(f.mul(um1, x), f.log(u));
  return f.where(f.cmp('Equal', u, 1), x, f.where(f.cmp('Equal', u, Number.POSITIVE_INFINITY), u, r));
}

/** log(1 + y) for y ≥ 0 (or NaN, or inf): Goldberg's log(u)·y/(u - 1) with u = 1 + y; y where u rounds to 1. */
function log1pNonNeg(f: F64, y: Val): Val {
  const u = f.add(1, y);
  const r = f.mul(f.log(u), f.div(y, f.sub(u, 1)));
  return f.where(f.cmp('Equal', u, 1), y, f.where(f.cmp('Equal', y, Number.POSITIVE_INFINITY), y, r));
}

/** e^8 / 2 to double precision. */
const HALF_E8 = 1490.4789935208642;

/** e^a / 2 for a ≥ 0: e^a/2 while e^a is finite, e^{a-8} · e^8/2 above 709 (a - 8 exact there; no overflow). */
function halfExp(f: F64, a: Val): Val {
  return f.where(f.cmp('Greater', a, 709), f.mul(f.exp(f.sub(a, 8)), HALF_E8), f.mul(f.exp(a), 0.5));
}

/** 1/(2k+3)! for k = 0…10: sinh a = a + a·s·Σ s^k/(2k+3)!, s = a². */
const SINH_SERIES: readonly number[] = (() => {
  const out: number[] = [];
  let d = 6;
  for (let k = 0; k < 11; k++) {
    out.push(1 / d);
    d *= (2 * k + 4) * (2 * k + 5);
  }
  return out;
})();

/** sinh(x): its Taylor series below 1, (E + E/(E + 1))/2 with E = expm1|x| to 22, e^{|x|}/2 above; odd. */
export function sinh64(f: F64, x: Val): Val {
  const a = f.abs(x);
  const s = f.mul(a, a);
  const series = f.add(a, f.mul(f.mul(a, s), f.poly(s, SINH_SERIES)));
  const e = expm1NonNeg(f, a);
  const mid = f.mul(f.add(e, f.div(e, f.add(e, 1))), 0.5);
  const r = f.where(f.cmp('Less', a, 1), series, f.where(f.cmp('Greater', a, 22), halfExp(f, a), mid));
  return withSignOf(f.g, r, x);
}

/** cosh(x) = (e^|x| + e^-|x|)/2 (|x| ≤ 22), e^{|x|}/2 above. */
export function cosh64(f: F64, x: Val): Val {
  const a = f.abs(x);
  const e = f.exp(a);
  const small = f.add(f.mul(e, 0.5), f.div(0.5, e));
  return f.where(f.cmp('Greater', a, 22), halfExp(f, a), small);
}

const LN2 = Math.LN2;
const HUGE = 2 ** 28; // above: √(1 + a²) = a to double precision

/** asinh(x) = log1p(a + a²/(1 + √(1 + a²))), a = |x| (log a + log 2 above 2^28); odd. */
export function asinh64(f: F64, x: Val): Val {
  const a = f.abs(x);
  const a2 = f.mul(a, a);
  const r = log1pNonNeg(f, f.add(a, f.div(a2, f.add(1, f.sqrt(f.add(1, a2))))));
  const big = f.add(f.log(a), LN2);
  return withSignOf(f.g, f.where(f.cmp('Greater', a, HUGE), big, r), x);
}

/** acosh(x) = log1p(t + √(2t + t²)), t = x - 1 (log x + log 2 above 2^28); NaN below 1. */
export function acosh64(f: F64, x: Val): Val {
  const t = f.sub(x, 1);
  const r = log1pNonNeg(f, f.add(t, f.sqrt(f.mul(t, f.add(t, 2)))));
  const big = f.add(f.log(x), LN2);
  return f.where(f.cmp('Less', x, 1), Number.NaN, f.where(f.cmp('Greater', x, HUGE), big, r));
}

/** atanh(x) = log1p(2a/(1 - a))/2, a = |x|: ±inf at ±1, NaN outside [-1, 1]; odd. */
export function atanh64(f: F64, x: Val): Val {
  const a = f.abs(x);
  const r = f.mul(log1pNonNeg(f, f.div(f.mul(a, 2), f.sub(1, a))), 0.5);
  return withSignOf(f.g, f.where(f.cmp('Greater', a, 1), Number.NaN, r), x);
}

/**
 * arctan2(y, x) from t = atan(|y|/|x|): 0 for two zeros, π/4 for two infinities, π - t where x is negative
 * (or -0), and the sign of y (zeros included) on the result.
 */
export function atan2_64(f: F64, y: Val, x: Val): Val {
  const ay = f.abs(y);
  const ax = f.abs(x);
  let t = atanNonNeg(f, f.div(ay, ax));
  const bothZero = f.g.op('And', [f.cmp('Equal', ay, 0), f.cmp('Equal', ax, 0)], 'bool');
  t = f.where(bothZero, 0, t);
  const inf = Number.POSITIVE_INFINITY;
  const bothInf = f.g.op('And', [f.cmp('Equal', ay, inf), f.cmp('Equal', ax, inf)], 'bool');
  t = f.where(bothInf, PI_4, t);
  const xNeg = f.g.op('Or', [f.cmp('Less', x, 0), f.cmp('Less', f.div(1, x), 0)], 'bool');
  // π - t with π's low part: (π_hi - t) + π_lo
  const r = f.where(xNeg, f.add(f.sub(2 * PI_2, t), 2 * PI_2_LO), t);
  return withSignOf(f.g, r, y);
}

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const SQRT_PI = 1.7724538509055159;
/** 1/(1·3·5·…·(2n+1)) for n = 0…27: erf's series coefficients in t = 2x². */
const ERF_SERIES: readonly number[] = (() => {
  const out: number[] = [];
  let d = 1;
  for (let n = 0; n < 28; n++) {
    if (n > 0) d *= 2 * n + 1;
    out.push(1 / d);
  }
  return out;
})();

/** e^{-a²} with a² carried in two doubles (Dekker's exact product): e^{-h}·(1 - l) for a² = h + l. */
function expMinusSquare(f: F64, a: Val): Val {
  const s = f.mul(a, 134217729); // 2^27 + 1 splits a into 26-bit halves
  const hi = f.sub(s, f.sub(s, a));
  const lo = f.sub(a, hi);
  const h = f.mul(a, a);
  const l = f.add(f.add(f.sub(f.mul(hi, hi), h), f.mul(f.mul(hi, lo), 2)), f.mul(lo, lo));
  return f.mul(f.exp(f.mul(h, -1)), f.sub(1, l));
}

/** erf(a) for 0 ≤ a < 1 by its positive-term series. */
function erfSeries(f: F64, a: Val): Val {
  const t = f.mul(f.mul(a, a), 2);
  return f.mul(f.mul(f.mul(expMinusSquare(f, a), TWO_OVER_SQRT_PI), a), f.poly(t, ERF_SERIES));
}

const CF_DEPTH = 56;

/** erfcx(a) for a ≥ 0.5 (garbage below): the fitted pieces on [0.5, 4], 1/(√π · continued fraction) above. */
function erfcxPos(f: F64, a: Val): Val {
  const g = f.g;
  // the piece k = clamp(floor(2(a - 0.5)), 0, 6) and u = 4(a - (0.75 + k/2)) in [-1, 1]
  const kf = f.min(f.max(f.un('Floor', f.mul(f.sub(a, 0.5), 2)), 0), ERFCX_PIECES.length - 1);
  const kfClean = f.where(g.op('IsNaN', [kf], 'bool'), 0, kf);
  const k = g.op('Cast', [kfClean], 'int64', { to: onnxElemType('int64') });
  const u = f.mul(f.sub(a, f.add(f.mul(kfClean, 0.5), 0.75)), 4);
  const deg = ERFCX_PIECES[0]!.length;
  const coef = (j: number): Val =>
    g.op(
      'Gather',
      [g.constant(new NDArray(Float64Array.from(ERFCX_PIECES.map((r) => r[j]!)), [ERFCX_PIECES.length], 'float64')), k],
      'float64',
      { axis: 0 },
    );
  let p = coef(deg - 1);
  for (let j = deg - 2; j >= 0; j--) p = f.add(f.mul(p, u), coef(j));
  // continued fraction, backward from a fixed depth (double precision from 4 on), on max(a, 4)
  const b = f.max(a, 4);
  let c: Val = b;
  for (let n = CF_DEPTH; n >= 1; n--) c = f.add(b, f.div(n / 2, c));
  const tail = f.div(1 / SQRT_PI, c); // (no overflow of c·√π near the largest double)
  return f.where(f.cmp('Less', a, 4), p, tail);
}

/** erfc(a) for a ≥ 0.5: e^{-a²}·erfcx(a), 0 where a² > 709.78 (e^{-a²} below the smallest normal's log). */
function erfcPos(f: F64, a: Val): Val {
  const r = f.mul(expMinusSquare(f, a), erfcxPos(f, a));
  return f.where(f.cmp('Greater', f.mul(a, a), 709.782712893384), 0, r);
}

/** erf(x): series below 1, 1 - erfc|x| from 1 to 6, ±1 above; odd (±0 kept). */
export function erf64(f: F64, x: Val): Val {
  const a = f.abs(x);
  const lo = erfSeries(f, f.min(a, 1));
  const hi = f.sub(1, erfcPos(f, f.max(a, 1)));
  const r = f.where(f.cmp('Less', a, 1), lo, f.where(f.cmp('GreaterOrEqual', a, 6), 1, hi));
  return f.nanFrom(x, withSignOf(f.g, r, x));
}

/** erfc(x): e^{-x²} erfcx(x) from 0.5, 1 - erf(x) below (2 below -6). */
export function erfc64(f: F64, x: Val): Val {
  const pos = erfcPos(f, f.max(x, 0.5));
  const neg = f.sub(1, erf64(f, x));
  return f.nanFrom(x, f.where(f.cmp('GreaterOrEqual', x, 0.5), pos, f.where(f.cmp('Less', x, -6), 2, neg)));
}

/**
 * erfcx(x) = e^{x²} erfc(x): erfcxPos from 0.5 (0 at inf), e^{x²}(1 - erf x) on (-0.5, 0.5), and
 * 2e^{x²} - erfcx(-x) below (e^{x²} from x² in two doubles; inf once it overflows).
 */
export function erfcx64(f: F64, x: Val): Val {
  const pos = erfcxPos(f, f.max(x, 0.5));
  const posR = f.where(f.cmp('Equal', x, Number.POSITIVE_INFINITY), 0, pos);
  const mid = f.mul(f.exp(f.mul(x, x)), f.sub(1, erf64(f, f.max(f.min(x, 0.5), -0.5))));
  // e^{x²} = e^h (1 + l) for x² = h + l
  const a = f.abs(x);
  const s = f.mul(a, 134217729);
  const hi = f.sub(s, f.sub(s, a));
  const lo = f.sub(a, hi);
  const h = f.mul(a, a);
  const l = f.add(f.add(f.sub(f.mul(hi, hi), h), f.mul(f.mul(hi, lo), 2)), f.mul(lo, lo));
  const e = f.mul(f.exp(h), f.add(1, l));
  const negR = f.sub(f.mul(e, 2), erfcxPos(f, f.max(a, 0.5)));
  const neg = f.where(f.cmp('Greater', h, 709.8), Number.POSITIVE_INFINITY, negR);
  return f.nanFrom(x, f.where(f.cmp('GreaterOrEqual', x, 0.5), posR, f.where(f.cmp('Greater', x, -0.5), mid, neg)));
}

// ---- log Γ, ψ, Γ -----------------------------------------------------------------------------------------

/** x == floor(x) (false for NaN; true for ±inf). */
function isWhole(f: F64, x: Val): Val {
  return f.cmp('Equal', f.un('Floor', x), x);
}

/** Whether x is negative, -0 or -inf (1/-0 = -inf). */
function signBit(f: F64, x: Val): Val {
  return f.g.op('Or', [f.cmp('Less', x, 0), f.cmp('Less', f.div(1, x), 0)], 'bool');
}

/** b₁ ∧ b₂. */
function and(f: F64, a: Val, b: Val): Val {
  return f.g.op('And', [a, b], 'bool');
}

/**
 * sin(πx) for finite x, exact at the integers and halves: r = x - 2·trunc(x/2) (C's fmod(x, 2), exact) moved
 * to (-1, 1], folded to [-1/2, 1/2] (sin(π(±1 - r)) = sin(πr)), then r·P(r²) (fitted; onnxruntime's float64
 * Sin is 4 ulps off).
 */
function sinPi(f: F64, x: Val): Val {
  const h = f.mul(x, 0.5);
  const tr = withSignOf(f.g, f.un('Floor', f.abs(h)), h);
  let r = f.sub(x, f.mul(tr, 2));
  r = f.where(f.cmp('Greater', r, 1), f.sub(r, 2), f.where(f.cmp('LessOrEqual', r, -1), f.add(r, 2), r));
  const zero = f.g.op('Or', [f.cmp('Equal', r, 0), f.cmp('Equal', r, 1)], 'bool');
  r = f.where(f.cmp('Greater', r, 0.5), f.sub(1, r), f.where(f.cmp('Less', r, -0.5), f.sub(-1, r), r));
  const s = f.mul(r, f.poly(f.mul(r, r), SIN_PI));
  return f.where(zero, 0, f.where(f.cmp('Equal', r, 0.5), 1, f.where(f.cmp('Equal', r, -0.5), -1, s)));
}

/** log Γ(1 + e) for e in [-0.5, 0.5]. */
function lgNear1(f: F64, e: Val): Val {
  return f.mul(e, f.poly(f.mul(e, 2), LGAMMA_NEAR1));
}

/** log Γ(2 + e) for e in [-0.5, 0.5]. */
function lgNear2(f: F64, e: Val): Val {
  return f.mul(e, f.poly(f.mul(e, 2), LGAMMA_NEAR2));
}

/** log Γ(z) for z > 0 (finite): the Taylor-like fits near 1 and 2, the recurrence from (2.5, 12), Stirling above. */
function lgammaPos(f: F64, z: Val): Val {
  // z < 0.5: log Γ(1 + z) - log z
  const below = f.sub(lgNear1(f, f.min(z, 0.5)), f.log(z));
  const near1 = lgNear1(f, f.sub(f.max(f.min(z, 1.5), 0.5), 1));
  const near2 = lgNear2(f, f.sub(f.max(f.min(z, 2.5), 1.5), 2));
  // (2.5, 12): log Γ(t) + log((z-1)(z-2)…t), t = z - n in (1.5, 2.5]
  const zm = f.max(f.min(z, 12), 2.5);
  const n = f.un('Ceil', f.sub(zm, 2.5));
  let p: Val = f.v(1);
  for (let j = 1; j <= 10; j++) p = f.where(f.cmp('LessOrEqual', j, n), f.mul(p, f.sub(zm, j)), p);
  const shifted = f.add(lgNear2(f, f.sub(f.sub(zm, n), 2)), f.log(p));
  // Stirling: (z - 1/2) log z - z + log(2π)/2 + Σ c_k z^{1-2k}; z·(log z - 1) above 1e17
  const zs = f.max(z, 12);
  const r = f.div(1, zs);
  const lz = f.log(zs);
  const st = f.add(f.add(f.sub(f.mul(f.sub(zs, 0.5), lz), zs), HALF_LOG_2PI), f.mul(f.poly(f.mul(r, r), STIRLING), r));
  const huge = f.mul(zs, f.sub(lz, 1));
  const large = f.where(f.cmp('Greater', zs, 1e17), huge, st);
  let out = f.where(f.cmp('GreaterOrEqual', z, 12), large, shifted);
  out = f.where(f.cmp('LessOrEqual', z, 2.5), near2, out);
  out = f.where(f.cmp('Less', z, 1.5), near1, out);
  out = f.where(f.cmp('Less', z, 0.5), below, out);
  return f.where(f.cmp('Less', z, 1e-300), f.mul(f.log(z), -1), out);
}

/**
 * log|Γ(x)| (scipy's gammaln): inf at the poles 0, -1, -2, … and for subnormal x, -inf at -inf; reflection
 * log(π/|sin πx|) - log Γ(1 - x) below 0.
 */
export function gammaln64(f: F64, x: Val): Val {
  const neg = f.cmp('Less', x, 0);
  const z = f.where(neg, f.sub(1, x), x);
  const lz = lgammaPos(f, f.where(f.g.op('IsInf', [z], 'bool'), 1, z));
  const refl = f.sub(f.log(f.div(Math.PI, f.abs(sinPi(f, x)))), lz);
  let r = f.where(neg, f.where(f.cmp('Greater', x, -1e-300), f.mul(f.log(f.mul(x, -1)), -1), refl), lz);
  const inf = Number.POSITIVE_INFINITY;
  r = f.where(and(f, f.cmp('LessOrEqual', x, 0), isWhole(f, x)), inf, r);
  r = f.where(f.cmp('Less', f.abs(x), 2.2250738585072014e-308), inf, r);
  r = f.where(f.cmp('Equal', x, inf), inf, f.where(f.cmp('Equal', x, -inf), -inf, r));
  return f.nanFrom(x, r);
}

/** ψ(t) for t in [1, 2]: (t - x₀)·R(2(t - 1.5)), x₀ in two doubles (t - x₀_hi is exact). */
function psiCore(f: F64, t: Val): Val {
  const d = f.sub(f.sub(t, PSI_ROOT[0]), PSI_ROOT[1]);
  return f.mul(d, f.poly(f.mul(f.sub(t, 1.5), 2), PSI_NEAR_ROOT));
}

/** ψ(z) for z > 0 (finite): ψ(z + 1) - 1/z below 1, the fit on [1, 2], the recurrence to 10, the asymptotic series above. */
function psiPos(f: F64, z: Val): Val {
  const below = f.sub(psiCore(f, f.add(f.min(z, 1), 1)), f.div(1, z));
  const core = psiCore(f, f.max(f.min(z, 2), 1));
  // [2, 10): ψ(t) + 1/(z-1) + 1/(z-2) + … + 1/t, t = z - n in [1, 2)
  const zm = f.max(f.min(z, 10), 2);
  const n = f.sub(f.un('Floor', zm), 1);
  let acc: Val = f.v(0);
  for (let j = 1; j <= 9; j++) acc = f.where(f.cmp('LessOrEqual', j, n), f.add(acc, f.div(1, f.sub(zm, j))), acc);
  const shifted = f.add(psiCore(f, f.sub(zm, n)), acc);
  const zs = f.max(z, 10);
  const r2 = f.div(1, f.mul(zs, zs));
  const asym = f.sub(f.sub(f.log(zs), f.div(0.5, zs)), f.mul(f.poly(r2, PSI_ASYMPTOTIC), r2));
  let out = f.where(f.cmp('GreaterOrEqual', z, 10), asym, shifted);
  out = f.where(f.cmp('Less', z, 2), core, out);
  out = f.where(f.cmp('Less', z, 1), below, out);
  return f.where(f.cmp('Less', z, 1e-300), f.div(-1, z), out);
}

/** ψ(x) (scipy's psi): ∓inf at ±0, NaN at the negative integers and -inf; ψ(1 - x) - π cos(πx)/sin(πx) below 0. */
export function psi64(f: F64, x: Val): Val {
  const neg = f.cmp('Less', x, 0);
  const z = f.where(neg, f.sub(1, x), x);
  const pz = psiPos(f, f.where(f.g.op('IsInf', [z], 'bool'), 1, f.where(f.cmp('Equal', z, 0), 1, z)));
  const refl = f.sub(pz, f.div(f.mul(sinPi(f, f.add(x, 0.5)), Math.PI), sinPi(f, x)));
  const inf = Number.POSITIVE_INFINITY;
  let r = f.where(neg, refl, pz);
  r = f.where(and(f, neg, isWhole(f, x)), Number.NaN, r);
  r = f.where(f.cmp('Equal', x, 0), f.div(-1, x), r);
  r = f.where(f.cmp('Equal', x, inf), inf, r);
  return f.nanFrom(x, r);
}

/** (n - 1)! for n = 1…23, multiplied up in order (as core does). */
const FACTORIALS: readonly number[] = (() => {
  const out: number[] = [];
  for (let n = 1; n <= 23; n++) {
    let p = 1;
    for (let k = 2; k < n; k++) p *= k;
    out.push(p);
  }
  return out;
})();

/** Γ(z) for z ≥ 0.5 (finite): (z-1)!, exact, for whole z ≤ 23; else (z-1)(z-2)…t · e^{log Γ(t)}, t in [1, 2). */
function gammaPos(f: F64, z: Val): Val {
  const g = f.g;
  const zc = f.min(z, 172);
  let p: Val = f.v(1);
  // p·(z - j) while z - j ≥ 1 (core's loop), as p·max(z - j, 1): the same products, one node fewer each
  for (let j = 1; j <= 171; j++) p = f.mul(p, f.max(f.sub(zc, j), 1));
  const n = f.max(f.sub(f.un('Floor', zc), 1), 0);
  let t = f.sub(zc, n);
  const low = f.cmp('Less', t, 1);
  p = f.where(low, f.div(p, t), p);
  t = f.where(low, f.add(t, 1), t);
  const lg = f.where(f.cmp('Less', t, 1.5), lgNear1(f, f.sub(f.min(t, 1.5), 1)), lgNear2(f, f.sub(f.max(t, 1.5), 2)));
  const general = f.mul(p, f.exp(lg));
  const k = f.sub(f.max(f.min(zc, 23), 1), 1);
  const idx = g.op('Cast', [f.where(g.op('IsNaN', [k], 'bool'), 0, k)], 'int64', { to: onnxElemType('int64') });
  const fact = g.op(
    'Gather',
    [g.constant(new NDArray(Float64Array.from(FACTORIALS), [FACTORIALS.length], 'float64')), idx],
    'float64',
    { axis: 0 },
  );
  const r = f.where(and(f, isWhole(f, z), f.cmp('LessOrEqual', z, 23)), fact, general);
  return f.where(f.cmp('Greater', z, 171.7), Number.POSITIVE_INFINITY, r);
}

/** Γ(x) (scipy's gamma): ±inf at ±0, NaN at the negative integers and -inf, π/(sin(πx) Γ(1 - x)) below 0.5. */
export function gamma64(f: F64, x: Val): Val {
  const low = f.cmp('Less', x, 0.5);
  const z = f.where(low, f.sub(1, x), x);
  const gz = gammaPos(f, f.where(f.g.op('IsInf', [z], 'bool'), 1, z));
  const s = sinPi(f, f.where(f.g.op('IsInf', [x], 'bool'), 0.25, x));
  // π/(s·Γ(1 - x)): ±0 where Γ(1 - x) overflows
  const refl = f.div(Math.PI, f.mul(s, gz));
  const tiny = f.cmp('Less', f.abs(x), 1e-300);
  const inf = Number.POSITIVE_INFINITY;
  let r = f.where(low, f.where(tiny, f.div(1, x), refl), gz);
  r = f.where(and(f, f.cmp('Less', x, 0), isWhole(f, x)), Number.NaN, r);
  r = f.where(f.cmp('Equal', x, inf), inf, r);
  // onnxruntime's Where drops the sign of a selected -0: the sign is put back from the branch's sign bit
  const g = f.g;
  const negLow = g.op(
    'Or',
    [and(f, tiny, signBit(f, x)), and(f, g.op('Not', [tiny], 'bool'), signBit(f, refl))],
    'bool',
  );
  const sign = f.where(and(f, low, negLow), -1, 1);
  return f.nanFrom(x, f.mul(f.abs(r), sign));
}

// ---- erfinv, erfcinv ---------------------------------------------------------------------------------------

/** t > 0 with erfc(t) = q for 0 < q ≤ 0.4 (t > 0.59, where erfcx's pieces hold): a fitted start in w = √(-log q), then two Newton steps on log erfc t = log erfcx(t) - t². */
function erfcinvSmall(f: F64, q: Val): Val {
  const lq = f.log(q);
  const w = f.sqrt(f.mul(lq, -1));
  let t: Val | null = null;
  for (let k = ERFCINV_START.length - 1; k >= 0; k--) {
    const [a, b, cs] = ERFCINV_START[k]!;
    const u = f.div(f.sub(w, (a + b) / 2), (b - a) / 2);
    const p = f.poly(u, cs);
    t = t === null ? p : f.where(f.cmp('Less', w, b), p, t);
  }
  for (let i = 0; i < 2; i++) {
    const ex = erfcxPos(f, t!);
    const h = f.sub(f.sub(f.log(ex), f.mul(t!, t!)), lq); // log erfc(t) - log q
    t = f.add(t!, f.mul(f.mul(h, ex), SQRT_PI / 2)); // h / (d log erfc/dt), d log erfc/dt = -2/(√π erfcx t)
  }
  return t!;
}

/** erfinv(m) for |m| ≤ 0.6: m·P(m²) (fitted). */
function erfinvSmall(f: F64, m: Val): Val {
  return f.mul(m, f.poly(f.mul(m, m), ERFINV_SMALL));
}

/** erfinv(y) (scipy's): ±inf at ±1, NaN outside [-1, 1], +0 at ±0; erfcinv(1 - |y|) above 0.6. */
export function erfinv64(f: F64, y: Val): Val {
  const ay = f.abs(y);
  const big = f.cmp('Greater', ay, 0.6);
  const q = f.where(big, f.max(f.sub(1, ay), Number.MIN_VALUE), 0.4);
  let r = f.where(big, erfcinvSmall(f, q), erfinvSmall(f, f.min(ay, 0.6)));
  r = f.where(f.cmp('Equal', ay, 1), Number.POSITIVE_INFINITY, f.where(f.cmp('Greater', ay, 1), Number.NaN, r));
  return f.nanFrom(y, f.mul(r, f.where(f.cmp('Less', y, 0), -1, 1)));
}

/** erfcinv(q) (scipy's): inf at 0 (and where q/2 underflows), -inf at 2, NaN outside [0, 2], -0 at 1. */
export function erfcinv64(f: F64, q: Val): Val {
  const low = f.cmp('Less', q, 0.4);
  const high = f.cmp('Greater', q, 1.6);
  const qq = f.where(low, f.max(q, Number.MIN_VALUE), f.where(high, f.max(f.sub(2, q), Number.MIN_VALUE), 0.4));
  const tail = erfcinvSmall(f, qq);
  const central = erfinvSmall(f, f.abs(f.max(f.min(f.sub(1, q), 0.6), -0.6)));
  const inf = Number.POSITIVE_INFINITY;
  let r = f.where(f.g.op('Or', [low, high], 'bool'), tail, central);
  r = f.where(f.cmp('Equal', f.mul(q, 0.5), 0), inf, f.where(f.cmp('Equal', q, 2), inf, r));
  r = f.where(f.g.op('Or', [f.cmp('Less', q, 0), f.cmp('Greater', q, 2)], 'bool'), Number.NaN, r);
  return f.nanFrom(q, f.mul(r, f.where(f.cmp('GreaterOrEqual', q, 1), -1, 1)));
}
