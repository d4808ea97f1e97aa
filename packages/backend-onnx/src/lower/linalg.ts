/**
 * `dot` → ONNX `MatMul`, whose numpy matmul rules give dot's for vectors and matrices (vector·vector → 0-d,
 * matrix·vector → vector, vector·matrix → vector, matrix·matrix → matrix). Operands are cast to the output
 * dtype first; bool, int8 and int16 multiply in int32 (onnxruntime has no kernel for them) and are stored
 * back with numpy's astype. matrix·vector multiplies by the vector as a one-column matrix: onnxruntime
 * 1.30's Transpose+MatMul fusion (optimization level 'extended' and above) computes transpose(A)·v wrong
 * for a 1-D v (it reads A as if it were already transposed), and a 2-D right operand avoids the fused path.
 */
import type { OpDTypes } from '@theano-ts/core';
import { onnxElemType } from '../dtypes.js';
import { type Lowering, outDType } from './common.js';

/** `dot(x, y)`. */
const dot: Lowering = (g, node, [x, y]) => {
  const out = outDType(node);
  if (node.inputs[0]!.ndim === 2 && node.inputs[1]!.ndim === 1) {
    const col = g.op('Unsqueeze', [y!, g.ints([1])], y!.dtype);
    const r = g.compute('MatMul', [x!, col], out);
    return [g.cast(g.op('Squeeze', [r, g.ints([1])], r.dtype), out)];
  }
  return [g.cast(g.compute('MatMul', [x!, y!], out), out)];
};

/** `BatchedDot(x, y)` (3-D × 3-D) → `MatMul`, whose leading axis is the batch. */
const batchedDot: Lowering = (g, node, [x, y]) => {
  const out = outDType(node);
  return [g.cast(g.compute('MatMul', [x!, y!], out), out)];
};

/** `Det(x)` → ONNX `Det`. */
const det: Lowering = (g, node, [x]) => {
  const out = outDType(node);
  return [g.cast(g.op('Det', [g.cast(x!, out)], out), out)];
};

/**
 * `TriMask{kind}(x)`: `EyeLike(x)` for the identity; the triangles are its running sums (down the rows:
 * ones where i ≥ j; along the columns: ones where i ≤ j), in the output's dtype.
 */
const triMask: Lowering = (g, node, [x]) => {
  const out = outDType(node);
  const kind = (node.op.params as { kind: 'eye' | 'lower' | 'upper' }).kind;
  const k = out === 'float32' || out === 'float64' ? out : 'float32';
  const eye = g.op('EyeLike', [x!], k, { dtype: onnxElemType(k) });
  if (kind === 'eye') return [g.cast(eye, out)];
  const axis = g.scalar(kind === 'lower' ? 0 : 1, 'int64');
  return [g.cast(g.op('CumSum', [eye, axis], k), out)];
};

/** Why each matrix op without an ONNX operator cannot run here. */
const NO_OPERATOR: Readonly<Record<string, string>> = {
  matrix_inverse: 'ONNX has no matrix inverse operator',
  slogdet: 'ONNX has no log-determinant operator',
  matrix_pinv: 'ONNX has no pseudo-inverse (SVD) operator',
  eig: 'ONNX has no eigendecomposition operator',
  eigh: 'ONNX has no symmetric eigendecomposition operator',
  eigh_grad: 'ONNX has no symmetric eigendecomposition operator (the gradient of eigh)',
  svd: 'ONNX has no singular value decomposition operator',
  svd_grad: 'ONNX has no singular value decomposition operator (the gradient of svd)',
  qr: 'ONNX has no QR decomposition operator',
  qr_grad: 'ONNX has no QR decomposition operator (the gradient of qr)',
  cholesky: 'ONNX has no Cholesky decomposition operator',
  cholesky_grad: 'ONNX has no triangular solve operator (the gradient of cholesky)',
  solve: 'ONNX has no linear solve operator',
  expm: 'ONNX has no matrix exponential operator',
  expm_grad: 'ONNX has no matrix exponential operator (the gradient of expm)',
};

/**
 * The linear algebra ops' dtype limits, for `capabilities.opDTypes`: the decompositions ONNX has no
 * operator for run on no dtype (with the reason), and onnxruntime's `Det` kernel is float32 only.
 */
export const LINALG_OP_DTYPES: Readonly<Record<string, OpDTypes>> = {
  det: { dtypes: ['float32'], reason: "onnxruntime's Det kernel is float32 only" },
  ...Object.fromEntries(Object.entries(NO_OPERATOR).map(([k, reason]) => [k, { dtypes: [], reason }])),
};

/** The lowering of an op that runs on no dtype here (never called: the capability check comes first). */
const undeclared: Lowering = (_g, node) => {
  throw new Error(`onnx: ${node.op} has no ONNX operator`);
};

/** The linear algebra lowerings. */
export const LINALG_LOWERINGS = {
  dot,
  batched_dot: batchedDot,
  det,
  tri_mask: triMask,
  ...(Object.fromEntries(Object.keys(NO_OPERATOR).map((k) => [k, undeclared])) as Record<
    'matrix_inverse' | 'slogdet' | 'matrix_pinv' | 'eig' | 'eigh' | 'eigh_grad' | 'svd' | 'svd_grad' | 'qr' | 'qr_grad',
    Lowering
  > &
    Record<'cholesky' | 'cholesky_grad' | 'solve' | 'expm' | 'expm_grad', Lowering>),
} as const;
