/**
 * dtypes on the ONNX side: theano-ts dtypes ↔ ONNX `TensorProto.DataType` ↔ onnxruntime tensor types, and
 * the table of which dtypes onnxruntime's CPU kernels accept for each ONNX operator we emit (measured with
 * onnxruntime-node 1.30 by building one-node models for every op × dtype). Where a kernel is missing the
 * lowering computes in a wider "carrier" dtype that holds every value exactly and casts back, which keeps
 * numpy's semantics (integer results wrap when stored back into the narrow dtype).
 */
import type { DType } from '@theano-ts/core';
import { TensorProto_DataType } from 'onnx-buf';

/** The dtypes this backend computes in (every real dtype; onnxruntime has no complex kernels). */
export const ONNX_DTYPES: readonly DType[] = ['bool', 'int8', 'int16', 'int32', 'int64', 'float32', 'float64'];

/** The real dtypes, as a type. */
export type RealDType = 'bool' | 'int8' | 'int16' | 'int32' | 'int64' | 'float32' | 'float64';

/** The onnxruntime tensor type names of the real dtypes. */
export type OrtTypeName = RealDType;

/** The ONNX element type of a dtype; throws for complex (which never reaches the lowering). */
export function onnxElemType(d: DType): TensorProto_DataType {
  switch (d) {
    case 'bool':
      return TensorProto_DataType.BOOL;
    case 'int8':
      return TensorProto_DataType.INT8;
    case 'int16':
      return TensorProto_DataType.INT16;
    case 'int32':
      return TensorProto_DataType.INT32;
    case 'int64':
      return TensorProto_DataType.INT64;
    case 'float32':
      return TensorProto_DataType.FLOAT;
    case 'float64':
      return TensorProto_DataType.DOUBLE;
    case 'complex64':
    case 'complex128':
      throw new Error(`onnx: dtype ${d} has no onnxruntime kernels`);
    default:
      return d satisfies never;
  }
}

/** True for the dtypes this backend runs. */
export function isOnnxDType(d: DType): d is RealDType {
  return (ONNX_DTYPES as readonly string[]).includes(d);
}

/**
 * The dtypes onnxruntime-node 1.30's CPU kernels accept, for the ONNX operators that lack some of ours.
 * An operator absent from this table accepts all seven. Each gap was found by creating a one-node session,
 * which fails with "Type Error: Type 'tensor(bool)' of input parameter (i0) of operator (Add) in node (n)
 * is invalid" (or, for Where, "Could not find an implementation for Where(16) node").
 */
export const ORT_CPU_TYPES: Readonly<Record<string, readonly RealDType[]>> = {
  Add: ['int8', 'int16', 'int32', 'int64', 'float32', 'float64'],
  Sub: ['int8', 'int16', 'int32', 'int64', 'float32', 'float64'],
  Mul: ['int8', 'int16', 'int32', 'int64', 'float32', 'float64'],
  Div: ['int8', 'int16', 'int32', 'int64', 'float32', 'float64'],
  Pow: ['int32', 'int64', 'float32', 'float64'],
  Max: ['int8', 'int32', 'int64', 'float32', 'float64'],
  Min: ['int8', 'int32', 'int64', 'float32', 'float64'],
  Less: ['int8', 'int16', 'int32', 'int64', 'float32', 'float64'],
  LessOrEqual: ['int8', 'int16', 'int32', 'int64', 'float32', 'float64'],
  Greater: ['int8', 'int16', 'int32', 'int64', 'float32', 'float64'],
  GreaterOrEqual: ['int8', 'int16', 'int32', 'int64', 'float32', 'float64'],
  Mod: ['int8', 'int16', 'int32', 'int64', 'float32', 'float64'],
  Neg: ['int8', 'int16', 'int32', 'int64', 'float32', 'float64'],
  Abs: ['int8', 'int16', 'int32', 'int64', 'float32', 'float64'],
  Sign: ['int8', 'int16', 'int32', 'int64', 'float32', 'float64'],
  Exp: ['float32', 'float64'],
  Log: ['float32', 'float64'],
  Sqrt: ['float32', 'float64'],
  Sin: ['float32', 'float64'],
  Cos: ['float32', 'float64'],
  Tanh: ['float32', 'float64'],
  Floor: ['float32', 'float64'],
  IsNaN: ['float32', 'float64'],
  ReduceSum: ['int32', 'int64', 'float32', 'float64'],
  ReduceMax: ['bool', 'int8', 'int32', 'int64', 'float32', 'float64'],
  ReduceMin: ['bool', 'int8', 'int32', 'int64', 'float32', 'float64'],
  MatMul: ['int32', 'int64', 'float32', 'float64'],
  Where: ['int32', 'int64', 'float32', 'float64'],
};

/** Wider dtypes that hold every value of a dtype exactly (or, for int64, as closely as a double can). */
const WIDER: Readonly<Record<RealDType, readonly RealDType[]>> = {
  bool: ['int32', 'int64', 'float32', 'float64'],
  int8: ['int16', 'int32', 'int64', 'float64'],
  int16: ['int32', 'int64', 'float64'],
  int32: ['int64', 'float64'],
  int64: ['float64'],
  float32: ['float64'],
  float64: [],
};

/**
 * The dtype in which onnxruntime runs `opType` for values of dtype `d`: `d` itself where a CPU kernel
 * exists, else the narrowest wider dtype that has one (bool → int32, int16 → int32, …).
 */
export function carrierDType(opType: string, d: RealDType): RealDType {
  const ok = ORT_CPU_TYPES[opType];
  if (!ok || ok.includes(d)) return d;
  const c = WIDER[d].find((w) => ok.includes(w));
  if (!c) throw new Error(`onnx: internal error: no onnxruntime kernel of ${opType} can hold ${d} values`);
  return c;
}

/** The dtypes `opType` is emulated for (computed in a carrier dtype), for the capability table. */
export function emulatedDTypes(opType: string): RealDType[] {
  const ok = ORT_CPU_TYPES[opType];
  return ok ? (ONNX_DTYPES as RealDType[]).filter((d) => !ok.includes(d)) : [];
}
