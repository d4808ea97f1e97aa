// local_log_sigmoid rewrites log(sigmoid(x)) to -softplus(-x); -x must be taken in the float dtype of the
// result: for an int16 x = -32768, int16 negation wraps to -32768 itself and FAST_RUN gave -0. The value is
// log(1 / (1 + e^32768)) = -32768 - log1p(e^-32768) = -32768 (exactly, in float32). Found by the
// conformance fuzzer.
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

describe('local_log_sigmoid on integers', () => {
  it('log(sigmoid(int16 -32768)) under FAST_RUN is -32768 (float32), and log(sigmoid(0)) = log(1/2)', () => {
    const x = T.wvector('x');
    const f = theano.function([x], T.log(T.sigmoid(x)), { mode: 'FAST_RUN', backend: 'ref' });
    const out = f.callSync(theano.array([-32768, 0], 'int16'));
    expect(out.dtype).toBe('float32');
    expect(Array.from(out.toFloat64())).toEqual([-32768, Math.fround(Math.log(0.5))]);
  });
});
