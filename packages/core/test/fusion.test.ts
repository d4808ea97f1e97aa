// The fusion rewrite when composites and other nodes alternate: each elementwise chain becomes one Composite
// built on the composites and rebuilt nodes upstream of it (nothing from the unfused graph survives), and
// the values are those of the chain computed by hand.
import '@theano-ts/backend-ref';
import { type Apply, compileFunction, NDArray, T, toposort } from '@theano-ts/core';
import { describe, expect, it } from 'vitest';

describe('fusion', () => {
  it('alternating elementwise chains and dots: one Composite per chain, values by hand', () => {
    const x = T.dmatrix('x');
    const w = T.dmatrix('w');
    // a = tanh(2x + 1); b = a·w; c = (b + 1)² - a; d = c·w; e = exp(d) · 0.5
    const a = T.tanh(x.mul(2).add(1));
    const b = T.dot(a, w);
    const c = T.sqr(b.add(1)).sub(a);
    const d = T.dot(c, w);
    const e = T.exp(d).mul(0.5);
    const f = compileFunction([x, w], e, { backend: 'ref', mode: 'FAST_RUN' });
    const nodes = f.maker.fgraph.nodes as readonly Apply[];
    const kinds = nodes.map((n) => n.op.kind);
    expect(kinds.filter((k) => k === 'composite').length).toBe(3);
    expect(kinds.filter((k) => k !== 'composite' && k !== 'dot' && k !== 'gemm').length).toBe(0);
    // the graph the function runs is closed: every node it reaches from its outputs is one of its nodes
    expect(new Set(toposort(f.maker.fgraph.outputs))).toEqual(new Set(nodes));

    const xv = [0.1, -0.2, 0.3, 0.05];
    const wv = [0.5, -0.25, 0.125, 1];
    const av = xv.map((v) => Math.tanh(2 * v + 1));
    const mm = (p: number[], q: number[]) => [
      p[0]! * q[0]! + p[1]! * q[2]!,
      p[0]! * q[1]! + p[1]! * q[3]!,
      p[2]! * q[0]! + p[3]! * q[2]!,
      p[2]! * q[1]! + p[3]! * q[3]!,
    ];
    const bv = mm(av, wv);
    const cv = bv.map((v, i) => (v + 1) ** 2 - av[i]!);
    const ev = mm(cv, wv).map((v) => Math.exp(v) * 0.5);
    const out = f.callSync(new NDArray(Float64Array.from(xv), [2, 2]), new NDArray(Float64Array.from(wv), [2, 2]));
    const got = Array.from((Array.isArray(out) ? out[0] : out).data as Float64Array);
    got.forEach((v, i) => {
      expect(v).toBeCloseTo(ev[i]!, 12);
    });
  });
});
