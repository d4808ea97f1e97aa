// Per-op cases of the reduce family's kernels (prod, argmax, cumop, diff, median) and of all / any (decomposed):
// float32 and int32 inputs, several axes, NaN in argmax, and the gradients that run cumop and diff's adjoint.
import type { NDArray, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';

const T = theano.tensor;

interface Case {
  readonly id: string;
  build(): { inputs: TensorVariable[]; outputs: TensorVariable[]; args: NDArray[] };
}

const M = [
  [1.5, -2, 3, 0.5],
  [0.25, 4, -1, 2],
  [3, 3, -0.5, 1],
];

/** The reduce family's cases. */
export const REDUCE_OP_CASES: readonly Case[] = [
  {
    // found by the fuzzer: tfjs pads its max / min windows with ∓1e20, so max([-inf]) was -1e20 and
    // min([3e38, inf, 2e38]) 1e20; the infinities come back as isinf (JSON has no infinity) and the rest as is
    id: 'reduce.max.min.beyond-1e20',
    build() {
      const m = T.fmatrix('m');
      const finite = (r: TensorVariable) => T.switch(T.isinf(r), 0, r);
      const outs = [
        T.isinf(m.max({ axis: [1], keepdims: false })),
        finite(m.max({ axis: [1], keepdims: false })),
        T.isinf(m.neg().min({ axis: [1], keepdims: false })),
        finite(m.neg().min({ axis: [1], keepdims: false })),
        finite(m.max({ axis: null, keepdims: false })),
      ];
      const big = 3e38;
      const args = [
        theano.array(
          [
            [-Infinity, -Infinity, -Infinity],
            [-big, -Infinity, -2e38],
            [-1e20, -5e30, -Infinity],
            [1, -Infinity, -big],
          ],
          'float32',
        ),
      ];
      return { inputs: [m], outputs: outs, args };
    },
  },
  {
    // found by the fuzzer: max / min of an empty array over non-empty axes are empty arrays (numpy:
    // np.zeros((1, 0)).max(axis=0) has shape (0,)); webgl threw "zero-size array ... no identity"
    id: 'reduce.max.min.empty-kept-axis',
    build() {
      const m = T.fmatrix('m');
      const i = T.itensor3('i');
      const outs = [
        m.max({ axis: [0], keepdims: false }),
        m.min({ axis: [0], keepdims: true }),
        i.min({ axis: [0, 2], keepdims: false }),
        i.max({ axis: [2], keepdims: false }),
      ];
      return {
        inputs: [m, i],
        outputs: outs,
        args: [theano.zeros([1, 0], 'float32'), theano.zeros([2, 0, 3], 'int32')],
      };
    },
  },
  {
    id: 'reduce.prod.argmax',
    build() {
      const m = T.fmatrix('m');
      const i = T.imatrix('i');
      const y = T.ftensor3('y');
      const outs = [
        T.prod(m, 1),
        m.prod(),
        T.prod(i, 0),
        T.argmax(m, 1),
        T.argmin(m, 0),
        m.argmax(),
        T.argmax(i, 1),
        T.argmax(y, [0, 2]),
        T.grad(T.prod(m, 1).sum(), m),
      ];
      return {
        inputs: [m, i, y],
        outputs: outs,
        args: [
          theano.array(M, 'float32'),
          theano.array(
            [
              [2, -3, 4],
              [5, 1, 7],
            ],
            'int32',
          ),
          theano.array(
            [
              [
                [1, 8, 3],
                [7, 2, 9],
              ],
              [
                [4, 6, 5],
                [0, -3, 2],
              ],
            ],
            'float32',
          ),
        ],
      };
    },
  },
  {
    id: 'reduce.nan',
    build() {
      const m = T.fmatrix('m');
      // a NaN in rows 0 and 1: argmax / argmin give the first NaN (a NaN output cannot come back from the
      // page as JSON, so median's NaN rule is checked by the conformance case tensor.reduce.median.axes-nan)
      return {
        inputs: [m],
        outputs: [T.argmax(m, 1), T.argmin(m, 1), T.argmax(m.add(1), 0), T.median(m.get(2))],
        args: [
          theano.array(
            [
              [1.5, Number.NaN, 3, Number.NaN],
              [Number.NaN, 4, -1, 2],
              [3, 3, -0.5, 1],
            ],
            'float32',
          ),
        ],
      };
    },
  },
  {
    id: 'reduce.cumop.diff.all-any',
    build() {
      const m = T.fmatrix('m');
      const i = T.imatrix('i');
      const outs = [
        T.cumsum(m, 1),
        T.cumsum(m, 0),
        T.cumprod(m, 1),
        T.cumprod(m),
        T.cumsum(i, 1),
        T.cumprod(i, 0),
        T.diff(m),
        T.diff(m, 2, 0),
        T.diff(i, 1, 0),
        T.grad(T.cumsum(m, 1).mul(m).sum(), m),
        T.grad(T.diff(m).mul(T.diff(m)).sum(), m),
        T.all(m, 1),
        T.any(T.gt(m, 3), 0),
        T.median(m, 1),
        T.median(m, 0),
        T.median(m),
      ];
      return {
        inputs: [m, i],
        outputs: outs,
        args: [
          theano.array(M, 'float32'),
          theano.array(
            [
              [1, 2, 3],
              [4, 0, -2],
            ],
            'int32',
          ),
        ],
      };
    },
  },
];
