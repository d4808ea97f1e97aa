// The sort family (sort, argsort, topk, unique, bincount, searchsorted, toOneHot, fillDiagonal,
// fillDiagonalOffset): types and static shapes, symbolic shapes, argument and run-time errors, debugprint,
// and values on the reference backend against numpy's (numbers computed with numpy 2.4 and pasted here).

import { ancestors, debugprint, type NDArray, performSort, type TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

const run = (ins: TensorVariable[], outs: TensorVariable[], ...vals: unknown[]): NDArray[] =>
  theano.function(ins, outs).callSync(...vals) as NDArray[];

const list = (a: NDArray) => a.toArray();

describe('types and static shapes', () => {
  const x = T.tensor('float32', [false, false, false], 'x');
  it('sort keeps the type; argsort is int64 of the same pattern', () => {
    expect(T.sort(x).type.toString()).toBe(x.type.toString());
    expect(T.argsort(x, 1).dtype).toBe('int64');
    expect(T.argsort(x, 1).ndim).toBe(3);
    expect(T.sort(x, null).ndim).toBe(1);
    expect(T.argsort(x, null).ndim).toBe(1);
  });
  it('topk has |kth| along the axis; its indices take idxDtype', () => {
    const m = T.matrix('m', 'float64');
    const [v, i] = T.topkAndArgtopk(m, -3, { axis: 0, idxDtype: 'int32' });
    expect(v!.type.shape).toEqual([3, null]);
    expect(i!.dtype).toBe('int32');
    expect(T.topk(m, 2).type.shape).toEqual([null, 2]);
  });
  it('unique: one output, or the asked ones (int64 beyond the values)', () => {
    const m = T.matrix('m', 'int32');
    expect((T.unique(m) as TensorVariable).dtype).toBe('int32');
    const outs = T.unique(m, { returnCounts: true, returnInverse: true }) as TensorVariable[];
    expect(outs.map((o) => o.dtype)).toEqual(['int32', 'int64', 'int64']);
    const c = T.tensor('float32', [false, false, false], 'c');
    const [rows, inv] = T.unique(c, { returnInverse: true, axis: -2 }) as TensorVariable[];
    expect(rows!.ndim).toBe(3);
    expect(inv!.ndim).toBe(1);
    expect(() => T.unique(c, { axis: 3 })).toThrow(/unique: axis 3 is out of range/);
  });
  it("bincount: x's dtype, or the weights' (Theano)", () => {
    const i = T.vector('i', 'int16');
    expect(T.bincount(i).dtype).toBe('int16');
    expect(T.bincount(i, T.vector('w', 'float32')).dtype).toBe('float32');
  });
  it("searchsorted: int64 of v's shape; toOneHot: (len(y), nbClass) in floatX or dtype", () => {
    const s = T.searchsorted(T.vector('a'), T.tensor('float64', [false, true], 'v'));
    expect(s.dtype).toBe('int64');
    expect(s.broadcastable).toEqual([false, true]);
    const oh = T.toOneHot(T.vector('y', 'int64'), 7);
    expect(oh.type.shape).toEqual([null, 7]);
    expect(oh.dtype).toBe(theano.config.floatX);
    expect(T.toOneHot(T.vector('y', 'int64'), 3, 'int8').dtype).toBe('int8');
  });
  it('fillDiagonal and fillDiagonalOffset keep the type of a', () => {
    const a = T.matrix('a', 'int32');
    expect(T.fillDiagonal(a, 3).dtype).toBe('int32');
    expect(T.fillDiagonalOffset(a, 3, -1).dtype).toBe('int32');
  });
});

describe('errors', () => {
  const m = T.matrix('m');
  it('axis out of range', () => {
    expect(() => T.sort(m, 2)).toThrow(/sort: axis 2 is out of range for a tensor of 2 dimensions/);
    expect(() => T.argsort(m, -3)).toThrow(/argsort: axis -3/);
    expect(() => T.topk(m, 1, 5)).toThrow(/topk: axis 5/);
  });
  it('bad options', () => {
    expect(() => T.sort(m, { axis: 0, kind: 'bogo' })).toThrow(/sort: kind must be one of/);
    expect(() => T.sort(m, { axes: 0 })).toThrow(/unknown option 'axes'/);
    expect(() => T.topk(m, 0)).toThrow(/topk: kth must be a nonzero integer/);
    expect(() => T.searchsorted(T.vector('a'), m, 'middle')).toThrow(/side must be 'left' or 'right'/);
  });
  it('topk larger than a static axis', () => {
    const s = T.tensor('float64', [false], 's');
    const fixed = T.sort(theano.array([1, 2, 3]));
    expect(() => T.topk(fixed, 4)).toThrow(/\|kth\| = 4 is larger than the size 3/);
    expect(s.ndim).toBe(1);
  });
  it('types that do not fit', () => {
    expect(() => T.bincount(T.vector('f'))).toThrow(/BinCountOp: x must be a 1-d integer tensor/);
    expect(() => T.toOneHot(T.vector('f'), 3)).toThrow(/to_one_hot: y must be a 1-d integer tensor/);
    expect(() => T.fillDiagonal(T.vector('v'), 1)).toThrow(/FillDiagonal: a must have at least 2 dimensions/);
    expect(() => T.fillDiagonal(T.matrix('i', 'int32'), T.scalar('f', 'float64'))).toThrow(
      /FillDiagonal: val of dtype float64 does not fit a of dtype int32/,
    );
    expect(() => T.fillDiagonalOffset(T.tensor3('c'), 1, 0)).toThrow(/FillDiagonalOffset: a must be a matrix/);
    expect(() => T.fillDiagonalOffset(m, 1, 0.5)).toThrow(/offset must be an integer/);
    expect(() => T.searchsorted(m, T.vector('v'))).toThrow(/SearchsortedOp: a must be 1-d/);
    expect(() => T.sort(T.matrix('z', 'complex128'))).toThrow(/complex values/);
  });
  it('run-time errors: negative bincount values, classes out of range, topk too large', () => {
    const i = T.vector('i', 'int32');
    expect(() => run([i], [T.bincount(i)], [1, -2])).toThrow(/BinCountOp: x must hold non-negative integers, found -2/);
    expect(() => run([i], [T.toOneHot(i, 3)], [0, 3])).toThrow(/class 3 \(y\[1\]\) is out of range for nb_class=3/);
    expect(() => run([i], [T.toOneHot(i, 3)], [-1])).toThrow(/class -1/);
    const v = T.vector('v');
    expect(() => run([v], [T.topk(v, 3)], [1, 2])).toThrow(/\|kth\| = 3 is larger than the size 2/);
    const c = T.tensor3('c');
    expect(() =>
      run(
        [c],
        [T.fillDiagonal(c, 1)],
        [
          [
            [1, 2],
            [3, 4],
          ],
        ],
      ),
    ).toThrow(/FillDiagonal: all dimensions of a must be equal beyond 2-d, got shape \(1, 2, 2\)/);
  });
});

describe('debugprint (Theano names)', () => {
  const x = T.matrix('x');
  const first = (v: TensorVariable) => debugprint(v, { file: 'str' }).split('\n')[0];
  it('each op', () => {
    expect(first(T.sort(x))).toBe("SortOp{quicksort, None} [id A] ''");
    expect(first(T.argsort(x, { kind: 'mergesort' }))).toBe("ArgSortOp{mergesort, None} [id A] ''");
    expect(first(T.topk(x, 2))).toBe("TopKOp{axis=1, sorted=True}.0 [id A] ''");
    expect(first(T.argtopk(x, 2, 0))).toBe("TopKOp{axis=0, sorted=True}.1 [id A] ''");
    expect(first(T.unique(x) as TensorVariable)).toBe(
      "Unique{return_index=False, return_inverse=False, return_counts=False} [id A] ''",
    );
    expect(first(T.unique(x, { axis: 0 }) as TensorVariable)).toBe(
      "Unique{return_index=False, return_inverse=False, return_counts=False, axis=0} [id A] ''",
    );
    const i = T.vector('i', 'int64');
    expect(first(T.bincount(i))).toBe("BinCountOp{minlength=None} [id A] ''");
    expect(first(T.searchsorted(T.vector('a'), x, 'right'))).toBe("SearchsortedOp{side='right'} [id A] ''");
    expect(first(T.toOneHot(i, 3, 'float32'))).toBe("ToOneHot{dtype='float32'} [id A] ''");
    expect(first(T.fillDiagonal(x, 0))).toBe("FillDiagonal [id A] ''");
    expect(first(T.fillDiagonalOffset(x, 0, 1))).toBe("FillDiagonalOffset [id A] ''");
  });
});

describe('symbolic shapes', () => {
  const opsBehind = (v: TensorVariable) => [...ancestors([v])].flatMap((x) => (x.owner ? [x.owner.op.kind] : []));
  it('sizes come from the inputs, not from sorting', () => {
    const m = T.matrix('m');
    const cases: [TensorVariable, number, number][] = [
      [T.sort(m.mul(2)), 1, 3],
      [T.argsort(m, 0), 0, 2],
      [T.topk(m, 2, 1), 0, 2],
      [T.searchsorted(T.vector('a'), m), 1, 3],
      [T.fillDiagonal(m, 1), 1, 3],
    ];
    for (const [expr, axis, size] of cases) {
      const s = T.shapeI(expr, axis);
      expect(opsBehind(s).filter((n) => !['shape_i', 'mul', 'dimshuffle'].includes(n))).toEqual([]);
      const ins = [...ancestors([s])].filter((v) => !v.owner && v.name !== null && !('value' in v)) as TensorVariable[];
      const vals = ins.map((v) =>
        v.ndim === 1
          ? [1, 2, 3]
          : [
              [1, 2, 3],
              [4, 5, 6],
            ],
      );
      expect(
        Number(
          theano
            .function(ins, s)
            .callSync(...vals)
            .item(),
        ),
      ).toBe(size);
    }
  });
});

describe('values (numpy)', () => {
  it('sort / argsort with NaN and ties, every axis', () => {
    const x = T.matrix('x');
    const X = [
      [3, Number.NaN, 1, -2],
      [0.5, 2, 2, -1],
      [4, -3, Number.NaN, 0],
    ];
    const [s0, a1, sf] = run([x], [T.sort(x, 0), T.argsort(x), x.sort(null)], X);
    expect(list(s0!)).toEqual([
      [0.5, -3, 1, -2],
      [3, 2, 2, -1],
      [4, Number.NaN, Number.NaN, 0],
    ]);
    expect(list(a1!)).toEqual([
      [3, 2, 0, 1],
      [3, 0, 1, 2],
      [1, 3, 0, 2],
    ]);
    expect(list(sf!)).toEqual([-3, -2, -1, 0, 0.5, 1, 2, 2, 3, 4, Number.NaN, Number.NaN]);
  });
  it('int64 values beyond 2^53 keep every bit', () => {
    const big = theano.array([9007199254740993n, 9007199254740992n, -1n], 'int64');
    const s = performSort.sort(big, 0);
    expect(Array.from(s.data as BigInt64Array)).toEqual([-1n, 9007199254740992n, 9007199254740993n]);
  });
  it('unique with every output', () => {
    const x = T.matrix('x', 'int32');
    const outs = T.unique(x, true, true, true) as TensorVariable[];
    const r = run([x], outs, [
      [3, -1, 3],
      [0, -1, 7],
    ]);
    expect(r.map(list)).toEqual([
      [-1, 0, 3, 7],
      [1, 3, 0, 5],
      [2, 0, 2, 1, 0, 3],
      [2, 1, 2, 1],
    ]);
  });
  it('bincount, searchsorted, toOneHot', () => {
    const i = T.vector('i', 'int64');
    const w = T.vector('w');
    const [c, cw] = run(
      [i, w],
      [T.bincount(i, { minlength: 6 }), T.bincount(i, w)],
      [3, 1, 3, 0, 1, 1],
      [0.5, 1, 2, -3, 0.25, 4],
    );
    expect(list(c!)).toEqual([1, 3, 0, 2, 0, 0]);
    expect(list(cw!)).toEqual([-3, 5.25, 0, 2.5]);
    const a = T.vector('a');
    const v = T.matrix('v');
    const [l, r] = run(
      [a, v],
      [T.searchsorted(a, v), T.searchsorted(a, v, 'right')],
      [-1, 0.5, 2, 2, 3.5],
      [
        [2, -5],
        [0.5, 4],
        [3, 2.1],
      ],
    );
    expect(list(l!)).toEqual([
      [2, 0],
      [1, 5],
      [4, 4],
    ]);
    expect(list(r!)).toEqual([
      [4, 0],
      [2, 5],
      [4, 4],
    ]);
    const [oh] = run([i], [T.toOneHot(i, 4)], [2, 0]);
    expect(list(oh!)).toEqual([
      [0, 0, 1, 0],
      [1, 0, 0, 0],
    ]);
  });
  it('fillDiagonalOffset on a tall matrix (np.where(np.eye(4, 3, k=-1), 7, a))', () => {
    const a = T.matrix('a');
    const [o] = run(
      [a],
      [T.fillDiagonalOffset(a, 7, -1)],
      [
        [-5, -4, -3],
        [-2, -1, 0],
        [1, 2, 3],
        [4, 5, 6],
      ],
    );
    expect(list(o!)).toEqual([
      [-5, -4, -3],
      [7, -1, 0],
      [1, 7, 3],
      [4, 5, 7],
    ]);
  });
  it('gradients: sort routes dz back through the permutation; fillDiagonal sums the diagonal for val', () => {
    const x = T.vector('x');
    const g = theano.gradient.grad(
      T.sort(x)
        .mul(theano.array([1, 10, 100]))
        .sum(),
      x,
    );
    expect(list(run([x], [g], [5, -1, 2])[0]!)).toEqual([100, 1, 10]);
    const a = T.matrix('a');
    const val = T.scalar('val');
    const [ga, gv] = theano.gradient.grad(
      T.fillDiagonal(a, val)
        .mul(
          theano.array([
            [1, 2],
            [3, 4],
          ]),
        )
        .sum(),
      [a, val],
    );
    const [gav, gvv] = run(
      [a, val],
      [ga!, gv!],
      [
        [0, 0],
        [0, 0],
      ],
      1,
    );
    expect(list(gav!)).toEqual([
      [0, 2],
      [3, 0],
    ]);
    expect(gvv!.item()).toBe(5);
  });
});
