// Per-op cases of the convolutions (see op-cases.ts): Conv2d, Conv2dGradInputs (conv2dTranspose and the
// gradient with respect to the image) and Conv2dGradWeights, across border modes, strides, dilation, groups
// and filterFlip, against ref.
import type { TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import type { OpCase } from './op-cases.ts';

const T = theano.tensor;

/** Deterministic values in [-2, 2) (a linear congruential sequence seeded by `seed`). */
function f32(shape: number[], seed: number) {
  let s = seed >>> 0;
  const n = shape.reduce((a, b) => a * b, 1);
  const v = Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return -2 + (4 * s) / 2 ** 32;
  });
  return theano.fromFloat64(v, shape, 'float32');
}

/** Sums of up to a few dozen float32 products, accumulated in another order on the GPU. */
const TOL = 1e-4;

/** The convolution cases. */
export const CONV_OP_CASES: readonly OpCase[] = [
  {
    id: 'conv2d.modes',
    tol: TOL,
    build: () => {
      const x = T.ftensor4('x');
      const w = T.ftensor4('w');
      const g = T.ftensor4('g');
      const outputs = [
        T.nnet.conv2d(x, w),
        T.nnet.conv2d(x, w, { borderMode: 'full', filterFlip: false }),
        T.nnet.conv2d(x, w, { borderMode: 'half', subsample: [2, 1] }),
        T.nnet.conv2d(x, w, { borderMode: [1, 2], filterDilation: [2, 1], subsample: 2 }),
        T.nnet.conv2d(x, g, { numGroups: 2, borderMode: 1 }),
      ];
      return { inputs: [x, w, g], outputs, args: [f32([2, 4, 6, 5], 1), f32([3, 4, 3, 2], 2), f32([4, 2, 2, 3], 3)] };
    },
  },
  {
    id: 'conv2d.transpose.grads',
    tol: TOL,
    build: () => {
      const x = T.ftensor4('x');
      const w = T.ftensor4('w');
      const y = T.ftensor4('y');
      const opts = {
        borderMode: 1,
        subsample: [2, 1] as [number, number],
        numGroups: 2,
        filterDilation: [1, 2] as [number, number],
      };
      const z = T.nnet.conv2d(x, w, opts);
      const [gx, gw] = T.grad(T.sum(T.mul(z, z)), [x, w]) as TensorVariable[];
      const t = T.nnet.conv2dTranspose(y, w, { outputShape: [1, 2, 6, 6], subsample: 2, borderMode: 'half' });
      const [ty, tw] = T.grad(T.sum(T.mul(t, t)), [y, w]) as TensorVariable[];
      return {
        inputs: [x, w, y],
        outputs: [z, gx!, gw!, t, ty!, tw!],
        args: [f32([1, 4, 6, 6], 4), f32([4, 2, 3, 2], 5), f32([1, 4, 3, 4], 6)],
      };
    },
  },
];
