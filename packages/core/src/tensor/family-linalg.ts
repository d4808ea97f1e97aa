/**
 * The tensor module's linear algebra (outer, tensordot, batchedDot, batchedTensordot, matmul, T.nlinalg,
 * T.slinalg): the functions of `theano.tensor` and the methods of variables for this family.
 * `tensor/index.ts` spreads `LINALG_FUNCTIONS` into `T` (snake_case aliases are added there; the two
 * namespaces carry their own). The products (outer, tensordot, batchedTensordot, matmul, kron, trace,
 * matrixPower, norm) are built from other ops, as Theano builds them, so every backend runs them.
 */
import { asTensorVariable, constant } from '../graph/constant.js';
import type { TensorLike, TensorVariable } from '../graph/variable.js';
import { assertSameShape } from '../ops/control.js';
import { abs, cast, mul, neq, pow, sqrt } from '../ops/elemwise.js';
import { dot } from '../ops/linalg.js';
import * as NL from '../ops/nlinalg.js';
import { max, min, sum } from '../ops/reduce.js';
import { dimshuffle, flatten, reshape, shapeI, transpose } from '../ops/shape.js';
import { readArgs, withArityChecks, withSnakeAliases } from './args.js';
import { installMethods } from './install.js';

type Axes = number | readonly [number | readonly number[], number | readonly number[]];

/** The product of `v`'s sizes along `axes` (an int64 scalar; the constant 1 for none). */
function sizeOf(v: TensorVariable, axes: readonly number[]): TensorVariable | number {
  if (axes.length === 0) return 1;
  return axes.map((a) => shapeI(v, a)).reduce((p, d) => mul(p, d));
}

/** `outer(x, y)`: the outer product of two vectors (other ranks are flattened first, as numpy and Theano). */
export function outer(x: TensorLike, y: TensorLike): TensorVariable {
  let a = asTensorVariable(x, 'outer');
  let b = asTensorVariable(y, 'outer');
  if (a.ndim !== 1) a = flatten(a);
  if (b.ndim !== 1) b = flatten(b);
  return dot(dimshuffle(a, [0, 'x']), dimshuffle(b, ['x', 0]));
}

/** Normalizes tensordot's `axes` into the summed axes of each operand (`offset`: axes before it are batch axes). */
function readAxes(
  fn: string,
  a: TensorVariable,
  b: TensorVariable,
  axes: unknown,
  offset: number,
): [number[], number[]] {
  let ax: number[];
  let bx: number[];
  if (typeof axes === 'number') {
    if (!Number.isInteger(axes) || axes < 0 || axes > a.ndim - offset || axes > b.ndim - offset) {
      throw new TypeError(
        `${fn}: axes=${axes} must be an integer between 0 and ${Math.min(a.ndim, b.ndim) - offset} for operands of ${a.ndim} and ${b.ndim} dimensions`,
      );
    }
    ax = Array.from({ length: axes }, (_, i) => a.ndim - axes + i);
    bx = Array.from({ length: axes }, (_, i) => offset + i);
  } else if (Array.isArray(axes) && axes.length === 2) {
    const list = (v: unknown) => (typeof v === 'number' ? [v] : Array.isArray(v) ? (v as number[]) : null);
    const la = list(axes[0]);
    const lb = list(axes[1]);
    if (!la || !lb || la.length !== lb.length) {
      throw new TypeError(
        `${fn}: axes must be an integer or a pair of equally long axis lists, got ${JSON.stringify(axes)}`,
      );
    }
    const norm = (v: TensorVariable, name: string) => (k: number) => {
      if (!Number.isInteger(k) || k < -v.ndim || k >= v.ndim) {
        throw new TypeError(`${fn}: axis ${k} of ${name} is out of range for ${v} (${v.ndim} dimensions)`);
      }
      const r = k < 0 ? k + v.ndim : k;
      if (r < offset) throw new TypeError(`${fn}: axis ${k} of ${name} is the batch axis, which cannot be summed`);
      return r;
    };
    ax = la.map(norm(a, 'a'));
    bx = lb.map(norm(b, 'b'));
    if (new Set(ax).size !== ax.length || new Set(bx).size !== bx.length) {
      throw new TypeError(`${fn}: repeated axes in ${JSON.stringify(axes)}`);
    }
  } else {
    throw new TypeError(`${fn}: axes must be an integer or a pair of axis lists, got ${JSON.stringify(axes)}`);
  }
  ax.forEach((i, k) => {
    const da = a.type.shape[i];
    const db = b.type.shape[bx[k]!];
    if (da != null && db != null && da !== db) {
      throw new TypeError(
        `${fn}: shape mismatch for the summed axes: ${a} has ${da} along axis ${i} but ${b} has ${db} along axis ${bx[k]}`,
      );
    }
  });
  return [ax, bx];
}

/**
 * `tensordot(a, b, axes = 2)`: sums products over the last `axes` axes of a and the first of b, or over
 * the axes paired in `[[a's], [b's]]` (numpy's rule). Built, as Theano does, from a transpose, a reshape
 * to matrices, `dot`, and a reshape back.
 */
export function tensordot(a: TensorLike, b: TensorLike, ...rest: unknown[]): TensorVariable {
  const { axes } = readArgs('tensordot', ['axes'], rest);
  const x = asTensorVariable(a, 'tensordot');
  const y = asTensorVariable(b, 'tensordot');
  const [ax, bx] = readAxes('tensordot', x, y, (axes ?? 2) as Axes, 0);
  const xFree = Array.from({ length: x.ndim }, (_, i) => i).filter((i) => !ax.includes(i));
  const yFree = Array.from({ length: y.ndim }, (_, i) => i).filter((i) => !bx.includes(i));
  const xt = transpose(x, [...xFree, ...ax]);
  const yt = transpose(y, [...bx, ...yFree]);
  const k = sizeOf(x, ax);
  const xm = reshape(xt, xFree.length ? [sizeOf(x, xFree), k] : [k]);
  // y's own size of the summed axes: a mismatch is then dot's run-time error (not aligned), not a reshape's
  const ky = sizeOf(y, bx);
  const ym = reshape(yt, yFree.length ? [ky, sizeOf(y, yFree)] : [ky]);
  const r = dot(xm, ym);
  if (xFree.length <= 1 && yFree.length <= 1) return r;
  return reshape(r, [...xFree.map((i) => shapeI(x, i)), ...yFree.map((i) => shapeI(y, i))]);
}

/**
 * `batchedDot(a, b)`: Theano's batched_dot: for each index of the first axis, the dot of a[i] and b[i]
 * (3-D × 3-D: matrix products; a 2-D operand holds one vector per batch); a 1-D operand scales the other;
 * above 3-D, `batchedTensordot` over a's last and b's second-to-last axis.
 */
export function batchedDot(a: TensorLike, b: TensorLike): TensorVariable {
  const x = asTensorVariable(a, 'batchedDot');
  const y = asTensorVariable(b, 'batchedDot');
  if (x.ndim === 0 || y.ndim === 0) {
    throw new TypeError(`batchedDot: each operand needs a batch axis, got ${x} (${x.type}) and ${y} (${y.type})`);
  }
  if (x.ndim === 1) return mul(dimshuffle(x, [0, ...Array.from({ length: y.ndim - 1 }, () => 'x' as const)]), y);
  if (y.ndim === 1) return mul(x, dimshuffle(y, [0, ...Array.from({ length: x.ndim - 1 }, () => 'x' as const)]));
  if (x.ndim > 3 || y.ndim > 3) return batchedTensordot(x, y, [[x.ndim - 1], [Math.max(1, y.ndim - 2)]]);
  const x3 = x.ndim === 3 ? x : dimshuffle(x, [0, 'x', 1]);
  const y3 = y.ndim === 3 ? y : dimshuffle(y, [0, 1, 'x']);
  const r = NL.batchedDot3(x3, y3);
  const keep = [0, ...(x.ndim === 3 ? [1] : []), ...(y.ndim === 3 ? [2] : [])];
  return keep.length === 3 ? r : dimshuffle(r, keep);
}

/**
 * `batchedTensordot(x, y, axes)`: tensordot of x[i] and y[i] for each index of the first (batch) axis;
 * `axes` counts or names axes of the full operands (axis 0, the batch, is never summed), as Theano.
 */
export function batchedTensordot(x: TensorLike, y: TensorLike, ...rest: unknown[]): TensorVariable {
  const { axes } = readArgs('batchedTensordot', ['axes'], rest);
  const a = asTensorVariable(x, 'batchedTensordot');
  const b = asTensorVariable(y, 'batchedTensordot');
  if (a.ndim < 2 || b.ndim < 2) {
    throw new TypeError(`batchedTensordot: expected operands of at least 2 dimensions, got ${a.type} and ${b.type}`);
  }
  const [ax, bx] = readAxes('batchedTensordot', a, b, (axes ?? 2) as Axes, 1);
  const aFree = Array.from({ length: a.ndim - 1 }, (_, i) => i + 1).filter((i) => !ax.includes(i));
  const bFree = Array.from({ length: b.ndim - 1 }, (_, i) => i + 1).filter((i) => !bx.includes(i));
  const at = transpose(a, [0, ...aFree, ...ax]);
  const bt = transpose(b, [0, ...bx, ...bFree]);
  const B = shapeI(a, 0);
  const k = sizeOf(a, ax);
  const a3 = reshape(at, [B, sizeOf(a, aFree), k]);
  // b's own batch and summed sizes: a mismatch is then BatchedDot's run-time error, not a reshape's
  const b3 = reshape(bt, [shapeI(b, 0), sizeOf(b, bx), sizeOf(b, bFree)]);
  const r = NL.batchedDot3(a3, b3);
  return reshape(r, [B, ...aFree.map((i) => shapeI(a, i)), ...bFree.map((i) => shapeI(b, i))]);
}

/**
 * `matmul(a, b)`: numpy's matmul: matrix products over the last two axes, the leading axes broadcast
 * (by the broadcastable pattern, as Theano's elementwise ops); a vector operand is promoted to a matrix
 * and its axis removed from the result. 0-d operands are an error.
 */
export function matmul(a: TensorLike, b: TensorLike): TensorVariable {
  let x = asTensorVariable(a, 'matmul');
  let y = asTensorVariable(b, 'matmul');
  if (x.ndim === 0 || y.ndim === 0) {
    throw new TypeError(`matmul: 0-d operands are not allowed (use mul), got ${x} (${x.type}) and ${y} (${y.type})`);
  }
  if (x.ndim <= 2 && y.ndim <= 2) return dot(x, y);
  const xVec = x.ndim === 1;
  const yVec = y.ndim === 1;
  if (xVec) x = dimshuffle(x, ['x', 0]);
  if (yVec) y = dimshuffle(y, [0, 'x']);
  const kx = x.type.shape[x.ndim - 1];
  const ky = y.type.shape[y.ndim - 2];
  if (kx != null && ky != null && kx !== ky) {
    throw new TypeError(`matmul: shapes do not align: ${x} has ${kx} columns but ${y} has ${ky} rows`);
  }
  const nd = Math.max(x.ndim, y.ndim);
  const pad = (v: TensorVariable) =>
    v.ndim === nd
      ? v
      : dimshuffle(v, [
          ...Array.from({ length: nd - v.ndim }, () => 'x' as const),
          ...Array.from({ length: v.ndim }, (_, i) => i),
        ]);
  const xp = pad(x);
  const yp = pad(y);
  let r: TensorVariable;
  const lead = Array.from({ length: nd - 2 }, (_, i) => i);
  if (nd === 3 && xp.type.shape[0] === yp.type.shape[0] && xp.type.shape[0] !== 1) {
    // equal (or unknown) batch sizes: BatchedDot (onnx MatMul, tfjs matMul)
    r = NL.batchedDot3(xp, yp);
  } else {
    // (..., M, K, 1) · (..., 1, K, N) summed over K
    const xe = dimshuffle(xp, [...lead, nd - 2, nd - 1, 'x']);
    const ye = dimshuffle(yp, [...lead, 'x', nd - 2, nd - 1]);
    r = sum(mul(xe, ye), { axis: nd - 1 });
  }
  if (xVec || yVec) {
    const keep = [...lead, ...(xVec ? [] : [nd - 2]), ...(yVec ? [] : [nd - 1])];
    r = dimshuffle(r, keep);
  }
  return r;
}

/** `T.nlinalg.trace(X)`: the sum of the diagonal of a matrix (any shape). */
export function trace(x: TensorLike): TensorVariable {
  const v = asTensorVariable(x, 'trace');
  if (v.ndim !== 2) throw new TypeError(`trace: expected a matrix, got ${v} (${v.type}, ${v.ndim} dimensions)`);
  return sum(mul(v, NL.triMask(v, 'eye')));
}

/** `T.nlinalg.matrixDot(...matrices)`: the chained dot product of its arguments (Theano's matrix_dot). */
export function matrixDot(...args: TensorLike[]): TensorVariable {
  if (args.length === 0) throw new TypeError('matrixDot: expected at least one argument');
  let r = asTensorVariable(args[0]!, 'matrixDot');
  for (const a of args.slice(1)) r = dot(r, asTensorVariable(a, 'matrixDot'));
  return r;
}

/**
 * `T.nlinalg.matrixPower(M, n)`: M to the integer power n by repeated squaring (n = 0: the identity;
 * n < 0: powers of the inverse, as numpy).
 */
export function matrixPower(m: TensorLike, ...rest: unknown[]): TensorVariable {
  const a = readArgs('matrixPower', ['n'], rest);
  if (a.n === undefined) throw new TypeError(`matrixPower: missing the required argument 'n'`);
  let n = a.n as number;
  let M = asTensorVariable(m, 'matrixPower');
  if (M.ndim !== 2) throw new TypeError(`matrixPower: expected a square matrix, got ${M} (${M.type})`);
  if (!Number.isInteger(n)) throw new TypeError(`matrixPower: the exponent must be an integer, got ${n}`);
  const [r0, c0] = M.type.shape;
  if (r0 != null && c0 != null && r0 !== c0) {
    throw new TypeError(`matrixPower: expected a square matrix, got ${M} of shape (${r0}, ${c0})`);
  }
  // numpy's LinAlgError for a non-square matrix, also when only the run-time shape says so
  if (n === 0) return assertSameShape(NL.identityLike(M), M, transpose(M), 'matrixPower: expected a square matrix');
  if (n < 0) {
    M = NL.matrixInverse(M);
    n = -n;
  }
  let result: TensorVariable | null = null;
  let z: TensorVariable | null = null;
  while (n > 0) {
    z = z === null ? M : dot(z, z);
    if (n % 2 === 1) result = result === null ? z : dot(result, z);
    n = Math.floor(n / 2);
  }
  return result!;
}

/**
 * `T.nlinalg.kron(a, b)`: the Kronecker product (numpy's: the operand of fewer dimensions gets leading
 * unit axes), built from a broadcast product and a reshape.
 */
export function kron(a: TensorLike, b: TensorLike): TensorVariable {
  const x = asTensorVariable(a, 'kron');
  const y = asTensorVariable(b, 'kron');
  const nd = Math.max(x.ndim, y.ndim);
  if (nd === 0) return mul(x, y);
  const pad = (v: TensorVariable) =>
    dimshuffle(v, [
      ...Array.from({ length: nd - v.ndim }, () => 'x' as const),
      ...Array.from({ length: v.ndim }, (_, i) => i),
    ]);
  const xp = pad(x);
  const yp = pad(y);
  // (a0, 1, a1, 1, ...) · (1, b0, 1, b1, ...) → (a0, b0, a1, b1, ...) → (a0·b0, a1·b1, ...)
  const xe = dimshuffle(xp, Array.from({ length: nd }, (_, i) => [i, 'x' as const]).flat());
  const ye = dimshuffle(yp, Array.from({ length: nd }, (_, i) => ['x' as const, i]).flat());
  return reshape(
    mul(xe, ye),
    Array.from({ length: nd }, (_, i) => mul(shapeI(xp, i), shapeI(yp, i))),
  );
}

/**
 * `T.nlinalg.norm(x, ord)`: Theano's norm of a vector (ord null: 2-norm; 'inf' / Infinity, '-inf' /
 * -Infinity, 0: the count of nonzeros, p: (Σ|x|^p)^(1/p)) or a matrix (null / 'fro', 'inf', '-inf', 1, -1);
 * other orders, and ranks above 2, are errors, as in Theano.
 */
export function norm(x: TensorLike, ...rest: unknown[]): TensorVariable {
  const { ord } = readArgs('norm', ['ord'], rest);
  const v = asTensorVariable(x, 'norm');
  const o = ord === 'inf' ? Number.POSITIVE_INFINITY : ord === '-inf' ? Number.NEGATIVE_INFINITY : ord;
  if (v.ndim === 1) {
    if (o === null || o === undefined) return sqrt(sum(mul(v, v)));
    if (o === Number.POSITIVE_INFINITY) return max(abs(v));
    if (o === Number.NEGATIVE_INFINITY) return min(abs(v));
    if (o === 0) return cast(sum(neq(v, 0)), v.dtype === 'float32' ? 'float32' : 'float64');
    if (typeof o === 'number' && Number.isFinite(o)) {
      const p = constant(o, { dtype: v.dtype === 'float32' ? 'float32' : 'float64' });
      return pow(sum(pow(abs(v), p)), constant(1 / o, { dtype: p.dtype }));
    }
    throw new TypeError(`norm: invalid norm order ${JSON.stringify(ord)} for vectors`);
  }
  if (v.ndim === 2) {
    if (o === null || o === undefined || o === 'fro') return sqrt(sum(mul(v, v)));
    if (o === Number.POSITIVE_INFINITY) return max(sum(abs(v), { axis: 1 }));
    if (o === Number.NEGATIVE_INFINITY) return min(sum(abs(v), { axis: 1 }));
    if (o === 1) return max(sum(abs(v), { axis: 0 }));
    if (o === -1) return min(sum(abs(v), { axis: 0 }));
    throw new TypeError(
      `norm: invalid norm order ${JSON.stringify(ord)} for matrices (Theano's norm supports null, 'fro', 'inf', '-inf', 1 and -1)`,
    );
  }
  throw new TypeError(`norm: expected a vector or a matrix, got ${v} (${v.type}, ${v.ndim} dimensions)`);
}

/** `T.nlinalg.svd(a, fullMatrices = true, computeUv = true)`: `[u, s, vt]` (numpy's), or `s` when not computeUv. */
function svd(a: TensorLike, ...rest: unknown[]): TensorVariable | TensorVariable[] {
  const { fullMatrices, computeUv } = readArgs('svd', ['fullMatrices', 'computeUv'], rest);
  const cu = computeUv === undefined ? true : !!computeUv;
  const o = NL.svd(a, fullMatrices === undefined ? true : !!fullMatrices, cu);
  return cu ? o : o[0]!;
}

/** `T.nlinalg.eigh(a, UPLO = 'L')`. */
function eigh(a: TensorLike, ...rest: unknown[]): [TensorVariable, TensorVariable] {
  const { UPLO } = readArgs('eigh', ['UPLO'], rest);
  return NL.eigh(a, (UPLO ?? 'L') as 'L' | 'U');
}

/** `T.nlinalg.qr(a, mode = 'reduced')`. */
function qr(a: TensorLike, ...rest: unknown[]): TensorVariable | [TensorVariable, TensorVariable] {
  const { mode } = readArgs('qr', ['mode'], rest);
  return NL.qr(a, (mode ?? 'reduced') as 'reduced');
}

/** `T.slinalg.cholesky(a, lower = true)`. */
function cholesky(a: TensorLike, ...rest: unknown[]): TensorVariable {
  const { lower } = readArgs('cholesky', ['lower'], rest);
  return NL.cholesky(a, lower === undefined ? true : !!lower);
}

const STRUCTURES: Record<string, NL.SolveStructure> = {
  gen: 'general',
  general: 'general',
  sym: 'symmetric',
  her: 'symmetric',
  pos: 'symmetric',
  symmetric: 'symmetric',
  lower_triangular: 'lower_triangular',
  upper_triangular: 'upper_triangular',
};

/**
 * `T.slinalg.solve(a, b, assumeA = 'gen', lower = false)`: x with a·x = b. `assumeA` is Theano's
 * A_structure ('general', 'symmetric', 'lower_triangular', 'upper_triangular') or scipy's 'gen' / 'sym' /
 * 'pos' (symmetric and positive definite systems are solved by LU too).
 */
function solve(a: TensorLike, b: TensorLike, ...rest: unknown[]): TensorVariable {
  const { assumeA, lower } = readArgs('solve', ['assumeA', 'lower'], rest);
  const structure = STRUCTURES[String(assumeA ?? 'gen')];
  if (!structure) {
    throw new TypeError(
      `solve: unknown assumeA ${JSON.stringify(assumeA)} (expected one of ${Object.keys(STRUCTURES).join(', ')})`,
    );
  }
  const lo = structure === 'lower_triangular' ? true : structure === 'upper_triangular' ? false : !!lower;
  return NL.solveWith(a, b, { structure, lower: lo, unitDiagonal: false });
}

/**
 * `T.slinalg.solveTriangular(a, b, trans = 0, lower = false, unitDiagonal = false)`: scipy's: x with
 * op(a)·x = b, op(a) = a (trans 0 or 'N') or aᵀ (1, 'T', 2, 'C'), reading only a's lower or upper triangle.
 */
function solveTriangular(a: TensorLike, b: TensorLike, ...rest: unknown[]): TensorVariable {
  const { trans, lower, unitDiagonal } = readArgs('solveTriangular', ['trans', 'lower', 'unitDiagonal'], rest);
  const t = trans ?? 0;
  if (![0, 1, 2, 'N', 'T', 'C'].includes(t as number)) {
    throw new TypeError(`solveTriangular: trans must be 0, 1, 2, 'N', 'T' or 'C', got ${JSON.stringify(trans)}`);
  }
  let A = asTensorVariable(a, 'solveTriangular');
  let lo = !!lower;
  if (t !== 0 && t !== 'N') {
    A = transpose(A);
    lo = !lo;
  }
  return NL.solveWith(A, b, {
    structure: lo ? 'lower_triangular' : 'upper_triangular',
    lower: lo,
    unitDiagonal: !!unitDiagonal,
  });
}

/** `T.nlinalg`: Theano's numpy-backed linear algebra. */
const nlinalg = withSnakeAliases(
  withArityChecks({
    matrixInverse: NL.matrixInverse,
    pinv: NL.pinv,
    det: NL.det,
    slogdet: NL.slogdet,
    trace,
    eig: NL.eig,
    eigh,
    svd,
    qr,
    norm,
    matrixPower,
    kron,
    matrixDot,
  }),
);

/** `T.slinalg`: Theano's scipy-backed linear algebra. */
const slinalg = withSnakeAliases(
  withArityChecks({
    cholesky,
    solve,
    solveTriangular,
    /** `T.slinalg.solveLowerTriangular(a, b)`: x with a·x = b, reading only a's lower triangle. */
    solveLowerTriangular: (a: TensorLike, b: TensorLike) =>
      NL.solveWith(a, b, { structure: 'lower_triangular', lower: true, unitDiagonal: false }),
    /** `T.slinalg.solveUpperTriangular(a, b)`: x with a·x = b, reading only a's upper triangle. */
    solveUpperTriangular: (a: TensorLike, b: TensorLike) =>
      NL.solveWith(a, b, { structure: 'upper_triangular', lower: false, unitDiagonal: false }),
    /** `T.slinalg.solveSymmetric(a, b)`: x with a·x = b, for a symmetric a. */
    solveSymmetric: (a: TensorLike, b: TensorLike) =>
      NL.solveWith(a, b, { structure: 'symmetric', lower: false, unitDiagonal: false }),
    expm: NL.expm,
    kron,
  }),
);

/** The family's functions of `theano.tensor`. */
export const LINALG_FUNCTIONS = {
  outer,
  tensordot,
  batchedDot,
  batchedTensordot,
  matmul,
  /** `T.trace(x)`: the sum of the diagonal (the same as `T.nlinalg.trace`; variables have it as `x.trace()`). */
  trace: nlinalg.trace,
  nlinalg,
  slinalg,
} as const;

/** The family's methods of variables. */
abstract class LinalgMethods {
  /** `x.trace()`: the sum of the diagonal (Theano's `_tensor_py_operands.trace`). */
  trace(this: TensorVariable): TensorVariable {
    return trace(this);
  }
  /** `x.matmul(y)`: numpy's matmul (`x @ y`). */
  matmul(this: TensorVariable, y: TensorLike): TensorVariable {
    return matmul(this, y);
  }
}

declare module '../graph/variable.js' {
  interface TensorVariable extends Pick<LinalgMethods, keyof LinalgMethods> {}
}

installMethods(LinalgMethods);
