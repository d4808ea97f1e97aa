// An n-ary elementwise op (add, mul of three or more inputs) whose first two operands both broadcast from
// one element: the reference kernel filled only the first output element with their result, so
// x0 + (x1 + x2) under FAST_RUN (flattened to one add) gave [5, 0, 0] for [5] + [[0]] + [[[0]], [[0]], [[0]]].
// Found by the conformance fuzzer.
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

describe('n-ary elementwise ops with two broadcast operands first', () => {
  const x0 = T.dvector('x0');
  const x1 = T.dmatrix('x1');
  const x2 = T.dtensor3('x2');
  const args = [
    theano.array([5], 'float64'),
    theano.array([[2]], 'float64'),
    theano.array([[[1]], [[10]], [[100]]], 'float64'),
  ];

  it('T.add(x0, x1, x2): 5 + 2 + [1, 10, 100] = [8, 17, 107]', () => {
    const f = theano.function([x0, x1, x2], T.add(x0, x1, x2), { backend: 'ref' });
    expect(Array.from(f.callSync(...args).toFloat64())).toEqual([8, 17, 107]);
  });

  it('x0 + (x1 + x2) under FAST_RUN (one flattened add) and T.mul(x0, x1, x2): [8, 17, 107] and [10, 100, 1000]', () => {
    const f = theano.function([x0, x1, x2], [x0.add(x1.add(x2)), T.mul(x0, x1, x2)], {
      backend: 'ref',
      mode: 'FAST_RUN',
    });
    const [s, p] = f.callSync(...args) as theano.NDArray[];
    expect(Array.from(s!.toFloat64())).toEqual([8, 17, 107]);
    expect(Array.from(p!.toFloat64())).toEqual([10, 100, 1000]);
  });
});
