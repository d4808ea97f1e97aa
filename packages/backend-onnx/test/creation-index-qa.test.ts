// Regressions found by probing creation and indexing against numpy on ref and onnx: negative sizes known
// only at run time (ONNX's Expand would broadcast them, its Range would make them empty), a boolean mask
// of the wrong length (numpy's IndexError), and choose with an index out of range.
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { errorMessage, T } from './helpers.js';

const BACKENDS = ['ref', 'onnx'] as const;

const message = errorMessage;

describe('creation and indexing: run-time checks on every backend', () => {
  for (const backend of BACKENDS) {
    it(`a negative size given at run time is an error naming the op and the argument (${backend})`, async () => {
      const n = T.lscalar('n');
      const m = T.lscalar('m');
      const opts = { backend, onUnusedInput: 'ignore' as const };
      const z = theano.function([n, m], T.zeros([n, 3]), opts);
      expect(await message(() => z(-2, 1))).toMatch(/Alloc: shape\[0\] must be a non-negative integer, got -2/);
      const e = theano.function([n, m], T.eye(n, m), opts);
      expect(await message(() => e(2, -1))).toMatch(/Eye: m must be a non-negative integer, got -1/);
      const t = theano.function([n, m], T.tri(n, m), opts);
      expect(await message(() => t(-1, 2))).toMatch(/Tri: N must be a non-negative integer, got -1/);
      // and the sizes that are fine still give numpy's values: eye(2, 3)
      expect((await e(2, 3)).toArray()).toEqual([
        [1, 0, 0],
        [0, 1, 0],
      ]);
    });

    it(`a boolean mask of the wrong length is an error (${backend})`, async () => {
      const v = T.dvector('v');
      const b = T.bvector('b');
      const f = theano.function([v, b], v.get(b.gt(0)), { backend });
      expect(await message(() => f([1, 2, 3], theano.array([1, 0], 'int8')))).toMatch(
        /get: the boolean index .* does not match the indexed array v along dimension 0 .*\(2,\) and \(3,\) differ/,
      );
      expect((await f([1, 2, 3], theano.array([0, 1, 1], 'int8'))).toArray()).toEqual([2, 3]);
    });

    it(`choose with an index out of range (${backend})`, async () => {
      const i = T.lvector('i');
      const f = theano.function([i], T.choose(i, [T.constant(1), T.constant(2)]), { backend });
      // numpy: ValueError: invalid entry in choice array
      expect(await message(() => f(theano.array([0, 2], 'int64')))).toMatch(
        /Choose.*: invalid entry.* in the index array/,
      );
      expect((await f(theano.array([1, 0], 'int64'))).toArray()).toEqual([2, 1]);
    });

    it(`diag and set/incSubtensor of empty arrays (${backend})`, async () => {
      const v = T.dvector('v');
      const n = T.lscalar('n');
      const m = T.zeros([n, 3]);
      const f = theano.function([v, n], [T.diag(v), T.setSubtensor(m.get(':', 1), 5), T.diagonal(m)], { backend });
      const [d, s, g] = await f([], 0);
      // numpy: diag([]) has shape (0, 0); zeros((0, 3)) with x[:, 1] = 5 keeps shape (0, 3); its diagonal is ()
      expect(d!.shape).toEqual([0, 0]);
      expect(s!.shape).toEqual([0, 3]);
      expect(g!.shape).toEqual([0]);
    });
  }
});
