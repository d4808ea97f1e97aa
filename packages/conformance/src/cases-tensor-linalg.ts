/** Conformance cases of the tensor module's linalg family (`tensor.linalg.*`): values from numpy or worked by hand. */
import type { TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { type TensorCase, type TensorCaseSpec, tensorCase } from './tensor-case.js';

const T = theano.tensor;
const NL = T.nlinalg;
const SL = T.slinalg;

/** A general 3×3 matrix (det 24, complex eigenvalues) and a right-hand side. */
const B = [
  [2, -1, 0],
  [1, 3, 1],
  [0, 2, 4],
];
/** A symmetric positive definite 3×3 matrix. */
const A = [
  [4, 1, 2],
  [1, 3, 0.5],
  [2, 0.5, 5],
];
/** A 3×2 matrix of full rank. */
const M32 = [
  [1, 2],
  [3, 4],
  [5, 7],
];

const SPECS: TensorCaseSpec[] = [];

SPECS.push({
  id: 'linalg.dot',
  covers: ['dot'],
  description: 'dot: matrix·vector and matrix·matrix',
  build: (dtype) => {
    const x = T.matrix('x', dtype);
    const v = T.vector('v', dtype);
    const m = T.matrix('m', dtype);
    return {
      inputs: [
        [x, B],
        [v, [1, 2, 3]],
        [m, M32],
      ],
      outputs: [T.dot(x, v), T.dot(x, m)],
      expected: [
        [0, 10, 16],
        [
          [-1, 0],
          [15, 21],
          [26, 36],
        ],
      ],
    };
  },
});

SPECS.push({
  id: 'linalg.dot.nd',
  covers: ['dot'],
  description:
    "dot above 2 dimensions: numpy's rule, a's last axis against b's second-to-last (3-d·2-d, 3-d·3-d, 1-d·3-d)",
  build: (dtype) => {
    const a = T.tensor3('a', dtype);
    const b = T.matrix('b', dtype);
    const c = T.tensor3('c', dtype);
    const v = T.vector('v', dtype);
    const av = [
      [
        [-5, -4, -3],
        [-2, -1, 0],
      ],
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ];
    // c = arange(24).reshape(2, 3, 4) / 4 - 1
    const cv = [0, 1].map((i) => [0, 1, 2].map((j) => [0, 1, 2, 3].map((k) => (12 * i + 4 * j + k) / 4 - 1)));
    return {
      inputs: [
        [a, av],
        [
          b,
          [
            [1, 2],
            [3, -1],
            [0, 2],
          ],
        ],
        [c, cv],
        [v, [1, -2, 3]],
      ],
      outputs: [T.dot(a, b), a.dot(c), T.dot(v, c)],
      // numpy np.dot
      expected: [
        [
          [
            [-17, -12],
            [-5, -3],
          ],
          [
            [7, 6],
            [19, 15],
          ],
        ],
        [
          [
            [
              [2, -1, -4, -7],
              [-34, -37, -40, -43],
            ],
            [
              [2, 1.25, 0.5, -0.25],
              [-7, -7.75, -8.5, -9.25],
            ],
          ],
          [
            [
              [2, 3.5, 5, 6.5],
              [20, 21.5, 23, 24.5],
            ],
            [
              [2, 5.75, 9.5, 13.25],
              [47, 50.75, 54.5, 58.25],
            ],
          ],
        ],
        [
          [2, 2.5, 3, 3.5],
          [8, 8.5, 9, 9.5],
        ],
      ],
    };
  },
});

SPECS.push({
  id: 'linalg.outer',
  covers: ['outer'],
  description: 'outer: a (2,3) and a (2,2) operand are flattened first',
  build: (dtype) => {
    const x = T.matrix('x', dtype);
    const y = T.matrix('y', dtype);
    return {
      inputs: [
        [
          x,
          [
            [-2, -1, 0],
            [1, 2, 3],
          ],
        ],
        [
          y,
          [
            [1, 2],
            [0, -1],
          ],
        ],
      ],
      outputs: [T.outer(x, y)],
      expected: [
        [
          [-2, -4, 0, 2],
          [-1, -2, 0, 1],
          [0, 0, 0, 0],
          [1, 2, 0, -1],
          [2, 4, 0, -2],
          [3, 6, 0, -3],
        ],
      ],
    };
  },
});

/** numpy.arange(n) reshaped, scaled and shifted, as nested arrays. */
function ar(shape: readonly number[], scale = 1, shift = 0): unknown {
  const total = shape.reduce((p, d) => p * d, 1);
  const flat = Array.from({ length: total }, (_, i) => i * scale + shift);
  const nest = (off: number, dims: readonly number[]): unknown => {
    if (dims.length === 0) return flat[off];
    const step = dims.slice(1).reduce((p, d) => p * d, 1);
    return Array.from({ length: dims[0]! }, (_, i) => nest(off + i * step, dims.slice(1)));
  };
  return nest(0, shape);
}

SPECS.push({
  id: 'linalg.tensordot',
  covers: ['tensordot'],
  description: 'tensordot: axes as a pair of lists, as an integer, and two summed axes in swapped order',
  build: (dtype) => {
    const a = T.tensor3('a', dtype);
    const b = T.matrix('b', dtype);
    const c = T.matrix('c', dtype);
    const d = T.matrix('d', dtype);
    return {
      inputs: [
        [a, ar([2, 3, 4], 0.25, -1)],
        [b, ar([4, 3], 1 / 3, -1)],
        [c, ar([3, 4], 0.5, -2)],
        [d, ar([2, 3])],
      ],
      outputs: [
        T.tensordot(a, b, [[2], [0]]),
        T.tensordot(a, c, 2),
        T.tensordot(a, d, {
          axes: [
            [1, 0],
            [1, 0],
          ],
        }),
      ],
      expected: [
        [
          [
            [0.0, -0.8333333333333333, -1.6666666666666665],
            [2.0, 2.5, 3.0],
            [4.0, 5.833333333333334, 7.666666666666666],
          ],
          [
            [6.0, 9.166666666666668, 12.333333333333332],
            [8.0, 12.5, 17.0],
            [10.0, 15.833333333333334, 21.666666666666664],
          ],
        ],
        [21.25, 48.25],
        [40.0, 43.75, 47.5, 51.25],
      ],
    };
  },
});

SPECS.push({
  id: 'linalg.batchedDot',
  covers: ['batchedDot'],
  description: 'batchedDot: 3-D·3-D, 3-D·2-D (a vector per batch) and 2-D·2-D',
  build: (dtype) => {
    const p = T.tensor3('p', dtype);
    const q = T.tensor3('q', dtype);
    const v = T.matrix('v', dtype);
    const w = T.matrix('w', dtype);
    return {
      inputs: [
        [p, ar([2, 2, 3], 1, -5)],
        [q, ar([2, 3, 2], 0.5)],
        [
          v,
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
        ],
        [
          w,
          [
            [2, 3, 4],
            [5, 6, 7],
          ],
        ],
      ],
      outputs: [T.batchedDot(p, q), T.batchedDot(p, v), T.batchedDot(v, w)],
      expected: [
        [
          [
            [-10.0, -16.0],
            [-1.0, -2.5],
          ],
          [
            [26.0, 29.0],
            [62.0, 69.5],
          ],
        ],
        [
          [-22.0, -4.0],
          [32.0, 77.0],
        ],
        [20.0, 92.0],
      ],
    };
  },
});

SPECS.push({
  id: 'linalg.batchedTensordot',
  covers: ['batchedTensordot'],
  description: "batchedTensordot: (2,3,4) and (2,5,3) summed over x's axis 1 and y's axis 2",
  build: (dtype) => {
    const e = T.tensor3('e', dtype);
    const f = T.tensor3('f', dtype);
    return {
      inputs: [
        [e, ar([2, 3, 4], 0.2)],
        [f, ar([2, 5, 3], 1 / 7, -1)],
      ],
      outputs: [T.batchedTensordot(e, f, [[1], [2]])],
      expected: [
        [
          [
            [-1.8285714285714287, -0.8, 0.22857142857142848, 1.2571428571428571, 2.285714285714286],
            [-2.342857142857143, -1.0571428571428572, 0.22857142857142848, 1.5142857142857142, 2.8],
            [-2.8571428571428577, -1.3142857142857143, 0.22857142857142843, 1.7714285714285714, 3.3142857142857145],
            [-3.3714285714285714, -1.5714285714285714, 0.22857142857142843, 2.0285714285714285, 3.8285714285714287],
          ],
          [
            [12.57142857142857, 16.685714285714287, 20.8, 24.914285714285715, 29.028571428571432],
            [13.342857142857142, 17.714285714285715, 22.085714285714285, 26.457142857142856, 30.82857142857143],
            [14.114285714285714, 18.742857142857147, 23.37142857142857, 28.0, 32.62857142857143],
            [14.885714285714283, 19.771428571428572, 24.657142857142855, 29.542857142857144, 34.42857142857142],
          ],
        ],
      ],
    };
  },
});

SPECS.push({
  id: 'linalg.matmul',
  covers: ['matmul'],
  description: 'matmul: a stack times a matrix, broadcast batch axes (2,1,2,3)·(3,3,2), and vector operands',
  build: (dtype) => {
    const m1 = T.tensor3('m1', dtype);
    const m2 = T.matrix('m2', dtype);
    const m3 = T.tensor(dtype, [false, true, false, false], 'm3');
    const m4 = T.tensor3('m4', dtype);
    const v = T.vector('v', dtype);
    const u = T.vector('u', dtype);
    return {
      inputs: [
        [m1, ar([2, 2, 3], 1, -3)],
        [m2, ar([3, 2], 0.5)],
        [m3, ar([2, 1, 2, 3], 1 / 3)],
        [m4, ar([3, 3, 2], 1, -8)],
        [v, [1, -1, 2]],
        [u, [1, 2]],
      ],
      outputs: [T.matmul(m1, m2), T.matmul(m3, m4), T.matmul(m1, v), T.matmul(u, m1)],
      expected: [
        [
          [
            [-4.0, -7.0],
            [5.0, 6.5],
          ],
          [
            [14.0, 20.0],
            [23.0, 33.5],
          ],
        ],
        [
          [
            [
              [-4.666666666666666, -3.6666666666666665],
              [-22.666666666666668, -18.666666666666668],
            ],
            [
              [1.3333333333333333, 2.333333333333333],
              [1.3333333333333335, 5.333333333333334],
            ],
            [
              [7.333333333333333, 8.333333333333332],
              [25.333333333333336, 29.333333333333332],
            ],
          ],
          [
            [
              [-40.666666666666664, -33.666666666666664],
              [-58.666666666666664, -48.666666666666664],
            ],
            [
              [1.333333333333333, 8.333333333333332],
              [1.333333333333333, 11.333333333333332],
            ],
            [
              [43.33333333333333, 50.333333333333336],
              [61.33333333333333, 71.33333333333333],
            ],
          ],
        ],
        [
          [-3.0, 3.0],
          [9.0, 15.0],
        ],
        [
          [-3.0, 0.0, 3.0],
          [15.0, 18.0, 21.0],
        ],
      ],
    };
  },
});

SPECS.push({
  id: 'linalg.trace',
  covers: ['nlinalg.trace'],
  description: 'nlinalg.trace of a square and a non-square matrix, and the method',
  build: (dtype) => {
    const x = T.matrix('x', dtype);
    const m = T.matrix('m', dtype);
    return {
      inputs: [
        [x, B],
        [m, M32],
      ],
      outputs: [NL.trace(x), m.trace()],
      expected: [9, 5],
    };
  },
});

SPECS.push({
  id: 'linalg.det',
  covers: ['nlinalg.det'],
  description: 'nlinalg.det of a 3×3 matrix (24) and of a row swap of it (-24)',
  build: (dtype) => {
    const x = T.matrix('x', dtype);
    const y = T.matrix('y', dtype);
    return {
      inputs: [
        [x, B],
        [y, [B[1], B[0], B[2]]],
      ],
      outputs: [NL.det(x), NL.det(y)],
      expected: [24, -24],
    };
  },
});

SPECS.push({
  id: 'linalg.matrixInverse',
  covers: ['nlinalg.matrixInverse'],
  description: 'nlinalg.matrixInverse of a 3×3 matrix',
  build: (dtype) => {
    const x = T.matrix('x', dtype);
    return {
      inputs: [[x, B]],
      outputs: [NL.matrixInverse(x)],
      expected: [
        [
          [0.4166666666666667, 0.16666666666666663, -0.04166666666666666],
          [-0.16666666666666663, 0.33333333333333326, -0.08333333333333331],
          [0.08333333333333331, -0.16666666666666663, 0.29166666666666663],
        ],
      ],
    };
  },
});

SPECS.push({
  id: 'linalg.solve',
  covers: ['slinalg.solve'],
  description: 'slinalg.solve with a vector and a matrix right-hand side',
  build: (dtype) => {
    const x = T.matrix('x', dtype);
    const b = T.vector('b', dtype);
    const c = T.matrix('c', dtype);
    return {
      inputs: [
        [x, B],
        [b, [1, 2, 3]],
        [
          c,
          [
            [1, 0],
            [2, 1],
            [0, 3],
          ],
        ],
      ],
      outputs: [SL.solve(x, b), SL.solve(x, c)],
      expected: [
        [0.625, 0.25000000000000006, 0.6249999999999999],
        [
          [0.75, 0.04166666666666666],
          [0.5, 0.08333333333333331],
          [-0.24999999999999994, 0.7083333333333334],
        ],
      ],
    };
  },
});

SPECS.push({
  id: 'linalg.solveTriangular',
  covers: ['slinalg.solveTriangular'],
  description: 'slinalg.solveTriangular reading the lower triangle, the upper one, and the lower one transposed',
  build: (dtype) => {
    const x = T.matrix('x', dtype);
    const b = T.vector('b', dtype);
    return {
      inputs: [
        [x, B],
        [b, [1, 2, 3]],
      ],
      outputs: [
        SL.solveTriangular(x, b, { lower: true }),
        SL.solveTriangular(x, b),
        SL.solveTriangular(x, b, { trans: 1, lower: true }),
      ],
      expected: [
        [0.5, 0.5, 0.5],
        [0.7083333333333334, 0.4166666666666667, 0.75],
        [0.4166666666666667, 0.16666666666666666, 0.75],
      ],
    };
  },
});

SPECS.push({
  id: 'linalg.cholesky',
  covers: ['slinalg.cholesky'],
  description: 'slinalg.cholesky: the lower and the upper factor',
  build: (dtype) => {
    const x = T.matrix('x', dtype);
    const L = [
      [2.0, 0.0, 0.0],
      [0.5, 1.6583123951777, 0.0],
      [1.0, 0.0, 2.0],
    ];
    return {
      inputs: [[x, A]],
      outputs: [SL.cholesky(x), SL.cholesky(x, { lower: false })],
      expected: [L, L[0]!.map((_, j) => L.map((row) => row[j]!))],
    };
  },
});

SPECS.push({
  id: 'linalg.cholesky.triangle',
  covers: ['slinalg.cholesky'],
  description:
    "slinalg.cholesky of a non-symmetric matrix: the lower factor reads its lower triangle, the upper factor its upper triangle (scipy's)",
  build: (dtype) => {
    const x = T.matrix('x', dtype);
    return {
      inputs: [
        [
          x,
          [
            [4, 1, 2],
            [0.5, 3, 0.3],
            [1, -0.2, 5],
          ],
        ],
      ],
      outputs: [SL.cholesky(x), SL.cholesky(x, false)],
      // scipy.linalg.cholesky(a, lower=True) and (a, lower=False)
      expected: [
        [
          [2, 0, 0],
          [0.25, 1.713913650100261, 0],
          [0.5, -0.18962448894726294, 2.1711845967562247],
        ],
        [
          [2, 0.5, 1],
          [0, 1.6583123951777, -0.12060453783110546],
          [0, 0, 1.996360324554299],
        ],
      ],
    };
  },
});

SPECS.push({
  id: 'linalg.norm',
  covers: ['nlinalg.norm'],
  description: "nlinalg.norm of a vector (null, 'inf', '-inf', 0, 1, 3) and a matrix (null, 'inf', '-inf', 1, -1)",
  build: (dtype) => {
    const v = T.vector('v', dtype);
    const m = T.matrix('m', dtype);
    return {
      inputs: [
        [v, [3, -4, 1, 0]],
        [
          m,
          [
            [1, -2, 3],
            [-4, 5, -6],
          ],
        ],
      ],
      outputs: [
        NL.norm(v),
        NL.norm(v, 'inf'),
        NL.norm(v, '-inf'),
        NL.norm(v, 0),
        NL.norm(v, 1),
        NL.norm(v, { ord: 3 }),
        NL.norm(m, null),
        NL.norm(m, 'inf'),
        NL.norm(m, Number.NEGATIVE_INFINITY),
        NL.norm(m, 1),
        NL.norm(m, -1),
      ],
      expected: [5.0990195135927845, 4, 0, 3, 8, 4.514357435474001, 9.539392014169456, 15, 6, 9, 5],
    };
  },
});

SPECS.push({
  id: 'linalg.kron',
  covers: ['nlinalg.kron'],
  description: 'nlinalg.kron of two matrices, and of a vector and a matrix',
  build: (dtype) => {
    const a = T.matrix('a', dtype);
    const b = T.matrix('b', dtype);
    const v = T.vector('v', dtype);
    return {
      inputs: [
        [
          a,
          [
            [1, 2],
            [3, 4],
          ],
        ],
        [
          b,
          [
            [0, 5],
            [6, 7],
          ],
        ],
        [v, [1, 2]],
      ],
      outputs: [NL.kron(a, b), SL.kron(v, a)],
      expected: [
        [
          [0, 5, 0, 10],
          [6, 7, 12, 14],
          [0, 15, 0, 20],
          [18, 21, 24, 28],
        ],
        [
          [1, 2, 2, 4],
          [3, 4, 6, 8],
        ],
      ],
    };
  },
});

SPECS.push({
  id: 'linalg.matrixPower',
  covers: ['nlinalg.matrixPower'],
  description: 'nlinalg.matrixPower with n = 3, 5 and 0 (the identity)',
  build: (dtype) => {
    const x = T.matrix('x', dtype);
    return {
      inputs: [[x, B]],
      outputs: [NL.matrixPower(x, 3), NL.matrixPower(x, 5), NL.matrixPower(x, 0)],
      expected: [
        [
          [1.0, -20.0, -9.0],
          [20.0, 39.0, 38.0],
          [18.0, 76.0, 86.0],
        ],
        [
          [-115.0, -331.0, -303.0],
          [331.0, 822.0, 937.0],
          [606.0, 1874.0, 2062.0],
        ],
        [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
      ],
    };
  },
});

SPECS.push({
  id: 'linalg.matrixPower.negative',
  covers: ['nlinalg.matrixPower'],
  description: 'nlinalg.matrixPower with n = -2 (the square of the inverse)',
  build: (dtype) => {
    const x = T.matrix('x', dtype);
    return {
      inputs: [[x, B]],
      outputs: [NL.matrixPower(x, -2)],
      expected: [
        [
          [0.14236111111111116, 0.1319444444444444, -0.04340277777777776],
          [-0.1319444444444444, 0.09722222222222218, -0.045138888888888874],
          [0.08680555555555552, -0.09027777777777775, 0.09548611111111109],
        ],
      ],
    };
  },
});

SPECS.push({
  id: 'linalg.slogdet',
  covers: ['nlinalg.slogdet'],
  description: 'nlinalg.slogdet of matrices with determinants 24 and -24',
  build: (dtype) => {
    const x = T.matrix('x', dtype);
    const y = T.matrix('y', dtype);
    const [s1, l1] = NL.slogdet(x);
    const [s2, l2] = NL.slogdet(y);
    return {
      inputs: [
        [x, B],
        [
          y,
          [
            [1, 3, 1],
            [2, -1, 0],
            [0, 2, 4],
          ],
        ],
      ],
      outputs: [s1, l1, s2, l2],
      expected: [1, 3.1780538303479458, -1, 3.1780538303479458],
    };
  },
});

SPECS.push({
  id: 'linalg.eigh',
  covers: ['nlinalg.eigh'],
  description: 'nlinalg.eigh: ascending eigenvalues and the eigenvectors up to sign (their absolute values)',
  build: (dtype) => {
    const x = T.matrix('x', dtype);
    const [w, v] = NL.eigh(x);
    // UPLO 'U' reads the upper triangle only: junk below the diagonal is ignored
    const xu = T.matrix('xu', dtype);
    const [wu] = NL.eigh(xu, 'U');
    return [
      {
        inputs: [[x, A]],
        outputs: [w, T.abs(v)],
        expected: [
          [2.0965216172967187, 3.0722239520050754, 6.831254430698205],
          [
            [0.7167430662893416, 0.3257672733027812, 0.616567158200162],
            [0.5748726248246245, 0.7765018813719533, 0.25800444463819483],
            [0.39471615390480125, 0.5393704773814453, 0.743827026919507],
          ],
        ],
      },
      {
        inputs: [
          [
            xu,
            [
              [4, 1, 2],
              [99, 3, 0.5],
              [-7, 8, 5],
            ],
          ],
        ],
        outputs: [wu],
        expected: [[2.0965216172967187, 3.0722239520050754, 6.831254430698205]],
      },
    ];
  },
});

SPECS.push({
  id: 'linalg.eig',
  covers: ['nlinalg.eig'],
  description:
    'nlinalg.eig of a non-symmetric matrix with real eigenvalues: Σw, Σw² and the residual of A·v = v·diag(w)',
  build: (dtype) => {
    const x = T.matrix('x', dtype);
    const [w, v] = NL.eig(x);
    const residual = T.sum(T.abs(T.dot(x, v).sub(v.mul(w.dimshuffle('x', 0)))));
    return {
      inputs: [
        [
          x,
          [
            [4, 1, 0],
            [2, 3, 1],
            [0, 1, 2],
          ],
        ],
      ],
      outputs: [T.sum(w), T.sum(w.mul(w)), residual],
      expected: [9, 35, 0],
    };
  },
});

SPECS.push({
  id: 'linalg.qr',
  covers: ['nlinalg.qr'],
  description: "nlinalg.qr of a 3×2 matrix in modes 'reduced', 'complete' and 'r' (numpy's signs)",
  build: (dtype) => {
    const x = T.matrix('x', dtype);
    const [q, r] = NL.qr(x) as [TensorVariable, TensorVariable];
    const [qc, rc] = NL.qr(x, 'complete') as [TensorVariable, TensorVariable];
    const ro = NL.qr(x, { mode: 'r' }) as TensorVariable;
    const Q = [
      [-0.16903085094570325, 0.9486832980505133],
      [-0.50709255283711, -0.31622776601683833],
      [-0.8451542547285166, 0],
    ];
    const R = [
      [-5.916079783099616, -8.282511696339462],
      [0.0, 0.6324555320336759],
    ];
    return {
      inputs: [[x, M32]],
      outputs: [q, r, qc, rc, ro],
      expected: [
        Q,
        R,
        [
          [-0.16903085094570325, 0.9486832980505133, -0.26726124191242506],
          [-0.50709255283711, -0.31622776601683833, -0.8017837257372729],
          [-0.8451542547285166, 0, 0.5345224838248488],
        ],
        [...R, [0, 0]],
        R,
      ],
    };
  },
});

SPECS.push({
  id: 'linalg.svd',
  covers: ['nlinalg.svd'],
  description: 'nlinalg.svd of a 3×2 matrix: singular values, |u| and |vt| (reduced), and s alone',
  build: (dtype) => {
    const x = T.matrix('x', dtype);
    const [u, s, vt] = NL.svd(x, false) as TensorVariable[];
    const s2 = NL.svd(x, { computeUv: false }) as TensorVariable;
    const [uf] = NL.svd(x) as TensorVariable[];
    return {
      inputs: [[x, M32]],
      outputs: [s, T.abs(u!), T.abs(vt!), s2, T.dot(uf!.T, uf!)],
      expected: [
        [10.191428257097224, 0.3671376859438993],
        [
          [0.2167838956617988, 0.9389228781711104],
          [0.4904541352657366, 0.3414639048912723],
          [0.8440731507295044, 0.04273441825135222],
        ],
        [
          [0.5797530930948657, 0.814792213418204],
          [0.814792213418204, 0.5797530930948657],
        ],
        [10.191428257097224, 0.3671376859438993],
        [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
      ],
    };
  },
});

SPECS.push({
  id: 'linalg.pinv',
  covers: ['nlinalg.pinv'],
  description: 'nlinalg.pinv of a 3×2 matrix',
  build: (dtype) => {
    const x = T.matrix('x', dtype);
    return {
      inputs: [[x, M32]],
      outputs: [NL.pinv(x)],
      expected: [
        [
          [-2.0714285714285703, 0.7857142857142865, 0.14285714285714235],
          [1.4999999999999991, -0.5000000000000006, 0],
        ],
      ],
    };
  },
});

SPECS.push({
  id: 'linalg.expm',
  covers: ['slinalg.expm'],
  description: 'slinalg.expm of B/4 (no squaring) and of 2B (scaled and squared)',
  build: (dtype) => {
    const x = T.matrix('x', dtype);
    const y = T.matrix('y', dtype);
    return {
      inputs: [
        [x, B.map((r) => r.map((v) => v / 4))],
        [y, B.map((r) => r.map((v) => v * 2))],
      ],
      outputs: [SL.expm(x), SL.expm(y)],
      expected: [
        [
          [1.5922615161608142, -0.4744874743081174, -0.06690025617221934],
          [0.47448747430811744, 2.2005495028133706, 0.6082879866525561],
          [0.13380051234443868, 1.2165759733051122, 2.875737745638146],
        ],
        [
          [-629.7313724724958, -1868.1108835735401, -2009.6328688749463],
          [1868.1108835735406, 5257.645248850937, 5887.376621323435],
          [4019.265737749893, 11774.753242646868, 13154.654739049325],
        ],
      ],
    };
  },
});

/** The linalg family's cases. */
export const TENSOR_LINALG_CASES: readonly TensorCase[] = SPECS.flatMap(tensorCase);
