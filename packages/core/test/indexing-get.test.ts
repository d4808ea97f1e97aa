// Indexing (`x.get(...)`, T.setSubtensor / T.incSubtensor on views, nonzero, take): type and static-shape
// inference, symbolic shapes, Theano's op names, errors, and values on the reference backend. Expected
// values come from numpy (pasted as literals) or are worked by hand.

import { ancestors, type NDArray, type TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

const list = (a: NDArray) => a.toArray();
const opNames = (v: TensorVariable) => [...ancestors([v])].filter((x) => x.owner).map((x) => String(x.owner!.op));

describe('x.get: types and static shapes', () => {
  const x = T.dmatrix('x');
  const c = T.constant(
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
    { dtype: 'float32' },
  );
  it('integers drop axes, slices keep them, null adds a broadcastable one', () => {
    expect(x.get(1).ndim).toBe(1);
    expect(x.get(1, -1).ndim).toBe(0);
    expect(x.get('1:3').ndim).toBe(2);
    expect(x.get(null, 0).type.shape).toEqual([1, null]);
    expect(x.get(0, null, '...').type.shape).toEqual([1, null]);
    expect(c.get('1:', '::-2').type.shape).toEqual([1, 2]);
    expect(c.get(null, 0, null).type.shape).toEqual([1, 1, 3]);
    expect(c.get('...', 1).type.shape).toEqual([2]);
    expect(c.get('5:').type.shape).toEqual([0, 3]);
    expect(c.get(1).dtype).toBe('float32');
  });
  it('advanced indices: the broadcast index shape, placed as numpy places it', () => {
    const iv = T.lvector('iv');
    const im = T.imatrix('im');
    const x3 = T.dtensor3('x3');
    expect(c.get(iv).type.shape).toEqual([null, 3]);
    expect(c.get([0, 1, 1]).type.shape).toEqual([3, 3]);
    expect(c.get(':', im).type.shape).toEqual([2, null, null]);
    // adjacent advanced axes stay in place; separated ones go first
    expect(x3.get(':', [0, 1], [1, 2]).ndim).toBe(2);
    expect(
      T.constant(new Array(24).fill(0), { dtype: 'float64' }).reshape([2, 3, 4]).get(':', [0, 1], [1, 2]).ndim,
    ).toBe(2);
    expect(x3.get([0, 1], ':', [1, 2]).ndim).toBe(2);
    expect(c.get(c.gt(2)).ndim).toBe(1);
    expect(T.nonzero(c)).toHaveLength(2);
    expect(T.nonzero(c, { returnMatrix: true }).type.shape).toEqual([2, null]);
    expect(T.argwhere(c).type.shape).toEqual([null, 2]);
    expect(T.argwhere(c).dtype).toBe('int64');
  });
});

describe('x.get: symbolic shapes (inferShape) equal numpy lengths without computing the view', () => {
  const v = T.dvector('v');
  const i = T.lscalar('i');
  // numpy: len(numpy.arange(5)[slice(*s)]) for each s, with i standing for the given bound
  const specs: [string, () => TensorVariable, number, number][] = [
    ['v[-7::-2]', () => v.get(T.slice(i, null, -2)), -7, 0],
    ['v[-1::-2]', () => v.get(T.slice(i, null, -2)), -1, 3],
    ['v[0::-2]', () => v.get(T.slice(i, null, -2)), 0, 1],
    ['v[3::-2]', () => v.get(T.slice(i, null, -2)), 3, 2],
    ['v[7::-2]', () => v.get(T.slice(i, null, -2)), 7, 3],
    ['v[:-7]', () => v.get(T.slice(null, i)), -7, 0],
    ['v[:-2]', () => v.get(T.slice(null, i)), -2, 3],
    ['v[:3]', () => v.get(T.slice(null, i)), 3, 3],
    ['v[:9]', () => v.get(T.slice(null, i)), 9, 5],
    ['v[1:-1:2]', () => v.get(T.slice(i, i.neg(), 2)), 1, 2],
    ['v[-3:4]', () => v.get(T.slice(i, 4)), -3, 2],
    ['v[4:-7:-1]', () => v.get(T.slice(4, i, -1)), -7, 5],
    ['v[-9::-1]', () => v.get(T.slice(i, null, -1)), -9, 0],
  ];
  for (const [name, build, iv, n] of specs) {
    it(name, () => {
      const len = T.shapeI(build(), 0);
      expect(opNames(len).some((o) => o.startsWith('Subtensor'))).toBe(false);
      const f = theano.function([v, i], len, { onUnusedInput: 'ignore' });
      expect((f.callSync([0, 1, 2, 3, 4], iv) as NDArray).item()).toBe(n);
    });
  }
  it('advanced views take their sizes from the index arrays', () => {
    const iv = T.lvector('iv');
    const m = T.dmatrix('m');
    const len = T.shapeI(m.get(iv, ':'), 0);
    expect(opNames(len).some((o) => o.startsWith('AdvancedSubtensor'))).toBe(false);
  });
});

describe('printing: Theano op names', () => {
  const x = T.dmatrix('x');
  const iv = T.lvector('iv');
  const i = T.lscalar('i');
  const top = (v: TensorVariable) => String(v.owner!.op);
  it('basic and advanced views and their updates', () => {
    expect(top(x.get(1))).toBe('Subtensor{int64}');
    expect(top(x.get('1:3'))).toBe('Subtensor{1:3}');
    expect(top(x.get('::-1', 1))).toBe('Subtensor{::-1, int64}');
    expect(top(x.get(T.slice(i, null, -1)))).toBe('Subtensor{int64::-1}');
    expect(top(x.get(iv))).toBe('AdvancedSubtensor1');
    expect(top(x.get(iv, iv))).toBe('AdvancedSubtensor');
    expect(top(T.setSubtensor(x.get('1:3'), 1))).toBe('IncSubtensor{Set;1:3}');
    expect(top(T.incSubtensor(x.get(i), 1))).toBe('IncSubtensor{Inc;int64}');
    expect(top(T.incSubtensor(x.get(iv), 1))).toBe('AdvancedIncSubtensor1{no_inplace,inc}');
    expect(top(T.setSubtensor(x.get(iv, iv), 1))).toBe('AdvancedIncSubtensor{inplace=False,  set_instead_of_inc=True}');
    expect(top(T.nonzero(x, { returnMatrix: true }))).toBe('Nonzero');
  });
  it('theano.pp writes the index', () => {
    expect(theano.pp(x.get('1:3', i))).toBe('x[1:3, i]');
    expect(theano.pp(x.get(T.slice(i, null, -1)))).toBe('x[i::-1]');
    expect(theano.pp(x.get(':', iv))).toBe('x[:, iv]');
  });
});

describe('errors', () => {
  const x = T.dmatrix('x');
  it('bad indices are TypeErrors naming the problem', () => {
    expect(() => x.get(1.5)).toThrow(/index 1.5 is not an integer/);
    expect(() => x.get(1, 2, 3)).toThrow('get: too many indices for x: it has 2 dimensions but 3 were indexed');
    expect(() => x.get(T.dvector('f'))).toThrow(/integer or a boolean mask, got f of dtype float64/);
    expect(() => x.get('...', 0, '...')).toThrow(/single ellipsis/);
    expect(() => x.get('::0')).toThrow(/step zero/);
    expect(() => x.get('a:b')).toThrow(/not an integer/);
    expect(() => x.get(T.slice(0.5))).toThrow(/slice start 0.5 is not an integer/);
    expect(() => x.get(T.slice(T.dscalar('s')))).toThrow(/slice start must be an integer scalar/);
    expect(() => x.get([0, 1.5])).toThrow(/get: an index array must hold integers .*got 1.5 in \[0,1.5\]/);
    expect(() => x.get([[0], ['a']] as unknown as number[][])).toThrow(TypeError);
  });
  it('a boolean mask must have the shape of the dimensions it indexes (numpy IndexError)', () => {
    const c = T.constant([1, 2, 3]);
    // statically known: at build time
    expect(() => c.get([true, false])).toThrow(/get: the boolean index .* does not match the indexed array/);
    // known at run time only: the call throws, naming the dimension and both shapes
    const mb = T.bvector('m');
    const v = T.dvector('v');
    const f = theano.function([v, mb], v.get(mb.gt(0)));
    expect(() => f.callSync([1, 2, 3], [1, 0])).toThrow(
      /get: the boolean index .* does not match the indexed array v along dimension 0 .*shapes \(2,\) and \(3,\) differ/,
    );
    const mm = T.bmatrix('mm');
    const g = theano.function([x, mm], x.get(mm.gt(0)));
    expect(() => g.callSync([[1, 2]], [[1], [0]])).toThrow(/dimensions 0..1 .*shapes \(2, 1\) and \(1, 2\) differ/);
    // a mask of the right length still selects
    expect(list(f.callSync([1, 2, 3], [1, 0, 1]) as NDArray)).toEqual([1, 3]);
  });
  it('setSubtensor needs a view, and a value that fits it', () => {
    expect(() => T.setSubtensor(x, 1)).toThrow(/setSubtensor: the first argument must be a view made by x.get/);
    expect(() => T.setSubtensor(x.get(0), T.dmatrix('y'))).toThrow(/has 2 dimensions, more than the view's 1/);
  });
  it('out-of-range indices at run time name the index, the axis and the size', () => {
    const i = T.lscalar('i');
    const iv = T.lvector('iv');
    const f = theano.function([x, i], x.get(':', i));
    expect(() => f.callSync([[1, 2]], 2)).toThrow('Subtensor: index 2 is out of bounds for axis 1 with size 2');
    const g = theano.function([x, iv], x.get(iv));
    expect(() => g.callSync([[1, 2]], [0, -2])).toThrow(
      'AdvancedSubtensor: index -2 is out of bounds for axis 0 with size 1',
    );
    const h = theano.function([x, iv], T.incSubtensor(x.get(':', iv), 1));
    expect(() => h.callSync([[1, 2]], [5])).toThrow(
      'AdvancedIncSubtensor: index 5 is out of bounds for axis 1 with size 2',
    );
  });
});

describe('values (reference backend)', () => {
  it('int8 and bool: a mask assignment keeps the dtype', () => {
    const m = T.bmatrix('m');
    const f = theano.function([m], T.setSubtensor(m.get(m.gt(2)), -1));
    const r = f.callSync([
      [0, 1, 2],
      [3, 4, 5],
    ]) as NDArray;
    expect(r.dtype).toBe('int8');
    // numpy: x = arange(6).reshape(2, 3).astype(int8); x[x > 2] = -1
    expect(list(r)).toEqual([
      [0, 1, 2],
      [-1, -1, -1],
    ]);
  });
  it('int64 updates are exact beyond 2^53 (numpy.add.at on int64)', () => {
    const v = T.lvector('v');
    const iv = T.lvector('iv');
    const f = theano.function([v, iv], [T.incSubtensor(v.get(iv), 1), T.setSubtensor(v.get(1), v.get(0))]);
    const big = theano.array(new BigInt64Array([2n ** 53n + 1n, 2n ** 53n + 1n, 2n ** 53n + 1n]));
    const [a, b] = f.callSync(big, theano.array(new BigInt64Array([0n, 0n, 2n]))) as NDArray[];
    // numpy: y = zeros(3, int64) + 2**53 + 1; numpy.add.at(y, [0, 0, 2], 1)
    expect(Array.from(a!.data as BigInt64Array)).toEqual([9007199254740995n, 9007199254740993n, 9007199254740994n]);
    expect(Array.from(b!.data as BigInt64Array)).toEqual([9007199254740993n, 9007199254740993n, 9007199254740993n]);
  });
  it('nonzero of a bool tensor3, and the tuple indexing it', () => {
    const t = T.tensor('float64', [false, false, false], 't');
    const nz = t.nonzero();
    const f = theano.function([t], [...nz, t.get(...nz)]);
    const r = f.callSync([
      [
        [0, 2],
        [0, 0],
      ],
      [
        [3, 0],
        [0, 4],
      ],
    ]) as NDArray[];
    // numpy.nonzero: ([0, 1, 1], [0, 0, 1], [1, 0, 1]); values [2, 3, 4]
    expect(r.map(list)).toEqual([
      [0, 1, 1],
      [0, 0, 1],
      [1, 0, 1],
      [2, 3, 4],
    ]);
  });
  it('setSubtensor on a view of a view made by two get calls updates the inner view only', () => {
    const x = T.dvector('x');
    const inner = x.get('1:');
    const f = theano.function([x], T.setSubtensor(inner.get(0), 9));
    // Theano: set_subtensor(x[1:][0], 9) is x[1:] with its first element 9
    expect(list(f.callSync([1, 2, 3]) as NDArray)).toEqual([9, 3]);
  });
  it("Theano's older incSubtensor(x, y, i) form still increments row i", () => {
    const x = T.dmatrix('x');
    const f = theano.function([x], [T.incSubtensor(x, 1, 0), T.setSubtensor(x, 5, -1)]);
    const [a, b] = f.callSync([
      [1, 2],
      [3, 4],
    ]) as NDArray[];
    expect(list(a!)).toEqual([
      [2, 3],
      [3, 4],
    ]);
    expect(list(b!)).toEqual([
      [1, 2],
      [5, 5],
    ]);
  });
  it('gradients through symbolic slice bounds: d sum(x[i::-1]²) = 2x on the view, 0 elsewhere', () => {
    const x = T.dvector('x');
    const i = T.lscalar('i');
    const v = x.get(T.slice(i, null, -1));
    const f = theano.function([x, i], T.grad(T.sum(v.mul(v)), x));
    // by hand: x = [1, 2, 3, 4]; i = 2 views x[2], x[1], x[0]; i = -3 views x[1], x[0]
    expect(list(f.callSync([1, 2, 3, 4], 2) as NDArray)).toEqual([2, 4, 6, 0]);
    expect(list(f.callSync([1, 2, 3, 4], -3) as NDArray)).toEqual([2, 4, 0, 0]);
  });
  it("Theano's options: incSubtensor(view, y, { setInsteadOfInc: true }) sets; inplace is accepted", () => {
    const x = T.dvector('x');
    const f = theano.function(
      [x],
      [T.incSubtensor(x.get('1:'), 5, { setInsteadOfInc: true }), T.setSubtensor(x.get(0), 7, true)],
    );
    const [a, b] = f.callSync([1, 2, 3]) as NDArray[];
    expect(list(a!)).toEqual([1, 5, 5]);
    expect(list(b!)).toEqual([7, 2, 3]);
    expect(() => T.incSubtensor(x.get(0), 1, { axis: 0 })).toThrow(/incSubtensor: unknown option 'axis'/);
  });
  it('take with a scalar index and with mode errors', () => {
    const x = T.dvector('x');
    expect(list(theano.function([x], T.take(x, -1)).callSync([1, 2, 3]) as NDArray)).toBe(3);
    expect(() => T.take(x, [0], { mode: 'wrap' })).toThrow(/only mode 'raise'/);
    expect(() => T.take(x, [0], { axis: 1 })).toThrow(/axis 1 is out of range/);
  });
});
