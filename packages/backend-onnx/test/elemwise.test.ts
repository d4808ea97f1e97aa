// Elementwise ops on onnx against the reference backend, on random inputs, for every op × dtype, with
// broadcasting, mixed dtypes and weak constants; plus hand-checked values for the integer corner cases
// (floor division and modulo signs, division by zero, wrapping) computed with numpy 2.4.

import type { DType, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { bothThrow, compareWithRef, DISCRETE, FLOATS, REAL, randomArray, seeded, T, tensorOf } from './helpers.js';

type Binary = (a: TensorVariable, b: TensorVariable) => TensorVariable;

const ARITH: Record<string, Binary> = {
  add: (a, b) => a.add(b),
  sub: (a, b) => a.sub(b),
  mul: (a, b) => a.mul(b),
  true_div: (a, b) => a.div(b),
  int_div: (a, b) => a.intDiv(b),
  mod: (a, b) => a.mod(b),
  pow: (a, b) => a.pow(b),
  maximum: (a, b) => a.maximum(b),
  minimum: (a, b) => a.minimum(b),
};
const COMPARE: Record<string, Binary> = {
  lt: (a, b) => a.lt(b),
  le: (a, b) => a.le(b),
  gt: (a, b) => a.gt(b),
  ge: (a, b) => a.ge(b),
  eq: (a, b) => a.eq(b),
  neq: (a, b) => a.neq(b),
};
const UNARY: Record<string, (a: TensorVariable) => TensorVariable> = {
  neg: (a) => a.neg(),
  abs: (a) => a.abs(),
  exp: (a) => a.exp(),
  log: (a) => a.log(),
  sqrt: (a) => a.sqrt(),
  sin: (a) => a.sin(),
  cos: (a) => a.cos(),
  tanh: (a) => a.tanh(),
  sgn: (a) => T.sgn(a),
};

/** Builds `f(a, b)`, or null where theano-ts itself rejects the dtypes (numpy rejects bool - bool too). */
function build(f: Binary, a: TensorVariable, b: TensorVariable): TensorVariable | null {
  try {
    return f(a, b);
  } catch (e) {
    if (e instanceof TypeError) return null;
    throw e;
  }
}

describe('binary arithmetic, every dtype, same shapes and broadcast rows', () => {
  for (const [name, f] of Object.entries(ARITH)) {
    for (const dtype of REAL) {
      it(`${name} on ${dtype}`, async () => {
        const rand = seeded(11);
        const a = tensorOf(dtype, 2, 'a');
        const b = tensorOf(dtype, [true, false], 'b');
        const out = build(f, a, b);
        const built = build(f, a, a);
        expect(out === null, `${name} builds on ${dtype} for both shapes or neither`).toBe(built === null);
        if (out === null) {
          // the only dtype theano-ts rejects for arithmetic is bool in sub (as numpy)
          expect([name, dtype]).toEqual(['sub', 'bool']);
          return;
        }
        const nonNeg = name === 'pow' && dtype !== 'float32' && dtype !== 'float64';
        const av = randomArray(dtype, [3, 4], rand, nonNeg ? 0 : -9, 9);
        const bv = randomArray(dtype, [1, 4], rand, nonNeg ? 0 : -4, nonNeg ? 3 : 4);
        await compareWithRef([a, b], out, [av, bv], `${name}(${dtype})`);
      });
    }
  }
});

describe('comparisons, every dtype, with NaN', () => {
  for (const [name, f] of Object.entries(COMPARE)) {
    for (const dtype of REAL) {
      it(`${name} on ${dtype}`, async () => {
        const rand = seeded(5);
        const a = tensorOf(dtype, 1, 'a');
        const b = tensorOf(dtype, 1, 'b');
        const av = randomArray(dtype, [12], rand, -2, 2);
        const bv = randomArray(dtype, [12], rand, -2, 2);
        if (dtype.startsWith('float')) {
          (av.data as Float64Array)[0] = Number.NaN;
          (bv.data as Float64Array)[1] = Number.NaN;
          (av.data as Float64Array)[2] = (bv.data as Float64Array)[2] = 1.5;
        }
        const got = await compareWithRef([a, b], f(a, b), [av, bv], `${name}(${dtype})`);
        expect(got[0]!.dtype).toBe('bool');
      });
    }
  }
});

describe('unary ops, every dtype', () => {
  for (const [name, f] of Object.entries(UNARY)) {
    for (const dtype of REAL) {
      it(`${name} on ${dtype}`, async () => {
        const rand = seeded(3);
        const a = tensorOf(dtype, 2, 'a');
        const av = randomArray(dtype, [2, 5], rand, -4, 4);
        if (dtype.startsWith('float')) (av.data as Float64Array)[0] = Number.NaN;
        await compareWithRef([a], f(a), [av], `${name}(${dtype})`);
      });
    }
  }
});

describe('cast, every dtype to every dtype', () => {
  for (const from of REAL) {
    it(`cast from ${from}`, async () => {
      const rand = seeded(7);
      const a = tensorOf(from, 1, 'a');
      const av = randomArray(from, [9], rand, -100, 100);
      const outs = REAL.map((to) => T.cast(a, to));
      await compareWithRef([a], outs, [av], `cast(${from})`);
    });
  }
});

describe('mixed dtypes and weak constants', () => {
  const pairs: [DType, DType][] = [
    ['int8', 'float32'],
    ['int16', 'float32'],
    ['int32', 'float64'],
    ['int64', 'float32'],
    ['bool', 'int16'],
    ['int8', 'int64'],
    ['float32', 'float64'],
    ['bool', 'float64'],
  ];
  for (const [da, db] of pairs) {
    it(`${da} with ${db}: every arithmetic op and comparison`, async () => {
      const rand = seeded(13);
      const a = tensorOf(da, 1, 'a');
      const b = tensorOf(db, 1, 'b');
      const av = randomArray(da, [8], rand, 0, 6);
      const bv = randomArray(db, [8], rand, 1, 3);
      const outs = [...Object.values(ARITH), ...Object.values(COMPARE)].map((f) => f(a, b));
      await compareWithRef([a, b], outs, [av, bv], `${da}⊕${db}`);
    });
  }

  it('weak constants keep the tensor dtype and their values (x * 2, x // 300, x < 300, x * 0.1)', async () => {
    const rand = seeded(17);
    const i8 = tensorOf('int8', 1, 'i');
    const f32 = tensorOf('float32', 1, 'f');
    const iv = randomArray('int8', [10], rand, -120, 120);
    const fv = randomArray('float32', [10], rand);
    const outs = [
      i8.mul(2),
      i8.intDiv(300),
      i8.mod(300),
      i8.lt(300),
      i8.maximum(200),
      f32.mul(2),
      f32.mul(0.1),
      f32.add(i8),
      i8.mul(0.5),
    ];
    const got = await compareWithRef([i8, f32], outs, [iv, fv], 'weak');
    // an int literal keeps int8 where it fits and widens where it does not (300); float literals keep float32
    expect(got.map((g) => g.dtype)).toEqual([
      'int8',
      'int16',
      'int16',
      'bool',
      'int16',
      'float32',
      'float32',
      'float32',
      'float64',
    ]);
  });

  it('n-ary add and mul fold left to right', async () => {
    const rand = seeded(19);
    const [a, b, c] = [tensorOf('int8', 1, 'a'), tensorOf('int16', 1, 'b'), tensorOf('bool', 1, 'c')];
    const args = [randomArray('int8', [6], rand), randomArray('int16', [6], rand), randomArray('bool', [6], rand)];
    await compareWithRef([a, b, c], [T.add(a, b, c), T.mul(a, b, c)], args, 'n-ary');
  });

  it('second broadcasts its second operand to the shape of both', async () => {
    const rand = seeded(23);
    const a = tensorOf('float64', 2, 'a');
    const b = tensorOf('int32', [true, false], 'b');
    await compareWithRef(
      [a, b],
      [T.second(a, b), T.second(b, a)],
      [randomArray('float64', [3, 2], rand), randomArray('int32', [1, 2], rand)],
      'second',
    );
  });
});

describe('integer corner cases (values from numpy 2.4)', () => {
  it('floor division and Python modulo: signs, zero divisors, INT_MIN // -1', async () => {
    const a = tensorOf('int32', 1, 'a');
    const b = tensorOf('int32', 1, 'b');
    const f = theano.function([a, b], [a.intDiv(b), a.mod(b)], { backend: 'onnx' });
    const [q, r] = await f(
      Int32Array.from([-7, 7, -7, 7, 5, -5, -2147483648, -2147483648]),
      Int32Array.from([2, -2, -2, 2, 0, 0, -1, 3]),
    );
    // np.floor_divide / np.mod on int32
    expect(Array.from(q!.data as Int32Array)).toEqual([-4, -4, 3, 3, 0, 0, -2147483648, -715827883]);
    expect(Array.from(r!.data as Int32Array)).toEqual([1, -1, -1, 1, 0, 0, 0, 1]);
  });

  it('int64 INT64_MIN // -1 wraps instead of trapping', async () => {
    const a = tensorOf('int64', 1, 'a');
    const b = tensorOf('int64', 1, 'b');
    const f = theano.function([a, b], [a.intDiv(b), a.mod(b)], { backend: 'onnx' });
    const min = -(2n ** 63n);
    const [q, r] = await f(BigInt64Array.from([min, 9n]), BigInt64Array.from([-1n, 0n]));
    expect(Array.from(q!.data as BigInt64Array)).toEqual([min, 0n]);
    expect(Array.from(r!.data as BigInt64Array)).toEqual([0n, 0n]);
  });

  it('float floor division and modulo follow numpy (divisor sign, zero divisor)', async () => {
    const a = tensorOf('float64', 1, 'a');
    const b = tensorOf('float64', 1, 'b');
    const f = theano.function([a, b], [a.intDiv(b), a.mod(b)], { backend: 'onnx' });
    const [q, r] = await f([-7.5, 7.5, 1, 5, -5, 1], [2, -2, 0.1, 0, 0, Number.POSITIVE_INFINITY]);
    // np.floor_divide([-7.5, 7.5, 1, 5, -5, 1], [2, -2, 0.1, 0, 0, inf]) and np.mod(...)
    expect(Array.from(q!.data as Float64Array)).toEqual([
      -4,
      -4,
      9,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      0,
    ]);
    const rv = Array.from(r!.data as Float64Array);
    expect(rv.slice(0, 2)).toEqual([0.5, -0.5]);
    expect(rv[2]).toBeCloseTo(0.09999999999999995, 16);
    expect(rv.slice(3, 5).every(Number.isNaN)).toBe(true);
    expect(rv[5]).toBe(1);
  });

  it('int8 arithmetic wraps like numpy (100 + 100 = -56, 100 * 3 = 44, 100 ** 3 = 64, 3 ** 5 = -13)', async () => {
    const a = tensorOf('int8', 1, 'a');
    const b = tensorOf('int8', 1, 'b');
    const f = theano.function([a, b], [a.add(b), a.mul(b), a.pow(b)], { backend: 'onnx' });
    const [s, p, e] = await f(Int8Array.from([100, 100, 3]), Int8Array.from([100, 3, 5]));
    expect(Array.from(s!.data as Int8Array)).toEqual([-56, 103, 8]);
    expect(Array.from(p!.data as Int8Array)).toEqual([16, 44, 15]);
    expect(Array.from(e!.data as Int8Array)).toEqual([0, 64, -13]);
  });

  it('integers to a negative power raise, as the reference does', async () => {
    const a = tensorOf('int32', 1, 'a');
    const b = tensorOf('int32', 1, 'b');
    const [ref, onnx] = await bothThrow([a, b], a.pow(b), [
      theano.array([2, 3], 'int32'),
      theano.array([1, -1], 'int32'),
    ]);
    expect(ref).toMatch(/integers to negative integer powers are not allowed/);
    expect(onnx).toMatch(
      /Elemwise\{pow,no_inplace\}: integers to negative integer powers are not allowed \(got exponent -1 for b\)/,
    );
  });
});

describe("Theano's typed broadcasting at run time", () => {
  it('a size-1 value in a non-broadcastable dimension is an error, as on ref', async () => {
    const a = tensorOf('float64', 2, 'a');
    const b = tensorOf('float64', 2, 'b');
    const [ref, onnx] = await bothThrow([a, b], a.add(b), [
      theano.array([[1, 2, 3]]),
      theano.array([
        [1, 1, 1],
        [2, 2, 2],
      ]),
    ]);
    expect(onnx).toBe(ref);
  });

  it('a broadcastable row broadcasts', async () => {
    const r = tensorOf('float64', [true, false], 'r');
    const b = tensorOf('float64', 2, 'b');
    const got = await compareWithRef(
      [r, b],
      r.add(b),
      [
        theano.array([[1, 2, 3]]),
        theano.array([
          [1, 1, 1],
          [2, 2, 2],
        ]),
      ],
      'row',
    );
    expect(got[0]!.toArray()).toEqual([
      [2, 3, 4],
      [3, 4, 5],
    ]);
  });
});

describe('float ops on float32 keep float32', () => {
  for (const dtype of FLOATS) {
    it(`exp/log/sqrt of ${dtype} inputs and int inputs`, async () => {
      const rand = seeded(29);
      const a = tensorOf(dtype, 1, 'a');
      const i = tensorOf(DISCRETE[dtype === 'float32' ? 1 : 3]!, 1, 'i');
      const got = await compareWithRef(
        [a, i],
        [a.exp(), a.abs().log(), a.abs().sqrt(), i.exp(), i.div(3)],
        [randomArray(dtype, [7], rand), randomArray(i.dtype, [7], rand, 1, 9)],
        `float ${dtype}`,
      );
      expect(got.map((g) => g.dtype)).toEqual([dtype, dtype, dtype, dtype, dtype]);
    });
  }
});
