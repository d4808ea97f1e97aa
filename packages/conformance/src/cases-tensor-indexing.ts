/** Conformance cases of the tensor module's indexing family (`tensor.indexing.*`): values from numpy or worked by hand. */
import type { DType } from '@theano-ts/core';
import { T } from 'theano-ts';
import { type TensorCase, type TensorCaseSpec, tensorCase } from './tensor-case.js';

/** x = numpy.arange(12).reshape(3, 4) * 1.5 - 4 */
const X = [
  [-4, -2.5, -1, 0.5],
  [2, 3.5, 5, 6.5],
  [8, 9.5, 11, 12.5],
];
/** numpy.arange(24).reshape(2, 3, 4) */
const X3 = [
  [
    [0, 1, 2, 3],
    [4, 5, 6, 7],
    [8, 9, 10, 11],
  ],
  [
    [12, 13, 14, 15],
    [16, 17, 18, 19],
    [20, 21, 22, 23],
  ],
];
const IV = [2, 0, 2];

const mat = (dtype: DType) => T.tensor(dtype, [false, false], 'x');

const SPECS: TensorCaseSpec[] = [
  {
    id: 'indexing.get.basic',
    covers: ['get', 'slice'],
    description: 'x[1], x[1:3], x[::-1, ::2], x[-1, -1], x[:, 1], x[None, 1], x[..., 0], x[1::2], x[-2:, 1:-1:2]',
    build: (dtype) => {
      const x = mat(dtype);
      return {
        inputs: [[x, X]],
        outputs: [
          x.get(1),
          x.get('1:3'),
          x.get('::-1', '::2'),
          x.get(-1, -1),
          x.get(':', 1),
          x.get(null, 1),
          x.get('...', 0),
          x.get(T.slice(1, null, 2)),
          x.get('-2:', T.slice(1, -1, 2)),
        ],
        expected: [
          [2, 3.5, 5, 6.5],
          [
            [2, 3.5, 5, 6.5],
            [8, 9.5, 11, 12.5],
          ],
          [
            [8, 11],
            [2, 5],
            [-4, -1],
          ],
          12.5,
          [-2.5, 3.5, 9.5],
          [[2, 3.5, 5, 6.5]],
          [-4, 2, 8],
          [[2, 3.5, 5, 6.5]],
          [[3.5], [9.5]],
        ],
      };
    },
  },
  {
    id: 'indexing.get.symbolic',
    covers: ['get', 'slice'],
    description: 'slices with int scalar variable bounds and steps (i = 1): x[i:, ::-(i+1)], x[i], x[-i:], x[:i+1:i]',
    build: (dtype) => {
      const x = mat(dtype);
      const i = T.lscalar('i');
      return {
        inputs: [
          [x, X],
          [i, 1],
        ],
        outputs: [
          x.get(T.slice(i, null), T.slice(null, null, i.add(1).neg())),
          x.get(i),
          x.get(T.slice(i.neg(), null)),
          x.get(T.slice(null, i.add(1), i)),
        ],
        expected: [
          [
            [6.5, 3.5],
            [12.5, 9.5],
          ],
          [2, 3.5, 5, 6.5],
          [[8, 9.5, 11, 12.5]],
          [
            [-4, -2.5, -1, 0.5],
            [2, 3.5, 5, 6.5],
          ],
        ],
      };
    },
  },
  {
    id: 'indexing.get.advanced',
    covers: ['get'],
    description:
      'int arrays (iv = [2, 0, 2]): x[iv], x[iv, iv], x[:, iv], x[iv, 1:3], x[[[0, 1], [2, -1]]], x3[[1, 0], :, [3, -1]], x3[:, [0, 2], [1, 3]], x3[1, :, [0, 3]]',
    build: (dtype) => {
      const x = mat(dtype);
      const x3 = T.tensor(dtype, [false, false, false], 'x3');
      const iv = T.lvector('iv');
      return {
        inputs: [
          [x, X],
          [x3, X3],
          [iv, IV],
        ],
        outputs: [
          x.get(iv),
          x.get(iv, iv),
          x.get(':', iv),
          x.get(iv, '1:3'),
          x.get([
            [0, 1],
            [2, -1],
          ]),
          x3.get([1, 0], ':', [3, -1]),
          x3.get(':', [0, 2], [1, 3]),
          x3.get(1, ':', [0, 3]),
        ],
        expected: [
          [X[2]!, X[0]!, X[2]!],
          [11, -4, 11],
          [
            [-1, -4, -1],
            [5, 2, 5],
            [11, 8, 11],
          ],
          [
            [9.5, 11],
            [-2.5, -1],
            [9.5, 11],
          ],
          [
            [X[0]!, X[1]!],
            [X[2]!, X[2]!],
          ],
          [
            [15, 19, 23],
            [3, 7, 11],
          ],
          [
            [1, 11],
            [13, 23],
          ],
          [
            [12, 16, 20],
            [15, 19, 23],
          ],
        ],
      };
    },
  },
  {
    id: 'indexing.get.mask',
    covers: ['get', 'nonzero'],
    description: 'boolean masks: x[x > 4] and x[(x > 4).nonzero()]',
    build: (dtype) => {
      const x = mat(dtype);
      const m = x.gt(4);
      return {
        inputs: [[x, X]],
        outputs: [x.get(m), x.get(...m.nonzero())],
        expected: [
          [5, 6.5, 8, 9.5, 11, 12.5],
          [5, 6.5, 8, 9.5, 11, 12.5],
        ],
      };
    },
  },
  {
    id: 'indexing.nonzero',
    covers: ['nonzero', 'argwhere', 'nonzeroValues'],
    description: '(x > 4).nonzero(), T.argwhere(x > 4), T.nonzeroValues(x - 2)',
    build: (dtype) => {
      const x = mat(dtype);
      const [r, c] = T.nonzero(x.gt(4));
      return {
        inputs: [[x, X]],
        outputs: [r!, c!, T.argwhere(x.gt(4)), T.nonzeroValues(x.sub(2))],
        expected: [
          [1, 1, 2, 2, 2, 2],
          [2, 3, 0, 1, 2, 3],
          [
            [1, 2],
            [1, 3],
            [2, 0],
            [2, 1],
            [2, 2],
            [2, 3],
          ],
          [-6, -4.5, -3, -1.5, 1.5, 3, 4.5, 6, 7.5, 9, 10.5],
        ],
        dtypes: ['int64', 'int64', 'int64', dtype],
      };
    },
  },
  {
    id: 'indexing.get.edges',
    covers: ['get'],
    description: 'empty and clamped slices: x[-10::-1], x[5:], x[:, 10:2], x[-10:1], x[2:-10:-1, 3]',
    build: (dtype) => {
      const x = mat(dtype);
      return {
        inputs: [[x, X]],
        outputs: [
          x.get('-10::-1').shape,
          x.get('5:').shape,
          x.get(':', '10:2').shape,
          x.get('-10:1'),
          x.get('2:-10:-1', 3),
        ],
        expected: [[0, 4], [0, 4], [3, 0], [[-4, -2.5, -1, 0.5]], [12.5, 6.5, 0.5]],
        dtypes: ['int64', 'int64', 'int64', dtype, dtype],
      };
    },
  },
  {
    id: 'indexing.get.loss',
    covers: ['get'],
    description: 'the negative log-likelihood -mean(log(p)[rows, y]) with int64 row and class vectors',
    build: (dtype) => {
      const p = mat(dtype);
      const rows = T.lvector('rows');
      const y = T.lvector('y');
      return {
        inputs: [
          [
            p,
            [
              [0.2, 0.5, 0.3],
              [0.6, 0.1, 0.3],
              [0.25, 0.25, 0.5],
            ],
          ],
          [rows, [0, 1, 2]],
          [y, [1, 0, 2]],
        ],
        outputs: [T.mean(T.log(p).get(rows, y)).neg()],
        // numpy: -mean(log(p[[0, 1, 2], [1, 0, 2]]))
        expected: [0.6323733282952938],
      };
    },
  },
  {
    id: 'indexing.setSubtensor',
    covers: ['setSubtensor', 'get'],
    description: 'x[1:3, 1] = 100; x[iv] = [1, 2, 3, 4]; x[iv, 1:3] = 7; x[None, 0] = 9 (each on a copy)',
    build: (dtype) => {
      const x = mat(dtype);
      const iv = T.lvector('iv');
      const row = T.tensor(dtype, [false], 'row');
      return {
        inputs: [
          [x, X],
          [iv, IV],
          [row, [1, 2, 3, 4]],
        ],
        outputs: [
          T.setSubtensor(x.get('1:3', 1), 100),
          T.setSubtensor(x.get(iv), row),
          T.setSubtensor(x.get(iv, '1:3'), 7),
          T.setSubtensor(x.get(null, 0), 9),
        ],
        expected: [
          [
            [-4, -2.5, -1, 0.5],
            [2, 100, 5, 6.5],
            [8, 100, 11, 12.5],
          ],
          [
            [1, 2, 3, 4],
            [2, 3.5, 5, 6.5],
            [1, 2, 3, 4],
          ],
          [
            [-4, 7, 7, 0.5],
            [2, 3.5, 5, 6.5],
            [8, 7, 7, 12.5],
          ],
          [
            [9, 9, 9, 9],
            [2, 3.5, 5, 6.5],
            [8, 9.5, 11, 12.5],
          ],
        ],
      };
    },
  },
  {
    id: 'indexing.incSubtensor',
    covers: ['incSubtensor', 'get'],
    description:
      'repeated indices accumulate (numpy.add.at): x[iv] += 1, x[iv, iv] += [10, 20, 30]; x[::-1] += [1, 2, 3, 4]; x[x > 4] += 100',
    build: (dtype) => {
      const x = mat(dtype);
      const iv = T.lvector('iv');
      const y = T.tensor(dtype, [false], 'y');
      return {
        inputs: [
          [x, X],
          [iv, IV],
          [y, [10, 20, 30]],
        ],
        outputs: [
          T.incSubtensor(x.get(iv), 1),
          T.incSubtensor(x.get(iv, iv), y),
          T.incSubtensor(x.get('::-1'), T.constant([1, 2, 3, 4]).astype(dtype)),
          T.incSubtensor(x.get(x.gt(4)), 100),
        ],
        expected: [
          [
            [-3, -1.5, 0, 1.5],
            [2, 3.5, 5, 6.5],
            [10, 11.5, 13, 14.5],
          ],
          [
            [16, -2.5, -1, 0.5],
            [2, 3.5, 5, 6.5],
            [8, 9.5, 51, 12.5],
          ],
          [
            [-3, -0.5, 2, 4.5],
            [3, 5.5, 8, 10.5],
            [9, 11.5, 14, 16.5],
          ],
          [
            [-4, -2.5, -1, 0.5],
            [2, 3.5, 105, 106.5],
            [108, 109.5, 111, 112.5],
          ],
        ],
      };
    },
  },
  {
    id: 'indexing.take',
    covers: ['take'],
    description: 'numpy.take: along axis 1, flattened (no axis), with an index matrix on axis 0, and axis -1',
    build: (dtype) => {
      const x = mat(dtype);
      const iv = T.lvector('iv');
      return {
        inputs: [
          [x, X],
          [iv, IV],
        ],
        outputs: [
          T.take(x, iv, { axis: 1 }),
          T.take(x, iv),
          x.take(
            [
              [0, 1],
              [2, -1],
            ],
            0,
          ),
          T.take(x, [1, -1], { axis: -1 }),
        ],
        expected: [
          [
            [-1, -4, -1],
            [5, 2, 5],
            [11, 8, 11],
          ],
          [-1, -4, -1],
          [
            [X[0]!, X[1]!],
            [X[2]!, X[2]!],
          ],
          [
            [-2.5, 0.5],
            [3.5, 6.5],
            [9.5, 12.5],
          ],
        ],
      };
    },
  },
];

/** The indexing family's cases. */
export const TENSOR_INDEXING_CASES: readonly TensorCase[] = SPECS.flatMap(tensorCase);
