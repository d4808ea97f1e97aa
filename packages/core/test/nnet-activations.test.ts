// T.nnet's activations and losses beyond the seed, and the stable forms T.grad differentiates: values by
// hand (Theano's formulas), errors, and gradients that stay finite where the written form is 0/0.
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

describe('T.nnet functions', () => {
  it("ultraFastSigmoid is Theano's piecewise formula (0.00247 at -7, where the old one gave 0.111)", () => {
    const x = T.dvector('x');
    const f = theano.function([x], T.nnet.ultraFastSigmoid(x));
    // a = |x|/2: 3.5 ≥ 3 → z = 0.99505475368673, 0.5 - 0.5·z; a = 1 → 1.5/2 = 0.75, 0.5 + 0.375
    const r = f.callSync([-7, 2]).toArray() as number[];
    expect(r[0]).toBeCloseTo(0.5 - 0.5 * 0.99505475368673, 15);
    expect(r[1]).toBe(0.875);
  });

  it('elu and selu do not overflow their unused branch: the gradient at 1000 is 1 and 1.0507…', () => {
    const x = T.dvector('x');
    const f = theano.function([x], [T.grad(T.nnet.elu(x).sum(), x), T.grad(T.nnet.selu(x).sum(), x)]);
    const [ge, gs] = f.callSync([1000, -1000]) as theano.NDArray[];
    // d elu = 1 for x > 0, alpha·exp(x) for x ≤ 0 (0 at -1000)
    expect(ge!.toArray()).toEqual([1, 0]);
    expect(gs!.toArray()).toEqual([1.0507009873554805, 0]);
  });

  it('categoricalCrossentropy takes integer classes; other ranks and float classes are errors', () => {
    const m = T.dmatrix('m');
    expect(() => T.nnet.categoricalCrossentropy(m, T.dvector('y'))).toThrow(
      'categoricalCrossentropy: class indices must be integers, got y of dtype float64',
    );
    expect(() => T.nnet.categoricalCrossentropy(m, T.lscalar('y'))).toThrow(
      /must be one-hot rows .* or integer class indices/,
    );
    expect(() => T.nnet.crossentropySoftmax1hot(T.dvector('v'), T.lvector('y'))).toThrow(
      /crossentropySoftmax1hot: expected a matrix of scores and a vector of classes/,
    );
    // the gradient of the mean nll is (softmax - onehot) / n, finite at ±1000
    const y = T.lvector('y');
    const g = theano.function([m, y], T.grad(T.nnet.categoricalCrossentropy(T.nnet.softmax(m), y).mean(), m));
    expect(
      g
        .callSync(
          [
            [1000, 0],
            [0, 1000],
          ],
          [1, 1],
        )
        .toArray(),
    ).toEqual([
      [0.5, -0.5],
      [0, 0],
    ]);
  });
});

describe('T.grad differentiates the stable form', () => {
  it('log(sigmoid), log(1 - sigmoid) and log(softmax) written out have finite gradients', () => {
    const z = T.dvector('z');
    const p = T.trueDiv(T.exp(z), T.add(1, T.exp(z))); // sigmoid(z) as eᶻ / (1 + eᶻ)
    const f = theano.function([z], [T.grad(T.log(p).sum(), z), T.grad(T.log(T.sub(1, p)).sum(), z)]);
    const [a, b] = f.callSync([-800, 800]) as theano.NDArray[];
    // d log σ(z) = 1 - σ(z) = [1, 0]; d log(1 - σ(z)) = -σ(z) = [0, -1]
    expect(a!.toArray()).toEqual([1, 0]);
    expect(b!.toArray()).toEqual([-0, -1]);
    const m = T.dmatrix('m');
    const g = theano.function([m], T.grad(T.log(T.nnet.softmax(m)).get(0, 0), m));
    // d log softmax(m)[0, 0] / dm[0] = onehot(0) - softmax(m[0]) = [1 - 1, 0 - 0]
    expect(g.callSync([[2000, 0]]).toArray()).toEqual([[0, 0]]);
  });

  it('a variable given as wrt is not rewritten away: grad with respect to p itself', () => {
    const z = T.dvector('z');
    const p = T.trueDiv(1, T.add(1, T.exp(z.neg())));
    const f = theano.function([z], T.grad(T.log(p).sum(), p));
    // d log p / dp = 1 / p, p = σ(0) = 0.5
    expect(f.callSync([0]).toArray()).toEqual([2]);
  });
});
