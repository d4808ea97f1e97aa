// The logistic regression of Theano's documentation ("A Real Example: Logistic Regression"): 400 random
// 784-feature inputs, random 0/1 labels, w drawn from a standard normal, p_1 = 1 / (1 + exp(-x·w - b)),
// cross-entropy + 0.01·|w|², gradient descent with step 0.1. |x·w| reaches ~80, where 1 - p_1 rounds to 0:
// the gradient of the cost as written is NaN, and T.grad must differentiate its stable form. The weights
// after each step are compared with a plain float64 implementation using the analytic gradient
// (dw = xᵀ(p - y)/N + 0.02·w, db = mean(p - y)), on ref and on onnx.
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { T } from './helpers.js';

const N = 400;
const FEATS = 784;

/** A seeded standard normal sequence (Box–Muller over a linear congruential generator). */
function normals(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return out;
}

const X = normals(N * FEATS, 1);
const Y = Float64Array.from(normals(N, 2), (v) => (v > 0 ? 1 : 0));
const W0 = normals(FEATS, 3);

/** softplus(z) = log(1 + eᶻ), without overflow. */
const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** One step of the plain implementation: the cost before the step, and w, b after it. */
function plainStep(w: Float64Array, b: number): { cost: number; w: Float64Array; b: number } {
  const gw = new Float64Array(FEATS);
  let gb = 0;
  let xent = 0;
  for (let i = 0; i < N; i++) {
    let z = b;
    for (let j = 0; j < FEATS; j++) z += X[i * FEATS + j]! * w[j]!;
    // -y·log(p) - (1 - y)·log(1 - p) = y·softplus(-z) + (1 - y)·softplus(z)
    xent += Y[i]! * softplus(-z) + (1 - Y[i]!) * softplus(z);
    const d = sigmoid(z) - Y[i]!;
    for (let j = 0; j < FEATS; j++) gw[j]! += (X[i * FEATS + j]! * d) / N;
    gb += d / N;
  }
  let w2 = 0;
  for (let j = 0; j < FEATS; j++) w2 += w[j]! * w[j]!;
  const next = Float64Array.from(w, (v, j) => v - 0.1 * (gw[j]! + 0.02 * v));
  return { cost: xent / N + 0.01 * w2, w: next, b: b - 0.1 * gb };
}

describe("the documentation's logistic regression", () => {
  for (const backend of ['ref', 'onnx'] as const) {
    it(`trains to the plain float64 result (${backend})`, async () => {
      const x = T.dmatrix('x');
      const y = T.dvector('y');
      const w = theano.shared(theano.array(W0), 'w');
      const b = theano.shared(0, 'b');
      const p1 = T.trueDiv(1, T.add(1, T.exp(T.neg(T.dot(x, w)).sub(b))));
      const prediction = p1.gt(0.5);
      const xent = y
        .neg()
        .mul(T.log(p1))
        .sub(T.sub(1, y).mul(T.log(T.sub(1, p1))));
      const cost = xent.mean().add(w.pow(2).sum().mul(0.01));
      const [gw, gb] = T.grad(cost, [w, b]);
      const train = theano.function([x, y], [prediction, xent.mean()], {
        updates: [
          [w, w.sub(gw!.mul(0.1))],
          [b, b.sub(gb!.mul(0.1))],
        ],
        backend,
      });
      const xs = theano.array(X).reshape([N, FEATS]);
      const ys = theano.array(Y);
      let pw = W0;
      let pb = 0;
      for (let step = 0; step < 10; step++) {
        const [, err] = await train(xs, ys);
        const plain = plainStep(pw, pb);
        expect(Number.isFinite(err!.item())).toBe(true);
        // the cross-entropy before the step: the plain cost less its weight decay
        const w2 = pw.reduce((s, v) => s + v * v, 0);
        expect(Math.abs(err!.item() - (plain.cost - 0.01 * w2))).toBeLessThan(1e-9 * Math.max(1, plain.cost));
        pw = plain.w;
        pb = plain.b;
      }
      const wt = w.getValue().toFloat64();
      let maxDiff = 0;
      for (let j = 0; j < FEATS; j++) maxDiff = Math.max(maxDiff, Math.abs(wt[j]! - pw[j]!));
      expect(maxDiff).toBeLessThan(1e-9);
      expect(Math.abs(b.getValue().item() - pb)).toBeLessThan(1e-9);
    });
  }

  it('the gradient of the cost as written is finite where 1 - p rounds to 0 (z = ±40, ±1000)', () => {
    const z = T.dvector('z');
    const p = T.trueDiv(1, T.add(1, T.exp(z.neg())));
    const t = T.dvector('t');
    const xent = t
      .neg()
      .mul(T.log(p))
      .sub(T.sub(1, t).mul(T.log(T.sub(1, p))))
      .sum();
    const g = theano.function([z, t], T.grad(xent, z));
    // d/dz = sigmoid(z) - t
    const r = g.callSync([40, -40, 1000, -1000, 0], [0, 1, 1, 0, 1]).toArray() as number[];
    expect(r[0]).toBeCloseTo(1, 15);
    expect(r[1]).toBeCloseTo(-1, 15);
    expect(r[2]).toBe(0);
    expect(r[3]).toBe(0);
    expect(r[4]).toBe(-0.5);
    // Theano's example of the issue: d/dx sum(log(1 + exp(x))) at 1000 is sigmoid(1000) = 1
    const x = T.dvector('x');
    const h = theano.function([x], T.grad(T.log(T.exp(x).add(1)).sum(), x));
    expect(h.callSync([1000, -1000]).toArray()).toEqual([1, 0]);
  });
});
