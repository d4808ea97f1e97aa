// Regressions found by probing the linalg and sort families against numpy on ref and onnx: run-time checks
// that onnx lacked (searchsorted's sorter length) or that no backend had (matrixPower(M, 0) of a
// non-square M), and NaN in unique (onnxruntime's Unique neither merges nor orders NaNs).
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { T } from './helpers.js';

const BACKENDS = ['ref', 'onnx'] as const;

describe('linalg and sort: run-time checks on every backend', () => {
  for (const backend of BACKENDS) {
    it(`searchsorted with a sorter of the wrong length (${backend})`, async () => {
      const a = T.vector('a');
      const v = T.vector('v');
      const s = T.lvector('s');
      const f = theano.function([a, v, s], T.searchsorted(a, v, { sorter: s }), { backend });
      await expect(
        (async () =>
          f(theano.array([1, 2, 3], 'float64'), theano.array([2], 'float64'), theano.array([0, 1], 'int64')))(),
      ).rejects.toThrow(/SearchsortedOp: sorter of shape \(2,\) does not match a of shape \(3,\)/);
    });

    it(`matrixPower(M, 0) of a non-square M (${backend})`, async () => {
      const m = T.matrix('m');
      const f = theano.function([m], T.nlinalg.matrixPower(m, 0), { backend });
      // numpy: LinAlgError (Last 2 dimensions of the array must be square)
      await expect(
        (async () =>
          f(
            theano.array(
              [
                [1, 2, 3],
                [4, 5, 6],
              ],
              'float64',
            ),
          ))(),
      ).rejects.toThrow(/matrixPower: expected a square matrix: shapes \(2, 3\) and \(3, 2\) differ/);
      const r = await f(
        theano.array(
          [
            [1, 2],
            [3, 4],
          ],
          'float64',
        ),
      );
      expect(Array.from(r.toFloat64())).toEqual([1, 0, 0, 1]);
    });

    it(`tensordot and dot above 2-d with summed sizes that differ at run time name dot (${backend})`, async () => {
      const a = T.tensor3('a');
      const b = T.matrix('b');
      const f = theano.function([a, b], [T.tensordot(a, b, 1)], { backend });
      const g = theano.function([a, b], [T.dot(a, b)], { backend });
      const av = theano.array(
        [
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
        ],
        'float64',
      );
      const bv = theano.array(
        [
          [1, 2],
          [3, 4],
        ],
        'float64',
      );
      await expect((async () => f(av, bv))()).rejects.toThrow(/\bdot\b.*(not aligned|dimension mismatch)/);
      await expect((async () => g(av, bv))()).rejects.toThrow(/\bdot\b.*(not aligned|dimension mismatch)/);
    });

    it(`unique along an axis with NaN: NaN slices equal, ordered after numbers (${backend})`, async () => {
      const x = T.matrix('x');
      const f = theano.function([x], T.unique(x, { axis: 0, returnInverse: true, returnCounts: true }), { backend });
      const [u, inv, counts] = (await f(
        theano.array(
          [
            [Number.NaN, 1],
            [Number.NaN, 1],
            [0, Number.NaN],
          ],
          'float64',
        ),
      )) as theano.NDArray[];
      // by hand: rows (0, nan) < (nan, 1) (0 < nan); the two (nan, 1) rows are one
      expect(u!.shape).toEqual([2, 2]);
      expect(Array.from(u!.toFloat64())).toEqual([0, Number.NaN, Number.NaN, 1]);
      expect(Array.from(inv!.toFloat64())).toEqual([1, 1, 0]);
      expect(Array.from(counts!.toFloat64())).toEqual([1, 2]);
    });
  }
});
