// Reductions, shape ops, dot and indexing on onnx against the reference backend, for every dtype, with
// the error cases (empty max, bad reshape, index out of range) reported with the op.

import type { TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { applyOp, MAKE_VECTOR, Op } from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { bothThrow, compareWithRef, REAL, randomArray, seeded, T, tensorOf } from './helpers.js';

describe('reductions: sum, max, min over axes, every dtype', () => {
  for (const dtype of REAL) {
    it(`on ${dtype}`, async () => {
      const rand = seeded(31);
      const x = tensorOf(dtype, 3, 'x');
      const xv = randomArray(dtype, [2, 3, 4], rand, -20, 20);
      const outs: TensorVariable[] = [];
      for (const axis of [null, 0, 1, 2, [0, 2], [1, 2], [0, 1, 2]] as const) {
        outs.push(x.sum({ axis }), x.max({ axis }), x.min({ axis }));
      }
      outs.push(x.sum({ axis: 1, keepdims: true }), x.max({ axis: [0, 2], keepdims: true }), x.mean({ axis: 0 }));
      const got = await compareWithRef([x], outs, [xv], `reduce(${dtype})`);
      expect(got[0]!.shape).toEqual([]);
      expect(got[0]!.dtype).toBe(dtype.startsWith('float') ? dtype : 'int64');
    });
  }

  it('max and min propagate NaN, as numpy', async () => {
    const x = tensorOf('float64', 2, 'x');
    const got = await compareWithRef(
      [x],
      [x.max({ axis: 1 }), x.min({ axis: 1 }), x.max(), x.min({ axis: 0 })],
      [
        theano.array([
          [1, Number.NaN, 3],
          [4, 5, 6],
        ]),
      ],
      'nan',
    );
    expect(Number.isNaN(got[0]!.toFloat64()[0]!)).toBe(true);
    expect(got[0]!.toFloat64()[1]).toBe(6);
  });

  it('sum of a 0-d tensor and of an empty tensor', async () => {
    const s = tensorOf('int16', 0, 's');
    const e = tensorOf('float32', 2, 'e');
    const got = await compareWithRef(
      [s, e],
      [s.sum(), e.sum(), e.sum({ axis: 1 })],
      [theano.array(7, 'int16'), theano.zeros([0, 3], 'float32')],
      'sum0',
    );
    expect(got[0]!.item()).toBe(7);
  });

  for (const dtype of ['float64', 'int32'] as const) {
    it(`max and min of an empty slice raise numpy's error (${dtype})`, async () => {
      const e = tensorOf(dtype, 2, 'e');
      const [refMax, onnxMax] = await bothThrow([e], e.max({ axis: 0 }), [theano.zeros([0, 3], dtype)]);
      expect(onnxMax).toBe(refMax);
      expect(onnxMax).toBe('Max: zero-size array to reduction operation maximum which has no identity');
      const [refMin, onnxMin] = await bothThrow([e], e.min(), [theano.zeros([2, 0], dtype)]);
      expect(onnxMin).toBe(refMin);
    });
  }
});

describe('dimshuffle, reshape, shape, shapeI, makeVector', () => {
  for (const dtype of REAL) {
    it(`on ${dtype}`, async () => {
      const rand = seeded(37);
      const x = tensorOf(dtype, 3, 'x');
      const r = tensorOf(dtype, [true, false], 'r');
      const xv = randomArray(dtype, [2, 3, 4], rand);
      const rv = randomArray(dtype, [1, 5], rand);
      const outs = [
        x.dimshuffle(2, 0, 1),
        x.dimshuffle(1, 'x', 2, 0, 'x'),
        x.transpose(),
        r.dimshuffle(1),
        r.dimshuffle('x', 1, 'x'),
        r.dimshuffle(1, 0),
        x.reshape([4, -1]),
        x.reshape([24]),
        x.flatten(),
        x.reshape([T.shapeI(x, 2), T.shapeI(x, 0), 3]),
        x.shape,
        T.shapeI(x, 1),
        r.shape,
      ];
      const got = await compareWithRef([x, r], outs, [xv, rv], `shape(${dtype})`);
      expect(got[10]!.toArray()).toEqual([2, 3, 4]);
      expect(got[11]!.shape).toEqual([]);
    });
  }

  it('makeVector of scalars of mixed dtypes', async () => {
    const a = tensorOf('int8', 0, 'a');
    const b = tensorOf('float64', 0, 'b');
    const vec = (dtype: 'float32' | 'int64') =>
      applyOp(new Op(MAKE_VECTOR, { dtype }), [a, b, T.constant(3)]).outputs[0]!;
    const got = await compareWithRef(
      [a, b],
      [vec('float32'), vec('int64')],
      [theano.array(-4, 'int8'), theano.array(2.5)],
      'mv',
    );
    expect(got[0]!.toArray()).toEqual([-4, 2.5, 3]);
    expect(got[1]!.toArray()).toEqual([-4, 2, 3]);
  });

  it('a reshape to a size that does not fit fails naming Reshape', async () => {
    const x = tensorOf('float64', 1, 'x');
    const n = tensorOf('int64', 0, 'n');
    const [, onnx] = await bothThrow([x, n], x.reshape([n, 2]), [theano.array([1, 2, 3]), theano.array(2, 'int64')]);
    expect(onnx).toMatch(
      /^onnx: theano function "f\d+": Reshape\{2\} \(node \d+, inputs x \(TensorType\(float64, vector\)\).*failed at run time: .*reshape/i,
    );
    expect(onnx).not.toMatch(/onnxruntime_src|\.cc:/);
  });
});

describe('dot: the four rank combinations', () => {
  const combos: [string, number, number, number[], number[]][] = [
    ['vector·vector', 1, 1, [4], [4]],
    ['matrix·vector', 2, 1, [3, 4], [4]],
    ['vector·matrix', 1, 2, [4], [4, 5]],
    ['matrix·matrix', 2, 2, [3, 4], [4, 5]],
  ];
  for (const dtype of REAL) {
    it(`on ${dtype}`, async () => {
      const rand = seeded(41);
      for (const [label, nx, ny, sx, sy] of combos) {
        const x = tensorOf(dtype, nx, 'x');
        const y = tensorOf(dtype, ny, 'y');
        const got = await compareWithRef(
          [x, y],
          x.dot(y),
          [randomArray(dtype, sx, rand), randomArray(dtype, sy, rand)],
          `${label} ${dtype}`,
        );
        expect(got[0]!.ndim).toBe(nx + ny - 2);
      }
    });
  }

  it('mixed dtypes: int32 · float64 and int8 · float32', async () => {
    const rand = seeded(43);
    const [a, b, c, d] = [
      tensorOf('int32', 2, 'a'),
      tensorOf('float64', 1, 'b'),
      tensorOf('int8', 1, 'c'),
      tensorOf('float32', 2, 'd'),
    ];
    const got = await compareWithRef(
      [a, b, c, d],
      [a.dot(b), c.dot(d)],
      [
        randomArray('int32', [2, 3], rand),
        randomArray('float64', [3], rand),
        randomArray('int8', [2], rand),
        randomArray('float32', [2, 3], rand),
      ],
      'mixed dot',
    );
    expect(got.map((g) => g.dtype)).toEqual(['float64', 'float32']);
  });
});

describe('subtensor and incSubtensor / setSubtensor', () => {
  for (const dtype of REAL) {
    it(`on ${dtype}`, async () => {
      const rand = seeded(47);
      const x = tensorOf(dtype, 2, 'x');
      const y = tensorOf(dtype, 1, 'y');
      const yb = tensorOf(dtype, [true], 'yb');
      const i = tensorOf('int64', 0, 'i');
      const xv = randomArray(dtype, [4, 3], rand);
      const outs = [
        x.get(1),
        x.get(-1),
        x.get(i),
        T.incSubtensor(x, y, i),
        T.setSubtensor(x, y, i),
        T.incSubtensor(x, yb, 2),
        T.setSubtensor(x, yb, -4),
        T.incSubtensor(x.get(i), 1, 0),
      ];
      for (const iv of [0, 2, -1, -3]) {
        await compareWithRef(
          [x, y, yb, i],
          outs,
          [xv, randomArray(dtype, [3], rand), randomArray(dtype, [1], rand), theano.array(iv, 'int64')],
          `subtensor(${dtype}, i=${iv})`,
        );
      }
    });
  }

  it('an index out of range fails naming the op', async () => {
    const x = tensorOf('float64', 1, 'x');
    const i = tensorOf('int64', 0, 'i');
    const [, get] = await bothThrow([x, i], x.get(i), [theano.array([1, 2]), theano.array(5, 'int64')]);
    expect(get).toMatch(
      /^onnx: theano function "f\d+": Subtensor\{int64\}: index 5 is out of bounds for an axis with size 2 \(inputs x of shape \(2,\), i of shape \(\)\)/,
    );
    const [, inc] = await bothThrow([x, i], T.incSubtensor(x, 1, i), [theano.array([1, 2]), theano.array(-3, 'int64')]);
    expect(inc).toMatch(
      /^onnx: theano function "f\d+": IncSubtensor\{Inc;int64\}: index -3 is out of bounds for an axis with size 2 \(inputs x of shape \(2,\)/,
    );
  });
});
