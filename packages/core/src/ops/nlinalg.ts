/**
 * Matrix ops of `T.nlinalg` and `T.slinalg` (Theano's MatrixInverse, Det, Eig, Eigh, SVD, QRFull,
 * Cholesky, Solve, Expm, MatrixPinv and their gradient ops; PyTensor's SLogDet), `BatchedDot`, and
 * `TriMask` (the identity or a triangle of ones shaped like a matrix, which trace, eye-like terms and the
 * triangular solve gradient are built from). All are extended ops: the reference backend runs their
 * `perform` (float64 arithmetic, written in `perform/nlinalg.ts`); a backend without a kernel reports the op
 * as unsupported, except `BatchedDot`, whose decomposition (a broadcast product and a sum) runs anywhere.
 */
import { type DType, dtypeKind } from '../dtype.js';
import { applyOp, Op } from '../graph/apply.js';
import { asTensorVariable } from '../graph/constant.js';
import type { TensorLike, TensorVariable } from '../graph/variable.js';
import * as L from '../perform/nlinalg.js';
import { TensorType } from '../type.js';
import { cast, mul, neg, resultDType, sub, zerosLike } from './elemwise.js';
import { dot } from './linalg.js';
import { type DefinedOp, defineOp, type MaybeGrad } from './op-def.js';
import { sum } from './reduce.js';
import { dimshuffle, transpose } from './shape.js';

/** The float dtype a matrix op computes in: float32 stays, everything real else becomes float64. */
function floatOut(fn: string, x: TensorVariable): DType {
  const k = dtypeKind(x.dtype);
  if (k === 'complex') throw new TypeError(`${fn}: complex matrices are not supported, got ${x} (${x.type})`);
  return x.dtype === 'float32' ? 'float32' : 'float64';
}

/** Checks `x` is a matrix (square when `square`), naming the op. */
function checkMatrix(fn: string, x: TensorVariable, square: boolean): void {
  if (x.ndim !== 2) throw new TypeError(`${fn}: expected a matrix, got ${x} (${x.type}, ${x.ndim} dimensions)`);
  const [a, b] = x.type.shape;
  if (square && a != null && b != null && a !== b) {
    throw new TypeError(`${fn}: expected a square matrix, got ${x} of shape (${a}, ${b})`);
  }
}

/** The square size of a static shape, when one side is known. */
function squareShape(x: TensorVariable): (number | null)[] {
  const n = x.type.shape[0] ?? x.type.shape[1] ?? null;
  return [n, n];
}

const squareOut = (fn: string) => (inputs: readonly TensorVariable[]) => {
  checkMatrix(fn, inputs[0]!, true);
  return [TensorType.fromShape(floatOut(fn, inputs[0]!), squareShape(inputs[0]!))];
};

const store = (a: Float64Array, shape: readonly number[], node: { outputs: readonly TensorVariable[] }, k = 0) =>
  L.fromMat(a, shape, node.outputs[k]!.dtype);

/** `x` cast to `dtype` where it differs (a gradient term back in its input's dtype). */
const castTo = (g: TensorVariable, d: DType) => (g.dtype === d ? g : cast(g, d));

const noGrad = (fn: string) => () => {
  throw new Error(`${fn}: the gradient is not implemented (as in Theano)`);
};

// ---------------------------------------------------------------- TriMask

/** Parameters of `TriMask`: ones where i = j (`eye`), i ≥ j (`lower`) or i ≤ j (`upper`), zeros elsewhere. */
export interface TriMaskParams {
  /** Where the ones are: `eye` (i = j), `lower` (i ≥ j) or `upper` (i ≤ j). */
  kind: 'eye' | 'lower' | 'upper';
}

/** `TriMask{kind}(x)`: a matrix of x's shape and dtype with ones on the diagonal (or a triangle), zeros elsewhere. */
export const TRI_MASK = defineOp<TriMaskParams>({
  name: 'tri_mask',
  family: 'linalg',
  inferTypes([x], { kind }) {
    checkMatrix(`TriMask{${kind}}`, x!, false);
    return [x!.type];
  },
  grad: () => [null],
  connection: () => [false],
  format: ({ kind }) => `TriMask{${kind}}`,
  perform([x], { kind }, node) {
    const [m, n] = x!.shape as [number, number];
    const out = new Float64Array(m * n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        const on = kind === 'eye' ? i === j : kind === 'lower' ? i >= j : i <= j;
        if (on) out[i * n + j] = 1;
      }
    return [store(out, [m, n], node)];
  },
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
});

/** A mask shaped like the matrix `x` (same dtype): the identity, or the lower / upper triangle of ones. */
export function triMask(x: TensorVariable, kind: TriMaskParams['kind']): TensorVariable {
  return applyOp(new Op(TRI_MASK, { kind }), [x]).outputs[0]!;
}

/** The identity matrix shaped like `x` (Theano's `identity_like`). */
export const identityLike = (x: TensorVariable): TensorVariable => triMask(x, 'eye');

// ---------------------------------------------------------------- inverse, det, slogdet, pinv

/** `MatrixInverse`: A⁻¹ (an error for a singular matrix). */
export const MATRIX_INVERSE = defineOp<Record<string, never>>({
  name: 'matrix_inverse',
  family: 'linalg',
  inferTypes: squareOut('MatrixInverse'),
  // d A⁻¹ = -A⁻¹ dA A⁻¹, so gA = -A⁻ᵀ gz A⁻ᵀ
  grad([x], [xi], [gz]) {
    if (!gz) return [null];
    const xit = transpose(xi!);
    return [castTo(neg(dot(dot(xit, gz), xit)), x!.dtype)];
  },
  format: () => 'MatrixInverse',
  perform([x], _p, node) {
    const { n, a } = L.toMat(x!, 'MatrixInverse', true);
    return [store(L.inverse(a, n, 'MatrixInverse'), [n, n], node)];
  },
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
});

/** `T.nlinalg.matrixInverse(A)`: the inverse of a square matrix. */
export function matrixInverse(a: TensorLike): TensorVariable {
  return applyOp(new Op(MATRIX_INVERSE, {}), [asTensorVariable(a, 'matrixInverse')]).outputs[0]!;
}

/** `Det`: the determinant. */
export const DET = defineOp<Record<string, never>>({
  name: 'det',
  family: 'linalg',
  inferTypes([x]) {
    checkMatrix('Det', x!, true);
    return [TensorType.fromShape(floatOut('Det', x!), [])];
  },
  // d det(A) = det(A) tr(A⁻¹ dA), so gA = gz det(A) A⁻ᵀ
  grad([x], [d], [gz]) {
    if (!gz) return [null];
    return [castTo(mul(mul(gz, d!), transpose(matrixInverse(x!))), x!.dtype)];
  },
  format: () => 'Det',
  perform([x], _p, node) {
    const { n, a } = L.toMat(x!, 'Det', true);
    return [store(Float64Array.of(L.detOf(L.luFactor(a, n))), [], node)];
  },
});

/** `T.nlinalg.det(A)`: the determinant of a square matrix. */
export function det(a: TensorLike): TensorVariable {
  return applyOp(new Op(DET, {}), [asTensorVariable(a, 'det')]).outputs[0]!;
}

/** `SLogDet`: the sign and the log of the absolute value of the determinant (numpy's slogdet). */
export const SLOGDET = defineOp<Record<string, never>>({
  name: 'slogdet',
  family: 'linalg',
  inferTypes([x]) {
    checkMatrix('SLogDet', x!, true);
    const d = floatOut('SLogDet', x!);
    return [TensorType.fromShape(d, []), TensorType.fromShape(d, [])];
  },
  // the sign is piecewise constant; d log|det A| = tr(A⁻¹ dA), so gA = g A⁻ᵀ
  grad([x], _o, [, glog]) {
    if (!glog) return [null];
    return [castTo(mul(glog, transpose(matrixInverse(x!))), x!.dtype)];
  },
  format: () => 'SLogDet',
  perform([x], _p, node) {
    const { n, a } = L.toMat(x!, 'SLogDet', true);
    const [s, l] = L.slogdetOf(L.luFactor(a, n));
    return [store(Float64Array.of(s), [], node, 0), store(Float64Array.of(l), [], node, 1)];
  },
});

/** `T.nlinalg.slogdet(A)`: `[sign, logabsdet]` with det(A) = sign·exp(logabsdet). */
export function slogdet(a: TensorLike): [TensorVariable, TensorVariable] {
  const o = applyOp(new Op(SLOGDET, {}), [asTensorVariable(a, 'slogdet')]).outputs;
  return [o[0]!, o[1]!];
}

/** `MatrixPinv`: the Moore-Penrose pseudo-inverse (numpy's pinv, rcond 1e-15). */
export const MATRIX_PINV = defineOp<Record<string, never>>({
  name: 'matrix_pinv',
  family: 'linalg',
  inferTypes([x]) {
    checkMatrix('MatrixPinv', x!, false);
    return [TensorType.fromShape(floatOut('MatrixPinv', x!), [x!.type.shape[1] ?? null, x!.type.shape[0] ?? null])];
  },
  // Golub & Pereyra, as Theano: gA = (-Z gzᵀ Z + Z Zᵀ gz (I - A Z) + (I - Z A) gz Zᵀ Z)ᵀ with Z = pinv(A)
  grad([x], [z], [gz]) {
    if (!gz) return [null];
    const Z = z!;
    const X = x!;
    const xz = dot(X, Z);
    const zx = dot(Z, X);
    const zt = transpose(Z);
    const t1 = neg(dot(dot(Z, transpose(gz)), Z));
    const t2 = dot(dot(dot(Z, zt), gz), sub(identityLike(xz), xz));
    const t3 = dot(dot(dot(sub(identityLike(zx), zx), gz), zt), Z);
    return [castTo(transpose(t1.add(t2).add(t3)), X.dtype)];
  },
  format: () => 'MatrixPinv',
  perform([x], _p, node) {
    const { m, n, a } = L.toMat(x!, 'MatrixPinv');
    return [store(L.pinvOf(a, m, n), [n, m], node)];
  },
  inferShape: (_n, _o, axis, dim) => dim(0, 1 - axis),
});

/** `T.nlinalg.pinv(A)`: the pseudo-inverse of a matrix, from its SVD. */
export function pinv(a: TensorLike): TensorVariable {
  return applyOp(new Op(MATRIX_PINV, {}), [asTensorVariable(a, 'pinv')]).outputs[0]!;
}

// ---------------------------------------------------------------- eigenproblems, svd, qr

/** `Eig`: eigenvalues and unit eigenvectors (columns) of a general matrix, real eigenvalues only. */
export const EIG = defineOp<Record<string, never>>({
  name: 'eig',
  family: 'linalg',
  inferTypes([x]) {
    checkMatrix('Eig', x!, true);
    const d = floatOut('Eig', x!);
    const n = squareShape(x!);
    return [TensorType.fromShape(d, [n[0]!]), TensorType.fromShape(d, n)];
  },
  grad: noGrad('Eig'),
  format: () => 'Eig',
  perform([x], _p, node) {
    const { n, a } = L.toMat(x!, 'Eig', true);
    const { w, v } = L.realEigen(a, n, 'Eig');
    return [store(w, [n], node, 0), store(v, [n, n], node, 1)];
  },
});

/** `T.nlinalg.eig(A)`: `[w, v]` with A·v[:, k] = w[k]·v[:, k]; an error when an eigenvalue is complex. */
export function eig(a: TensorLike): [TensorVariable, TensorVariable] {
  const o = applyOp(new Op(EIG, {}), [asTensorVariable(a, 'eig')]).outputs;
  return [o[0]!, o[1]!];
}

/** Parameters of `Eigh`: which triangle holds the symmetric matrix. */
export interface EighParams {
  /** The triangle read: `'L'` (lower) or `'U'` (upper). */
  UPLO: 'L' | 'U';
}

/** `Eigh{UPLO}`: eigenvalues (ascending) and unit eigenvectors of a symmetric matrix. */
export const EIGH = defineOp<EighParams>({
  name: 'eigh',
  family: 'linalg',
  inferTypes([x]) {
    checkMatrix('Eigh', x!, true);
    const d = floatOut('Eigh', x!);
    const n = squareShape(x!);
    return [TensorType.fromShape(d, [n[0]!]), TensorType.fromShape(d, n)];
  },
  grad([x], [w, v], [gw, gv], { UPLO }) {
    if (!gw && !gv) return [null];
    const g = applyOp(new Op(EIGH_GRAD, { UPLO }), [x!, w!, v!, gw ?? zerosLike(w!), gv ?? zerosLike(v!)]);
    return [castTo(g.outputs[0]!, x!.dtype)];
  },
  format: ({ UPLO }) => `Eigh{UPLO='${UPLO}'}`,
  perform([x], { UPLO }, node) {
    const { n, a } = L.toMat(x!, 'Eigh', true);
    const { w, v } = L.symmetricEigen(a, n, UPLO === 'L');
    return [store(w, [n], node, 0), store(v, [n, n], node, 1)];
  },
});

/**
 * `EighGrad{UPLO}(x, w, v, gw, gv)`: Theano's gradient of Eigh. With F[m, n] = 1/(w[n] - w[m]) off the
 * diagonal, g = v·diag(gw)·vᵀ + v·((vᵀ·gv) ∘ F)ᵀ… folded onto the triangle Eigh reads: tril(g) + triu(g, 1)ᵀ
 * for 'L' (triu(g) + tril(g, -1)ᵀ for 'U').
 */
export const EIGH_GRAD = defineOp<EighParams>({
  name: 'eigh_grad',
  family: 'linalg',
  inferTypes([x, w, v, gw, gv]) {
    for (const t of [w, v, gw, gv]) if (!t) throw new TypeError('EighGrad: expected 5 inputs');
    return [TensorType.fromShape(floatOut('EighGrad', x!), x!.type.shape)];
  },
  grad: noGrad('EighGrad'),
  format: ({ UPLO }) => `EighGrad{UPLO='${UPLO}'}`,
  perform([, w, v, gw, gv], { UPLO }, node) {
    const n = w!.shape[0]!;
    const W = w!.toFloat64();
    const V = v!.toFloat64();
    const GW = gw!.toFloat64();
    const GV = gv!.toFloat64();
    // G(n) = Σ_{m≠n} v[:, m] (gv[:, n]·v[:, m]) / (w[n] - w[m]); g = Σ_n v[:, n] ⊗ (v[:, n] gw[n] + G(n))
    const g = new Float64Array(n * n);
    for (let c = 0; c < n; c++) {
      const right = new Float64Array(n);
      for (let i = 0; i < n; i++) right[i] = V[i * n + c]! * GW[c]!;
      for (let m = 0; m < n; m++) {
        if (m === c) continue;
        let d = 0;
        for (let i = 0; i < n; i++) d += GV[i * n + c]! * V[i * n + m]!;
        const f = d / (W[c]! - W[m]!);
        for (let i = 0; i < n; i++) right[i] += V[i * n + m]! * f;
      }
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) g[i * n + j] += V[i * n + c]! * right[j]!;
    }
    const out = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const keep = UPLO === 'L' ? i >= j : i <= j;
        if (keep) out[i * n + j] += g[i * n + j]!;
        if (i !== j && keep) out[i * n + j] += g[j * n + i]!;
      }
    return [store(out, [n, n], node)];
  },
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
});

/** `T.nlinalg.eigh(A, UPLO = 'L')`: `[w, v]` of a symmetric matrix, w ascending. */
export function eigh(a: TensorLike, UPLO: 'L' | 'U' = 'L'): [TensorVariable, TensorVariable] {
  if (UPLO !== 'L' && UPLO !== 'U') throw new TypeError(`eigh: UPLO must be 'L' or 'U', got ${String(UPLO)}`);
  const o = applyOp(new Op(EIGH, { UPLO }), [asTensorVariable(a, 'eigh')]).outputs;
  return [o[0]!, o[1]!];
}

/** Parameters of `SVD`. */
export interface SvdParams {
  /** numpy's `full_matrices`: u and vt square (true) or reduced to min(m, n) (false). */
  fullMatrices: boolean;
  /** numpy's `compute_uv`: outputs `[u, s, vt]` (true) or `[s]` (false). */
  computeUv: boolean;
}

/** `SVD{full_matrices, compute_uv}`: `[u, s, vt]` (numpy's order and shapes), or `[s]`. */
export const SVD: DefinedOp<SvdParams> = defineOp<SvdParams>({
  name: 'svd',
  family: 'linalg',
  inferTypes([x], { fullMatrices, computeUv }) {
    checkMatrix('SVD', x!, false);
    const d = floatOut('SVD', x!);
    const [m, n] = x!.type.shape;
    const k = m != null && n != null ? Math.min(m, n) : null;
    const s = TensorType.fromShape(d, [k]);
    if (!computeUv) return [s];
    const u = TensorType.fromShape(d, [m ?? null, fullMatrices ? (m ?? null) : k]);
    const vt = TensorType.fromShape(d, [fullMatrices ? (n ?? null) : k, n ?? null]);
    return [u, s, vt];
  },
  // PyTensor's rule (Townsend 2016), through SVDGrad; with full matrices only the singular values' term
  grad([x], _o, outputGrads, { fullMatrices, computeUv }) {
    const [gu, gs, gvt] = computeUv ? outputGrads : [null, outputGrads[0], null];
    if (!gu && !gs && !gvt) return [null];
    if (fullMatrices && computeUv && (gu || gvt)) {
      throw new Error('SVD: the gradient through u and vt needs fullMatrices=false (as in PyTensor)');
    }
    const X = x!;
    const z = (g: MaybeGrad, like: TensorVariable) => g ?? zerosLike(like);
    const [ru, rs, rvt] = svd(X, false, true);
    const g = applyOp(new Op(SVD_GRAD, {}), [X, z(gu ?? null, ru!), z(gs ?? null, rs!), z(gvt ?? null, rvt!)]);
    return [castTo(g.outputs[0]!, X.dtype)];
  },
  format: ({ fullMatrices, computeUv }) =>
    `SVD{full_matrices=${fullMatrices ? 'True' : 'False'}, compute_uv=${computeUv ? 'True' : 'False'}}`,
  perform([x], { fullMatrices, computeUv }, node) {
    const { m, n, a } = L.toMat(x!, 'SVD');
    const r = L.svdJacobi(a, m, n, fullMatrices);
    const k = Math.min(m, n);
    if (!computeUv) return [store(r.s, [k], node, 0)];
    return [store(r.u, [m, r.uCols], node, 0), store(r.s, [k], node, 1), store(r.vt, [r.vtRows, n], node, 2)];
  },
});

/**
 * `SVDGrad(A, gu, gs, gvt)`: the gradient of the reduced SVD A = U·diag(s)·Vᵀ (k = min(m, n)), with
 * F[i, j] = 1/(s_j² - s_i²) off the diagonal: gA = U·[(F∘(UᵀgU - gUᵀU))·S + diag(gs) + S·(F∘(VᵀgV - gVᵀV))]·Vᵀ
 * + (I - UUᵀ)·gU·S⁻¹·Vᵀ + U·S⁻¹·gVᵀ·(I - VVᵀ), gV = gvtᵀ (Townsend 2016, PyTensor's rule).
 */
export const SVD_GRAD = defineOp<Record<string, never>>({
  name: 'svd_grad',
  family: 'linalg',
  inferTypes([x, gu, gs, gvt]) {
    if (!gu || !gs || !gvt) throw new TypeError('SVDGrad: expected 4 inputs');
    return [TensorType.fromShape(floatOut('SVDGrad', x!), x!.type.shape)];
  },
  grad: noGrad('SVDGrad'),
  format: () => 'SVDGrad',
  perform([x, gu, gs, gvt], _p, node) {
    const { m, n, a } = L.toMat(x!, 'SVDGrad');
    const k = Math.min(m, n);
    const { u, s, vt } = L.svdJacobi(a, m, n, false);
    const v = L.transposeMat(vt, k, n); // n×k
    const GU = gu!.toFloat64();
    const GS = gs!.toFloat64();
    const GV = L.transposeMat(Float64Array.from(gvt!.toFloat64()), k, n); // n×k
    const ut = L.transposeMat(u, m, k);
    const utgu = L.matmul(ut, GU, k, m, k);
    const vtgv = L.matmul(vt, GV, k, n, k);
    // the k×k core
    const core = new Float64Array(k * k);
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++) {
        if (i === j) {
          core[i * k + i] = GS[i]!;
          continue;
        }
        const d = s[j]! ** 2 - s[i]! ** 2;
        const f = d === 0 ? 0 : 1 / d;
        const J = f * (utgu[i * k + j]! - utgu[j * k + i]!);
        const K = f * (vtgv[i * k + j]! - vtgv[j * k + i]!);
        core[i * k + j] = J * s[j]! + s[i]! * K;
      }
    let out = L.matmul(L.matmul(u, core, m, k, k), vt, m, k, n);
    const sinv = Float64Array.from(s, (x) => (x === 0 ? 0 : 1 / x));
    if (m > k) {
      // (I - UUᵀ)·gU·S⁻¹·Vᵀ
      const proj = L.matmul(u, utgu, m, k, k);
      const t = new Float64Array(m * k);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < k; j++) t[i * k + j] = (GU[i * k + j]! - proj[i * k + j]!) * sinv[j]!;
      const add = L.matmul(t, vt, m, k, n);
      out = out.map((x, i) => x + add[i]!);
    }
    if (n > k) {
      // U·S⁻¹·gVᵀ·(I - VVᵀ) = U·S⁻¹·(gV - V·VᵀgV)ᵀ
      const proj = L.matmul(v, vtgv, n, k, k);
      const t = new Float64Array(k * n);
      for (let i = 0; i < k; i++)
        for (let j = 0; j < n; j++) t[i * n + j] = sinv[i]! * (GV[j * k + i]! - proj[j * k + i]!);
      const add = L.matmul(u, t, m, k, n);
      out = out.map((x, i) => x + add[i]!);
    }
    return [store(out, [m, n], node)];
  },
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
});

/** `T.nlinalg.svd(A, fullMatrices = true, computeUv = true)`: `[u, s, vt]`, or `s` alone. */
export function svd(a: TensorLike, fullMatrices = true, computeUv = true): TensorVariable[] {
  return applyOp(new Op(SVD, { fullMatrices: !!fullMatrices, computeUv: !!computeUv }), [
    asTensorVariable(a, 'svd'),
  ]).outputs.slice();
}

/** Parameters of `QRFull`: numpy's modes `reduced` (Q m×k, R k×n), `complete` (Q m×m, R m×n) and `r` (R k×n). */
export interface QrParams {
  /** numpy's mode: `reduced` (q, r with k = min(m, n)), `complete` (q square) or `r` (r only). */
  mode: 'reduced' | 'complete' | 'r';
}

/** `QRFull{mode}`: Householder QR. */
export const QR: DefinedOp<QrParams> = defineOp<QrParams>({
  name: 'qr',
  family: 'linalg',
  inferTypes([x], { mode }) {
    checkMatrix('QRFull', x!, false);
    const d = floatOut('QRFull', x!);
    const [m, n] = x!.type.shape;
    const k = mode === 'complete' ? (m ?? null) : m != null && n != null ? Math.min(m, n) : null;
    const r = TensorType.fromShape(d, [k, n ?? null]);
    if (mode === 'r') return [r];
    return [TensorType.fromShape(d, [m ?? null, k]), r];
  },
  // PyTensor's rule for m ≥ n (reduced Q), through QRGrad
  grad([x], outputs, outputGrads, { mode }) {
    const [gq, gr] = mode === 'r' ? [null, outputGrads[0]] : outputGrads;
    if (!gq && !gr) return [null];
    const X = x!;
    const [m, n] = X.type.shape;
    if (mode === 'complete' && gq && !(m != null && n != null && m === n)) {
      throw new Error("QRFull: the gradient through q in mode 'complete' needs a square matrix (as in PyTensor)");
    }
    const q = mode === 'r' ? (qr(X) as [TensorVariable, TensorVariable])[0] : outputs[0]!;
    const r = mode === 'r' ? outputs[0]! : outputs[1]!;
    const g = applyOp(new Op(QR_GRAD, {}), [X, gq ?? zerosLike(q), gr ?? zerosLike(r)]);
    return [castTo(g.outputs[0]!, X.dtype)];
  },
  format: ({ mode }) => `QRFull{mode='${mode}'}`,
  perform([x], { mode }, node) {
    const { m, n, a } = L.toMat(x!, 'QRFull');
    const { q, r } = L.householderQR(a, m, n);
    const k = mode === 'complete' ? m : Math.min(m, n);
    const rk = r.slice(0, k * n);
    if (mode === 'r') return [store(rk, [k, n], node, 0)];
    const qk = new Float64Array(m * k);
    for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) qk[i * k + j] = q[i * m + j]!;
    return [store(qk, [m, k], node, 0), store(rk, [k, n], node, 1)];
  },
});

/**
 * `QRGrad(A, gq, gr)`: the gradient of the reduced QR A = Q·R for m ≥ n (PyTensor's rule): with
 * M = R·grᵀ - gqᵀ·Q and copyltu(M) = tril(M) + tril(M, -1)ᵀ, gA = (gq + Q·copyltu(M))·R⁻ᵀ.
 */
export const QR_GRAD = defineOp<Record<string, never>>({
  name: 'qr_grad',
  family: 'linalg',
  inferTypes([x, gq, gr]) {
    if (!gq || !gr) throw new TypeError('QRGrad: expected 3 inputs');
    return [TensorType.fromShape(floatOut('QRGrad', x!), x!.type.shape)];
  },
  grad: noGrad('QRGrad'),
  format: () => 'QRGrad',
  perform([x, gq, gr], _p, node) {
    const { m, n, a } = L.toMat(x!, 'QRGrad');
    if (m < n) throw new Error(`QRGrad: the gradient of qr needs rows ≥ columns, got shape (${m}, ${n})`);
    const { q: qFull, r: rFull } = L.householderQR(a, m, n);
    const Q = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) Q[i * n + j] = qFull[i * m + j]!;
    const R = rFull.slice(0, n * n);
    if (gq!.shape[0] !== m || gq!.shape[1] !== n) {
      throw new Error(
        `QRGrad: the gradient through q needs q of shape (${m}, ${n}), got (${gq!.shape.join(', ')}) (mode 'complete' of a non-square matrix has no gradient, as in PyTensor)`,
      );
    }
    const GQ = Float64Array.from(gq!.toFloat64());
    const GR = Float64Array.from(gr!.toFloat64());
    const M = L.matmul(R, L.transposeMat(GR, n, n), n, n, n);
    const qtgq = L.matmul(L.transposeMat(GQ, m, n), Q, n, m, n);
    for (let i = 0; i < n * n; i++) M[i] -= qtgq[i]!;
    const C = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) C[i * n + j] = i >= j ? M[i * n + j]! : M[j * n + i]!;
    const b = L.matmul(Q, C, m, n, n);
    for (let i = 0; i < m * n; i++) b[i] += GQ[i]!;
    // gA = b·R⁻ᵀ = (R⁻¹·bᵀ)ᵀ
    const y = L.triSolve(R, n, L.transposeMat(b, m, n), m, false, false, 'QRGrad');
    return [store(L.transposeMat(y, n, m), [m, n], node)];
  },
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
});

/** `T.nlinalg.qr(A, mode = 'reduced')`: `[q, r]` (mode 'reduced' or 'complete') or `r` (mode 'r'). */
export function qr(
  a: TensorLike,
  mode: QrParams['mode'] = 'reduced',
): TensorVariable | [TensorVariable, TensorVariable] {
  if (mode !== 'reduced' && mode !== 'complete' && mode !== 'r') {
    throw new TypeError(`qr: mode must be 'reduced', 'complete' or 'r', got ${JSON.stringify(mode)}`);
  }
  const o = applyOp(new Op(QR, { mode }), [asTensorVariable(a, 'qr')]).outputs;
  return mode === 'r' ? o[0]! : [o[0]!, o[1]!];
}

// ---------------------------------------------------------------- cholesky, solve, expm

/** Parameters of `Cholesky` and `CholeskyGrad`. */
export interface CholeskyParams {
  /** The factor computed: lower L with A = L·Lᵀ (true) or upper U with A = Uᵀ·U (false). */
  lower: boolean;
}

/** `Cholesky{lower}`: A = L·Lᵀ (lower) or A = Uᵀ·U (upper); an error unless A is positive definite. */
export const CHOLESKY = defineOp<CholeskyParams>({
  name: 'cholesky',
  family: 'linalg',
  inferTypes: squareOut('Cholesky'),
  grad([x], [l], [gz], { lower }) {
    if (!gz) return [null];
    const g = applyOp(new Op(CHOLESKY_GRAD, { lower }), [x!, l!, gz]).outputs[0]!;
    return [castTo(g, x!.dtype)];
  },
  format: ({ lower }) => `Cholesky{lower=${lower ? 'True' : 'False'}, destructive=False, on_error='raise'}`,
  perform([x], { lower }, node) {
    const { n, a } = L.toMat(x!, 'Cholesky', true);
    // scipy's: the lower factor reads A's lower triangle, the upper one A's upper triangle (U = the lower factor of Aᵀ, transposed)
    if (lower) return [store(L.choleskyLower(a, n, 'Cholesky'), [n, n], node)];
    return [store(L.transposeMat(L.choleskyLower(L.transposeMat(a, n, n), n, 'Cholesky'), n, n), [n, n], node)];
  },
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
});

/**
 * `CholeskyGrad{lower}(x, L, gL)`: Theano's reverse-mode rule (Murray 2016): with Φ(P) = tril(P) with its
 * diagonal halved, S = L⁻ᵀ Φ(Lᵀ gL) L⁻¹ and gA = tril(S + Sᵀ) - diag(S) (the upper factor: on transposes).
 */
export const CHOLESKY_GRAD = defineOp<CholeskyParams>({
  name: 'cholesky_grad',
  family: 'linalg',
  inferTypes([x, l, gz]) {
    if (!l || !gz) throw new TypeError('CholeskyGrad: expected 3 inputs');
    return [TensorType.fromShape(floatOut('CholeskyGrad', x!), x!.type.shape)];
  },
  grad: noGrad('CholeskyGrad'),
  format: ({ lower }) => `CholeskyGrad{lower=${lower ? 'True' : 'False'}}`,
  perform([, l, gz], { lower }, node) {
    const n = l!.shape[0]!;
    let Lm: Float64Array = Float64Array.from(l!.toFloat64());
    let G: Float64Array = Float64Array.from(gz!.toFloat64());
    if (!lower) {
      Lm = L.transposeMat(Lm, n, n);
      G = L.transposeMat(G, n, n);
    }
    // P = Φ(Lᵀ G)
    const p = L.matmul(L.transposeMat(Lm, n, n), G, n, n, n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        if (j > i) p[i * n + j] = 0;
        else if (j === i) p[i * n + j] /= 2;
      }
    // S = L⁻ᵀ P L⁻¹ = (L⁻ᵀ (L⁻ᵀ Pᵀ)ᵀ); L⁻ᵀ X solves the upper triangular Lᵀ Y = X
    const lt = L.transposeMat(Lm, n, n);
    const y1 = L.triSolve(lt, n, L.transposeMat(p, n, n), n, false, false, 'CholeskyGrad');
    const s = L.triSolve(lt, n, L.transposeMat(y1, n, n), n, false, false, 'CholeskyGrad');
    const out = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const keep = lower ? i >= j : i <= j;
        if (!keep) continue;
        out[i * n + j] = i === j ? s[i * n + i]! : s[i * n + j]! + s[j * n + i]!;
      }
    // upper: Theano's triu(S + Sᵀ) - diag(S), S + Sᵀ being symmetric
    return [store(out, [n, n], node)];
  },
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
});

/** `T.slinalg.cholesky(A, lower = true)`. */
export function cholesky(a: TensorLike, lower = true): TensorVariable {
  return applyOp(new Op(CHOLESKY, { lower: !!lower }), [asTensorVariable(a, 'cholesky')]).outputs[0]!;
}

/** Theano's A_structure of `Solve`. */
export type SolveStructure = 'general' | 'symmetric' | 'lower_triangular' | 'upper_triangular';

/** Parameters of `Solve`. */
export interface SolveParams {
  /** What is assumed of A: general, symmetric, lower or upper triangular. */
  structure: SolveStructure;
  /** Theano's `lower` flag (printed; a triangular structure names its triangle itself). */
  lower: boolean;
  /** Triangular A: take its diagonal as ones (the stored diagonal is not read). */
  unitDiagonal: boolean;
}

/** `Solve{structure, lower}`: x with A·x = b (b a vector or a matrix). */
export const SOLVE: DefinedOp<SolveParams> = defineOp<SolveParams>({
  name: 'solve',
  family: 'linalg',
  inferTypes([a, b]) {
    checkMatrix('Solve', a!, true);
    if (b!.ndim !== 1 && b!.ndim !== 2) {
      throw new TypeError(`Solve: b must be a vector or a matrix, got ${b} (${b!.type}, ${b!.ndim} dimensions)`);
    }
    const n = a!.type.shape[0] ?? a!.type.shape[1];
    const nb = b!.type.shape[0];
    if (n != null && nb != null && n !== nb) {
      throw new TypeError(`Solve: A is ${n}×${n} but b has ${nb} rows (${b!.type})`);
    }
    const d = floatOut('Solve', a!) === 'float64' || floatOut('Solve', b!) === 'float64' ? 'float64' : 'float32';
    return [TensorType.fromShape(d, [n ?? nb ?? null, ...b!.type.shape.slice(1)])];
  },
  // Theano's rule: gb = solve(Aᵀ, gx) (triangles swapped), gA = -gb·xᵀ (kept on A's triangle)
  grad([a, b], [x], [gx], { structure, lower, unitDiagonal }) {
    if (!gx) return [null, null];
    const swap: Record<SolveStructure, SolveStructure> = {
      general: 'general',
      symmetric: 'symmetric',
      lower_triangular: 'upper_triangular',
      upper_triangular: 'lower_triangular',
    };
    const tri = structure === 'lower_triangular' || structure === 'upper_triangular';
    const gb: TensorVariable = applyOp(
      new Op(SOLVE, { structure: swap[structure], lower: tri ? !lower : lower, unitDiagonal }),
      [transpose(a!), gx],
    ).outputs[0]!;
    let ga: TensorVariable =
      x!.ndim === 1 ? neg(mul(dimshuffle(gb, [0, 'x']), dimshuffle(x!, ['x', 0]))) : neg(dot(gb, transpose(x!)));
    if (tri) {
      ga = mul(ga, triMask(ga, structure === 'lower_triangular' ? 'lower' : 'upper'));
      if (unitDiagonal) ga = mul(ga, sub(1, triMask(ga, 'eye')));
    }
    return [castTo(ga, a!.dtype), castTo(gb, b!.dtype)];
  },
  format: ({ structure, lower, unitDiagonal }) =>
    `Solve{('${structure}', ${lower ? 'True' : 'False'}, False, False${unitDiagonal ? ', unit_diagonal' : ''})}`,
  perform([a, b], { structure, unitDiagonal }, node) {
    const { n, a: A } = L.toMat(a!, 'Solve', true);
    if (b!.shape[0] !== n) {
      throw new Error(`Solve: A has shape (${n}, ${n}) but b has shape (${b!.shape.join(', ')}): ${n} rows expected`);
    }
    const k = b!.ndim === 2 ? b!.shape[1]! : 1;
    const B = Float64Array.from(b!.toFloat64());
    const x =
      structure === 'lower_triangular' || structure === 'upper_triangular'
        ? L.triSolve(A, n, B, k, structure === 'lower_triangular', unitDiagonal, 'Solve')
        : L.luSolve(L.luFactor(A, n), B, k, 'Solve');
    return [store(x, b!.shape, node)];
  },
  inferShape: (_n, _o, axis, dim) => dim(1, axis),
});

/** Options of `T.slinalg.solve`. */
export interface SolveOptions {
  /** Theano's A_structure (`assumeA` 'gen' | 'sym' | 'pos' map onto it too). */
  readonly structure: SolveStructure;
  /** Theano's `lower` flag (printed; a triangular structure names its triangle itself). */
  readonly lower: boolean;
  /** Triangular A: take its diagonal as ones (the stored diagonal is not read). */
  readonly unitDiagonal: boolean;
}

/** `Solve` applied to `a` and `b`. */
export function solveWith(a: TensorLike, b: TensorLike, opts: SolveOptions): TensorVariable {
  return applyOp(new Op(SOLVE, { ...opts }), [asTensorVariable(a, 'solve'), asTensorVariable(b, 'solve')]).outputs[0]!;
}

/** `Expm`: the matrix exponential. */
export const EXPM = defineOp<Record<string, never>>({
  name: 'expm',
  family: 'linalg',
  inferTypes: squareOut('Expm'),
  grad([a], _o, [gz]) {
    if (!gz) return [null];
    return [castTo(applyOp(new Op(EXPM_GRAD, {}), [a!, gz]).outputs[0]!, a!.dtype)];
  },
  format: () => 'Expm',
  perform([x], _p, node) {
    const { n, a } = L.toMat(x!, 'Expm', true);
    return [store(L.expmOf(a, n), [n, n], node)];
  },
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
});

/** `ExpmGrad(A, gz)`: the gradient of ⟨gz, expm(A)⟩, the Fréchet derivative of expm at Aᵀ in direction gz. */
export const EXPM_GRAD = defineOp<Record<string, never>>({
  name: 'expm_grad',
  family: 'linalg',
  inferTypes([a, g]) {
    if (!g) throw new TypeError('ExpmGrad: expected 2 inputs');
    return [TensorType.fromShape(floatOut('ExpmGrad', a!), a!.type.shape)];
  },
  grad: noGrad('ExpmGrad'),
  format: () => 'ExpmGrad',
  perform([a, g], _p, node) {
    const { n, a: A } = L.toMat(a!, 'ExpmGrad', true);
    return [store(L.expmGradOf(A, g!.toFloat64(), n), [n, n], node)];
  },
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
});

/** `T.slinalg.expm(A)`: the matrix exponential. */
export function expm(a: TensorLike): TensorVariable {
  return applyOp(new Op(EXPM, {}), [asTensorVariable(a, 'expm')]).outputs[0]!;
}

// ---------------------------------------------------------------- BatchedDot

/** `BatchedDot`: z[b] = x[b]·y[b] for 3-D x (B, M, K) and y (B, K, N). */
export const BATCHED_DOT = defineOp<Record<string, never>>({
  name: 'batched_dot',
  family: 'linalg',
  inferTypes([x, y]) {
    if (x!.ndim !== 3 || y!.ndim !== 3) {
      throw new TypeError(`BatchedDot: expected two 3-D tensors, got ${x} (${x!.type}) and ${y} (${y!.type})`);
    }
    const [bx, m, kx] = x!.type.shape;
    const [by, ky, n] = y!.type.shape;
    if (bx != null && by != null && bx !== by) {
      throw new TypeError(`BatchedDot: the batch sizes differ: ${x} has ${bx}, ${y} has ${by}`);
    }
    if (kx != null && ky != null && kx !== ky) {
      throw new TypeError(`BatchedDot: shapes do not align: ${x} has ${kx} columns but ${y} has ${ky} rows`);
    }
    return [TensorType.fromShape(resultDType(x!, y!), [bx ?? by ?? null, m ?? null, n ?? null])];
  },
  grad([x, y], _o, [gz]) {
    if (!gz) return [null, null];
    const fix = (g: TensorVariable, v: TensorVariable) =>
      dtypeKind(v.dtype) === 'int' || v.dtype === 'bool' ? null : castTo(g, v.dtype);
    return [fix(batchedDot3(gz, dimshuffle(y!, [0, 2, 1])), x!), fix(batchedDot3(dimshuffle(x!, [0, 2, 1]), gz), y!)];
  },
  format: () => 'BatchedDot',
  perform([x, y], _p, node) {
    const [B, M, K] = x!.shape as [number, number, number];
    const [By, Ky, N] = y!.shape as [number, number, number];
    if (B !== By || K !== Ky) {
      throw new Error(
        `BatchedDot: shapes (${x!.shape.join(', ')}) and (${y!.shape.join(', ')}) do not align (batch ${B} vs ${By}, inner ${K} vs ${Ky})`,
      );
    }
    const a = x!.toFloat64();
    const b = y!.toFloat64();
    const out = new Float64Array(B * M * N);
    for (let i = 0; i < B; i++) {
      const c = L.matmul(a.subarray(i * M * K, (i + 1) * M * K), b.subarray(i * K * N, (i + 1) * K * N), M, K, N);
      out.set(c, i * M * N);
    }
    return [store(out, [B, M, N], node)];
  },
  // sum over k of x[b, m, k, newaxis] · y[b, newaxis, k, n]
  decompose: ([x, y]) => [sum(mul(dimshuffle(x!, [0, 1, 2, 'x']), dimshuffle(y!, [0, 'x', 1, 2])), { axis: 2 })],
  inferShape: (_n, _o, axis, dim) => (axis === 2 ? dim(1, 2) : dim(0, axis)),
});

/** `BatchedDot` of two 3-D tensors. */
export function batchedDot3(x: TensorVariable, y: TensorVariable): TensorVariable {
  return applyOp(new Op(BATCHED_DOT, {}), [x, y]).outputs[0]!;
}

/** The linalg family's extended ops, by name (registered in `EXTENDED_OPS`). */
export const NLINALG_OPS = {
  tri_mask: TRI_MASK,
  matrix_inverse: MATRIX_INVERSE,
  det: DET,
  slogdet: SLOGDET,
  matrix_pinv: MATRIX_PINV,
  eig: EIG,
  eigh: EIGH,
  eigh_grad: EIGH_GRAD,
  svd: SVD,
  svd_grad: SVD_GRAD,
  qr: QR,
  qr_grad: QR_GRAD,
  cholesky: CHOLESKY,
  cholesky_grad: CHOLESKY_GRAD,
  solve: SOLVE,
  expm: EXPM,
  expm_grad: EXPM_GRAD,
  batched_dot: BATCHED_DOT,
} as const;

/** The name of one of the linalg family's extended ops. */
export type NlinalgOpName = keyof typeof NLINALG_OPS;
