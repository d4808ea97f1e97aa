// T.nnet.conv2d / conv2dTranspose in core: the errors (naming conv2d, the argument, what was expected and
// given), the static and symbolic output shapes (worked out by hand from (size + 2·pad - dilated kernel) //
// stride + 1), the printed op, and a small convolution by hand. The values across every option are in the
// conformance cases (packages/conformance/src/cases-nnet-conv.ts, from scipy).

import { ancestors, type DType, TensorType, type TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;
const N = T.nnet;

/** A variable with a static shape (null: unknown size). */
const typed = (dtype: DType, shape: (number | null)[], name: string): TensorVariable =>
  TensorType.fromShape(dtype, shape).make(name);

describe('conv2d: errors', () => {
  const x = T.dtensor4('x');
  const w = T.dtensor4('w');
  it('rejects inputs of the wrong rank', () => {
    expect(() => N.conv2d(T.dmatrix('m'), w)).toThrow(
      /conv2d: input must be 4-d \(batch, channels, rows, cols\), got m/,
    );
    expect(() => N.conv2d(x, T.dtensor3('f'))).toThrow(/conv2d: filters must be 4-d/);
  });
  it('rejects a channel mismatch and groups that do not divide', () => {
    const xs = typed('float64', [null, 3, null, null], 'xs');
    const ws = typed('float64', [4, 2, 3, 3], 'ws');
    expect(() => N.conv2d(xs, ws)).toThrow(
      /conv2d: the image has 3 channels, the filters expect 2 per group × 1 group\(s\) = 2/,
    );
    const x4 = typed('float64', [null, 4, null, null], 'x4');
    const w3 = typed('float64', [3, 2, 3, 3], 'w3');
    expect(() => N.conv2d(x4, w3, { numGroups: 2 })).toThrow(
      /conv2d: 2 groups do not divide the filters' 3 output channels/,
    );
  });
  it('rejects bad options, naming them', () => {
    expect(() => N.conv2d(x, w, { subsample: [0, 1] })).toThrow(
      /conv2d: subsample must be a positive integer or two of them, got \[0,1\]/,
    );
    expect(() => N.conv2d(x, w, { filterDilation: -1 })).toThrow(/conv2d: filterDilation must be a positive integer/);
    expect(() => N.conv2d(x, w, { borderMode: 'same' as never })).toThrow(
      /conv2d: borderMode must be 'valid', 'full', 'half'/,
    );
    expect(() => N.conv2d(x, w, { numGroups: 0 })).toThrow(/conv2d: numGroups must be a positive integer, got 0/);
    expect(() => N.conv2d(x, w, { border_mode: 'full' } as never)).toThrow(/conv2d: unknown option 'border_mode'/);
    expect(() => N.conv2d(x, w, { filterShape: [1, 2, 3] })).toThrow(/conv2d: filterShape must be 4 sizes/);
    const ws = typed('float64', [4, 2, 3, 3], 'ws');
    expect(() => N.conv2d(x, ws, { filterShape: [4, 2, 5, 3] })).toThrow(
      /conv2d: filterShape says dimension 2 is 5, but ws/,
    );
  });
  it('conv2dTranspose needs outputShape, and checks its channels', () => {
    expect(() => N.conv2dTranspose(x, w)).toThrow(/conv2dTranspose: outputShape is required/);
    const ws = typed('float64', [4, 2, 3, 3], 'ws');
    expect(() => N.conv2dTranspose(x, ws, { outputShape: [1, 3, 5, 5] })).toThrow(
      /conv2dTranspose: outputShape's channels are 3, but the filters .* make 2/,
    );
  });
  it('names the gradient op when the output gradient has the wrong shape at run time', () => {
    const y = T.dtensor4('y');
    const f = theano.function([y, w], N.conv2dTranspose(y, w, { outputShape: [1, 1, 5, 5] }), { backend: 'ref' });
    // 5x5 through 3x3 filters gives 3x3, not 2x2
    expect(() =>
      f.callSync(
        theano.array([
          [
            [
              [1, 2],
              [3, 4],
            ],
          ],
        ]),
        theano.array([
          [
            [
              [1, 0, 0],
              [0, 0, 0],
              [0, 0, 0],
            ],
          ],
        ]),
      ),
    ).toThrow(/conv2dGradInputs: the output gradient has shape \(1, 1, 2, 2\), expected \(1, 1, 3, 3\)/);
  });
});

describe('conv2d: shapes', () => {
  const x = typed('float32', [2, 3, 7, 6], 'x');
  const w = typed('float32', [4, 3, 3, 2], 'w');
  it('knows the output shape statically where the sizes are known', () => {
    // valid: (7-3)/1+1 = 5, (6-2)/1+1 = 5; full: 7+3-1 = 9, 6+2-1 = 7; half (pads 1, 1): 7, 7;
    // pad (1, 2), stride 2, dilation 2 (dilated 5x3): (7+2-5)//2+1 = 3, (6+4-3)//2+1 = 4
    expect(N.conv2d(x, w).type.shape).toEqual([2, 4, 5, 5]);
    expect(N.conv2d(x, w, { borderMode: 'full' }).type.shape).toEqual([2, 4, 9, 7]);
    expect(N.conv2d(x, w, { borderMode: 'half' }).type.shape).toEqual([2, 4, 7, 7]);
    expect(N.conv2d(x, w, { borderMode: [1, 2], subsample: 2, filterDilation: 2 }).type.shape).toEqual([2, 4, 3, 4]);
    expect(N.conv2d(x, w).dtype).toBe('float32');
    expect(N.conv2dTranspose(T.ftensor4('y'), w, { outputShape: [2, 3, 7, 6] }).type.shape).toEqual([null, 3, 7, 6]);
  });
  it('computes unknown sizes from the input sizes, never from the values', () => {
    const xs = T.dtensor4('xs');
    const ws = T.dtensor4('ws');
    const z = N.conv2d(xs, ws, { borderMode: 'half', subsample: [2, 1], filterDilation: [1, 2] });
    const sizes = [0, 1, 2, 3].map((k) => T.shapeI(z, k));
    for (const s of sizes) {
      expect([...ancestors([s])].some((v) => v.owner?.op.kind === 'conv2d')).toBe(false);
    }
    const f = theano.function([xs, ws], sizes, { backend: 'ref', onUnusedInput: 'ignore' });
    // x (2, 3, 9, 8), w (5, 3, 4, 3): dilated 4x5, half pads (2, 2): (9+4-4)//2+1 = 5, (8+4-5)//1+1 = 8
    const out = f.callSync(theano.zeros([2, 3, 9, 8]), theano.zeros([5, 3, 4, 3]));
    expect(out.map((v) => v.item())).toEqual([2, 5, 5, 8]);
  });
  it('gives the gradients the shapes of the image and the filters', () => {
    const xs = T.dtensor4('xs');
    const ws = T.dtensor4('ws');
    const z = N.conv2d(xs, ws, { subsample: 2, numGroups: 2 });
    const [gx, gw] = T.grad(T.sum(z), [xs, ws]) as TensorVariable[];
    const f = theano.function([xs, ws], [T.shape(gx!), T.shape(gw!)], { backend: 'ref' });
    const [sx, sw] = f.callSync(theano.zeros([1, 4, 7, 6]), theano.zeros([6, 2, 3, 2]));
    expect(Array.from(sx!.toFloat64())).toEqual([1, 4, 7, 6]);
    expect(Array.from(sw!.toFloat64())).toEqual([6, 2, 3, 2]);
  });
});

describe('conv2d: values and printing', () => {
  it('convolves (flips the filters) by default and correlates with filterFlip false', () => {
    const x = T.dtensor4('x');
    const w = T.dtensor4('w');
    const f = theano.function([x, w], [N.conv2d(x, w), N.conv2d(x, w, { filterFlip: false })], { backend: 'ref' });
    // x = [[1, 2, 3], [4, 5, 6]], w = [[1, 10]]: the convolution takes 10·x[j] + x[j+1], the correlation x[j] + 10·x[j+1]
    const [conv, corr] = f.callSync(
      theano.array([
        [
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
        ],
      ]),
      theano.array([[[[1, 10]]]]),
    );
    expect(conv!.toArray()).toEqual([
      [
        [
          [12, 23],
          [45, 56],
        ],
      ],
    ]);
    expect(corr!.toArray()).toEqual([
      [
        [
          [21, 32],
          [54, 65],
        ],
      ],
    ]);
  });
  it('casts integer operands to float', () => {
    const z = N.conv2d(T.itensor4('x'), T.itensor4('w'));
    expect(z.dtype).toBe('float64');
  });
  it("prints as Theano's AbstractConv2d", () => {
    const z = N.conv2d(T.dtensor4('x'), T.dtensor4('w'), { borderMode: [1, 2], subsample: 2 });
    expect(String(z.owner!.op)).toBe(
      'AbstractConv2d{border_mode=(1, 2), subsample=(2, 2), filter_flip=True, filter_dilation=(1, 1), num_groups=1}',
    );
    const t = N.conv2dTranspose(T.dtensor4('y'), T.dtensor4('w'), { outputShape: [1, 1, 5, 5], borderMode: 'half' });
    expect(String(t.owner!.op)).toMatch(/^AbstractConv2d_gradInputs\{border_mode='half'/);
    // Theano's input_dilation is conv2dTranspose's subsample
    const u = N.conv2dTranspose(T.dtensor4('y'), T.dtensor4('w'), { outputShape: [1, 1, 5, 5], inputDilation: 2 });
    expect(String(u.owner!.op)).toMatch(/subsample=\(2, 2\)/);
    expect(() =>
      N.conv2dTranspose(T.dtensor4('y'), T.dtensor4('w'), {
        outputShape: [1, 1, 5, 5],
        inputDilation: 2,
        subsample: 2,
      }),
    ).toThrow(/conv2dTranspose: give subsample or inputDilation/);
  });
});
