/**
 * `dot` of vectors and matrices as one tfjs `BatchMatMul` (a batch of one; vectors become a row or a
 * column). A transposed operand (`x.T`, a `DimShuffle{1,0}` fused into this node by the planner) is read
 * through BatchMatMul's transpose flags instead of being copied.
 */
import { type DefinedOp, fromFloat64, NLINALG_OPS, type NlinalgOpName, shapeToString } from '@theano-ts/core';
import { castTo, filled, gpuDType, kernel, reshapeTo } from '../gpu.js';
import type { WebGLKernel } from './types.js';

// out[i, j] = Σ_k x[i, k] · y[k, j] (vectors drop the missing i or j)
const dot: WebGLKernel = (a) => {
  const out = gpuDType(a.outDtype);
  const compute = out === 'bool' ? 'float32' : out;
  let x = a.tensor(0, compute);
  let y = a.tensor(1, compute);
  const tx = a.transposed(0);
  const ty = a.transposed(1);
  // the logical shapes, after the fused transposes
  const xs = tx ? [...x.shape].reverse() : x.shape;
  const ys = ty ? [...y.shape].reverse() : y.shape;
  if (xs.length < 1 || xs.length > 2 || ys.length < 1 || ys.length > 2) {
    throw new Error(
      `dot: operands of shapes ${shapeToString(xs)} and ${shapeToString(ys)} are not supported (expected 1-D or 2-D operands)`,
    );
  }
  const K = xs[xs.length - 1]!;
  if (K !== ys[0]) {
    throw new Error(
      `dot: shapes ${shapeToString(xs)} and ${shapeToString(ys)} not aligned: ${K} (dim ${xs.length - 1}) != ${ys[0]} (dim 0)`,
    );
  }
  const outShape: number[] = [];
  if (xs.length === 2) outShape.push(xs[0]!);
  if (ys.length === 2) outShape.push(ys[1]!);
  // an empty sum is 0 (numpy: np.dot(np.zeros((1, 0)), np.zeros(0)) is [0.]), and an empty result is
  // empty: tfjs's BatchMatMul fails on either (found by the fuzzer)
  if (K === 0 || outShape.includes(0)) return [castTo(filled(outShape, 0, compute), out)];
  // a vector x is a row [1, K]; a vector y a column [K, 1]
  if (xs.length === 1) x = reshapeTo(x, [1, 1, K]);
  else x = reshapeTo(x, [1, ...x.shape]);
  if (ys.length === 1) y = reshapeTo(y, [1, K, 1]);
  else y = reshapeTo(y, [1, ...y.shape]);
  const r = kernel('BatchMatMul', { a: x, b: y }, { transposeA: tx, transposeB: ty });
  return [castTo(reshapeTo(r, outShape), out)];
};

/** `BatchedDot` (3-D × 3-D): tfjs `BatchMatMul`, whose leading axis is the batch. */
const batchedDot: WebGLKernel = (a) => {
  const out = gpuDType(a.outDtype);
  const compute = out === 'bool' ? 'float32' : out;
  const x = a.tensor(0, compute);
  const y = a.tensor(1, compute);
  if (x.shape[0] !== y.shape[0] || x.shape[2] !== y.shape[1]) {
    throw new Error(
      `BatchedDot: shapes ${shapeToString(x.shape)} and ${shapeToString(y.shape)} do not align (batch and inner sizes must agree)`,
    );
  }
  return [castTo(kernel('BatchMatMul', { a: x, b: y }, { transposeA: false, transposeB: false }), out)];
};

/**
 * `TriMask{kind}`: the identity or a triangle of ones shaped like the input matrix, made on the host (only
 * the input's shape is read) and uploaded by its reader.
 */
const triMask: WebGLKernel = (a) => {
  const v = a.values[0]!;
  const [m, n] = v.shape as [number, number];
  const kind = (a.node.op.params as { kind: 'eye' | 'lower' | 'upper' }).kind;
  const data = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) if (kind === 'eye' ? i === j : kind === 'lower' ? i >= j : i <= j) data[i * n + j] = 1;
  return [fromFloat64(data, [m, n], a.outDtype)];
};

/**
 * A matrix decomposition (det, inverse, solve, cholesky, eigh, svd, qr, expm, ... and their gradient ops)
 * as a host kernel: its small inputs are read back, core's definition computes it in doubles, and the
 * float32 result is uploaded by its readers. tfjs has no kernels for these (its linalg namespace has only
 * Gram-Schmidt and a QR built from slices), and they are sequential algorithms, not GPU work.
 */
const onHost =
  (def: DefinedOp<object>): WebGLKernel =>
  (a) =>
    def.perform!(
      a.node.inputs.map((_, k) => a.host(k)),
      def.match(a.node)!,
      a.node,
    );

const HOSTED: readonly Exclude<NlinalgOpName, 'batched_dot' | 'tri_mask'>[] = [
  'matrix_inverse',
  'det',
  'slogdet',
  'matrix_pinv',
  'eig',
  'eigh',
  'eigh_grad',
  'svd',
  'svd_grad',
  'qr',
  'qr_grad',
  'cholesky',
  'cholesky_grad',
  'solve',
  'expm',
  'expm_grad',
];

/** The linear algebra kernels. */
export const LINALG_KERNELS = {
  dot,
  batched_dot: batchedDot,
  tri_mask: triMask,
  ...(Object.fromEntries(HOSTED.map((k) => [k, onHost(NLINALG_OPS[k] as DefinedOp<object>)])) as Record<
    (typeof HOSTED)[number],
    WebGLKernel
  >),
};
