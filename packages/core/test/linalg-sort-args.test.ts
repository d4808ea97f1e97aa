// The argument rule (API.md) for the linalg and sort families' required arguments: Theano's positional
// arguments may come in a trailing options object (topk's kth, toOneHot's nbClass, fillDiagonal's val,
// fillDiagonalOffset's val and offset, matrixPower's n), a missing one is a TypeError naming it, and an
// unknown option a TypeError naming the option.
import type { NDArray, TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

const run = (ins: TensorVariable[], outs: TensorVariable[], ...vals: unknown[]): number[][] =>
  (theano.function(ins, outs).callSync(...vals) as NDArray[]).map((o) => Array.from(o.toFloat64()));

describe('required arguments as options', () => {
  it('topk / argtopk / topkAndArgtopk take kth as an option', () => {
    const x = T.vector('x');
    const v = [3, 9, 1, 7];
    // by hand: the two largest of [3, 9, 1, 7] are 9 (index 1) and 7 (index 3)
    expect(run([x], [T.topk(x, { kth: 2 }), T.argtopk(x, { kth: 2 }), T.topkAndArgtopk(x, { kth: -1 })[0]], v)).toEqual(
      [[9, 7], [1, 3], [1]],
    );
    expect(() => T.topk(x)).toThrow(/topk: missing the required argument 'kth'/);
    expect(() => T.topk(x, 2, { kth: 3 })).toThrow(/topk: 'kth' is given both/);
  });

  it('toOneHot takes nbClass as an option', () => {
    const y = T.lvector('y');
    expect(run([y], [T.toOneHot(y, { nbClass: 3, dtype: 'int32' })], [2, 0])).toEqual([[0, 0, 1, 1, 0, 0]]);
    expect(() => T.toOneHot(y)).toThrow(/toOneHot: missing the required argument 'nbClass'/);
  });

  it('fillDiagonal and fillDiagonalOffset take val and offset as options', () => {
    const m = T.matrix('m');
    const z = [
      [0, 0, 0],
      [0, 0, 0],
    ];
    expect(run([m], [T.fillDiagonal(m, { val: 5 }), T.fillDiagonalOffset(m, 5, { offset: 1 })], z)).toEqual([
      [5, 0, 0, 0, 5, 0],
      [0, 5, 0, 0, 0, 5],
    ]);
    expect(() => T.fillDiagonalOffset(m, 5)).toThrow(/fillDiagonalOffset: missing the required argument 'offset'/);
    expect(() => T.fillDiagonal(m, 1, { foo: 1 })).toThrow(/fillDiagonal: unknown option 'foo'/);
  });

  it('matrixPower takes n as an option', () => {
    const m = T.matrix('m');
    // [[1, 1], [0, 1]]² = [[1, 2], [0, 1]]
    expect(
      run(
        [m],
        [T.nlinalg.matrixPower(m, { n: 2 })],
        [
          [1, 1],
          [0, 1],
        ],
      ),
    ).toEqual([[1, 2, 0, 1]]);
    expect(() => T.nlinalg.matrixPower(m)).toThrow(/matrixPower: missing the required argument 'n'/);
  });

  it('every method of the families is a function on T: x.trace() is T.trace', () => {
    const m = T.matrix('m');
    expect(T.trace).toBe(T.nlinalg.trace);
    // 1 + 5 + 9 = 15 (a 3×3 with 1..9 row by row)
    expect(
      run(
        [m],
        [T.trace(m), m.trace()],
        [
          [1, 2, 3],
          [4, 5, 6],
          [7, 8, 9],
        ],
      ),
    ).toEqual([[15], [15]]);
  });
});
