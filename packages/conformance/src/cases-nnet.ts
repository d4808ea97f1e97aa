import * as theano from 'theano-ts';
import type { ConformanceCase } from './case.js';
import { any, positive, vg } from './grad-case.js';
import { type CheckSpec, checkCases } from './tensor-case.js';

const T = theano.tensor;

/** The section of the neural-network cases. */
export const NNET_SECTION = 'nnet';

const XS = [-7, -1, 0, 2, 4, 1000];

const SPECS: readonly CheckSpec[] = [
  {
    id: 'activations',
    description: 'ultraFastSigmoid (Theano piecewise), elu, selu, softsign at -7, -1, 0, 2, 4, 1000',
    build: (dtype) => {
      const x = T.vector('x', dtype);
      return [
        {
          inputs: [[x, XS]],
          outputs: [T.nnet.ultraFastSigmoid(x), T.nnet.elu(x), T.nnet.selu(x), T.nnet.softsign(x)],
          // numpy: 0.5·sign(u)·z + 0.5 (Theano's pieces), where(x > 0, x, expm1(min(x, 0))), 1.0507…·elu(x, 1.6732…),
          // x / (1 + |x|)
          expected: [
            [0.00247262315663499, 0.25, 0.5, 0.875, 0.9745867295035069, 0.997527376843365],
            [-0.9990881180344455, -0.6321205588285577, 0, 2, 4, 1000],
            [-1.7564961617648047, -1.1113307378125625, 0, 2.101401974710961, 4.202803949421922, 1050.7009873554805],
            [-0.875, -0.5, 0, 2 / 3, 0.8, 1000 / 1001],
          ],
        },
      ];
    },
  },
  {
    id: 'crossentropy.int',
    description: 'categoricalCrossentropy(softmax(m), y) with int classes, and crossentropySoftmax1hot(m, y)',
    build: (dtype) => {
      const m = T.matrix('m', dtype);
      const y = T.lvector('y');
      const [nll, sm] = T.nnet.crossentropySoftmax1hot(m, y);
      return [
        {
          inputs: [
            [
              m,
              [
                [1, 2, 3],
                [1000, 0, -1000],
              ],
            ],
            [y, [2, 1]],
          ],
          outputs: [T.nnet.categoricalCrossentropy(T.nnet.softmax(m), y), nll, sm],
          // numpy: -log_softmax(m)[[0, 1], y] and exp(log_softmax(m))
          expected: [
            [0.4076059644443804, 1000],
            [0.4076059644443804, 1000],
            [
              [0.09003057317038043, 0.24472847105479764, 0.6652409557748218],
              [1, 0, 0],
            ],
          ],
        },
      ];
    },
  },
  {
    id: 'sigmoidBinaryCrossentropy',
    description: 'sigmoidBinaryCrossentropy(z, t) = t·softplus(-z) + (1 - t)·softplus(z) at z = -3, 0.5, 40',
    build: (dtype) => {
      const z = T.vector('z', dtype);
      const t = T.vector('t', dtype);
      return [
        {
          inputs: [
            [z, [-3, 0.5, 40]],
            [t, [1, 0, 1]],
          ],
          outputs: [T.nnet.sigmoidBinaryCrossentropy(z, t)],
          // numpy: t·logaddexp(0, -z) + (1 - t)·logaddexp(0, z)
          expected: [[3.048587351573742, 0.9740769841801067, 4.248354255291589e-18]],
        },
      ];
    },
  },
  {
    id: 'logistic.written-out',
    description:
      "the documentation's p = 1 / (1 + exp(-z - b)) cross-entropy at z = ±40, ±1000: finite value and gradient sigmoid(z + b) - t",
    build: (dtype) => {
      const z = T.vector('z', dtype);
      const t = T.vector('t', dtype);
      const b = T.constant(0, { dtype });
      const p = T.trueDiv(1, T.add(1, T.exp(T.neg(z).sub(b))));
      const xent = t
        .neg()
        .mul(T.log(p))
        .sub(T.sub(1, t).mul(T.log(T.sub(1, p))));
      return [
        {
          inputs: [
            [z, [40, -40, 1000, -1000]],
            [t, [0, 1, 1, 1]],
          ],
          outputs: [xent, T.grad(xent.sum(), z)],
          // by hand: t·softplus(-z) + (1 - t)·softplus(z) = [40 + log1p(e^-40), 40 + log1p(e^-40), 0, 1000];
          // d/dz = sigmoid(z) - t = [1 - e^-40/(1+e^-40), -(1 - ...), 0, -1]
          expected: [
            [40 + Math.log1p(Math.exp(-40)), 40 + Math.log1p(Math.exp(-40)), 0, 1000],
            [1 / (1 + Math.exp(-40)), -1 / (1 + Math.exp(-40)), 0, -1],
          ],
        },
      ];
    },
  },
];

/** The neural-network cases (values). */
export const NNET_CASES: readonly ConformanceCase[] = SPECS.flatMap((spec) => checkCases('nnet', NNET_SECTION, spec));

/** The verifyGrad cases of the neural-network functions (cases-grad.ts adds their float32 variants). */
export const NNET_GRAD_CASES = [
  vg(
    'nnet.ultraFastSigmoid',
    'ultraFastSigmoid on each of its pieces',
    (x) => T.nnet.ultraFastSigmoid(x),
    () => [theano.array([-7, -4.5, -1, 0.5, 2.2, 5.1], 'float64')],
  ),
  vg(
    'nnet.elu',
    'elu(x, 0.7) on both sides of 0',
    (x) => T.nnet.elu(x, 0.7),
    (r) => [any(r)],
  ),
  vg(
    'nnet.selu',
    'selu(x) on both sides of 0',
    (x) => T.nnet.selu(x),
    (r) => [any(r)],
  ),
  vg(
    'nnet.softsign',
    'softsign(x)',
    (x) => T.nnet.softsign(x),
    (r) => [any(r)],
  ),
  vg(
    'nnet.categoricalCrossentropy.int',
    'categoricalCrossentropy(softmax(m), [2, 0]) with int classes',
    (m) => T.nnet.categoricalCrossentropy(T.nnet.softmax(m), T.constant([2, 0], { dtype: 'int64' })),
    (r) => [any(r, [2, 3])],
  ),
  vg(
    'nnet.sigmoidBinaryCrossentropy',
    'sigmoidBinaryCrossentropy(z, t) with respect to both',
    (z, t) => T.nnet.sigmoidBinaryCrossentropy(z, t),
    (r) => [any(r), positive(r)],
  ),
];
