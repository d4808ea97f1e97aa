// The chapter "neural networks": the activations print what numpy prints for the same formulas, and the
// logistic regression's costs and fitted labels are those of a plain float64 implementation of the same
// training (analytic gradient: dw = xᵀ(p - y)/N + 0.02·w, db = mean(p - y)).
import '@theano-ts/backend-onnx';
import { describe, expect, it } from 'vitest';
import { chapterNormals, runNnet } from '../src/nnet.ts';

// biome-ignore format: numpy's printed lines
const NUMPY = [
  '', '== neural networks ==', 'x = [-2,-0.5,0,0.5,2]',
  'T.nnet.sigmoid(x):', '[0.11920292 0.37754067 0.5        0.62245933 0.88079708]',
  'T.nnet.ultraFastSigmoid(x):', '[0.125 0.35  0.5   0.65  0.875]',
  'T.nnet.hardSigmoid(x):', '[0.1 0.4 0.5 0.6 0.9]',
  'T.nnet.softplus(x):', '[0.12692801 0.47407698 0.69314718 0.97407698 2.12692801]',
  'T.nnet.relu(x):', '[0.  0.  0.  0.5 2. ]',
  'T.nnet.elu(x):', '[-0.86466472 -0.39346934  0.          0.5         2.        ]',
  'T.nnet.softsign(x):', '[-0.66666667 -0.33333333  0.          0.33333333  0.66666667]',
  'T.nnet.softmax(x):', '[0.01255471 0.0562663  0.09276745 0.15294766 0.68546388]',
];

/** The plain implementation: the cost before steps 1, 10 and 200, and the labels fitted after them. */
function plain(): { costs: number[]; fitted: number } {
  const [N, F] = [100, 20];
  const X = chapterNormals(N * F, 11);
  const Y = Float64Array.from(chapterNormals(N, 12), (v) => (v > 0 ? 1 : 0));
  let w = chapterNormals(F, 13);
  let b = 0;
  const z = (i: number) => {
    let s = b;
    for (let j = 0; j < F; j++) s += X[i * F + j]! * w[j]!;
    return s;
  };
  const sp = (v: number) => (v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v)));
  const costs: number[] = [];
  for (let step = 1; step <= 200; step++) {
    let c = 0;
    const gw = new Float64Array(F);
    let gb = 0;
    for (let i = 0; i < N; i++) {
      const zi = z(i);
      c += (Y[i]! * sp(-zi) + (1 - Y[i]!) * sp(zi)) / N;
      const d = 1 / (1 + Math.exp(-zi)) - Y[i]!;
      for (let j = 0; j < F; j++) gw[j]! += (X[i * F + j]! * d) / N;
      gb += d / N;
    }
    c += 0.01 * w.reduce((s, v) => s + v * v, 0);
    if (step === 1 || step === 10 || step === 200) costs.push(c);
    w = Float64Array.from(w, (v, j) => v - 0.1 * (gw[j]! + 0.02 * v));
    b -= 0.1 * gb;
  }
  let fitted = 0;
  for (let i = 0; i < N; i++) if ((z(i) > 0 ? 1 : 0) === Y[i]) fitted++;
  return { costs, fitted };
}

describe('tutorial: neural networks', () => {
  for (const backend of ['ref', 'onnx']) {
    it(`prints numpy's activations and trains the logistic regression as a plain implementation does (${backend})`, async () => {
      const out: string[] = [];
      await runNnet((l) => out.push(l), { backend });
      expect(out.slice(0, NUMPY.length)).toEqual(NUMPY);
      const p = plain();
      expect(out.slice(NUMPY.length)).toEqual([
        'logistic regression on 100 random examples of 20 features, random 0/1 labels:',
        `cost before step 1: ${p.costs[0]!.toFixed(6)}`,
        `cost before step 10: ${p.costs[1]!.toFixed(6)}`,
        `cost before step 200: ${p.costs[2]!.toFixed(6)}`,
        `training labels fitted: ${p.fitted} of 100`,
      ]);
    });
  }
});
