/** Conformance cases of the tensor module's sort family (`tensor.sort.*`): values from numpy or worked by hand. */
import type { DType } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { type TensorCase, type TensorCaseSpec, tensorCase } from './tensor-case.js';

const T = theano.tensor;
const NaN_ = Number.NaN;
const isInt = (d: DType): boolean => d.startsWith('int');
const WITH_INT: readonly DType[] = ['float64', 'float32', 'int32'];

// x (float) has NaNs and ties; xi (int) has ties
const X = [
  [3, NaN_, 1, -2],
  [0.5, 2, 2, -1],
  [4, -3, NaN_, 0],
];
const XI = [
  [3, 1, 1, -2],
  [5, 2, 2, -1],
  [4, -3, 2, 0],
];

const SPECS: TensorCaseSpec[] = [
  {
    id: 'sort.sort',
    covers: ['sort'],
    description: 'sort along the last axis, axis 0, and flattened (axis null), NaN last (numpy np.sort)',
    dtypes: WITH_INT,
    build: (d) => {
      const x = T.matrix('x', d);
      if (isInt(d)) {
        return {
          inputs: [[x, XI]],
          outputs: [T.sort(x), T.sort(x, 0), T.sort(x, null)],
          expected: [
            [
              [-2, 1, 1, 3],
              [-1, 2, 2, 5],
              [-3, 0, 2, 4],
            ],
            [
              [3, -3, 1, -2],
              [4, 1, 2, -1],
              [5, 2, 2, 0],
            ],
            [-3, -2, -1, 0, 1, 1, 2, 2, 2, 3, 4, 5],
          ],
        };
      }
      return {
        inputs: [[x, X]],
        outputs: [T.sort(x), T.sort(x, { axis: 0 }), T.sort(x, null)],
        expected: [
          [
            [-2, 1, 3, NaN_],
            [-1, 0.5, 2, 2],
            [-3, 0, 4, NaN_],
          ],
          [
            [0.5, -3, 1, -2],
            [3, 2, 2, -1],
            [4, NaN_, NaN_, 0],
          ],
          [-3, -2, -1, 0, 0.5, 1, 2, 2, 3, 4, NaN_, NaN_],
        ],
      };
    },
  },
  {
    id: 'sort.method',
    covers: ['sort', 'argsort'],
    description: 'x.sort(axis) and x.argsort(axis) methods on a vector with ties (stable order)',
    dtypes: WITH_INT,
    build: (d) => {
      const v = T.vector('v', d);
      return {
        inputs: [[v, [2, -1, 2, 0, -1, 5]]],
        outputs: [v.sort(), v.argsort(), v.sort(0), v.argsort({ axis: 0 })],
        expected: [
          [-1, -1, 0, 2, 2, 5],
          [1, 4, 3, 0, 2, 5],
          [-1, -1, 0, 2, 2, 5],
          [1, 4, 3, 0, 2, 5],
        ],
        dtypes: [d, 'int64', d, 'int64'],
      };
    },
  },
  {
    id: 'sort.argsort',
    covers: ['argsort'],
    description: "argsort along the last axis and axis 0 (numpy argsort kind='stable'; NaN last)",
    dtypes: WITH_INT,
    build: (d) => {
      const x = T.matrix('x', d);
      if (isInt(d)) {
        return {
          inputs: [[x, XI]],
          outputs: [T.argsort(x), T.argsort(x, 0), T.argsort(x, null)],
          expected: [
            [
              [3, 1, 2, 0],
              [3, 1, 2, 0],
              [1, 3, 2, 0],
            ],
            [
              [0, 2, 0, 0],
              [2, 0, 1, 1],
              [1, 1, 2, 2],
            ],
            [9, 3, 7, 11, 1, 2, 5, 6, 10, 0, 8, 4],
          ],
          dtypes: ['int64', 'int64', 'int64'],
        };
      }
      return {
        inputs: [[x, X]],
        outputs: [T.argsort(x), T.argsort(x, 0)],
        expected: [
          [
            [3, 2, 0, 1],
            [3, 0, 1, 2],
            [1, 3, 0, 2],
          ],
          [
            [1, 2, 0, 0],
            [0, 1, 1, 1],
            [2, 0, 2, 2],
          ],
        ],
        dtypes: ['int64', 'int64'],
      };
    },
  },
  {
    id: 'sort.topk',
    covers: ['topk'],
    description:
      'topk: the 2 largest along the last axis (descending, NaN largest, ties by index), the 2 smallest (kth=-2), and along axis 0; argtopk and topkAndArgtopk give the indices',
    dtypes: WITH_INT,
    build: (d) => {
      const x = T.matrix('x', d);
      const [v0, i0] = T.topkAndArgtopk(x, 1, { axis: 0 });
      const outputs = [T.topk(x, 2), T.argtopk(x, 2), T.topk(x, -2), T.argtopk(x, -2), T.topk(x, 2, 0), v0, i0];
      const dtypes: DType[] = [d, 'int64', d, 'int64', d, d, 'int64'];
      if (isInt(d)) {
        return {
          inputs: [[x, XI]],
          outputs,
          dtypes,
          expected: [
            [
              [3, 1],
              [5, 2],
              [4, 2],
            ],
            [
              [0, 1],
              [0, 1],
              [0, 2],
            ],
            [
              [-2, 1],
              [-1, 2],
              [-3, 0],
            ],
            [
              [3, 1],
              [3, 1],
              [1, 3],
            ],
            [
              [5, 2, 2, 0],
              [4, 1, 2, -1],
            ],
            [[5, 2, 2, 0]],
            [[1, 1, 1, 2]],
          ],
        };
      }
      return {
        inputs: [[x, X]],
        outputs,
        dtypes,
        expected: [
          [
            [NaN_, 3],
            [2, 2],
            [NaN_, 4],
          ],
          [
            [1, 0],
            [1, 2],
            [2, 0],
          ],
          [
            [-2, 1],
            [-1, 0.5],
            [-3, 0],
          ],
          [
            [3, 2],
            [3, 0],
            [1, 3],
          ],
          [
            [4, NaN_, NaN_, 0],
            [3, 2, 2, -1],
          ],
          [[4, NaN_, NaN_, 0]],
          [[2, 0, 2, 2]],
        ],
      };
    },
  },
  {
    id: 'sort.unique',
    covers: ['unique'],
    description:
      'unique of a matrix (flattened, sorted) with the first indices, the inverse (flat, as Theano) and the counts (numpy np.unique)',
    dtypes: WITH_INT,
    build: (d) => {
      const x = T.matrix('x', d);
      const value = isInt(d)
        ? [
            [3, -1, 3],
            [0, -1, 7],
          ]
        : [
            [2.5, -1, 2.5],
            [0, -1, 7],
          ];
      const [u, idx, inv, counts] = T.unique(x, true, true, true) as ReturnType<typeof T.matrix>[];
      return {
        inputs: [[x, value]],
        outputs: [T.unique(x) as ReturnType<typeof T.matrix>, u!, idx!, inv!, counts!],
        expected: [
          isInt(d) ? [-1, 0, 3, 7] : [-1, 0, 2.5, 7],
          isInt(d) ? [-1, 0, 3, 7] : [-1, 0, 2.5, 7],
          [1, 3, 0, 5],
          [2, 0, 2, 1, 0, 3],
          [2, 1, 2, 1],
        ],
        dtypes: [d, d, 'int64', 'int64', 'int64'],
      };
    },
  },
  {
    id: 'sort.unique.nan',
    covers: ['unique'],
    description:
      'unique of a vector holding NaNs and +inf: the NaNs are one value, sorted after +inf (numpy 2 np.unique, equal_nan)',
    build: (d) => {
      const x = T.vector('x', d);
      const [u, idx, inv, counts] = T.unique(x, true, true, true) as ReturnType<typeof T.vector>[];
      return {
        inputs: [[x, [2, Number.NaN, -1, Number.NaN, Number.POSITIVE_INFINITY, 2]]],
        outputs: [u!, idx!, inv!, counts!],
        // numpy: np.unique([2, nan, -1, nan, inf, 2], True, True, True)
        expected: [
          [-1, 2, Number.POSITIVE_INFINITY, Number.NaN],
          [2, 0, 4, 1],
          [1, 3, 0, 3, 2, 1],
          [1, 2, 1, 2],
        ],
        dtypes: [d, 'int64', 'int64', 'int64'],
      };
    },
  },
  {
    id: 'sort.unique.axis',
    covers: ['unique'],
    description:
      'unique rows (axis 0) and columns (axis 1) of a matrix, lexicographic, with every output (numpy np.unique(axis))',
    dtypes: WITH_INT,
    build: (d) => {
      const x = T.matrix('x', d);
      // the int32 case doubles every value (the same order)
      const k = isInt(d) ? 2 : 1;
      const m = (rows: number[][]) => rows.map((r) => r.map((e) => e * k));
      const rows = T.unique(x, true, true, true, 0) as ReturnType<typeof T.matrix>[];
      const cols = T.unique(x, { returnIndex: true, returnInverse: true, returnCounts: true, axis: 1 }) as ReturnType<
        typeof T.matrix
      >[];
      return {
        inputs: [
          [
            x,
            m([
              [2, 1, 2, 1],
              [0.5, 3, 0.5, 3],
              [2, 1, 2, -1],
            ]),
          ],
        ],
        outputs: [...rows, ...cols],
        expected: [
          m([
            [0.5, 3, 0.5, 3],
            [2, 1, 2, -1],
            [2, 1, 2, 1],
          ]),
          [1, 2, 0],
          [2, 0, 1],
          [1, 1, 1],
          m([
            [1, 1, 2],
            [3, 3, 0.5],
            [-1, 1, 2],
          ]),
          [3, 1, 0],
          [2, 1, 2, 0],
          [1, 1, 2],
        ],
        dtypes: [d, 'int64', 'int64', 'int64', d, 'int64', 'int64', 'int64'],
      };
    },
  },
  {
    id: 'sort.bincount',
    covers: ['bincount'],
    description:
      'bincount of int32 values: counts (x dtype, as Theano), weighted sums, and minlength (numpy np.bincount)',
    build: (d) => {
      const x = T.vector('x', 'int32');
      const w = T.vector('w', d);
      return {
        inputs: [
          [x, [3, 1, 3, 0, 1, 1]],
          [w, [0.5, 1, 2, -3, 0.25, 4]],
        ],
        outputs: [T.bincount(x), T.bincount(x, w), T.bincount(x, { minlength: 6 }), T.bincount(x, w, 6)],
        expected: [
          [1, 3, 0, 2],
          [-3, 5.25, 0, 2.5],
          [1, 3, 0, 2, 0, 0],
          [-3, 5.25, 0, 2.5, 0, 0],
        ],
        dtypes: ['int32', d, 'int32', d],
      };
    },
  },
  {
    id: 'sort.searchsorted',
    covers: ['searchsorted'],
    description:
      "searchsorted of a matrix of values, side 'left' and 'right', and through a sorter (numpy np.searchsorted)",
    dtypes: WITH_INT,
    build: (d) => {
      const a = T.vector('a', d);
      const v = T.matrix('v', d);
      const u = T.vector('u', d);
      const s = T.vector('s', 'int64');
      if (isInt(d)) {
        return {
          inputs: [
            [a, [-1, 0, 2, 2, 3]],
            [
              v,
              [
                [2, -5],
                [0, 4],
                [3, 1],
              ],
            ],
          ],
          outputs: [T.searchsorted(a, v), T.searchsorted(a, v, 'right')],
          expected: [
            [
              [2, 0],
              [1, 5],
              [4, 2],
            ],
            [
              [4, 0],
              [2, 5],
              [5, 2],
            ],
          ],
          dtypes: ['int64', 'int64'],
        };
      }
      return {
        inputs: [
          [a, [-1, 0.5, 2, 2, 3.5]],
          [
            v,
            [
              [2, -5],
              [0.5, 4],
              [3, 2.1],
            ],
          ],
          [u, [2, -1, 3.5, 0.5, 2]],
          [s, [1, 3, 0, 4, 2]],
        ],
        outputs: [
          T.searchsorted(a, v),
          T.searchsorted(a, v, { side: 'right' }),
          T.searchsorted(u, v, 'left', s),
          T.searchsorted(u, v, { side: 'right', sorter: s }),
        ],
        expected: [
          [
            [2, 0],
            [1, 5],
            [4, 4],
          ],
          [
            [4, 0],
            [2, 5],
            [4, 4],
          ],
          [
            [2, 0],
            [1, 5],
            [4, 4],
          ],
          [
            [4, 0],
            [2, 5],
            [4, 4],
          ],
        ],
        dtypes: ['int64', 'int64', 'int64', 'int64'],
      };
    },
  },
  {
    id: 'sort.toOneHot',
    covers: ['toOneHot'],
    description: "toOneHot of int32 classes with 5 classes in the case's dtype (rows of np.eye(5))",
    dtypes: WITH_INT,
    build: (d) => {
      const y = T.vector('y', 'int32');
      return {
        inputs: [[y, [3, 1, 3, 0]]],
        outputs: [T.toOneHot(y, 5, d)],
        expected: [
          [
            [0, 0, 0, 1, 0],
            [0, 1, 0, 0, 0],
            [0, 0, 0, 1, 0],
            [1, 0, 0, 0, 0],
          ],
        ],
      };
    },
  },
  {
    id: 'sort.fillDiagonal',
    covers: ['fillDiagonal'],
    description: 'fillDiagonal of a wide and a tall matrix and of a 3x3x3 cube (numpy np.fill_diagonal)',
    dtypes: WITH_INT,
    build: (d) => {
      const wide = T.matrix('wide', d);
      const tall = T.matrix('tall', d);
      const cube = T.tensor3('cube', d);
      const half = isInt(d) ? 1 : 0.5;
      const cubeValue = Array.from({ length: 3 }, (_, i) =>
        Array.from({ length: 3 }, (_, j) => Array.from({ length: 3 }, (_, k) => (i * 9 + j * 3 + k) * half)),
      );
      const cubeOut = [
        -1, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, -1, 7, 7.5, 8, 8.5, 9, 9.5, 10, 10.5, 11, 11.5, 12, 12.5,
        -1,
      ].map((e, i) => (e === -1 ? -1 : i * half));
      const cubeExpected = Array.from({ length: 3 }, (_, i) =>
        Array.from({ length: 3 }, (_, j) => cubeOut.slice(i * 9 + j * 3, i * 9 + j * 3 + 3)),
      );
      return {
        inputs: [
          [
            wide,
            [
              [-5, -4, -3, -2],
              [-1, 0, 1, 2],
              [3, 4, 5, 6],
            ],
          ],
          [
            tall,
            [
              [-5, -4, -3],
              [-2, -1, 0],
              [1, 2, 3],
              [4, 5, 6],
            ],
          ],
          [cube, cubeValue],
        ],
        outputs: [T.fillDiagonal(wide, 9), T.fillDiagonal(tall, 9), T.fillDiagonal(cube, -1)],
        expected: [
          [
            [9, -4, -3, -2],
            [-1, 9, 1, 2],
            [3, 4, 9, 6],
          ],
          [
            [9, -4, -3],
            [-2, 9, 0],
            [1, 2, 9],
            [4, 5, 6],
          ],
          cubeExpected,
        ],
      };
    },
  },
  {
    id: 'sort.fillDiagonalOffset',
    covers: ['fillDiagonalOffset'],
    description:
      'fillDiagonalOffset above and below the main diagonal of wide and tall matrices, and past the edge (np.where(np.eye(h, w, k), 7, a))',
    dtypes: WITH_INT,
    build: (d) => {
      const wide = T.matrix('wide', d);
      const tall = T.matrix('tall', d);
      const off = T.scalar('off', 'int32');
      return {
        inputs: [
          [
            wide,
            [
              [-5, -4, -3, -2],
              [-1, 0, 1, 2],
              [3, 4, 5, 6],
            ],
          ],
          [
            tall,
            [
              [-5, -4, -3],
              [-2, -1, 0],
              [1, 2, 3],
              [4, 5, 6],
            ],
          ],
          [off, -1],
        ],
        outputs: [
          T.fillDiagonalOffset(wide, 7, 1),
          T.fillDiagonalOffset(wide, 7, -2),
          T.fillDiagonalOffset(tall, 7, off),
          T.fillDiagonalOffset(tall, 7, 2),
          T.fillDiagonalOffset(wide, 7, 5),
        ],
        expected: [
          [
            [-5, 7, -3, -2],
            [-1, 0, 7, 2],
            [3, 4, 5, 7],
          ],
          [
            [-5, -4, -3, -2],
            [-1, 0, 1, 2],
            [7, 4, 5, 6],
          ],
          [
            [-5, -4, -3],
            [7, -1, 0],
            [1, 7, 3],
            [4, 5, 7],
          ],
          [
            [-5, -4, 7],
            [-2, -1, 0],
            [1, 2, 3],
            [4, 5, 6],
          ],
          [
            [-5, -4, -3, -2],
            [-1, 0, 1, 2],
            [3, 4, 5, 6],
          ],
        ],
      };
    },
  },
];

/** The sort family's cases. */
export const TENSOR_SORT_CASES: readonly TensorCase[] = SPECS.flatMap(tensorCase);
