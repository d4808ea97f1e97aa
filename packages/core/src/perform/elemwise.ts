/**
 * Elementwise ops on concrete values, from each op's scalar entry: inputs are read as doubles, broadcast
 * along size-1 dimensions, combined with the entry's scalar function (the integer form where every input is
 * an integer, as numpy does), and the result is stored into the output dtype with astype's rules (so integer
 * results wrap like numpy's fixed-width integers). Integer ops on int64 (an int64 input or result, every input
 * an integer or bool) compute exactly on BigInts instead (`ScalarImpl.bigint`), since doubles hold integers
 * exactly only up to 2^53; int32 and float inputs never take that path. The reference backend's elementwise kernel, constant
 * folding and DebugMode run this; backend-ref's fused loops call the same scalar functions (`scalarFnFor`).
 */
import { type DType, isComplexDType, isDiscreteDType } from '../dtype.js';
import { NDArray, shapeSize, shapeToString } from '../ndarray.js';
import type { ElemSpec, ScalarImpl } from '../ops/elemwise.js';
import type { C, ScalarFn } from '../scalar/impl.js';
import type { BigScalarFn } from '../scalar/int64.js';
import { broadcastShapes, broadcastStrides, expandValues, stridedCopy } from './broadcast.js';
import { castTo, readValues, storeValues } from './values.js';

/** True for the output dtypes whose values wrap modulo 2^32 or less (so Math.imul is exact for them). */
export function fitsInt32(d: DType): boolean {
  return d === 'bool' || d === 'int8' || d === 'int16' || d === 'int32';
}

/**
 * The scalar function an op computes for these input dtypes and output dtype: its integer form where every
 * input is an integer (`int32` where the result wraps within 32 bits), else its float form.
 */
export function scalarFnFor(impl: ScalarImpl, inputs: readonly DType[], out: DType): ScalarFn {
  if (inputs.every(isDiscreteDType)) {
    if (impl.int32 && fitsInt32(out)) return impl.int32;
    if (impl.int) return impl.int;
  }
  return impl.float;
}

/** An operand's doubles laid out for a loop over `outShape`: the array and its stride (0 = scalar, 1 = full). */
function operand(x: NDArray, width: 1 | 2, outShape: readonly number[]): [Float64Array, number] {
  const v = readValues(x, width);
  if (x.size === 1 && shapeSize(outShape) !== 1) return [v, 0];
  return [expandValues(v, width, x.shape, outShape), 1];
}

/** out[i] = f(a[i·sa], b[i·sb]) for i < n, where a stride of 0 repeats a broadcast scalar. */
function binaryLoop(f: ScalarFn, a: Float64Array, sa: number, b: Float64Array, sb: number, out: Float64Array): void {
  const n = out.length;
  if (sa === 1 && sb === 1) {
    for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!);
  } else if (sb === 0) {
    const bv = b[0]!;
    for (let i = 0; i < n; i++) out[i] = f(a[i * sa]!, bv);
  } else {
    const av = a[0]!;
    for (let i = 0; i < n; i++) out[i] = f(av, b[i]!);
  }
}

/**
 * Applies the elementwise op declared by `spec` to `inputs` (all of the same rank; size-1 dimensions
 * broadcast) and returns a new array of dtype `outDtype`. Throws an error naming the op for a wrong number
 * of inputs, ranks or shapes that disagree, or a complex input to an op with no complex form.
 */
export function performElemwise(spec: Readonly<ElemSpec>, inputs: readonly NDArray[], outDtype: DType): NDArray {
  // out = op(*inputs) elementwise, broadcast, cast to outDtype
  const op = `Elemwise{${spec.name}}`;
  const arity = spec.arity;
  if (arity === 'n' ? inputs.length < 2 : inputs.length !== arity) {
    const want = arity === 'n' ? '2 or more inputs' : `${arity} input${arity === 1 ? '' : 's'}`;
    throw new Error(`${op}: expected ${want}, got ${inputs.length}`);
  }
  const nd = inputs[0]!.ndim;
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
  if (spec.name === 'cast') return castTo(inputs[0]!, outDtype); // out = x.astype(outDtype)

  const complexIn = inputs.find((x) => isComplexDType(x.dtype));
  if (complexIn || isComplexDType(outDtype)) {
    return performComplex(spec, inputs, outShape, outDtype, complexIn ? complexIn.dtype : outDtype);
  }
  const big = spec.impl.bigint;
  if (
    big &&
    usesBigInt(
      inputs.map((x) => x.dtype),
      outDtype,
    )
  )
    return performBigInt(spec, big, inputs, outShape, outDtype);
  const n = shapeSize(outShape);
  const out = new Float64Array(n);
  const f = scalarFnFor(
    spec.impl,
    inputs.map((x) => x.dtype),
    outDtype,
  );
  if (inputs.length === 1) {
    const a = readValues(inputs[0]!, 1);
    for (let i = 0; i < n; i++) out[i] = f(a[i]!);
    return storeValues(out, 1, outShape, outDtype);
  }
  if (arity === 3) {
    // a three-argument op (clip, switch): out[i] = f(a[i], b[i], c[i])
    const [[a, sa], [b, sb], [c, sc]] = inputs.map((x) => operand(x, 1, outShape)) as [Float64Array, number][];
    for (let i = 0; i < n; i++) out[i] = f(a![i * sa!]!, b![i * sb!]!, c![i * sc!]!);
    return storeValues(out, 1, outShape, outDtype);
  }
  const [a, sa] = operand(inputs[0]!, 1, outShape);
  const [b, sb] = operand(inputs[1]!, 1, outShape);
  // two one-element operands: one value, for every element of the output (a third operand may make it larger)
  if (sa === 0 && sb === 0) out.fill(f(a[0]!, b[0]!));
  else binaryLoop(f, a, sa, b, sb, out);
  // n-ary ops fold further operands into the running result (left to right, like a + b + c)
  for (let k = 2; k < inputs.length; k++) {
    const [c, sc] = operand(inputs[k]!, 1, outShape);
    binaryLoop(f, out, 1, c, sc, out);
  }
  return storeValues(out, 1, outShape, outDtype);
}

/**
 * True when an op with an exact integer form must use it: every input is an integer or bool, and an input
 * or the result is int64 (whose values doubles cannot all hold).
 */
export function usesBigInt(inputs: readonly DType[], outDtype: DType): boolean {
  let wide = outDtype === 'int64';
  for (const d of inputs) {
    if (d === 'int64') wide = true;
    else if (!isDiscreteDType(d)) return false;
  }
  return wide;
}

/** An operand's values as BigInts laid out for a loop over `outShape`: the array and its stride (0 or 1). */
function bigOperand(x: NDArray, outShape: readonly number[]): [BigInt64Array, number] {
  const v =
    x.data instanceof BigInt64Array ? x.data : BigInt64Array.from(x.data as ArrayLike<number>, (e) => BigInt(e));
  const size = shapeSize(outShape);
  if (x.size === 1 && size !== 1) return [v, 0];
  if (x.size === size && x.ndim === outShape.length) return [v, 1];
  const out = new BigInt64Array(size);
  stridedCopy(v, 0, broadcastStrides(x.shape, outShape), outShape, 1, out);
  return [out, 1];
}

/**
 * The exact integer path: inputs read as BigInts, combined with the op's BigInt function, each result
 * wrapped to int64 by its store (numpy's int64 wrapping), then cast to `outDtype` (bool for comparisons).
 */
function performBigInt(
  spec: Readonly<ElemSpec>,
  f: BigScalarFn,
  inputs: readonly NDArray[],
  outShape: readonly number[],
  outDtype: DType,
): NDArray {
  // out = op(*inputs) computed on integers, stored modulo 2^64, then astype(outDtype)
  const n = shapeSize(outShape);
  const out = new BigInt64Array(n);
  const ops = inputs.map((x) => bigOperand(x, outShape));
  if (ops.length === 1) {
    const [a, sa] = ops[0]!;
    for (let i = 0; i < n; i++) out[i] = f(a[i * sa]!);
  } else if (spec.arity === 3) {
    const [[a, sa], [b, sb], [c, sc]] = ops as [BigInt64Array, number][];
    for (let i = 0; i < n; i++) out[i] = f(a![i * sa!]!, b![i * sb!]!, c![i * sc!]!);
  } else {
    const [a, sa] = ops[0]!;
    const [b, sb] = ops[1]!;
    for (let i = 0; i < n; i++) out[i] = f(a[i * sa]!, b[i * sb]!);
    // n-ary ops fold further operands into the running (wrapped) result, left to right
    for (let k = 2; k < ops.length; k++) {
      const [c, sc] = ops[k]!;
      for (let i = 0; i < n; i++) out[i] = f(out[i]!, c[i * sc]!);
    }
  }
  const r = new NDArray(out, [...outShape], 'int64');
  return outDtype === 'int64' ? r : r.astype(outDtype);
}

/** The complex path: values as interleaved (re, im) doubles, folded with the op's complex function. */
function performComplex(
  spec: Readonly<ElemSpec>,
  inputs: readonly NDArray[],
  outShape: readonly number[],
  outDtype: DType,
  complexDtype: DType,
): NDArray {
  const f = spec.impl.complex;
  if (!f) throw new Error(`Elemwise{${spec.name}}: ${complexDtype} is not supported (the op has no complex form)`);
  const n = shapeSize(outShape);
  const ops = inputs.map((x) => operand(x, 2, outShape));
  const out = new Float64Array(2 * n);
  const at = ([v, s]: [Float64Array, number], i: number): C => [v[2 * i * s]!, v[2 * i * s + 1]!];
  for (let i = 0; i < n; i++) {
    let acc: C;
    if (spec.arity === 3) acc = f(at(ops[0]!, i), at(ops[1]!, i), at(ops[2]!, i));
    else {
      acc = ops.length === 1 ? f(at(ops[0]!, i)) : f(at(ops[0]!, i), at(ops[1]!, i));
      for (let k = 2; k < ops.length; k++) acc = f(acc, at(ops[k]!, i));
    }
    out[2 * i] = acc[0];
    out[2 * i + 1] = acc[1];
  }
  return storeValues(out, 2, outShape, outDtype);
}
