// Gradients on onnx against the reference backend: jacobian and hessian (Map → ONNX Loop, nested for the
// hessian of a jacobian), Rop and Lop, and the run-time shape assertion Rop adds (checked inside loops too).

import * as theano from 'theano-ts';
import { ASSERT_SAME_SHAPE, applyOp, FunctionGraph, MAP, Op } from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { bothThrow, compareWithRef, randomArray, seeded, T, tensorOf } from './helpers.js';

describe('jacobian and hessian (Map lowered to Loop)', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`jacobian of elementwise and dot expressions (${dtype})`, async () => {
      const rand = seeded(53);
      const A = tensorOf(dtype, 2, 'A');
      const x = tensorOf(dtype, 1, 'x');
      const y = A.dot(x.mul(x)).add(x.sum().sin());
      const J = theano.gradient.jacobian(y, x);
      const got = await compareWithRef(
        [A, x],
        J,
        [randomArray(dtype, [3, 4], rand), randomArray(dtype, [4], rand)],
        `jacobian ${dtype}`,
      );
      expect(got[0]!.shape).toEqual([3, 4]);
    });

    it(`hessian of a scalar cost (${dtype})`, async () => {
      const rand = seeded(59);
      const x = tensorOf(dtype, 1, 'x');
      const A = tensorOf(dtype, 2, 'A');
      const cost = x.dot(A).dot(x).add(x.pow(3).sum()).add(x.exp().sum());
      const H = theano.gradient.hessian(cost, x);
      const got = await compareWithRef(
        [x, A],
        H,
        [randomArray(dtype, [3], rand, -1, 1), randomArray(dtype, [3, 3], rand)],
        `hessian ${dtype}`,
      );
      expect(got[0]!.shape).toEqual([3, 3]);
    });
  }

  it('the jacobian of a jacobian nests one Loop in another', async () => {
    const rand = seeded(61);
    const x = tensorOf('float64', 1, 'x');
    const y = x.pow(3).add(x.sin().mul(x.sum()));
    const J = theano.gradient.jacobian(y, x);
    const JJ = theano.gradient.jacobian(J.flatten(), x);
    const got = await compareWithRef([x], [J, JJ], [randomArray('float64', [3], rand)], 'nested');
    expect(got[1]!.shape).toEqual([9, 3]);
  });

  it('the seed jacobian: A itself', async () => {
    const A = tensorOf('float64', 2, 'A');
    const x = tensorOf('float64', 1, 'x');
    const b = tensorOf('float64', 1, 'b');
    const J = theano.gradient.jacobian(A.dot(x).add(b), x);
    const f = theano.function([A, x, b], J, { backend: 'onnx' });
    const r = await f(
      [
        [9, 8, 7],
        [4, 5, 6],
      ],
      [1, 2, 3],
      [4, 5],
    );
    expect(r.toArray()).toEqual([
      [9, 8, 7],
      [4, 5, 6],
    ]);
  });
});

describe('Rop and Lop', () => {
  it('Rop and Lop of a matrix expression equal ref', async () => {
    const rand = seeded(67);
    const W = tensorOf('float64', 2, 'W');
    const V = tensorOf('float64', 2, 'V');
    const x = tensorOf('float64', 1, 'x');
    const v = tensorOf('float64', 1, 'v');
    const y = x.dot(W).tanh();
    const args = [
      randomArray('float64', [3, 2], rand),
      randomArray('float64', [3, 2], rand),
      randomArray('float64', [3], rand),
      randomArray('float64', [2], rand),
    ];
    await compareWithRef([W, V, x, v], [T.Rop(y, W, V), T.Lop(y, W, v)], args, 'Rop/Lop');
  });

  it('an eval point of the wrong shape fails with the message the reference gives', async () => {
    const W = tensorOf('float64', 2, 'W');
    const V = tensorOf('float64', 2, 'V');
    const x = tensorOf('float64', 1, 'x');
    const JV = T.Rop(x.dot(W), W, V);
    const [ref, onnx] = await bothThrow([W, V, x], JV, [
      theano.array([
        [1, 1],
        [1, 1],
      ]),
      theano.array([
        [2, 2, 2],
        [2, 2, 2],
      ]),
      theano.array([0, 1]),
    ]);
    expect(onnx).toBe(ref);
    expect(onnx).toMatch(
      /T\.Rop: eval point 0 \(V\) must have the shape of wrt W: shapes \(2, 2\) and \(2, 3\) differ/,
    );
  });

  it('a shape assertion inside a Loop body is checked on every iteration', async () => {
    // map(i -> AssertSameShape(x * i, W, V)) over i < len(x), built from the primitives
    const [i, Wi, Vi, xi] = [
      tensorOf('int64', 0, 'i'),
      tensorOf('float64', 2, 'Wi'),
      tensorOf('float64', 2, 'Vi'),
      tensorOf('float64', 1, 'xi'),
    ];
    const body = applyOp(new Op(ASSERT_SAME_SHAPE, { message: 'inner check' }), [xi.mul(i), Wi, Vi]).outputs[0]!;
    const inner = new FunctionGraph([i, Wi, Vi, xi], [body]);
    const [W, V, x] = [tensorOf('float64', 2, 'W'), tensorOf('float64', 2, 'V'), tensorOf('float64', 1, 'x')];
    const out = applyOp(new Op(MAP, { inner, label: 'checked' }), [T.shapeI(x, 0), W, V, x]).outputs[0]!;
    const good = [
      theano.array([
        [1, 2],
        [3, 4],
      ]),
      theano.array([
        [2, 0],
        [1, 2],
      ]),
      theano.array([0.5, 1, 2]),
    ];
    const got = await compareWithRef([W, V, x], out, good, 'loop assert passes');
    expect(got[0]!.shape).toEqual([3, 3]);
    const bad = [
      theano.array([
        [1, 2],
        [3, 4],
      ]),
      theano.array([
        [2, 0, 1],
        [1, 2, 3],
      ]),
      theano.array([0.5, 1]),
    ];
    const [ref, onnx] = await bothThrow([W, V, x], out, bad);
    expect(onnx).toBe(ref);
    expect(onnx).toBe('inner check: shapes (2, 2) and (2, 3) differ');
  });
});
