// The seed tutorial ("Theano 基础"), line by line, with the values it printed.

import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

describe('seed tutorial on ref', () => {
  it('symbolic scalar, pp, type', () => {
    const foo = T.scalar('x');
    expect(String(foo)).toBe('x');
    const bar = foo.pow(2);
    expect(theano.pp(bar)).toBe('(x ** TensorConstant{2})');
    expect(String(foo.type)).toBe('TensorType(float64, scalar)');
    expect(foo instanceof theano.TensorVariable).toBe(true);
  });

  it('square and eval', async () => {
    const foo = T.scalar('x');
    const bar = foo.pow(2);
    const square = theano.function([foo], bar);
    const r = await square(3);
    expect(r.item()).toBe(9);
    expect(String(r)).toBe('9.0');
    expect(square.callSync(3).item()).toBe(9);
    expect((await bar.eval([[foo, 3]])).item()).toBe(9);
    expect(bar.evalSync(new Map([[foo, 3]])).item()).toBe(9);
  });

  it('linear mix', async () => {
    const A = T.matrix('A');
    const x = T.vector('x');
    const b = T.vector('b');
    const y = T.dot(A, x).add(b);
    const z = T.sum(A.pow(2));
    const linearMix = theano.function([A, x, b], [y, z]);
    const [yv, zv] = await linearMix(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [1, 2, 3],
      [4, 5],
    );
    expect(String(yv)).toBe('[18. 37.]');
    expect(String(zv)).toBe('91.0');
    const withDefault = theano.function([A, x, theano.Param(b, { default: theano.zeros([2]) })], [y, z]);
    const [y2, z2] = withDefault.callSync(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [1, 2, 3],
    );
    expect(y2!.toArray()).toEqual([14, 32]);
    expect(z2!.item()).toBe(91);
  });

  it('shared variables and updates', async () => {
    const sharedVar = theano.shared(
      theano.array([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(String(sharedVar.type)).toBe('TensorType(float64, matrix)');
    sharedVar.setValue([
      [3, 4],
      [2, 1],
    ]);
    expect(String(sharedVar.getValue())).toBe('[[3. 4.]\n [2. 1.]]');
    const f = theano.function([], sharedVar.pow(2));
    expect(String(await f())).toBe('[[ 9. 16.]\n [ 4.  1.]]');
    sharedVar.setValue([
      [1, 2],
      [3, 4],
    ]);
    expect((await f()).toArray()).toEqual([
      [1, 4],
      [9, 16],
    ]);
    const subtract = T.matrix('subtract');
    const fUpdate = theano.function([subtract], sharedVar, { updates: [[sharedVar, sharedVar.sub(subtract)]] });
    const before = await fUpdate([
      [1, 1],
      [1, 1],
    ]);
    expect(before.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(String(sharedVar.getValue())).toBe('[[0. 1.]\n [2. 3.]]');
  });

  it('grad, jacobian, Rop, Lop', async () => {
    const foo = T.scalar('x');
    const bar = foo.pow(2);
    expect(
      T.grad(bar, foo)
        .evalSync([[foo, 10]])
        .item(),
    ).toBe(20);
    const A = T.matrix('A');
    const x = T.vector('x');
    const b = T.vector('b');
    const y = T.dot(A, x).add(b);
    const J = theano.gradient.jacobian(y, x);
    const Jv = await J.eval([
      [
        A,
        [
          [9, 8, 7],
          [4, 5, 6],
        ],
      ],
      [x, [1, 2, 3]],
      [b, [4, 5]],
    ]);
    expect(String(Jv)).toBe('[[9. 8. 7.]\n [4. 5. 6.]]');
    const W = T.dmatrix('W');
    const V = T.dmatrix('V');
    const xd = T.dvector('x');
    const yd = T.dot(xd, W);
    const JV = T.Rop(yd, W, V);
    const r = await theano.function([W, V, xd], JV)(
      [
        [1, 1],
        [1, 1],
      ],
      [
        [2, 2],
        [2, 2],
      ],
      [0, 1],
    );
    expect(String(r)).toBe('[2. 2.]');
    const v = T.dvector('v');
    const VJ = T.Lop(yd, W, v);
    const l = await theano.function([v, xd], VJ)([2, 2], [0, 1]);
    expect(l.toArray()).toEqual([
      [0, 0],
      [2, 2],
    ]);
  });
});
