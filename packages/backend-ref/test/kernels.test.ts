import { type DType, EXTENDED_DEFS, fromFloat64, type NDArray, PRIMITIVES } from '@theano-ts/core';
import { describe, expect, it } from 'vitest';
import {
  broadcastShapes,
  dimshuffle,
  dot,
  ELEMWISE_NAMES,
  elemwise,
  incSubtensor,
  makeVector,
  max,
  min,
  reshape,
  shape,
  shapeI,
  subtensor,
  sum,
} from '../src/kernels/index.js';

/** An array from flat values (complex: interleaved re, im). */
const t = (values: number[], shp: number[], dtype: DType = 'float64'): NDArray => fromFloat64(values, shp, dtype);
/** The values of an array as plain numbers (complex interleaved). */
const vals = (x: NDArray): number[] => Array.from(x.toFloat64());
const f64 = (values: number[]) => t(values, [values.length]);
const i32 = (values: number[]) => t(values, [values.length], 'int32');
const scalar = (v: number, dtype: DType = 'float64') => t([v], [], dtype);

/** Applies a binary elemwise op to two vectors and returns the values. */
const bin = (name: Parameters<typeof elemwise>[0], a: NDArray, b: NDArray, out: DType) => {
  const r = elemwise(name, [a, b], out);
  expect(r.dtype).toBe(out);
  return vals(r);
};

describe('broadcastShapes', () => {
  it('stretches size-1 dimensions', () => {
    expect(
      broadcastShapes(
        [
          [2, 3],
          [1, 3],
        ],
        'op',
      ),
    ).toEqual([2, 3]);
    expect(
      broadcastShapes(
        [
          [2, 1],
          [1, 3],
        ],
        'op',
      ),
    ).toEqual([2, 3]);
    expect(
      broadcastShapes(
        [
          [1, 1],
          [1, 1],
          [4, 1],
        ],
        'op',
      ),
    ).toEqual([4, 1]);
    expect(broadcastShapes([[], []], 'op')).toEqual([]);
    expect(
      broadcastShapes(
        [
          [0, 3],
          [1, 3],
        ],
        'op',
      ),
    ).toEqual([0, 3]);
  });
  it('aligns differing ranks on the right (numpy rule)', () => {
    expect(broadcastShapes([[2, 3], [3]], 'op')).toEqual([2, 3]);
  });
  it('names the op, both shapes and the dimension on a mismatch', () => {
    expect(() =>
      broadcastShapes(
        [
          [2, 3],
          [4, 3],
        ],
        'Elemwise{add}',
      ),
    ).toThrow('Elemwise{add}: shapes (2, 3) and (4, 3) do not broadcast (dimension 0: 2 vs 4)');
    expect(() =>
      broadcastShapes(
        [
          [1, 3],
          [2, 1],
          [2, 5],
        ],
        'X',
      ),
    ).toThrow('X: shapes (1, 3) and (2, 5) do not broadcast (dimension 1: 3 vs 5)');
  });
});

describe('elemwise', () => {
  it("lists every elementwise op of core's scalar table: the primitives and the extended ones", () => {
    const elementwisePrimitives = Object.values(PRIMITIVES)
      .filter((d) => d.family === 'elemwise')
      .map((d) => d.name);
    expect(elementwisePrimitives).toHaveLength(26);
    expect([...ELEMWISE_NAMES].sort()).toEqual([...elementwisePrimitives, ...Object.keys(EXTENDED_DEFS)].sort());
  });

  it('add broadcasts (2,3)+(1,3) and takes more than 2 inputs', () => {
    const a = t([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = t([10, 20, 30], [1, 3]);
    const r = elemwise('add', [a, b], 'float64');
    expect(r.shape).toEqual([2, 3]);
    expect(vals(r)).toEqual([11, 22, 33, 14, 25, 36]);
    const r3 = elemwise('add', [a, b, t([100], [1, 1])], 'float64');
    expect(vals(r3)).toEqual([111, 122, 133, 114, 125, 136]);
    // inputs untouched
    expect(vals(a)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(vals(b)).toEqual([10, 20, 30]);
  });

  it('add wraps integers like numpy and mixes dtypes', () => {
    expect(bin('add', i32([2147483647, -5]), i32([1, 2]), 'int32')).toEqual([-2147483648, -3]);
    expect(bin('add', i32([1, 2]), f64([0.5, 0.25]), 'float64')).toEqual([1.5, 2.25]);
    expect(bin('add', t([1, 0], [2], 'bool'), t([1, 0], [2], 'bool'), 'bool')).toEqual([1, 0]);
    const r = elemwise('add', [t([1.5, 2.5], [2], 'float32'), t([1, 1], [2], 'int8')], 'float32');
    expect(r.data).toBeInstanceOf(Float32Array);
    expect(vals(r)).toEqual([2.5, 3.5]);
  });

  it('sub', () => {
    expect(bin('sub', f64([5, 1]), f64([2, 4]), 'float64')).toEqual([3, -3]);
    expect(bin('sub', i32([-2147483648]), i32([1]), 'int32')).toEqual([2147483647]);
  });

  it('mul broadcasts (2,1)*(1,3) into an outer product', () => {
    const r = elemwise('mul', [t([1, 2], [2, 1]), t([3, 4, 5], [1, 3])], 'float64');
    expect(r.shape).toEqual([2, 3]);
    expect(vals(r)).toEqual([3, 4, 5, 6, 8, 10]);
  });

  it('mul wraps int32 products exactly and broadcasts a scalar', () => {
    expect(bin('mul', i32([123456789]), i32([987654321]), 'int32')).toEqual([-67153019]);
    const r = elemwise('mul', [t([2], [1, 1]), t([1, 2, 3, 4, 5, 6], [2, 3])], 'float64');
    expect(vals(r)).toEqual([2, 4, 6, 8, 10, 12]);
    expect(vals(elemwise('mul', [f64([1, 2]), f64([3, 4]), f64([-1, 0.5])], 'float64'))).toEqual([-3, 4]);
  });

  it('true_div of int32 gives float64', () => {
    const r = elemwise('true_div', [i32([1, 7, -3, 1]), i32([2, 2, 2, 0])], 'float64');
    expect(r.dtype).toBe('float64');
    expect(vals(r)).toEqual([0.5, 3.5, -1.5, Infinity]);
  });

  it('int_div is floor division; integer division by zero is 0', () => {
    expect(bin('int_div', i32([-7, 7, 7, -7, 7, 0]), i32([2, -2, 2, -2, 0, 3]), 'int32')).toEqual([-4, -4, 3, 3, 0, 0]);
    expect(bin('int_div', i32([-2147483648]), i32([-1]), 'int32')).toEqual([-2147483648]); // wraps like numpy
    expect(bin('int_div', f64([-7.5, 7.5, 5, -1]), f64([2, 2, 0, Infinity]), 'float64')).toEqual([-4, 3, Infinity, -1]);
  });

  it('mod has the sign of the divisor; integer mod by zero is 0', () => {
    expect(bin('mod', i32([-7, 7, 7, -7, 7]), i32([2, -2, 2, -2, 0]), 'int32')).toEqual([1, -1, 1, -1, 0]);
    const r = bin('mod', f64([-7.5, 7.5, 5, -1, 6]), f64([2, -2, 0, Infinity, 3]), 'float64');
    expect(r.slice(0, 2)).toEqual([0.5, -0.5]);
    expect(r[2]).toBeNaN();
    expect(r[3]).toBe(Infinity);
    expect(Object.is(r[4], 0)).toBe(true);
  });

  it('pow: exact integer powers (wrapping), C pow for floats', () => {
    expect(bin('pow', i32([2, -3, 0, 5]), i32([10, 3, 0, 1]), 'int32')).toEqual([1024, -27, 1, 5]);
    expect(bin('pow', i32([3]), i32([21]), 'int32')).toEqual([1870418611]); // 3**21 mod 2**32
    expect(bin('pow', t([3], [1], 'int64'), t([30], [1], 'int64'), 'int64')).toEqual([205891132094649]);
    expect(() => elemwise('pow', [i32([2]), i32([-1])], 'int32')).toThrow('negative integer powers');
    const r = bin('pow', f64([4, 2, 1, -1, 2]), f64([0.5, -1, Number.NaN, Infinity, 10]), 'float64');
    expect(r).toEqual([2, 0.5, 1, 1, 1024]);
    expect(bin('pow', i32([2]), f64([-1]), 'float64')).toEqual([0.5]);
  });

  it('maximum and minimum propagate NaN', () => {
    const a = f64([1, Number.NaN, 5, -0.5]);
    const b = f64([2, 3, Number.NaN, -1]);
    const mx = bin('maximum', a, b, 'float64');
    const mn = bin('minimum', a, b, 'float64');
    expect(mx[0]).toBe(2);
    expect(mx[1]).toBeNaN();
    expect(mx[2]).toBeNaN();
    expect(mx[3]).toBe(-0.5);
    expect(mn[0]).toBe(1);
    expect(mn[1]).toBeNaN();
    expect(mn[2]).toBeNaN();
    expect(mn[3]).toBe(-1);
    expect(bin('maximum', i32([3, -4]), i32([1, 9]), 'int32')).toEqual([3, 9]);
  });

  it('comparisons return bool storage', () => {
    const a = f64([1, 2, 3, Number.NaN]);
    const b = f64([2, 2, 2, Number.NaN]);
    const cases: [Parameters<typeof elemwise>[0], number[]][] = [
      ['lt', [1, 0, 0, 0]],
      ['le', [1, 1, 0, 0]],
      ['gt', [0, 0, 1, 0]],
      ['ge', [0, 1, 1, 0]],
      ['eq', [0, 1, 0, 0]],
      ['neq', [1, 0, 1, 1]],
    ];
    for (const [name, want] of cases) {
      const r = elemwise(name, [a, b], 'bool');
      expect(r.dtype).toBe('bool');
      expect(r.data).toBeInstanceOf(Uint8Array);
      expect(vals(r), name).toEqual(want);
    }
    // mixed dtypes and broadcasting
    expect(vals(elemwise('lt', [t([1, 5], [2, 1], 'int32'), t([2, 3, 6], [1, 3])], 'bool'))).toEqual([
      1, 1, 1, 0, 0, 1,
    ]);
  });

  it('second returns b broadcast to the shape of (a, b), cast to the output dtype', () => {
    const r = elemwise('second', [t([1, 2, 3, 4, 5, 6], [2, 3]), t([7.9], [1, 1])], 'int32');
    expect(r.shape).toEqual([2, 3]);
    expect(r.dtype).toBe('int32');
    expect(vals(r)).toEqual([7, 7, 7, 7, 7, 7]);
    const r2 = elemwise('second', [t([0, 0], [2, 1]), t([1, 2, 3], [1, 3])], 'float64');
    expect(vals(r2)).toEqual([1, 2, 3, 1, 2, 3]);
    const b = f64([1, 2]);
    const r3 = elemwise('second', [f64([0, 0]), b], 'float64');
    expect(r3.data).not.toBe(b.data);
  });

  it('unary ops', () => {
    expect(vals(elemwise('neg', [f64([1, -2, 0])], 'float64'))).toEqual([-1, 2, -0]);
    expect(vals(elemwise('neg', [i32([-2147483648])], 'int32'))).toEqual([-2147483648]);
    const ab = elemwise('abs', [i32([-3, 4, 0])], 'int32');
    expect(ab.dtype).toBe('int32');
    expect(vals(ab)).toEqual([3, 4, 0]);
    expect(vals(elemwise('abs', [f64([-1.5, Number.NEGATIVE_INFINITY])], 'float64'))).toEqual([1.5, Infinity]);
    const ex = vals(elemwise('exp', [f64([0, 1, Number.NEGATIVE_INFINITY])], 'float64'));
    expect(ex[0]).toBe(1);
    expect(ex[1]).toBeCloseTo(Math.E, 15);
    expect(ex[2]).toBe(0);
    const lg = vals(elemwise('log', [f64([1, 0, -1, Math.E ** 2])], 'float64'));
    expect(lg[0]).toBe(0);
    expect(lg[1]).toBe(Number.NEGATIVE_INFINITY);
    expect(lg[2]).toBeNaN();
    expect(lg[3]).toBeCloseTo(2, 14);
    const sq = vals(elemwise('sqrt', [i32([4, 9, -1])], 'float64'));
    expect(sq.slice(0, 2)).toEqual([2, 3]);
    expect(sq[2]).toBeNaN();
    const s = vals(elemwise('sin', [f64([0, Math.PI / 2, Math.PI / 6])], 'float64'));
    expect(s[0]).toBe(0);
    expect(s[1]).toBe(1);
    expect(s[2]).toBeCloseTo(0.5, 15);
    const c = vals(elemwise('cos', [f64([0, Math.PI])], 'float64'));
    expect(c).toEqual([1, -1]);
    const th = vals(elemwise('tanh', [f64([0, 50, -50, 0.5])], 'float64'));
    expect(th.slice(0, 3)).toEqual([0, 1, -1]);
    expect(th[3]).toBeCloseTo(0.46211715726000974, 15);
    const sg = vals(elemwise('sgn', [f64([-2.5, 0, -0, 3, Number.NaN])], 'float64'));
    expect(sg.slice(0, 4)).toEqual([-1, 0, 0, 1]);
    expect(sg[4]).toBeNaN();
    expect(vals(elemwise('sgn', [i32([-7, 0, 9])], 'int32'))).toEqual([-1, 0, 1]);
  });

  it('float32 outputs round to float32', () => {
    const r = elemwise('true_div', [t([1], [1], 'float32'), t([3], [1], 'float32')], 'float32');
    expect(r.data).toBeInstanceOf(Float32Array);
    expect(vals(r)[0]).toBe(Math.fround(1 / 3));
  });

  it('cast follows astype rules', () => {
    const r = elemwise('cast', [f64([1.7, -1.7, 0])], 'int32');
    expect(r.dtype).toBe('int32');
    expect(vals(r)).toEqual([1, -1, 0]);
    expect(vals(elemwise('cast', [f64([2, 0, -0.5])], 'bool'))).toEqual([1, 0, 1]);
    expect(vals(elemwise('cast', [i32([300])], 'int8'))).toEqual([44]);
    const c = elemwise('cast', [f64([1.5, -2])], 'complex128');
    expect(c.dtype).toBe('complex128');
    expect(vals(c)).toEqual([1.5, 0, -2, 0]);
    const back = elemwise('cast', [t([1.5, 9, -2, 7], [2], 'complex128')], 'float64');
    expect(vals(back)).toEqual([1.5, -2]);
    const same = f64([1, 2]);
    const cp = elemwise('cast', [same], 'float64');
    expect(vals(cp)).toEqual([1, 2]);
    expect(cp.data).not.toBe(same.data);
  });

  it('complex add, sub, mul, true_div, neg, abs, eq, neq, second', () => {
    const a = t([1, 2], [1], 'complex128'); // 1+2j
    const b = t([3, -1], [1], 'complex128'); // 3-1j
    expect(bin('add', a, b, 'complex128')).toEqual([4, 1]);
    expect(bin('sub', a, b, 'complex128')).toEqual([-2, 3]);
    expect(bin('mul', a, b, 'complex128')).toEqual([5, 5]);
    expect(bin('true_div', t([5, 5], [1], 'complex128'), b, 'complex128')).toEqual([1, 1.9999999999999998]); // numpy
    expect(vals(elemwise('neg', [a], 'complex128'))).toEqual([-1, -2]);
    const ab = elemwise('abs', [t([3, 4, 0, -1], [2], 'complex128')], 'float64');
    expect(vals(ab)).toEqual([5, 1]);
    expect(bin('eq', t([1, 2, 1, 2], [2], 'complex128'), t([1, 2, 1, 3], [2], 'complex128'), 'bool')).toEqual([1, 0]);
    expect(bin('neq', t([1, 2, 1, 2], [2], 'complex128'), t([1, 2, 1, 3], [2], 'complex128'), 'bool')).toEqual([0, 1]);
    // real and complex operands mix; complex64 storage is float32
    expect(bin('add', f64([1.5]), a, 'complex128')).toEqual([2.5, 2]);
    const m = elemwise('mul', [t([1, 2, 0, 1], [2, 1], 'complex64'), t([2], [1, 1], 'float32')], 'complex64');
    expect(m.data).toBeInstanceOf(Float32Array);
    expect(vals(m)).toEqual([2, 4, 0, 2]);
    const s = elemwise('second', [t([0, 0, 0], [3]), a], 'complex128');
    expect(vals(s)).toEqual([1, 2, 1, 2, 1, 2]);
  });

  it('complex exp, log, sqrt, sqr (numpy principal branches)', () => {
    // exp(1+2j) = e·(cos 2 + j sin 2); log(-1+0j) = πj; sqrt(-4+0j) = 2j; (1+2j)² = -3+4j
    const z = (re: number, im: number) => t([re, im], [1], 'complex128');
    const e = elemwise('exp', [z(1, 2)], 'complex128').data;
    expect([e[0], e[1]]).toEqual([Math.E * Math.cos(2), Math.E * Math.sin(2)]);
    const l = elemwise('log', [z(-1, 0)], 'complex128').data;
    expect([l[0], l[1]]).toEqual([0, Math.PI]);
    const r = elemwise('sqrt', [z(-4, 0)], 'complex128').data;
    expect(r[0]).toBeCloseTo(0, 15);
    expect(r[1]).toBe(2);
    const q = elemwise('sqr', [z(1, 2)], 'complex128').data;
    expect([q[0], q[1]]).toEqual([-3, 4]);
  });

  it('other ops throw on complex inputs', () => {
    expect(() => elemwise('sin', [t([1, 2], [1], 'complex128')], 'complex128')).toThrow(
      'Elemwise{sin}: complex128 is not supported (the op has no complex form)',
    );
    expect(() => elemwise('lt', [t([1, 2], [1], 'complex64'), f64([1])], 'bool')).toThrow(
      'Elemwise{lt}: complex64 is not supported (the op has no complex form)',
    );
  });

  it('errors: broadcast mismatch, arity, ranks', () => {
    expect(() => elemwise('add', [t([0, 0, 0, 0, 0, 0], [2, 3]), t(new Array(12).fill(0), [4, 3])], 'float64')).toThrow(
      'Elemwise{add}: shapes (2, 3) and (4, 3) do not broadcast (dimension 0: 2 vs 4)',
    );
    expect(() => elemwise('add', [f64([1])], 'float64')).toThrow('Elemwise{add}: expected 2 or more inputs, got 1');
    expect(() => elemwise('sub', [f64([1]), f64([1]), f64([1])], 'float64')).toThrow(
      'Elemwise{sub}: expected 2 inputs, got 3',
    );
    expect(() => elemwise('exp', [f64([1]), f64([1])], 'float64')).toThrow('Elemwise{exp}: expected 1 input, got 2');
    expect(() => elemwise('add', [f64([1]), scalar(1)], 'float64')).toThrow('different ranks');
  });

  it('0-d and empty operands', () => {
    const r = elemwise('add', [scalar(2), scalar(3)], 'float64');
    expect(r.shape).toEqual([]);
    expect(r.item()).toBe(5);
    const e = elemwise('mul', [t([], [0, 3]), t([1, 2, 3], [1, 3])], 'float64');
    expect(e.shape).toEqual([0, 3]);
    expect(e.size).toBe(0);
  });
});

describe('reductions', () => {
  const a = t(
    Array.from({ length: 24 }, (_, i) => i),
    [2, 3, 4],
  );

  it('sum over axes of a 2x3x4 arange', () => {
    const all = sum(a, null, 'float64');
    expect(all.shape).toEqual([]);
    expect(all.item()).toBe(276);
    const s0 = sum(a, [0], 'float64');
    expect(s0.shape).toEqual([3, 4]);
    expect(vals(s0)).toEqual([12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34]);
    expect(vals(sum(a, [1], 'float64'))).toEqual([12, 15, 18, 21, 48, 51, 54, 57]);
    const s2 = sum(a, [2], 'float64');
    expect(s2.shape).toEqual([2, 3]);
    expect(vals(s2)).toEqual([6, 22, 38, 54, 70, 86]);
    expect(vals(sum(a, [0, 2], 'float64'))).toEqual([60, 92, 124]);
    expect(vals(sum(a, [1, 2], 'float64'))).toEqual([66, 210]);
    expect(vals(sum(a, [0, 1], 'float64'))).toEqual([60, 66, 72, 78]);
    expect(vals(sum(a, [0, 1, 2], 'float64'))).toEqual([276]);
    expect(vals(sum(a, [], 'float64'))).toEqual(vals(a));
  });

  it('sum dtypes, empty sums, complex', () => {
    const r = sum(t([2147483647, 1], [2], 'int32'), null, 'int64');
    expect(r.dtype).toBe('int64');
    expect(r.item()).toBe(2147483648);
    expect(sum(t([], [0, 3]), [0], 'float64').toFloat64()).toEqual(new Float64Array([0, 0, 0]));
    expect(sum(t([], [0]), null, 'float64').item()).toBe(0);
    const c = sum(t([1, 2, 3, -1, 0.5, 0.5], [3], 'complex128'), null, 'complex128');
    expect(vals(c)).toEqual([4.5, 1.5]);
    expect(vals(sum(t([1, 2, 3, 4], [2, 1], 'complex64'), [0], 'complex64'))).toEqual([4, 6]);
  });

  it('max and min, NaN propagating', () => {
    const x = t([1, Number.NaN, 3, 4, 5, 6], [2, 3]);
    const m1 = vals(max(x, [1], 'float64'));
    expect(m1[0]).toBeNaN();
    expect(m1[1]).toBe(6);
    const m0 = vals(min(x, [0], 'float64'));
    expect(m0[0]).toBe(1);
    expect(m0[1]).toBeNaN();
    expect(m0[2]).toBe(3);
    expect(min(x, null, 'float64').item()).toBeNaN();
    expect(vals(max(a, [1], 'float64'))).toEqual([8, 9, 10, 11, 20, 21, 22, 23]);
    expect(vals(min(a, [0, 2], 'float64'))).toEqual([0, 4, 8]);
    const im = max(t([-5, -3, -9], [3], 'int32'), null, 'int32');
    expect(im.dtype).toBe('int32');
    expect(im.item()).toBe(-3);
    expect(max(t([Number.NEGATIVE_INFINITY], [1]), null, 'float64').item()).toBe(Number.NEGATIVE_INFINITY);
  });

  it('empty max/min reductions throw like numpy', () => {
    expect(() => max(t([], [0, 3]), [0], 'float64')).toThrow(
      'Max: zero-size array to reduction operation maximum which has no identity',
    );
    expect(() => min(t([], [3, 0]), [1], 'float64')).toThrow(
      'Min: zero-size array to reduction operation minimum which has no identity',
    );
    expect(() => max(t([], [0]), null, 'float64')).toThrow('zero-size array');
    // reducing a non-empty axis of an empty array is fine (numpy too)
    expect(max(t([], [0, 3]), [1], 'float64').shape).toEqual([0]);
  });

  it('rejects bad axes', () => {
    expect(() => sum(a, [3], 'float64')).toThrow('out of bounds');
    expect(() => sum(a, [1, 0], 'float64')).toThrow('sorted');
  });
});

describe('shape ops', () => {
  it('dimshuffle transposes', () => {
    const x = t([1, 2, 3, 4, 5, 6], [2, 3]);
    const r = dimshuffle(x, [1, 0]);
    expect(r.shape).toEqual([3, 2]);
    expect(vals(r)).toEqual([1, 4, 2, 5, 3, 6]);
    const y = t(
      Array.from({ length: 24 }, (_, i) => i),
      [2, 3, 4],
    );
    const p = dimshuffle(y, [2, 0, 1]);
    expect(p.shape).toEqual([4, 2, 3]);
    expect(p.at(3, 1, 2)).toBe(y.at(1, 2, 3));
    expect(p.at(1, 0, 2)).toBe(y.at(0, 2, 1));
  });

  it("dimshuffle adds 'x' dims and drops size-1 dims", () => {
    const v = t([1, 2, 3], [3]);
    const r = dimshuffle(v, ['x', 0]);
    expect(r.shape).toEqual([1, 3]);
    expect(vals(r)).toEqual([1, 2, 3]);
    expect(dimshuffle(v, [0, 'x']).shape).toEqual([3, 1]);
    const w = t([1, 2, 3, 4, 5, 6], [2, 1, 3]);
    const d = dimshuffle(w, [2, 'x', 0]);
    expect(d.shape).toEqual([3, 1, 2]);
    expect(vals(d)).toEqual([1, 4, 2, 5, 3, 6]);
    const s = dimshuffle(t([7], [1, 1]), []);
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(7);
    expect(() => dimshuffle(w, [0, 'x', 1])).toThrow(
      'DimShuffle{0,x,1}: cannot drop dimension 2 of an input of shape (2, 1, 3): it has size 3, not 1',
    );
    expect(() => dimshuffle(w, [0, 0, 1, 2])).toThrow('appears twice');
    expect(() => dimshuffle(w, [3])).toThrow('not a dimension');
  });

  it('dimshuffle copies storage without converting (int64, complex)', () => {
    const big = 2n ** 60n + 1n;
    const x = t([0, 0], [2, 1], 'int64');
    (x.data as BigInt64Array)[0] = big;
    const r = dimshuffle(x, [1, 0]);
    expect(r.dtype).toBe('int64');
    expect((r.data as BigInt64Array)[0]).toBe(big);
    const c = dimshuffle(t([1, 2, 3, 4, 5, 6, 7, 8], [2, 2], 'complex128'), [1, 0]);
    expect(vals(c)).toEqual([1, 2, 5, 6, 3, 4, 7, 8]);
  });

  it('reshape with -1 and errors naming both shapes', () => {
    const x = t([1, 2, 3, 4, 5, 6], [2, 3], 'int32');
    const r = reshape(x, t([3, -1], [2], 'int64'));
    expect(r.shape).toEqual([3, 2]);
    expect(r.dtype).toBe('int32');
    expect(vals(r)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.data).not.toBe(x.data);
    expect(reshape(x, t([-1], [1], 'int64')).shape).toEqual([6]);
    expect(reshape(t([5], [1, 1]), t([], [0], 'int64')).shape).toEqual([]);
    expect(() => reshape(x, t([4, -1], [2], 'int64'))).toThrow(
      'Reshape: cannot reshape array of size 6 (shape (2, 3)) into shape (4, -1)',
    );
    expect(() => reshape(x, t([4, 2], [2], 'int64'))).toThrow('(shape (2, 3)) into shape (4, 2)');
    expect(() => reshape(x, t([-1, -1], [2], 'int64'))).toThrow('one unknown dimension');
  });

  it('shape, shapeI, makeVector', () => {
    const x = t(new Array(6).fill(0), [2, 3, 1]);
    const s = shape(x);
    expect(s.dtype).toBe('int64');
    expect(s.shape).toEqual([3]);
    expect(vals(s)).toEqual([2, 3, 1]);
    expect(shape(scalar(1)).shape).toEqual([0]);
    const i = shapeI(x, 1);
    expect(i.dtype).toBe('int64');
    expect(i.shape).toEqual([]);
    expect(i.item()).toBe(3);
    expect(() => shapeI(x, 3)).toThrow('out of range');
    const v = makeVector([scalar(1.5), scalar(2, 'int32'), scalar(-3, 'int64')], 'float64');
    expect(v.shape).toEqual([3]);
    expect(v.dtype).toBe('float64');
    expect(vals(v)).toEqual([1.5, 2, -3]);
    expect(vals(makeVector([scalar(1.9), scalar(-2.2)], 'int64'))).toEqual([1, -2]);
    expect(makeVector([], 'int64').shape).toEqual([0]);
    expect(() => makeVector([f64([1])], 'float64')).toThrow('MakeVector: input 0 must be a scalar');
  });
});

describe('dot', () => {
  const m = t([1, 2, 3, 4, 5, 6], [2, 3]);
  it('vector . vector -> 0-d', () => {
    const r = dot(f64([7, 8, 9]), f64([7, 8, 9]), 'float64');
    expect(r.shape).toEqual([]);
    expect(r.item()).toBe(194);
  });
  it('matrix . vector -> vector', () => {
    const r = dot(m, f64([7, 8, 9]), 'float64');
    expect(r.shape).toEqual([2]);
    expect(vals(r)).toEqual([50, 122]);
  });
  it('vector . matrix -> vector', () => {
    const r = dot(f64([1, -1]), m, 'float64');
    expect(r.shape).toEqual([3]);
    expect(vals(r)).toEqual([-3, -3, -3]);
  });
  it('matrix . matrix -> matrix', () => {
    const r = dot(m, t([1, 2, 3, 4, 5, 6], [3, 2]), 'float64');
    expect(r.shape).toEqual([2, 2]);
    expect(vals(r)).toEqual([22, 28, 49, 64]);
  });
  it('mixed dtypes, integer outputs, NaN, complex, empty inner size', () => {
    const r = dot(t([1, 2], [2], 'int32'), t([3, 4], [2], 'int32'), 'int32');
    expect(r.dtype).toBe('int32');
    expect(r.item()).toBe(11);
    expect(dot(f64([0, 1]), f64([Number.NaN, 1]), 'float64').item()).toBeNaN();
    const c = t([1, 2, 3, -1], [2], 'complex128');
    expect(vals(dot(c, c, 'complex128'))).toEqual([5, -2]); // numpy: (1+2j)**2 + (3-1j)**2
    const z = dot(t([], [2, 0]), t([], [0, 3]), 'float64');
    expect(z.shape).toEqual([2, 3]);
    expect(vals(z)).toEqual([0, 0, 0, 0, 0, 0]);
  });
  it('throws on misaligned shapes in numpy wording', () => {
    expect(() => dot(m, f64([1, 2]), 'float64')).toThrow(
      'dot: shapes (2, 3) and (2,) not aligned: 3 (dim 1) != 2 (dim 0)',
    );
    expect(() => dot(f64([1, 2, 3]), t([1, 2, 3, 4], [2, 2]), 'float64')).toThrow(
      'dot: shapes (3,) and (2, 2) not aligned: 3 (dim 0) != 2 (dim 0)',
    );
    expect(() => dot(scalar(1), f64([1]), 'float64')).toThrow('expected 1-D or 2-D operands');
  });
});

describe('subtensor', () => {
  const x = t([1, 2, 3, 4, 5, 6], [3, 2], 'int32');
  it('x[i] along axis 0, negative from the end', () => {
    const r = subtensor(x, 1);
    expect(r.shape).toEqual([2]);
    expect(r.dtype).toBe('int32');
    expect(vals(r)).toEqual([3, 4]);
    expect(vals(subtensor(x, -1))).toEqual([5, 6]);
    const s = subtensor(f64([7, 8, 9]), 2);
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(9);
  });
  it('throws on out-of-range indices', () => {
    expect(() => subtensor(f64([1, 2, 3]), 5)).toThrow('Subtensor: index 5 is out of bounds for axis 0 with size 3');
    expect(() => subtensor(f64([1, 2, 3]), -4)).toThrow('Subtensor: index -4 is out of bounds for axis 0 with size 3');
    expect(() => subtensor(scalar(1), 0)).toThrow('0-d');
  });
  it('incSubtensor sets or increments a row, broadcasting y, without touching x', () => {
    const s = incSubtensor(x, i32([9, 8]), 1, true, 'int32');
    expect(vals(s)).toEqual([1, 2, 9, 8, 5, 6]);
    const inc = incSubtensor(x, t([10], [1], 'int32'), -1, false, 'int32');
    expect(inc.dtype).toBe('int32');
    expect(vals(inc)).toEqual([1, 2, 3, 4, 15, 16]);
    expect(vals(x)).toEqual([1, 2, 3, 4, 5, 6]);
    const fl = incSubtensor(x, f64([0.5, 0.5]), 0, false, 'float64');
    expect(fl.dtype).toBe('float64');
    expect(vals(fl)).toEqual([1.5, 2.5, 3, 4, 5, 6]);
    const v = incSubtensor(f64([1, 2, 3]), scalar(10), 0, false, 'float64');
    expect(vals(v)).toEqual([11, 2, 3]);
    const c = incSubtensor(t([1, 1, 2, 2], [2], 'complex128'), t([0, 5], [], 'complex128'), 1, false, 'complex128');
    expect(vals(c)).toEqual([1, 1, 2, 7]);
  });
  it('incSubtensor errors', () => {
    expect(() => incSubtensor(x, i32([1, 2, 3]), 0, false, 'int32')).toThrow(
      'IncSubtensor: y of shape (3,) does not broadcast to x[0] of shape (2,)',
    );
    expect(() => incSubtensor(x, i32([1, 2]), 3, true, 'int32')).toThrow(
      'SetSubtensor: index 3 is out of bounds for axis 0 with size 3',
    );
  });
});
