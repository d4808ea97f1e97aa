// T.floor, T.ceil, T.trunc and T.round (halves away from zero by default, as Theano; numpy's halves-to-even
// with { mode: 'half_to_even' }), and the unit conversions and reciprocals beside them. Expected values are
// numpy's (np.floor, np.ceil, np.trunc, np.round) and C's round, worked out by hand.
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;
const xs = [-2.5, -1.5, -0.5, -0.4, 0.4, 0.5, 1.5, 2.5, 2.7];

function run(f: (x: theano.TensorVariable) => theano.TensorVariable, values: readonly number[]): number[] {
  const x = T.dvector('x');
  return Array.from(theano.function([x], f(x)).callSync(values).toFloat64());
}

describe('rounding', () => {
  it('floor, ceil, trunc', () => {
    expect(run(T.floor, xs)).toEqual([-3, -2, -1, -1, 0, 0, 1, 2, 2]);
    expect(run(T.ceil, xs)).toEqual([-2, -1, -0, -0, 1, 1, 2, 3, 3]);
    expect(run(T.trunc, xs)).toEqual([-2, -1, -0, -0, 0, 0, 1, 2, 2]);
  });

  it('round: halves away from zero by default, to even on request', () => {
    expect(run((x) => T.round(x), xs)).toEqual([-3, -2, -1, -0, 0, 1, 2, 3, 3]);
    expect(run((x) => T.round(x, { mode: 'half_to_even' }), xs)).toEqual([-2, -2, -0, -0, 0, 0, 2, 2, 3]);
  });

  it('rejects an unknown option or mode, naming it', () => {
    const x = T.dvector('x');
    expect(() => T.round(x, { mod: 'x' } as never)).toThrow(/round: unknown option "mod"/);
    expect(() => T.round(x, { mode: 'up' } as never)).toThrow(/round: mode must be/);
  });

  it('integers give floats; the gradient is zero; pp prints the function', () => {
    const i = T.ivector('i');
    expect(T.floor(i).dtype).toBe('float64');
    const x = T.dvector('x');
    const g = T.grad(T.sum(T.floor(x)), x);
    expect(Array.from(g.evalSync([[x, [0.5, 1.5]]]).toFloat64())).toEqual([0, 0]);
    expect(theano.pp(T.floor(x))).toBe('floor(x)');
  });

  it('exp2, log10, inv, deg2rad, rad2deg', () => {
    expect(run(T.exp2, [-1, 0, 3, 0.5])).toEqual([0.5, 1, 8, Math.SQRT2]);
    expect(run(T.log10, [1, 10, 1000, 0.01])).toEqual([0, 1, 3, -2]);
    expect(run(T.inv, [2, -4, 0])).toEqual([0.5, -0.25, Number.POSITIVE_INFINITY]);
    const r = run(T.deg2rad, [180, 90, -45]);
    expect(r[0]).toBeCloseTo(Math.PI, 15);
    expect(r[1]).toBeCloseTo(Math.PI / 2, 15);
    expect(r[2]).toBeCloseTo(-Math.PI / 4, 15);
    expect(run(T.rad2deg, [Math.PI, 0])[0]).toBeCloseTo(180, 12);
  });
});

describe('isnan, isinf', () => {
  it('flag NaN and the infinities; integers are neither', () => {
    const x = T.dvector('x');
    const f = theano.function([x], [T.isnan(x), T.isinf(x)]);
    const [n, i] = f.callSync([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, 1]);
    expect(n!.dtype).toBe('bool');
    expect(Array.from(n!.toFloat64())).toEqual([1, 0, 0, 0, 0]);
    expect(Array.from(i!.toFloat64())).toEqual([0, 1, 1, 0, 0]);
    const k = T.ivector('k');
    expect(
      Array.from(
        T.isnan(k)
          .evalSync([[k, [1, 2]]])
          .toFloat64(),
      ),
    ).toEqual([0, 0]);
  });
});
