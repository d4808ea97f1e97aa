// Per-op cases of the sort family (run on webgl in the browser, on ref in node for the expected values):
// every op of the family, and the gathers its gradients use.
import type { TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import type { OpCase } from './op-cases.ts';

const T = theano.tensor;

const f32 = (data: number[][]) => theano.array(data, 'float32');
const ints = (data: number[], dtype: 'int32' | 'int64' = 'int32') => theano.array(data, dtype);

const X = [
  [3, -1.5, 1, -2],
  [0.5, 2, 2, -1],
  [4, -3, 0.25, 0],
];

/** The sort family's per-op cases. */
export const SORT_OP_CASES: readonly OpCase[] = [
  {
    id: 'sort.argsort.topk',
    build: () => {
      const x = T.fmatrix('x');
      const [v, i] = T.topkAndArgtopk(x, -2, { axis: 0 });
      return { inputs: [x], outputs: [T.sort(x), T.argsort(x, 0), T.topk(x, 2), v, i], args: [f32(X)] };
    },
  },
  {
    id: 'unique.bincount.searchsorted.onehot',
    build: () => {
      const y = T.ivector('y');
      const w = T.fvector('w');
      const a = T.fvector('a');
      const outs = T.unique(y, true, true, true) as TensorVariable[];
      return {
        inputs: [y, w, a],
        outputs: [
          ...outs,
          T.bincount(y),
          T.bincount(y, w, 6),
          T.searchsorted(a, w),
          T.searchsorted(a, w, 'right'),
          T.toOneHot(y, 4, 'float32'),
        ],
        args: [ints([3, 1, 3, 0]), theano.array([0.5, 1, 2, 3], 'float32'), theano.array([-1, 1, 1, 2.5], 'float32')],
      };
    },
  },
  {
    id: 'fill-diagonal.grads',
    build: () => {
      const x = T.fmatrix('x');
      const v = T.fscalar('v');
      const cost = T.sum(T.sort(x).mul(T.fillDiagonal(x, v)))
        .add(T.sum(T.fillDiagonalOffset(x, v, -1).pow(2)))
        .add(T.sum(T.topk(x, 2).pow(2)));
      const [gx, gv] = T.grad(cost, [x, v]) as TensorVariable[];
      return { inputs: [x, v], outputs: [cost, gx!, gv!], args: [f32(X), theano.array(0.5, 'float32')] };
    },
  },
  {
    id: 'bincount.weights.grad',
    build: () => {
      const y = T.ivector('y');
      const w = T.fvector('w');
      const [gw] = T.grad(T.sum(T.bincount(y, w).pow(2)), [w]) as TensorVariable[];
      return { inputs: [y, w], outputs: [gw!], args: [ints([2, 0, 2, 1]), theano.array([1, -2, 0.5, 3], 'float32')] };
    },
  },
];
