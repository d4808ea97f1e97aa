// The graph of the leak check, built the same way in the browser (run 1,000 times on webgl) and in node
// (run on ref for the expected final weights): one tanh layer trained by SGD through `updates`.
import type { NDArray, SharedVariable, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';

const T = theano.tensor;

/** How many calls the leak check makes. */
export const LEAK_RUNS = 1000;

/** Fresh shared weights, the cost, its SGD updates and the call's arguments. */
export function leakSetup(): {
  inputs: TensorVariable[];
  cost: TensorVariable;
  updates: [SharedVariable, TensorVariable][];
  W: SharedVariable;
  b: SharedVariable;
  args: NDArray[];
} {
  const [n, d, h] = [16, 8, 4];
  const fill = (len: number, f: (k: number) => number) => Array.from({ length: len }, (_, k) => f(k));
  const W = theano.shared(
    theano.fromFloat64(
      fill(d * h, (k) => ((k * 5) % 7) / 7 - 0.4),
      [d, h],
      'float32',
    ),
    'W',
  );
  const b = theano.shared(
    theano.fromFloat64(
      fill(h, () => 0),
      [h],
      'float32',
    ),
    'b',
  );
  const x = T.fmatrix('x');
  const y = T.fmatrix('y');
  const out = T.tanh(x.dot(W).add(b));
  const cost = T.sum(out.sub(y).pow(2)).div(n);
  const [gW, gb] = T.grad(cost, [W, b]) as TensorVariable[];
  const X = theano.fromFloat64(
    fill(n * d, (k) => Math.sin(k) * 0.8),
    [n, d],
    'float32',
  );
  const Y = theano.fromFloat64(
    fill(n * h, (k) => Math.cos(k * 0.7) * 0.5),
    [n, h],
    'float32',
  );
  return {
    inputs: [x, y],
    cost,
    updates: [
      [W, W.sub(gW!.mul(0.1))],
      [b, b.sub(gb!.mul(0.1))],
    ],
    W,
    b,
    args: [X, Y],
  };
}
