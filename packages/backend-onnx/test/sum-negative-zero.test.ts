// Sums of negative zeros are +0, as numpy 2.4 gives them (np.sum(np.array([-0.0, -0.0])) == 0.0, with a
// positive sign; np.array([[-0.0], [-0.0]]).sum(0) == [0.0]); onnxruntime's ReduceSum starts from the first
// element and gave -0, so 1 // sum(...) was -inf where numpy gives inf. Found by the conformance fuzzer.
import * as theano from 'theano-ts';
import '../src/index.js';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

describe('sums of negative zeros on onnx', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`${dtype}: a full sum and an axis sum of -0 are +0; 1 // the sum is +inf`, async () => {
      const x = T.tensor(dtype, [false, false], 'x');
      const f = theano.function([x], [x.sum(), x.sum(0), T.intDiv(1, x.sum())], { backend: 'onnx' });
      const [all, cols, q] = (await f(theano.array([[-0, -0]], dtype))) as theano.NDArray[];
      expect(Object.is(all!.item(), 0)).toBe(true);
      expect(Array.from(cols!.toFloat64(), (v) => Object.is(v, 0))).toEqual([true, true]);
      expect(q!.item()).toBe(Number.POSITIVE_INFINITY);
    });
  }

  it('a sum with a non-zero keeps its value and sign: [-0, -2.5] sums to -2.5', async () => {
    const x = T.dvector('x');
    const f = theano.function([x], x.sum(), { backend: 'onnx' });
    expect((await f(theano.array([-0, -2.5], 'float64'))).item()).toBe(-2.5);
  });
});
