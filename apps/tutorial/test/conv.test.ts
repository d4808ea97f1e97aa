// The chapter "convolution and pooling": every printed matrix is what numpy prints for the same
// computation written as plain loops over windows (a correlation with the flipped filter for conv2d, the
// window maximum or the mean of the in-image pixels for pooling, and for the filter's gradient the sum of
// the pixels each filter entry meets); the output sizes follow the formula (n + 2·pad - d·(k - 1) - 1) / s + 1.
import '@theano-ts/backend-onnx';
import { describe, expect, it } from 'vitest';
import { chapterImage, runConv } from '../src/conv.ts';

// biome-ignore format: numpy's printed lines
const NUMPY = [
  '', '== convolution and pooling ==',
  "image x (1, 1, 5, 5):",
  "[[0. 1. 4. 2. 2.]", " [3. 4. 0. 5. 5.]", " [6. 0. 3. 1. 1.]", " [2. 3. 6. 4. 4.]", " [5. 6. 2. 0. 0.]]",
  "filter w (1, 1, 3, 3):",
  "[[ 1.  0. -1.]", " [ 2.  0. -2.]", " [ 1.  0. -1.]]",
  "T.nnet.conv2d(x, w) (valid; a convolution flips the filter):",
  "[[-5.  4.  6.]", " [-5.  4. -1.]", " [ 2. -3. -8.]]",
  "T.nnet.conv2d(x, w, { filterFlip: false }) (a cross-correlation):",
  "[[ 5. -4. -6.]", " [ 5. -4.  1.]", " [-2.  3.  8.]]",
  "T.nnet.conv2d(x, w, { borderMode: 'half', subsample: [2, 2] }):",
  "[[  6.   3.  -9.]", " [  7.   4. -11.]", " [ 15. -11.  -4.]]",
  "T.signal.pool.pool2d(x, { ws: [2, 2], ignoreBorder: true }):",
  "[[4. 5.]", " [6. 6.]]",
  "T.signal.pool.pool2d(x, { ws: [2, 2], ignoreBorder: false }):",
  "[[4. 5. 5.]", " [6. 6. 4.]", " [6. 2. 0.]]",
  "T.signal.pool.pool2d(x, { ws: [3, 3], stride: [2, 2], pad: [1, 1], ignoreBorder: true, mode: 'average_exc_pad' }):",
  "[[2.         2.66666667 3.5       ]", " [3.         2.88888889 3.33333333]", " [4.         3.5        2.        ]]",
  "T.grad(T.nnet.conv2d(x, w).sum(), w) (each entry sums the pixels it meets):",
  "[[21. 25. 33.]", " [29. 26. 27.]", " [23. 20. 21.]]",
];

/** The output length of a convolution over n pixels with a k-tap filter. */
const size = (n: number, k: number, pad: number, stride = 1, dilation = 1) =>
  Math.floor((n + 2 * pad - dilation * (k - 1) - 1) / stride) + 1;

describe('tutorial: convolution and pooling', () => {
  it('the image is the one the numpy computation used', () => {
    expect(chapterImage().slice(0, 5)).toEqual([0, 1, 4, 2, 2]);
  });

  for (const backend of ['ref', 'onnx']) {
    it(`prints numpy's convolutions, poolings and filter gradient, and the output sizes (${backend})`, async () => {
      const out: string[] = [];
      await runConv((l) => out.push(l), { backend });
      expect(out.slice(0, NUMPY.length)).toEqual(NUMPY);
      const shape = (h: number, w: number) => `[1, 1, ${h}, ${w}]`;
      expect(out.slice(NUMPY.length)).toEqual([
        'output shapes of conv2d(x, w) by borderMode:',
        `  'valid': ${shape(size(5, 3, 0), size(5, 3, 0))}`,
        `  'full': ${shape(size(5, 3, 2), size(5, 3, 2))}`,
        `  'half': ${shape(size(5, 3, 1), size(5, 3, 1))}`,
        `  [2, 1]: ${shape(size(5, 3, 2), size(5, 3, 1))}`,
        `  'valid', subsample [2, 2]: ${shape(size(5, 3, 0, 2), size(5, 3, 0, 2))}`,
        `  'valid', filterDilation [2, 2]: ${shape(size(5, 3, 0, 1, 2), size(5, 3, 0, 1, 2))}`,
        'conv2dTranspose of the strided output, outputShape [1, 1, 5, 5]: [1, 1, 5, 5]',
      ]);
    });
  }
});
