// NDArray storage, constructors, casts and shape helpers. Cast and arange expectations are numpy 2.4's.
import { afterEach, describe, expect, it } from 'vitest';
import { config } from '../src/config.js';
import {
  arange,
  array,
  dtypeOfTypedArray,
  fromFloat64,
  full,
  NDArray,
  ones,
  shapeSize,
  shapeToString,
  stridesOf,
  typedArrayFor,
  zeros,
} from '../src/ndarray.js';

afterEach(() => {
  config.floatX = 'float64';
});

describe('storage', () => {
  it('typedArrayFor picks the storage type and length', () => {
    expect(typedArrayFor('bool', 3)).toBeInstanceOf(Uint8Array);
    expect(typedArrayFor('int8', 3)).toBeInstanceOf(Int8Array);
    expect(typedArrayFor('int16', 3)).toBeInstanceOf(Int16Array);
    expect(typedArrayFor('int32', 3)).toBeInstanceOf(Int32Array);
    expect(typedArrayFor('int64', 3)).toBeInstanceOf(BigInt64Array);
    expect(typedArrayFor('float32', 3)).toBeInstanceOf(Float32Array);
    expect(typedArrayFor('float64', 3)).toBeInstanceOf(Float64Array);
    const c64 = typedArrayFor('complex64', 3);
    expect(c64).toBeInstanceOf(Float32Array);
    expect(c64.length).toBe(6);
    expect(typedArrayFor('complex128', 3)).toBeInstanceOf(Float64Array);
    expect(typedArrayFor('complex128', 3).length).toBe(6);
    expect(Array.from(typedArrayFor('float64', 2) as Float64Array)).toEqual([0, 0]);
  });

  it('dtypeOfTypedArray', () => {
    expect(dtypeOfTypedArray(new Uint8Array(1))).toBe('bool');
    expect(dtypeOfTypedArray(new Int8Array(1))).toBe('int8');
    expect(dtypeOfTypedArray(new Int16Array(1))).toBe('int16');
    expect(dtypeOfTypedArray(new Int32Array(1))).toBe('int32');
    expect(dtypeOfTypedArray(new BigInt64Array(1))).toBe('int64');
    expect(dtypeOfTypedArray(new Float32Array(1))).toBe('float32');
    expect(dtypeOfTypedArray(new Float64Array(1))).toBe('float64');
  });
});

describe('NDArray constructor', () => {
  it('wraps storage without copying', () => {
    const data = new Float64Array([1, 2, 3, 4, 5, 6]);
    const a = new NDArray(data, [2, 3]);
    expect(a.dtype).toBe('float64');
    expect(a.shape).toEqual([2, 3]);
    expect(a.ndim).toBe(2);
    expect(a.size).toBe(6);
    expect(a.data).toBe(data);
    expect(Object.isFrozen(a.shape)).toBe(true);
  });

  it('complex storage is interleaved', () => {
    const a = new NDArray(new Float32Array([1, 2, 3, 4]), [2], 'complex64');
    expect(a.size).toBe(2);
    expect(a.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('rejects storage of the wrong type or length', () => {
    expect(() => new NDArray(new Float32Array(2), [2], 'float64')).toThrow(
      new TypeError('NDArray: dtype float64 needs Float64Array storage, got Float32Array'),
    );
    expect(() => new NDArray(new Float64Array(5), [2, 3])).toThrow(
      new TypeError('NDArray: shape (2, 3) of float64 needs storage of length 6, got length 5'),
    );
    expect(() => new NDArray(new Float64Array(3), [3], 'complex128')).toThrow(
      new TypeError(
        'NDArray: shape (3,) of complex128 needs storage of length 6 (2 per complex element), got length 3',
      ),
    );
    expect(() => new NDArray(new Float64Array(1), [-1])).toThrow(
      new TypeError('NDArray: shape entries must be non-negative integers, got [-1]'),
    );
  });
});

describe('array()', () => {
  it('nested numbers default to floatX, booleans to bool, bigints to int64', () => {
    const a = array([
      [1, 2],
      [3, 4],
    ]);
    expect(a.dtype).toBe('float64');
    expect(a.shape).toEqual([2, 2]);
    expect(Array.from(a.data as Float64Array)).toEqual([1, 2, 3, 4]);
    config.floatX = 'float32';
    expect(array([1.5]).dtype).toBe('float32');
    expect(array(2).dtype).toBe('float32');
    expect(array([true, false]).dtype).toBe('bool');
    expect(array([true, 1]).dtype).toBe('float32');
    expect(array([1n, 2n]).dtype).toBe('int64');
    expect(array([]).dtype).toBe('float32');
    expect(array([]).shape).toEqual([0]);
  });

  it('0-d arrays from scalars', () => {
    const a = array(3.5);
    expect(a.shape).toEqual([]);
    expect(a.ndim).toBe(0);
    expect(a.size).toBe(1);
    expect(a.item()).toBe(3.5);
    expect(array(true).toArray()).toBe(true);
  });

  it('casts to a given dtype with astype rules', () => {
    expect(array([1.7, -1.7, 300], 'int8').toArray()).toEqual([1, -1, 44]);
    expect(array([0, 2, Number.NaN], 'bool').toArray()).toEqual([false, true, true]);
    expect(array([9007199254740993n], 'int64').data[0]).toBe(9007199254740993n);
    expect(array([1, 2], 'complex128').toArray()).toEqual([
      [1, 0],
      [2, 0],
    ]);
  });

  it('ragged nesting is a TypeError that says so', () => {
    expect(() => array([[1, 2], [3]])).toThrow(
      new TypeError('array: ragged nested sequence: expected a list of length 2 at index [1], got length 1'),
    );
    expect(() => array([[1, 2], 3])).toThrow(
      new TypeError('array: ragged nested sequence: expected a list of length 2 at index [1], got number'),
    );
    expect(() => array([1, [2]])).toThrow(
      new TypeError('array: ragged nested sequence: expected a scalar at index [1], got a list of length 1'),
    );
    expect(() => array(['a' as unknown as number])).toThrow(
      new TypeError('array: elements must be numbers, booleans or bigints, got string at index [0]'),
    );
  });

  it('typed arrays keep their dtype unless one is given, and are copied', () => {
    const src = new Int16Array([1, -2, 3]);
    const a = array(src);
    expect(a.dtype).toBe('int16');
    expect(a.shape).toEqual([3]);
    expect(a.data).not.toBe(src);
    src[0] = 100;
    expect(a.at(0)).toBe(1);
    expect(array(new Float64Array([1.5, 2.5]), 'int32').toArray()).toEqual([1, 2]);
    expect(array(new Uint8Array([0, 7])).toArray()).toEqual([false, true]);
    expect(array(new Uint8Array([0, 7]), 'int32').toArray()).toEqual([0, 7]);
  });

  it('NDArrays are copied (and cast when asked)', () => {
    const a = array([1.5, 2.5]);
    const b = array(a);
    expect(b.equals(a)).toBe(true);
    expect(b.data).not.toBe(a.data);
    expect(array(a, 'int64').toArray()).toEqual([1, 2]);
  });
});

describe('zeros, ones, full', () => {
  it('default to floatX', () => {
    expect(zeros([2, 3]).dtype).toBe('float64');
    expect(zeros(3).shape).toEqual([3]);
    config.floatX = 'float32';
    expect(zeros([2]).dtype).toBe('float32');
    expect(ones([2]).dtype).toBe('float32');
    expect(full([2], 7).dtype).toBe('float32');
  });

  it('fill values', () => {
    expect(ones([2, 2], 'int64').toArray()).toEqual([
      [1, 1],
      [1, 1],
    ]);
    expect(full(3, 2.9, 'int32').toArray()).toEqual([2, 2, 2]);
    expect(full([2], 1.5, 'complex64').toArray()).toEqual([
      [1.5, 0],
      [1.5, 0],
    ]);
    expect(ones([], 'bool').toArray()).toBe(true);
    expect(zeros([0, 3]).size).toBe(0);
  });

  it('rejects bad shapes', () => {
    expect(() => zeros([2, 1.5])).toThrow(
      new TypeError('zeros: shape entries must be non-negative integers, got [2, 1.5]'),
    );
  });
});

describe('arange', () => {
  it('numpy semantics and dtypes', () => {
    const a = arange(5);
    expect(a.dtype).toBe('int64');
    expect(a.toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(arange(2, 5).toArray()).toEqual([2, 3, 4]);
    expect(arange(10, 0, -3).toArray()).toEqual([10, 7, 4, 1]);
    expect(arange(5, 2).size).toBe(0);
    const f = arange(0, 1, 0.25);
    expect(f.dtype).toBe('float64');
    expect(f.toArray()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(arange(3, undefined, undefined, 'float32').dtype).toBe('float32');
    expect(arange(0.5, 3, 1, 'int64').toArray()).toEqual([0, 1, 2]);
  });

  it('float steps: length ceil((stop-start)/step), values start + i*delta like numpy', () => {
    // numpy: np.arange(0, 1, 0.1) has 10 elements, its 8th is 0.7000000000000001
    const a = arange(0, 1, 0.1);
    expect(a.size).toBe(10);
    expect(a.at(7)).toBe(0.7000000000000001);
    // np.arange(-5, 5, 0.7)[-1] == 4.8000000000000025; float32: 4.799997329711914
    expect(arange(-5, 5, 0.7).at(-1)).toBe(4.8000000000000025);
    expect(arange(-5, 5, 0.7, 'float32').at(-1)).toBe(4.799997329711914);
  });

  it('rejects a zero step', () => {
    expect(() => arange(0, 1, 0)).toThrow(new TypeError('arange: step must not be zero'));
  });
});

describe('astype', () => {
  it('float → int truncates toward zero and wraps', () => {
    const a = array([300.7, -129.5, 2.9, -2.9]);
    // numpy: [ 44 127   2  -2] and [ 300 -129    2   -2]
    expect(a.astype('int8').toArray()).toEqual([44, 127, 2, -2]);
    expect(a.astype('int16').toArray()).toEqual([300, -129, 2, -2]);
    expect(a.astype('int64').toArray()).toEqual([300, -129, 2, -2]);
    expect(a.astype('int8').dtype).toBe('int8');
  });

  it('NaN and inf become 0 in integer dtypes', () => {
    const a = array([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    for (const d of ['int8', 'int16', 'int32', 'int64'] as const) expect(a.astype(d).toArray()).toEqual([0, 0, 0]);
  });

  it('int → narrower int wraps like C', () => {
    // numpy: [-56  56 112], [ 200 4464    5], [5]
    expect(array([200, -200, 70000], 'int64').astype('int8').toArray()).toEqual([-56, 56, 112]);
    expect(
      array([200n, 70000n, 2n ** 40n + 5n])
        .astype('int16')
        .toArray(),
    ).toEqual([200, 4464, 5]);
    expect(
      array([2n ** 40n + 5n])
        .astype('int32')
        .toArray(),
    ).toEqual([5]);
    expect(array([-1], 'int8').astype('int64').data[0]).toBe(-1n);
  });

  it('anything → bool is v != 0', () => {
    expect(array([0, -0, 0.5, Number.NaN]).astype('bool').toArray()).toEqual([false, false, true, true]);
    expect(fromFloat64([0, 0, 0, 1, 1, 0], [3], 'complex128').astype('bool').toArray()).toEqual([false, true, true]);
    expect(array([0n, -3n]).astype('bool').toArray()).toEqual([false, true]);
    expect(array([true, false]).astype('float32').toArray()).toEqual([1, 0]);
  });

  it('real ↔ complex', () => {
    expect(array([1.5, -2]).astype('complex64').toArray()).toEqual([
      [1.5, 0],
      [-2, 0],
    ]);
    const c = fromFloat64([1.5, 2, -3.7, 4], [2], 'complex128');
    expect(c.astype('float64').toArray()).toEqual([1.5, -3.7]);
    expect(c.astype('int32').toArray()).toEqual([1, -3]);
    expect(c.astype('complex64').toArray()).toEqual([
      [1.5, 2],
      [Math.fround(-3.7), 4],
    ]);
  });

  it('float64 → float32 rounds; int64 → float32 rounds once', () => {
    expect(array([0.1]).astype('float32').at(0)).toBe(Math.fround(0.1));
    // 2^63 - 1 → 2^63 in float32 (numpy prints 9.223372e+18)
    expect(
      array([2n ** 63n - 1n])
        .astype('float32')
        .at(0),
    ).toBe(2 ** 63);
    // 2^24 + 1 + 2^-? : 16777217 is a tie → even (16777216); 2^54 + 2^30 + 1 is just above a tie → rounds up
    expect(array([16777217n]).astype('float32').at(0)).toBe(16777216);
    expect(
      array([2n ** 54n + 2n ** 30n + 1n])
        .astype('float32')
        .at(0),
    ).toBe(2 ** 54 + 2 ** 31);
  });

  it('always copies', () => {
    const a = array([1, 2]);
    const b = a.astype('float64');
    expect(b.data).not.toBe(a.data);
    expect(b.equals(a)).toBe(true);
  });
});

describe('reshape', () => {
  it('shares data and infers one -1', () => {
    const a = arange(6);
    const b = a.reshape([2, -1]);
    expect(b.shape).toEqual([2, 3]);
    expect(b.data).toBe(a.data);
    expect(b.toArray()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(a.reshape([-1]).shape).toEqual([6]);
    expect(array([5]).reshape([]).shape).toEqual([]);
  });

  it('errors name both shapes', () => {
    expect(() => arange(6).reshape([4])).toThrow(
      new TypeError('reshape: cannot reshape array of size 6 and shape (6,) into shape (4,)'),
    );
    expect(() => arange(6).reshape([4, -1])).toThrow(
      new TypeError('reshape: cannot reshape array of size 6 and shape (6,) into shape (4, -1)'),
    );
    expect(() => arange(6).reshape([-1, -1])).toThrow(
      new TypeError('reshape: can only specify one unknown dimension (-1), got (-1, -1)'),
    );
  });
});

describe('element access', () => {
  it('item', () => {
    expect(array([[7]]).item()).toBe(7);
    expect(array(true).item()).toBe(1);
    expect(array([5n]).item()).toBe(5);
    expect(() => array([1, 2]).item()).toThrow(
      new TypeError('item: can only convert an array of size 1 to a scalar, got size 2 (shape (2,))'),
    );
    const c = fromFloat64([1, 2], [], 'complex128');
    expect(() => c.item()).toThrow(
      new TypeError('item: the array is complex128; use itemComplex() to read a complex element'),
    );
    expect(c.itemComplex()).toEqual({ re: 1, im: 2 });
    expect(array(3).itemComplex()).toEqual({ re: 3, im: 0 });
  });

  it('at, with negative indices', () => {
    const a = arange(6).reshape([2, 3]);
    expect(a.at(1, 2)).toBe(5);
    expect(a.at(-1, -3)).toBe(3);
    expect(array([true, false]).at(0)).toBe(1);
    expect(() => a.at(2, 0)).toThrow(new RangeError('at: index 2 is out of bounds for axis 0 with size 2'));
    expect(() => a.at(0)).toThrow(new TypeError('at: expected 2 indices for shape (2, 3), got 1'));
    expect(array(4.5).at()).toBe(4.5);
  });

  it('toArray', () => {
    expect(arange(4).reshape([2, 2]).toArray()).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(array([true, false]).toArray()).toEqual([true, false]);
    expect(array(2.5).toArray()).toBe(2.5);
    expect(zeros([2, 0]).toArray()).toEqual([[], []]);
    expect(fromFloat64([1, 2, 3, 4], [2], 'complex64').toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});

describe('toFloat64, fromFloat64, copy, equals', () => {
  it('toFloat64', () => {
    const f = array([1, 2]);
    expect(f.toFloat64()).toBe(f.data);
    expect(Array.from(array([1n, -2n]).toFloat64())).toEqual([1, -2]);
    expect(Array.from(array([0.5], 'float32').toFloat64())).toEqual([0.5]);
    expect(Array.from(fromFloat64([1, 2], [], 'complex64').toFloat64())).toEqual([1, 2]);
  });

  it('fromFloat64 casts with astype rules', () => {
    const a = fromFloat64([1.9, -1.9, 128], [3], 'int8');
    expect(a.toArray()).toEqual([1, -1, -128]);
    expect(fromFloat64([2.5], [1], 'int64').data[0]).toBe(2n);
    expect(() => fromFloat64([1, 2, 3], [2], 'complex128')).toThrow(
      new TypeError('fromFloat64: shape (2,) of complex128 needs 4 values (interleaved re, im), got 3'),
    );
  });

  it('copy is independent', () => {
    const a = array([1, 2]);
    const b = a.copy();
    (b.data as Float64Array)[0] = 9;
    expect(a.at(0)).toBe(1);
  });

  it('equals compares dtype, shape and values (NaN equals NaN)', () => {
    expect(array([1, Number.NaN]).equals(array([1, Number.NaN]))).toBe(true);
    expect(array([1, 2]).equals(array([1, 2], 'float32'))).toBe(false);
    expect(array([1, 2]).equals(array([[1, 2]]))).toBe(false);
    expect(array([1, 2]).equals(array([1, 3]))).toBe(false);
    expect(array([1n]).equals(array([1n]))).toBe(true);
  });
});

describe('shape helpers', () => {
  it('shapeSize, stridesOf, shapeToString', () => {
    expect(shapeSize([])).toBe(1);
    expect(shapeSize([2, 3, 4])).toBe(24);
    expect(shapeSize([2, 0])).toBe(0);
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(stridesOf([])).toEqual([]);
    expect(shapeToString([])).toBe('()');
    expect(shapeToString([3])).toBe('(3,)');
    expect(shapeToString([2, 3])).toBe('(2, 3)');
  });
});
