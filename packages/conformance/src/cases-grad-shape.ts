import * as theano from 'theano-ts';
import type { ConformanceCase } from './case.js';
import { uniform } from './check.js';
import { type Rand, vg } from './grad-case.js';

const T = theano.tensor;

/** Values in [-2, 2). */
const any = (r: Rand, shape: readonly number[] = [2, 3]) => uniform(r, shape, -2, 2);

/** The shape family's verifyGrad cases. */
export const SHAPE_GRAD_CASES: readonly ConformanceCase[] = [
  vg(
    'join',
    'join(1, a, b) (Join: each input gets its slice of the gradient)',
    (a, b) => T.join(1, a, b).mul(T.join(1, a, b)),
    (r) => [any(r), any(r, [2, 2])],
  ),
  vg(
    'stack',
    'stack([a, b], 1)',
    (a, b) => T.stack([a, b.mul(a)], 1),
    (r) => [any(r), any(r)],
  ),
  vg(
    'split',
    'split(x, [1, 2], 2, 1): pieces combined nonlinearly (Split: gradient joined back)',
    (x) => {
      const [p, q] = T.split(x, [1, 2], 2, 1);
      return p!.mul(q!.sum({ axis: 1, keepdims: true })).add(q!.mul(q!).sum());
    },
    (r) => [any(r)],
  ),
  vg(
    'broadcastTo',
    'broadcastTo(row, [4, 2, 3]) (summed over the stretched dimensions)',
    (x) => T.broadcastTo(x, [4, 2, 3]).mul(T.broadcastTo(x, [4, 2, 3])),
    (r) => [any(r, [1, 3])],
  ),
  vg(
    'tile',
    'tile(x, [2, 3])',
    (x) => T.tile(x, [2, 3]).mul(T.tile(x, [2, 3])),
    (r) => [any(r)],
  ),
  vg(
    'repeat',
    'repeat(x, 3, 1) (RepeatOp with a scalar count)',
    (x) => T.repeat(x, 3, 1).mul(T.repeat(x, 3, 1)),
    (r) => [any(r)],
  ),
  vg(
    'roll',
    'roll(x, 2, 1) times a fixed ramp',
    (x) =>
      T.roll(x, 2, 1).mul(
        theano.array([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ),
    (r) => [any(r)],
  ),
  vg(
    'flip',
    'flip(x, 1) times a fixed ramp',
    (x) =>
      T.flip(x, 1).mul(
        theano.array([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ),
    (r) => [any(r)],
  ),
  vg(
    'choose',
    'choose(a, [x, y]) with a fixed index array (gradient with respect to the choices)',
    (x, y) =>
      T.choose(
        theano.array(
          [
            [0, 1, 1],
            [1, 0, 1],
          ],
          'int64',
        ),
        [x, y],
      ).mul(y),
    (r) => [any(r), any(r, [1, 3])],
  ),
  vg(
    'squeeze.addbroadcast',
    'squeeze(addbroadcast(c, 1), 1) and patternbroadcast (Rebroadcast passes the gradient through)',
    (c) => T.squeeze(T.patternbroadcast(c, [false, true])).mul(T.unbroadcast(c, 1).sum({ axis: 1 })),
    (r) => [any(r, [3, 1])],
  ),
];
