// int64 maximum and minimum compare all 64 bits. onnxruntime's int64 Min and Max kernels compare only the
// low 32 (min(5, 2^31) gave 2^31, max(3e9, 5) gave 5), so the lowering compares with Less / Greater and
// selects with Where. Found by the conformance fuzzer: T.minimum(int16 x, 2147483648) (an int64 result).
import * as theano from 'theano-ts';
import '../src/index.js';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

describe('int64 maximum and minimum on onnx', () => {
  it('compare values beyond 32 bits', async () => {
    const z = T.lvector('z');
    const w = T.lvector('w');
    const f = theano.function([z, w], [T.minimum(z, w), T.maximum(z, w)], { backend: 'onnx' });
    const [mn, mx] = (await f(
      theano.array([5, 0, -7, 3e9, 5], 'int64'),
      theano.array([2 ** 31, 2 ** 31, 2 ** 31, 5, 2 ** 33 + 1], 'int64'),
    )) as theano.NDArray[];
    // by hand: elementwise min and max of the two columns
    expect(Array.from(mn!.toFloat64())).toEqual([5, 0, -7, 5, 5]);
    expect(Array.from(mx!.toFloat64())).toEqual([2 ** 31, 2 ** 31, 2 ** 31, 3e9, 2 ** 33 + 1]);
  });

  it('an int16 against the weak constant 2^31 (an int64 result)', async () => {
    const x = T.wvector('x');
    const f = theano.function([x], [T.minimum(x, 2147483648), T.maximum(x, 2147483648)], { backend: 'onnx' });
    const [mn, mx] = (await f(theano.array([5, 0, -7], 'int16'))) as theano.NDArray[];
    expect(mn!.dtype).toBe('int64');
    expect(Array.from(mn!.toFloat64())).toEqual([5, 0, -7]);
    expect(Array.from(mx!.toFloat64())).toEqual([2 ** 31, 2 ** 31, 2 ** 31]);
  });
});
