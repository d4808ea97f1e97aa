// The shape family's joining ops on onnx: every dtype against the reference backend, an axis known only at
// run time (Join and Split through [P, n·Q] matrices), and the run-time checks' messages.
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { compareWithRef, REAL, randomArray, seeded, T, tensorOf } from './helpers.js';

describe('joining ops in every dtype (against ref)', () => {
  for (const dtype of REAL) {
    it(dtype, async () => {
      const r = seeded(7);
      const x = tensorOf(dtype, 2, 'x');
      const y = tensorOf(dtype, 2, 'y');
      const a = tensorOf('int64', 2, 'a');
      const [p, q] = T.split(x, [1, 2], 2, 1);
      await compareWithRef(
        [x, y, a],
        [
          T.join(0, x, y),
          T.stack([x, y], 2),
          p!,
          q!,
          T.flip(x, 1),
          T.repeat(x, [2, 0], 0),
          T.repeat(x, 3, 1),
          T.tile(x, [2, 1]),
          T.roll(x, 1, 1),
          T.choose(a, [x, y]),
          T.broadcastTo(x, [2, 2, 3]),
        ],
        [
          randomArray(dtype, [2, 3], r),
          randomArray(dtype, [2, 3], r),
          theano.array(
            [
              [0, 1, 1],
              [1, 0, 0],
            ],
            'int64',
          ),
        ],
        `joining ops, ${dtype}`,
      );
    });
  }
});

describe('an axis known only at run time', () => {
  it('join and split along a symbolic axis (negative too)', async () => {
    const r = seeded(3);
    const x = T.dtensor3('x');
    const y = T.dtensor3('y');
    const k = T.lscalar('k');
    const s = T.lvector('s');
    const [p, q] = T.split(x, s, 2, k);
    for (const [axis, ys, sizes] of [
      [0, [1, 3, 4], [1, 1]],
      [1, [2, 2, 4], [2, 1]],
      [-1, [2, 3, 1], [0, 4]],
    ] as const) {
      await compareWithRef(
        [x, y, k, s],
        [T.join(k, x, y), p!, q!],
        [
          randomArray('float64', [2, 3, 4], r),
          randomArray('float64', ys, r),
          theano.array(axis, 'int64'),
          theano.array(sizes, 'int64'),
        ],
        `axis ${axis}`,
      );
    }
  });
});

describe('run-time checks', () => {
  const call = (ins: theano.TensorVariable[], out: theano.TensorVariable, ...args: unknown[]) =>
    theano.function(ins, out, { backend: 'onnx' })(...(args as never[]));
  it('name the op and the sizes', async () => {
    const x = T.dmatrix('x');
    const y = T.dmatrix('y');
    const k = T.lscalar('k');
    const s = T.lvector('s');
    await expect(call([x, y], T.join(0, x, y), [[1, 2]], [[1, 2, 3]])).rejects.toThrow(
      // onnxruntime's Concat stops first: its error names the node and the sizes
      /Join .*failed at run time: .*dimensions must match/,
    );
    await expect(call([x, y, k], T.join(k, x, y), [[1, 2]], [[1, 2]], 2)).rejects.toThrow(/axis 2 is out of range/);
    await expect(call([x, s], T.split(x, s, 2, 1)[0]!, [[1, 2, 3]], [1, 1])).rejects.toThrow(
      /Split\{2\} .*failed at run time: .*Sum of sizes in 'split'/,
    );
    await expect(call([x], T.broadcastTo(x, [2, 3]), [[1, 2]])).rejects.toThrow(
      /BroadcastTo: cannot broadcast an array of shape \(1, 2\) to shape \(2, 3\)/,
    );
    await expect(call([x], T.addbroadcast(x, 0), [[1], [2]])).rejects.toThrow(
      /dimension 0 was declared broadcastable, so it must have size 1/,
    );
    const a = T.lvector('a');
    const v = T.dvector('v');
    await expect(call([a, v], T.choose(a, [v, v]), [0, -1], [1, 2])).rejects.toThrow(
      /Choose\{mode='raise'\}: invalid entry/,
    );
    await expect(call([v, s], T.repeat(v, s, 0), [1, 2], [1])).rejects.toThrow(
      /RepeatOp\{axis=0\}: got 1 repeat counts for an axis of size 2/,
    );
    const t = T.dtensor3('t');
    await expect(call([t, s], t.reshape(s, 3), [[[1, 2]]], [1, 2])).rejects.toThrow(
      /Reshape\{3\}: the new shape has 2 entries, but the output was declared with 3 dimensions/,
    );
  });
});

describe('flatten of arrays with a zero-size dimension', () => {
  it('merges the trailing sizes by their product, as ref does', async () => {
    const t = tensorOf('float32', 3, 't');
    const f = theano.function([t], [t.flatten(2), t.flatten(1)], { backend: 'onnx' });
    // (0, 3, 4) → (0, 12) and (0,); (2, 0, 5) → (2, 0) and (0,); (2, 3, 4) → (2, 12) and (24,)
    const cases: [number[], number[]][] = [
      [
        [0, 3, 4],
        [0, 12],
      ],
      [
        [2, 0, 5],
        [2, 0],
      ],
      [
        [2, 3, 4],
        [2, 12],
      ],
    ];
    for (const [shape, want] of cases) {
      const [f2, f1] = await f(theano.zeros(shape, 'float32'));
      expect([...f2!.shape], `flatten(2) of ${shape}`).toEqual(want);
      expect([...f1!.shape], `flatten(1) of ${shape}`).toEqual([want[0]! * want[1]!]);
      const ref = theano.function([t], [t.flatten(2)], { backend: 'ref' }).callSync(theano.zeros(shape, 'float32'));
      expect([...ref[0]!.shape]).toEqual(want);
    }
  });
});
