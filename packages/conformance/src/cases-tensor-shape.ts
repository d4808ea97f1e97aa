/** Conformance cases of the tensor module's shape family (`tensor.shape.*`): values from numpy or worked by hand. */
import type { TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { type TensorCase, type TensorCaseSpec, tensorCase } from './tensor-case.js';

const T = theano.tensor;

/** x = arange(1, 7).reshape(2, 3). */
const X = [
  [1, 2, 3],
  [4, 5, 6],
];
/** t = arange(1, 25).reshape(2, 3, 4). */
const T3 = [
  [
    [1, 2, 3, 4],
    [5, 6, 7, 8],
    [9, 10, 11, 12],
  ],
  [
    [13, 14, 15, 16],
    [17, 18, 19, 20],
    [21, 22, 23, 24],
  ],
];
const V7 = [1, 2, 3, 4, 5, 6, 7];

const SPECS: TensorCaseSpec[] = [
  {
    id: 'shape.reshape',
    covers: ['shape', 'shapeI', 'reshape', 'flatten', 'ravel'],
    description:
      'shape, shapeI, x.reshape([3, 2]), T.reshape(t, shape, { ndim }), x.flatten({ ndim: 2 }), T.flatten(t, 2), ravel and x.ravel() (numpy)',
    build: (dtype) => {
      const x = T.matrix('x', dtype);
      const t = T.tensor3('t', dtype);
      const flat2 = [
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        [13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24],
      ];
      const ravel = Array.from({ length: 24 }, (_, i) => i + 1);
      const s = T.lvector('s');
      return [
        {
          inputs: [[x, X]],
          outputs: [T.shape(x), T.shapeI(x, 1), x.reshape([3, 2]), x.reshape([-1])],
          expected: [
            [2, 3],
            3,
            [
              [1, 2],
              [3, 4],
              [5, 6],
            ],
            [1, 2, 3, 4, 5, 6],
          ],
          dtypes: ['int64', 'int64', dtype, dtype],
        },
        {
          inputs: [
            [t, T3],
            [s, [4, 6]],
          ],
          outputs: [
            t.flatten({ ndim: 2 }),
            T.flatten(t, 2),
            T.ravel(t),
            t.ravel(),
            t.flatten(),
            t.reshape(s, { ndim: 2 }).T.T,
            T.reshape(t, s, 2).sum({ axis: 1 }),
          ],
          expected: [
            flat2,
            flat2,
            ravel,
            ravel,
            ravel,
            [
              [1, 2, 3, 4, 5, 6],
              [7, 8, 9, 10, 11, 12],
              [13, 14, 15, 16, 17, 18],
              [19, 20, 21, 22, 23, 24],
            ],
            [21, 57, 93, 129],
          ],
        },
      ];
    },
  },
  {
    id: 'shape.permute',
    covers: ['dimshuffle', 'transpose', 'swapaxes', 'moveaxis'],
    description: "dimshuffle(1, 'x', 0), transpose (reversed and by axes), swapaxes and moveaxis (numpy)",
    build: (dtype) => {
      const x = T.matrix('x', dtype);
      const t = T.tensor3('t', dtype);
      const swap = [
        [
          [1, 13],
          [5, 17],
          [9, 21],
        ],
        [
          [2, 14],
          [6, 18],
          [10, 22],
        ],
        [
          [3, 15],
          [7, 19],
          [11, 23],
        ],
        [
          [4, 16],
          [8, 20],
          [12, 24],
        ],
      ];
      const move = [
        [
          [1, 13],
          [2, 14],
          [3, 15],
          [4, 16],
        ],
        [
          [5, 17],
          [6, 18],
          [7, 19],
          [8, 20],
        ],
        [
          [9, 21],
          [10, 22],
          [11, 23],
          [12, 24],
        ],
      ];
      return [
        {
          inputs: [[x, X]],
          outputs: [x.dimshuffle(1, 'x', 0), T.dimshuffle(x, [1, 0]), T.transpose(x), x.transpose(1, 0)],
          expected: [
            [[[1, 4]], [[2, 5]], [[3, 6]]],
            [
              [1, 4],
              [2, 5],
              [3, 6],
            ],
            [
              [1, 4],
              [2, 5],
              [3, 6],
            ],
            [
              [1, 4],
              [2, 5],
              [3, 6],
            ],
          ],
        },
        {
          inputs: [[t, T3]],
          outputs: [
            T.swapaxes(t, 0, 2),
            t.swapaxes(-1, 0),
            T.moveaxis(t, 0, -1),
            T.moveaxis(t, [0, 1], [2, 0]),
            T.transpose(t, [1, 0, 2]),
          ],
          expected: [
            swap,
            swap,
            move,
            move,
            [
              [
                [1, 2, 3, 4],
                [13, 14, 15, 16],
              ],
              [
                [5, 6, 7, 8],
                [17, 18, 19, 20],
              ],
              [
                [9, 10, 11, 12],
                [21, 22, 23, 24],
              ],
            ],
          ],
        },
      ];
    },
  },
  {
    id: 'shape.pad',
    covers: [
      'shapePadleft',
      'shapePadright',
      'shapePadaxis',
      'expandDims',
      'squeeze',
      'addbroadcast',
      'unbroadcast',
      'patternbroadcast',
    ],
    description:
      'shapePadleft/right/axis and expandDims add size-1 dimensions; squeeze drops them (every broadcastable one, or the given axis checked at run time); addbroadcast, unbroadcast and patternbroadcast change only the type (numpy values)',
    build: (dtype) => {
      const v = T.vector('v', dtype);
      const c = T.matrix('c', dtype); // a (3, 1) value given to a matrix: squeezing axis 1 is checked at run time
      const r = T.row('r', dtype);
      const ab = T.addbroadcast(c, 1);
      return [
        {
          inputs: [[v, [1, 2, 3]]],
          outputs: [
            T.shapePadleft(v, 2),
            T.shapePadright(v),
            T.shapePadaxis(v, 1),
            T.expandDims(v, 0),
            T.expandDims(v, [0, 2]),
          ],
          expected: [[[[1, 2, 3]]], [[1], [2], [3]], [[1], [2], [3]], [[1, 2, 3]], [[[1], [2], [3]]]],
        },
        {
          inputs: [
            [c, [[1], [2], [3]]],
            [r, [[4, 5]]],
          ],
          outputs: [
            T.squeeze(c, 1),
            c.squeeze({ axis: -1 }),
            T.squeeze(r),
            r.squeeze(),
            ab.add(ab),
            T.unbroadcast(r, 0).mul(2),
            T.patternbroadcast(c, [false, true]).add(r.dimshuffle(1, 0).sum({ axis: 0, keepdims: true })),
          ],
          expected: [[1, 2, 3], [1, 2, 3], [4, 5], [4, 5], [[2], [4], [6]], [[8, 10]], [[10], [11], [12]]],
        },
      ];
    },
  },
  {
    id: 'shape.broadcastTo',
    covers: ['broadcastTo'],
    description:
      'broadcastTo([1, 2, 3], [2, 2, 3]) and a column stretched to (2, 4), the shape given as numbers and as a symbolic size (numpy)',
    build: (dtype) => {
      const v = T.vector('v', dtype);
      const c = T.col('c', dtype);
      const n = T.lscalar('n');
      return {
        inputs: [
          [v, [1, 2, 3]],
          [c, [[1], [2]]],
          [n, 4],
        ],
        outputs: [T.broadcastTo(v, [2, 2, 3]), T.broadcastTo(c, [2, n])],
        expected: [
          [
            [
              [1, 2, 3],
              [1, 2, 3],
            ],
            [
              [1, 2, 3],
              [1, 2, 3],
            ],
          ],
          [
            [1, 1, 1, 1],
            [2, 2, 2, 2],
          ],
        ],
      };
    },
  },
  {
    id: 'shape.join',
    covers: ['join', 'concatenate', 'stack'],
    description:
      'join(0, x, y), join(1, ...) and join(k, ...) with a symbolic axis, concatenate with { axis }, stack along axes 0, 1 and -1 (numpy)',
    build: (dtype) => {
      const x = T.matrix('x', dtype);
      const y = T.matrix('y', dtype);
      const s = T.scalar('s', dtype);
      const k = T.lscalar('k');
      const joined0 = [
        [1, 2, 3],
        [4, 5, 6],
        [10, 20, 30],
      ];
      return [
        {
          inputs: [
            [x, X],
            [y, [[10, 20, 30]]],
          ],
          outputs: [
            T.join(0, x, y),
            T.concatenate([x, y]),
            T.join(1, x, x.mul(2)),
            T.concatenate([x, x.mul(2)], { axis: -1 }),
          ],
          expected: [
            joined0,
            joined0,
            [
              [1, 2, 3, 2, 4, 6],
              [4, 5, 6, 8, 10, 12],
            ],
            [
              [1, 2, 3, 2, 4, 6],
              [4, 5, 6, 8, 10, 12],
            ],
          ],
        },
        {
          inputs: [
            [x, X],
            [k, -1],
          ],
          outputs: [T.join(k, x, x.mul(2)), T.concatenate([x, x], k)],
          expected: [
            [
              [1, 2, 3, 2, 4, 6],
              [4, 5, 6, 8, 10, 12],
            ],
            [
              [1, 2, 3, 1, 2, 3],
              [4, 5, 6, 4, 5, 6],
            ],
          ],
        },
        {
          inputs: [
            [x, X],
            [s, 7],
          ],
          outputs: [
            T.stack([x, x.add(10)]),
            T.stack([x, x.add(10)], 1),
            T.stack([x, x.add(10)], { axis: -1 }),
            T.stack([s, s.mul(2), s]),
          ],
          expected: [
            [
              [
                [1, 2, 3],
                [4, 5, 6],
              ],
              [
                [11, 12, 13],
                [14, 15, 16],
              ],
            ],
            [
              [
                [1, 2, 3],
                [11, 12, 13],
              ],
              [
                [4, 5, 6],
                [14, 15, 16],
              ],
            ],
            [
              [
                [1, 11],
                [2, 12],
                [3, 13],
              ],
              [
                [4, 14],
                [5, 15],
                [6, 16],
              ],
            ],
            [7, 14, 7],
          ],
        },
      ];
    },
  },
  {
    id: 'shape.split',
    covers: ['split'],
    description:
      'split(v, [2, 3, 2], 3) and split(t, sizes, 3, { axis: 1 }) with a symbolic size vector and an empty piece (numpy)',
    build: (dtype) => {
      const v = T.vector('v', dtype);
      const t = T.tensor3('t', dtype);
      const sizes = T.lvector('sizes');
      const [a, b, c] = T.split(v, [2, 3, 2], 3);
      const [p, q, r] = T.split(t, sizes, 3, { axis: 1 });
      return [
        {
          inputs: [[v, V7]],
          outputs: [a!, b!, c!],
          expected: [
            [1, 2],
            [3, 4, 5],
            [6, 7],
          ],
        },
        {
          inputs: [
            [t, T3],
            [sizes, [1, 2, 0]],
          ],
          outputs: [p!, q!, T.shape(r!)],
          expected: [
            [[[1, 2, 3, 4]], [[13, 14, 15, 16]]],
            [
              [
                [5, 6, 7, 8],
                [9, 10, 11, 12],
              ],
              [
                [17, 18, 19, 20],
                [21, 22, 23, 24],
              ],
            ],
            [2, 0, 4],
          ],
          dtypes: [dtype, dtype, 'int64'],
        },
      ];
    },
  },
  {
    id: 'shape.tile',
    covers: ['tile'],
    description:
      'tile(x, [2, 2]), tile(x, 2), tile(v, [2, 1, 3]) (reps longer than the rank) and a symbolic rep (numpy)',
    build: (dtype) => {
      const x = T.matrix('x', dtype);
      const v = T.vector('v', dtype);
      const k = T.lscalar('k');
      const twice = [
        [1, 2, 3, 1, 2, 3],
        [4, 5, 6, 4, 5, 6],
      ];
      return {
        inputs: [
          [x, X],
          [v, [1, 2]],
          [k, 2],
        ],
        outputs: [T.tile(x, [2, 2]), T.tile(x, 2), T.tile(v, [2, 1, 3]), T.tile(x, [1, k])],
        expected: [[...twice, ...twice], twice, [[[1, 2, 1, 2, 1, 2]], [[1, 2, 1, 2, 1, 2]]], twice],
      };
    },
  },
  {
    id: 'shape.repeat',
    covers: ['repeat'],
    description:
      'repeat with a scalar count, a vector of counts (a 0 included), no axis (flattened) and a symbolic count (numpy)',
    build: (dtype) => {
      const x = T.matrix('x', dtype);
      const k = T.lscalar('k');
      return {
        inputs: [
          [x, X],
          [k, 2],
        ],
        outputs: [
          T.repeat(x, 2, 1),
          x.repeat([1, 0, 3], { axis: 1 }),
          T.repeat(x, 2),
          x.repeat([2, 1], 0),
          T.repeat(x, k, { axis: 1 }),
        ],
        expected: [
          [
            [1, 1, 2, 2, 3, 3],
            [4, 4, 5, 5, 6, 6],
          ],
          [
            [1, 3, 3, 3],
            [4, 6, 6, 6],
          ],
          [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6],
          [
            [1, 2, 3],
            [1, 2, 3],
            [4, 5, 6],
          ],
          [
            [1, 1, 2, 2, 3, 3],
            [4, 4, 5, 5, 6, 6],
          ],
        ],
      };
    },
  },
  {
    id: 'shape.rollFlip',
    covers: ['roll', 'flip'],
    description:
      'roll by 2, -3, a symbolic shift, along an axis, over the flattened tensor and along two axes; flip over every axis, one and two (numpy)',
    build: (dtype) => {
      const v = T.vector('v', dtype);
      const x = T.matrix('x', dtype);
      const t = T.tensor3('t', dtype);
      const k = T.lscalar('k');
      return [
        {
          inputs: [
            [v, V7],
            [x, X],
            [k, -3],
          ],
          outputs: [T.roll(v, 2), T.roll(v, -3), T.roll(v, k), T.roll(x, 4), T.roll(v, 9)],
          expected: [
            [6, 7, 1, 2, 3, 4, 5],
            [4, 5, 6, 7, 1, 2, 3],
            [4, 5, 6, 7, 1, 2, 3],
            [
              [3, 4, 5],
              [6, 1, 2],
            ],
            [6, 7, 1, 2, 3, 4, 5],
          ],
        },
        {
          inputs: [[t, T3]],
          outputs: [
            T.roll(t, 1, 2),
            T.roll(t, [1, -1], { axis: [0, 2] }),
            T.flip(t),
            T.flip(t, 1),
            T.flip(t, { axis: [0, 2] }),
          ],
          expected: [
            [
              [
                [4, 1, 2, 3],
                [8, 5, 6, 7],
                [12, 9, 10, 11],
              ],
              [
                [16, 13, 14, 15],
                [20, 17, 18, 19],
                [24, 21, 22, 23],
              ],
            ],
            [
              [
                [14, 15, 16, 13],
                [18, 19, 20, 17],
                [22, 23, 24, 21],
              ],
              [
                [2, 3, 4, 1],
                [6, 7, 8, 5],
                [10, 11, 12, 9],
              ],
            ],
            [
              [
                [24, 23, 22, 21],
                [20, 19, 18, 17],
                [16, 15, 14, 13],
              ],
              [
                [12, 11, 10, 9],
                [8, 7, 6, 5],
                [4, 3, 2, 1],
              ],
            ],
            [
              [
                [9, 10, 11, 12],
                [5, 6, 7, 8],
                [1, 2, 3, 4],
              ],
              [
                [21, 22, 23, 24],
                [17, 18, 19, 20],
                [13, 14, 15, 16],
              ],
            ],
            [
              [
                [16, 15, 14, 13],
                [20, 19, 18, 17],
                [24, 23, 22, 21],
              ],
              [
                [4, 3, 2, 1],
                [8, 7, 6, 5],
                [12, 11, 10, 9],
              ],
            ],
          ],
        },
      ];
    },
  },
  {
    id: 'shape.choose',
    covers: ['choose'],
    description:
      'choose(a, [matrix, vector, column]) broadcast together, and choose(i, m) with the choices as the rows of a (3, ?) matrix (numpy)',
    build: (dtype) => {
      const a = T.lmatrix('a');
      const c0 = T.matrix('c0', dtype);
      const c1 = T.vector('c1', dtype);
      const c2 = T.col('c2', dtype);
      const i = T.lvector('i');
      const m3 = T.TensorType.fromShape(dtype, [3, null]).make('m');
      return {
        inputs: [
          [
            a,
            [
              [0, 1, 2],
              [2, 1, 0],
            ],
          ],
          [c0, X],
          [c1, [10, 20, 30]],
          [c2, [[-1], [-2]]],
          [i, [2, 0]],
          [
            m3,
            [
              [1, 2],
              [3, 4],
              [5, 6],
            ],
          ],
        ],
        outputs: [T.choose(a, [c0, c1, c2]), T.choose(i, m3)],
        expected: [
          [
            [1, 20, -1],
            [-2, 20, 6],
          ],
          [5, 2],
        ],
      };
    },
  },
  {
    id: 'shape.choose_modes',
    covers: ['choose'],
    description: "choose with mode 'wrap' (index mod 3) and 'clip' (index clamped to [0, 2]), as numpy",
    build: (dtype) => {
      const i = T.lvector('i');
      const c = [10, 20, 30].map((v) => T.constant(v, { dtype }));
      return {
        inputs: [[i, [-4, -1, 0, 3, 5]]],
        outputs: [T.choose(i, c, { mode: 'wrap' }), T.choose(i, c, 'clip')],
        // numpy: np.choose([-4, -1, 0, 3, 5], [10, 20, 30], mode='wrap') = [30, 30, 10, 10, 30];
        // mode='clip' = [10, 10, 10, 30, 30]
        expected: [
          [30, 30, 10, 10, 30],
          [10, 10, 10, 30, 30],
        ],
      };
    },
  },
  {
    id: 'shape.stacklists',
    covers: ['stacklists'],
    description: 'stacklists([[a, b], [c, d]]) of scalars gives a 2×2 matrix (Theano)',
    build: (dtype) => {
      const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => T.scalar(n, dtype)) as [
        TensorVariable,
        TensorVariable,
        TensorVariable,
        TensorVariable,
      ];
      return {
        inputs: [
          [a, 1],
          [b, 2],
          [c, 3],
          [d, 4],
        ],
        outputs: [
          T.stacklists([
            [a, b],
            [c, d],
          ]),
          T.stacklists([a, b.mul(10)]),
        ],
        expected: [
          [
            [1, 2],
            [3, 4],
          ],
          [1, 20],
        ],
      };
    },
  },
];

/** The shape family's cases. */
export const TENSOR_SHAPE_CASES: readonly TensorCase[] = SPECS.flatMap(tensorCase);
