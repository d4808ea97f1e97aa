// The rewrites of rules-basic.ts, one by one: each compiled with the rewrite and without it (excluded by
// name), the optimized graph printed by debugprint checked against the text written out here by hand, and
// both functions' values against values worked out by hand. Then the cases where a rewrite must not apply
// (it would change a shape or a dtype, or lose exactness), selection by name, tag and mode, the user's graph
// left untouched, gradient graphs, merging, a 10,000-node chain, and the engine's own checks.
// Structure tests run FAST_RUN without the rewrites that live outside rules-basic.ts (stabilization, fusion,
// …), so that later rewrites cannot change the graphs printed here; the values are the same either way.

import type { Apply, NDArray, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

/** The rewrites of rules-basic.ts. */
const BASIC = [
  'constant_folding',
  'local_mul_one',
  'local_add_zero',
  'local_sub_zero',
  'local_div_one',
  'local_neg_neg',
  'local_dimshuffle_dimshuffle',
  'local_useless_reshape',
  'local_cast_cast',
  'local_add_canonize',
  'local_mul_canonize',
  'local_sub_self',
  'local_add_neg_to_sub',
  'local_neg_sub',
  'local_sub_neg',
  'local_div_div',
  'local_mul_neg_neg',
  'local_neg_mul_neg',
  'local_pow_specialize',
];
const OTHERS = theano
  .listRewrites()
  .map((r) => r.name)
  .filter((n) => !BASIC.includes(n));
/** FAST_RUN restricted to rules-basic.ts, less `excluded`. */
const basic = (...excluded: string[]) => theano.Mode({ optimizer: 'fast_run', excluding: [...OTHERS, ...excluded] });
const dp = (f: theano.TheanoFunction<NDArray>) => theano.printing.debugprint(f, { file: 'str' });
const lines = (...l: string[]) => l.join('\n');
/** Rows of a matrix (or a list of vector arguments), kept on one line. */
const rows = (...r: number[][]) => r;
const opNames = (f: theano.TheanoFunction<NDArray>) => f.maker.fgraph.nodes.map((n: Apply) => n.op.kind);

interface Case {
  inputs: TensorVariable[];
  out: TensorVariable;
  args: unknown[];
  /** The value, worked out by hand. */
  expected: unknown;
  /** debugprint of the graph compiled without the rewrite. */
  before: string;
  /** debugprint with it (the same text when it must not apply). */
  after: string;
}

/** Compiles `c.out` with and without `rule`; checks both graphs and both values. */
function check(rule: string, c: Case): { on: theano.TheanoFunction<NDArray>; off: theano.TheanoFunction<NDArray> } {
  const on = theano.function(c.inputs, c.out, { mode: basic() });
  const off = theano.function(c.inputs, c.out, { mode: basic(rule) });
  expect(dp(off)).toBe(c.before);
  expect(dp(on)).toBe(c.after);
  const a = on.callSync(...c.args);
  const b = off.callSync(...c.args);
  expect(a.toArray()).toEqual(c.expected);
  expect(b.toArray()).toEqual(c.expected);
  expect(a.dtype).toBe(c.out.dtype);
  expect(b.dtype).toBe(c.out.dtype);
  return { on, off };
}

const x = T.dvector('x');
const y = T.dvector('y');
const z = T.dvector('z');
const m = T.dmatrix('m');
const f64 = (v: number | number[] | number[][]) => T.constant(v, { dtype: 'float64' });

describe('constant_folding', () => {
  it('computes a node whose inputs are all constants', () => {
    check('constant_folding', {
      inputs: [x],
      out: x.add(T.sqrt(f64(4))),
      args: [[1, -3]],
      expected: [3, -1],
      before: lines(
        "Elemwise{add,no_inplace} [id A] ''   2",
        ' |x [id B]',
        " |DimShuffle{x} [id C] ''   1",
        " | |Elemwise{sqrt,no_inplace} [id D] ''   0",
        ' | | |TensorConstant{4.0} [id E]',
      ),
      after: lines("Elemwise{add,no_inplace} [id A] ''   0", ' |x [id B]', ' |TensorConstant{(1,) of 2.0} [id C]'),
    });
  });

  it('a graph of constants only compiles to its value, with no node left', () => {
    const { on } = check('constant_folding', {
      inputs: [],
      out: f64(2).mul(3),
      args: [],
      expected: 6,
      before: lines(
        "Elemwise{mul,no_inplace} [id A] ''   0",
        ' |TensorConstant{2.0} [id B]',
        ' |TensorConstant{3} [id C]',
      ),
      after: 'TensorConstant{6.0} [id A]',
    });
    expect(on.maker.fgraph.nodes).toHaveLength(0);
  });
});

describe('useless ops', () => {
  it('local_mul_one: x * 1 → x', () => {
    check('local_mul_one', {
      inputs: [x],
      out: x.mul(1),
      args: [[2, -3]],
      expected: [2, -3],
      before: lines("Elemwise{mul,no_inplace} [id A] ''   0", ' |x [id B]', ' |TensorConstant{(1,) of 1} [id C]'),
      after: 'x [id A]',
    });
  });

  it('local_mul_one: not when the 1 gives the shape (scalar x times a (2,) constant)', () => {
    const s = T.dscalar('s');
    const text = lines(
      "Elemwise{mul,no_inplace} [id A] ''   1",
      " |DimShuffle{x} [id B] ''   0",
      ' | |s [id C]',
      ' |TensorConstant{(2,) of 1.0} [id D]',
    );
    check('local_mul_one', {
      inputs: [s],
      out: s.mul(f64([1, 1])),
      args: [3],
      expected: [3, 3],
      before: text,
      after: text,
    });
  });

  it('local_mul_one: an int32 x times a float64 1 becomes a cast, keeping the float64 result', () => {
    const i = T.ivector('i');
    check('local_mul_one', {
      inputs: [i],
      out: i.mul(f64(1)),
      args: [[1, -7]],
      expected: [1, -7],
      before: lines("Elemwise{mul,no_inplace} [id A] ''   0", ' |i [id B]', ' |TensorConstant{(1,) of 1.0} [id C]'),
      after: lines("Elemwise{Cast{float64}} [id A] ''   0", ' |i [id B]'),
    });
  });

  it('local_add_zero: x + 0 → x', () => {
    check('local_add_zero', {
      inputs: [x],
      out: x.add(0),
      args: [[2, -3]],
      expected: [2, -3],
      before: lines("Elemwise{add,no_inplace} [id A] ''   0", ' |x [id B]', ' |TensorConstant{(1,) of 0} [id C]'),
      after: 'x [id A]',
    });
  });

  it('local_add_zero: not when the zeros give the shape (a column plus zeros((1, 3)))', () => {
    const c = T.dcol('c');
    const text = lines(
      "Elemwise{add,no_inplace} [id A] ''   0",
      ' |c [id B]',
      ' |TensorConstant{(1, 3) of 0.0} [id C]',
    );
    check('local_add_zero', {
      inputs: [c],
      out: c.add(f64([[0, 0, 0]])),
      args: [[[1], [2]]],
      expected: rows([1, 1, 1], [2, 2, 2]),
      before: text,
      after: text,
    });
  });

  it('local_sub_zero: x - 0 → x, but not 0 - x', () => {
    check('local_sub_zero', {
      inputs: [x],
      out: x.sub(0),
      args: [[2, -3]],
      expected: [2, -3],
      before: lines("Elemwise{sub,no_inplace} [id A] ''   0", ' |x [id B]', ' |TensorConstant{(1,) of 0} [id C]'),
      after: 'x [id A]',
    });
    const text = lines("Elemwise{sub,no_inplace} [id A] ''   0", ' |TensorConstant{(1,) of 0} [id B]', ' |x [id C]');
    check('local_sub_zero', {
      inputs: [x],
      out: T.sub(0, x),
      args: [[2, -3]],
      expected: [-2, 3],
      before: text,
      after: text,
    });
  });

  it('local_div_one: x / 1 → x for float x; an int x / 1 stays a true division (its result is float)', () => {
    check('local_div_one', {
      inputs: [x],
      out: x.div(1),
      args: [[2, -3]],
      expected: [2, -3],
      before: lines("Elemwise{true_div,no_inplace} [id A] ''   0", ' |x [id B]', ' |TensorConstant{(1,) of 1} [id C]'),
      after: 'x [id A]',
    });
    const i = T.ivector('i');
    const text = lines(
      "Elemwise{true_div,no_inplace} [id A] ''   0",
      ' |i [id B]',
      ' |TensorConstant{(1,) of 1} [id C]',
    );
    const { on } = check('local_div_one', {
      inputs: [i],
      out: i.div(1),
      args: [[4, 9]],
      expected: [4, 9],
      before: text,
      after: text,
    });
    expect(on.callSync([4, 9]).dtype).toBe('float64');
  });

  it('local_neg_neg: -(-x) → x; three negations leave one', () => {
    check('local_neg_neg', {
      inputs: [x],
      out: x.neg().neg(),
      args: [[2, -3]],
      expected: [2, -3],
      before: lines(
        "Elemwise{neg,no_inplace} [id A] ''   1",
        " |Elemwise{neg,no_inplace} [id B] ''   0",
        ' | |x [id C]',
      ),
      after: 'x [id A]',
    });
    const f = theano.function([x], x.neg().neg().neg(), { mode: basic() });
    expect(dp(f)).toBe(lines("Elemwise{neg,no_inplace} [id A] ''   0", ' |x [id B]'));
    expect(f.callSync([2, -3]).toArray()).toEqual([-2, 3]);
  });

  it('local_dimshuffle_dimshuffle: a double transpose disappears; two dimshuffles compose', () => {
    check('local_dimshuffle_dimshuffle', {
      inputs: [m],
      out: m.T.T,
      args: [rows([1, 2], [3, 4])],
      expected: rows([1, 2], [3, 4]),
      before: lines("DimShuffle{1,0} [id A] ''   1", " |DimShuffle{1,0} [id B] ''   0", ' | |m [id C]'),
      after: 'm [id A]',
    });
    check('local_dimshuffle_dimshuffle', {
      inputs: [x],
      out: x.dimshuffle('x', 0).dimshuffle(1, 0),
      args: [[1, 2]],
      expected: [[1], [2]],
      before: lines("DimShuffle{1,0} [id A] ''   1", " |DimShuffle{x,0} [id B] ''   0", ' | |x [id C]'),
      after: lines("DimShuffle{0,x} [id A] ''   0", ' |x [id B]'),
    });
  });

  it('local_useless_reshape: to the static shape x has; a reshape of a reshape; not when the shape is unknown', () => {
    const s = T.TensorType.fromShape('float64', [2, 3]).make('s');
    const data = rows([1, 2, 3], [4, 5, 6]);
    check('local_useless_reshape', {
      inputs: [s],
      out: s.reshape([2, 3]),
      args: [data],
      expected: data,
      before: lines("Reshape{2} [id A] ''   0", ' |s [id B]', ' |TensorConstant{[2 3]} [id C]'),
      after: 's [id A]',
    });
    check('local_useless_reshape', {
      inputs: [m],
      out: m.reshape([6]).reshape([3, 2]),
      args: [data],
      expected: rows([1, 2], [3, 4], [5, 6]),
      before: lines(
        "Reshape{2} [id A] ''   1",
        " |Reshape{1} [id B] ''   0",
        ' | |m [id C]',
        ' | |TensorConstant{(1,) of 6} [id D]',
        ' |TensorConstant{[3 2]} [id E]',
      ),
      after: lines("Reshape{2} [id A] ''   0", ' |m [id B]', ' |TensorConstant{[3 2]} [id C]'),
    });
    const text = lines("Reshape{2} [id A] ''   0", ' |m [id B]', ' |TensorConstant{[2 3]} [id C]');
    check('local_useless_reshape', {
      inputs: [m],
      out: m.reshape([2, 3]),
      args: [data],
      expected: data,
      before: text,
      after: text,
    });
  });

  it('local_cast_cast: int16 → float32 → float64 is one cast', () => {
    const w = T.wvector('w');
    check('local_cast_cast', {
      inputs: [w],
      out: T.cast(T.cast(w, 'float32'), 'float64'),
      args: [[-3, 300]],
      expected: [-3, 300],
      before: lines("Elemwise{Cast{float64}} [id A] ''   1", " |Elemwise{Cast{float32}} [id B] ''   0", ' | |w [id C]'),
      after: lines("Elemwise{Cast{float64}} [id A] ''   0", ' |w [id B]'),
    });
  });

  it('local_cast_cast: not through a lossy middle dtype (float64 → int32 → float64, int32 → float32 → float64)', () => {
    const text = lines(
      "Elemwise{Cast{float64}} [id A] ''   1",
      " |Elemwise{Cast{int32}} [id B] ''   0",
      ' | |x [id C]',
    );
    // the int32 cast truncates toward zero
    check('local_cast_cast', {
      inputs: [x],
      out: T.cast(T.cast(x, 'int32'), 'float64'),
      args: [[1.5, -2.7]],
      expected: [1, -2],
      before: text,
      after: text,
    });
    const i = T.iscalar('i');
    const text2 = lines(
      "Elemwise{Cast{float64}} [id A] ''   1",
      " |Elemwise{Cast{float32}} [id B] ''   0",
      ' | |i [id C]',
    );
    // 2**24 + 1 has no float32: it rounds to 2**24 on the way
    check('local_cast_cast', {
      inputs: [i],
      out: T.cast(T.cast(i, 'float32'), 'float64'),
      args: [16777217],
      expected: 16777216,
      before: text2,
      after: text2,
    });
  });
});

describe('canonical add/mul/neg/sub/div chains', () => {
  const xyz = rows([1, 2], [10, 20], [100, 200]);

  it('local_add_canonize: (x + y) + z → one add of three', () => {
    check('local_add_canonize', {
      inputs: [x, y, z],
      out: x.add(y).add(z),
      args: xyz,
      expected: [111, 222],
      before: lines(
        "Elemwise{add,no_inplace} [id A] ''   1",
        " |Elemwise{add,no_inplace} [id B] ''   0",
        ' | |x [id C]',
        ' | |y [id D]',
        ' |z [id E]',
      ),
      after: lines("Elemwise{add,no_inplace} [id A] ''   0", ' |x [id B]', ' |y [id C]', ' |z [id D]'),
    });
  });

  it('local_add_canonize: constants combine in the output dtype (x + 100 + 100, 100 an int8 literal)', () => {
    check('local_add_canonize', {
      inputs: [x],
      out: x.add(100).add(100),
      args: [[0, 1]],
      expected: [200, 201],
      before: lines(
        "Elemwise{add,no_inplace} [id A] ''   1",
        " |Elemwise{add,no_inplace} [id B] ''   0",
        ' | |x [id C]',
        ' | |TensorConstant{(1,) of 100} [id D]',
        ' |TensorConstant{(1,) of 100} [id D]',
      ),
      after: lines("Elemwise{add,no_inplace} [id A] ''   0", ' |x [id B]', ' |TensorConstant{(1,) of 200.0} [id C]'),
    });
  });

  it('local_add_canonize: an int8 sum inside a float sum stays apart (it wraps: 100 + 100 = -56)', () => {
    const [p, q] = T.bvectors('p', 'q');
    const text = lines(
      "Elemwise{add,no_inplace} [id A] ''   1",
      " |Elemwise{add,no_inplace} [id B] ''   0",
      ' | |p [id C]',
      ' | |q [id D]',
      ' |x [id E]',
    );
    check('local_add_canonize', {
      inputs: [p!, q!, x],
      out: p!.add(q!).add(x),
      args: [[100], [100], [0.5]],
      expected: [-55.5],
      before: text,
      after: text,
    });
  });

  it('local_mul_canonize: (x * y) * z → one mul of three; x * 100 * 100 → x * 10000.0', () => {
    check('local_mul_canonize', {
      inputs: [x, y, z],
      out: x.mul(y).mul(z),
      args: xyz,
      expected: [1000, 8000],
      before: lines(
        "Elemwise{mul,no_inplace} [id A] ''   1",
        " |Elemwise{mul,no_inplace} [id B] ''   0",
        ' | |x [id C]',
        ' | |y [id D]',
        ' |z [id E]',
      ),
      after: lines("Elemwise{mul,no_inplace} [id A] ''   0", ' |x [id B]', ' |y [id C]', ' |z [id D]'),
    });
    check('local_mul_canonize', {
      inputs: [x],
      out: x.mul(100).mul(100),
      args: [[1, 2]],
      expected: [10000, 20000],
      before: lines(
        "Elemwise{mul,no_inplace} [id A] ''   1",
        " |Elemwise{mul,no_inplace} [id B] ''   0",
        ' | |x [id C]',
        ' | |TensorConstant{(1,) of 100} [id D]',
        ' |TensorConstant{(1,) of 100} [id D]',
      ),
      after: lines("Elemwise{mul,no_inplace} [id A] ''   0", ' |x [id B]', ' |TensorConstant{(1,) of 10000.0} [id C]'),
    });
  });

  it('local_sub_self: x - x → zeros of its shape; x - y is kept', () => {
    check('local_sub_self', {
      inputs: [x],
      out: x.sub(x),
      args: [[1, 5, -2]],
      expected: [0, 0, 0],
      before: lines("Elemwise{sub,no_inplace} [id A] ''   0", ' |x [id B]', ' |x [id B]'),
      after: lines("Elemwise{second,no_inplace} [id A] ''   0", ' |x [id B]', ' |TensorConstant{(1,) of 0.0} [id C]'),
    });
    const text = lines("Elemwise{sub,no_inplace} [id A] ''   0", ' |x [id B]', ' |y [id C]');
    check('local_sub_self', {
      inputs: [x, y],
      out: x.sub(y),
      args: [[5], [2]],
      expected: [3],
      before: text,
      after: text,
    });
  });

  it('local_add_neg_to_sub: x + (-y) → x - y and (-x) + y → y - x', () => {
    check('local_add_neg_to_sub', {
      inputs: [x, y],
      out: x.add(y.neg()),
      args: rows([5, 1], [2, 3]),
      expected: [3, -2],
      before: lines(
        "Elemwise{add,no_inplace} [id A] ''   1",
        ' |x [id B]',
        " |Elemwise{neg,no_inplace} [id C] ''   0",
        ' | |y [id D]',
      ),
      after: lines("Elemwise{sub,no_inplace} [id A] ''   0", ' |x [id B]', ' |y [id C]'),
    });
    check('local_add_neg_to_sub', {
      inputs: [x, y],
      out: x.neg().add(y),
      args: rows([5, 1], [2, 3]),
      expected: [-3, 2],
      before: lines(
        "Elemwise{add,no_inplace} [id A] ''   1",
        " |Elemwise{neg,no_inplace} [id B] ''   0",
        ' | |x [id C]',
        ' |y [id D]',
      ),
      after: lines("Elemwise{sub,no_inplace} [id A] ''   0", ' |y [id B]', ' |x [id C]'),
    });
  });

  it('local_neg_sub: -(x - y) → y - x', () => {
    check('local_neg_sub', {
      inputs: [x, y],
      out: x.sub(y).neg(),
      args: rows([5, 1], [2, 3]),
      expected: [-3, 2],
      before: lines(
        "Elemwise{neg,no_inplace} [id A] ''   1",
        " |Elemwise{sub,no_inplace} [id B] ''   0",
        ' | |x [id C]',
        ' | |y [id D]',
      ),
      after: lines("Elemwise{sub,no_inplace} [id A] ''   0", ' |y [id B]', ' |x [id C]'),
    });
  });

  it('local_sub_neg: x - (-y) → x + y', () => {
    check('local_sub_neg', {
      inputs: [x, y],
      out: x.sub(y.neg()),
      args: rows([5, 1], [2, 3]),
      expected: [7, 4],
      before: lines(
        "Elemwise{sub,no_inplace} [id A] ''   1",
        ' |x [id B]',
        " |Elemwise{neg,no_inplace} [id C] ''   0",
        ' | |y [id D]',
      ),
      after: lines("Elemwise{add,no_inplace} [id A] ''   0", ' |x [id B]', ' |y [id C]'),
    });
  });

  it('local_div_div: (x / y) / z → x / (y * z)', () => {
    check('local_div_div', {
      inputs: [x, y, z],
      out: x.div(y).div(z),
      args: rows([12, 6], [2, 3], [3, 2]),
      expected: [2, 1],
      before: lines(
        "Elemwise{true_div,no_inplace} [id A] ''   1",
        " |Elemwise{true_div,no_inplace} [id B] ''   0",
        ' | |x [id C]',
        ' | |y [id D]',
        ' |z [id E]',
      ),
      after: lines(
        "Elemwise{true_div,no_inplace} [id A] ''   1",
        ' |x [id B]',
        " |Elemwise{mul,no_inplace} [id C] ''   0",
        ' | |y [id D]',
        ' | |z [id E]',
      ),
    });
  });

  it('local_div_div: int8 divisors multiply as floats (100 * 100 would wrap to 16 in int8)', () => {
    const [b1, b2] = T.bscalars('b1', 'b2');
    const out = x.div(b1!).div(b2!);
    const on = theano.function([x, b1!, b2!], out, { mode: basic() });
    const off = theano.function([x, b1!, b2!], out, { mode: basic('local_div_div') });
    expect(opNames(off).filter((n) => n === 'true_div')).toHaveLength(2);
    expect(opNames(on).filter((n) => n === 'true_div')).toHaveLength(1);
    expect(opNames(on)).toContain('cast');
    expect(on.callSync([1e4, 2e4], 100, 100).toArray()).toEqual([1, 2]);
    expect(off.callSync([1e4, 2e4], 100, 100).toArray()).toEqual([1, 2]);
  });

  it('local_mul_neg_neg: (-x) * (-y) → x * y', () => {
    check('local_mul_neg_neg', {
      inputs: [x, y],
      out: x.neg().mul(y.neg()),
      args: rows([2, -3], [5, 7]),
      expected: [10, -21],
      before: lines(
        "Elemwise{mul,no_inplace} [id A] ''   2",
        " |Elemwise{neg,no_inplace} [id B] ''   0",
        ' | |x [id C]',
        " |Elemwise{neg,no_inplace} [id D] ''   1",
        ' | |y [id E]',
      ),
      after: lines("Elemwise{mul,no_inplace} [id A] ''   0", ' |x [id B]', ' |y [id C]'),
    });
  });
});

describe('local_neg_mul_neg', () => {
  it('-(x * (-y)) → x * y', () => {
    check('local_neg_mul_neg', {
      inputs: [x, y],
      out: x.mul(y.neg()).neg(),
      args: rows([2, -3], [5, 7]),
      expected: [10, -21],
      before: lines(
        "Elemwise{neg,no_inplace} [id A] ''   2",
        " |Elemwise{mul,no_inplace} [id B] ''   1",
        ' | |x [id C]',
        " | |Elemwise{neg,no_inplace} [id D] ''   0",
        ' | | |y [id E]',
      ),
      after: lines("Elemwise{mul,no_inplace} [id A] ''   0", ' |x [id B]', ' |y [id C]'),
    });
  });

  it('in a product of three, only the negated factor changes; signed zeros come out as a * b', () => {
    const out = T.mul(x.neg(), y, z).neg();
    const on = theano.function([x, y, z], out, { mode: basic() });
    const off = theano.function([x, y, z], out, { mode: basic('local_neg_mul_neg') });
    expect(opNames(off).filter((n) => n === 'neg')).toHaveLength(2);
    expect(opNames(on)).toEqual(['mul']);
    // 0 * 3 * 2 = +0; -0 * 3 * 2 = -0; 2 * -1 * 4 = -8
    for (const f of [on, off]) {
      const r = f.callSync([0, -0, 2], [3, 3, -1], [2, 2, 4]).toArray() as number[];
      expect(r).toEqual([0, -0, -8]);
      expect(Object.is(r[0], 0) && Object.is(r[1], -0)).toBe(true);
    }
  });

  it('is left alone where the negation is in a narrower integer dtype than the product', () => {
    const b = T.bvector('b');
    const w = T.wvector('w');
    // int8 -(-128) wraps to -128: -((-b) * w) is -(-128 * 3) = 384, where b * w would be -384
    const out = b.neg().mul(w).neg();
    const on = theano.function([b, w], out, { mode: basic() });
    expect(opNames(on).filter((n) => n === 'neg')).toHaveLength(2);
    expect(on.callSync([-128, 5], [3, 2]).toArray()).toEqual([384, 10]);
  });
});

describe('local_pow_specialize', () => {
  const powText = (c: string) =>
    lines("Elemwise{pow,no_inplace} [id A] ''   0", ' |x [id B]', ` |TensorConstant{(1,) of ${c}} [id C]`);

  it('x ** 1 → x and x ** 0.5 → sqrt(x)', () => {
    check('local_pow_specialize', {
      inputs: [x],
      out: x.pow(1),
      args: [[4, -9]],
      expected: [4, -9],
      before: powText('1'),
      after: 'x [id A]',
    });
    check('local_pow_specialize', {
      inputs: [x],
      out: x.pow(0.5),
      args: [[4, 9]],
      expected: [2, 3],
      before: powText('0.5'),
      after: lines("Elemwise{sqrt,no_inplace} [id A] ''   0", ' |x [id B]'),
    });
  });

  it('x ** 0 → ones of its shape (1 even for NaN, as numpy) and x ** -1 → 1 / x', () => {
    const zero = theano.function([x], x.pow(0), { mode: basic() });
    expect(opNames(zero)).toEqual(expect.arrayContaining(['second']));
    expect(opNames(zero)).not.toContain('pow');
    expect(zero.callSync([4, Number.NaN, -2]).toArray()).toEqual([1, 1, 1]);
    const inv = theano.function([x], x.pow(-1), { mode: basic() });
    expect(opNames(inv)).toContain('true_div');
    expect(opNames(inv)).not.toContain('pow');
    expect(inv.callSync([4, -2]).toArray()).toEqual([0.25, -0.5]);
    const off = theano.function([x], x.pow(-1), { mode: basic('local_pow_specialize') });
    expect(dp(off)).toBe(powText('-1'));
    expect(off.callSync([4, -2]).toArray()).toEqual([0.25, -0.5]);
  });

  it('not for other exponents, nor when the exponent gives the shape', () => {
    check('local_pow_specialize', {
      inputs: [x],
      out: x.pow(3),
      args: [[2, -1]],
      expected: [8, -1],
      before: powText('3'),
      after: powText('3'),
    });
    const s = T.dscalar('s');
    const text = lines(
      "Elemwise{pow,no_inplace} [id A] ''   1",
      " |DimShuffle{x} [id B] ''   0",
      ' | |s [id C]',
      ' |TensorConstant{(2,) of 1.0} [id D]',
    );
    check('local_pow_specialize', {
      inputs: [s],
      out: s.pow(f64([1, 1])),
      args: [5],
      expected: [5, 5],
      before: text,
      after: text,
    });
  });
});

describe('selection: names, tags, modes', () => {
  it('excluding a tag turns off every rewrite carrying it', () => {
    const useless = theano.function([x], x.mul(1).add(0), { mode: basic('useless') });
    expect(opNames(useless)).toEqual(['mul', 'add']);
    expect(useless.callSync([3]).toArray()).toEqual([3]);
    const canon = theano.function([x, y, z], x.add(y).add(z), { mode: basic('canonicalize') });
    expect(opNames(canon)).toEqual(['add', 'add']);
    const folding = theano.function([x], x.add(T.sqrt(f64(4))), { mode: basic('constant_folding') });
    expect(opNames(folding)).toEqual(['sqrt', 'dimshuffle', 'add']);
  });

  it('FAST_COMPILE folds constants and removes useless ops, but neither canonicalizes nor specializes', () => {
    const out = x
      .mul(1)
      .add(y)
      .add(T.sqrt(f64(4)))
      .pow(0.5);
    const fc = theano.function([x, y], out, { mode: 'FAST_COMPILE' });
    expect(dp(fc)).toBe(
      lines(
        "Elemwise{pow,no_inplace} [id A] ''   2",
        " |Elemwise{add,no_inplace} [id B] ''   1",
        " | |Elemwise{add,no_inplace} [id C] ''   0",
        ' | | |x [id D]',
        ' | | |y [id E]',
        ' | |TensorConstant{(1,) of 2.0} [id F]',
        ' |TensorConstant{(1,) of 0.5} [id G]',
      ),
    );
    const fr = theano.function([x, y], out, { mode: basic() });
    expect(dp(fr)).toBe(
      lines(
        "Elemwise{sqrt,no_inplace} [id A] ''   1",
        " |Elemwise{add,no_inplace} [id B] ''   0",
        ' | |x [id C]',
        ' | |y [id D]',
        ' | |TensorConstant{(1,) of 2.0} [id E]',
      ),
    );
    // sqrt(1 + 6 + 2) = 3, sqrt(5 + 18 + 2) = 5
    expect(fc.callSync([1, 5], [6, 18]).toArray()).toEqual([3, 5]);
    expect(fr.callSync([1, 5], [6, 18]).toArray()).toEqual([3, 5]);
    expect(theano.function([x, y], out, { mode: theano.Mode({ optimizer: 'fast_compile' }) }).maker.fgraph.key).toBe(
      fc.maker.fgraph.key,
    );
  });

  it('the tags: fast_compile on folding and useless-op removal only, fast_run on all of rules-basic', () => {
    const tags = new Map(theano.listRewrites().map((r) => [r.name, r.tags]));
    const fastCompile = BASIC.filter((n) => tags.get(n)!.includes('fast_compile'));
    expect(fastCompile).toEqual([
      'constant_folding',
      'local_mul_one',
      'local_add_zero',
      'local_sub_zero',
      'local_div_one',
      'local_neg_neg',
      'local_dimshuffle_dimshuffle',
      'local_useless_reshape',
      'local_cast_cast',
    ]);
    expect(BASIC.every((n) => tags.get(n)!.includes('fast_run'))).toBe(true);
  });

  it("'None' runs no rewrite: the compiled graph is the graph as written", () => {
    const out = x.mul(1).add(y).add(y.sub(y));
    const f = theano.function([x, y], out, { mode: theano.Mode({ optimizer: 'None' }) });
    expect(f.maker.fgraph.outputs[0]).toBe(out);
    expect(dp(f)).toBe(
      lines(
        "Elemwise{add,no_inplace} [id A] ''   4",
        " |Elemwise{add,no_inplace} [id B] ''   2",
        " | |Elemwise{mul,no_inplace} [id C] ''   1",
        ' | | |x [id D]',
        " | | |DimShuffle{x} [id E] ''   0",
        ' | | | |TensorConstant{1} [id F]',
        ' | |y [id G]',
        " |Elemwise{sub,no_inplace} [id H] ''   3",
        ' | |y [id G]',
        ' | |y [id G]',
      ),
    );
    expect(f.callSync([1, 2], [10, 20]).toArray()).toEqual([11, 22]);
  });

  it("the user's graph is not changed by compiling it", () => {
    const out = x.mul(1).add(0).add(y.neg().neg());
    const node = out.owner!;
    const inputs = [...node.inputs];
    const op = node.op;
    const text = theano.printing.debugprint(out, { file: 'str' });
    const f = theano.function([x, y], out, { mode: basic() });
    expect(dp(f)).toBe(lines("Elemwise{add,no_inplace} [id A] ''   0", ' |x [id B]', ' |y [id C]'));
    expect(out.owner).toBe(node);
    expect(node.op).toBe(op);
    expect(node.inputs).toEqual(inputs);
    expect(node.inputs[0]!.owner!.op.kind).toBe('add');
    expect(theano.printing.debugprint(out, { file: 'str' })).toBe(text);
    expect(f.maker.unoptimized[0]).toBe(out);
    expect(f.callSync([1, 2], [3, 4]).toArray()).toEqual([4, 6]);
  });
});

describe('gradients, merging, size', () => {
  it('the gradient of x ** 2 compiles to 2.0 * x, a single mul', () => {
    const s = T.dscalar('s');
    const g = T.grad(s.pow(2), s);
    const f = theano.function([s], g, { mode: theano.Mode({ optimizer: 'fast_run' }) });
    expect(dp(f)).toBe(lines("Elemwise{mul,no_inplace} [id A] ''   0", ' |TensorConstant{2.0} [id B]', ' |s [id C]'));
    expect(f.callSync(3).item()).toBe(6);
    const raw = theano.function([s], g, { mode: theano.Mode({ optimizer: 'None' }) });
    expect(raw.maker.fgraph.nodes.length).toBeGreaterThan(1);
    expect(raw.callSync(3).item()).toBe(6);
  });

  it('identical subgraphs built twice are one node', () => {
    const a = x.mul(y).add(1);
    const b = x.mul(y).add(1);
    expect(a).toBe(b);
    const f = theano.function([x, y], a.mul(b), { mode: basic() });
    expect(opNames(f)).toEqual(['mul', 'add', 'mul']);
    // (1*3 + 1)**2, (2*4 + 1)**2
    expect(f.callSync([1, 2], [3, 4]).toArray()).toEqual([16, 81]);
  });

  it('outputs that become equal after rewriting are one node', () => {
    const f = theano.function([x, y], [x.mul(1).add(y), x.add(y.neg().neg())], { mode: basic() });
    const [o1, o2] = f.maker.fgraph.outputs;
    expect(o1).toBe(o2);
    expect(f.maker.fgraph.nodes).toHaveLength(1);
    const [r1, r2] = f.callSync([1, 2], [10, 20]);
    expect(r1!.toArray()).toEqual([11, 22]);
    expect(r2!.toArray()).toEqual([11, 22]);
  });

  it('a 10,000-node chain and its gradient compile, smaller, to the same values', () => {
    const x0 = T.dscalar('x0');
    let v = x0;
    for (let k = 0; k < 5000; k++) v = v.mul(1.0001).add(0.5);
    const g = T.grad(v, x0);
    const f = theano.function([x0], [v, g], { mode: theano.Mode({ optimizer: 'fast_run' }) });
    const raw = theano.function([x0], [v, g], { mode: theano.Mode({ optimizer: 'None' }) });
    expect(raw.maker.fgraph.nodes.length).toBeGreaterThanOrEqual(10_000);
    expect(f.maker.fgraph.nodes.length).toBeLessThan(raw.maker.fgraph.nodes.length);
    // v_n = a**n x0 + 0.5 (a**n - 1) / (a - 1) with a = 1.0001, n = 5000; dv/dx0 = a**n
    const an = 1.0001 ** 5000;
    const [fv, fg] = f.callSync(0.1);
    const [rv, rg] = raw.callSync(0.1);
    for (const [val, want] of [
      [fv!, an * 0.1 + (0.5 * (an - 1)) / 0.0001],
      [rv!, an * 0.1 + (0.5 * (an - 1)) / 0.0001],
      [fg!, an],
      [rg!, an],
    ] as const) {
      expect(Math.abs(val.item() - want)).toBeLessThan(1e-9 * want);
    }
  });
});

describe('the engine', () => {
  it('a replacement of another dtype is cast back to the node dtype by the engine', () => {
    theano.registerRewrite({
      name: 'test_exp_in_float32',
      phase: 'canonicalize',
      tags: ['test_engine_dtype'],
      ops: ['exp'],
      apply: (node) => T.exp(T.cast(node.inputs[0]!, 'float32')),
    });
    const out = x.exp();
    const f = theano.function([x], out, {
      mode: theano.Mode({ including: ['test_engine_dtype'], excluding: ['fusion'] }),
    });
    expect(dp(f)).toBe(
      lines(
        "Elemwise{Cast{float64}} [id A] ''   2",
        " |Elemwise{exp,no_inplace} [id B] ''   1",
        " | |Elemwise{Cast{float32}} [id C] ''   0",
        ' | | |x [id D]',
      ),
    );
    const r = f.callSync([0, 1]);
    expect(r.dtype).toBe('float64');
    expect(r.at(0)).toBe(1);
    expect(r.at(1)).toBeCloseTo(Math.E, 6);
    // not included: not run
    expect(theano.function([x], out, { mode: basic() }).callSync([0]).toArray()).toEqual([1]);
  });

  it('with exactDType, a replacement of another dtype is not applied (no cast back)', () => {
    theano.registerRewrite({
      name: 'test_exp_in_float32_exact',
      phase: 'canonicalize',
      tags: ['test_engine_exact'],
      ops: ['exp'],
      exactDType: true,
      apply: (node) => T.exp(T.cast(node.inputs[0]!, 'float32')),
    });
    const f = theano.function([x], x.exp(), { mode: theano.Mode({ including: ['test_engine_exact'] }) });
    expect(opNames(f)).toEqual(['exp']);
  });

  it('a replacement that broadcasts where the node does not, or has another rank, is not applied', () => {
    theano.registerRewrite({
      name: 'test_drop_add',
      phase: 'canonicalize',
      tags: ['test_engine_shape'],
      ops: ['add'],
      apply: (node) => node.inputs[0]!,
    });
    theano.registerRewrite({
      name: 'test_sum_exp',
      phase: 'canonicalize',
      tags: ['test_engine_shape'],
      ops: ['exp'],
      apply: (node) => T.sum(node.inputs[0]!),
    });
    const c = T.dcol('c');
    const mode = theano.Mode({ including: ['test_engine_shape'], excluding: ['fusion'] });
    // c + zeros((1, 3)) is (n, 3): c alone, (n, 1), would change the shape
    const f = theano.function([c], c.add(f64([[0, 0, 0]])), { mode });
    expect(opNames(f)).toEqual(['add']);
    expect(f.callSync([[1], [2]]).toArray()).toEqual(rows([1, 1, 1], [2, 2, 2]));
    // where it does keep the shape it applies: x + y → x
    expect(theano.function([x, y], x.add(y), { mode }).maker.fgraph.outputs[0]).toBe(x);
    // a scalar for a vector: another rank
    const g = theano.function([x], x.exp(), { mode });
    expect(opNames(g)).toEqual(['exp']);
  });

  it('a rewrite whose replacement contains the node itself is an error, not an endless loop', () => {
    theano.registerRewrite({
      name: 'test_broken_cycle',
      phase: 'canonicalize',
      tags: ['test_broken_cycle'],
      ops: ['exp'],
      apply: (node) => node.outputs[0]!.add(0),
    });
    expect(() => theano.function([x], x.exp(), { mode: theano.Mode({ including: ['test_broken_cycle'] }) })).toThrow(
      /replacement of .*exp.* contains .* itself/,
    );
  });

  it('registerRewrite rejects a name already taken', () => {
    expect(() =>
      theano.registerRewrite({
        name: 'local_mul_one',
        phase: 'canonicalize',
        tags: ['test_dup'],
        ops: ['mul'],
        apply: () => null,
      }),
    ).toThrow(/a rewrite named local_mul_one already exists/);
  });
});
