// The linalg family: type and shape inference, errors, printing, and the reference values of the matrix
// decompositions (expected values from numpy/scipy, or properties checked by hand: Q orthogonal, A = L·Lᵀ).

import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;
const NL = T.nlinalg;
const SL = T.slinalg;

const B = [
  [2, -1, 0],
  [1, 3, 1],
  [0, 2, 4],
];
const close = (a: ArrayLike<number>, b: readonly number[], tol = 1e-12) => {
  expect(a.length).toBe(b.length);
  Array.from(a).forEach((v, i) => {
    expect(Math.abs(v - b[i]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b[i]!)));
  });
};
const run = (v: theano.TensorVariable, x: theano.TensorVariable, value: unknown) => v.evalSync([[x, value as never]]);

describe('linalg types and shapes', () => {
  it('matrix ops keep float32, compute int in float64, and know static shapes', () => {
    const x = T.matrix('x', 'float32');
    expect(NL.det(x).dtype).toBe('float32');
    expect(NL.det(x).ndim).toBe(0);
    expect(NL.matrixInverse(T.imatrix('i')).dtype).toBe('float64');
    const c = theano.array(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      'float64',
    );
    expect(NL.pinv(c).type.shape).toEqual([2, 3]);
    const [u, s, vt] = NL.svd(c) as theano.TensorVariable[];
    expect([u!.type.shape, s!.type.shape, vt!.type.shape]).toEqual([[3, 3], [2], [2, 2]]);
    const [q, r] = NL.qr(c) as theano.TensorVariable[];
    expect([q!.type.shape, r!.type.shape]).toEqual([
      [3, 2],
      [2, 2],
    ]);
    expect(T.outer(T.vector('a'), T.vector('b')).ndim).toBe(2);
    expect(T.tensordot(T.tensor3('a'), T.matrix('b'), 1).ndim).toBe(3);
    expect(T.batchedDot(T.tensor3('a'), T.matrix('b')).ndim).toBe(2);
    expect(T.matmul(T.tensor4('a'), T.vector('v')).ndim).toBe(3);
  });

  it('symbolic shapes: inverse and cholesky are square like their input', () => {
    const x = T.matrix('x');
    const n = T.shapeI(NL.matrixInverse(x), 1);
    expect(n.evalSync([[x, B]]).item()).toBe(3);
  });

  it('prints as Theano names the ops', () => {
    const x = T.matrix('x');
    expect(String(NL.det(x).owner!.op)).toBe('Det');
    expect(String(NL.matrixInverse(x).owner!.op)).toBe('MatrixInverse');
    expect(String(NL.eigh(x)[0].owner!.op)).toBe("Eigh{UPLO='L'}");
    expect(String(SL.cholesky(x).owner!.op)).toBe("Cholesky{lower=True, destructive=False, on_error='raise'}");
    expect(String(SL.solve(x, T.vector('b')).owner!.op)).toBe("Solve{('general', False, False, False)}");
    expect(String(T.batchedDot(T.tensor3('a'), T.tensor3('b')).owner!.op)).toBe('BatchedDot');
  });

  it('snake_case aliases inside the namespaces and at the top level', () => {
    const t = T as unknown as Record<string, unknown>;
    const nl = NL as unknown as Record<string, unknown>;
    const sl = SL as unknown as Record<string, unknown>;
    expect(t.batched_dot).toBe(T.batchedDot);
    expect(t.batched_tensordot).toBe(T.batchedTensordot);
    expect(nl.matrix_inverse).toBe(NL.matrixInverse);
    expect(nl.matrix_power).toBe(NL.matrixPower);
    expect(sl.solve_triangular).toBe(SL.solveTriangular);
  });
});

describe('linalg errors', () => {
  it('names the function and what it expected', () => {
    expect(() => NL.det(T.vector('v'))).toThrow(/Det: expected a matrix/);
    expect(() => NL.matrixInverse(theano.array([[1, 2, 3]], 'float64'))).toThrow(
      /MatrixInverse: expected a square matrix/,
    );
    expect(() => T.matmul(T.scalar('s'), T.matrix('m'))).toThrow(/matmul: 0-d operands/);
    expect(() =>
      T.tensordot(theano.array([[1, 2]], 'float64'), theano.array([[1, 2, 3]], 'float64'), [[1], [1]]),
    ).toThrow(/tensordot: shape mismatch/);
    expect(() => T.tensordot(T.matrix('a'), T.matrix('b'), 3)).toThrow(/tensordot: axes=3/);
    expect(() => NL.norm(T.matrix('m'), 2)).toThrow(/norm: invalid norm order 2 for matrices/);
    expect(() => NL.qr(T.matrix('m'), 'raw' as never)).toThrow(/qr: mode must be/);
    expect(() => NL.matrixPower(T.matrix('m'), 1.5)).toThrow(/matrixPower: the exponent must be an integer/);
    expect(() => SL.solve(T.matrix('m'), T.vector('b'), { assumeA: 'banded' })).toThrow(/solve: unknown assumeA/);
    expect(() => SL.cholesky(T.matrix('m'), { upper: true })).toThrow(/cholesky: unknown option 'upper'/);
  });

  it('run-time errors: singular and not positive definite', () => {
    const x = T.matrix('x');
    expect(() =>
      run(NL.matrixInverse(x), x, [
        [1, 2],
        [2, 4],
      ]),
    ).toThrow(/MatrixInverse: the matrix is singular/);
    expect(() =>
      run(SL.cholesky(x), x, [
        [1, 2],
        [2, 1],
      ]),
    ).toThrow(/Cholesky: the matrix is not positive definite/);
    expect(() => run(NL.eig(x)[0], x, B)).toThrow(/Eig: the matrix has complex eigenvalues/);
    expect(() => T.grad(NL.eig(x)[0].sum(), x)).toThrow(/Eig: the gradient is not implemented/);
  });
});

describe('linalg reference values', () => {
  it('det and slogdet of a singular matrix: 0 and (0, -inf) as numpy', () => {
    const x = T.matrix('x');
    const sing = [
      [1, 2],
      [2, 4],
    ];
    expect(run(NL.det(x), x, sing).item()).toBe(0);
    const [s, l] = NL.slogdet(x);
    expect(run(s, x, sing).item()).toBe(0);
    expect(run(l, x, sing).item()).toBe(Number.NEGATIVE_INFINITY);
  });

  it('qr of a wide matrix: Q orthogonal, R upper triangular, Q·R = A', () => {
    const x = T.matrix('x');
    const a = [
      [1, 2, 3, 4],
      [2, 0, 1, -1],
    ];
    const [q, r] = NL.qr(x) as theano.TensorVariable[];
    const qv = run(q!, x, a).toFloat64();
    const rv = run(r!, x, a).toFloat64();
    expect(rv[4]).toBe(0);
    close(run(T.dot(q!, r!), x, a).toFloat64(), a.flat());
    close(run(T.dot(q!.T, q!), x, a).toFloat64(), [1, 0, 0, 1]);
    // numpy: R[0, 0] = -sqrt(5)
    close([qv[0]!, rv[0]!], [-1 / Math.sqrt(5), -Math.sqrt(5)]);
  });

  it('svd of a wide matrix (full): u·diag(s)·vt[:2] = A, numpy singular values', () => {
    const x = T.matrix('x');
    const a = [
      [3, 2, 2],
      [2, 3, -2],
    ];
    const [, s, vt] = NL.svd(x) as theano.TensorVariable[];
    // numpy: s = [5, 3]
    close(run(s!, x, a).toFloat64(), [5, 3]);
    expect(run(vt!, x, a).shape).toEqual([3, 3]);
    close(run(T.dot(vt!, vt!.T), x, a).toFloat64(), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('cholesky factor reproduces A; eigh of a diagonal matrix', () => {
    const x = T.matrix('x');
    const a = [
      [4, 2],
      [2, 5],
    ];
    const l = SL.cholesky(x);
    close(run(T.dot(l, l.T), x, a).toFloat64(), a.flat());
    close(run(l, x, a).toFloat64(), [2, 0, 1, 2]);
    const [w] = NL.eigh(x);
    close(
      run(w, x, [
        [3, 0],
        [0, -1],
      ]).toFloat64(),
      [-1, 3],
    );
  });

  it('expm of a nilpotent and of a diagonal matrix (by hand)', () => {
    const x = T.matrix('x');
    close(
      run(SL.expm(x), x, [
        [0, 1],
        [0, 0],
      ]).toFloat64(),
      [1, 1, 0, 1],
    );
    close(
      run(SL.expm(x), x, [
        [1, 0],
        [0, -20],
      ]).toFloat64(),
      [Math.E, 0, 0, Math.exp(-20)],
      1e-13,
    );
  });
});
