/**
 * Creation ops: `Alloc` (a value broadcast to a shape given as integer scalars) and `ARange` (primitives:
 * nothing else creates a tensor whose size is only known at run time), `Eye` and `Tri` (extended ops,
 * decomposed into ARange and comparisons where a backend lacks them), `ExtractDiag` (numpy's `diagonal`)
 * and `AllocDiag` (a diagonal written into zeros, its gradient and `diag` of a vector).
 */
import { config } from '../config.js';
import { type DType, isComplexDType, isDiscreteDType, isIntDType } from '../dtype.js';
import { applyOp, Op } from '../graph/apply.js';
import { asTensorVariable, constant } from '../graph/constant.js';
import { TensorConstant, type TensorLike, type TensorVariable } from '../graph/variable.js';
import * as P from '../perform/creation.js';
import { TensorType } from '../type.js';
import { add, cast, eq, ge, intDiv, maximum, minimum, mul, neg, sub } from './elemwise.js';
import { type DefinedOp, defineOp } from './op-def.js';
import { sum } from './reduce.js';
import { dimshuffle, shapeI } from './shape.js';

/** The value of a constant integer scalar, or null for any other variable. */
function constInt(v: TensorVariable): number | null {
  return v instanceof TensorConstant && v.ndim === 0 ? v.value.item() : null;
}

/** Checks that `v` is an integer scalar, naming the op and the argument. */
function checkIntScalar(op: string, what: string, v: TensorVariable): void {
  if (v.ndim !== 0 || !isIntDType(v.dtype)) {
    throw new TypeError(`${op}: ${what} must be an integer scalar, got ${v} (${v.type})`);
  }
}

/** A static size from a constant argument (a negative constant is a TypeError), else null. */
function staticSize(op: string, what: string, v: TensorVariable): number | null {
  const c = constInt(v);
  if (c !== null && c < 0) throw new TypeError(`${op}: ${what} must be non-negative, got ${c}`);
  return c;
}

/** `v` as an int64 scalar (the sizes and offsets these ops take; shape inference returns int64). */
function int64(v: TensorVariable): TensorVariable {
  return cast(v, 'int64');
}

// ------------------------------------------------------------------------------------------------ Alloc

/** `Alloc`: `value` broadcast to the shape given by the integer scalars after it. */
export const ALLOC = defineOp<Record<string, never>>({
  name: 'alloc',
  family: 'creation',
  inferTypes([value, ...dims]) {
    dims.forEach((d, k) => {
      checkIntScalar('Alloc', `shape[${k}]`, d);
    });
    const lead = dims.length - value!.ndim;
    if (lead < 0) {
      throw new TypeError(
        `Alloc: the value ${value} has ${value!.ndim} dimensions, more than the ${dims.length} of the shape`,
      );
    }
    const shape = dims.map((d, i) => {
      const c = staticSize('Alloc', `shape[${i}]`, d);
      const vs = i >= lead ? value!.type.shape[i - lead]! : 1;
      if (c !== null && vs !== null && vs !== 1 && vs !== c) {
        throw new TypeError(
          `Alloc: dimension ${i - lead} of the value ${value} has size ${vs}, which cannot be broadcast to ${c}`,
        );
      }
      if (c !== null) return c;
      return vs !== null && vs !== 1 ? vs : null;
    });
    return [TensorType.fromShape(value!.dtype, shape)];
  },
  // d alloc(v, shape) / dv: the output's gradient summed over the dimensions the value was broadcast along
  grad([value, ...dims], [out], [gz]) {
    const none = dims.map(() => null);
    if (!gz || isDiscreteDType(value!.dtype)) return [null, ...none];
    const nd = out!.ndim;
    const lead = nd - value!.ndim;
    const axes: number[] = [];
    for (let d = 0; d < nd; d++) {
      if (d < lead || (value!.broadcastable[d - lead] && !out!.broadcastable[d])) axes.push(d);
    }
    const summed = axes.length ? sum(gz, { axis: axes, keepdims: true }) : gz;
    const g = dimshuffle(
      summed,
      Array.from({ length: value!.ndim }, (_, j) => lead + j),
    );
    return [cast(g, value!.dtype), ...none];
  },
  connection: (nin) => [true, ...Array.from({ length: nin - 1 }, () => false)],
  format: () => 'Alloc',
  perform: ([value, ...dims]) => [P.alloc(value!, dims)],
  // the output's sizes are the shape inputs themselves
  inferShape: (node, _o, axis) => {
    const d = node.inputs[axis + 1]!;
    return constInt(d) ?? int64(d);
  },
});

/** A size argument as an int64 scalar variable (a JS number must be a non-negative integer). */
function sizeVar(fn: string, what: string, d: number | TensorLike): TensorVariable {
  if (typeof d === 'number') {
    if (!Number.isInteger(d) || d < 0) throw new TypeError(`${fn}: ${what} must be a non-negative integer, got ${d}`);
    return constant(d, { dtype: 'int64' });
  }
  const v = asTensorVariable(d, fn);
  checkIntScalar(fn, what, v);
  return int64(v);
}

/** Theano's `T.alloc(value, ...shape)`: `value` broadcast to `shape` (numbers or integer scalar variables). */
export function alloc(value: TensorLike, ...shape: (number | TensorLike)[]): TensorVariable {
  const v = asTensorVariable(value, 'alloc');
  const dims = shape.map((d, k) => sizeVar('alloc', `shape[${k}]`, d));
  if (dims.length < v.ndim) {
    throw new TypeError(
      `alloc: the value ${v} has ${v.ndim} dimensions, more than the ${dims.length} sizes given (${shape.length})`,
    );
  }
  return applyOp(new Op(ALLOC, {}), [v, ...dims]).outputs[0]!;
}

// ----------------------------------------------------------------------------------------------- ARange

/** Parameters of `ARange`: the output dtype. */
export interface ARangeParams {
  /** The output dtype. */
  dtype: DType;
}

/** The length of arange(start, stop, step) for constant arguments, else null. */
function arangeLength(start: TensorVariable, stop: TensorVariable, step: TensorVariable): number | null {
  if (!(start instanceof TensorConstant && stop instanceof TensorConstant && step instanceof TensorConstant)) {
    return null;
  }
  const s = step.value.item();
  if (s === 0) throw new TypeError('ARange: step must not be zero');
  return Math.max(0, Math.ceil((stop.value.item() - start.value.item()) / s));
}

/** `ARange{dtype}(start, stop, step)`: numpy's `arange`. */
export const ARANGE: DefinedOp<ARangeParams> = defineOp<ARangeParams>({
  name: 'arange',
  family: 'creation',
  inferTypes(inputs, { dtype }) {
    ['start', 'stop', 'step'].forEach((what, k) => {
      const v = inputs[k]!;
      if (v.ndim !== 0 || isComplexDType(v.dtype) || v.dtype === 'bool') {
        throw new TypeError(`ARange: ${what} must be a real scalar, got ${v} (${v.type})`);
      }
    });
    if (dtype === 'bool' || isComplexDType(dtype)) {
      throw new TypeError(`ARange: the dtype must be an integer or float dtype, got ${dtype}`);
    }
    return [TensorType.fromShape(dtype, [arangeLength(inputs[0]!, inputs[1]!, inputs[2]!)])];
  },
  // Theano's rule: d/dstart = sum(gz), d/dstep = sum(gz · [0, 1, …]); stop only decides the length
  grad([_start, _stop, _step], [out], [gz], { dtype }) {
    if (!gz || isDiscreteDType(dtype)) return [null, null, null];
    const idx = applyOp(new Op(ARANGE, { dtype }), [
      constant(0, { dtype: 'int64' }),
      shapeI(out!, 0),
      constant(1, { dtype: 'int64' }),
    ]).outputs[0]!;
    return [sum(gz), null, sum(mul(gz, idx))];
  },
  connection: () => [true, false, true],
  format: ({ dtype }) => `ARange{dtype='${dtype}'}`,
  perform: ([start, stop, step], { dtype }) => [P.arange(start!, stop!, step!, dtype)],
  // the length of an integer range: max(ceil((stop - start) / step), 0) = max(-((start - stop) // step), 0),
  // exact in int64. A float range's length is read from its value (Theano computes it in float64, which a
  // float32-only backend could not run; a float32 formula could round differently from numpy's)
  inferShape: (node) => {
    const [start, stop, step] = node.inputs as [TensorVariable, TensorVariable, TensorVariable];
    if (![start, stop, step].every((v) => isIntDType(v.dtype))) return null;
    const n = neg(intDiv(sub(int64(start), int64(stop)), int64(step)));
    return maximum(n, constant(0, { dtype: 'int64' }));
  },
});

/** The dtype `T.arange` gives arguments of these dtypes: their upcast, with every integer dtype as int64. */
function arangeDType(args: readonly (number | TensorVariable)[]): DType {
  let kind: 'int' | DType = 'int';
  for (const a of args) {
    const d: DType = typeof a === 'number' ? (Number.isInteger(a) ? 'int64' : config.floatX) : a.dtype;
    if (isIntDType(d) || d === 'bool') continue;
    if (kind === 'int' || d === 'float64' || isComplexDType(d)) kind = d;
  }
  return kind === 'int' ? 'int64' : kind;
}

/** A real scalar argument of arange/linspace as a variable. */
function scalarArg(fn: string, what: string, v: number | TensorLike, dtype: DType): TensorVariable {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError(`${fn}: ${what} must be a finite number, got ${v}`);
    return constant(v, { dtype });
  }
  const x = asTensorVariable(v, fn);
  if (x.ndim !== 0) throw new TypeError(`${fn}: ${what} must be a scalar, got ${x} (${x.type})`);
  return x;
}

/**
 * `T.arange(start, stop, step, dtype)` (numpy's arange; `arange(n)` is 0…n-1): the arguments may be
 * numbers or scalar variables; the dtype defaults to their upcast, int64 for integers (a JS number that is
 * an integer counts as one, any other number as floatX). A zero step is an error.
 */
export function arange(
  start: number | TensorLike,
  stop: number | TensorLike | null = null,
  step: number | TensorLike = 1,
  dtype: DType | null = null,
): TensorVariable {
  if (stop === null || stop === undefined) {
    stop = start;
    start = 0;
  }
  if (step === 0) throw new TypeError('arange: step must not be zero');
  const raw = [start, stop, step].map((a) => (typeof a === 'number' ? a : asTensorVariable(a, 'arange')));
  const dt = dtype ?? arangeDType(raw);
  if (dt === 'bool' || isComplexDType(dt)) throw new TypeError(`arange: dtype must be real and not bool, got ${dt}`);
  const names = ['start', 'stop', 'step'];
  const vars = raw.map((a, k) =>
    scalarArg('arange', names[k]!, a, typeof a === 'number' && Number.isInteger(a) ? 'int64' : config.floatX),
  );
  return applyOp(new Op(ARANGE, { dtype: dt }), vars).outputs[0]!;
}

// --------------------------------------------------------------------------------------------- Eye, Tri

/** Parameters of `Eye` and `Tri`: the output dtype. */
export interface DTypeParams {
  dtype: DType;
}

/** The (N, M, k) inputs of Eye/Tri: checked, with the static output shape. */
function matrixOfSizes(op: string, [n, m, k]: readonly TensorVariable[], dtype: DType): TensorType[] {
  checkIntScalar(op, 'n', n!);
  checkIntScalar(op, 'm', m!);
  checkIntScalar(op, 'k', k!);
  return [TensorType.fromShape(dtype, [staticSize(op, 'n', n!), staticSize(op, 'm', m!)])];
}

/** Row and column indices (int64, an (n, 1) column and a (1, m) row) for the mask decompositions. */
function indexGrid(n: TensorVariable, m: TensorVariable): [TensorVariable, TensorVariable] {
  const zero = constant(0, { dtype: 'int64' });
  const one = constant(1, { dtype: 'int64' });
  const rows = applyOp(new Op(ARANGE, { dtype: 'int64' }), [zero, int64(n), one]).outputs[0]!;
  const cols = applyOp(new Op(ARANGE, { dtype: 'int64' }), [zero, int64(m), one]).outputs[0]!;
  return [dimshuffle(rows, [0, 'x']), dimshuffle(cols, ['x', 0])];
}

/** `Eye{dtype}(n, m, k)`: ones on diagonal k of an n×m matrix. */
export const EYE = defineOp<DTypeParams>({
  name: 'eye',
  family: 'creation',
  inferTypes: (inputs, { dtype }) => matrixOfSizes('Eye', inputs, dtype),
  grad: () => [null, null, null],
  connection: () => [false, false, false],
  format: ({ dtype }) => `Eye{dtype='${dtype}'}`,
  perform: ([n, m, k], { dtype }) => [P.eye(n!, m!, k!, dtype)],
  // out = (i + k == j), as dtype
  decompose: ([n, m, k], { dtype }) => {
    const [i, j] = indexGrid(n!, m!);
    return [cast(eq(add(i, int64(k!)), j), dtype)];
  },
  inferShape: (node, _o, axis) => {
    const d = node.inputs[axis]!;
    return constInt(d) ?? int64(d);
  },
});

/** `Tri{dtype}(N, M, k)`: ones at and below diagonal k of an N×M matrix. */
export const TRI = defineOp<DTypeParams>({
  name: 'tri',
  family: 'creation',
  inferTypes: (inputs, { dtype }) => matrixOfSizes('Tri', inputs, dtype),
  grad: () => [null, null, null],
  connection: () => [false, false, false],
  format: ({ dtype }) => `Tri{dtype='${dtype}'}`,
  perform: ([n, m, k], { dtype }) => [P.tri(n!, m!, k!, dtype)],
  // out = (i + k >= j), as dtype
  decompose: ([n, m, k], { dtype }) => {
    const [i, j] = indexGrid(n!, m!);
    return [cast(ge(add(i, int64(k!)), j), dtype)];
  },
  inferShape: (node, _o, axis) => {
    const d = node.inputs[axis]!;
    return constInt(d) ?? int64(d);
  },
});

/** Reads (n, m, k) with numpy's defaults: m = n, k = 0. */
function sizesNMK(
  fn: string,
  n: number | TensorLike,
  m: number | TensorLike | null | undefined,
  k: number | TensorLike | undefined,
): TensorVariable[] {
  const nv = sizeVar(fn, 'N', n);
  const mv = m === null || m === undefined ? nv : sizeVar(fn, 'M', m);
  let kv: TensorVariable;
  if (k === undefined || typeof k === 'number') {
    const kk = k ?? 0;
    if (!Number.isInteger(kk)) throw new TypeError(`${fn}: k must be an integer, got ${kk}`);
    kv = constant(kk, { dtype: 'int64' });
  } else {
    kv = asTensorVariable(k, fn);
    checkIntScalar(fn, 'k', kv);
    kv = int64(kv);
  }
  return [nv, mv, kv];
}

/** `T.eye(n, m, k, dtype)`: an n×m matrix (m defaults to n) with ones on diagonal k; dtype defaults to floatX. */
export function eye(
  n: number | TensorLike,
  m: number | TensorLike | null = null,
  k: number | TensorLike = 0,
  dtype: DType | null = null,
): TensorVariable {
  return applyOp(new Op(EYE, { dtype: dtype ?? config.floatX }), sizesNMK('eye', n, m, k)).outputs[0]!;
}

/** `T.tri(N, M, k, dtype)`: an N×M matrix (M defaults to N) with ones at and below diagonal k. */
export function tri(
  n: number | TensorLike,
  m: number | TensorLike | null = null,
  k: number | TensorLike = 0,
  dtype: DType | null = null,
): TensorVariable {
  return applyOp(new Op(TRI, { dtype: dtype ?? config.floatX }), sizesNMK('tri', n, m, k)).outputs[0]!;
}

// ------------------------------------------------------------------------------------------------- Diag

/** Parameters of `ExtractDiag`. */
export interface ExtractDiagParams {
  /** The diagonal: 0 the main one, k > 0 above it, k < 0 below it. */
  offset: number;
  /** The first axis of the 2-d sub-arrays the diagonal is taken from. */
  axis1: number;
  /** The second axis of those sub-arrays. */
  axis2: number;
}

/** The symbolic length of diagonal `k` of an n×m matrix: max(0, min(n, m - k)) or max(0, min(n + k, m)). */
function diagLengthVar(n: TensorVariable | number, m: TensorVariable | number, k: number): TensorVariable | number {
  if (typeof n === 'number' && typeof m === 'number') return P.diagLength(n, m, k);
  const c = (x: number) => constant(x, { dtype: 'int64' });
  const nv = typeof n === 'number' ? c(n) : n;
  const mv = typeof m === 'number' ? c(m) : m;
  const len = k >= 0 ? minimum(nv, sub(mv, c(k))) : minimum(add(nv, c(k)), mv);
  return maximum(len, c(0));
}

/** `ExtractDiag{offset, axis1, axis2}`: numpy's `diagonal`, the diagonal as the last axis. */
export const EXTRACT_DIAG: DefinedOp<ExtractDiagParams> = defineOp<ExtractDiagParams>({
  name: 'extract_diag',
  family: 'creation',
  inferTypes([x], { offset, axis1, axis2 }) {
    const nd = x!.ndim;
    if (nd < 2) throw new TypeError(`ExtractDiag: the input ${x} must have at least 2 dimensions, got ${x!.type}`);
    if (axis1 === axis2 || [axis1, axis2].some((a) => !Number.isInteger(a) || a < 0 || a >= nd)) {
      throw new TypeError(`ExtractDiag: axis1=${axis1} and axis2=${axis2} must be two distinct axes of ${x!.type}`);
    }
    const s = x!.type.shape;
    const rest = s.filter((_, d) => d !== axis1 && d !== axis2);
    const n = s[axis1]!;
    const m = s[axis2]!;
    return [TensorType.fromShape(x!.dtype, [...rest, n !== null && m !== null ? P.diagLength(n, m, offset) : null])];
  },
  // the gradient writes gz back onto the same diagonal of zeros shaped like x
  grad([x], _o, [gz], { offset, axis1, axis2 }) {
    if (!gz) return [null];
    const nd = x!.ndim;
    const rest = Array.from({ length: nd }, (_, d) => d).filter((d) => d !== axis1 && d !== axis2);
    const placed = allocDiagVar(gz, shapeI(x!, axis1), shapeI(x!, axis2), offset);
    const from = [...rest, axis1, axis2];
    return [
      dimshuffle(
        placed,
        Array.from({ length: nd }, (_, d) => from.indexOf(d)),
      ),
    ];
  },
  format: ({ offset, axis1, axis2 }) => `ExtractDiag{offset=${offset}, axis1=${axis1}, axis2=${axis2}, view=False}`,
  perform: ([x], { offset, axis1, axis2 }) => [P.extractDiag(x!, offset, axis1, axis2)],
  inferShape: (node, _o, axis, dim, { offset, axis1, axis2 }) => {
    const nd = node.inputs[0]!.ndim;
    const rest = Array.from({ length: nd }, (_, d) => d).filter((d) => d !== axis1 && d !== axis2);
    if (axis < rest.length) return dim(0, rest[axis]!);
    return diagLengthVar(dim(0, axis1), dim(0, axis2), offset);
  },
});

/** Parameters of `AllocDiag`. */
export interface AllocDiagParams {
  /** The diagonal v is placed on: 0 the main one, k > 0 above it, k < 0 below it. */
  offset: number;
}

/** `AllocDiag{offset}(v, rows, cols)`: zeros of shape v.shape[:-1] + (rows, cols) with v on diagonal offset. */
export const ALLOC_DIAG: DefinedOp<AllocDiagParams> = defineOp<AllocDiagParams>({
  name: 'alloc_diag',
  family: 'creation',
  inferTypes([v, rows, cols], { offset }) {
    if (v!.ndim < 1) throw new TypeError(`AllocDiag: the diagonal ${v} must have at least 1 dimension, got a scalar`);
    checkIntScalar('AllocDiag', 'rows', rows!);
    checkIntScalar('AllocDiag', 'cols', cols!);
    const n = staticSize('AllocDiag', 'rows', rows!);
    const m = staticSize('AllocDiag', 'cols', cols!);
    const len = v!.type.shape[v!.ndim - 1];
    if (n !== null && m !== null && len !== null && len !== undefined && len !== P.diagLength(n, m, offset)) {
      throw new TypeError(
        `AllocDiag: diagonal ${offset} of a ${n}×${m} matrix has ${P.diagLength(n, m, offset)} entries, but ${v} has ${len}`,
      );
    }
    return [TensorType.fromShape(v!.dtype, [...v!.type.shape.slice(0, -1), n, m])];
  },
  // d/dv: the same diagonal of gz
  grad([v], _o, [gz], { offset }) {
    if (!gz) return [null, null, null];
    const nd = v!.ndim + 1;
    return [extractDiagVar(gz, offset, nd - 2, nd - 1), null, null];
  },
  connection: () => [true, false, false],
  format: ({ offset }) => `AllocDiag{offset=${offset}}`,
  perform: ([v, rows, cols], { offset }) => [P.allocDiag(v!, rows!, cols!, offset)],
  inferShape: (node, _o, axis, dim) => {
    const v = node.inputs[0]!;
    if (axis < v.ndim - 1) return dim(0, axis);
    const d = node.inputs[axis - v.ndim + 2]!;
    return constInt(d) ?? int64(d);
  },
});

function extractDiagVar(x: TensorVariable, offset: number, axis1: number, axis2: number): TensorVariable {
  return applyOp(new Op(EXTRACT_DIAG, { offset, axis1, axis2 }), [x]).outputs[0]!;
}

function allocDiagVar(v: TensorVariable, rows: TensorVariable, cols: TensorVariable, offset: number): TensorVariable {
  return applyOp(new Op(ALLOC_DIAG, { offset }), [v, int64(rows), int64(cols)]).outputs[0]!;
}

/** numpy's `diagonal(a, offset, axis1, axis2)`: the diagonal becomes the last axis (negative axes count from the end). */
export function diagonal(a: TensorLike, offset = 0, axis1 = 0, axis2 = 1): TensorVariable {
  const x = asTensorVariable(a, 'diagonal');
  if (x.ndim < 2) throw new TypeError(`diagonal: the input must have at least 2 dimensions, got ${x} (${x.type})`);
  if (!Number.isInteger(offset)) throw new TypeError(`diagonal: offset must be an integer, got ${offset}`);
  const norm = (a: number, what: string): number => {
    if (!Number.isInteger(a) || a < -x.ndim || a >= x.ndim) {
      throw new TypeError(`diagonal: ${what}=${a} is out of range for ${x} of ${x.ndim} dimensions`);
    }
    return a < 0 ? a + x.ndim : a;
  };
  const a1 = norm(axis1, 'axis1');
  const a2 = norm(axis2, 'axis2');
  if (a1 === a2) throw new TypeError(`diagonal: axis1 and axis2 must differ, got ${axis1} and ${axis2}`);
  return extractDiagVar(x, offset, a1, a2);
}

/**
 * numpy's `diag(v, k)`: a vector gives the square matrix with `v` on diagonal k (`AllocDiag`), a matrix
 * gives its diagonal k (`ExtractDiag`).
 */
export function diag(v: TensorLike, k = 0): TensorVariable {
  const x = asTensorVariable(v, 'diag');
  if (!Number.isInteger(k)) throw new TypeError(`diag: k must be an integer, got ${k}`);
  if (x.ndim === 1) {
    const s = x.type.shape[0];
    const size =
      typeof s === 'number'
        ? constant(s + Math.abs(k), { dtype: 'int64' })
        : add(shapeI(x, 0), constant(Math.abs(k), { dtype: 'int64' }));
    return allocDiagVar(x, size, size, k);
  }
  if (x.ndim === 2) return extractDiagVar(x, k, 0, 1);
  throw new TypeError(`diag: the input must be a vector or a matrix, got ${x} (${x.type})`);
}
