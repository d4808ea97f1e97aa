// Per-op cases of the shape family's joining ops (Join, Split, BroadcastTo, Flip, Rebroadcast, RepeatOp,
// Choose) on GPU tensors and host arrays, float32 and int32, checked against the reference backend.
import type { NDArray, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';

const T = theano.tensor;

interface Case {
  readonly id: string;
  build(): { inputs: TensorVariable[]; outputs: TensorVariable[]; args: NDArray[] };
}

const f32 = (shape: number[], start: number) =>
  theano.fromFloat64(
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => start + i * 0.5),
    shape,
    'float32',
  );

/** The joining ops' cases. */
export const SHAPE_OP_CASES: readonly Case[] = [
  {
    id: 'join.split',
    build: () => {
      const [A, B] = [T.fmatrix('A'), T.fmatrix('B')];
      const k = T.lscalar('k');
      const iv = T.ivector('iv');
      const [p, q, r] = T.split(A, [1, 0, 2], 3, 1);
      const [u, w] = T.split(iv, T.stack([k, k.mul(3)]), 2);
      return {
        inputs: [A, B, k, iv],
        outputs: [T.join(0, A, B), T.join(k, A, A), p!, q!, r!, T.concatenate([iv, iv.mul(2)]), u!, w!],
        args: [f32([2, 3], 1), f32([1, 3], 2), theano.array(1, 'int64'), theano.array([1, -2, 3, 4], 'int32')],
      };
    },
  },
  {
    id: 'broadcast_to.flip.rebroadcast',
    build: () => {
      const [r, M] = [T.frow('r'), T.fmatrix('M')];
      const n = T.lscalar('n');
      return {
        inputs: [r, M, n],
        outputs: [T.broadcastTo(r, [2, n, 3]), T.flip(M), T.flip(M, 1), T.addbroadcast(M, 0).add(1), T.squeeze(M, 0)],
        args: [f32([1, 3], 3), f32([1, 3], 4), theano.array(2, 'int64')],
      };
    },
  },
  {
    id: 'repeat.choose.tile.roll',
    build: () => {
      const M = T.fmatrix('M');
      const a = T.imatrix('a');
      const iv = T.ivector('iv');
      const k = T.lscalar('k');
      return {
        inputs: [M, a, iv, k],
        outputs: [
          T.repeat(M, 2, 0),
          T.repeat(M, [0, 2, 1], 1),
          T.repeat(iv, k),
          T.choose(a, [M, M.mul(-1)]),
          T.tile(M, [2, k]),
          T.roll(M, k, 1),
          T.roll(iv, -1),
        ],
        args: [
          f32([2, 3], 5),
          theano.array(
            [
              [0, 1, 1],
              [1, 0, 0],
            ],
            'int32',
          ),
          theano.array([7, 8, 9], 'int32'),
          theano.array(2, 'int64'),
        ],
      };
    },
  },
];
