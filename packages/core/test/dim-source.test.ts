// Dimensions equal by construction: what lets a backend skip the typed-broadcast check between operands.
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

describe('dimSource / sameDim', () => {
  it('elementwise results of one variable share its dimensions', () => {
    const x = T.fvector('x');
    const a = x.exp().mul(2);
    const b = x.sin().mul(x);
    expect(theano.sameDim(a, b, 0)).toBe(true);
    expect(theano.dimSource(a, 0)).toEqual({ variable: x, axis: 0 });
  });

  it('different inputs do not', () => {
    const x = T.fvector('x');
    const y = T.fvector('y');
    expect(theano.sameDim(x.exp(), y.exp(), 0)).toBe(false);
    // x + y: the typed rule makes the sum's size x's (and y's): its source is the first strict input
    expect(theano.sameDim(x.add(y), x, 0)).toBe(true);
  });

  it('a transpose moves dimensions; a broadcast dimension is its own source', () => {
    const A = T.fmatrix('A');
    expect(theano.sameDim(A.T.exp(), A, 1)).toBe(false); // A.T's dim 1 is A's dim 0
    expect(theano.dimSource(A.T, 1)).toEqual({ variable: A, axis: 0 });
    const r = T.frow('r');
    const s = r.add(A);
    expect(theano.dimSource(s, 0)).toEqual({ variable: A, axis: 0 });
    expect(theano.dimSource(s, 1)).toEqual({ variable: r, axis: 1 });
  });

  it('other ops end the search', () => {
    const A = T.fmatrix('A');
    const x = T.fvector('x');
    const y = A.dot(x);
    expect(theano.dimSource(y, 0)).toEqual({ variable: y, axis: 0 });
  });
});
