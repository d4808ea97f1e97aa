// The fill rewrites: `local_fill_sink` (f(second(a, b), c) → second(a, f(b, c))), `local_dimshuffle_fill_lift`
// (dimshuffle(second(a, b)) → second(dimshuffle(a), dimshuffle(b))) and `local_dimshuffle_lift_unit`
// (dimshuffle(f(s)) → f(dimshuffle(s)) for size-1 s), with `local_fill_cut` dropping a fill once another input
// gives its shape: the graphs with and without them, and values by hand — including the cases where the fill
// broadcasts and must stay.

import type { NDArray, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;
const FILL_RULES = ['local_fill_sink', 'local_dimshuffle_fill_lift', 'local_dimshuffle_lift_unit'];

function ops(f: theano.TheanoFunction<NDArray | NDArray[]>): string[] {
  return f.maker.fgraph.nodes.map((n) => n.op.kind);
}

/** `out` compiled with and without the fill rewrites (fusion off unless `fuse`). */
function both(inputs: TensorVariable[], out: TensorVariable, fuse = false) {
  const base = fuse ? [] : ['fusion'];
  const opts = { onUnusedInput: 'ignore' as const };
  return {
    after: theano.function(inputs, out, { ...opts, mode: theano.Mode({ excluding: base }) }),
    before: theano.function(inputs, out, { ...opts, mode: theano.Mode({ excluding: [...base, ...FILL_RULES] }) }),
  };
}

describe('local_fill_sink', () => {
  it('exp(second(a, 2)) → second(a, exp(2)): exp folds into the constant (float32, as exp of an int8)', () => {
    const a = T.dmatrix('a');
    const { before, after } = both([a], T.exp(T.second(a, T.constant(2))));
    expect(ops(before)).toEqual(['second', 'exp']);
    expect(ops(after)).toEqual(['second']);
    const r = after.callSync([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(r.shape).toEqual([2, 3]);
    for (const v of (r.toArray() as number[][]).flat()) expect(v).toBeCloseTo(Math.exp(2), 6);
  });

  it('the fill stays where the other inputs do not give its shape: second(a, 3) * row', () => {
    const [a, r] = [T.dmatrix('a'), T.drow('r')];
    const { before, after } = both([a, r], T.mul(T.second(a, T.constant(3)), r));
    expect(ops(before)).toContain('second');
    // sunk above the mul, not dropped: a (2 x 2) gives the result's rows
    expect(ops(after)).toEqual(['mul', 'second']);
    const v = after.callSync(
      [
        [0, 0],
        [0, 0],
      ],
      [[1, 2]],
    );
    expect(v.toArray()).toEqual([
      [3, 6],
      [3, 6],
    ]);
  });

  it('the fill goes where another input gives its shape: -(second(a, b)) * a', () => {
    const [a, b] = [T.dmatrix('a'), T.drow('b')];
    const { before, after } = both([a, b], T.mul(T.neg(T.second(a, b)), a));
    expect(ops(before)).toContain('second');
    expect(ops(after)).not.toContain('second');
    // the row b broadcast over a's two rows, negated, times a
    const v = after.callSync(
      [
        [1, 2],
        [3, 4],
      ],
      [[5, 7]],
    );
    expect(v.toArray()).toEqual([
      [-5, -14],
      [-15, -28],
    ]);
  });
});

describe('local_dimshuffle_fill_lift', () => {
  it('second(v, 5)[:, None] * m → m * 5: no fill left', () => {
    const [v, m] = [T.dvector('v'), T.dmatrix('m')];
    const out = T.mul(T.second(v, T.constant(5)).dimshuffle(0, 'x'), m);
    const { before, after } = both([v, m], out);
    expect(ops(before)).toContain('second');
    expect(ops(after)).not.toContain('second');
    const r = after.callSync(
      [0, 0, 0],
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
    );
    expect(r.toArray()).toEqual([
      [5, 10],
      [15, 20],
      [25, 30],
    ]);
  });

  it('second(v, 5)[:, None] + row keeps the fill: v gives the rows', () => {
    const [v, r] = [T.dvector('v'), T.drow('r')];
    const { after } = both([v, r], T.add(T.second(v, T.constant(5)).dimshuffle(0, 'x'), r));
    expect(ops(after)).toContain('second');
    expect(after.callSync([0, 0, 0], [[1, 2]]).toArray()).toEqual([
      [6, 7],
      [6, 7],
      [6, 7],
    ]);
  });
});

describe("the mean's gradient: no batch-sized fill", () => {
  it('grad(mean(sum(x * y, 1)), x) = y * (1 / n), one fused node; the forward sum is no longer needed', () => {
    const [x, y] = [T.dmatrix('x'), T.dmatrix('y')];
    const g = T.grad(T.mean(T.sum(T.mul(x, y), 1)), x) as TensorVariable;
    const { before, after } = both([x, y], g, true);
    // before: the fill takes its shape from sum(x * y, 1), so x * y and the sum are computed for it
    expect(ops(before)).toContain('second');
    expect(ops(before)).toContain('sum');
    expect(ops(after)).toEqual(['shape_i', 'dimshuffle', 'composite']);
    const yv = [
      [1, 2],
      [3, 4],
      [5, 6],
    ];
    const r = after
      .callSync(
        [
          [0, 0],
          [0, 0],
          [0, 0],
        ],
        yv,
      )
      .toArray() as number[][];
    expect(r).toEqual(yv.map((row) => row.map((v) => expect.closeTo(v / 3, 14))));
  });
});

describe('local_dimshuffle_lift_unit', () => {
  it('lifts over an elementwise op of size-1 inputs only', () => {
    const [s, v] = [T.dscalar('s'), T.dvector('v')];
    // -(s[None]) [:, None] → -(s[None, None]): the two DimShuffles merge into one
    const unit = both([s], T.neg(s.dimshuffle('x')).dimshuffle(0, 'x'));
    expect(ops(unit.before)).toEqual(['dimshuffle', 'neg', 'dimshuffle']);
    expect(ops(unit.after)).toEqual(['dimshuffle', 'neg']);
    expect(unit.after.callSync(2).toArray()).toEqual([[-2]]);
    // a vector: lifting would recompute the op per DimShuffle; left alone
    const vec = both([v], T.neg(v).dimshuffle(0, 'x'));
    expect(ops(vec.after)).toEqual(['neg', 'dimshuffle']);
    expect(vec.after.callSync([1, 2]).toArray()).toEqual([[-1], [-2]]);
  });
});
