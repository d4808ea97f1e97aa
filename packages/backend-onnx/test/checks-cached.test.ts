// Run-time checks that read only the inputs' sizes are skipped when a call repeats the shapes of the last
// call that passed them (src/index.ts `OnnxExecutable.run`): a mismatch after a passing call, and again
// after it, still fails, and the passing shapes still give the right values.
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { T } from './helpers.js';

describe('size checks between calls', () => {
  it('a mismatched shape fails every time, between calls with the shapes that passed', async () => {
    const A = T.dmatrix('A');
    const B = T.dmatrix('B');
    const f = theano.function([A, B], A.dot(B), { backend: 'onnx' });
    const good = [theano.array([[1, 2, 3]]), theano.array([[1], [2], [3]])] as const;
    const bad = [theano.array([[1, 2, 3]]), theano.array([[1], [2]])] as const;
    for (let k = 0; k < 3; k++) {
      // [1, 2, 3] · [1, 2, 3]ᵀ = 14
      expect(Array.from(((await f(...good)) as theano.NDArray).toFloat64())).toEqual([14]);
      await expect(f(...bad)).rejects.toThrow(/dot|shape|align|size/i);
    }
    f.dispose();
  });

  it('a broadcasting check fails for a size-1 input where its type does not broadcast, after passing calls', async () => {
    const x = T.dmatrix('x');
    const y = T.dmatrix('y');
    const f = theano.function([x, y], x.add(y), { backend: 'onnx' });
    const a = theano.array([
      [1, 2],
      [3, 4],
    ]);
    expect(Array.from(((await f(a, a)) as theano.NDArray).toFloat64())).toEqual([2, 4, 6, 8]);
    await expect(f(a, theano.array([[1, 2]]))).rejects.toThrow(/does not allow broadcasting/);
    expect(Array.from(((await f(a, a)) as theano.NDArray).toFloat64())).toEqual([2, 4, 6, 8]);
    await expect(f(a, theano.array([[1, 2]]))).rejects.toThrow(/does not allow broadcasting/);
    f.dispose();
  });
});
