/**
 * Conformance cases of pooling and batch normalization (`nnet.pool.*`, `nnet.bn.*`): `T.signal.pool.pool2d`
 * in every mode, with and without ignoreBorder, a stride other than the window, padding, on 2-, 3- and 4-d
 * inputs; `T.nnet.bn.batchNormalizationTrain` (running averages included) and `batchNormalizationTest`,
 * per-activation and spatial; `T.nnet.batchNormalization`; and the errors of bad arguments. Every expected
 * value comes from `scripts/pool-bn-numpy.py` (Theano 1.0's Pool.perform and the batch-norm formulas written
 * in numpy), and the small ones were checked by hand (e.g. the first 2×2 window of X4: max(-5, -3.25, 3.75,
 * -4.5) = 3.75, sum -9).
 */
import type { DType, TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import type { ConformanceCase } from './case.js';
import { type Expected, expectThrows } from './check.js';
import { type Check, type CheckSpec, checkCases } from './tensor-case.js';

const T = theano.tensor;

/** The section of these cases. */
export const NNET_POOL_SECTION = 'nnet';

const pool = (x: TensorVariable, o: Record<string, unknown>) => T.signal.pool.pool2d(x, o as never);

// X4: (1, 2, 4, 5), distinct quarters (no ties): (arange(40) * 7 % 40 - 20) / 4
const X4 = [
  [
    [
      [-5.0, -3.25, -1.5, 0.25, 2.0],
      [3.75, -4.5, -2.75, -1.0, 0.75],
      [2.5, 4.25, -4.0, -2.25, -0.5],
      [1.25, 3.0, 4.75, -3.5, -1.75],
    ],
    [
      [0.0, 1.75, 3.5, -4.75, -3.0],
      [-1.25, 0.5, 2.25, 4.0, -4.25],
      [-2.5, -0.75, 1.0, 2.75, 4.5],
      [-3.75, -2.0, -0.25, 1.5, 3.25],
    ],
  ],
];
const X3 = X4[0]!; // (2, 4, 5)
const X2 = X4[0]![0]!; // (4, 5)

/** A check of `pool2d(x, o)` for each option set, on a fresh variable of `x`'s rank. */
function pools(dtype: DType, x: Expected, rows: readonly (readonly [Record<string, unknown>, Expected])[]): Check {
  const rank = (v: Expected): number => (Array.isArray(v) ? 1 + rank(v[0] as Expected) : 0);
  const v = T.tensor(
    dtype,
    Array.from({ length: rank(x) }, () => false),
    'x',
  );
  return { inputs: [[v, x]], outputs: rows.map(([o]) => pool(v, o)), expected: rows.map(([, e]) => e) };
}

const POOL_SPECS: CheckSpec[] = [
  {
    id: 'pool.4d',
    description:
      'pool2d of a (1, 2, 4, 5) tensor, ws (2, 2): max and sum, ignoreBorder true (2×2) and false (2×3, partial last column)',
    build: (d) => [
      pools(d, X4, [
        [
          { ws: [2, 2], ignoreBorder: true },
          [
            [
              [
                [3.75, 0.25],
                [4.25, 4.75],
              ],
              [
                [1.75, 4.0],
                [-0.75, 2.75],
              ],
            ],
          ],
        ],
        [
          { ws: [2, 2], ignoreBorder: true, mode: 'sum' },
          [
            [
              [
                [-9.0, -5.0],
                [11.0, -5.0],
              ],
              [
                [1.0, 5.0],
                [-9.0, 5.0],
              ],
            ],
          ],
        ],
        [
          { ws: [2, 2], ignoreBorder: false },
          [
            [
              [
                [3.75, 0.25, 2.0],
                [4.25, 4.75, -0.5],
              ],
              [
                [1.75, 4.0, -3.0],
                [-0.75, 2.75, 4.5],
              ],
            ],
          ],
        ],
        [
          { ws: [2, 2], mode: 'sum' },
          [
            [
              [
                [-9.0, -5.0, 2.75],
                [11.0, -5.0, -2.25],
              ],
              [
                [1.0, 5.0, -7.25],
                [-9.0, 5.0, 7.75],
              ],
            ],
          ],
        ],
      ]),
    ],
  },
  {
    id: 'pool.3d-stride',
    description: 'pool2d of a (2, 4, 5) tensor, ws (3, 2), stride (1, 2): every mode, ignoreBorder true and false',
    build: (d) => [
      pools(d, X3, [
        [
          { ws: [3, 2], stride: [1, 2], ignoreBorder: true },
          [
            [
              [4.25, 0.25],
              [4.25, 4.75],
            ],
            [
              [1.75, 4.0],
              [0.5, 4.0],
            ],
          ],
        ],
        [
          { ws: [3, 2], stride: [1, 2], ignoreBorder: false },
          [
            [
              [4.25, 0.25, 2.0],
              [4.25, 4.75, 0.75],
            ],
            [
              [1.75, 4.0, 4.5],
              [0.5, 4.0, 4.5],
            ],
          ],
        ],
        [
          { ws: [3, 2], stride: [1, 2], ignoreBorder: true, mode: 'sum' },
          [
            [
              [-2.25, -11.25],
              [10.25, -8.75],
            ],
            [
              [-2.25, 8.75],
              [-9.75, 11.25],
            ],
          ],
        ],
        [
          { ws: [3, 2], stride: [1, 2], ignoreBorder: false, mode: 'sum' },
          [
            [
              [-2.25, -11.25, 2.25],
              [10.25, -8.75, -1.5],
            ],
            [
              [-2.25, 8.75, -2.75],
              [-9.75, 11.25, 3.5],
            ],
          ],
        ],
        [
          { ws: [3, 2], stride: [1, 2], ignoreBorder: true, mode: 'average_inc_pad' },
          [
            [
              [-0.375, -1.875],
              [1.7083333333333333, -1.4583333333333333],
            ],
            [
              [-0.375, 1.4583333333333333],
              [-1.625, 1.875],
            ],
          ],
        ],
        [
          { ws: [3, 2], stride: [1, 2], ignoreBorder: false, mode: 'average_inc_pad' },
          [
            [
              [-0.375, -1.875, 0.75],
              [1.7083333333333333, -1.4583333333333333, -0.5],
            ],
            [
              [-0.375, 1.4583333333333333, -0.9166666666666666],
              [-1.625, 1.875, 1.1666666666666667],
            ],
          ],
        ],
        [
          { ws: [3, 2], stride: [1, 2], ignoreBorder: true, mode: 'average_exc_pad' },
          [
            [
              [-0.375, -1.875],
              [1.7083333333333333, -1.4583333333333333],
            ],
            [
              [-0.375, 1.4583333333333333],
              [-1.625, 1.875],
            ],
          ],
        ],
        [
          { ws: [3, 2], stride: [1, 2], ignoreBorder: false, mode: 'average_exc_pad' },
          [
            [
              [-0.375, -1.875, 0.75],
              [1.7083333333333333, -1.4583333333333333, -0.5],
            ],
            [
              [-0.375, 1.4583333333333333, -0.9166666666666666],
              [-1.625, 1.875, 1.1666666666666667],
            ],
          ],
        ],
      ]),
    ],
  },
  {
    id: 'pool.pad',
    description:
      'pool2d of a (4, 5) matrix, ws (3, 3), stride (2, 2), pad (1, 1): the padding never wins a max, counts only for average_inc_pad',
    build: (d) => [
      pools(d, X2, [
        [
          { ws: [3, 3], stride: [2, 2], pad: [1, 1], ignoreBorder: true },
          [
            [3.75, 0.25, 2.0],
            [4.25, 4.75, 0.75],
          ],
        ],
        [
          { ws: 3, stride: 2, pad: 1, ignoreBorder: true, mode: 'sum' },
          [
            [-9.0, -12.75, 2.0],
            [10.25, -6.0, -8.25],
          ],
        ],
        [
          { ws: [3, 3], stride: [2, 2], pad: [1, 1], ignoreBorder: true, mode: 'average_inc_pad' },
          [
            [-1.0, -1.4166666666666667, 0.2222222222222222],
            [1.1388888888888888, -0.6666666666666666, -0.9166666666666666],
          ],
        ],
        [
          { ws: [3, 3], stride: [2, 2], pad: [1, 1], ignoreBorder: true, mode: 'average_exc_pad' },
          [
            [-2.25, -2.125, 0.5],
            [1.7083333333333333, -0.6666666666666666, -1.375],
          ],
        ],
      ]),
    ],
  },
  {
    id: 'pool.stride-gt-ws',
    description:
      'pool2d of a (4, 5) matrix, ws (2, 2), stride (3, 3), ignoreBorder false: partial border windows average over their elements',
    build: (d) => [
      pools(d, X2, [
        [
          { ws: [2, 2], stride: [3, 3] },
          [
            [3.75, 2.0],
            [3.0, -1.75],
          ],
        ],
        [
          { ws: [2, 2], stride: [3, 3], mode: 'average_inc_pad' },
          [
            [-2.25, 0.5],
            [2.125, -2.625],
          ],
        ],
      ]),
    ],
  },
  {
    id: 'pool.max-ties',
    description:
      'the gradient of sum(pool2d(x)) with tied maxima goes to every element equal to the maximum (Theano MaxPoolGrad), worked by hand',
    build: (d) => {
      const x = T.matrix('x', d);
      const y = pool(x, { ws: [2, 2] });
      return [
        {
          inputs: [
            [
              x,
              [
                [1, 1, 2],
                [0, 1, 2],
              ],
            ],
          ],
          outputs: [y, T.grad(T.sum(y), x) as TensorVariable],
          expected: [
            [[1, 2]],
            [
              [1, 1, 1],
              [0, 1, 1],
            ],
          ],
        },
      ];
    },
  },
];

const XB = [
  [1.0, -2.0, 0.5],
  [3.0, 0.0, 1.5],
  [-1.0, 2.0, 2.5],
  [5.0, 4.0, -0.5],
];
const XS = [
  [
    [
      [-3.0, -0.5],
      [2.0, 4.5],
    ],
    [
      [-1.0, 1.5],
      [4.0, -1.5],
    ],
  ],
  [
    [
      [1.0, 3.5],
      [-2.0, 0.5],
    ],
    [
      [3.0, -2.5],
      [0.0, 2.5],
    ],
  ],
];

const BN_SPECS: CheckSpec[] = [
  {
    id: 'bn.train.per-activation',
    description:
      'batchNormalizationTrain over axis 0 of a (4, 3) matrix with running mean and var (factor 0.1, the running var from the unbiased variance)',
    build: (d) => {
      const x = T.matrix('x', d);
      const [g, b, rm, rv] = ['gamma', 'beta', 'rm', 'rv'].map((n) => T.row(n, d));
      const outs = T.nnet.bn.batchNormalizationTrain(x, g!, b!, {
        axes: 'per-activation',
        runningMean: rm,
        runningVar: rv,
      });
      return [
        {
          inputs: [
            [x, XB],
            [g!, [[2.0, 0.5, 1.0]]],
            [b!, [[0.1, -0.2, 0.3]]],
            [rm!, [[0.5, 0.0, -1.0]]],
            [rv!, [[1.0, 2.0, 0.5]]],
          ],
          outputs: outs,
          expected: [
            [
              [-0.7944182468621679, -0.8708136851466259, -0.14719570802937904],
              [0.9944182468621678, -0.42360456171554195, 0.747195708029379],
              [-2.5832547405865034, 0.023604561715541955, 1.6415871240881372],
              [2.7832547405865036, 0.47081368514662586, -1.0415871240881371],
            ],
            [[2.0, 1.0, 1.0]],
            [[0.44720912343108393, 0.44720912343108393, 0.894391416058758]],
            [[0.65, 0.1, -0.8]],
            [[1.5666666666666669, 2.466666666666667, 0.6166666666666667]],
          ],
        },
      ];
    },
  },
  {
    id: 'bn.train.spatial',
    description:
      'batchNormalizationTrain spatial (axes 0, 2, 3) of a (2, 2, 2, 2) tensor, gamma/beta/running given without those axes, epsilon 1e-3, factor 0.5',
    build: (d) => {
      const x = T.tensor4('x', d);
      const [g, b, rm, rv] = ['gamma', 'beta', 'rm', 'rv'].map((n) => T.vector(n, d));
      const outs = T.nnet.bn.batch_normalization_train(x, g!, b!, {
        axes: 'spatial',
        epsilon: 1e-3,
        runningAverageFactor: 0.5,
        runningMean: rm,
        runningVar: rv,
      });
      return [
        {
          inputs: [
            [x, XS],
            [g!, [1.5, -0.5]],
            [b!, [0.25, 1.0]],
            [rm!, [0, 0]],
            [rv!, [1, 1]],
          ],
          outputs: outs,
          expected: [
            [
              [
                [
                  [-2.0829406387085485, -0.5276468795695162],
                  [1.0276468795695162, 2.5829406387085485],
                ],
                [
                  [1.3988205838562076, 0.8290768926330538],
                  [0.25933320140990024, 1.5127693221008383],
                ],
              ],
              [
                [
                  [0.40552937591390326, 1.9608231350529355],
                  [-1.4608231350529355, 0.09447062408609677],
                ],
                [
                  [0.48723067789916175, 1.7406667985900999],
                  [1.1709231073669462, 0.6011794161437924],
                ],
              ],
            ],
            [0.75, 0.75],
            [0.4147450024370753, 0.4557949529785229],
            [0.375, 0.375],
            [3.8214285714285716, 3.25],
          ],
        },
      ];
    },
  },
  {
    id: 'bn.test',
    description: 'batchNormalizationTest with given mean and var; batchNormalization (x - mean) · gamma / std + beta',
    build: (d) => {
      const x = T.matrix('x', d);
      const [g, b, m, v, s] = ['gamma', 'beta', 'mean', 'var', 'std'].map((n) => T.row(n, d));
      return [
        {
          inputs: [
            [x, XB],
            [g!, [[2.0, 0.5, 1.0]]],
            [b!, [[0.1, -0.2, 0.3]]],
            [m!, [[0.5, 0.0, -1.0]]],
            [v!, [[1.0, 2.0, 0.5]]],
            [s!, [[2.0, 0.5, 4.0]]],
          ],
          outputs: [
            T.nnet.bn.batchNormalizationTest(x, g!, b!, m!, v!, { axes: 'per-activation' }),
            T.nnet.batchNormalization(x, g!, b!, m!, s!, 'high_mem'),
          ],
          expected: [
            [
              [1.0999500037496877, -0.9070891041799027, 2.421108243339789],
              [5.099750018748438, -0.2, 3.8351804055663155],
              [-2.899850011249063, 0.5070891041799028, 5.249252567792841],
              [9.099550033747189, 1.2141782083598056, 1.007036081113263],
            ],
            [
              [0.6, -2.2, 0.675],
              [2.6, -0.2, 0.925],
              [-1.4, 1.8, 1.175],
              [4.6, 3.8, 0.425],
            ],
          ],
        },
      ];
    },
  },
];

/** The errors of bad arguments: each names the function, the argument, what was expected and what came. */
const ERROR_CASE: ConformanceCase = {
  id: 'nnet.pool.errors',
  section: NNET_POOL_SECTION,
  dtype: 'float64',
  description: 'pool2d and batch normalization reject bad arguments with errors naming them',
  async run() {
    const m = T.matrix('m');
    const v = T.vector('v');
    await expectThrows(() => pool(m, { ws: [0, 2] }), /pool2d: ws must be two positive integers.*\[0,2\]/, 'ws 0');
    await expectThrows(() => pool(m, {}), /pool2d: ws .* is required/, 'no ws');
    await expectThrows(
      () => pool(m, { ws: 2, pad: 1 }),
      /pool2d: pad \(1, 1\) needs ignoreBorder true/,
      'pad without ignoreBorder',
    );
    await expectThrows(
      () => pool(m, { ws: 2, pad: 2, ignoreBorder: true }),
      /pool2d: pad \(2, 2\) must be smaller than ws \(2, 2\)/,
      'pad >= ws',
    );
    await expectThrows(() => pool(v, { ws: 2 }), /pool2d: input must have at least 2 dimensions/, '1-d input');
    await expectThrows(() => pool(m, { ws: 2, mode: 'min' }), /pool2d: mode must be one of .*got "min"/, 'mode');
    await expectThrows(() => pool(m, { ws: 2, st: 1 }), /pool2d: unknown option 'st'/, 'unknown option');
    await expectThrows(
      () => T.nnet.bn.batchNormalizationTrain(m, m, m, { eps: 1 } as never),
      /batchNormalizationTrain: unknown option 'eps'/,
      'bn unknown option',
    );
    await expectThrows(
      () => T.nnet.bn.batchNormalizationTrain(m, v, v, { axes: 'spatial', epsilon: 1e-6 }),
      /batchNormalizationTrain: epsilon must be a number >= 1e-5/,
      'bn epsilon',
    );
    await expectThrows(
      () => T.nnet.bn.batchNormalizationTest(m, T.tensor3('g'), v, v, v),
      /batchNormalizationTest: gamma .* must have the input's 2 dimensions, or 1/,
      'bn gamma rank',
    );
  },
};

/** Every pooling and batch-normalization case. */
export const NNET_POOL_CASES: readonly ConformanceCase[] = [
  ...POOL_SPECS.flatMap((spec) => checkCases('nnet', NNET_POOL_SECTION, spec)),
  ...BN_SPECS.flatMap((spec) => checkCases('nnet', NNET_POOL_SECTION, spec)),
  ERROR_CASE,
];
