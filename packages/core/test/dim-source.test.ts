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

describe('broadcastCheckDims', () => {
  const nodeOf = (v: theano.TensorVariable) => v.owner!;

  it('a product proves the contracted sizes equal; other sizes keep their check', () => {
    const [x, w, v, z] = ['x', 'w', 'v', 'z'].map((n) => T.dmatrix(n)) as [
      theano.TensorVariable,
      theano.TensorVariable,
      theano.TensorVariable,
      theano.TensorVariable,
    ];
    const p = x.dot(w); // (x0, w1)
    const q = p.dot(v); // needs p's w1 = v0
    const u = z.dot(v.T); // (z0, v0)
    const e = p.mul(u); // dim 1: w1 against v0 (equal through q); dim 0: x0 against z0 (unknown)
    const withQ = theano.broadcastCheckDims(new theano.FunctionGraph([x, w, v, z], [q, e]));
    expect(withQ.get(nodeOf(e))).toEqual([0]);
    // without the product q nothing ties w1 to v0: both dimensions are checked
    const withoutQ = theano.broadcastCheckDims(new theano.FunctionGraph([x, w, v, z], [e]));
    expect(withoutQ.get(nodeOf(e))).toEqual([0, 1]);
  });

  it('a checked elementwise node makes its inputs and output equal for the nodes after it', () => {
    const x = T.dvector('x');
    const y = T.dvector('y');
    const a = x.add(y); // x against y: checked
    const b = a.mul(y); // a has x's size, which the check on a made y's
    const m = theano.broadcastCheckDims(new theano.FunctionGraph([x, y], [b]));
    expect(m.get(nodeOf(a))).toEqual([0]);
    expect(m.get(nodeOf(b))).toEqual([]);
    // sameDim alone (the sources x and y differ) would check b too
    expect(theano.sameDim(a, y, 0)).toBe(false);
  });

  it('broadcastable and static dimensions need no check', () => {
    const r = T.drow('r');
    const A = T.dmatrix('A');
    const s = new T.TensorType('float64', [false, false], [3, 4]).make('s');
    const t = new T.TensorType('float64', [false, false], [3, 4]).make('t');
    const m = theano.broadcastCheckDims(new theano.FunctionGraph([r, A, s, t], [r.add(A), s.add(t)]));
    expect(m.get(nodeOf(r.add(A)))).toEqual([1]); // dim 0 of r broadcasts
    expect(m.get(nodeOf(s.add(t)))).toEqual([]);
  });

  it('an ifelse graph proves nothing (a product in a branch not taken never runs)', () => {
    const [x, w, v] = ['x', 'w', 'v'].map((n) => T.dmatrix(n)) as [
      theano.TensorVariable,
      theano.TensorVariable,
      theano.TensorVariable,
    ];
    const c = T.bscalar('c');
    const p = x.dot(w);
    const e = p.mul(v.T.dot(x.T).T); // (x0, v0) against (x0, w1)
    const out = theano.ifelse(c, p.dot(v), x);
    const m = theano.broadcastCheckDims(new theano.FunctionGraph([x, w, v, c], [out, e]));
    expect(m.size).toBe(0);
  });
});
