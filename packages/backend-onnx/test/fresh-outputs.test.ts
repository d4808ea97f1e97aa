// The onnx backend declares `freshOutputs`: every array a run returns has storage of its own, so a function
// skips its per-call check that no result aliases an argument, a shared value, a constant or another result.
// These cases hold the claim to onnxruntime-node's behaviour (it copies every output into a new buffer):
// results that are an input, a shared value, a constant, or the same value twice.
import '@theano-ts/backend-onnx';
import type { NDArray, SharedVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { T } from './helpers.js';

/** Whether two arrays' storage overlaps. */
function overlap(a: NDArray, b: NDArray): boolean {
  const x = a.data;
  const y = b.data;
  if (x.buffer !== y.buffer) return false;
  return x.byteOffset < y.byteOffset + y.byteLength && y.byteOffset < x.byteOffset + x.byteLength;
}

/** Asserts that no two of `arrays` share storage. */
function expectDisjoint(arrays: readonly NDArray[], label: string): void {
  for (let i = 0; i < arrays.length; i++) {
    for (let j = i + 1; j < arrays.length; j++) {
      expect(overlap(arrays[i]!, arrays[j]!), `${label}: arrays ${i} and ${j} share storage`).toBe(false);
    }
  }
}

describe('onnx results have storage of their own', () => {
  it('the input itself, twice, and times one', async () => {
    const x = T.dvector('x');
    const f = theano.function([x], [x, x, x.mul(1)], { backend: 'onnx' });
    const xv = theano.array([1.5, -2, 3]);
    const out = await f(xv);
    expectDisjoint([xv, ...out], 'x, x, x·1');
    out[0]!.data[0] = 100;
    expect(xv.toArray()).toEqual([1.5, -2, 3]);
    expect(out[1]!.toArray()).toEqual([1.5, -2, 3]);
    expect(out[2]!.toArray()).toEqual([1.5, -2, 3]);
  });

  it('a shared value, and an output that is also its update', async () => {
    const w = theano.shared(theano.array([1, 2, 4]), 'w');
    const read = theano.function([], w, { backend: 'onnx' });
    const r = (await read()) as NDArray;
    expectDisjoint([r, (w as SharedVariable).container.value], 'w read');
    const twice = w.mul(2);
    const step = theano.function([], twice, { updates: [[w, twice]], backend: 'onnx' });
    const out = (await step()) as NDArray;
    expect(out.toArray()).toEqual([2, 4, 8]);
    expectDisjoint([out, (w as SharedVariable).container.value, r], 'output and update');
    out.data[0] = -1;
    expect(w.getValue().toArray()).toEqual([2, 4, 8]);
  });

  it('a constant, on every call', async () => {
    const x = T.dvector('x');
    const c = T.constant(theano.array([7, 8, 9]));
    const f = theano.function([x], [c, x.add(c)], { backend: 'onnx', onUnusedInput: 'ignore' });
    const first = await f(theano.array([0, 0, 0]));
    const second = await f(theano.array([1, 1, 1]));
    expect(first[0]!.toArray()).toEqual([7, 8, 9]);
    expectDisjoint([...first, ...second, c.value], 'constant');
    first[0]!.data[0] = 0;
    expect(second[0]!.toArray()).toEqual([7, 8, 9]);
    expect((await f(theano.array([0, 0, 0])))[0]!.toArray()).toEqual([7, 8, 9]);
  });
});
