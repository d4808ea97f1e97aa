/**
 * Elementwise ops (Theano's `Elemwise` over its scalar ops), with numpy's semantics: inputs are read as
 * doubles, combined after broadcasting along size-1 dimensions, and the result is stored into the
 * caller's output dtype with astype's rules (so integer results wrap like numpy's fixed-width integers).
 */
import {
  type ElemwiseName as CoreElemwiseName,
  type DType,
  type ExtendedElemwiseName,
  isComplexDType,
  isDiscreteDType,
  type NDArray,
  shapeSize,
  shapeToString,
} from '@theano-ts/core';
import { broadcastShapes, expandValues } from './broadcast.js';
import { castTo, readValues, storeValues } from './common.js';

/** The names of the elementwise ops the reference backend implements: every primitive and extended one. */
export type ElemwiseName = CoreElemwiseName | ExtendedElemwiseName;

type Unary = (a: number) => number;
type Binary = (a: number, b: number) => number;

/** Number of inputs of each op; `-2` means "2 or more" (add and mul are n-ary). */
const ARITY: Record<ElemwiseName, number> = {
  add: -2,
  mul: -2,
  sub: 2,
  true_div: 2,
  int_div: 2,
  mod: 2,
  pow: 2,
  maximum: 2,
  minimum: 2,
  lt: 2,
  le: 2,
  gt: 2,
  ge: 2,
  eq: 2,
  neq: 2,
  second: 2,
  neg: 1,
  abs: 1,
  exp: 1,
  log: 1,
  sqrt: 1,
  sin: 1,
  cos: 1,
  tanh: 1,
  sgn: 1,
  cast: 1,
  sqr: 1,
  log1p: 1,
  expm1: 1,
  softplus: 1,
  sigmoid: 1,
};

/** All elementwise op names, in a stable order. */
export const ELEMWISE_NAMES: readonly ElemwiseName[] = Object.keys(ARITY) as ElemwiseName[];

// ---- scalar functions on doubles ---------------------------------------------------------------------

/** Python's `a % b` for integers (sign of the divisor); `x % 0` is 0 like numpy. */
function intMod(a: number, b: number): number {
  // r = a - floor(a / b) · b, 0 when b = 0
  if (b === 0) return 0;
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** Python's `a // b` for integers (floor division); `x // 0` is 0 like numpy. */
function intFloorDiv(a: number, b: number): number {
  // q = floor(a / b), exact: (a - a mod b) is a multiple of b
  if (b === 0) return 0;
  return (a - intMod(a, b)) / b;
}

/** numpy's float divmod (npy_divmod): the modulus has the sign of the divisor. Returns the modulus. */
function floatMod(a: number, b: number): number {
  // r = a - floor(a / b) · b, computed from fmod like numpy; NaN when b = 0
  const m = a % b; // C fmod
  if (b === 0) return m;
  if (m !== 0) return b < 0 !== m < 0 ? m + b : m;
  return b < 0 ? -0 : 0;
}

/** numpy's float floor division (np.floor_divide on floats, via npy_divmod). */
function floatFloorDiv(a: number, b: number): number {
  // q = floor(a / b), consistent with floatMod (a = q·b + r)
  const m = a % b;
  if (b === 0) return a / b;
  let div = (a - m) / b;
  if (m !== 0 && b < 0 !== m < 0) div -= 1;
  if (div === 0) return a / b < 0 || Object.is(a / b, -0) ? -0 : 0;
  let fl = Math.floor(div);
  if (div - fl > 0.5) fl += 1;
  return fl;
}

/** C's pow (what numpy calls for floats), which differs from Math.pow on 1**NaN and (-1)**±inf. */
function floatPow(a: number, b: number): number {
  // a ** b
  if (a === 1 || b === 0) return 1;
  if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
  return a ** b;
}

/** Exact integer power by squaring in doubles (exact while the result stays below 2^53). */
function intPow(a: number, b: number): number {
  // a ** b for integers b >= 0
  if (b < 0) throw new Error(`Elemwise{pow}: integers to negative integer powers are not allowed (got ${a} ** ${b})`);
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
function intPow32(a: number, b: number): number {
  // (a ** b) mod 2^32, as a signed 32-bit value
  if (b < 0) throw new Error(`Elemwise{pow}: integers to negative integer powers are not allowed (got ${a} ** ${b})`);
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

/** max with NaN propagation (np.maximum; Math.max already returns NaN if either operand is NaN). */
const maximum: Binary = Math.max;

/** min with NaN propagation (np.minimum; Math.min already returns NaN if either operand is NaN). */
const minimum: Binary = Math.min;

/** np.sign: -1, 0 or 1; NaN stays NaN. */
function sgn(a: number): number {
  // sign(a)
  return a > 0 ? 1 : a < 0 ? -1 : a === 0 ? 0 : Number.NaN;
}

const UNARY: Partial<Record<ElemwiseName, Unary>> = {
  neg: (a) => -a,
  abs: Math.abs,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sgn,
  // x²
  sqr: (a) => a * a,
  log1p: Math.log1p,
  expm1: Math.expm1,
  // log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)): never overflows
  softplus: (a) => (a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a))),
  // 1 / (1 + exp(-x)), evaluated on the side that does not overflow
  sigmoid: (a) => (a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a))),
};

const BINARY: Partial<Record<ElemwiseName, Binary>> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  true_div: (a, b) => a / b,
  int_div: floatFloorDiv,
  mod: floatMod,
  pow: floatPow,
  maximum,
  minimum,
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  eq: (a, b) => (a === b ? 1 : 0),
  neq: (a, b) => (a !== b ? 1 : 0),
};

/** True for the output dtypes whose values wrap modulo 2^32 or less (so Math.imul is exact for them). */
function fitsInt32(d: DType): boolean {
  return d === 'bool' || d === 'int8' || d === 'int16' || d === 'int32';
}

/** The scalar function for a binary op, with integer semantics where all inputs are integers (numpy's). */
function binaryFor(name: ElemwiseName, intInputs: boolean, outDtype: DType): Binary {
  if (intInputs) {
    if (name === 'int_div') return intFloorDiv;
    if (name === 'mod') return intMod;
    if (name === 'pow' && isDiscreteDType(outDtype)) return fitsInt32(outDtype) ? intPow32 : intPow;
    if (name === 'mul' && fitsInt32(outDtype)) return Math.imul;
  }
  const f = BINARY[name];
  if (!f) throw new Error(`Elemwise{${name}}: not a binary op`);
  return f;
}

// ---- loops -------------------------------------------------------------------------------------------

/** out[i] = f(a[i·sa], b[i·sb]) for i < n, where a stride of 0 repeats a broadcast scalar. */
function binaryLoop(f: Binary, a: Float64Array, sa: number, b: Float64Array, sb: number, out: Float64Array): void {
  const n = out.length;
  if (sa === 1 && sb === 1) {
    for (let i = 0; i < n; i++) out[i] = f(a[i], b[i]);
  } else if (sb === 0) {
    const bv = b[0];
    for (let i = 0; i < n; i++) out[i] = f(a[i * sa], bv);
  } else {
    const av = a[0];
    for (let i = 0; i < n; i++) out[i] = f(av, b[i]);
  }
}

/** An operand's doubles laid out for a loop over `outShape`: the array and its stride (0 = scalar, 1 = full). */
function operand(x: NDArray, width: 1 | 2, outShape: readonly number[]): [Float64Array, number] {
  const v = readValues(x, width);
  if (x.size === 1 && shapeSize(outShape) !== 1) return [v, 0];
  return [expandValues(v, width, x.shape, outShape), 1];
}

/**
 * Applies the elementwise op `name` to `inputs` (all of the same rank; size-1 dimensions broadcast) and
 * returns a new array of dtype `outDtype`. Values are computed in doubles with numpy's semantics and
 * cast to `outDtype` with astype's rules. Complex inputs are supported by add, sub, mul, true_div, neg,
 * abs, eq, neq, second and cast; other ops throw on them.
 */
export function elemwise(name: ElemwiseName, inputs: readonly NDArray[], outDtype: DType): NDArray {
  // out = name(*inputs) elementwise, broadcast, cast to outDtype
  const op = `Elemwise{${name}}`;
  const arity = ARITY[name];
  if (arity === undefined) throw new Error(`Elemwise: unknown op ${JSON.stringify(name)}`);
  if (arity === -2 ? inputs.length < 2 : inputs.length !== arity) {
    const want = arity === -2 ? '2 or more inputs' : `${arity} input${arity === 1 ? '' : 's'}`;
    throw new Error(`${op}: expected ${want}, got ${inputs.length}`);
  }
  const nd = (inputs[0] as NDArray).ndim;
  for (const x of inputs) {
    if (x.ndim !== nd) {
      const shapes = inputs.map((y) => shapeToString(y.shape)).join(' and ');
      throw new Error(`${op}: inputs have different ranks, ${shapes} (the graph pads them to one rank first)`);
    }
  }
  const outShape = broadcastShapes(
    inputs.map((x) => x.shape),
    op,
  );

  if (name === 'cast') return castTo(inputs[0] as NDArray, outDtype); // out = x.astype(outDtype)

  const complexIn = inputs.find((x) => isComplexDType(x.dtype));
  if (complexIn || isComplexDType(outDtype)) {
    return complexElemwise(name, inputs, outShape, outDtype, complexIn ? complexIn.dtype : outDtype);
  }

  const n = shapeSize(outShape);
  const out = new Float64Array(n);

  if (name === 'second') {
    const [b, sb] = operand(inputs[1] as NDArray, 1, outShape);
    if (sb === 0) out.fill(b[0]);
    else out.set(b);
    return storeValues(out, 1, outShape, outDtype);
  }

  if (arity === 1) {
    const f = UNARY[name] as Unary;
    const a = readValues(inputs[0] as NDArray, 1);
    for (let i = 0; i < n; i++) out[i] = f(a[i]);
    return storeValues(out, 1, outShape, outDtype);
  }

  const intInputs = inputs.every((x) => isDiscreteDType(x.dtype));
  const f = binaryFor(name, intInputs, outDtype);
  const [a, sa] = operand(inputs[0] as NDArray, 1, outShape);
  const [b, sb] = operand(inputs[1] as NDArray, 1, outShape);
  binaryLoop(f, a, sa, b, sb, out);
  // add and mul fold further operands into the running result (left to right, like a + b + c)
  for (let k = 2; k < inputs.length; k++) {
    const [c, sc] = operand(inputs[k] as NDArray, 1, outShape);
    binaryLoop(f, out, 1, c, sc, out);
  }
  return storeValues(out, 1, outShape, outDtype);
}

/** The elementwise ops with a complex path (the backend's capability check reads this list too). */
export const COMPLEX_ELEMWISE: ReadonlySet<ElemwiseName> = new Set<ElemwiseName>([
  'add',
  'sub',
  'mul',
  'true_div',
  'neg',
  'abs',
  'eq',
  'neq',
  'second',
  'exp',
  'log',
  'sqrt',
  'sqr',
]);

/** Complex functions of one argument: (re, im) → out[o], out[o + 1] (numpy's principal branches). */
const COMPLEX_UNARY: Partial<Record<ElemwiseName, (re: number, im: number, out: Float64Array, o: number) => void>> = {
  // exp(a + bi) = e^a (cos b + i sin b)
  exp: (a, b, out, o) => {
    const m = Math.exp(a);
    out[o] = b === 0 ? m : m * Math.cos(b);
    out[o + 1] = b === 0 ? 0 : m * Math.sin(b);
  },
  // log z = log|z| + i arg z
  log: (a, b, out, o) => {
    out[o] = Math.log(Math.hypot(a, b));
    out[o + 1] = Math.atan2(b, a);
  },
  // sqrt z = sqrt(|z|) (cos(θ/2) + i sin(θ/2)), θ = arg z
  sqrt: (a, b, out, o) => {
    const r = Math.sqrt(Math.hypot(a, b));
    const t = Math.atan2(b, a) / 2;
    out[o] = r * Math.cos(t);
    out[o + 1] = b === 0 && a >= 0 ? 0 : r * Math.sin(t);
  },
  // z² = (a² - b²) + 2ab i
  sqr: (a, b, out, o) => {
    out[o] = a * a - b * b;
    out[o + 1] = 2 * a * b;
  },
};

/** numpy's complex division (Smith's algorithm): (ar + i·ai) / (br + i·bi) written to out[o], out[o+1]. */
function complexDiv(ar: number, ai: number, br: number, bi: number, out: Float64Array, o: number): void {
  // (a / b) = a · conj(b) / |b|², scaled to avoid overflow
  const abr = Math.abs(br);
  const abi = Math.abs(bi);
  if (abr >= abi) {
    if (abr === 0 && abi === 0) {
      out[o] = ar / abr;
      out[o + 1] = ai / abr;
    } else {
      const rat = bi / br;
      const scl = 1 / (br + bi * rat);
      out[o] = (ar + ai * rat) * scl;
      out[o + 1] = (ai - ar * rat) * scl;
    }
  } else {
    const rat = br / bi;
    const scl = 1 / (bi + br * rat);
    out[o] = (ar * rat + ai) * scl;
    out[o + 1] = (ai * rat - ar) * scl;
  }
}

/** The complex path of `elemwise`: values as interleaved (re, im) doubles. */
function complexElemwise(
  name: ElemwiseName,
  inputs: readonly NDArray[],
  outShape: readonly number[],
  outDtype: DType,
  complexDtype: DType,
): NDArray {
  // out = name(*inputs) over complex numbers
  if (!COMPLEX_ELEMWISE.has(name)) {
    throw new Error(`Elemwise{${name}}: ${complexDtype} is not supported by the reference backend`);
  }
  const n = shapeSize(outShape);
  const ops = inputs.map((x) => operand(x, 2, outShape));

  if (name === 'second') {
    const [b, sb] = ops[1] as [Float64Array, number];
    const out = new Float64Array(2 * n);
    if (sb === 0) for (let i = 0; i < n; i++) out.set(b.subarray(0, 2), 2 * i);
    else out.set(b);
    return storeValues(out, 2, outShape, outDtype);
  }
  if (name === 'neg' || name === 'abs') {
    const [a] = ops[0] as [Float64Array, number];
    if (name === 'abs') {
      // |a| = hypot(re, im), a real result
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = Math.hypot(a[2 * i], a[2 * i + 1]);
      return storeValues(out, 1, outShape, outDtype);
    }
    const out = new Float64Array(2 * n);
    for (let i = 0; i < 2 * n; i++) out[i] = -a[i];
    return storeValues(out, 2, outShape, outDtype);
  }
  const unary = COMPLEX_UNARY[name];
  if (unary) {
    const [a] = ops[0] as [Float64Array, number];
    const out = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) unary(a[2 * i]!, a[2 * i + 1]!, out, 2 * i);
    return storeValues(out, 2, outShape, outDtype);
  }
  if (name === 'eq' || name === 'neq') {
    const [a, sa] = ops[0] as [Float64Array, number];
    const [b, sb] = ops[1] as [Float64Array, number];
    const out = new Float64Array(n);
    const want = name === 'eq' ? 1 : 0;
    for (let i = 0; i < n; i++) {
      const p = 2 * i * sa;
      const q = 2 * i * sb;
      const same = a[p] === b[q] && a[p + 1] === b[q + 1];
      out[i] = same ? want : 1 - want;
    }
    return storeValues(out, 1, outShape, outDtype);
  }

  // add, sub, mul, true_div: fold left to right
  const out = new Float64Array(2 * n);
  const [a0, s0] = ops[0] as [Float64Array, number];
  for (let i = 0; i < n; i++) {
    out[2 * i] = a0[2 * i * s0];
    out[2 * i + 1] = a0[2 * i * s0 + 1];
  }
  for (let k = 1; k < ops.length; k++) {
    const [b, sb] = ops[k] as [Float64Array, number];
    for (let i = 0; i < n; i++) {
      const o = 2 * i;
      const q = o * sb;
      const ar = out[o];
      const ai = out[o + 1];
      const br = b[q];
      const bi = b[q + 1];
      switch (name) {
        case 'add':
          out[o] = ar + br;
          out[o + 1] = ai + bi;
          break;
        case 'sub':
          out[o] = ar - br;
          out[o + 1] = ai - bi;
          break;
        case 'mul':
          out[o] = ar * br - ai * bi;
          out[o + 1] = ar * bi + ai * br;
          break;
        default:
          complexDiv(ar, ai, br, bi, out, o);
      }
    }
  }
  return storeValues(out, 2, outShape, outDtype);
}
