// Extended ops (sqr, log1p, expm1, softplus, sigmoid) on onnx against the reference backend, near 0, at
// large magnitudes and at the infinities; and a graph fused into Composite nodes by the reference backend's
// optimizer, exported and run by onnxruntime.

import { exportModel } from '@theano-ts/backend-onnx';
import ort from 'onnxruntime-node';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { compareWithRef, expectSameArray, T, tensorOf } from './helpers.js';

const EDGES = [
  0,
  1e-300,
  -1e-300,
  1e-10,
  -1e-10,
  1e-5,
  0.5,
  -0.5,
  3,
  -3,
  30,
  -30,
  700,
  -700,
  800,
  -800,
  Infinity,
  -Infinity,
  Number.NaN,
];

describe('extended ops', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`sqr, log1p, expm1, softplus, sigmoid on ${dtype}`, async () => {
      const x = tensorOf(dtype, 1, 'x');
      const outs = [T.sqr(x), T.log1p(x), T.expm1(x), T.nnet.softplus(x), T.nnet.sigmoid(x)];
      const got = await compareWithRef([x], outs, [theano.array(EDGES, dtype)], `extended ${dtype}`);
      // log1p keeps full precision near 0, where log(1 + x) would lose it all
      expect(got[1]!.toFloat64()[3]).toBeCloseTo(dtype === 'float64' ? 9.9999999995e-11 : Math.fround(1e-10), 20);
    });
  }

  it('on integer inputs', async () => {
    const i = tensorOf('int16', 1, 'i');
    const outs = [T.sqr(i), T.log1p(i), T.expm1(i), T.nnet.softplus(i), T.nnet.sigmoid(i)];
    const got = await compareWithRef([i], outs, [theano.array([0, 1, -1, 5, 300], 'int16')], 'extended int16');
    expect(got.map((g) => g.dtype)).toEqual(['int16', 'float32', 'float32', 'float32', 'float32']);
  });
});

describe('Composite nodes (fused by another backend) are inlined', () => {
  it('a ref-compiled function with composites exports and runs', async () => {
    const x = T.dvector('x');
    const y = T.dvector('y');
    const expr = x.mul(2).add(y).exp().sub(x.mul(y).tanh()).mul(3);
    const f = theano.function([x, y], [expr, expr.sum()]);
    expect(f.maker.fgraph.nodes.some((n) => n.op.kind === 'composite')).toBe(true);
    const xv = theano.array([0.5, -1, 2]);
    const yv = theano.array([1, 0.25, -3]);
    const want = f.callSync(xv, yv);
    const session = await ort.InferenceSession.create(await exportModel(f));
    const r = await session.run({
      x: new ort.Tensor('float64', xv.data as Float64Array, [3]),
      y: new ort.Tensor('float64', yv.data as Float64Array, [3]),
    });
    expectSameArray(new theano.NDArray(r.output_0!.data as Float64Array, [3]), want[0]!, 'composite');
    expectSameArray(new theano.NDArray(r.output_1!.data as Float64Array, []), want[1]!, 'composite sum');
  });
});
