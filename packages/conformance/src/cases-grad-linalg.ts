/**
 * `verifyGrad` cases of the linalg family: the symbolic gradients of the products (outer, tensordot,
 * batchedDot, matmul, kron, trace, matrixPower, norm) and of the matrix ops (Theano's rules for
 * MatrixInverse, Det, SLogDet, MatrixPinv, Eigh, Cholesky, Solve, Expm) checked against central finite
 * differences at float64 points drawn from a generator seeded by the case id. Square matrices are kept
 * well conditioned by adding 3·I; symmetric ones are built as X + Xᵀ (+ 3·I, or X·Xᵀ + I when positive
 * definite); eigenvector terms are sign-invariant (squares).
 */
import type { DType, TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import type { ConformanceCase } from './case.js';
import { uniform } from './check.js';
import { type Rand, vg } from './grad-case.js';

const T = theano.tensor;
const NL = T.nlinalg;
const SL = T.slinalg;

/** Values in [-1, 1). */
const any = (r: Rand, shape: readonly number[]) => uniform(r, shape, -1, 1);
/** 3·I (3×3), keeping X + 3I away from singular for |X| < 1. */
const I3 = (dtype: DType) =>
  theano.array(
    [
      [3, 0, 0],
      [0, 3, 0],
      [0, 0, 3],
    ],
    dtype,
  );
const wellConditioned = (x: TensorVariable) => x.add(I3(x.dtype));
const symmetric = (x: TensorVariable) => x.add(x.T).add(I3(x.dtype));
const posdef = (x: TensorVariable) => T.dot(x, x.T).add(I3(x.dtype));
/** A fixed weight that makes a matrix output a scalar with every entry mattering. */
const W3 = (dtype: DType) =>
  theano.array(
    [
      [1, -2, 0.5],
      [0.3, 1.5, -1],
      [2, 0.7, -0.4],
    ],
    dtype,
  );
const weighted = (y: TensorVariable) => T.sum(y.mul(W3(y.dtype)));

/** Σ s·w + Σ u²·P + Σ vt²·Q for the reduced SVD of an m×n matrix (squares: the signs of u and vt do not matter). */
function svdCost(a: TensorVariable, [m, n]: readonly [number, number]): TensorVariable {
  const k = Math.min(m, n);
  const [u, s, vt] = NL.svd(a, false) as TensorVariable[];
  const w = (rows: number, cols: number) =>
    theano.fromFloat64(
      Array.from({ length: rows * cols }, (_, i) => ((i * 7) % 5) - 1.5),
      [rows, cols],
      a.dtype,
    );
  return T.sum(s!.mul(w(1, k).reshape([k])))
    .add(T.sum(u!.mul(u!).mul(w(m, k))))
    .add(T.sum(vt!.mul(vt!).mul(w(k, n))));
}

/** The linalg family's verifyGrad cases. */
export const LINALG_GRAD_CASES: readonly ConformanceCase[] = [
  vg(
    'linalg.outer',
    'outer(x, y)',
    (a, b) => T.outer(a, b),
    (r) => [any(r, [3]), any(r, [2])],
  ),
  vg(
    'linalg.tensordot',
    'tensordot over two axes',
    (a, b) =>
      T.tensordot(a, b, [
        [1, 2],
        [0, 1],
      ]),
    (r) => [any(r, [2, 3, 2]), any(r, [3, 2, 2])],
  ),
  vg(
    'linalg.batchedDot',
    'batchedDot of (2,2,3) and (2,3,2)',
    (a, b) => T.batchedDot(a, b),
    (r) => [any(r, [2, 2, 3]), any(r, [2, 3, 2])],
  ),
  vg(
    'linalg.batchedTensordot',
    'batchedTensordot of (2,3,2) and (2,2,3) over axes [[1],[2]]',
    (a, b) => T.batchedTensordot(a, b, [[1], [2]]),
    (r) => [any(r, [2, 3, 2]), any(r, [2, 2, 3])],
  ),
  vg(
    'linalg.matmul',
    'matmul with a broadcast stack (2,2,3)·(3,2)',
    (a, b) => T.matmul(a, b),
    (r) => [any(r, [2, 2, 3]), any(r, [3, 2])],
  ),
  vg(
    'linalg.kron',
    'kron of two matrices',
    (a, b) => NL.kron(a, b),
    (r) => [any(r, [2, 2]), any(r, [2, 3])],
  ),
  vg(
    'linalg.trace',
    'trace of a 3×2 matrix',
    (a) => NL.trace(a),
    (r) => [any(r, [3, 2])],
  ),
  vg(
    'linalg.matrixPower',
    'matrixPower(X, 3)',
    (a) => NL.matrixPower(a, 3),
    (r) => [any(r, [3, 3])],
  ),
  vg(
    'linalg.norm',
    "norm of a matrix ('fro') and of a vector (p = 3)",
    (a, b) => NL.norm(a).add(NL.norm(b, 3)),
    (r) => [any(r, [2, 3]), uniform(r, [4], 0.3, 1, { signed: true })],
  ),
  vg(
    'linalg.matrixInverse',
    'matrixInverse(X + 3I)',
    (a) => weighted(NL.matrixInverse(wellConditioned(a))),
    (r) => [any(r, [3, 3])],
  ),
  vg(
    'linalg.det',
    'det(X + 3I)',
    (a) => NL.det(wellConditioned(a)),
    (r) => [any(r, [3, 3])],
  ),
  vg(
    'linalg.slogdet',
    'the log|det| of slogdet(X + 3I)',
    (a) => NL.slogdet(wellConditioned(a))[1],
    (r) => [any(r, [3, 3])],
  ),
  vg(
    'linalg.pinv',
    'pinv of a 3×2 matrix of full rank',
    (a) =>
      T.sum(
        NL.pinv(a).mul(
          theano.array(
            [
              [1, -2, 0.5],
              [0.3, 1.5, -1],
            ],
            a.dtype,
          ),
        ),
      ),
    (r) => [any(r, [3, 2])],
  ),
  vg(
    'linalg.eigh',
    'eigh of X + Xᵀ + 3I: weighted eigenvalues plus a sign-invariant eigenvector term',
    (a) => {
      const [w, v] = NL.eigh(symmetric(a));
      return T.sum(w.mul(theano.array([1, -2, 3], a.dtype))).add(weighted(v.mul(v)));
    },
    (r) => [any(r, [3, 3])],
  ),
  vg(
    'linalg.cholesky',
    'cholesky of X·Xᵀ + 3I (lower)',
    (a) => weighted(SL.cholesky(posdef(a))),
    (r) => [any(r, [3, 3])],
  ),
  vg(
    'linalg.cholesky.upper',
    'cholesky of X·Xᵀ + 3I (upper)',
    (a) => weighted(SL.cholesky(posdef(a), false)),
    (r) => [any(r, [3, 3])],
  ),
  vg(
    'linalg.cholesky.upper.triangle',
    'cholesky (upper) of the non-symmetric X + 3I: only its upper triangle is read (scipy), so only it has a gradient',
    (a) => weighted(SL.cholesky(wellConditioned(a), false)),
    (r) => [any(r, [3, 3])],
  ),
  vg(
    'linalg.solve',
    'solve(X + 3I, B)',
    (a, b) => SL.solve(wellConditioned(a), b),
    (r) => [any(r, [3, 3]), any(r, [3, 2])],
  ),
  vg(
    'linalg.solve.vector',
    'solve(X + 3I, b) with a vector b',
    (a, b) => SL.solve(wellConditioned(a), b),
    (r) => [any(r, [3, 3]), any(r, [3])],
  ),
  vg(
    'linalg.solve.lower',
    "solve with assumeA 'lower_triangular' (only the lower triangle of A matters)",
    (a, b) => SL.solve(wellConditioned(a), b, 'lower_triangular'),
    (r) => [any(r, [3, 3]), any(r, [3, 2])],
  ),
  vg(
    'linalg.solveTriangular',
    'solveTriangular(X + 3I, b, trans 1, upper)',
    (a, b) => SL.solveTriangular(wellConditioned(a), b, { trans: 1 }),
    (r) => [any(r, [3, 3]), any(r, [3])],
  ),
  vg(
    'linalg.svd.s',
    'the singular values of svd(X, computeUv = false), weighted',
    (a) => T.sum((NL.svd(a, { computeUv: false }) as TensorVariable).mul(theano.array([1, -2], a.dtype))),
    (r) => [any(r, [3, 2])],
  ),
  vg(
    'linalg.svd.tall',
    'svd(X, false) of a 3×2 matrix: weighted s and sign-invariant terms of u and vt',
    (a) => svdCost(a, [3, 2]),
    (r) => [any(r, [3, 2])],
  ),
  vg(
    'linalg.svd.wide',
    'svd(X, false) of a 2×3 matrix: weighted s and sign-invariant terms of u and vt',
    (a) => svdCost(a, [2, 3]),
    (r) => [any(r, [2, 3])],
  ),
  vg(
    'linalg.qr',
    'qr(X) of a 3×2 matrix: weighted q and r',
    (a) => {
      const [q, r] = NL.qr(a) as TensorVariable[];
      return T.sum(
        q!.mul(
          theano.array(
            [
              [1, -2],
              [0.5, 0.3],
              [1.5, -1],
            ],
            a.dtype,
          ),
        ),
      ).add(
        T.sum(
          r!.mul(
            theano.array(
              [
                [2, 0.7],
                [-0.4, 1.1],
              ],
              a.dtype,
            ),
          ),
        ),
      );
    },
    (r) => [any(r, [3, 2])],
  ),
  vg(
    'linalg.qr.r',
    "qr(X, 'r') of a square matrix: weighted r",
    (a) => weighted(NL.qr(a, 'r') as TensorVariable),
    (r) => [any(r, [3, 3])],
  ),
  vg(
    'linalg.expm',
    'expm(X)',
    (a) => weighted(SL.expm(a)),
    (r) => [any(r, [3, 3])],
  ),
];
