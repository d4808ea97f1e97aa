// Profiling on the reference backend (`{ profile: true }`): calls counted, every node of the compiled graph
// timed on every call and grouped by op, and the text of `f.profile.summary()`.

import type { Apply } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;
const [x, y] = T.dvectors('x', 'y');

describe('profile', () => {
  it('counts calls and, per op, node runs and nodes (FAST_COMPILE: exp twice, add, mul)', async () => {
    const f = theano.function([x!, y!], T.exp(x!).add(T.exp(y!)).mul(2), {
      profile: true,
      mode: 'FAST_COMPILE',
      name: 'expsum',
    });
    expect(f.maker.fgraph.nodes.map((n: Apply) => n.op.kind).sort()).toEqual(['add', 'exp', 'exp', 'mul']);
    // 2 * (e^0 + e^0) = 4
    expect(f.callSync([0], [0]).toArray()).toEqual([4]);
    expect(f.callSync([1], [0]).item()).toBeCloseTo(2 * (Math.E + 1), 14);
    expect((await f([0], [1])).item()).toBeCloseTo(2 * (Math.E + 1), 14);
    const p = f.profile!;
    expect(p.calls).toBe(3);
    expect(p.callTime).toBeGreaterThanOrEqual(0);
    const byOp = new Map(p.ops().map((o) => [o.op, o]));
    expect([...byOp.keys()].sort()).toEqual([
      'Elemwise{add,no_inplace}',
      'Elemwise{exp,no_inplace}',
      'Elemwise{mul,no_inplace}',
    ]);
    expect(byOp.get('Elemwise{exp,no_inplace}')).toMatchObject({ calls: 6, applies: 2 });
    expect(byOp.get('Elemwise{add,no_inplace}')).toMatchObject({ calls: 3, applies: 1 });
    expect(byOp.get('Elemwise{mul,no_inplace}')).toMatchObject({ calls: 3, applies: 1 });
    for (const o of p.ops()) expect(o.time).toBeGreaterThanOrEqual(0);
    // slowest first
    const times = p.ops().map((o) => o.time);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('every node of the optimized graph appears, each run once per call (FAST_RUN)', () => {
    const f = theano.function([x!, y!], T.log(x!.mul(y!).add(1)).sum().add(x!.dot(y!)), { profile: true });
    for (let k = 0; k < 3; k++) f.callSync([1, 2], [3, 4]);
    const p = f.profile!;
    expect(p.calls).toBe(3);
    const nodes = f.maker.fgraph.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    const byOp = new Map(p.ops().map((o) => [o.op, o]));
    for (const n of nodes) expect(byOp.has(String(n.op))).toBe(true);
    const applies = new Map<string, number>();
    for (const n of nodes) applies.set(String(n.op), (applies.get(String(n.op)) ?? 0) + 1);
    expect(byOp.size).toBe(applies.size);
    for (const [op, k] of applies) expect(byOp.get(op)).toMatchObject({ applies: k, calls: 3 * k });
    // log(1*3 + 1) + log(2*4 + 1) + (3 + 8)
    expect(f.callSync([1, 2], [3, 4]).item()).toBeCloseTo(Math.log(4) + Math.log(9) + 11, 13);
    expect(p.calls).toBe(4);
  });

  it('summary() reports the calls and every op', () => {
    const f = theano.function([x!, y!], T.exp(x!).add(T.exp(y!)).mul(2), {
      profile: true,
      mode: 'FAST_COMPILE',
      name: 'expsum',
    });
    for (let k = 0; k < 3; k++) f.callSync([0], [0]);
    const s = f.profile!.summary();
    expect(s).toContain('Function profiling');
    expect(s).toContain('Message: expsum');
    expect(s).toContain('Time in 3 calls to Function.__call__');
    for (const op of ['Elemwise{exp,no_inplace}', 'Elemwise{add,no_inplace}', 'Elemwise{mul,no_inplace}'])
      expect(s).toContain(op);
    // the exp line: 6 runs of 2 nodes
    expect(s).toMatch(/s {7}6 {5}2 {2}Elemwise\{exp,no_inplace\}/);
  });

  it('a function compiled without profile has f.profile === null', () => {
    const f = theano.function([x!], x!.mul(2));
    expect(f.profile).toBeNull();
    expect(f.callSync([1]).toArray()).toEqual([2]);
    expect(theano.function([x!], x!.mul(2), { profile: false }).profile).toBeNull();
  });
});
