/** Conformance cases of the tensor module's creation family (`tensor.creation.*`): values from numpy or worked by hand. */
import * as theano from 'theano-ts';
import { type TensorCase, type TensorCaseSpec, tensorCase } from './tensor-case.js';

const T = theano.tensor;

const X34 = [
  [1, 2, 3, 4],
  [5, 6, 7, 8],
  [9, 10, 11, 12],
];
const T234 = Array.from({ length: 2 }, (_, a) =>
  Array.from({ length: 3 }, (_, b) => Array.from({ length: 4 }, (_, c) => a * 12 + b * 4 + c)),
);

const SPECS: TensorCaseSpec[] = [
  {
    id: 'creation.zeros_ones_fill',
    covers: ['zeros', 'ones', 'fill'],
    description: 'zeros/ones of a symbolic shape (x.shape, [n, 3]), fill(x, 7) (int8, as Theano) and int32 zeros',
    build: (dtype) => {
      const x = T.matrix('x', dtype);
      const n = T.lscalar('n');
      return {
        inputs: [
          [
            x,
            [
              [1, 2, 3],
              [4, 5, 6],
            ],
          ],
          [n, 2],
        ],
        outputs: [T.zeros(x.shape, dtype), T.ones([n, 3], { dtype }), T.fill(x, 7), T.zeros([2], 'int32')],
        expected: [
          [
            [0, 0, 0],
            [0, 0, 0],
          ],
          [
            [1, 1, 1],
            [1, 1, 1],
          ],
          [
            [7, 7, 7],
            [7, 7, 7],
          ],
          [0, 0],
        ],
        // fill's dtype is the value's (Theano's second): 7 is an int8 constant
        dtypes: [dtype, dtype, 'int8', 'int32'],
      };
    },
  },
  {
    id: 'creation.alloc_full',
    covers: ['alloc', 'full'],
    description: 'alloc(v, n, 3) broadcasting a vector, alloc of a scalar, full([2, n], 1.5)',
    build: (dtype) => {
      const v = T.vector('v', dtype);
      const n = T.lscalar('n');
      return {
        inputs: [
          [v, [1, 2, 3]],
          [n, 2],
        ],
        outputs: [T.alloc(v, n, 3), T.alloc(v.sum(), 2), T.full([2, n], 1.5, dtype), T.full([3], v.get(2))],
        expected: [
          [
            [1, 2, 3],
            [1, 2, 3],
          ],
          [6, 6],
          [
            [1.5, 1.5],
            [1.5, 1.5],
          ],
          [3, 3, 3],
        ],
      };
    },
  },
  {
    id: 'creation.arange',
    covers: ['arange'],
    description: 'arange(n), arange(1, n, 2), arange(5, 0, -2) (int64) and arange(s, 2, st) in the float dtype',
    build: (dtype) => {
      const n = T.lscalar('n');
      const s = T.scalar('s', dtype);
      const st = T.scalar('st', dtype);
      return {
        inputs: [
          [n, 5],
          [s, 0.5],
          [st, 0.5],
        ],
        outputs: [T.arange(n), T.arange(1, n, 2), T.arange(5, 0, -2), T.arange(s, 2, st)],
        expected: [
          [0, 1, 2, 3, 4],
          [1, 3],
          [5, 3, 1],
          [0.5, 1, 1.5],
        ],
        dtypes: ['int64', 'int64', 'int64', dtype],
      };
    },
  },
  {
    id: 'creation.eye',
    covers: ['eye', 'identityLike'],
    description: 'eye(n, 4, 1), eye(3, { k: -1 }) and identityLike(x) of a 2×3 matrix',
    build: (dtype) => {
      const n = T.lscalar('n');
      const x = T.matrix('x', dtype);
      return {
        inputs: [
          [n, 3],
          [
            x,
            [
              [1, 2, 3],
              [4, 5, 6],
            ],
          ],
        ],
        outputs: [T.eye(n, 4, 1, dtype), T.eye(3, { k: -1, dtype }), T.identityLike(x)],
        expected: [
          [
            [0, 1, 0, 0],
            [0, 0, 1, 0],
            [0, 0, 0, 1],
          ],
          [
            [0, 0, 0],
            [1, 0, 0],
            [0, 1, 0],
          ],
          [
            [1, 0, 0],
            [0, 1, 0],
          ],
        ],
      };
    },
  },
  {
    id: 'creation.tri',
    covers: ['tri', 'tril', 'triu'],
    description: 'tri(3, 4), tri(n, null, -1), tril(x), triu(x, 1), tril(x, -1) of a 3×4 matrix',
    build: (dtype) => {
      const n = T.lscalar('n');
      const x = T.matrix('x', dtype);
      return {
        inputs: [
          [n, 3],
          [x, X34],
        ],
        outputs: [T.tri(3, 4, 0, dtype), T.tri(n, null, -1, dtype), T.tril(x), T.triu(x, 1), T.tril(x, { k: -1 })],
        expected: [
          [
            [1, 0, 0, 0],
            [1, 1, 0, 0],
            [1, 1, 1, 0],
          ],
          [
            [0, 0, 0],
            [1, 0, 0],
            [1, 1, 0],
          ],
          [
            [1, 0, 0, 0],
            [5, 6, 0, 0],
            [9, 10, 11, 0],
          ],
          [
            [0, 2, 3, 4],
            [0, 0, 7, 8],
            [0, 0, 0, 12],
          ],
          [
            [0, 0, 0, 0],
            [5, 0, 0, 0],
            [9, 10, 0, 0],
          ],
        ],
      };
    },
  },
  {
    id: 'creation.diag',
    covers: ['diag'],
    description: 'diag of a vector (k = 1, -2) and of a 3×4 matrix (k = 0, 1, -1, 3, -3)',
    build: (dtype) => {
      const v = T.vector('v', dtype);
      const x = T.matrix('x', dtype);
      return {
        inputs: [
          [v, [1, 2, 3]],
          [x, X34],
        ],
        outputs: [T.diag(v, 1), T.diag(v, -2), T.diag(x), T.diag(x, 1), T.diag(x, -1), T.diag(x, 3), T.diag(x, -3)],
        expected: [
          [
            [0, 1, 0, 0],
            [0, 0, 2, 0],
            [0, 0, 0, 3],
            [0, 0, 0, 0],
          ],
          [
            [0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0],
            [1, 0, 0, 0, 0],
            [0, 2, 0, 0, 0],
            [0, 0, 3, 0, 0],
          ],
          [1, 6, 11],
          [2, 7, 12],
          [5, 10],
          [4],
          [],
        ],
        shapes: [[4, 4], [5, 5], [3], [3], [2], [1], [0]],
      };
    },
  },
  {
    id: 'creation.diagonal',
    covers: ['diagonal'],
    description: 'diagonal of a 2×3×4 tensor over axes (1, 2), (0, 2) and (2, 0) with offsets, and x.diagonal()',
    build: (dtype) => {
      const t = T.tensor3('t', dtype);
      const x = T.matrix('x', dtype);
      return {
        inputs: [
          [t, T234],
          [x, X34],
        ],
        outputs: [T.diagonal(t, 1, 1, 2), T.diagonal(t, { axis2: 2 }), T.diagonal(t, -1, 2, 0), x.diagonal()],
        expected: [
          [
            [1, 6, 11],
            [13, 18, 23],
          ],
          [
            [0, 13],
            [4, 17],
            [8, 21],
          ],
          [
            [1, 14],
            [5, 18],
            [9, 22],
          ],
          [1, 6, 11],
        ],
      };
    },
  },
  {
    id: 'creation.linspace',
    covers: ['linspace'],
    description: 'linspace(a, b, 5), endpoint false, num 1, and linspace(0, 1, 7)',
    build: (dtype) => {
      const a = T.scalar('a', dtype);
      const b = T.scalar('b', dtype);
      return {
        inputs: [
          [a, -1],
          [b, 2],
        ],
        outputs: [
          T.linspace(a, b, 5),
          T.linspace(a, b, 4, false),
          T.linspace(a, b, { num: 1 }),
          T.linspace(0, 1, 7, { dtype }),
        ],
        expected: [
          [-1.0, -0.25, 0.5, 1.25, 2.0],
          [-1.0, -0.25, 0.5, 1.25],
          [-1],
          [0.0, 0.16666666666666666, 0.3333333333333333, 0.5, 0.6666666666666666, 0.8333333333333333, 1.0],
        ],
      };
    },
  },
  {
    id: 'creation.linspace_int',
    covers: ['linspace'],
    description: 'linspace in an integer dtype truncates toward zero, as numpy (0..10 in 4: 0, 3.33, 6.67, 10)',
    dtypes: ['int64', 'int32'],
    build: (dtype) => {
      const a = T.scalar('a', dtype);
      return {
        inputs: [[a, -7]],
        outputs: [T.linspace(0, 10, 4, { dtype }), T.linspace(a, 0, { num: 3, dtype })],
        // numpy: linspace(0, 10, 4, dtype=int) = [0, 3, 6, 10]; linspace(-7, 0, 3) = [-7, -3.5, 0] → [-7, -3, 0]
        expected: [
          [0, 3, 6, 10],
          [-7, -3, 0],
        ],
      };
    },
  },
  {
    id: 'creation.empty',
    covers: ['diag', 'diagonal', 'setSubtensor', 'incSubtensor'],
    description: 'empty arrays: diag of a length-0 vector is 0×0; the diagonal of, and set/inc into, a 0×3 matrix',
    build: (dtype) => {
      const v = T.vector('v', dtype);
      const n = T.lscalar('n');
      const m = T.zeros([n, 3], dtype);
      return {
        inputs: [
          [v, []],
          [n, 0],
        ],
        outputs: [
          T.diag(v).flatten(),
          T.diag(v).shape,
          T.diagonal(m),
          T.setSubtensor(m.get(':', 1), 5).flatten(),
          T.incSubtensor(m.get(':', '1:'), 5).flatten(),
        ],
        expected: [[], [0, 0], [], [], []],
        dtypes: [dtype, 'int64', dtype, dtype, dtype],
        shapes: [[0], [2], [0], [0], [0]],
      };
    },
  },
];

/** The creation family's cases. */
export const TENSOR_CREATION_CASES: readonly TensorCase[] = SPECS.flatMap(tensorCase);
