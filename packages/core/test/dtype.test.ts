// dtype promotion: numpy's `result_type` for arrays, JS numbers as weak constants, and the dtypes Theano 1.0
// gives elementwise ops (`upgrade_to_float` for true division and transcendental functions), comparisons
// (bool) and reductions (Sum of ints accumulates in int64; mean of ints is float64).

import {
  canCastSafely,
  config,
  DTYPES,
  type DType,
  dtypeBytes,
  dtypeKind,
  isDType,
  promote2,
  promoteTypes,
  promoteWeak,
  T,
  upgradeToFloat,
} from '@theano-ts/core';
import * as theano from 'theano-ts';
import { afterEach, describe, expect, it } from 'vitest';

afterEach(() => {
  config.floatX = 'float64';
});

describe('dtype tables', () => {
  it('the nine dtypes, their kinds and sizes', () => {
    expect(DTYPES).toEqual([
      'bool',
      'int8',
      'int16',
      'int32',
      'int64',
      'float32',
      'float64',
      'complex64',
      'complex128',
    ]);
    expect(DTYPES.map(dtypeKind)).toEqual(['bool', 'int', 'int', 'int', 'int', 'float', 'float', 'complex', 'complex']);
    // numpy's itemsize
    expect(DTYPES.map(dtypeBytes)).toEqual([1, 1, 2, 4, 8, 4, 8, 8, 16]);
    expect(isDType('float32')).toBe(true);
    expect(isDType('float16')).toBe(false);
    expect(isDType('uint8')).toBe(false);
    expect(isDType(7)).toBe(false);
  });
});

describe('promoteTypes (np.result_type of two arrays)', () => {
  // Each row is np.result_type(a, b) in numpy 2 (and numpy 1.x: no value-based casting for arrays).
  const table: [DType, DType, DType][] = [
    ['int8', 'int16', 'int16'],
    ['int32', 'float32', 'float64'],
    ['int16', 'float32', 'float32'],
    ['int8', 'float32', 'float32'],
    ['int64', 'float32', 'float64'],
    ['int64', 'float64', 'float64'],
    ['float32', 'complex64', 'complex64'],
    ['float64', 'complex64', 'complex128'],
    ['int16', 'complex64', 'complex64'],
    ['int32', 'complex64', 'complex128'],
    ['bool', 'int8', 'int8'],
    ['bool', 'float32', 'float32'],
    ['bool', 'bool', 'bool'],
    ['int32', 'int64', 'int64'],
    ['float32', 'float64', 'float64'],
    ['complex64', 'complex128', 'complex128'],
    ['float32', 'float32', 'float32'],
  ];

  it.each(table)('%s + %s = %s', (a, b, r) => {
    expect(promoteTypes(a, b)).toBe(r);
    expect(promoteTypes(b, a)).toBe(r);
    expect(promote2(a, b)).toBe(r);
  });

  it('of several dtypes, and of one', () => {
    expect(promoteTypes('int8', 'int16', 'float32')).toBe('float32');
    expect(promoteTypes('int8', 'int32', 'float32')).toBe('float64');
    expect(promoteTypes('bool', 'int8', 'complex64')).toBe('complex64');
    expect(promoteTypes('int16')).toBe('int16');
    expect(() => promoteTypes()).toThrow(/promoteTypes: expected at least one dtype, got none/);
  });

  it('is commutative and idempotent over all pairs', () => {
    for (const a of DTYPES) {
      expect(promoteTypes(a, a)).toBe(a);
      for (const b of DTYPES) expect(promoteTypes(a, b)).toBe(promoteTypes(b, a));
    }
  });
});

describe('promoteWeak (JS numbers count by kind, and int literals by fit)', () => {
  it('a weak int never upcasts a float tensor, widens an int one only when it does not fit; a weak float makes an int float', () => {
    expect(promoteWeak(['float32'], ['int8'])).toBe('float32');
    expect(promoteWeak(['int8'], ['int16'])).toBe('int16');
    expect(promoteWeak(['int32'], ['int8'])).toBe('int32');
    expect(promoteWeak(['float32'], ['float64'])).toBe('float32');
    expect(promoteWeak(['int32'], ['float64'])).toBe('float64');
    expect(promoteWeak(['int8'], ['float64'])).toBe('float64');
    expect(promoteWeak(['int8'], ['float32'])).toBe('float32');
    expect(promoteWeak(['bool'], ['int8'])).toBe('int8');
    // only weak operands: ordinary promotion
    expect(promoteWeak([], ['int8', 'float64'])).toBe('float64');
  });
});

describe('weak JS numbers through the graph', () => {
  it('float32 tensor times a JS number stays float32', () => {
    expect(T.fvector().mul(2).dtype).toBe('float32');
    expect(T.fvector().mul(2.5).dtype).toBe('float32');
    expect(T.fmatrix().add(1e10).dtype).toBe('float32');
    expect(T.fvector().sub(-3).dtype).toBe('float32');
    expect(T.fscalar().pow(2).dtype).toBe('float32');
  });

  it('int32 tensor: an int literal keeps int32, a float literal makes float64', () => {
    expect(T.ivector().mul(2).dtype).toBe('int32');
    expect(T.ivector().add(100000).dtype).toBe('int32');
    expect(T.ivector().mul(1.5).dtype).toBe('float64');
    // as numpy: int32 with any float is float64, whatever floatX is
    config.floatX = 'float32';
    expect(T.ivector().mul(1.5).dtype).toBe('float64');
    expect(T.wvector().mul(1.5).dtype).toBe('float32');
  });

  it('int8 tensor + 1000 widens to int16: an int literal that does not fit widens the result (as Theano)', () => {
    // The literal 1000 is an int16 constant (Theano's autocast to the smallest int dtype); int8 cannot hold it,
    // so the result is int16 as in Theano 1.0 and numpy 1.x (numpy 2 raises instead of wrapping around).
    expect(T.constant(1000).dtype).toBe('int16');
    expect(T.bvector().add(1000).dtype).toBe('int16');
    expect(T.bvector().add(100).dtype).toBe('int8');
    expect(T.bvector().add(T.constant(1000, { dtype: 'int16' })).dtype).toBe('int16');
    const b = T.bvector('b');
    expect(theano.function([b], b.add(1000)).callSync([1, 2]).toArray()).toEqual([1001, 1002]);
  });

  it('a typed constant is strong', () => {
    expect(T.fvector().mul(T.constant(2, { dtype: 'float64' })).dtype).toBe('float64');
    expect(T.fvector().mul(theano.array([2, 3])).dtype).toBe('float64');
    expect(T.bvector().add(T.constant([1, 2], { dtype: 'int32' })).dtype).toBe('int32');
  });

  it('a JS number alone follows floatX or the smallest int dtype', () => {
    expect(T.constant(2).dtype).toBe('int8');
    expect(T.constant(-129).dtype).toBe('int16');
    expect(T.constant(40000).dtype).toBe('int32');
    expect(T.constant(2 ** 40).dtype).toBe('int64');
    expect(T.constant(2.5).dtype).toBe('float64');
    expect(T.constant(true).dtype).toBe('bool');
    config.floatX = 'float32';
    expect(T.constant(0.25).dtype).toBe('float32');
  });
});

describe('op result dtypes', () => {
  it('true division of ints is float (Theano upgrade_to_float)', () => {
    expect(T.ivector().div(2).dtype).toBe('float64');
    expect(T.ivector().div(T.ivector()).dtype).toBe('float64');
    expect(T.lvector().div(T.lvector()).dtype).toBe('float64');
    expect(T.bvector().div(T.bvector()).dtype).toBe('float32');
    expect(T.wvector().div(T.bvector()).dtype).toBe('float32');
    expect(T.fvector().div(T.fvector()).dtype).toBe('float32');
    expect(T.fvector().div(T.dvector()).dtype).toBe('float64');
  });

  it('floor division and mod keep ints', () => {
    expect(T.ivector().intDiv(2).dtype).toBe('int32');
    expect(T.ivector().mod(T.bvector()).dtype).toBe('int32');
    expect(T.fvector().intDiv(2).dtype).toBe('float32');
  });

  it('upgradeToFloat', () => {
    expect(upgradeToFloat('bool')).toBe('float32');
    expect(upgradeToFloat('int8')).toBe('float32');
    expect(upgradeToFloat('int16')).toBe('float32');
    expect(upgradeToFloat('int32')).toBe('float64');
    expect(upgradeToFloat('int64')).toBe('float64');
    expect(upgradeToFloat('float32')).toBe('float32');
    expect(upgradeToFloat('complex64')).toBe('complex64');
  });

  it('transcendental functions of ints are float', () => {
    expect(T.iscalar().exp().dtype).toBe('float64');
    expect(T.exp(T.ivector()).dtype).toBe('float64');
    expect(T.log(T.bvector()).dtype).toBe('float32');
    expect(T.sqrt(T.wmatrix()).dtype).toBe('float32');
    expect(T.sin(T.lvector()).dtype).toBe('float64');
    expect(T.tanh(T.fvector()).dtype).toBe('float32');
    expect(T.exp(T.zvector()).dtype).toBe('complex128');
  });

  it('neg, abs and sgn keep the dtype; abs of complex is real', () => {
    expect(T.ivector().neg().dtype).toBe('int32');
    expect(T.fvector().abs().dtype).toBe('float32');
    expect(T.cvector().abs().dtype).toBe('float32');
    expect(T.zvector().abs().dtype).toBe('float64');
    expect(T.sgn(T.bvector()).dtype).toBe('int8');
  });

  it('comparisons are bool', () => {
    const x = T.fvector();
    for (const v of [x.lt(1), x.le(1), x.gt(T.ivector()), x.ge(x), x.eq(0), x.neq(2.5), T.lt(T.ivector(), 3)]) {
      expect(v.dtype).toBe('bool');
    }
    expect(x.lt(1).broadcastable).toEqual([false]);
  });

  it('mixing tensors promotes as numpy', () => {
    expect(T.fvector().add(T.dvector()).dtype).toBe('float64');
    expect(T.fvector().add(T.ivector()).dtype).toBe('float64');
    expect(T.fvector().add(T.wvector()).dtype).toBe('float32');
    expect(T.bvector().add(T.wvector()).dtype).toBe('int16');
    expect(T.fvector().mul(T.cvector()).dtype).toBe('complex64');
    expect(T.dvector().mul(T.cvector()).dtype).toBe('complex128');
    expect(T.ivector().add(T.fvector().lt(0)).dtype).toBe('int32');
    expect(T.maximum(T.bvector(), T.fvector()).dtype).toBe('float32');
    expect(T.dot(T.fmatrix(), T.ivector()).dtype).toBe('float64');
    expect(T.dot(T.fmatrix(), T.fvector()).dtype).toBe('float32');
  });

  it('cast', () => {
    expect(T.cast(T.fvector(), 'int16').dtype).toBe('int16');
    expect(T.fvector().astype('float64').dtype).toBe('float64');
    const v = T.dvector();
    expect(T.cast(v, 'float64')).toBe(v);
  });
});

describe('reductions', () => {
  it('sum: ints and bool accumulate in int64, floats keep theirs', () => {
    expect(T.sum(T.ivector()).dtype).toBe('int64');
    expect(T.sum(T.bvector()).dtype).toBe('int64');
    expect(T.fvector().lt(0).sum().dtype).toBe('int64');
    expect(T.sum(T.fvector()).dtype).toBe('float32');
    expect(T.fmatrix().sum(1).dtype).toBe('float32');
    expect(T.sum(T.dmatrix()).dtype).toBe('float64');
    expect(T.sum(T.cvector()).dtype).toBe('complex64');
  });

  it('mean: ints give float64, floats keep theirs', () => {
    expect(T.ivector().mean().dtype).toBe('float64');
    expect(T.bvector().mean().dtype).toBe('float64');
    expect(T.imatrix().mean(0).dtype).toBe('float64');
    expect(T.fvector().mean().dtype).toBe('float32');
    expect(T.fmatrix().mean(1).dtype).toBe('float32');
  });

  it('max and min keep the dtype', () => {
    expect(T.ivector().max().dtype).toBe('int32');
    expect(T.bmatrix().min(0).dtype).toBe('int8');
    expect(T.fvector().max().dtype).toBe('float32');
  });

  it('sum values through ref: int8 sums do not wrap, mean of ints is exact', async () => {
    const b = T.bvector('b');
    const s = await b.sum().eval([[b, [100, 100, 100]]]);
    expect(s.dtype).toBe('int64');
    expect(s.item()).toBe(300);
    const i = T.ivector('i');
    const m = i.mean().evalSync([[i, [1, 2]]]);
    expect(m.dtype).toBe('float64');
    expect(m.item()).toBe(1.5);
  });
});

describe('canCastSafely (np.can_cast(from, to, "safe"))', () => {
  const pairs: [DType, DType, boolean][] = [
    ['int8', 'int16', true],
    ['int16', 'int8', false],
    ['int8', 'float32', true],
    ['int16', 'float32', true],
    ['int32', 'float32', false],
    ['int32', 'float64', true],
    ['int64', 'float64', true],
    ['float32', 'float64', true],
    ['float64', 'float32', false],
    ['float32', 'complex64', true],
    ['float64', 'complex64', false],
    ['float64', 'complex128', true],
    ['complex64', 'float64', false],
    ['complex128', 'complex64', false],
    ['bool', 'int8', true],
    ['int8', 'bool', false],
    ['float32', 'int64', false],
    ['int64', 'int32', false],
    ['int32', 'int32', true],
  ];
  it.each(pairs)('%s → %s: %s', (from, to, ok) => {
    expect(canCastSafely(from, to)).toBe(ok);
  });

  it('every dtype casts safely to itself and to complex128; bool casts safely to every dtype', () => {
    for (const d of DTYPES) {
      expect(canCastSafely(d, d)).toBe(true);
      expect(canCastSafely(d, 'complex128')).toBe(true);
      expect(canCastSafely('bool', d)).toBe(true);
    }
  });
});

describe('integer-valued JS numbers beyond int64', () => {
  it('are floats, not ints wrapped to zero (x * 1e38 was x * 0)', async () => {
    expect(T.constant(1e38).dtype).toBe(config.floatX);
    expect(T.constant(2 ** 62).dtype).toBe('int64');
    const x = T.fvector('x');
    const y = x.mul(1e38);
    expect(y.dtype).toBe('float32');
    const f = theano.function([x], y);
    // float32(1e38) = 99999996802856924650656260769173209088
    expect(Array.from(f.callSync([1, -2]).toFloat64())).toEqual([Math.fround(1e38), Math.fround(-2e38)]);
  });
});
