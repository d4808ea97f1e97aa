// local_pow_specialize keeps the precision of the pow it replaces: an int16 x ** 0.5 is float64 (numpy: an
// int16 array and a Python float give float64), so its sqrt is taken in float64, not in sqrt(int16)'s float32.
// Found by the conformance fuzzer: FAST_RUN gave 4.123105525970459 for 17 ** 0.5.
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

describe('local_pow_specialize on integers', () => {
  const x = T.wvector('x');

  it('int16 x ** 0.5 under FAST_RUN is the float64 square root (Math.sqrt(17) = 4.123105625617661)', () => {
    const f = theano.function([x], x.pow(0.5), { mode: 'FAST_RUN', backend: 'ref' });
    const out = f.callSync(theano.array([17, 4], 'int16'));
    expect(out.dtype).toBe('float64');
    expect(Array.from(out.toFloat64())).toEqual([Math.sqrt(17), 2]);
  });
});
