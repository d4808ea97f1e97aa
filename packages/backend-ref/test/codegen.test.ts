// Fused elementwise nodes on the reference backend: one generated loop per Composite, built from the graph's
// structure only, computing exactly what the unfused nodes compute.

import type { CompositeParams, NDArray, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { generateSource } from '../src/codegen.js';

const T = theano.tensor;
const noFusion = theano.Mode({ excluding: ['fusion'] });

function composites(f: { maker: { fgraph: theano.FunctionGraph } }) {
  return f.maker.fgraph.nodes.filter((n) => n.op.kind === 'composite');
}

describe('fusion on ref', () => {
  it('fuses exp(x)*2 + sin(x)*x into one Composite node', () => {
    const x = T.dvector('x');
    const f = theano.function([x], x.exp().mul(2).add(x.sin().mul(x)));
    expect(f.maker.fgraph.nodes.length).toBe(1);
    expect(String(f.maker.fgraph.nodes[0]!.op)).toBe('Elemwise{Composite{((exp(i0) * i1) + (sin(i0) * i0))}}');
    // e^1·2 + sin(1)·1 = 5.43656365691809 + 0.8414709848078965
    expect(f.callSync([1]).item()).toBeCloseTo(2 * Math.E + Math.sin(1), 14);
  });

  it('a chain read by the cost and by its gradient is fused once, and a long chain is split into composites', () => {
    const x = T.dvector('x');
    let y = x;
    for (let i = 0; i < 5; i++) y = y.mul(1.0001).add(0.5);
    const cost = y.sum();
    const f = theano.function([x], [cost, T.grad(cost, x)]);
    // sum(chain) on the fused chain, and the gradient a^5 filled to the chain's shape (the fill sinks above the
    // multiplications by 1.0001, which fold into one constant): three nodes in all
    expect(f.maker.fgraph.nodes.map((n) => n.op.kind).sort()).toEqual(['composite', 'second', 'sum']);
    const a5 = 1.0001 ** 5;
    const chain = (v: number) => a5 * v + (0.5 * (a5 - 1)) / 0.0001;
    const [c, g] = f.callSync([1, 2]) as NDArray[];
    expect(c!.item()).toBeCloseTo(chain(1) + chain(2), 9);
    expect(g!.toArray()).toEqual([a5, a5].map((v) => expect.closeTo(v, 12)));
    let z = x;
    for (let i = 0; i < 400; i++) z = z.mul(1.0001).add(0.5);
    const h = theano.function([x], z);
    expect(h.maker.fgraph.nodes.length).toBe(4); // 800 nodes, at most 256 per composite
    expect(h.callSync([0]).item()).toBeCloseTo((0.5 * (1.0001 ** 400 - 1)) / 0.0001, 8);
  });

  it('a node read twice is not fused into both readers', () => {
    const x = T.dvector('x');
    const e = x.exp();
    const f = theano.function([x], [e.add(1), e.mul(3)]);
    // exp is computed once: it stays a node of its own
    expect(f.maker.fgraph.nodes.filter((n) => n.op.kind === 'exp').length).toBe(1);
  });

  const cases: [string, DTypeName, (a: TensorVariable, b: TensorVariable) => TensorVariable, number[][]][] = [
    [
      'float32 chain',
      'float32',
      (a, b) => a.mul(b).add(a.div(b)).sub(b.sqrt()),
      [
        [0.1, -2.5, 3.75, 100.3],
        [0.7, 1.5, 2.25, 9.5],
      ],
    ],
    [
      'float64 chain',
      'float64',
      (a, b) => a.exp().mul(b).add(a.tanh().mul(a)).div(b.add(1)),
      [
        [0.1, -2.5, 3.75, 10],
        [0.7, 1.5, 2.25, 9.5],
      ],
    ],
    [
      'int32 wrap',
      'int32',
      (a, b) => a.mul(b).add(a).mul(b),
      [
        [123456789, -7, 46341, 2],
        [987654321, 3, 46341, -5],
      ],
    ],
    [
      'int8 wrap',
      'int8',
      (a, b) => a.add(b).mul(a).sub(b),
      [
        [100, -100, 7, 127],
        [100, -50, 9, 1],
      ],
    ],
    [
      'int16 floor div and mod',
      'int16',
      (a, b) => a.intDiv(b).add(a.mod(b)).mul(3),
      [
        [-7, 7, 100, -32768],
        [2, -2, 0, 3],
      ],
    ],
    [
      'float64 floor div and mod',
      'float64',
      (a, b) => a.intDiv(b).add(a.mod(b)),
      [
        [-7.5, 7.25, 1, -3],
        [2, -2, 0.5, 0.75],
      ],
    ],
    [
      'comparisons to float',
      'float64',
      (a, b) => a.lt(b).astype('float64').mul(a).add(a.ge(b).astype('float64')),
      [
        [1, 5, -2, 3],
        [2, 4, -2, 3],
      ],
    ],
    [
      'max/min/abs/neg',
      'float32',
      (a, b) => a.maximum(b).sub(a.minimum(b).abs()).neg(),
      [
        [1, -5, 2.5, 0],
        [-2, 4, 2.5, -0.5],
      ],
    ],
  ];
  type DTypeName = 'float32' | 'float64' | 'int32' | 'int8' | 'int16';

  for (const [label, dtype, build, [av, bv]] of cases) {
    it(`fused equals unfused exactly: ${label}`, () => {
      const a = new T.TensorType(dtype, [false]).make('a');
      const b = new T.TensorType(dtype, [false]).make('b');
      const out = build(a, b);
      const fused = theano.function([a, b], out, { allowInputDowncast: true });
      const plain = theano.function([a, b], out, { mode: noFusion, allowInputDowncast: true });
      expect(composites(fused).length).toBeGreaterThan(0);
      expect(composites(plain).length).toBe(0);
      const r1 = fused.callSync(av, bv) as NDArray;
      const r2 = plain.callSync(av, bv) as NDArray;
      expect(r1.dtype).toBe(r2.dtype);
      expect(Array.from(r1.data as ArrayLike<number>)).toEqual(Array.from(r2.data as ArrayLike<number>));
    });
  }

  it('broadcasting inside a composite (row + col) equals the unfused result', () => {
    const r = T.drow('r');
    const c = T.dcol('c');
    const out = r.mul(2).add(c.exp());
    const f = theano.function([r, c], out);
    const g = theano.function([r, c], out, { mode: noFusion });
    expect(composites(f).length).toBe(1);
    const x = f.callSync([[1, 2, 3]], [[0], [1]]);
    expect(x.shape).toEqual([2, 3]);
    expect(x.equals(g.callSync([[1, 2, 3]], [[0], [1]]))).toBe(true);
    // by hand: row 1 = [2, 4, 6] + e
    expect(x.toArray()).toEqual([
      [3, 5, 7],
      [2 + Math.E, 4 + Math.E, 6 + Math.E],
    ]);
  });
});

describe('generated code is built from structure only', () => {
  it('names and constants never become code', () => {
    const evil = '"); process.exit(1); //';
    const x = T.dvector(evil);
    const y = T.dvector(`'; throw new Error("pwned"); '`);
    const out = x
      .mul(y)
      .add(T.constant(12345.678))
      .sub(x.exp())
      .mul(T.constant([1.5, 2.5, 3.5]));
    const f = theano.function([x, y], out);
    const nodes = composites(f);
    expect(nodes.length).toBe(1);
    const src = generateSource((nodes[0]!.op.params as CompositeParams).inner)!;
    expect(src).not.toBeNull();
    expect(src).not.toContain('process');
    expect(src).not.toContain('pwned');
    expect(src).not.toContain('12345');
    expect(src).not.toContain('2.5');
    // identifiers are generated: v0…, t0…, a0…, s0…; scalar functions are called by index (F[k])
    for (const id of src.match(/\b[a-zA-Z_$][\w$]*\b/g) ?? []) {
      expect(
        /^(v|t|a|s|f)\d+$/.test(id) ||
          [
            'use',
            'strict',
            'const',
            'ins',
            'steps',
            'for',
            'let',
            'i',
            'n',
            'out',
            'Math',
            'F',
            'fround',
            'exp',
          ].includes(id),
      ).toBe(true);
    }
    // and the function still computes: (1·2 + 12345.678 − e)·1.5
    const r = f.callSync([1, 0, 0], [2, 0, 0]);
    expect(r.at(0)).toBeCloseTo((2 + 12345.678 - Math.E) * 1.5, 9);
  });
});
