// numpy's integer dot wraps: int8/int16/int32 products and sums are taken modulo 2^32 (then the dtype's
// width), exactly. The reference kernel used to accumulate in doubles, which drop the low bits of sums
// beyond 2^53 (found by the conformance fuzzer: ref gave 0 where numpy and onnx give 1).
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

describe('integer dot wraps as numpy', () => {
  it('int32: (-2^31)·(-2^24) + (-1)·(-1) = 2^55 + 1 ≡ 1 (mod 2^32)', () => {
    const x = T.ivector('x');
    const y = T.ivector('y');
    const f = theano.function([x, y], T.dot(x, y), { backend: 'ref' });
    const out = f.callSync(theano.array([-2147483648, 0, -1], 'int32'), theano.array([-16777216, 5, -1], 'int32'));
    expect(out.dtype).toBe('int32');
    expect(out.item()).toBe(1);
  });

  it('int32 matrix·matrix: 46341² = 2147488281 wraps to 2147488281 - 2^32 = -2147479015', () => {
    const a = T.imatrix('a');
    const f = theano.function([a], T.dot(a, a), { backend: 'ref' });
    // [[46341, 0], [0, 1]]² = [[46341², 0], [0, 1]]
    const out = f.callSync(
      theano.array(
        [
          [46341, 0],
          [0, 1],
        ],
        'int32',
      ),
    );
    expect(out.toArray()).toEqual([
      [-2147479015, 0],
      [0, 1],
    ]);
  });

  it('int8: 100·100 + 100·100 = 20000 ≡ 32 (mod 256); int16: 20000 + 20000 = 40000 ≡ -25536 (mod 65536)', () => {
    const b = T.bvector('b');
    const fb = theano.function([b], T.dot(b, b), { backend: 'ref' });
    expect(fb.callSync(theano.array([100, 100], 'int8')).item()).toBe(32);
    const w = T.wvector('w');
    const v = T.wvector('v');
    const fw = theano.function([w, v], T.dot(w, v), { backend: 'ref' });
    expect(fw.callSync(theano.array([200, 200], 'int16'), theano.array([100, 100], 'int16')).item()).toBe(-25536);
  });
});
