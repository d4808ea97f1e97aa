import { fromFloat64 } from '@theano-ts/core';
import { describe, expect, it } from 'vitest';
import { elemwise } from '../src/kernels/index.js';

// Reference values printed by numpy 2.4 (np.floor_divide, np.mod, np.power on int32 and float64 arrays).
// JSON cannot hold NaN or infinities: null is NaN, "inf" / "-inf" are the infinities.
const NUMPY = {
  ia: [-7, 7, -7, 7, 0, -1, 1, 5, -5, -128, 127, 9, -9, 3, -3, 2147483647, -2147483648, -2147483648],
  ib: [2, -2, -2, 2, 3, 3, -3, 0, 0, 7, -7, -4, 4, 3, 3, 2, -1, 3],
  fa: [-7.5, 7.5, -7.5, 7.5, 0.0, -0.0, 1.0, 5.0, -5.0, -1.0, 1.0, 'inf', '-inf', null, 2.5, 1e300, -3.0, 0.3],
  fb: [2.0, -2.0, -2.0, 2.0, 3.0, 3.0, -3.0, 0.0, 0.0, 'inf', '-inf', 2.0, 2.0, 1.0, null, 1e-300, -0.0, 0.1],
  idiv: [-4, -4, 3, 3, 0, -1, -1, 0, 0, -19, -19, -3, -3, 1, -1, 1073741823, -2147483648, -715827883],
  imod: [1, -1, -1, 1, 0, 2, -2, 0, 0, 5, -6, -3, 3, 0, 0, 1, 0, 1],
  fdiv: [-4.0, -4.0, 3.0, 3.0, 0.0, -0.0, -1.0, 'inf', '-inf', -1.0, -1.0, null, null, null, null, 'inf', 'inf', 2.0],
  fmod: [
    0.5,
    -0.5,
    -1.5,
    1.5,
    0.0,
    0.0,
    -2.0,
    null,
    null,
    'inf',
    '-inf',
    null,
    null,
    null,
    null,
    4.891554850853602e-301,
    null,
    0.09999999999999998,
  ],
  fdivsign: [
    true,
    true,
    false,
    false,
    false,
    true,
    true,
    false,
    true,
    true,
    true,
    true,
    true,
    false,
    false,
    false,
    false,
    false,
  ],
  fmodsign: [
    false,
    true,
    true,
    false,
    false,
    false,
    true,
    true,
    true,
    false,
    true,
    true,
    true,
    false,
    false,
    false,
    true,
    false,
  ],
  pa: [2.0, -2.0, 0.0, -0.0, null, 1.0, -1.0, 0.5, -8.0, 'inf', '-inf', 2.0],
  pb: [0.5, 3.0, -1.0, -1.0, 0.0, null, 'inf', '-inf', 0.3333333333333333, -2.0, 3.0, 1024.0],
  pow: [Math.SQRT2, -8.0, 'inf', '-inf', 1.0, 1.0, 1.0, 'inf', null, 0.0, '-inf', 'inf'],
};

type Enc = number | string | null;
const dec = (xs: readonly Enc[]): number[] =>
  xs.map((x) => (x === null ? Number.NaN : x === 'inf' ? Infinity : x === '-inf' ? -Infinity : (x as number)));

/** Same value, NaN equal to NaN, and the sign of zero checked where numpy's signbit is given. */
function expectSame(got: number[], want: number[], signbit?: readonly boolean[]): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as number;
    const g = got[i] as number;
    if (Number.isNaN(w)) expect(g, `element ${i}`).toBeNaN();
    else expect(g, `element ${i}`).toBe(w);
    if (signbit && w === 0) expect(Object.is(g, -0), `sign of element ${i}`).toBe(signbit[i]);
  }
}

describe('elemwise against numpy reference values', () => {
  const ia = fromFloat64(NUMPY.ia, [NUMPY.ia.length], 'int32');
  const ib = fromFloat64(NUMPY.ib, [NUMPY.ib.length], 'int32');
  const fa = fromFloat64(dec(NUMPY.fa), [NUMPY.fa.length], 'float64');
  const fb = fromFloat64(dec(NUMPY.fb), [NUMPY.fb.length], 'float64');
  const run = (name: 'int_div' | 'mod' | 'pow', a: typeof ia, b: typeof ia, out: 'int32' | 'float64') =>
    Array.from(elemwise(name, [a, b], out).toFloat64());

  it('int_div and mod on int32 (floor semantics, x // 0 = x % 0 = 0, wrapping)', () => {
    expectSame(run('int_div', ia, ib, 'int32'), NUMPY.idiv);
    expectSame(run('mod', ia, ib, 'int32'), NUMPY.imod);
  });
  it('int_div and mod on float64 (npy_divmod, including zeros, infinities and NaN)', () => {
    expectSame(run('int_div', fa, fb, 'float64'), dec(NUMPY.fdiv), NUMPY.fdivsign);
    expectSame(run('mod', fa, fb, 'float64'), dec(NUMPY.fmod), NUMPY.fmodsign);
  });
  it('pow on float64 (C pow special cases)', () => {
    const pa = fromFloat64(dec(NUMPY.pa), [NUMPY.pa.length], 'float64');
    const pb = fromFloat64(dec(NUMPY.pb), [NUMPY.pb.length], 'float64');
    expectSame(run('pow', pa, pb, 'float64'), dec(NUMPY.pow));
  });
});
