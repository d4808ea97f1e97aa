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
  {
    // the forward pass and one SGD step of a LeNet-style network (what apps/examples' cnn trains, smaller):
    // conv 3×3 → relu → max pool 2×2 → conv 3×3 → relu → max pool 2×2 → dense → softmax, cross-entropy
    // with int labels; the outputs are the loss, the predicted labels and every parameter after the step
    id: 'cnn.lenet.step',
    tol: TOL,
    build: () => {
      const x = T.ftensor4('x');
      const y = T.ivector('y');
      const [W1, b1, W2, b2, W3, b3] = [
        T.ftensor4('W1'),
        T.fvector('b1'),
        T.ftensor4('W2'),
        T.fvector('b2'),
        T.fmatrix('W3'),
        T.fvector('b3'),
      ];
      const layer = (input: TensorVariable, W: TensorVariable, b: TensorVariable) =>
        T.signal.pool.pool2d(T.nnet.relu(T.nnet.conv2d(input, W).add(b.dimshuffle('x', 0, 'x', 'x'))), {
          ws: [2, 2],
          ignoreBorder: true,
        });
      const p = T.nnet.softmax(T.dot(layer(layer(x, W1, b1), W2, b2).flatten(2), W3).add(b3));
      const loss = T.nnet.categoricalCrossentropy(p, y).mean();
      const params = [W1, b1, W2, b2, W3, b3];
      const grads = T.grad(loss, params) as TensorVariable[];
      const scale = (v: ReturnType<typeof f32>, k: number) =>
        theano.fromFloat64(
          Array.from(v.toFloat64(), (e) => e * k),
          [...v.shape],
          'float32',
        );
      return {
        inputs: [x, y, ...params],
        outputs: [loss, T.argmax(p, 1), ...params.map((w, i) => w.sub(grads[i]!.mul(0.1)))],
        args: [
          f32([3, 1, 14, 14], 7),
          theano.array([2, 0, 1], 'int32'),
          scale(f32([4, 1, 3, 3], 8), 0.3),
          scale(f32([4], 9), 0.05),
          scale(f32([6, 4, 3, 3], 10), 0.15),
          scale(f32([6], 11), 0.05),
          scale(f32([24, 3], 12), 0.2),
          scale(f32([3], 13), 0.05),
        ],
      };
    },
  },
];
