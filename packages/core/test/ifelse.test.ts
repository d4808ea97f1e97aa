// IfElse in core: its printed forms, type rules, rewrites (a constant condition, identical branches), the
// executor's plan (the nodes one branch alone needs move into that branch) and R-op through it.
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { executionPlan } from '../src/index.js';

const T = theano.tensor;

describe('IfElse', () => {
  it("prints as Theano's if{} and pp as ifelse(...)", () => {
    const c = T.dscalar('c');
    const [x, y] = [T.dvector('x'), T.dvector('y')];
    const z = theano.ifelse(c, x, y);
    expect(String(z.owner!.op)).toBe('if{}');
    expect(theano.pp(z)).toBe('ifelse(c, x, y)');
    const [p, q] = theano.ifelse(c, [x, y], [y, x], 'swap');
    expect(String(p!.owner!.op)).toBe('if{swap}');
    expect(theano.pp(q!)).toBe('ifelse(c, [x, y], [y, x])');
  });

  it('the output keeps a static size both branches agree on', () => {
    const c = T.dscalar('c');
    const a = T.TensorType.fromShape('float64', [3, 2]).make('a');
    const b = T.TensorType.fromShape('float64', [3, null]).make('b');
    expect(theano.ifelse(c, a, b).type.shape).toEqual([3, null]);
  });

  it('a constant condition and identical branches are rewritten away', () => {
    const [x, y] = [T.dvector('x'), T.dvector('y')];
    const f = theano.function([x, y], theano.ifelse(T.constant(0), x.add(1), y.mul(2)));
    expect(f.maker.fgraph.nodes.map((n) => n.op.kind)).toEqual(['mul']);
    expect(f.callSync([1], [3]).toArray()).toEqual([6]);
    const c = T.dscalar('c');
    const g = theano.function([c, x], theano.ifelse(c, x.exp(), x.exp()));
    expect(g.maker.fgraph.nodes.map((n) => n.op.kind)).toEqual(['exp']);
  });

  it("the plan moves each branch's own nodes into it; shared ones stay outside", () => {
    const c = T.dscalar('c');
    const x = T.dvector('x');
    const shared = T.exp(x); // read by both branches and by a second output
    const z = theano.ifelse(c, T.log(shared).sum(), T.sqrt(shared).sum());
    const f = theano.function([c, x], [z, shared.sum()], { mode: 'FAST_COMPILE' });
    const top = executionPlan(f.maker.fgraph).steps;
    const kinds = top.map((s) => s.node.op.kind);
    expect(kinds).toContain('exp');
    expect(kinds).toContain('if_else');
    expect(kinds).not.toContain('log');
    expect(kinds).not.toContain('sqrt');
    const lazy = top.find((s) => s.lazy)!.lazy!;
    expect(lazy.ifTrue.steps.map((s) => s.node.op.kind)).toEqual(['log', 'sum']);
    expect(lazy.ifFalse.steps.map((s) => s.node.op.kind)).toEqual(['sqrt', 'sum']);
    // values: c true → Σ log(eˣ) = Σ x = 3; c false → Σ √(eˣ) = e^0.5 + e^1
    expect((f.callSync(1, [1, 2]) as theano.NDArray[])[0]!.item()).toBeCloseTo(3, 14);
    expect((f.callSync(0, [1, 2]) as theano.NDArray[])[0]!.item()).toBeCloseTo(Math.exp(0.5) + Math.exp(1), 14);
  });

  it('R-op through ifelse: J·v of the branch taken', () => {
    const c = T.dscalar('c');
    const x = T.dvector('x');
    const v = T.dvector('v');
    const z = theano.ifelse(c, x.mul(x), x.mul(3));
    const f = theano.function([c, x, v], T.Rop(z, x, v));
    // c true: d(x²)·v = 2x·v = [2·1·1, 2·2·10]; c false: 3v
    expect(f.callSync(1, [1, 2], [1, 10]).toArray()).toEqual([2, 40]);
    expect(f.callSync(0, [1, 2], [1, 10]).toArray()).toEqual([3, 30]);
  });
});
