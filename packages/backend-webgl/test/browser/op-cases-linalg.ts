// Per-op cases of the linalg family (see op-cases.ts): BatchedDot and TriMask on tfjs, the matrix
// decompositions and their gradient ops as host kernels.
import type { TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import type { OpCase } from './op-cases.ts';

const T = theano.tensor;
const NL = T.nlinalg;
const SL = T.slinalg;

/** A well-conditioned symmetric positive definite float32 3×3 matrix. */
const spd = () =>
  theano.array(
    [
      [4, 1, 2],
      [1, 3, 0.5],
      [2, 0.5, 5],
    ],
    'float32',
  );
/** A float32 3×3 matrix with real, distinct eigenvalues. */
const gen = () =>
  theano.array(
    [
      [4, 1, 0],
      [2, 3, 1],
      [0, 1, 2],
    ],
    'float32',
  );

/** The linalg cases. */
export const LINALG_OP_CASES: readonly OpCase[] = [
  {
    // found by the fuzzer: a dot over an empty axis is zeros (numpy: np.dot(np.zeros((1, 0)), np.zeros(0))
    // is [0.]), and one with an empty result is empty; webgl's BatchMatMul failed on both
    id: 'linalg.dot.empty',
    build: () => {
      const [m, v, e] = [T.fmatrix('m'), T.fvector('v'), T.fmatrix('e')];
      const [i, j] = [T.imatrix('i'), T.imatrix('j')];
      return {
        inputs: [m, v, e, i, j],
        outputs: [T.dot(m, v), T.dot(v, v), T.dot(e, m.T), T.dot(i, j), T.dot(j, i)],
        args: [
          theano.zeros([1, 0], 'float32'),
          theano.zeros([0], 'float32'),
          theano.zeros([0, 0], 'float32'),
          theano.zeros([2, 0], 'int32'),
          theano.zeros([0, 2], 'int32'),
        ],
      };
    },
  },
  {
    id: 'linalg.batched_dot.trace',
    build: () => {
      const [a, b] = [T.ftensor3('a'), T.ftensor3('b')];
      const m = T.fmatrix('m');
      return {
        inputs: [a, b, m],
        outputs: [T.batchedDot(a, b), NL.trace(m)],
        args: [
          theano.fromFloat64([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 2, 3], 'float32'),
          theano.fromFloat64([1, 0, 2, 1, -1, 0, 3, 2, 1, 0, 1, 1], [2, 3, 2], 'float32'),
          gen(),
        ],
      };
    },
  },
  {
    id: 'linalg.inverse.det.slogdet.pinv.solve',
    build: () => {
      const [m, b] = [T.fmatrix('m'), T.fvector('b')];
      const [s, l] = NL.slogdet(m);
      return {
        inputs: [m, b],
        outputs: [NL.matrixInverse(m), NL.det(m), s, l, NL.pinv(m), SL.solve(m, b), SL.solveTriangular(m, b)],
        args: [gen(), theano.fromFloat64([1, 2, 3], [3], 'float32')],
      };
    },
  },
  {
    id: 'linalg.eig.eigh.svd.qr',
    build: () => {
      const [m, p] = [T.fmatrix('m'), T.fmatrix('p')];
      const [w, v] = NL.eig(m);
      const [wh, vh] = NL.eigh(p);
      const [u, sv, vt] = NL.svd(m) as TensorVariable[];
      const [q, r] = NL.qr(m) as TensorVariable[];
      return { inputs: [m, p], outputs: [w, v, wh, vh, u!, sv!, vt!, q!, r!], args: [gen(), spd()] };
    },
  },
  {
    id: 'linalg.grads.cholesky.eigh.expm.svd.qr',
    build: () => {
      const p = T.fmatrix('p');
      const [wh, vh] = NL.eigh(p);
      const cost = T.sum(SL.cholesky(p))
        .add(T.sum(wh.mul(theano.array([1, -2, 3], 'float32'))))
        .add(T.sum(vh.mul(vh).mul(p)))
        .add(T.sum(SL.expm(p.mul(0.1))))
        .add(T.sum(NL.svd(p, { computeUv: false }) as TensorVariable))
        .add(T.sum(NL.qr(p, 'r') as TensorVariable));
      return { inputs: [p], outputs: [cost, T.grad(cost, p) as TensorVariable], args: [spd()] };
    },
  },
];
