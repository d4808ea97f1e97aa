// int64 on the reference backend is exact beyond 2^53, with numpy's wrapping. Every expected value is
// computed here independently with BigInt arithmetic (or worked out by hand in the comment beside it), never
// read back from the code under test. Doubles hold integers exactly only up to 2^53, so each case below
// failed when the kernels computed through Number.

import { SCALAR_OPS } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { generateSource } from '../src/codegen.js';

const T = theano.tensor;

const P53 = 2n ** 53n;
const MAX = 2n ** 63n - 1n;
const MIN = -(2n ** 63n);
/** numpy's int64 result of an exact integer: wrapped modulo 2^64 into [-2^63, 2^63). */
const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);
/** Python's floor division and modulo, written from their definitions. */
const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return q * b !== a && a < 0n !== b < 0n ? q - 1n : q;
};
const pyMod = (a: bigint, b: bigint): bigint => a - floorDiv(a, b) * b;

const big = (values: readonly bigint[]): theano.NDArray => theano.array(BigInt64Array.from(values));
const bigs = (x: theano.NDArray): bigint[] => Array.from(x.data as BigInt64Array);
const bools = (x: theano.NDArray): boolean[] => Array.from(x.data as Uint8Array, (b) => b !== 0);

describe('the three examples of issue 12', () => {
  it('max([2^53 + 1, 2^53]) is 2^53 + 1, and argmax picks it', () => {
    const x = T.lvector('x');
    const f = theano.function([x], [x.max(), x.min(), x.argmax()]);
    const [mx, mn, am] = f.callSync(big([P53 + 1n, P53]));
    expect(bigs(mx!)).toEqual([P53 + 1n]);
    expect(bigs(mn!)).toEqual([P53]);
    expect(bigs(am!)).toEqual([0n]);
    // the larger value second: argmax moves with it
    expect(bigs(f.callSync(big([P53, P53 + 1n]))[2]!)).toEqual([1n]);
  });

  it('eq(x, x + 1) is false for x = 2^53 (and x < x + 1 is true)', () => {
    const x = T.lscalar('x');
    const f = theano.function([x], [T.eq(x, x.add(1)), T.neq(x, x.add(1)), T.lt(x, x.add(1))]);
    const [e, ne, l] = f.callSync(P53);
    expect(bools(e!)).toEqual([false]);
    expect(bools(ne!)).toEqual([true]);
    expect(bools(l!)).toEqual([true]);
  });

  it('(2^62 + 1) % 7 is 5', () => {
    // 2^3 = 8 ≡ 1 (mod 7), so 2^62 = 2^60 · 4 ≡ 4, and 2^62 + 1 ≡ 5
    const x = T.lscalar('x');
    const f = theano.function([x], x.mod(7));
    expect(bigs(f.callSync(2n ** 62n + 1n))).toEqual([5n]);
    expect((2n ** 62n + 1n) % 7n).toBe(5n);
  });
});

describe('elementwise int64 arithmetic wraps like numpy', () => {
  const a = T.lvector('a');
  const b = T.lvector('b');

  it('add, sub and neg wrap at ±2^63; abs(INT64_MIN) is INT64_MIN', () => {
    const f = theano.function([a, b], [a.add(b), a.sub(b), a.neg(), a.abs()]);
    const [s, d, n, ab] = f.callSync(big([MAX, MIN, P53]), big([1n, 1n, 1n]));
    expect(bigs(s!)).toEqual([MIN, MIN + 1n, P53 + 1n]); // 2^63 - 1 + 1 wraps to -2^63
    expect(bigs(d!)).toEqual([MAX - 1n, MAX, P53 - 1n]); // -2^63 - 1 wraps to 2^63 - 1
    expect(bigs(n!)).toEqual([MIN + 1n, MIN, -P53]); // -(-2^63) wraps to -2^63
    expect(bigs(ab!)).toEqual([MAX, MIN, P53]);
  });

  it('mul keeps the low 64 bits of the product', () => {
    const f = theano.function([a, b], a.mul(b));
    const xs = [2n ** 32n + 1n, 3037000500n, P53 + 1n, -(2n ** 40n) - 3n];
    const ys = [2n ** 32n + 1n, 3037000500n, 3n, 2n ** 30n + 7n];
    // (2^32 + 1)^2 = 2^64 + 2^33 + 1 → 2^33 + 1; 3037000500^2 = 9223372037000250000 > 2^63 - 1 → minus 2^64
    const want = [
      2n ** 33n + 1n,
      9223372037000250000n - 2n ** 64n,
      3n * P53 + 3n,
      wrap((-(2n ** 40n) - 3n) * (2n ** 30n + 7n)),
    ];
    expect(bigs(f.callSync(big(xs), big(ys)))).toEqual(want);
  });

  it('floor division and modulo follow Python signs, exactly beyond 2^53; division by zero gives 0', () => {
    const f = theano.function([a, b], [a.intDiv(b), a.mod(b)]);
    const xs = [-7n, 7n, -7n, -(2n ** 62n) - 1n, P53 + 3n, MIN, 5n, -5n];
    const ys = [2n, -2n, -2n, 3n, -(2n ** 52n), -1n, 0n, 0n];
    const [q, r] = f.callSync(big(xs), big(ys));
    // by hand: -7 // 2 = -4, -7 % 2 = 1; 7 // -2 = -4, 7 % -2 = -1; -7 // -2 = 3, -7 % -2 = -1
    expect(bigs(q!).slice(0, 3)).toEqual([-4n, -4n, 3n]);
    expect(bigs(r!).slice(0, 3)).toEqual([1n, -1n, -1n]);
    // 2^62 ≡ 1 (mod 3), so -(2^62) - 1 ≡ -2 ≡ 1: the quotient is (-(2^62) - 2) / 3 exactly
    expect(bigs(q!)[3]).toBe((-(2n ** 62n) - 2n) / 3n);
    expect(bigs(r!)[3]).toBe(1n);
    expect(bigs(q!)[4]).toBe(floorDiv(P53 + 3n, -(2n ** 52n)));
    expect(bigs(r!)[4]).toBe(pyMod(P53 + 3n, -(2n ** 52n)));
    expect(bigs(q!)[5]).toBe(MIN); // INT64_MIN // -1 overflows to INT64_MIN, as numpy
    expect(bigs(r!)[5]).toBe(0n);
    expect(bigs(q!).slice(6)).toEqual([0n, 0n]); // numpy: integer division by zero is 0 (with a warning)
    expect(bigs(r!).slice(6)).toEqual([0n, 0n]);
  });

  it('pow wraps modulo 2^64 and rejects negative exponents', () => {
    const f = theano.function([a, b], a.pow(b));
    // 3^40 = 12157665459056928801 > 2^63: wraps; 2^63 wraps to -2^63; 2^64 wraps to 0
    expect(bigs(f.callSync(big([3n, 2n, 2n, P53 + 1n]), big([40n, 63n, 64n, 2n])))).toEqual([
      wrap(3n ** 40n),
      MIN,
      0n,
      wrap((P53 + 1n) ** 2n),
    ]);
    expect(() => f.callSync(big([2n]), big([-1n]))).toThrow(/negative integer powers/);
  });

  it('comparisons, maximum, minimum, sign, clip and switch compare exactly', () => {
    const f = theano.function(
      [a, b],
      [T.gt(a, b), T.ge(a, b), T.le(a, b), T.maximum(a, b), T.minimum(a, b), T.sgn(a), T.switch(T.gt(a, b), a, b)],
    );
    const [gt, ge, le, mx, mn, sg, sw] = f.callSync(big([P53 + 1n, P53, -P53 - 1n]), big([P53, P53 + 1n, -P53]));
    expect(bools(gt!)).toEqual([true, false, false]);
    expect(bools(ge!)).toEqual([true, false, false]);
    expect(bools(le!)).toEqual([false, true, true]);
    expect(bigs(mx!)).toEqual([P53 + 1n, P53 + 1n, -P53]);
    expect(bigs(mn!)).toEqual([P53, P53, -P53 - 1n]);
    expect(bigs(sg!)).toEqual([1n, 1n, -1n]);
    expect(bigs(sw!)).toEqual([P53 + 1n, P53 + 1n, -P53]);
    const c = theano.function([a], T.clip(a, P53 + 1n, P53 + 3n));
    expect(bigs(c.callSync(big([P53, P53 + 2n, P53 + 5n])))).toEqual([P53 + 1n, P53 + 2n, P53 + 3n]);
  });

  it('bitwise operations see all 64 bits', () => {
    const f = theano.function([a, b], [T.and_(a, b), T.or_(a, b), T.xor(a, b), T.invert(a)]);
    const xs = [2n ** 62n + 1n, P53 + 1n, -1n];
    const ys = [3n, P53, 2n ** 60n];
    const [and, or, xor, inv] = f.callSync(big(xs), big(ys));
    expect(bigs(and!)).toEqual([1n, P53, 2n ** 60n]);
    expect(bigs(or!)).toEqual([2n ** 62n + 3n, P53 + 1n, -1n]);
    expect(bigs(xor!)).toEqual([2n ** 62n + 2n, 1n, -1n - 2n ** 60n]);
    expect(bigs(inv!)).toEqual([-(2n ** 62n) - 2n, -P53 - 2n, 0n]); // ~a = -a - 1
  });

  it('mixes int32 and int64 operands exactly (the int32 one widened)', () => {
    const i = T.ivector('i');
    const f = theano.function([a, i], a.add(i));
    expect(bigs(f.callSync(big([P53, MAX]), new Int32Array([1, 1])))).toEqual([P53 + 1n, MIN]);
  });

  it('int32 arithmetic still wraps at 32 bits', () => {
    const i = T.ivector('i');
    const j = T.ivector('j');
    const f = theano.function([i, j], [i.add(j), i.mul(j)]);
    const [s, p] = f.callSync(new Int32Array([2 ** 31 - 1, 65536]), new Int32Array([1, 65537]));
    expect(Array.from(s!.data as Int32Array)).toEqual([-(2 ** 31), 131073]); // 2^31 - 1 + 1 wraps to -2^31
    expect(Array.from(p!.data as Int32Array)).toEqual([2 ** 31 - 1, 65536]); // 65536 · 65537 = 2^32 + 2^16 → 2^16
  });
});

describe('fused elementwise loops and constant folding stay exact', () => {
  it('a fused chain of int64 ops (FAST_RUN) matches the exact value', () => {
    const x = T.lvector('x');
    const y = x.add(1).mul(3).sub(x).mod(1000003);
    const f = theano.function([x], [y, T.eq(x.add(2), x.add(1))], { mode: 'FAST_RUN' });
    const v = [P53, MAX - 5n, 2n ** 62n + 1n];
    const [r, e] = f.callSync(big(v));
    expect(bigs(r!)).toEqual(v.map((t) => pyMod(wrap(wrap((t + 1n) * 3n) - t), 1000003n)));
    expect(bools(e!)).toEqual([false, false, false]);
  });

  it('an int64 input cast to float64 inside a fused float loop is the exactly rounded double', () => {
    const x = T.lvector('x');
    const f = theano.function([x], T.cast(x, 'float64').mul(2).add(1), { mode: 'FAST_RUN' });
    // 2^53 + 1 is halfway between 2^53 and 2^53 + 2: ties to even gives 2^53; 2^53 + 3 → 2^53 + 4
    expect(Array.from(f.callSync(big([P53 + 1n, P53 + 3n])).data as Float64Array)).toEqual([2 ** 54 + 1, 2 ** 54 + 9]);
  });

  it('int64 cast to float32 in a fused loop: generated within ±2^53, interpreted beyond, rounded once', () => {
    const x = T.lvector('x');
    const y = T.fvector('y');
    const f = theano.function([x, y], T.cast(x, 'float32').mul(y).add(1), { mode: 'FAST_RUN' });
    const comps = f.maker.fgraph.nodes.filter((n) => n.op.kind === 'composite');
    expect(comps).toHaveLength(1);
    const inner = (comps[0]!.op.params as theano.CompositeParams).inner;
    // the loop exists only for int64 values whose doubles are exact
    expect(generateSource(inner, [], false)).toBeNull();
    expect(generateSource(inner, [], true)).toContain('Math.fround');
    const run = (v: bigint[]) =>
      Array.from(f.callSync(big(v), new Float32Array(v.length).fill(0.5)).data as Float32Array);
    // float32(3)·0.5 + 1 = 2.5; −(2^24) − 1 is a tie, to even −(2^24): ·0.5 + 1 = −(2^23) + 1; 2^24 + 3 → 2^24 + 4
    expect(run([3n, -(2n ** 24n) - 1n, 2n ** 24n + 3n])).toEqual([2.5, -(2 ** 23) + 1, 2 ** 23 + 2 + 1]);
    // beyond 2^53 (interpreted): 2^54 + 2^30 + 1 rounds once to 2^54 + 2^31 (a double first would give 2^54),
    // then ·0.5 = 2^53 + 2^30, + 1 is lost in float32
    expect(run([2n ** 54n + 2n ** 30n + 1n, 3n])).toEqual([2 ** 53 + 2 ** 30, 2.5]);
  });

  it('constant folding computes int64 constants exactly', () => {
    const c = T.constant(2n ** 62n + 1n);
    const x = T.lscalar('x');
    const f = theano.function([x], x.add(c.mod(7)).add(c.mul(4)), { mode: 'FAST_RUN' });
    // (2^62 + 1) % 7 = 5; (2^62 + 1) · 4 = 2^64 + 4 → 4
    expect(bigs(f.callSync(P53))).toEqual([P53 + 9n]);
  });
});

describe('int64 reductions are exact', () => {
  it('sum of large values (full and along an axis) wraps like numpy', () => {
    const x = T.lvector('x');
    const f = theano.function([x], x.sum());
    // in doubles, 2^53 + 1 rounds back to 2^53 at each step
    expect(bigs(f.callSync(big([P53, 1n, 1n, 1n])))).toEqual([P53 + 3n]);
    expect(bigs(f.callSync(big([2n ** 62n, 2n ** 62n, 1n])))).toEqual([MIN + 1n]); // 2^63 + 1 wraps
    const m = T.lmatrix('m');
    const g = theano.function([m], [m.sum(0), m.sum(1)]);
    const v = theano.array([
      [P53, 1n],
      [1n, MAX],
    ]);
    const [s0, s1] = g.callSync(v);
    // columns: 2^53 + 1 and 1 + (2^63 - 1) → -2^63; rows: 2^53 + 1 and 1 + (2^63 - 1) → -2^63
    expect(bigs(s0!)).toEqual([P53 + 1n, MIN]);
    expect(bigs(s1!)).toEqual([P53 + 1n, MIN]);
  });

  it('prod wraps modulo 2^64; an int32 product beyond 2^53 (an int64 result) is exact', () => {
    const x = T.lvector('x');
    const f = theano.function([x], T.prod(x));
    // 2^31 · 2^31 · 3 = 3 · 2^62 ≥ 2^63: wraps to 3 · 2^62 - 2^64 = -2^62
    expect(bigs(f.callSync(big([2n ** 31n, 2n ** 31n, 3n])))).toEqual([-(2n ** 62n)]);
    expect(bigs(f.callSync(big([P53 + 1n, 1n])))).toEqual([P53 + 1n]);
    const i = T.ivector('i');
    const g = theano.function([i], T.prod(i));
    // (2^20 + 1) · 2^20 · 2^20 = 2^60 + 2^40: needs 61 bits
    expect(bigs(g.callSync(new Int32Array([2 ** 20 + 1, 2 ** 20, 2 ** 20])))).toEqual([2n ** 60n + 2n ** 40n]);
    // (2^31 - 1)^3 overflows int64 too
    const m = 2n ** 31n - 1n;
    expect(bigs(g.callSync(new Int32Array([2 ** 31 - 1, 2 ** 31 - 1, 2 ** 31 - 1])))).toEqual([wrap(m * m * m)]);
  });

  it('cumsum and cumprod are exact on int64', () => {
    const x = T.lvector('x');
    const f = theano.function([x], [T.cumsum(x), T.cumprod(x)]);
    const [s, p] = f.callSync(big([P53, 1n, 1n, 2n ** 10n]));
    expect(bigs(s!)).toEqual([P53, P53 + 1n, P53 + 2n, P53 + 2n + 1024n]);
    expect(bigs(p!)).toEqual([P53, P53, P53, MIN]); // 2^53 · 2^10 = 2^63 wraps to -2^63
  });

  it('max, min and argmax along an axis compare exactly', () => {
    const m = T.lmatrix('m');
    const f = theano.function([m], [m.max(1), m.min(0), m.argmax(1)]);
    const v = theano.array([
      [P53, P53 + 2n, P53 + 1n],
      [-P53 - 1n, -P53, -P53 - 2n],
    ]);
    const [mx, mn, am] = f.callSync(v);
    expect(bigs(mx!)).toEqual([P53 + 2n, -P53]);
    expect(bigs(mn!)).toEqual([-P53 - 1n, -P53, -P53 - 2n]);
    expect(bigs(am!)).toEqual([1n, 1n]);
  });
});

describe('casts between int64 and floats are exact conversions', () => {
  it('int64 → float64 rounds to nearest, ties to even; int64 → float32 rounds once', () => {
    const x = T.lvector('x');
    const f = theano.function([x], [T.cast(x, 'float64'), T.cast(x, 'float32')]);
    // 2^54 + 2^30 + 1: the nearest float32 is 2^54 + 2^31 (the excess 2^30 + 1 is above half of its ulp 2^31);
    // rounding to a double first (ulp 4) gives 2^54 + 2^30, a tie that float32 breaks to 2^54
    const [d, s] = f.callSync(big([P53 + 1n, P53 + 3n, 2n ** 54n + 2n ** 30n + 1n, -(2n ** 24n) - 1n]));
    expect(Array.from(d!.data as Float64Array)).toEqual([2 ** 53, 2 ** 53 + 4, 2 ** 54 + 2 ** 30, -(2 ** 24) - 1]);
    // float32's ulp at 2^53 is 2^30: 2^53 + 1 and 2^53 + 3 round to 2^53; -(2^24) - 1 is a tie, to even -(2^24)
    expect(Array.from(s!.data as Float32Array)).toEqual([2 ** 53, 2 ** 53, 2 ** 54 + 2 ** 31, -(2 ** 24)]);
  });

  it('float64 → int64 truncates exactly; int64 → int32 keeps the low 32 bits', () => {
    const d = T.dvector('d');
    const f = theano.function([d], T.cast(d, 'int64'));
    expect(bigs(f.callSync([2 ** 60, -3.7, 2 ** 53 + 2]))).toEqual([2n ** 60n, -3n, P53 + 2n]);
    const x = T.lvector('x');
    const g = theano.function([x], T.cast(x, 'int32'));
    // (2^53 + 1) mod 2^32 = 1; (2^32 + 5) mod 2^32 = 5; 2^31 wraps to -2^31
    expect(Array.from(g.callSync(big([P53 + 1n, 2n ** 32n + 5n, 2n ** 31n])).data as Int32Array)).toEqual([
      1,
      5,
      -(2 ** 31),
    ]);
  });
});

describe('other int64 kernels', () => {
  it('dot, stack, setSubtensor/incSubtensor and diff keep every bit', () => {
    const a = T.lmatrix('a');
    const v = T.lvector('v');
    const f = theano.function([a, v], T.dot(a, v));
    const A = theano.array([
      [P53, 1n],
      [2n ** 62n, 2n ** 62n],
    ]);
    // [2^53 · 3 + 1 · 1, 2^62 · 3 + 2^62 · 1 = 2^64 → 0]
    expect(bigs(f.callSync(A, big([3n, 1n])))).toEqual([3n * P53 + 1n, 0n]);

    const s = T.lscalar('s');
    const g = theano.function([s], T.stack([s, s.add(1)]));
    expect(bigs(g.callSync(P53))).toEqual([P53, P53 + 1n]);

    const x = T.lvector('x');
    const h = theano.function([x, s], [T.setSubtensor(x.get(1), s), T.incSubtensor(x.get(0), s)]);
    const [set, inc] = h.callSync(big([P53, 7n]), P53 + 1n);
    expect(bigs(set!)).toEqual([P53, P53 + 1n]);
    expect(bigs(inc!)).toEqual([2n * P53 + 1n, 7n]);

    const k = theano.function([x], T.diff(x));
    expect(bigs(k.callSync(big([P53, P53 + 1n, MIN])))).toEqual([1n, wrap(MIN - P53 - 1n)]);
  });
});

describe('JS numbers beyond 2^53 for int64 are an error (they have been rounded already)', () => {
  it('theano.array, function arguments and shared values reject them, naming the input', () => {
    expect(() => theano.array([1, 2 ** 53 + 2], 'int64')).toThrow(
      /array: int64 value 9007199254740994 \(element 1\) is a JS number beyond 2\^53.*pass it as a bigint/,
    );
    const x = T.lscalar('x');
    const f = theano.function([x], x.add(1));
    expect(() => f.callSync(2 ** 60)).toThrow(
      /input 0 \("x"\) expects int64 values, but the JS number .* is beyond 2\^53.*pass it as a bigint \(1152921504606846976n/,
    );
    expect(() => f.callSync(-(2 ** 54))).toThrow(/beyond 2\^53/);
    const g = theano.function([x], x.add(1), { allowInputDowncast: true });
    expect(() => g.callSync(2 ** 60)).toThrow(/beyond 2\^53/);
    expect(() => theano.shared([2 ** 60], { name: 'w', dtype: 'int64' })).toThrow(/theano.shared "w".*bigint/);
    const w = theano.shared(BigInt64Array.from([1n]), 'w');
    expect(() => w.setValue([2 ** 55])).toThrow(/"w".*beyond 2\^53/);
    expect(bigs(w.getValue())).toEqual([1n]);
  });

  it('numbers up to 2^53, bigints and BigInt64Arrays are accepted', () => {
    const x = T.lscalar('x');
    const f = theano.function([x], x.add(1));
    expect(bigs(f.callSync(2 ** 53))).toEqual([P53 + 1n]);
    expect(bigs(f.callSync(-(2 ** 53)))).toEqual([-P53 + 1n]);
    expect(bigs(f.callSync(MAX))).toEqual([MIN]);
    expect(bigs(f.callSync(theano.array(P53 + 1n)))).toEqual([P53 + 2n]);
    const v = T.lvector('v');
    expect(bigs(theano.function([v], v.add(1)).callSync(BigInt64Array.from([P53 + 1n])))).toEqual([P53 + 2n]);
    expect(bigs(theano.array([2 ** 53, -3], 'int64'))).toEqual([P53, -3n]);
    expect(bigs(theano.array([P53 + 1n], 'int64'))).toEqual([P53 + 1n]);
  });
});

describe('coverage of the exact integer forms', () => {
  it('every elementwise op whose result on int64 inputs is an integer has a BigInt form', () => {
    const missing: string[] = [];
    for (const [name, def] of Object.entries(SCALAR_OPS)) {
      if (name === 'cast') continue; // casts convert storage directly (astype), not through a scalar function
      const arity = def.spec.arity === 'n' ? 2 : def.spec.arity;
      const ins = Array.from({ length: arity }, (_, k) => T.lvector(`x${k}`));
      let out: string;
      try {
        out = def.spec.dtype(ins, {});
      } catch {
        continue; // the op rejects int64 inputs
      }
      if (out === 'bool' || out.startsWith('int')) {
        if (!def.spec.impl.bigint) missing.push(name);
      }
    }
    expect(missing).toEqual([]);
  });
});
