// theano.ifelse on ref and onnx: values of one and several outputs, gradients (to the branch taken), the
// laziness (a branch that would fail at run time is not run when not taken; on onnx the branch's nodes sit
// in the If node's subgraphs), and errors. Expected values are worked by hand.
import { fromBinary } from '@bufbuild/protobuf';
import { buildModel } from '@theano-ts/backend-onnx';
import { ModelProtoSchema } from 'onnx-buf';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { T } from './helpers.js';

const BACKENDS = ['ref', 'onnx'] as const;
const X = [
  [1, 2],
  [3, 4],
];
const Y = [
  [10, 20],
  [30, 40],
];

describe('theano.ifelse', () => {
  for (const backend of BACKENDS) {
    it(`gives the branch its scalar condition picks (${backend})`, async () => {
      const [a, b] = [T.dscalar('a'), T.dscalar('b')];
      const [x, y] = [T.dmatrix('x'), T.dmatrix('y')];
      const f = theano.function([a, b, x, y], theano.ifelse(T.lt(a, b), T.mean(x), T.mean(y)), { backend });
      // mean(X) = 2.5, mean(Y) = 25
      expect((await f(1, 2, X, Y)).item()).toBe(2.5);
      expect((await f(2, 1, X, Y)).item()).toBe(25);
      // an integer or bool condition: nonzero is true
      const i = T.lscalar('i');
      const g = theano.function([i, x, y], theano.ifelse(i, x, y), { backend });
      expect((await g(-3, X, Y)).toArray()).toEqual(X);
      expect((await g(0, X, Y)).toArray()).toEqual(Y);
    });

    it(`several outputs, branches of different shapes (${backend})`, async () => {
      const a = T.dscalar('a');
      const [x, y] = [T.dmatrix('x'), T.dmatrix('y')];
      const [s, m] = theano.ifelse(a.gt(0), [x.sum(), y.mul(2)], [x.prod(), y.get('1:')]);
      const f = theano.function([a, x, y], [s!, m!], { backend });
      const [s1, m1] = await f(1, X, Y);
      expect(s1!.item()).toBe(10);
      expect(m1!.toArray()).toEqual([
        [20, 40],
        [60, 80],
      ]);
      const [s2, m2] = await f(-1, X, Y);
      expect(s2!.item()).toBe(24);
      expect(m2!.toArray()).toEqual([[30, 40]]);
    });

    it(`the gradient goes to the branch taken (${backend})`, async () => {
      const a = T.dscalar('a');
      const x = T.dmatrix('x');
      const z = theano.ifelse(a.gt(0), x.sum().mul(a), x.prod());
      const f = theano.function([a, x], T.grad(z, [a, x]), { backend });
      // a > 0: d(a·Σx)/da = Σx = 10, d/dx = a = 2
      const [ga, gx] = await f(2, X);
      expect(ga!.item()).toBe(10);
      expect(gx!.toArray()).toEqual([
        [2, 2],
        [2, 2],
      ]);
      // a ≤ 0: d(Πx)/da = 0, d/dx = Πx / x = 24 / x
      const [ga2, gx2] = await f(-2, X);
      expect(ga2!.item()).toBe(0);
      expect(gx2!.toArray()).toEqual([
        [24, 12],
        [8, 6],
      ]);
    });

    it(`only the branch taken runs: the other one's run-time error never happens (${backend})`, async () => {
      const c = T.lscalar('c');
      const i = T.lvector('i');
      const x = T.dvector('x');
      // choose with i = [5, 0] fails at run time (index out of range), but only in the false branch
      const picked = T.choose(i, [x, x.mul(2)]).sum();
      const f = theano.function([c, i, x], theano.ifelse(c, x.sum(), picked), { backend });
      expect((await f(1, theano.array([5, 0], 'int64'), [1, 2])).item()).toBe(3);
      await expect((async () => f(0, theano.array([5, 0], 'int64'), [1, 2]))()).rejects.toThrow(/invalid entry/);
      // T.switch computes both sides: the same graph with switch fails for either condition
      const g = theano.function([c, i, x], T.switch(c, x.sum(), picked), { backend });
      await expect((async () => g(1, theano.array([5, 0], 'int64'), [1, 2]))()).rejects.toThrow(/invalid entry/);
    });
  }

  it('the profile shows that the branch not taken was not run (ref)', () => {
    const a = T.dscalar('a');
    const [x, y] = [T.dvector('x'), T.dvector('y')];
    const f = theano.function([a, x, y], theano.ifelse(a.gt(0), T.exp(x).sum(), T.log(y).sum()), { profile: true });
    f.callSync(1, [0, 0], [1, 1]);
    f.callSync(1, [0, 0], [1, 1]);
    f.callSync(-1, [0, 0], [1, 1]);
    const calls = new Map(f.profile!.ops().map((o) => [o.op, o.calls]));
    // exp ran in the two calls that took the true branch, log in the one that took the false branch
    expect(calls.get('Elemwise{exp,no_inplace}')).toBe(2);
    expect(calls.get('Elemwise{log,no_inplace}')).toBe(1);
    expect(calls.get('if{}')).toBe(3);
    // switch computes both every time
    const g = theano.function([a, x, y], T.switch(a.gt(0), T.exp(x).sum(), T.log(y).sum()), { profile: true });
    g.callSync(1, [0, 0], [1, 1]);
    const gcalls = new Map(g.profile!.ops().map((o) => [o.op, o.calls]));
    expect(gcalls.get('Elemwise{log,no_inplace}')).toBe(1);
  });

  it('onnx: the branches are the subgraphs of one If node', () => {
    const a = T.dscalar('a');
    const [x, y] = [T.dvector('x'), T.dvector('y')];
    const f = theano.function([a, x, y], theano.ifelse(a.gt(0), T.exp(x).sum(), T.log(y).sum()), {
      backend: 'onnx',
    });
    const model = fromBinary(ModelProtoSchema, buildModel(f.maker.fgraph, { nOutputs: 1 }).bytes);
    const main = model.graph!.node.map((n) => n.opType);
    expect(main.filter((t) => t === 'If')).toHaveLength(1);
    expect(main).not.toContain('Exp');
    expect(main).not.toContain('Log');
    const node = model.graph!.node.find((n) => n.opType === 'If')!;
    const sub = (name: string) => node.attribute.find((at) => at.name === name)!.g!.node.map((n) => n.opType);
    expect(sub('then_branch')).toContain('Exp');
    expect(sub('then_branch')).not.toContain('Log');
    expect(sub('else_branch')).toContain('Log');
  });

  it('bad input: a condition that is not a scalar, branches that differ, lists against values', () => {
    const x = T.dvector('x');
    expect(() => theano.ifelse(x, x, x)).toThrow(
      'ifelse: the condition must be a scalar, got x (TensorType(float64, vector), 1 dimensions)',
    );
    expect(() => theano.ifelse(T.dscalar('c'), x, T.dmatrix('m'))).toThrow(
      /ifelse: the two branches of output 0 must have the same type, got x \(TensorType\(float64, vector\)\) when true and m/,
    );
    expect(() => theano.ifelse(T.dscalar('c'), x, T.fvector('f'))).toThrow(/same type/);
    expect(() => theano.ifelse(T.dscalar('c'), [x, x], [x])).toThrow(
      /as many values, got 2 when true and 1 when false/,
    );
    expect(() => theano.ifelse(T.dscalar('c'), [x], x as never)).toThrow(/both branches must be lists/);
    // a JS number takes the other branch's dtype
    expect(theano.ifelse(T.dscalar('c'), T.fscalar('f'), 0).dtype).toBe('float32');
  });
});
