/**
 * `dot` → ONNX `MatMul`, whose numpy matmul rules give dot's for vectors and matrices (vector·vector → 0-d,
 * matrix·vector → vector, vector·matrix → vector, matrix·matrix → matrix). Operands are cast to the output
 * dtype first; bool, int8 and int16 multiply in int32 (onnxruntime has no kernel for them) and are stored
 * back with numpy's astype. matrix·vector multiplies by the vector as a one-column matrix: onnxruntime
 * 1.30's Transpose+MatMul fusion (optimization level 'extended' and above) computes transpose(A)·v wrong
 * for a 1-D v (it reads A as if it were already transposed), and a 2-D right operand avoids the fused path.
 */
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

/** The linear algebra lowerings. */
export const LINALG_LOWERINGS = { dot } as const;
