/**
 * Printing of NDArrays exactly as numpy 2 prints them with `str(arr)` and its default print options
 * (precision=8, threshold=1000, edgeitems=3, linewidth=75, floatmode='maxprec', suppress=False).
 *
 * Floats are written from their exact binary value with a Dragon4-style digit generator (BigInt
 * arithmetic): the shortest digits that identify the value within its own type (float32 values use float32
 * spacing), cut off and correctly rounded (ties to even) where a precision applies — numpy's
 * `dragon4_positional` / `dragon4_scientific` with `unique=True`. The array layout (common widths,
 * positional vs scientific choice, line wrapping, '...' summarization) follows numpy's documented
 * `array2string` behaviour.
 */
import type { NDArray } from './ndarray.js';

const PRECISION = 8;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const LINE_WIDTH = 75;

type FloatKind = 'float32' | 'float64';

/** Decimal digits of a positive value: value ≈ 0.d1d2d3… × 10^(exp + 1), i.e. d1 has weight 10^exp. */
interface Digits {
  digits: number[];
  exp: number;
}

const view = new DataView(new ArrayBuffer(8));
const pow10Cache: bigint[] = [1n];

function pow10(k: number): bigint {
  while (pow10Cache.length <= k) pow10Cache.push(pow10Cache[pow10Cache.length - 1]! * 10n);
  return pow10Cache[k]!;
}

/** Splits a positive finite value into mantissa·2^exponent and its rounding margins in its own type. */
function decompose(x: number, kind: FloatKind): { m: bigint; e: number; unequal: boolean } {
  if (kind === 'float64') {
    view.setFloat64(0, x);
    const hi = view.getUint32(0);
    const lo = view.getUint32(4);
    const biased = (hi >>> 20) & 0x7ff;
    const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    if (biased === 0) return { m: frac, e: -1074, unequal: false };
    return { m: frac | (1n << 52n), e: biased - 1075, unequal: frac === 0n && biased > 1 };
  }
  view.setFloat32(0, x);
  const bits = view.getUint32(0);
  const biased = (bits >>> 23) & 0xff;
  const frac = bits & 0x7fffff;
  if (biased === 0) return { m: BigInt(frac), e: -149, unequal: false };
  return { m: BigInt(frac | 0x800000), e: biased - 150, unequal: frac === 0 && biased > 1 };
}

/**
 * Dragon4 in "unique" mode for a positive finite x: the shortest digits that round back to x, but stopping at
 * the digit of weight 10^maxCut at the latest (then rounding the exact value, ties to even), and going on to
 * the digit of weight 10^minCut at least. Cut-offs are given as functions of the first digit's exponent.
 */
function dragon4(
  x: number,
  kind: FloatKind,
  maxCut: (firstExp: number) => number,
  minCut: (firstExp: number) => number,
): Digits {
  const { m, e, unequal } = decompose(x, kind);
  const even = (m & 1n) === 0n;
  // value = r / s; the rounding interval is (r - mMinus, r + mPlus) / s.
  let r: bigint;
  let s: bigint;
  let mPlus: bigint;
  let mMinus: bigint;
  if (e >= 0) {
    const ulp = 1n << BigInt(e);
    r = unequal ? m * ulp * 4n : m * ulp * 2n;
    s = unequal ? 4n : 2n;
    mPlus = unequal ? ulp * 2n : ulp;
    mMinus = ulp;
  } else {
    r = unequal ? m * 4n : m * 2n;
    s = 1n << BigInt(unequal ? 2 - e : 1 - e);
    mPlus = unequal ? 2n : 1n;
    mMinus = 1n;
  }
  // Scale so that r / s is in [1, 10): the first digit has weight 10^exp.
  let exp = Math.floor(Math.log10(x));
  if (exp >= 0) s *= pow10(exp);
  else {
    const p = pow10(-exp);
    r *= p;
    mPlus *= p;
    mMinus *= p;
  }
  while (r >= s * 10n) {
    s *= 10n;
    exp++;
  }
  while (r < s) {
    r *= 10n;
    mPlus *= 10n;
    mMinus *= 10n;
    exp--;
  }
  const hiCut = maxCut(exp);
  const loCut = minCut(exp);
  const digits: number[] = [];
  let p = exp;
  let digit = 0;
  let low = false;
  let high = false;
  for (;;) {
    digit = Number(r / s);
    r %= s;
    low = even ? r <= mMinus : r < mMinus;
    high = even ? r + mPlus >= s : r + mPlus > s;
    if (((low || high) && p <= loCut) || p <= hiCut) break;
    digits.push(digit);
    r *= 10n;
    mPlus *= 10n;
    mMinus *= 10n;
    p--;
  }
  let roundDown = low;
  if (low === high) {
    const twice = r * 2n;
    roundDown = twice < s || (twice === s && digit % 2 === 0);
  }
  if (roundDown) {
    digits.push(digit);
  } else if (digit < 9) {
    digits.push(digit + 1);
  } else {
    // Carry: drop trailing nines and bump the digit before them (or start over at "1").
    while (digits.length > 0 && digits[digits.length - 1] === 9) digits.pop();
    if (digits.length === 0) {
      digits.push(1);
      exp++;
    } else {
      digits[digits.length - 1]!++;
    }
  }
  return { digits, exp };
}

/** How trailing zeros are treated: 'k' keep (pad to precision), '.' trim to "1.", '0' trim to "1.0", '-' trim to "1". */
type Trim = 'k' | '.' | '0' | '-';

interface FloatOptions {
  scientific: boolean;
  precision: number; // -1: no cut-off
  minDigits: number; // -1: none
  trim: Trim;
  sign: boolean; // write '+' for non-negative values
  padLeft: number; // width of the part before '.', sign included (-1: none)
  padRight: number; // width of the fraction (positional only; -1: none)
  expDigits: number; // minimum exponent digits (scientific only; -1: 2)
}

const NO_CUT = (): number => Number.NEGATIVE_INFINITY;
const ANY_STOP = (): number => Number.POSITIVE_INFINITY;

/** numpy's `dragon4_positional` / `dragon4_scientific` (unique=True, fractional=True) for a finite value. */
function formatFloat(x: number, kind: FloatKind, o: FloatOptions): string {
  const neg = x < 0 || Object.is(x, -0);
  const signStr = neg ? '-' : o.sign ? '+' : '';
  const a = Math.abs(x);
  let d: Digits;
  if (a === 0) d = { digits: [0], exp: 0 };
  else if (o.scientific) {
    d = dragon4(
      a,
      kind,
      o.precision >= 0 ? (first) => first - o.precision : NO_CUT,
      o.minDigits >= 0 ? (first) => first - o.minDigits : ANY_STOP,
    );
  } else {
    d = dragon4(
      a,
      kind,
      o.precision >= 0 ? () => -o.precision : NO_CUT,
      o.minDigits >= 0 ? () => -o.minDigits : ANY_STOP,
    );
  }
  const ds = d.digits.join('');
  let whole: string;
  let frac: string;
  if (o.scientific) {
    whole = ds[0]!;
    frac = ds.slice(1);
  } else if (d.exp >= 0) {
    whole = ds.length <= d.exp + 1 ? ds + '0'.repeat(d.exp + 1 - ds.length) : ds.slice(0, d.exp + 1);
    frac = ds.slice(d.exp + 1);
  } else {
    whole = '0';
    frac = '0'.repeat(-d.exp - 1) + ds;
  }
  if (o.trim === 'k') {
    if (o.precision > frac.length) frac += '0'.repeat(o.precision - frac.length);
  } else {
    frac = frac.replace(/0+$/, '');
    if (o.trim === '0' && frac === '') frac = '0';
  }
  let out = signStr + whole;
  if (o.padLeft > out.length) out = ' '.repeat(o.padLeft - out.length) + out;
  if (frac !== '' || o.trim !== '-') out += `.${frac}`;
  if (!o.scientific && o.padRight >= frac.length) {
    if (o.trim === '-' && frac === '') out += ' ';
    out += ' '.repeat(o.padRight - frac.length);
  }
  if (o.scientific) {
    const e = Math.abs(d.exp).toString();
    const width = o.expDigits < 0 ? 2 : o.expDigits;
    out += `e${d.exp < 0 ? '-' : '+'}${e.padStart(width, '0')}`;
  }
  return out;
}

const SCALAR: FloatOptions = {
  scientific: false,
  precision: -1,
  minDigits: -1,
  trim: '0',
  sign: false,
  padLeft: -1,
  padRight: -1,
  expDigits: -1,
};

/** numpy's str of a float scalar: positional for 0 and 1e-4 ≤ |x| < 1e16 (float32: 1e6), else scientific. */
function floatScalarStr(x: number, kind: FloatKind, trimPos: Trim, trimSci: Trim, sign: boolean): string {
  if (Number.isNaN(x)) return sign ? '+nan' : 'nan';
  if (!Number.isFinite(x)) return x < 0 ? '-inf' : sign ? '+inf' : 'inf';
  const a = Math.abs(x);
  const positional = a === 0 || (a < (kind === 'float32' ? 1e6 : 1e16) && a >= 1e-4);
  return formatFloat(x, kind, { ...SCALAR, scientific: !positional, trim: positional ? trimPos : trimSci, sign });
}

/** numpy's str of a complex scalar: `(1+2j)`, `(1.5-0.5j)`, or `2j` when the real part is +0. */
function complexScalarStr(re: number, im: number, kind: FloatKind): string {
  if (re === 0 && !Object.is(re, -0)) return `${floatScalarStr(im, kind, '-', '-', false)}j`;
  return `(${floatScalarStr(re, kind, '-', '-', false)}${floatScalarStr(im, kind, '-', '-', true)}j)`;
}

/** numpy's FloatingFormat: one layout (positional or scientific, common widths) for all values shown. */
function floatFormatter(values: readonly number[], kind: FloatKind, sign: boolean): (x: number) => string {
  const f = kind === 'float32' ? Math.fround : (v: number): number => v;
  const finite = values.filter((v) => Number.isFinite(v));
  let scientific = false;
  let maxVal = 0;
  let minVal = Number.POSITIVE_INFINITY;
  for (const v of finite) {
    const a = Math.abs(v);
    if (a === 0) continue;
    if (a > maxVal) maxVal = a;
    if (a < minVal) minVal = a;
  }
  if (maxVal > 0) {
    // numpy 2.2+: the upper cut-off is 10^min(8, decimal precision of the type): 1e8, or 1e6 for float32.
    scientific = maxVal >= (kind === 'float32' ? 1e6 : 1e8) || minVal < f(1e-4) || f(maxVal / minVal) > 1000;
  }
  let opts: FloatOptions;
  if (finite.length === 0) {
    opts = { ...SCALAR, precision: PRECISION, trim: '.', padLeft: 0, padRight: 0 };
  } else {
    const first = { ...SCALAR, scientific, precision: PRECISION, trim: '.' as Trim, sign };
    let padLeft = 0;
    let fracLen = 0;
    let expSize = 0;
    for (const v of finite) {
      const str = formatFloat(v, kind, first);
      const [mant, ex] = str.split('e') as [string, string | undefined];
      const dot = mant.indexOf('.');
      padLeft = Math.max(padLeft, dot);
      fracLen = Math.max(fracLen, mant.length - dot - 1);
      if (ex !== undefined) expSize = Math.max(expSize, ex.length - 1);
    }
    opts = scientific
      ? {
          ...first,
          precision: fracLen,
          minDigits: fracLen,
          trim: 'k',
          padLeft,
          padRight: expSize + 2 + fracLen,
          expDigits: expSize,
        }
      : { ...first, minDigits: 0, padLeft, padRight: fracLen };
  }
  if (finite.length !== values.length) {
    const negInf = sign || values.some((v) => v === Number.NEGATIVE_INFINITY);
    const offset = opts.padRight + 1;
    opts.padLeft = Math.max(opts.padLeft, 3 - offset, 3 + (negInf ? 1 : 0) - offset);
  }
  const width = opts.padLeft + opts.padRight + 1;
  return (x: number): string => {
    if (Number.isNaN(x)) return (sign ? '+nan' : 'nan').padStart(width);
    if (!Number.isFinite(x)) return (x < 0 ? '-inf' : sign ? '+inf' : 'inf').padStart(width);
    if (scientific) return formatFloat(x, kind, { ...opts, padRight: -1 });
    return formatFloat(x, kind, opts);
  };
}

/** The element formatter numpy would choose for the shown values (offsets into the storage). */
function elementFormatter(a: NDArray, shown: readonly number[]): (i: number) => string {
  const data = a.data;
  switch (a.dtype) {
    case 'bool':
      return (i) => (data[i] ? ' True' : 'False');
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64': {
      let width = 0;
      for (const i of shown) width = Math.max(width, String(data[i]).length);
      return (i) => String(data[i]).padStart(width);
    }
    case 'float32':
    case 'float64': {
      const fmt = floatFormatter(
        shown.map((i) => data[i] as number),
        a.dtype,
        false,
      );
      return (i) => fmt(data[i] as number);
    }
    case 'complex64':
    case 'complex128': {
      const kind: FloatKind = a.dtype === 'complex64' ? 'float32' : 'float64';
      const reFmt = floatFormatter(
        shown.map((i) => data[2 * i] as number),
        kind,
        false,
      );
      const imFmt = floatFormatter(
        shown.map((i) => data[2 * i + 1] as number),
        kind,
        true,
      );
      return (i) => {
        const im = imFmt(data[2 * i + 1] as number);
        const end = im.trimEnd().length;
        return `${reFmt(data[2 * i] as number)}${im.slice(0, end)}j${im.slice(end)}`;
      };
    }
    default:
      return a.dtype satisfies never;
  }
}

/** numpy's str of a 0-d array (the str of its scalar). */
function scalarStr(a: NDArray): string {
  const v = a.data[0];
  switch (a.dtype) {
    case 'bool':
      return v ? 'True' : 'False';
    case 'float32':
    case 'float64':
      return floatScalarStr(v as number, a.dtype, '0', '-', false);
    case 'complex64':
    case 'complex128':
      return complexScalarStr(v as number, a.data[1] as number, a.dtype === 'complex64' ? 'float32' : 'float64');
    default:
      return String(v);
  }
}

function cStrides(shape: readonly number[]): number[] {
  const strides: number[] = [];
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** The element offsets numpy looks at to choose the format (edge items only, when summarizing). */
function shownOffsets(shape: readonly number[], strides: readonly number[], summarize: boolean): number[] {
  const out: number[] = [];
  const walk = (axis: number, offset: number): void => {
    if (axis === shape.length) {
      out.push(offset);
      return;
    }
    const n = shape[axis]!;
    const st = strides[axis]!;
    if (summarize && n > 2 * EDGE_ITEMS) {
      for (let k = 0; k < EDGE_ITEMS; k++) walk(axis + 1, offset + k * st);
      for (let k = n - EDGE_ITEMS; k < n; k++) walk(axis + 1, offset + k * st);
    } else {
      for (let k = 0; k < n; k++) walk(axis + 1, offset + k * st);
    }
  };
  walk(0, 0);
  return out;
}

/** numpy 2's `str(arr)` with default print options, e.g. `[[0. 1.]\n [2. 3.]]`, `[1 2 3]`, `(1+2j)`. */
export function formatNDArray(a: NDArray): string {
  const shape = a.shape;
  if (shape.length === 0) return scalarStr(a);
  const size = shape.reduce((x, y) => x * y, 1);
  if (size === 0) return '[]';
  const summarize = size > THRESHOLD;
  const strides = cStrides(shape);
  const fmt = elementFormatter(a, shownOffsets(shape, strides, summarize));
  const ndim = shape.length;

  const recurse = (axis: number, offset: number, hanging: string, width: number): string => {
    if (axis === ndim) return fmt(offset);
    const nextHanging = `${hanging} `;
    const nextWidth = width - 1; // room for the closing ']'
    const n = shape[axis]!;
    const st = strides[axis]!;
    const summary = summarize && 2 * EDGE_ITEMS < n;
    const leading = summary ? EDGE_ITEMS : 0;
    const trailing = summary ? EDGE_ITEMS : n;
    const item = (k: number): string => recurse(axis + 1, offset + k * st, nextHanging, nextWidth);
    let s = '';
    if (axis === ndim - 1) {
      const elemWidth = width - 1;
      let line = hanging;
      const extend = (word: string): void => {
        if (line.length + word.length > elemWidth && line.length > hanging.length) {
          s += `${line.trimEnd()}\n`;
          line = hanging;
        }
        line += word;
      };
      for (let k = 0; k < leading; k++) {
        extend(item(k));
        line += ' ';
      }
      if (summary) {
        extend('...');
        line += ' ';
      }
      for (let k = trailing; k > 1; k--) {
        extend(item(n - k));
        line += ' ';
      }
      extend(item(n - 1));
      s += line;
    } else {
      const lineSep = '\n'.repeat(ndim - axis - 1);
      for (let k = 0; k < leading; k++) s += hanging + item(k) + lineSep;
      if (summary) s += `${hanging}...${lineSep}`;
      for (let k = trailing; k > 1; k--) s += hanging + item(n - k) + lineSep;
      s += hanging + item(n - 1);
    }
    return `[${s.slice(hanging.length)}]`;
  };
  return recurse(0, 0, ' ', LINE_WIDTH);
}
