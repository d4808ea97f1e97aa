// Per-op cases of pooling (run on webgl in the browser, on ref in node for the expected values): Pool by
// tfjs's MaxPool (max, whole windows, equal pads) and by the decomposition (sum, averages, partial border
// windows), and both gradient ops, MaxPoolGrad and AveragePoolGrad, with batch normalization's graph.
import type { TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import type { OpCase } from './op-cases.ts';

const T = theano.tensor;

// distinct values (no ties for the maxima): a shuffled progression of quarters
const X = theano.fromFloat64(
  Array.from({ length: 40 }, (_, i) => (((i * 7) % 40) - 20) / 4),
  [1, 2, 4, 5],
  'float32',
);

/** The pooling per-op cases. */
export const POOL_OP_CASES: readonly OpCase[] = [
  {
    id: 'pool.forward',
    build: () => {
      const x = T.ftensor4('x');
      const pool = T.signal.pool.pool2d;
      return {
        inputs: [x],
        outputs: [
          pool(x, { ws: [2, 2], ignoreBorder: true }),
          pool(x, { ws: [3, 3], stride: [2, 1], pad: [1, 1], ignoreBorder: true }),
          pool(x, { ws: [2, 2], ignoreBorder: false }),
          pool(x, { ws: [3, 2], stride: [1, 2], ignoreBorder: true, mode: 'sum' }),
          pool(x, { ws: [3, 3], stride: [2, 2], pad: [1, 2], ignoreBorder: true, mode: 'average_inc_pad' }),
          pool(x, { ws: [3, 3], stride: [2, 2], pad: [1, 2], ignoreBorder: true, mode: 'average_exc_pad' }),
        ],
        args: [X],
      };
    },
  },
  {
    id: 'pool.grads.bn',
    build: () => {
      const x = T.ftensor4('x');
      const pool = T.signal.pool.pool2d;
      const m = pool(x, { ws: [2, 2], stride: [1, 1], ignoreBorder: true });
      const s = pool(x, { ws: [2, 3], pad: [1, 1], ignoreBorder: true, mode: 'average_exc_pad' });
      const [out] = T.nnet.bn.batchNormalizationTrain(x, T.onesLike(x), T.zerosLike(x), { axes: 'spatial' });
      const cost = T.sum(T.sqr(m))
        .add(T.sum(s.mul(s)))
        .add(T.sum(out!.mul(x)));
      const gx = T.grad(cost, x) as TensorVariable;
      return { inputs: [x], outputs: [cost, gx], args: [X] };
    },
  },
];
