// The pattern language of rewrite/pattern.ts on its own: what each pattern matches and binds, constants by
// value (through the DimShuffles that broadcast them), commutative and n-ary matching, op parameters, and
// the cases where a pattern must not match. Then a rewrite written as a pattern: its ops filter, every match
// tried until the engine accepts a replacement, several cases, and one compiled end to end. The phases.

import type { Apply, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;
const { pat } = theano;
const [x, y, z] = T.dvectors('x', 'y', 'z') as [TensorVariable, TensorVariable, TensorVariable];
const f64 = (v: number | number[]) => T.constant(v, { dtype: 'float64' });
const ctx: theano.RewriteContext = { supports: () => true };

describe('matching and binding', () => {
  it('the example: exp(x) - 1 binds x; anything else does not match', () => {
    const p = pat.op('sub', pat.op('exp', pat.var('x')), pat.const(1));
    expect(p.match(T.sub(T.exp(y), 1))).toEqual({ x: y });
    expect(p.match(T.sub(T.exp(y), 2))).toBeNull(); // another constant
    expect(p.match(T.sub(T.log(y), 1))).toBeNull(); // another op inside
    expect(p.match(T.sub(1, T.exp(y)))).toBeNull(); // sub is not commutative
    expect(p.match(T.add(T.exp(y), 1))).toBeNull(); // another op at the root
    expect(p.match(y)).toBeNull(); // not computed by a node
  });

  it('pat.var binds any variable; a name used twice must be the same variable', () => {
    const p = pat.op('sub', pat.var('a'), pat.var('a'));
    expect(p.match(x.sub(x))).toEqual({ a: x });
    expect(p.match(x.sub(y))).toBeNull();
    const q = pat.op(
      'mul',
      pat.var('a', (v) => v.dtype === 'float64'),
      pat.any(),
    );
    expect(q.match(x.mul(y))).toEqual({ a: x });
    expect(q.match(T.ivector('i').mul(y))).toBeNull();
  });

  it('pat.const: by value, through broadcasts, every element; a predicate on the single value', () => {
    const one = pat.op('mul', pat.var('x'), pat.const(1));
    // x.mul(1) broadcasts the scalar 1 with a DimShuffle: matched through it
    expect(x.mul(1).owner!.inputs[1]!.owner?.op.kind).toBe('dimshuffle');
    expect(one.match(x.mul(1))).toEqual({ x });
    expect(one.match(x.mul(f64([1, 1])))).toEqual({ x });
    expect(one.match(x.mul(f64(1.0)))).toEqual({ x });
    expect(one.match(x.mul(f64([1, 2])))).toBeNull(); // not every element
    expect(one.match(x.mul(y))).toBeNull(); // not a constant
    const positive = pat.op(
      'pow',
      pat.var('x'),
      pat.const((v) => v > 0),
    );
    expect(positive.match(x.pow(3))).toEqual({ x });
    expect(positive.match(x.pow(-3))).toBeNull();
    expect(positive.match(x.pow(f64([2, 3])))).toBeNull(); // no single value
  });

  it('pat.op matches the primitive and the number of inputs', () => {
    const two = pat.op('add', pat.var('a'), pat.var('b'));
    expect(two.match(x.add(y))).toEqual({ a: x, b: y });
    expect(two.match(T.add(x, y, z))).toBeNull();
    expect(two.match(x.mul(y))).toBeNull();
  });

  it('commutative: the arguments match the inputs in any order, every way enumerated', () => {
    const p = pat.op('add', pat.const(1), pat.var('x')).commutative();
    expect(p.match(T.add(1, y))).toEqual({ x: y });
    expect(p.match(T.add(y, 1))).toEqual({ x: y });
    expect(pat.op('add', pat.const(1), pat.var('x')).match(T.add(y, 1))).toBeNull();
    const both = pat.op('add', pat.var('a'), pat.var('b')).commutative();
    expect([...both.matches(x.add(y))]).toEqual([
      { a: x, b: y },
      { a: y, b: x },
    ]);
    // a + (-b) in either order
    const neg = pat.op('add', pat.var('a'), pat.op('neg', pat.var('b'))).commutative();
    expect(neg.match(x.add(y.neg()))).toEqual({ a: x, b: y });
    expect(neg.match(y.neg().add(x))).toEqual({ a: x, b: y });
  });

  it('pat.rest binds the inputs left over, in order; n-ary nodes', () => {
    const ones = pat.op('mul', pat.const(1), pat.rest('xs')).commutative();
    expect(ones.match(T.mul(x, 1, y))).toEqual({ xs: [x, y] });
    expect(ones.match(T.mul(x, y))).toBeNull();
    expect(pat.op('add', pat.var('a'), pat.rest('r')).match(T.add(x, y, z))).toEqual({ a: x, r: [y, z] });
    // at least one input left by default; min 0 allows none
    expect(pat.op('neg', pat.var('a'), pat.rest('r')).match(x.neg())).toBeNull();
    expect(pat.op('neg', pat.var('a'), pat.rest('r', 0)).match(x.neg())).toEqual({ a: x, r: [] });
    expect(() => pat.op('add', pat.rest('r'), pat.var('a'))).toThrow(/only be the last argument/);
  });

  it('.params checks the op parameters; .as binds the matched variable; .where adds a check', () => {
    const m = T.dmatrix('m');
    const transpose = pat
      .op('dimshuffle', pat.var('x'))
      .params<{ order: readonly (number | 'x')[] }>((p) => p.order.join() === '1,0');
    expect(transpose.match(m.T)).toEqual({ x: m });
    expect(transpose.match(x.dimshuffle('x', 0))).toBeNull();
    const e = T.exp(x);
    expect(pat.op('log', pat.op('exp', pat.var('x')).as('e')).match(T.log(e))).toEqual({ x, e });
    const vec = pat.op('exp', pat.var('x')).where((v) => v.ndim === 1);
    expect(vec.match(e)).toEqual({ x });
    expect(vec.match(T.exp(T.dscalar('s')))).toBeNull();
    // .where sees the bindings so far
    const same = pat.op('add', pat.var('a'), pat.var('b')).where((_, b) => b.a === b.b);
    expect(same.match(x.add(x))).toEqual({ a: x, b: x });
    expect(same.match(x.add(y))).toBeNull();
  });

  it('pat.or tries the alternatives in order', () => {
    const sig = pat.or(pat.op('sigmoid', pat.var('x')), pat.op('true_div', pat.const(1), pat.var('x')));
    expect(sig.match(T.nnet.sigmoid(y))).toEqual({ x: y });
    expect(sig.match(T.trueDiv(1, y))).toEqual({ x: y });
    expect(sig.match(T.trueDiv(2, y))).toBeNull();
    expect(sig.rootOps()).toEqual(['sigmoid', 'true_div']);
  });

  it('the bindings are typed by the pattern', () => {
    const p = pat.op('add', pat.var('a'), pat.op('neg', pat.var('b')));
    const b = p.match(x.add(y.neg()));
    expect(b && [b.a.name, b.b.name]).toEqual(['x', 'y']);
    const r = pat.op('mul', pat.const(1), pat.rest('xs')).match(T.mul(1, x));
    expect(r?.xs.length).toBe(1);
    // @ts-expect-error: c is not bound by the pattern
    expect(b?.c).toBeUndefined();
  });
});

describe('a pattern rewrite', () => {
  it('its ops filter is the root primitives; it returns the built replacement', () => {
    const rw = theano.patternRewrite({
      name: 'test_pattern_expm1',
      phase: 'specialize',
      tags: ['test_pattern'],
      pattern: pat.op('sub', pat.op('exp', pat.var('x')), pat.const(1)),
      build: ({ x: v }) => T.expm1(v),
    });
    expect(rw.ops).toEqual(['sub']);
    const out = T.sub(T.exp(x), 1);
    expect(rw.apply(out.owner!, ctx)).toBe(T.expm1(x));
    expect(rw.apply(T.sub(T.exp(x), 2).owner!, ctx)).toBeNull();
    // a pattern whose root is not an op looks at every node
    expect(theano.patternRewrite({ ...rw, pattern: pat.var('v'), build: () => null }).ops).toBeNull();
  });

  it('every match is tried until the replacement is one the engine accepts (here: no broadcast)', () => {
    const m = T.dmatrix('m');
    const r = T.drow('r');
    const rw = theano.patternRewrite({
      name: 'test_pattern_first_operand',
      phase: 'canonicalize',
      tags: ['test_pattern'],
      pattern: pat.op('add', pat.var('a'), pat.any()).commutative(),
      build: ({ a }) => a,
    });
    // a = r first: r is (1, n), the sum (m, n): rejected; then a = m
    expect(rw.apply(T.add(r, m).owner!, ctx)).toBe(m);
    expect(rw.apply(T.add(m, r).owner!, ctx)).toBe(m);
    expect(rw.apply(T.add(r, r).owner!, ctx)).toBe(r);
    expect(rw.apply(T.add(r, T.dcol('c')).owner!, ctx)).toBeNull();
  });

  it('build returning null tries the next match; exactDType rejects a replacement of another dtype', () => {
    const i = T.ivector('i');
    const seen: string[] = [];
    const spec = {
      name: 'test_pattern_exact',
      phase: 'canonicalize' as const,
      tags: ['test_pattern'],
      exactDType: true,
      pattern: pat.op('mul', pat.var('a'), pat.var('b')).commutative(),
      build: ({ a }: { a: TensorVariable }) => {
        seen.push(a.name!);
        return a.name === 'x' ? null : a;
      },
    };
    const rw = theano.patternRewrite(spec);
    expect(rw.exactDType).toBe(true);
    // x * i is float64: x is skipped by build, i (int32) by exactDType
    expect(rw.apply(x.mul(i).owner!, ctx)).toBeNull();
    expect(seen).toEqual(['x', 'i']);
    const loose = theano.patternRewrite({ ...spec, name: 'test_pattern_loose', exactDType: false });
    expect(loose.apply(x.mul(i).owner!, ctx)).toBe(i);
  });

  it('several cases, each typed by its own pattern, tried in order', () => {
    const rw = theano.patternRewrite({
      name: 'test_pattern_cases',
      phase: 'canonicalize',
      tags: ['test_pattern'],
      cases: [
        theano.patternCase(pat.op('neg', pat.op('neg', pat.var('a'))), ({ a }) => a),
        theano.patternCase(pat.op('log', pat.op('exp', pat.var('b'))), ({ b }) => b),
      ],
    });
    expect(rw.ops).toEqual(['neg', 'log']);
    expect(rw.apply(x.neg().neg().owner!, ctx)).toBe(x);
    expect(rw.apply(T.log(T.exp(y)).owner!, ctx)).toBe(y);
    expect(rw.apply(T.log(y).owner!, ctx)).toBeNull();
  });

  it('registered, it runs when its tag is included, and is excluded by name', () => {
    theano.registerPatternRewrite({
      name: 'test_pattern_sin_neg',
      phase: 'canonicalize',
      tags: ['test_pattern_run'],
      pattern: pat.op('sin', pat.op('neg', pat.var('x'))),
      build: ({ x: v }) => T.neg(T.sin(v)),
    });
    const ops = (f: theano.TheanoFunction<theano.NDArray>) => f.maker.fgraph.nodes.map((n: Apply) => n.op.kind);
    const out = T.sin(x.neg());
    const on = theano.function([x], out, {
      mode: theano.Mode({ including: ['test_pattern_run'], excluding: ['fusion'] }),
    });
    const off = theano.function([x], out, {
      mode: theano.Mode({ including: ['test_pattern_run'], excluding: ['fusion', 'test_pattern_sin_neg'] }),
    });
    expect(ops(on)).toEqual(['sin', 'neg']);
    expect(ops(off)).toEqual(['neg', 'sin']);
    expect(on.callSync([0, Math.PI / 2]).toArray()).toEqual([-0, -1]);
    expect(() =>
      theano.registerPatternRewrite({
        name: 'test_pattern_sin_neg',
        phase: 'canonicalize',
        tags: [],
        pattern: pat.any(),
        build: () => null,
      }),
    ).toThrow(/already exists/);
  });
});

describe('phases', () => {
  it('canonicalize → stabilize → specialize → fuse, each holding rewrites; no merge or backend phase', () => {
    expect([...theano.PHASES]).toEqual(['canonicalize', 'stabilize', 'specialize', 'fuse']);
    const used = new Set(theano.listRewrites().map((r) => r.phase));
    for (const p of theano.PHASES) expect(used.has(p)).toBe(true);
    for (const p of used) expect(theano.PHASES).toContain(p);
  });
});
