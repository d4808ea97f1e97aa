// softplus on onnx (max(x, 0) + log1p(e^-|x|), its log1p specialized to arguments in [+0, 1]): the values of
// the formula computed in doubles with Math.log1p, on the special values and across the ranges where each
// branch of the formula is taken (1 + e^-|x| rounding to 1, the corrected logarithm), in float64.
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { T } from './helpers.js';

/** softplus in doubles: x + log1p(e^-x) above 0, log1p(e^x) below. */
const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/** The distance in units in the last place between two doubles of the same sign. */
function ulps(a: number, b: number): number {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Number(view.getBigInt64(0) - view.getBigInt64(8));
}

describe('softplus on onnx', () => {
  it('special values: softplus(-inf) = +0, softplus(inf) = inf, NaN stays NaN, ±0 give log 2', async () => {
    const x = T.dvector('x');
    const f = theano.function([x], T.nnet.softplus(x), { backend: 'onnx' });
    const r = Array.from(
      (await f(theano.array([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NaN, -0, 0]))).toFloat64(),
    );
    expect(Object.is(r[0], 0)).toBe(true);
    expect(r[1]).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(r[2])).toBe(true);
    expect(r[3]).toBeCloseTo(Math.LN2, 15);
    expect(r[4]).toBeCloseTo(Math.LN2, 15);
    f.dispose();
  });

  it('within 2 ulp of the double formula from -745 to 745 (tiny, moderate and saturated e^-|x|)', async () => {
    const xs: number[] = [];
    for (let k = -745; k <= 745; k += 0.37) xs.push(k);
    for (let e = -30; e <= 0; e++) xs.push(2 ** e, -(2 ** e), 3 * 2 ** (e - 2));
    const x = T.dvector('x');
    const f = theano.function([x], T.nnet.softplus(x), { backend: 'onnx' });
    const got = (await f(theano.array(xs))).toFloat64();
    const worst = Math.max(...xs.map((v, i) => Math.abs(ulps(got[i]!, softplus(v)))));
    expect(worst).toBeLessThanOrEqual(2);
    f.dispose();
  });
});
