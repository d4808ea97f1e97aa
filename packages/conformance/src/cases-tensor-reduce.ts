/** Conformance cases of the tensor module's reduce family (`tensor.reduce.*`): values from numpy or worked by hand. */
import type { DType, TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { type TensorCase, type TensorCaseSpec, tensorCase } from './tensor-case.js';

const T = theano.tensor;

const SPECS: TensorCaseSpec[] = [];

/** A matrix input of `dtype`. */
const mat = (dtype: DType, name = 'x'): TensorVariable => T.tensor(dtype, [false, false], name);

/** A float matrix with distinct values, used by several cases. */
const X = [
  [1.5, -2, 3],
  [0.5, 4, -1],
];

SPECS.push({
  id: 'reduce.sum',
  covers: ['sum'],
  description: 'sum over an axis (positional), keepdims (options), and all axes (method)',
  build: (dtype) => {
    const x = mat(dtype);
    return {
      inputs: [[x, X]],
      outputs: [T.sum(x, 1), T.sum(x, { axis: 0, keepdims: true }), x.sum()],
      expected: [[2.5, 3.5], [[2, 2, 2]], 6],
    };
  },
});

SPECS.push({
  id: 'reduce.prod',
  covers: ['prod'],
  description: 'prod over an axis, all axes and with keepdims, zeros included',
  build: (dtype) => {
    const x = mat(dtype);
    return {
      inputs: [
        [
          x,
          [
            [2, 0, 3],
            [-1.5, 4, 0.5],
          ],
        ],
      ],
      outputs: [T.prod(x, 1), x.prod(), T.prod(x, { axis: 0, keepdims: true })],
      expected: [[0, -3], -0, [[-3, 0, 1.5]]],
    };
  },
});

SPECS.push({
  id: 'reduce.prod.int',
  covers: ['prod'],
  description: 'prod of int32 values is int64 (Theano)',
  dtypes: ['int32'],
  build: (dtype) => {
    const x = mat(dtype);
    return {
      inputs: [
        [
          x,
          [
            [2, -3, 4],
            [5, 1, 7],
          ],
        ],
      ],
      outputs: [x.prod(1)],
      expected: [[-24, 35]],
      dtypes: ['int64'],
    };
  },
});

SPECS.push({
  id: 'reduce.mean',
  covers: ['mean'],
  description: 'mean over an axis and over all axes',
  build: (dtype) => {
    const x = mat(dtype);
    return { inputs: [[x, X]], outputs: [T.mean(x, 0), x.mean([0, 1])], expected: [[1, 1, 1], 1] };
  },
});

SPECS.push({
  id: 'reduce.var-std',
  covers: ['var', 'std'],
  description: 'population variance, ddof=1, std of all elements, std with ddof and keepdims (positional)',
  build: (dtype) => {
    const x = mat(dtype);
    return {
      inputs: [[x, X]],
      outputs: [T.var(x, 1), T.var(x, { axis: 0, ddof: 1 }), x.std(), T.std(x, 1, 1, true)],
      expected: [
        [4.388888888888889, 4.388888888888889],
        [0.5, 18, 8],
        2.101586702153082,
        [[2.565800719723442], [2.565800719723442]],
      ],
    };
  },
});

SPECS.push({
  id: 'reduce.max-min',
  covers: ['max', 'min'],
  description: 'max over an axis, min with keepdims (positional), max of all',
  build: (dtype) => {
    const x = mat(dtype);
    return {
      inputs: [[x, X]],
      outputs: [T.max(x, 0), T.min(x, 1, true), x.max()],
      expected: [[1.5, 4, 3], [[-2], [-1]], 4],
    };
  },
});

const TIES = [
  [1, 3, 3],
  [2, 2, 0],
];

SPECS.push({
  id: 'reduce.argmax-argmin',
  covers: ['argmax', 'argmin'],
  description: 'argmax / argmin (int64): ties give the first index; all axes give the flat index; keepdims',
  dtypes: ['float64', 'float32', 'int32'],
  build: (dtype) => {
    const x = mat(dtype);
    return {
      inputs: [[x, TIES]],
      outputs: [T.argmax(x, 1), x.argmin(1), x.argmax(), T.argmin(x, { axis: 0, keepdims: true })],
      expected: [[1, 0], [0, 2], 1, [[0, 1, 1]]],
      dtypes: ['int64', 'int64', 'int64', 'int64'],
    };
  },
});

SPECS.push({
  id: 'reduce.argmax-argmin.nan',
  covers: ['argmax', 'argmin'],
  description: 'argmax / argmin with NaN: the first NaN wins (numpy)',
  build: (dtype) => {
    const x = mat(dtype);
    return {
      inputs: [
        [
          x,
          [
            [1, Number.NaN, 3],
            [Number.NaN, Number.NaN, 0],
            [5, -1, 2],
          ],
        ],
      ],
      outputs: [T.argmax(x, 1), T.argmin(x, 1), T.argmax(x, 0)],
      expected: [
        [1, 0, 0],
        [1, 0, 1],
        [1, 0, 0],
      ],
      dtypes: ['int64', 'int64', 'int64'],
    };
  },
});

SPECS.push({
  id: 'reduce.argmax.axes',
  covers: ['argmax'],
  description: 'argmax over two axes of a tensor3 (the index into the slice flattened in row-major order)',
  build: (dtype) => {
    const y = T.tensor(dtype, [false, false, false], 'y');
    return {
      inputs: [
        [
          y,
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
        ],
      ],
      outputs: [T.argmax(y, [0, 2]), y.argmax(), T.argmax(y, -2)],
      expected: [
        [1, 2],
        5,
        [
          [1, 0, 1],
          [0, 0, 0],
        ],
      ],
      dtypes: ['int64', 'int64', 'int64'],
    };
  },
});

SPECS.push({
  id: 'reduce.maxAndArgmax',
  covers: ['maxAndArgmax'],
  description: 'maxAndArgmax returns [max, argmax]',
  build: (dtype) => {
    const x = mat(dtype);
    const [m, i] = T.maxAndArgmax(x, 1);
    return {
      inputs: [[x, TIES]],
      outputs: [m, i],
      expected: [
        [3, 2],
        [1, 0],
      ],
      dtypes: [dtype, 'int64'],
    };
  },
});

SPECS.push({
  id: 'reduce.all-any',
  covers: ['all', 'any'],
  description: 'all / any (bool) over an axis, all axes and with keepdims; empty-free',
  dtypes: ['float64', 'float32', 'int32'],
  build: (dtype) => {
    const x = mat(dtype);
    const b = [
      [1, 0, 2],
      [3, 4, 5],
    ];
    return {
      inputs: [[x, b]],
      outputs: [T.all(x, 1), x.any(0), x.all(), T.any(T.eq(x, 7)), T.all(x, { axis: 0, keepdims: true })],
      expected: [[false, true], [true, true, true], false, false, [[true, false, true]]],
      dtypes: ['bool', 'bool', 'bool', 'bool', 'bool'],
    };
  },
});

SPECS.push({
  id: 'reduce.all-any.bool',
  covers: ['all', 'any'],
  description: 'all / any of bool values',
  dtypes: ['bool'],
  build: (dtype) => {
    const x = mat(dtype);
    return {
      inputs: [
        [
          x,
          [
            [true, false],
            [true, true],
          ],
        ],
      ],
      outputs: [T.all(x, 0), T.any(x, 1)],
      expected: [
        [true, false],
        [true, true],
      ],
      dtypes: ['bool', 'bool'],
    };
  },
});

const C = [
  [1, 2, 3],
  [4, -1, 0.5],
];

SPECS.push({
  id: 'reduce.cumsum-cumprod',
  covers: ['cumsum', 'cumprod'],
  description: 'cumsum / cumprod along each axis and of the flattened array (axis null)',
  build: (dtype) => {
    const x = mat(dtype);
    return {
      inputs: [[x, C]],
      outputs: [T.cumsum(x, 1), x.cumsum(0), T.cumsum(x), T.cumprod(x, 1), x.cumprod(0), T.cumprod(x, { axis: null })],
      expected: [
        [
          [1, 3, 6],
          [4, 3, 3.5],
        ],
        [
          [1, 2, 3],
          [5, 1, 3.5],
        ],
        [1, 3, 6, 10, 9, 9.5],
        [
          [1, 2, 6],
          [4, -4, -2],
        ],
        [
          [1, 2, 3],
          [4, -2, 1.5],
        ],
        [1, 2, 6, 24, -24, -12],
      ],
    };
  },
});

SPECS.push({
  id: 'reduce.cumsum-cumprod.int',
  covers: ['cumsum', 'cumprod'],
  description: 'cumsum / cumprod of int32 values keep int32 (Theano CumOp), with a zero',
  dtypes: ['int32'],
  build: (dtype) => {
    const x = mat(dtype);
    return {
      inputs: [
        [
          x,
          [
            [1, 2, 3],
            [4, 0, -2],
          ],
        ],
      ],
      outputs: [T.cumsum(x, -1), T.cumprod(x, 0), T.cumprod(x)],
      expected: [
        [
          [1, 3, 6],
          [4, 4, 2],
        ],
        [
          [1, 2, 3],
          [4, 0, -6],
        ],
        [1, 2, 6, 24, 0, 0],
      ],
    };
  },
});

SPECS.push({
  id: 'reduce.diff',
  covers: ['diff'],
  description: 'diff along the last axis (n = 1, 2), along axis 0, and n = 0',
  build: (dtype) => {
    const x = mat(dtype);
    return {
      inputs: [
        [
          x,
          [
            [1, 4, 9, 16],
            [2, -1, 5, 0],
          ],
        ],
      ],
      outputs: [T.diff(x), T.diff(x, 2), T.diff(x, { axis: 0 }), T.diff(x, 0)],
      expected: [
        [
          [3, 5, 7],
          [-3, 6, -5],
        ],
        [
          [2, 2],
          [9, -11],
        ],
        [[1, -5, -4, -16]],
        [
          [1, 4, 9, 16],
          [2, -1, 5, 0],
        ],
      ],
    };
  },
});

SPECS.push({
  id: 'reduce.ptp',
  covers: ['ptp'],
  description: 'ptp (max - min) over an axis, all axes and with keepdims',
  build: (dtype) => {
    const x = mat(dtype);
    return {
      inputs: [[x, X]],
      outputs: [T.ptp(x, 1), x.ptp(), T.ptp(x, { axis: 0, keepdims: true })],
      expected: [[5, 5], 6, [[1, 6, 4]]],
    };
  },
});

SPECS.push({
  id: 'reduce.logsumexp',
  covers: ['logsumexp'],
  description: 'logsumexp over an axis, all axes and with keepdims',
  build: (dtype) => {
    const x = mat(dtype);
    return {
      inputs: [[x, X]],
      outputs: [T.logsumexp(x, 1), T.logsumexp(x), T.logsumexp(x, 0, true)],
      expected: [
        [3.2069069336734133, 4.036269565124779],
        4.398358933882533,
        [[1.8132616875182228, 4.00247568513773, 3.01814992791781]],
      ],
    };
  },
});

const MED = [
  [1.5, -2, 3, 0.5],
  [0.25, 4, -1, 2],
  [3, 3, -0.5, 1],
];

SPECS.push({
  id: 'reduce.median',
  covers: ['median'],
  description: "numpy's median: odd and even counts (the mean of the two middle ones), all axes, keepdims",
  build: (dtype) => {
    const x = mat(dtype);
    return {
      inputs: [[x, MED]],
      outputs: [T.median(x, 1), T.median(x, 0), T.median(x), T.median(x, { axis: 0, keepdims: true })],
      expected: [[1, 1.125, 2], [1.5, 3, -0.5, 1], 1.25, [[1.5, 3, -0.5, 1]]],
    };
  },
});

SPECS.push({
  id: 'reduce.median.axes-nan',
  covers: ['median'],
  description: 'median over two axes of a tensor3, and NaN in a slice gives NaN',
  build: (dtype) => {
    const y = T.tensor(dtype, [false, false, false], 'y');
    const x = mat(dtype);
    return {
      inputs: [
        [
          y,
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
        ],
        [
          x,
          [
            [1, Number.NaN, 3],
            [2, 5, 4],
          ],
        ],
      ],
      outputs: [T.median(y, [0, 2]), T.median(y, [1, 2]), T.median(x, 1)],
      expected: [
        [4.5, 2],
        [5, 3],
        [Number.NaN, 4],
      ],
    };
  },
});

SPECS.push({
  id: 'reduce.median.int',
  covers: ['median'],
  description: 'the median of int32 values is float64 (numpy)',
  dtypes: ['int32'],
  build: (dtype) => {
    const x = mat(dtype);
    return {
      inputs: [
        [
          x,
          [
            [1, 2, 3, 4],
            [7, 5, 6, 8],
          ],
        ],
      ],
      outputs: [T.median(x, 1)],
      expected: [[2.5, 6.5]],
      dtypes: ['float64'],
    };
  },
});

/** The reduce family's cases. */
export const TENSOR_REDUCE_CASES: readonly TensorCase[] = SPECS.flatMap(tensorCase);
