/**
 * Dense matrix decompositions on doubles, written from the textbook algorithms: LU with partial pivoting
 * (det, slogdet, inverse, solve), triangular substitution, Cholesky, Householder QR, cyclic Jacobi for
 * symmetric eigenproblems, one-sided Jacobi SVD, the real Schur form by shifted QR iteration (eig with real
 * eigenvalues), and the matrix exponential by Padé approximation with scaling and squaring (Higham 2005).
 * Matrices are row-major `Float64Array`s; every function returns fresh arrays.
 */
import type { DType } from '../dtype.js';
import { fromFloat64, type NDArray, shapeToString } from '../ndarray.js';

/** A row-major m×n matrix of doubles. */
export interface Mat {
  /** The number of rows. */
  readonly m: number;
  /** The number of columns. */
  readonly n: number;
  /** The m·n entries, row by row. */
  readonly a: Float64Array;
}

/** `x` (a 2-D array) as a fresh matrix of doubles; throws naming `fn` otherwise, or when `square` and it is not. */
export function toMat(x: NDArray, fn: string, square = false): Mat {
  if (x.ndim !== 2) throw new Error(`${fn}: expected a matrix, got an array of shape ${shapeToString(x.shape)}`);
  const [m, n] = x.shape as [number, number];
  if (square && m !== n) throw new Error(`${fn}: expected a square matrix, got shape ${shapeToString(x.shape)}`);
  return { m, n, a: Float64Array.from(x.toFloat64()) };
}

/** A matrix as an NDArray of `dtype` (vectors and scalars: pass the shape). */
export function fromMat(a: Float64Array, shape: readonly number[], dtype: DType): NDArray {
  return fromFloat64(a, shape, dtype);
}

/** The n×n identity. */
export function identity(n: number): Float64Array {
  const e = new Float64Array(n * n);
  for (let i = 0; i < n; i++) e[i * n + i] = 1;
  return e;
}

/** C = A·B for A m×k and B k×n. */
export function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      if (aip === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j] += aip * b[p * n + j]!;
    }
  return c;
}

/** Aᵀ for A m×n. */
export function transposeMat(a: Float64Array, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j]!;
  return t;
}

/** An LU factorization with partial pivoting: P·A = L·U packed in `lu` (unit L below the diagonal). */
export interface LU {
  /** The matrix's size (n×n). */
  readonly n: number;
  /** L (below the diagonal, unit diagonal implied) and U (on and above it), row-major. */
  readonly lu: Float64Array;
  /** Row i of P·A is row perm[i] of A. */
  readonly perm: Int32Array;
  /** (-1)^(number of row swaps). */
  readonly sign: number;
  /** Whether some pivot is exactly 0. */
  readonly singular: boolean;
}

/** Doolittle LU with partial pivoting (the largest magnitude in the column is the pivot). */
export function luFactor(a: Float64Array, n: number): LU {
  const lu = a.slice();
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  let sign = 1;
  let singular = false;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(lu[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k]!);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = lu[k * n + j]!;
        lu[k * n + j] = lu[p * n + j]!;
        lu[p * n + j] = t;
      }
      const t = perm[k]!;
      perm[k] = perm[p]!;
      perm[p] = t;
      sign = -sign;
    }
    const pivot = lu[k * n + k]!;
    if (pivot === 0) {
      singular = true;
      continue;
    }
    for (let i = k + 1; i < n; i++) {
      const f = lu[i * n + k]! / pivot;
      lu[i * n + k] = f;
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) lu[i * n + j] -= f * lu[k * n + j]!;
    }
  }
  return { n, lu, perm, sign, singular };
}

/** det(A) from its LU factors (+0 for a singular matrix, as numpy's sign·exp(logdet)). */
export function detOf(f: LU): number {
  if (f.singular) return 0;
  let d = f.sign;
  for (let i = 0; i < f.n; i++) d *= f.lu[i * f.n + i]!;
  return d;
}

/** numpy's slogdet: [sign, log|det|]; a singular matrix gives [0, -inf]. */
export function slogdetOf(f: LU): [number, number] {
  let s = f.sign;
  let l = 0;
  for (let i = 0; i < f.n; i++) {
    const d = f.lu[i * f.n + i]!;
    if (d === 0) return [0, Number.NEGATIVE_INFINITY];
    if (d < 0) s = -s;
    l += Math.log(Math.abs(d));
  }
  return [s, l];
}

/** X with A·X = B for the factored A (B n×k); throws naming `fn` when A is singular. */
export function luSolve(f: LU, b: Float64Array, k: number, fn: string): Float64Array {
  const { n, lu, perm } = f;
  if (f.singular) throw new Error(`${fn}: the matrix is singular`);
  const x = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) x[i * k + j] = b[perm[i]! * k + j]!;
  // forward substitution with the unit lower triangle, then back substitution with U
  for (let i = 0; i < n; i++)
    for (let p = 0; p < i; p++) {
      const l = lu[i * n + p]!;
      if (l !== 0) for (let j = 0; j < k; j++) x[i * k + j] -= l * x[p * k + j]!;
    }
  for (let i = n - 1; i >= 0; i--) {
    for (let p = i + 1; p < n; p++) {
      const u = lu[i * n + p]!;
      if (u !== 0) for (let j = 0; j < k; j++) x[i * k + j] -= u * x[p * k + j]!;
    }
    const d = lu[i * n + i]!;
    for (let j = 0; j < k; j++) x[i * k + j] /= d;
  }
  return x;
}

/** A⁻¹; throws naming `fn` when A is singular. */
export function inverse(a: Float64Array, n: number, fn: string): Float64Array {
  return luSolve(luFactor(a, n), identity(n), n, fn);
}

/**
 * X with A·X = B for triangular A (only its `lower` or upper triangle is read), B n×k; `unitDiagonal`
 * takes A's diagonal as ones. Throws naming `fn` on a zero diagonal entry.
 */
export function triSolve(
  a: Float64Array,
  n: number,
  b: Float64Array,
  k: number,
  lower: boolean,
  unitDiagonal: boolean,
  fn: string,
): Float64Array {
  const x = b.slice();
  const order = lower ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: n }, (_, i) => n - 1 - i);
  for (const i of order) {
    const from = lower ? 0 : i + 1;
    const to = lower ? i : n;
    for (let p = from; p < to; p++) {
      const c = a[i * n + p]!;
      if (c !== 0) for (let j = 0; j < k; j++) x[i * k + j] -= c * x[p * k + j]!;
    }
    if (!unitDiagonal) {
      const d = a[i * n + i]!;
      if (d === 0) throw new Error(`${fn}: the triangular matrix is singular (diagonal entry ${i} is 0)`);
      for (let j = 0; j < k; j++) x[i * k + j] /= d;
    }
  }
  return x;
}

/** The lower Cholesky factor L (A = L·Lᵀ) from A's lower triangle; throws naming `fn` unless A is positive definite. */
export function choleskyLower(a: Float64Array, n: number, fn: string): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let s = a[j * n + j]!;
    for (let p = 0; p < j; p++) s -= l[j * n + p]! ** 2;
    if (!(s > 0)) throw new Error(`${fn}: the matrix is not positive definite (leading minor ${j + 1})`);
    const d = Math.sqrt(s);
    l[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let t = a[i * n + j]!;
      for (let p = 0; p < j; p++) t -= l[i * n + p]! * l[j * n + p]!;
      l[i * n + j] = t / d;
    }
  }
  return l;
}

/**
 * Householder QR of A (m×n): Q (m×m) and R (m×n) with A = Q·R. Each reflector maps the column onto
 * -sign(x₀)·‖x‖·e₀, LAPACK's convention (so R's diagonal has the signs numpy shows).
 */
export function householderQR(
  a: Float64Array,
  m: number,
  n: number,
): {
  /** Q, m×m, orthogonal, row-major. */
  q: Float64Array;
  /** R, m×n, upper triangular, row-major. */
  r: Float64Array;
} {
  const r = a.slice();
  const q = identity(m);
  const steps = Math.min(m - 1, n);
  const v = new Float64Array(m);
  for (let k = 0; k < steps; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += r[i * n + k]! ** 2;
    norm = Math.sqrt(norm);
    let below = 0;
    for (let i = k + 1; i < m; i++) below += r[i * n + k]! ** 2;
    if (below === 0) continue; // already upper triangular in this column (LAPACK: H = I)
    const x0 = r[k * n + k]!;
    const alpha = x0 >= 0 ? -norm : norm;
    // v = x - alpha·e0, H = I - 2 v vᵀ / (vᵀ v)
    v.fill(0);
    for (let i = k; i < m; i++) v[i] = r[i * n + k]!;
    v[k] = x0 - alpha;
    let vv = 0;
    for (let i = k; i < m; i++) vv += v[i]! ** 2;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += v[i]! * r[i * n + j]!;
      const f = (2 * s) / vv;
      for (let i = k; i < m; i++) r[i * n + j] -= f * v[i]!;
    }
    // Q ← Q·H
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let p = k; p < m; p++) s += q[i * m + p]! * v[p]!;
      const f = (2 * s) / vv;
      for (let p = k; p < m; p++) q[i * m + p] -= f * v[p]!;
    }
    for (let i = k + 1; i < m; i++) r[i * n + k] = 0;
  }
  return { q, r };
}

/**
 * Eigenvalues (ascending) and unit eigenvectors (columns) of the symmetric matrix whose `lower` (or
 * upper) triangle A holds, by cyclic Jacobi rotations.
 */
export function symmetricEigen(
  a: Float64Array,
  n: number,
  lower: boolean,
): {
  /** The n eigenvalues, ascending. */
  w: Float64Array;
  /** The unit eigenvectors as the columns of an n×n row-major matrix, in the order of `w`. */
  v: Float64Array;
} {
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const fromLower = i >= j ? a[i * n + j]! : a[j * n + i]!;
      const fromUpper = i <= j ? a[i * n + j]! : a[j * n + i]!;
      s[i * n + j] = lower ? fromLower : fromUpper;
    }
  const v = identity(n);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        total += s[i * n + j]! ** 2;
        if (i !== j) off += s[i * n + j]! ** 2;
      }
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = s[p * n + q]!;
        if (apq === 0) continue;
        // the rotation that zeroes s[p, q]: tan θ = t solves t² + 2τt - 1 = 0, the smaller root
        const tau = (s[q * n + q]! - s[p * n + p]!) / (2 * apq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const sn = t * c;
        for (let k = 0; k < n; k++) {
          const skp = s[k * n + p]!;
          const skq = s[k * n + q]!;
          s[k * n + p] = c * skp - sn * skq;
          s[k * n + q] = sn * skp + c * skq;
        }
        for (let k = 0; k < n; k++) {
          const spk = s[p * n + k]!;
          const sqk = s[q * n + k]!;
          s[p * n + k] = c * spk - sn * sqk;
          s[q * n + k] = sn * spk + c * sqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - sn * vkq;
          v[k * n + q] = sn * vkp + c * vkq;
        }
      }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => s[x * n + x]! - s[y * n + y]!);
  const w = Float64Array.from(order, (i) => s[i * n + i]!);
  const vs = new Float64Array(n * n);
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) vs[k * n + dst] = v[k * n + src]!;
  });
  return { w, v: vs };
}

/** Completes the first `r` orthonormal columns of U (m×m, row-major) to an orthonormal basis. */
function completeBasis(u: Float64Array, m: number, r: number): void {
  let col = r;
  for (let e = 0; e < m && col < m; e++) {
    const x = new Float64Array(m);
    x[e] = 1;
    for (let pass = 0; pass < 2; pass++)
      for (let c = 0; c < col; c++) {
        let d = 0;
        for (let i = 0; i < m; i++) d += u[i * m + c]! * x[i]!;
        for (let i = 0; i < m; i++) x[i] -= d * u[i * m + c]!;
      }
    const nx = Math.hypot(...x);
    if (nx < 1e-8) continue;
    for (let i = 0; i < m; i++) u[i * m + col] = x[i]! / nx;
    col++;
  }
}

/**
 * The SVD A = U·diag(s)·Vᵀ of A (m×n) by one-sided Jacobi: s descending (k = min(m, n) values), U m×m
 * and Vᵀ n×n (full) or U m×k and Vᵀ k×n (reduced).
 */
export function svdJacobi(
  a: Float64Array,
  m: number,
  n: number,
  full: boolean,
): {
  /** U, m×uCols, row-major. */
  u: Float64Array;
  /** The min(m, n) singular values, descending. */
  s: Float64Array;
  /** Vᵀ, vtRows×n, row-major. */
  vt: Float64Array;
  /** U's number of columns: m (full) or min(m, n) (reduced). */
  uCols: number;
  /** Vᵀ's number of rows: n (full) or min(m, n) (reduced). */
  vtRows: number;
} {
  if (m < n) {
    // A = U S Vᵀ ⟺ Aᵀ = V S Uᵀ
    const t = svdJacobi(transposeMat(a, m, n), n, m, full);
    return {
      u: transposeMat(t.vt, t.vtRows, m),
      s: t.s,
      vt: transposeMat(t.u, n, t.uCols),
      uCols: t.vtRows,
      vtRows: t.uCols,
    };
  }
  // m ≥ n: rotate columns of W = A·V until they are orthogonal
  const w = a.slice();
  const v = identity(n);
  for (let sweep = 0; sweep < 100; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < m; i++) {
          const wp = w[i * n + p]!;
          const wq = w[i * n + q]!;
          alpha += wp * wp;
          beta += wq * wq;
          gamma += wp * wq;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const sn = c * t;
        for (let i = 0; i < m; i++) {
          const wp = w[i * n + p]!;
          const wq = w[i * n + q]!;
          w[i * n + p] = c * wp - sn * wq;
          w[i * n + q] = sn * wp + c * wq;
        }
        for (let i = 0; i < n; i++) {
          const vp = v[i * n + p]!;
          const vq = v[i * n + q]!;
          v[i * n + p] = c * vp - sn * vq;
          v[i * n + q] = sn * vp + c * vq;
        }
      }
    if (!rotated) break;
  }
  const norms = Array.from({ length: n }, (_, j) => {
    let s = 0;
    for (let i = 0; i < m; i++) s += w[i * n + j]! ** 2;
    return Math.sqrt(s);
  });
  const order = Array.from({ length: n }, (_, j) => j).sort((x, y) => norms[y]! - norms[x]!);
  const s = Float64Array.from(order, (j) => norms[j]!);
  const uCols = full ? m : n;
  const u = new Float64Array(m * uCols);
  const smax = s[0] ?? 0;
  let rank = 0;
  order.forEach((src, dst) => {
    const sv = norms[src]!;
    if (sv > smax * 1e-14 && sv > 0) {
      for (let i = 0; i < m; i++) u[i * uCols + dst] = w[i * n + src]! / sv;
      rank = dst + 1;
    }
  });
  // columns for zero singular values and the full basis: an orthonormal completion
  if (rank < uCols) {
    const sq = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < rank; j++) sq[i * m + j] = u[i * uCols + j]!;
    completeBasis(sq, m, rank);
    for (let i = 0; i < m; i++) for (let j = rank; j < uCols; j++) u[i * uCols + j] = sq[i * m + j]!;
  }
  const vt = new Float64Array(n * n);
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) vt[dst * n + k] = v[k * n + src]!;
  });
  return { u, s, vt, uCols, vtRows: n };
}

/** numpy's pinv: V·diag(1/s)·Uᵀ over the singular values above rcond·max(s). */
export function pinvOf(a: Float64Array, m: number, n: number, rcond = 1e-15): Float64Array {
  const { u, s, vt, uCols } = svdJacobi(a, m, n, false);
  const k = s.length;
  const cut = rcond * (s[0] ?? 0);
  const out = new Float64Array(n * m);
  for (let p = 0; p < k; p++) {
    if (!(s[p]! > cut)) continue;
    const inv = 1 / s[p]!;
    for (let i = 0; i < n; i++) {
      const vip = vt[p * n + i]! * inv;
      if (vip === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] += vip * u[j * uCols + p]!;
    }
  }
  return out;
}

/** The largest absolute column sum (the matrix 1-norm). */
function norm1(a: Float64Array, n: number): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(a[i * n + j]!);
    best = Math.max(best, s);
  }
  return best;
}

/** The coefficients of the [13/13] Padé approximant of e^x (Higham 2005, table 10.4). */
const PADE13 = [
  64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000, 10559470521600,
  670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
];

/** e^A by the [13/13] Padé approximant with scaling and squaring (Higham 2005). */
export function expmOf(a: Float64Array, n: number): Float64Array {
  const theta13 = 5.371920351148152;
  const nrm = norm1(a, n);
  const s = nrm > theta13 ? Math.max(0, Math.ceil(Math.log2(nrm / theta13))) : 0;
  const scale = 2 ** -s;
  const A = a.map((x) => x * scale);
  const b = PADE13;
  const I = identity(n);
  const A2 = matmul(A, A, n, n, n);
  const A4 = matmul(A2, A2, n, n, n);
  const A6 = matmul(A4, A2, n, n, n);
  const lin = (terms: [number, Float64Array][]) => {
    const out = new Float64Array(n * n);
    for (const [c, m] of terms) for (let i = 0; i < n * n; i++) out[i] += c * m[i]!;
    return out;
  };
  // U = A·(A6·(b13 A6 + b11 A4 + b9 A2) + b7 A6 + b5 A4 + b3 A2 + b1 I)
  const u1 = matmul(
    A6,
    lin([
      [b[13]!, A6],
      [b[11]!, A4],
      [b[9]!, A2],
    ]),
    n,
    n,
    n,
  );
  const U = matmul(
    A,
    lin([
      [1, u1],
      [b[7]!, A6],
      [b[5]!, A4],
      [b[3]!, A2],
      [b[1]!, I],
    ]),
    n,
    n,
    n,
  );
  // V = A6·(b12 A6 + b10 A4 + b8 A2) + b6 A6 + b4 A4 + b2 A2 + b0 I
  const v1 = matmul(
    A6,
    lin([
      [b[12]!, A6],
      [b[10]!, A4],
      [b[8]!, A2],
    ]),
    n,
    n,
    n,
  );
  const V = lin([
    [1, v1],
    [b[6]!, A6],
    [b[4]!, A4],
    [b[2]!, A2],
    [b[0]!, I],
  ]);
  // (V - U)·R = V + U
  const P = lin([
    [1, V],
    [1, U],
  ]);
  const Q = lin([
    [1, V],
    [-1, U],
  ]);
  let R = luSolve(luFactor(Q, n), P, n, 'Expm');
  for (let k = 0; k < s; k++) R = matmul(R, R, n, n, n);
  return R;
}

/**
 * The gradient of ⟨G, e^A⟩ with respect to A: the Fréchet derivative L(Aᵀ, G), read from the upper-right
 * block of exp([[Aᵀ, G], [0, Aᵀ]]).
 */
export function expmGradOf(a: Float64Array, g: Float64Array, n: number): Float64Array {
  const N = 2 * n;
  const big = new Float64Array(N * N);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const at = a[j * n + i]!;
      big[i * N + j] = at;
      big[(i + n) * N + j + n] = at;
      big[i * N + j + n] = g[i * n + j]!;
    }
  const e = expmOf(big, N);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = e[i * N + j + n]!;
  return out;
}

/**
 * Real eigenvalues and unit eigenvectors (columns) of a general square matrix: the real Schur form by
 * QR iteration with Wilkinson shifts, then back substitution on it. Throws naming `fn` when an eigenvalue
 * is complex (a 2×2 block that does not split).
 */
export function realEigen(
  a: Float64Array,
  n: number,
  fn: string,
): {
  /** The n (real) eigenvalues. */
  w: Float64Array;
  /** The eigenvectors as the columns of an n×n row-major matrix, in the order of `w`. */
  v: Float64Array;
} {
  const t = a.slice();
  let z = identity(n);
  const scaleOf = Math.max(1e-300, ...Array.from(t, Math.abs));
  let hi = n - 1;
  let iter = 0;
  while (hi > 0) {
    // deflate: a negligible subdiagonal row below hi
    let small = true;
    for (let j = 0; j < hi; j++)
      if (Math.abs(t[hi * n + j]!) > 1e-14 * scaleOf) {
        small = false;
        break;
      }
    if (small) {
      hi--;
      iter = 0;
      continue;
    }
    if (++iter > 500) throw new Error(`${fn}: the matrix has complex eigenvalues, which are not supported`);
    // Wilkinson shift from the trailing 2×2 block of the active part
    const a11 = t[(hi - 1) * n + hi - 1]!;
    const a12 = t[(hi - 1) * n + hi]!;
    const a21 = t[hi * n + hi - 1]!;
    const a22 = t[hi * n + hi]!;
    const tr = a11 + a22;
    const det = a11 * a22 - a12 * a21;
    const disc = (tr * tr) / 4 - det;
    let mu: number;
    if (disc >= 0) {
      const r1 = tr / 2 + Math.sqrt(disc);
      const r2 = tr / 2 - Math.sqrt(disc);
      mu = Math.abs(r1 - a22) < Math.abs(r2 - a22) ? r1 : r2;
    } else {
      if (iter > 60) throw new Error(`${fn}: the matrix has complex eigenvalues, which are not supported`);
      mu = a22 + (iter % 11 === 0 ? 1e-3 * scaleOf : 0);
    }
    const m = hi + 1;
    // QR step on the leading m×m block: T - μI = QR, T ← RQ + μI, Z ← Z·Q (Q also applied to the rest)
    const blk = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) blk[i * m + j] = t[i * n + j]! - (i === j ? mu : 0);
    const { q } = householderQR(blk, m, m);
    const qFull = identity(n);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) qFull[i * n + j] = q[i * m + j]!;
    const nt = matmul(matmul(transposeMat(qFull, n, n), t, n, n, n), qFull, n, n, n);
    t.set(nt);
    z = matmul(z, qFull, n, n, n);
  }
  const w = Float64Array.from({ length: n }, (_, i) => t[i * n + i]!);
  // eigenvectors of the upper triangular T: y_k = 1, y_j (j < k) by back substitution; v = Z·y
  const v = new Float64Array(n * n);
  const eps = 1e-14 * scaleOf;
  for (let k = 0; k < n; k++) {
    const y = new Float64Array(n);
    y[k] = 1;
    for (let j = k - 1; j >= 0; j--) {
      let s = 0;
      for (let l = j + 1; l <= k; l++) s += t[j * n + l]! * y[l]!;
      let d = t[j * n + j]! - w[k]!;
      if (Math.abs(d) < eps) d = eps;
      y[j] = -s / d;
    }
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= k; j++) col[i] += z[i * n + j]! * y[j]!;
    const nrm = Math.hypot(...col);
    for (let i = 0; i < n; i++) v[i * n + k] = col[i]! / nrm;
  }
  return { w, v };
}
