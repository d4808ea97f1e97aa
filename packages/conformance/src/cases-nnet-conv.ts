/**
 * Conformance cases of `T.nnet.conv2d` and `T.nnet.conv2dTranspose` (`nnet.conv2d.*`, float64 and float32):
 * every border mode, explicit padding, strides, dilation, groups, filterFlip false, the transposed convolution
 * and the gradients with respect to the image and the filters; and their verifyGrad cases.
 *
 * The inputs are small integer patterns (`pattern` below), so every expected value is an integer, exact in
 * float32. The expected values were computed by `scripts/conv-numpy.py` (run with
 * `env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 scripts/conv-numpy.py`): scipy.signal.convolve2d
 * (correlate2d without the flip) per channel on the zero-padded image with the kernel dilated by inserted
 * zeros, summed over the group's channels and subsampled with [::s]; the transposed convolution and the
 * gradients are the transposes of that map's matrix, built column by column from basis arrays.
 */
import type { DType, TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import type { ConformanceCase } from './case.js';
import type { Expected } from './check.js';
import { uniform } from './check.js';
import { float32Variant, type GradCase, type Rand, vg } from './grad-case.js';
import { type Check, runCheck } from './tensor-case.js';

const T = theano.tensor;

/** The section of these cases. */
export const NNET_SECTION = 'nnet';

type Nested = number | Nested[];

/** `((i0·c0 + i1·c1 + i2·c2 + i3·c3) mod m) - off` at every index of a 4-d `shape` (the numpy script's `xval`). */
function pattern(shape: readonly number[], c: readonly number[], m: number, off: number): Nested[] {
  const at = (d: number, acc: number): Nested[] =>
    Array.from({ length: shape[d]! }, (_, i): Nested => {
      const v = acc + i * c[d]!;
      return d === 3 ? (v % m) - off : at(d + 1, v);
    });
  return at(0, 0);
}

/** The image pattern (`xval`). */
const img = (shape: readonly number[]) => pattern(shape, [4, 5, 3, 2], 7, 3);
/** The filter pattern (`wval`). */
const fil = (shape: readonly number[]) => pattern(shape, [3, 4, 2, 1], 5, 2);

const t4 = (name: string, dtype: DType): TensorVariable => T.tensor4(name, dtype);

/** One forward case: conv2d of the patterns of these shapes with these options. */
interface ConvSpec {
  readonly id: string;
  readonly description: string;
  readonly build: (dtype: DType) => Check | readonly Check[];
}

function conv(xShape: number[], wShape: number[], opts: Record<string, unknown>, expected: Expected) {
  return (dtype: DType): Check => {
    const x = t4('x', dtype);
    const w = t4('w', dtype);
    return {
      inputs: [
        [x, img(xShape)],
        [w, fil(wShape)],
      ],
      outputs: [T.nnet.conv2d(x, w, opts)],
      expected: [expected],
    };
  };
}

// Expected values (scripts/conv-numpy.py's output, pasted)
const VALID: Expected = [
  [
    [
      [6, -10, 2],
      [-11, 1, 6],
      [7, 5, -11],
    ],
    [
      [-2, -9, 12],
      [5, 5, -2],
      [-9, -2, 5],
    ],
    [
      [5, 7, 2],
      [1, -11, 5],
      [-10, 6, 1],
    ],
  ],
  [
    [
      [2, 7, 5],
      [6, -10, 2],
      [-11, 1, 6],
    ],
    [
      [12, -9, -2],
      [-2, -9, 12],
      [5, 5, -2],
    ],
    [
      [2, -10, 6],
      [5, 7, 2],
      [1, -11, 5],
    ],
  ],
];
const VALID_NOFLIP: Expected = [
  [
    [
      [18, -12, -14],
      [-13, -1, 18],
      [5, 17, -13],
    ],
    [
      [-20, -6, 36],
      [8, 8, -20],
      [-6, -20, 8],
    ],
    [
      [17, 5, -14],
      [-1, -13, 17],
      [-12, 18, -1],
    ],
  ],
  [
    [
      [-14, 5, 17],
      [18, -12, -14],
      [-13, -1, 18],
    ],
    [
      [36, -6, -20],
      [-20, -6, 36],
      [8, 8, -20],
    ],
    [
      [-14, -12, 18],
      [17, 5, -14],
      [-1, -13, 17],
    ],
  ],
];
const FULL: Expected = [
  [
    [
      [10, -5, 3, -3, -5],
      [-6, 0, 8, -5, 10],
      [-2, 5, -8, 0, -3],
      [-1, 0, 0, 0, 2],
    ],
    [
      [-3, -5, -4, 4, 7],
      [10, -5, 4, -8, -10],
      [-1, 5, 7, -5, 11],
      [-4, 5, -8, 0, -2],
    ],
  ],
];
const HALF: Expected = [
  [
    [
      [0, -7, 3, 6, 4],
      [-12, 5, 8, -3, -9],
      [2, 6, -19, 5, 6],
      [6, -11, 5, 7, -6],
    ],
  ],
];
const PAD1: Expected = [
  [
    [
      [-7, -3, 4, 4, 3],
      [5, 11, 2, -14, 3],
      [6, -13, -1, 11, 0],
      [-7, 5, 10, -13, -3],
      [6, 6, -18, 0, 7],
    ],
  ],
];
const PAD12_S2: Expected = [
  [
    [
      [0, -3, 4, -4],
      [2, -13, 11, -7],
      [-2, 6, 0, 6],
    ],
  ],
];
const DIL21: Expected = [
  [
    [
      [-2, 1, -3, 7, 3],
      [-1, -5, -2, 1, -3],
      [7, 3, -1, -5, -2],
    ],
  ],
];
const HALF_DIL2: Expected = [
  [
    [
      [-4, 6, 0, 1, -5, -1],
      [4, -6, -3, 7, 3, 1],
      [-2, -5, 5, -6, -3, 1],
      [6, 3, -1, -5, 5, -6],
      [0, -1, 1, 3, -2, 0],
    ],
  ],
];
const GROUPS2: Expected = [
  [
    [
      [0, 8],
      [5, -8],
    ],
    [
      [-5, 4],
      [5, 7],
    ],
    [
      [-5, 2],
      [9, -5],
    ],
    [
      [-5, 7],
      [-8, 4],
    ],
  ],
];
const TRANSPOSE_S2: Expected = [
  [
    [
      [7, 8, -11, -1, -5, -3, 2],
      [-6, -5, -6, 2, 8, 2, 2],
      [-8, 5, 12, -9, 12, 5, -9],
      [0, 2, 8, 2, -6, -5, -4],
      [4, -4, -2, -2, -8, 7, 8],
    ],
  ],
];
const TRANSPOSE_PAD1_S2: Expected = [
  [
    [
      [-5, -6, 2, 8, 2, 2],
      [5, 12, -9, 12, 5, -9],
      [2, 8, 2, -6, -5, -4],
      [-4, -2, -2, -8, 7, 8],
    ],
  ],
];
const GRAD_Y: Expected = [
  [
    [
      [-2, 1, -1, 2],
      [-1, 2, 0, -2],
      [0, -2, 1, -1],
    ],
    [
      [0, -2, 1, -1],
      [1, -1, 2, 0],
      [2, 0, -2, 1],
    ],
  ],
];
const GRAD_X: Expected = [
  [
    [
      [3, -1, 0],
      [2, 0, -2],
      [0, -4, 2],
      [-2, 1, -1],
    ],
    [
      [-6, 4, -6],
      [1, -2, 0],
      [-6, 4, 4],
      [0, 2, -1],
    ],
    [
      [-4, 0, -1],
      [-1, 0, -4],
      [-1, 3, 2],
      [-4, 2, 3],
    ],
    [
      [-2, 1, -1],
      [4, -6, 4],
      [-1, 2, 0],
      [4, 4, -6],
    ],
  ],
];
const GRAD_W: Expected = [
  [
    [
      [-3, 6],
      [5, 6],
    ],
    [
      [-1, 9],
      [5, -4],
    ],
  ],
  [
    [
      [-3, 8],
      [11, -2],
    ],
    [
      [2, 3],
      [0, -2],
    ],
  ],
];

const SPECS: ConvSpec[] = [
  {
    id: 'valid',
    description: "conv2d, borderMode 'valid' (the default), filters flipped: (2,2,4,5) * (3,2,2,3) -> (2,3,3,3)",
    build: conv([2, 2, 4, 5], [3, 2, 2, 3], {}, VALID),
  },
  {
    id: 'filterFlip-false',
    description: 'conv2d with filterFlip false: a cross-correlation',
    build: conv([2, 2, 4, 5], [3, 2, 2, 3], { filterFlip: false }, VALID_NOFLIP),
  },
  {
    id: 'full',
    description: "conv2d, borderMode 'full': (1,2,3,4) * (2,2,2,2) -> (1,2,4,5)",
    build: conv([1, 2, 3, 4], [2, 2, 2, 2], { borderMode: 'full' }, FULL),
  },
  {
    id: 'half',
    description: "conv2d, borderMode 'half' with a 3x2 kernel (pads 1, 1): (1,1,4,4) -> (1,1,4,5)",
    build: conv([1, 1, 4, 4], [1, 1, 3, 2], { borderMode: 'half' }, HALF),
  },
  {
    id: 'pad-int',
    description: 'conv2d, borderMode 1 (one zero on each side)',
    build: conv([1, 1, 5, 5], [1, 1, 3, 3], { borderMode: 1 }, PAD1),
  },
  {
    id: 'pad-pair-subsample',
    description: 'conv2d, borderMode [1, 2] with subsample [2, 2]: (1,1,5,5) -> (1,1,3,4)',
    build: conv([1, 1, 5, 5], [1, 1, 3, 3], { borderMode: [1, 2], subsample: [2, 2] }, PAD12_S2),
  },
  {
    id: 'dilation',
    description: 'conv2d with filterDilation [2, 1]: (1,1,5,6) * (1,1,2,2) -> (1,1,3,5)',
    build: conv([1, 1, 5, 6], [1, 1, 2, 2], { filterDilation: [2, 1] }, DIL21),
  },
  {
    id: 'half-dilation',
    description: "conv2d, borderMode 'half' with filterDilation 2 (dilated kernel 3x3, pads 1)",
    build: conv([1, 1, 5, 6], [1, 1, 2, 2], { borderMode: 'half', filterDilation: 2 }, HALF_DIL2),
  },
  {
    id: 'groups',
    description: 'conv2d with numGroups 2: (1,4,3,3) * (4,2,2,2) -> (1,4,2,2)',
    build: conv([1, 4, 3, 3], [4, 2, 2, 2], { numGroups: 2 }, GROUPS2),
  },
  {
    id: 'constant-filters',
    description:
      "conv2d by constant filters (static kernel sizes: a backend may resolve 'full' and 'half' padding when it compiles)",
    build: (dtype) => {
      const x = t4('x', dtype);
      const y = t4('y', dtype);
      return [
        {
          inputs: [[x, img([1, 2, 3, 4])]],
          outputs: [T.nnet.conv2d(x, theano.array(fil([2, 2, 2, 2]) as never, dtype), { borderMode: 'full' })],
          expected: [FULL],
        },
        {
          inputs: [[y, img([1, 1, 4, 4])]],
          outputs: [T.nnet.conv2d(y, theano.array(fil([1, 1, 3, 2]) as never, dtype), { borderMode: 'half' })],
          expected: [HALF],
        },
      ];
    },
  },
  {
    id: 'transpose',
    description: 'conv2dTranspose, stride 2: (1,2,2,3) through (2,1,3,3) filters -> outputShape (1,1,5,7)',
    build: (dtype) => {
      const y = t4('y', dtype);
      const w = t4('w', dtype);
      return [
        {
          inputs: [
            [y, img([1, 2, 2, 3])],
            [w, fil([2, 1, 3, 3])],
          ],
          outputs: [T.nnet.conv2dTranspose(y, w, { outputShape: [1, 1, 5, 7], subsample: [2, 2] })],
          expected: [TRANSPOSE_S2],
        },
        {
          inputs: [
            [y, img([1, 2, 2, 3])],
            [w, fil([2, 1, 3, 3])],
          ],
          outputs: [T.nnet.conv2dTranspose(y, w, { outputShape: [1, 1, 4, 6], subsample: 2, borderMode: 1 })],
          expected: [TRANSPOSE_PAD1_S2],
        },
      ];
    },
  },
  {
    id: 'grad',
    description: 'T.grad of sum(conv2d(x, w, borderMode 1, subsample [2, 1], numGroups 2) * y) with respect to x and w',
    build: (dtype) => {
      const x = t4('x', dtype);
      const w = t4('w', dtype);
      const y = t4('y', dtype);
      const cost = T.sum(T.mul(T.nnet.conv2d(x, w, { borderMode: 1, subsample: [2, 1], numGroups: 2 }), y));
      const [gx, gw] = T.grad(cost, [x, w]) as TensorVariable[];
      return {
        inputs: [
          [x, img([1, 4, 4, 3])],
          [w, fil([2, 2, 2, 2])],
          [y, GRAD_Y],
        ],
        outputs: [gx!, gw!],
        expected: [GRAD_X, GRAD_W],
      };
    },
  },
];

/** The forward and transposed convolution cases, one per dtype. */
export const NNET_CONV_CASES: readonly ConformanceCase[] = SPECS.flatMap((spec) =>
  (['float64', 'float32'] as const).map(
    (dtype): ConformanceCase => ({
      id: `nnet.conv2d.${spec.id}.${dtype}`,
      section: NNET_SECTION,
      dtype,
      description: `${spec.description} (${dtype})`,
      async run(ctx) {
        const built = spec.build(dtype);
        const checks: readonly Check[] = Array.isArray(built) ? built : [built as Check];
        for (let k = 0; k < checks.length; k++) {
          await runCheck(ctx, dtype, checks[k]!, checks.length > 1 ? `check ${k}: ` : '');
        }
      },
    }),
  ),
);

const any = (r: Rand, shape: readonly number[]) => uniform(r, shape, -2, 2);

/** verifyGrad with respect to the image and the filters, float64 (each gets a float32 twin). */
const CONV_GRAD: readonly GradCase[] = [
  vg(
    'conv2d',
    "conv2d, borderMode 'valid', with respect to the image and the filters",
    (x, w) => T.nnet.conv2d(x!, w!),
    (r) => [any(r, [2, 2, 4, 4]), any(r, [3, 2, 2, 3])],
  ),
  vg(
    'conv2d.full-subsample',
    "conv2d, borderMode 'full', subsample [2, 1], filterFlip false",
    (x, w) => T.nnet.conv2d(x!, w!, { borderMode: 'full', subsample: [2, 1], filterFlip: false }),
    (r) => [any(r, [1, 2, 4, 3]), any(r, [2, 2, 2, 2])],
  ),
  vg(
    'conv2d.half-dilation',
    "conv2d, borderMode 'half', filterDilation 2",
    (x, w) => T.nnet.conv2d(x!, w!, { borderMode: 'half', filterDilation: 2 }),
    (r) => [any(r, [1, 1, 5, 5]), any(r, [2, 1, 2, 3])],
  ),
  vg(
    'conv2d.groups-pad-stride',
    'conv2d, numGroups 2, borderMode [1, 2], subsample 2',
    (x, w) => T.nnet.conv2d(x!, w!, { numGroups: 2, borderMode: [1, 2], subsample: 2 }),
    (r) => [any(r, [1, 4, 5, 4]), any(r, [4, 2, 3, 2])],
  ),
  vg(
    'conv2dTranspose',
    'conv2dTranspose (the gradient of conv2d wrt its image), subsample 2, borderMode 1: wrt its input and filters',
    (y, w) => T.nnet.conv2dTranspose(y!, w!, { outputShape: [1, 2, 5, 6], subsample: 2, borderMode: 1 }),
    (r) => [any(r, [1, 3, 3, 3]), any(r, [3, 2, 3, 3])],
  ),
  vg(
    'conv2d.gradWeights',
    'the gradient of conv2d wrt its filters (Conv2dGradWeights), as a function of the image and the output gradient',
    (x, y, w) =>
      T.grad(T.sum(T.mul(T.nnet.conv2d(x!, w!, { borderMode: 'half', subsample: [1, 2] }), y!)), w!) as TensorVariable,
    (r) => [any(r, [2, 1, 4, 4]), any(r, [2, 2, 4, 2]), any(r, [2, 1, 3, 3])],
  ),
];

/** The convolution verifyGrad cases: float64 and their float32 twins. */
export const NNET_CONV_GRAD_CASES: readonly ConformanceCase[] = [...CONV_GRAD, ...CONV_GRAD.map(float32Variant)];
