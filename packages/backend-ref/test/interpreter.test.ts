// The reference executor: Theano's typed broadcasting rule, freeing of intermediates, Map.

import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

describe('typed broadcasting at run time', () => {
  it('a size-1 dimension broadcasts only where the type allows it', () => {
    const a = T.dmatrix('a');
    const b = T.dmatrix('b');
    const f = theano.function([a, b], a.add(b));
    expect(() =>
      f.callSync(
        [[1, 2, 3]],
        [
          [1, 1, 1],
          [2, 2, 2],
        ],
      ),
    ).toThrow(
      /Elemwise\{add,no_inplace\}: input 0 \(a\) has size 1 at dimension 0 where another input has size 2, but its type TensorType\(float64, matrix\) does not allow broadcasting/,
    );
    const r = T.drow('r');
    const g = theano.function([r, b], r.add(b));
    expect(
      g
        .callSync(
          [[1, 2, 3]],
          [
            [1, 1, 1],
            [2, 2, 2],
          ],
        )
        .toArray(),
    ).toEqual([
      [2, 3, 4],
      [3, 4, 5],
    ]);
  });

  it('equal sizes of 1 are fine without broadcastable types', () => {
    const a = T.dmatrix('a');
    const f = theano.function([a], a.mul(a));
    expect(f.callSync([[3]]).toArray()).toEqual([[9]]);
  });
});
