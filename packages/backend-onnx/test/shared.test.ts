// Shared variables on onnx: a training loop of 100 steps equals the reference backend, shared values go
// from one step to the next as the same onnxruntime tensors, and a call that fails changes nothing.

import type { NDArray, SharedVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { hasOrtTensor, toOrt } from '../src/convert.js';
import { expectSameArray, randomArray, seeded, T } from './helpers.js';

/** Trains a linear model by gradient descent for `steps` steps; returns the costs and final parameters. */
async function train(backend: string, dtype: 'float32' | 'float64', steps: number) {
  const rand = seeded(71);
  const Xv = randomArray(dtype, [8, 3], rand);
  const yv = randomArray(dtype, [8], rand);
  const w = theano.shared(theano.zeros([3], dtype), 'w');
  const b = theano.shared(theano.array(0.5, dtype), 'b');
  const X = new T.TensorType(dtype, [false, false]).make('X');
  const y = new T.TensorType(dtype, [false]).make('y');
  const cost = X.dot(w).add(b).sub(y).pow(2).mean();
  const [gw, gb] = T.grad(cost, [w, b]);
  const lr = 0.05;
  const step = theano.function([X, y], cost, {
    backend,
    updates: [
      [w, w.sub(gw!.mul(lr))],
      [b, b.sub(gb!.mul(lr))],
    ],
  });
  const costs: NDArray[] = [];
  const tensorsKept: boolean[] = [];
  for (let k = 0; k < steps; k++) {
    costs.push(await step(Xv, yv));
    tensorsKept.push(hasOrtTensor((w as SharedVariable).container.value));
  }
  return { costs, w: w.getValue(), b: b.getValue(), tensorsKept };
}

describe('a training loop', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`100 steps of gradient descent equal ref (${dtype})`, async () => {
      const ref = await train('ref', dtype, 100);
      const onnx = await train('onnx', dtype, 100);
      onnx.costs.forEach((c, k) => {
        expectSameArray(c, ref.costs[k]!, `cost at step ${k}`);
      });
      expectSameArray(onnx.w, ref.w, 'w');
      expectSameArray(onnx.b, ref.b, 'b');
      // the cost fell: the loop trained
      expect(onnx.costs[99]!.item()).toBeLessThan(onnx.costs[0]!.item());
      // every step's new w is the NDArray wrapping onnxruntime's output tensor, fed back as that tensor
      expect(onnx.tensorsKept.every(Boolean)).toBe(true);
    });
  }
});

describe("an update's new value", () => {
  it('wraps the output tensor it is fed back as, and compares like any array', async () => {
    const w = theano.shared(theano.array([1, 2, 3]), 'w');
    const x = T.dvector('x');
    const f = theano.function([x], x.dot(w), { updates: [[w, w.mul(x)]], backend: 'onnx' });
    expect((await f([2, 0, 1])).item()).toBe(5);
    const v = (w as SharedVariable).container.value;
    expect(hasOrtTensor(v)).toBe(true);
    // the same tensor every time, over the array's own storage (no copy either way)
    const t = toOrt(v);
    expect(toOrt(v)).toBe(t);
    expect((t.data as Float64Array).buffer).toBe(v.data.buffer);
    // the pairing adds nothing a caller sees: no enumerable key, equal to a plain array of the same values
    expect(Object.keys(v)).toEqual(Object.keys(theano.array([0, 0, 0])));
    expect(v).toEqual(theano.array([2, 0, 3]));
    expect(w.getValue().toArray()).toEqual([2, 0, 3]);
    // the next step reads it: 2·1 + 0·1 + 3·1, and w becomes w·x
    expect((await f([1, 1, 1])).item()).toBe(5);
    expect(w.getValue().toArray()).toEqual([2, 0, 3]);
  });
});

describe('a call that throws changes no shared variable', () => {
  it('a failing shape assertion (Rop with a wrong-shaped V)', async () => {
    const W = theano.shared(
      theano.array([
        [1, 2],
        [3, 4],
      ]),
      'W',
    );
    const V = T.dmatrix('V');
    const x = T.dvector('x');
    const f = theano.function([V, x], T.Rop(x.dot(W), W, V), { updates: [[W, W.add(1)]], backend: 'onnx' });
    const ok = await f(
      [
        [1, 0],
        [0, 1],
      ],
      [1, 1],
    );
    expect(ok.toArray()).toEqual([1, 1]);
    expect(W.getValue().toArray()).toEqual([
      [2, 3],
      [4, 5],
    ]);
    await expect(
      f(
        [
          [1, 0, 0],
          [0, 1, 0],
        ],
        [1, 1],
      ),
    ).rejects.toThrow('T.Rop: eval point 0 (V) must have the shape of wrt W: shapes (2, 2) and (2, 3) differ');
    expect(W.getValue().toArray()).toEqual([
      [2, 3],
      [4, 5],
    ]);
  });

  it('an onnxruntime failure (an index out of range)', async () => {
    const s = theano.shared(theano.array([1, 2, 3]), 's');
    const i = T.lscalar('i');
    const f = theano.function([i], s.get(i), { updates: [[s, s.mul(2)]], backend: 'onnx' });
    expect((await f(2)).item()).toBe(3);
    expect(s.getValue().toArray()).toEqual([2, 4, 6]);
    await expect(f(7)).rejects.toThrow(/Subtensor\{int64\}: index 7 is out of bounds for an axis with size 3/);
    expect(s.getValue().toArray()).toEqual([2, 4, 6]);
  });
});

describe('inputs are never mutated', () => {
  it('an input and a shared value keep their data', async () => {
    const s = theano.shared(theano.array([1, 2, 3]), 's');
    const x = T.dvector('x');
    const f = theano.function([x], T.setSubtensor(x, 9, 0).add(s), {
      updates: [[s, T.incSubtensor(s, 5, 1)]],
      backend: 'onnx',
    });
    const xv = theano.array([4, 5, 6]);
    const before = s.container.value;
    const r = await f(xv);
    expect(r.toArray()).toEqual([10, 7, 9]);
    expect(xv.toArray()).toEqual([4, 5, 6]);
    expect(before.toArray()).toEqual([1, 2, 3]);
    expect(s.getValue().toArray()).toEqual([1, 7, 3]);
  });
});
