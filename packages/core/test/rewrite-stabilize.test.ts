// The stabilize, specialize, fusion and expansion rewrites, one by one: the graph compiled with the rewrite
// and without it (excluded by name), its ops before and after, and the values (by hand) — including the
// values that only the stabilized graph gets right.

import type { Backend, NDArray, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;
const x = T.dvector('x');

function ops(f: theano.TheanoFunction<NDArray | NDArray[]>): string[] {
  return f.maker.fgraph.nodes.map((n) => n.op.kind);
}

/** Compiles with FAST_RUN less fusion (and less `rule` for "before"), so single ops show. */
function both(out: TensorVariable | TensorVariable[], rule: string, backend?: string | Backend) {
  const after = theano.function([x], out as TensorVariable, { mode: theano.Mode({ excluding: ['fusion'] }), backend });
  const before = theano.function([x], out as TensorVariable, {
    mode: theano.Mode({ excluding: ['fusion', rule] }),
    backend,
  });
  return { before, after };
}

describe('stabilize', () => {
  it('local_softplus: log(1 + exp(x)) → softplus(x); 1000 stays 1000', () => {
    const { before, after } = both(T.log(T.add(1, T.exp(x))), 'local_softplus');
    expect(ops(before)).toContain('exp');
    expect(ops(after)).toEqual(['softplus']);
    expect(before.callSync([1000]).item()).toBe(Number.POSITIVE_INFINITY);
    expect(after.callSync([1000, 0]).toArray()).toEqual([1000, Math.LN2]);
  });

  it('local_log1p: log(1 + x) → log1p(x); 1e-20 stays 1e-20', () => {
    const { before, after } = both(T.log(T.add(x, 1)), 'local_log1p');
    expect(ops(before)).toEqual(['add', 'log']);
    expect(ops(after)).toEqual(['log1p']);
    expect(before.callSync([1e-20]).item()).toBe(0);
    expect(after.callSync([1e-20]).item()).toBe(1e-20);
  });

  it('local_log_sigmoid: log(sigmoid(x)) → -softplus(-x); at -1000 it is -1000', () => {
    const sig = T.trueDiv(1, T.add(1, T.exp(T.neg(x))));
    const { before, after } = both(T.log(sig), 'local_log_sigmoid');
    expect(ops(after)).toEqual(['neg', 'softplus', 'neg']);
    expect(before.callSync([-1000]).item()).toBe(Number.NEGATIVE_INFINITY);
    expect(after.callSync([-1000, 0]).toArray()).toEqual([-1000, -Math.LN2]);
    // log(1 - sigmoid(x)) = -softplus(x)
    const g = theano.function([x], T.log(T.sub(1, T.nnet.sigmoid(x))));
    expect(g.callSync([1000]).item()).toBe(-1000);
  });

  it('local_logsumexp: log(sum(exp(x))) → max + log(sum(exp(x - max)))', () => {
    const { before, after } = both(T.log(T.sum(T.exp(x))), 'local_logsumexp');
    expect(ops(before)).toEqual(['exp', 'sum', 'log']);
    expect(ops(after)).toContain('max');
    expect(before.callSync([1000, 1000]).item()).toBe(Number.POSITIVE_INFINITY);
    expect(after.callSync([1000, 1000]).item()).toBeCloseTo(1000 + Math.LN2, 10);
  });

  it('local_exp_times_recip_sum: the gradient of logsumexp becomes a stable softmax: [0.5, 0.5] at [1000, 1000]', () => {
    const lse = T.log(T.sum(T.exp(x)));
    const g = T.grad(lse, x);
    const { before, after } = both(g, 'local_exp_times_recip_sum');
    expect(Array.from(before.callSync([1000, 1000]).toFloat64(), Number.isNaN)).toEqual([true, true]);
    expect(after.callSync([1000, 1000]).toArray()).toEqual([0.5, 0.5]);
    expect(ops(after)).toContain('max');
  });

  it('local_exp_over_sum: exp(x) / sum(exp(x)) → softmax with the maximum subtracted', () => {
    const e = T.exp(x);
    const { before, after } = both(T.trueDiv(e, T.sum(e)), 'local_exp_over_sum');
    expect(ops(before)).not.toContain('max');
    expect(ops(after)).toContain('max');
    expect(after.callSync([1000, 1000]).toArray()).toEqual([0.5, 0.5]);
  });

  it('local_log_softmax_op: log(Softmax(x)) → LogSoftmax(x); its gradient is softmax(x) - t', () => {
    const m = T.dmatrix('m');
    const out = T.log(T.nnet.softmax(m));
    const { before, after } = (() => {
      const a = theano.function([m], out, { mode: theano.Mode({ excluding: ['fusion'] }) });
      const b = theano.function([m], out, { mode: theano.Mode({ excluding: ['fusion', 'local_log_softmax_op'] }) });
      return { before: b, after: a };
    })();
    expect(before.maker.fgraph.nodes.map((n) => n.op.kind)).toEqual(['softmax', 'log']);
    expect(after.maker.fgraph.nodes.map((n) => n.op.kind)).toEqual(['log_softmax']);
    expect(before.callSync([[1000, 0]]).toArray()).toEqual([[0, Number.NEGATIVE_INFINITY]]);
    expect(after.callSync([[1000, 0]]).toArray()).toEqual([[0, -1000]]);
    // cross-entropy of a softmax: the gradient is softmax(x) - t, by hand [[e/(1+e) - 1, 1/(1+e)]] at [[1, 0]]
    const t = T.dmatrix('t');
    const ce = T.nnet.categoricalCrossentropy(T.nnet.softmax(m), t).sum();
    const g = theano
      .function([m, t], T.grad(ce, m))
      .callSync([[1, 0]], [[1, 0]])
      .toArray() as number[][];
    expect(g[0]![0]).toBeCloseTo(Math.E / (1 + Math.E) - 1, 14);
    expect(g[0]![1]).toBeCloseTo(1 / (1 + Math.E), 14);
  });

  it('local_log_softmax: log(exp(y) / sum(exp(y))) → y - log(sum(exp(y)))', () => {
    const m = T.dmatrix('m');
    const e = T.exp(m.sub(m.max({ axis: 1, keepdims: true })));
    const out = T.log(T.trueDiv(e, e.sum({ axis: 1, keepdims: true })));
    const f = theano.function([m], out, { mode: theano.Mode({ excluding: ['fusion'] }) });
    const g = theano.function([m], out, { mode: theano.Mode({ excluding: ['fusion', 'local_log_softmax'] }) });
    // softmax of [1000, 0] underflows to [1, 0]: log gives -inf without the rewrite, -1000 with it
    expect(g.callSync([[1000, 0]]).toArray()).toEqual([[0, Number.NEGATIVE_INFINITY]]);
    expect(f.callSync([[1000, 0]]).toArray()).toEqual([[0, -1000]]);
    expect(f.maker.fgraph.nodes.filter((n) => n.op.kind === 'true_div').length).toBe(0);
  });

  it('local_fill_cut: f(second(a, b), a) → f(b, a)', () => {
    const f = theano.function([x], T.mul(T.second(x, T.constant(3)), x), {
      mode: theano.Mode({ excluding: ['fusion', 'local_fill_sink'] }),
    });
    const g = theano.function([x], T.mul(T.second(x, T.constant(3)), x), {
      mode: theano.Mode({ excluding: ['fusion', 'local_fill_cut', 'local_fill_sink'] }),
    });
    expect(ops(g)).toContain('second');
    expect(ops(f)).not.toContain('second');
    expect(f.callSync([1, 2]).toArray()).toEqual([3, 6]);
  });
});

describe('local_fill_cut, general form', () => {
  it('f(second(a, b), c) → f(b, c) when c is not broadcastable wherever a is not; kept otherwise', () => {
    const a = T.dmatrix('a');
    const c = T.dmatrix('c');
    const r = T.drow('r');
    const mode = theano.Mode({ excluding: ['fusion'] });
    const f = theano.function([a, c], T.mul(T.second(a, T.constant(3)), c), { mode, onUnusedInput: 'ignore' });
    expect(f.maker.fgraph.nodes.map((n) => n.op.kind)).not.toContain('second');
    expect(f.callSync([[0, 0]], [[1, 2]]).toArray()).toEqual([[3, 6]]);
    // a row does not give a matrix's shape: the fill stays
    const g = theano.function([a, r], T.mul(T.second(a, T.constant(3)), r), { mode });
    expect(g.maker.fgraph.nodes.map((n) => n.op.kind)).toContain('second');
    expect(
      g
        .callSync(
          [
            [0, 0],
            [0, 0],
          ],
          [[1, 2]],
        )
        .toArray(),
    ).toEqual([
      [3, 6],
      [3, 6],
    ]);
  });
});

describe('specialize', () => {
  it('local_pow_sqr: x ** 2 → sqr(x)', () => {
    const { before, after } = both(x.pow(2), 'local_pow_sqr');
    expect(ops(before)).toEqual(['pow']);
    expect(ops(after)).toEqual(['sqr']);
    expect(after.callSync([3, -4]).toArray()).toEqual([9, 16]);
  });

  it('local_expm1: exp(x) - 1 → expm1(x); accurate at 1e-10', () => {
    const { before, after } = both(T.sub(T.exp(x), 1), 'local_expm1');
    expect(ops(after)).toEqual(['expm1']);
    expect(after.callSync([1e-10]).item()).toBe(Math.expm1(1e-10));
    expect(before.callSync([1e-10]).item()).not.toBe(Math.expm1(1e-10));
  });

  it('local_sigmoid: 1 / (1 + exp(-x)) → sigmoid(x)', () => {
    const { before, after } = both(T.trueDiv(1, T.add(1, T.exp(T.neg(x)))), 'local_sigmoid');
    expect(ops(before)).toEqual(['neg', 'exp', 'add', 'true_div']);
    expect(ops(after)).toEqual(['sigmoid']);
    expect(after.callSync([0]).item()).toBe(0.5);
  });
});

describe('fusion', () => {
  it('fusion: an elementwise chain becomes one Composite; excluding it keeps the nodes', () => {
    const out = x.exp().mul(2).add(x.sin().mul(x));
    const fused = theano.function([x], out);
    const plain = theano.function([x], out, { mode: theano.Mode({ excluding: ['fusion'] }) });
    expect(ops(plain)).toEqual(['exp', 'mul', 'sin', 'mul', 'add']);
    expect(ops(fused)).toEqual(['composite']);
    expect(theano.printing.debugprint(fused, { file: 'str' })).toBe(
      [
        "Elemwise{Composite{((exp(i0) * i1) + (sin(i0) * i0))}} [id A] ''   0",
        ' |x [id B]',
        ' |TensorConstant{(1,) of 2} [id C]',
      ].join('\n'),
    );
    expect(fused.callSync([0]).item()).toBe(2);
  });
});

describe('expand_extended: backends without an extended op get primitives', () => {
  const noExt: Backend = {
    ...theano.getBackend('ref'),
    name: 'ref-primitives-only',
    capabilities: {
      ...theano.getBackend('ref').capabilities,
      ops: Object.keys(theano.PRIMITIVES),
    },
    unsupportedReason: undefined,
  };

  it('sqr, log1p, softplus, sigmoid, expm1 built by the user run as primitives, with the same values', () => {
    const out = [T.sqr(x), T.log1p(x), T.nnet.softplus(x), T.nnet.sigmoid(x), T.expm1(x)];
    const f = theano.function([x], out, { backend: noExt });
    const used = new Set(f.maker.fgraph.nodes.map((n) => n.op.kind));
    for (const op of ['sqr', 'log1p', 'softplus', 'sigmoid', 'expm1', 'composite']) expect(used.has(op)).toBe(false);
    const [sq, l1, sp, sg, em] = f.callSync([1e-20, 2]) as NDArray[];
    expect(sq!.toArray()).toEqual([1e-40, 4]);
    expect(l1!.at(0)).toBe(1e-20); // the stable primitive form keeps tiny values
    expect(l1!.at(1)).toBeCloseTo(Math.log(3), 14);
    expect(sp!.at(1)).toBeCloseTo(Math.log1p(Math.exp(2)), 14);
    expect(sg!.at(1)).toBeCloseTo(1 / (1 + Math.exp(-2)), 14);
    expect(em!.at(1)).toBeCloseTo(Math.expm1(2), 12);
    const big = theano.function([x], T.nnet.softplus(x), { backend: noExt });
    expect(big.callSync([1000, -1000]).toArray()).toEqual([1000, 0]);
  });
});
