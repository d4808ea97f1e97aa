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

describe('sizeOrigin', () => {
  it("follows elementwise ops, transposes and products back to the inputs' dimensions", () => {
    const x = T.dmatrix('x');
    const W = T.dmatrix('W');
    const b = T.dvector('b');
    const h = T.tanh(x.dot(W).add(b.dimshuffle('x', 0)));
    // h is (x's rows, W's columns)
    expect(theano.sizeOrigin(h, 0)).toEqual({ variable: x, axis: 0 });
    expect(theano.sizeOrigin(h, 1)).toEqual({ variable: W, axis: 1 });
    // hᵀ·x contracts the rows: (W's columns, x's columns)
    const g = h.T.dot(x);
    expect(theano.sizeOrigin(g, 0)).toEqual({ variable: W, axis: 1 });
    expect(theano.sizeOrigin(g, 1)).toEqual({ variable: x, axis: 1 });
  });

  it("a reduction's kept dimensions and a softmax's are their input's", () => {
    const x = T.dmatrix('x');
    const W = T.dmatrix('W');
    const p = T.nnet.softmax(x.dot(W));
    expect(theano.sizeOrigin(p, 1)).toEqual({ variable: W, axis: 1 });
    // sum over the rows keeps the columns, over the columns the rows
    expect(theano.sizeOrigin(p.sum(0), 0)).toEqual({ variable: W, axis: 1 });
    expect(theano.sizeOrigin(p.sum(1), 0)).toEqual({ variable: x, axis: 0 });
  });

  it('static and broadcastable sizes are numbers; an op that computes a size ends the search there', () => {
    const s = new T.TensorType('float64', [false, false], [3, 4]).make('s');
    const r = T.drow('r');
    expect(theano.sizeOrigin(s.exp(), 1)).toBe(4);
    expect(theano.sizeOrigin(r.exp(), 0)).toBe(1);
    const v = T.dvector('v');
    // v[1:] has v's size less one: not v's size
    const tail = v.get('1:');
    expect(theano.sizeOrigin(tail.exp(), 0)).toEqual({ variable: tail, axis: 0 });
  });
});

describe('broadcastCheckDims with sizes passed on by other ops', () => {
  it("an MLP step's gradient: only the bias and label checks against the inputs are left", () => {
    const x = T.dmatrix('x');
    const y = T.dmatrix('y');
    const W1 = T.dmatrix('W1');
    const b1 = T.dvector('b1');
    const W2 = T.dmatrix('W2');
    const b2 = T.dvector('b2');
    const a1 = x.dot(W1).add(b1.dimshuffle('x', 0));
    const h = T.tanh(a1);
    const a2 = h.dot(W2).add(b2.dimshuffle('x', 0));
    const p = T.nnet.softmax(a2);
    const cost = T.mean(T.nnet.categoricalCrossentropy(p, y));
    const [gW1, gb1, gW2, gb2] = T.grad(cost, [W1, b1, W2, b2]) as theano.TensorVariable[];
    const ups = [W1.sub(gW1!.mul(0.1)), b1.sub(gb1!.mul(0.1)), W2.sub(gW2!.mul(0.1)), b2.sub(gb2!.mul(0.1))];
    const fg = new theano.FunctionGraph([x, y, W1, b1, W2, b2], [cost, ...ups]);
    const m = theano.broadcastCheckDims(fg);
    const checked = [...m].filter(([, dims]) => dims.length > 0);
    // b1 against W1's columns and b2 against W2's (dimension 1 of the biased products); nothing else is
    // unknown: the gradients of b1 and b2 have W2's rows (= W1's columns, through h·W2) and y's columns
    // (= the scores' columns, through y·log p)
    const adds = checked.filter(([n]) => n === a1.owner || n === a2.owner);
    expect(adds.map(([, d]) => d)).toEqual([[1], [1]]);
    for (const [n, dims] of checked) {
      for (const d of dims) {
        for (const v of n.inputs) {
          if (v.type.broadcastable[d]) continue;
          const o = theano.sizeOrigin(v, d);
          // every size still checked is a graph input's
          expect(typeof o === 'number' || fg.inputs.includes(o.variable)).toBe(true);
        }
      }
    }
    // the bias updates: b - 0.1·g, where g sums the deltas over the rows, need no check any more
    expect(m.get(ups[1]!.owner!)).toEqual([]);
    expect(m.get(ups[3]!.owner!)).toEqual([]);
  });
});
