// The tensor module's further elementwise functions: types, errors, printing, values (mpmath / numpy /
// scipy, or worked by hand) and Theano's gradient rules for clip and switch.
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

function values(v: theano.TensorVariable, inputs: [theano.TensorVariable, unknown][] = []): number[] {
  return Array.from((v.evalSync(inputs) as theano.NDArray).toFloat64());
}

/** |got - want| within `rel` of |want| (mpmath's value rounded to a double). */
function close(got: number, want: number, rel = 4e-16): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.abs(want));
}

describe('types', () => {
  it('float functions upgrade integers; clip and switch promote their values', () => {
    expect(T.tan(T.ivector('i')).dtype).toBe('float64');
    expect(T.arcsinh(T.fvector('f')).dtype).toBe('float32');
    expect(T.clip(T.fvector('f'), 0, 1).dtype).toBe('float32');
    expect(T.clip(T.ivector('i'), 0, 1).dtype).toBe('int32');
    const s = T.switch(T.gt(T.fmatrix('m'), 0), T.fvector('v'), 0);
    expect(s.dtype).toBe('float32');
    expect(s.ndim).toBe(2);
    expect(T.where(T.bvector('c'), T.dvector('a'), T.fvector('b')).dtype).toBe('float64');
    expect(T.iround(T.fvector('f')).dtype).toBe('int64');
    expect(T.isclose(T.dvector('a'), T.dvector('b')).dtype).toBe('bool');
    expect(T.allclose(T.dvector('a'), T.dvector('b')).ndim).toBe(0);
  });

  it('bitwise ops take integers and bools only', () => {
    expect(T.and_(T.ivector('i'), T.bvector('b')).dtype).toBe('int32');
    expect(T.xor(T.vector('p', 'bool'), T.vector('q', 'bool')).dtype).toBe('bool');
    expect(T.invert(T.vector('p', 'bool')).dtype).toBe('bool');
    expect(() => T.or_(T.fvector('f'), T.ivector('i'))).toThrow(
      /Elemwise\{or_\}: expected integer or bool inputs, got float32 and int32/,
    );
    expect(() => T.invert(T.dvector('d'))).toThrow(/Elemwise\{invert\}: expected an integer input, got float64/);
  });

  it('complex parts', () => {
    const z = T.complex(T.fvector('a'), T.fvector('b'));
    expect(z.dtype).toBe('complex64');
    expect(T.complex(T.dvector('a'), T.ivector('b')).dtype).toBe('complex128');
    expect(z.real.dtype).toBe('float32');
    expect(z.imag.dtype).toBe('float32');
    expect(T.angle(z).dtype).toBe('float32');
    expect(T.conj(z).dtype).toBe('complex64');
    expect(T.angle(T.ivector('i')).dtype).toBe('float64');
    expect(() => T.complex(z, z)).toThrow(/Elemwise\{complex\}: expected real inputs/);
  });

  it("prints Theano's names", () => {
    const x = T.dvector('x');
    expect(String(T.clip(x, 0, 1).owner!.op)).toBe('Elemwise{clip,no_inplace}');
    expect(String(T.switch(T.gt(x, 0), x, 0).owner!.op)).toBe('Elemwise{switch,no_inplace}');
    expect(String(T.arctan2(x, x).owner!.op)).toBe('Elemwise{arctan2,no_inplace}');
    expect(theano.pp(T.tan(x))).toBe('tan(x)');
    expect(theano.pp(T.gammaln(x))).toBe('gammaln(x)');
  });
});

describe('values', () => {
  it('special functions (mpmath)', () => {
    const x = T.dscalar('x');
    const at = (f: (v: theano.TensorVariable) => theano.TensorVariable, v: number) => values(f(x), [[x, v]])[0]!;
    close(at(T.erfc, 3), 2.209049699858544e-5);
    close(at(T.erfc, 10), 2.088487583762545e-45, 2e-15);
    close(at(T.erfcx, 10), 0.05614099274382259);
    close(at(T.erfinv, 0.5), 0.4769362762044699);
    close(at(T.erfcinv, 1e-10), 4.572824967389486, 1e-15);
    close(at(T.psi, 0.25), -4.2274535333762655);
    close(at(T.gammaln, 100), 359.1342053695754);
    close(at(T.gammaln, -2.5), -0.056243716497674054, 2e-15);
    close(at(T.gamma, 0.1), 9.51350769866873, 2e-15);
    close(at(T.gamma, -1.5), 2.363271801207355, 2e-15);
    expect(at(T.gamma, 5)).toBe(24);
    expect(at(T.gammaln, 1)).toBe(0);
    expect(at(T.gamma, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(at(T.erfinv, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(at(T.erfinv, 1.5)).toBeNaN();
  });

  it('clip, switch, iround, bitwise (by hand)', () => {
    const x = T.dvector('x');
    expect(values(x.clip(-1, 1), [[x, [-3, 0.5, 2, Number.NaN]]])).toEqual([-1, 0.5, 1, Number.NaN]);
    expect(values(T.switch(T.lt(x, 0), -1, x), [[x, [-3, 0.5, Number.NaN]]])).toEqual([-1, 0.5, Number.NaN]);
    expect(values(T.iround(x), [[x, [-2.5, -0.4, 0.5, 1.5]]])).toEqual([-3, 0, 1, 2]);
    const i = T.ivector('i');
    expect(values(T.bitwiseAnd(i, 6), [[i, [5, -1, 8]]])).toEqual([4, 6, 0]);
    expect(values(T.bitwiseNot(i), [[i, [0, -1, 7]]])).toEqual([-1, 0, -8]);
    const l = T.lvector('l');
    // beyond 32 bits (BigInt path): 2^40 + 3 and 2^40 + 5
    expect(values(T.and_(l, 2 ** 40 + 5), [[l, [2 ** 40 + 3]]])).toEqual([2 ** 40 + 1]);
  });

  it('isclose and allclose: tolerances, NaN, infinities, options', () => {
    const a = T.dvector('a');
    const b = T.dvector('b');
    const ins: [theano.TensorVariable, unknown][] = [
      [a, [1, 1.1, Number.NaN, Number.POSITIVE_INFINITY]],
      [b, [1 + 1e-9, 1, Number.NaN, Number.POSITIVE_INFINITY]],
    ];
    expect(values(T.isclose(a, b), ins)).toEqual([1, 0, 0, 1]);
    expect(values(T.isclose(a, b, { rtol: 0.2, equalNan: true }), ins)).toEqual([1, 1, 1, 1]);
    expect(values(T.allclose(a, b, 0.2, 1e-8, true), ins)).toEqual([1]);
    expect(() => T.isclose(a, b, { tol: 1 } as never)).toThrow(/isclose: unknown option 'tol'/);
  });

  it('complex parts (numpy)', () => {
    const a = T.dvector('a');
    const b = T.dvector('b');
    const z = T.complex(a, b);
    const ins: [theano.TensorVariable, unknown][] = [
      [a, [3, -1]],
      [b, [-4, 0]],
    ];
    expect(values(T.abs(z), ins)).toEqual([5, 1]);
    expect(values(T.angle(z), ins)).toEqual([Math.atan2(-4, 3), Math.PI]);
    expect(values(T.conj(z).imag, ins)).toEqual([4, -0]);
  });
});

describe('gradients', () => {
  it("clip: Theano's rule (x gets gz on the closed interval, lo below it, hi above it)", () => {
    const x = T.dvector('x');
    const lo = T.dvector('lo');
    const hi = T.dvector('hi');
    const [gx, glo, ghi] = T.grad(T.sum(T.clip(x, lo, hi)), [x, lo, hi]) as theano.TensorVariable[];
    const ins: [theano.TensorVariable, unknown][] = [
      [x, [-2, -1, 0, 1, 2]],
      [lo, [-1, -1, -1, -1, -1]],
      [hi, [1, 1, 1, 1, 1]],
    ];
    expect(values(gx!, ins)).toEqual([0, 1, 1, 1, 0]);
    expect(values(glo!, ins)).toEqual([1, 0, 0, 0, 0]);
    expect(values(ghi!, ins)).toEqual([0, 0, 0, 0, 1]);
  });

  it('switch: the branch taken gets the gradient', () => {
    const c = T.vector('c', 'bool');
    const a = T.dvector('a');
    const b = T.dvector('b');
    const [ga, gb] = T.grad(T.sum(T.switch(c, a.mul(3), b)), [a, b]) as theano.TensorVariable[];
    const ins: [theano.TensorVariable, unknown][] = [
      [c, [true, false]],
      [a, [1, 1]],
      [b, [1, 1]],
    ];
    expect(values(ga!, ins)).toEqual([3, 0]);
    expect(values(gb!, ins)).toEqual([0, 1]);
  });

  it("psi's gradient is not implemented (as in Theano)", () => {
    const x = T.dscalar('x');
    expect(() => T.grad(T.psi(x), x)).toThrow(/gradient of psi .* not implemented/);
  });
});
