/**
 * Conformance cases of Theano's variable methods that complete the families: `x.copy()` / `T.copy`,
 * `x.compress(cond, axis)` / `T.compress`, `x.norm(L, axis)` / `T.norm` and `x.searchsorted(v)`; values
 * from numpy or worked by hand.
 */
import * as theano from 'theano-ts';
import { type TensorCase, type TensorCaseSpec, tensorCase } from './tensor-case.js';

const T = theano.tensor;

const M = [
  [1, -2, 3],
  [4, 5, -6],
];

const SPECS: TensorCaseSpec[] = [
  {
    id: 'elemwise.copy',
    covers: ['copy'],
    description: 'x.copy() and T.copy(x, name): the same values, a new (named) variable',
    build: (d) => {
      const m = T.matrix('m', d);
      return {
        inputs: [[m, M]],
        outputs: [m.copy().mul(2), T.copy(m, 'c')],
        expected: [M.map((r) => r.map((v) => 2 * v)), M],
      };
    },
  },
  {
    id: 'indexing.compress',
    covers: ['compress'],
    description: "x.compress(cond, axis) and T.compress(cond, x, axis) as numpy's compress (axis null: flattened)",
    build: (d) => {
      const m = T.matrix('m', d);
      return {
        inputs: [[m, M]],
        // numpy: M.compress([0, 1], 0) = [[4, 5, -6]]; M.compress([1, 0, 1], 1) = [[1, 3], [4, -6]];
        // M.compress([0, 1, 1, 1]) = [-2, 3, 4]
        outputs: [m.compress([0, 1], 0), T.compress([1, 0, 1], m, { axis: 1 }), m.compress([0, 1, 1, 1])],
        expected: [
          [[4, 5, -6]],
          [
            [1, 3],
            [4, -6],
          ],
          [-2, 3, 4],
        ],
      };
    },
  },
  {
    id: 'linalg.norm.method',
    covers: ['norm'],
    description: "x.norm(L, axis) and T.norm: Theano's (sum |x|^L)^(1/L), over all axes or one",
    build: (d) => {
      const m = T.matrix('m', d);
      const v = [
        [3, -4],
        [0, 12],
      ];
      // sqrt(9 + 16 + 144) = 13; L1 over axis 1: [7, 12]; L2 over axis 0 kept: [[3, sqrt(160)]]
      return {
        inputs: [[m, v]],
        outputs: [m.norm(2), T.norm(m, 1, 1), m.norm(2, { axis: 0, keepdims: true })],
        expected: [13, [7, 12], [[3, Math.sqrt(160)]]],
      };
    },
  },
  {
    id: 'sort.searchsorted.method',
    covers: ['searchsorted'],
    description: "x.searchsorted(v, side): numpy's searchsorted on the sorted x, left and right",
    build: (d) => {
      const x = T.vector('x', d);
      // numpy.searchsorted([1, 2, 2, 5], [2, 3, 6]) = [1, 3, 4]; side='right' = [3, 3, 4]
      return {
        inputs: [[x, [1, 2, 2, 5]]],
        outputs: [x.searchsorted([2, 3, 6]), x.searchsorted([2, 3, 6], 'right')],
        expected: [
          [1, 3, 4],
          [3, 3, 4],
        ],
        dtypes: ['int64', 'int64'],
      };
    },
  },
];

/** The cases of the methods above. */
export const TENSOR_METHOD_CASES: readonly TensorCase[] = SPECS.flatMap(tensorCase);
