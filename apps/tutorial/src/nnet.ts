/**
 * The tutorial's chapter "neural networks": `T.nnet`'s activations on a few points, a softmax, and the
 * logistic regression of Theano's documentation on a smaller random problem (100 examples of 20 features,
 * random 0/1 labels), written as the documentation writes it (`p = 1 / (1 + exp(-x·w - b))`), trained by
 * gradient descent with `T.grad` and updates: the cost falls and the model fits its training labels.
 */
import * as theano from 'theano-ts';

const T = theano.tensor;

/** Options of `runNnet`. */
export interface NnetOptions {
  /** The backend the functions run on (default: `theano.config.backend`). */
  backend?: string;
}

/** The chapter's data: a seeded normal sequence (Box–Muller over a linear congruential generator). */
export function chapterNormals(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  return Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

/** Runs the chapter, passing each printed line to `log`. */
export async function runNnet(log: (line: string) => void, opts: NnetOptions = {}): Promise<void> {
  const backend = opts.backend ?? theano.config.backend;
  const dt = backend === 'webgl' ? 'float32' : 'float64';
  const print = (...values: unknown[]): void => {
    for (const line of values.map(String).join(' ').split('\n')) log(line);
  };
  print('\n== neural networks ==');
  const x = T.vector('x', dt);
  const acts: [string, theano.TensorVariable][] = [
    ['sigmoid', T.nnet.sigmoid(x)],
    ['ultraFastSigmoid', T.nnet.ultraFastSigmoid(x)],
    ['hardSigmoid', T.nnet.hardSigmoid(x)],
    ['softplus', T.nnet.softplus(x)],
    ['relu', T.nnet.relu(x)],
    ['elu', T.nnet.elu(x)],
    ['softsign', T.nnet.softsign(x)],
    ['softmax', T.nnet.softmax(x)],
  ];
  const f = theano.function(
    [x],
    acts.map(([, e]) => e),
    { backend },
  );
  const xs = [-2, -0.5, 0, 0.5, 2];
  const vals = await f(theano.array(xs, dt));
  print(`x = ${JSON.stringify(xs)}`);
  acts.forEach(([name], i) => {
    print(`T.nnet.${name}(x):`);
    print(vals[i]);
  });

  // the documentation's logistic regression, smaller
  const N = 100;
  const FEATS = 20;
  const X = theano.array(chapterNormals(N * FEATS, 11), dt).reshape([N, FEATS]);
  const Y = theano.array(
    Float64Array.from(chapterNormals(N, 12), (v) => (v > 0 ? 1 : 0)),
    dt,
  );
  const xm = T.matrix('x', dt);
  const y = T.vector('y', dt);
  const w = theano.shared(theano.array(chapterNormals(FEATS, 13), dt), 'w');
  const b = theano.shared(theano.array(0, dt), 'b');
  const p1 = T.trueDiv(1, T.add(1, T.exp(T.neg(T.dot(xm, w)).sub(b))));
  const prediction = p1.gt(0.5);
  const xent = y
    .neg()
    .mul(T.log(p1))
    .sub(T.sub(1, y).mul(T.log(T.sub(1, p1))));
  const cost = xent.mean().add(w.pow(2).sum().mul(0.01));
  const [gw, gb] = T.grad(cost, [w, b]);
  const train = theano.function([xm, y], [prediction, cost], {
    updates: [
      [w, w.sub(gw!.mul(0.1))],
      [b, b.sub(gb!.mul(0.1))],
    ],
    backend,
  });
  const predict = theano.function([xm], prediction, { backend });
  print(`logistic regression on ${N} random examples of ${FEATS} features, random 0/1 labels:`);
  for (let step = 1; step <= 200; step++) {
    const [, c] = await train(X, Y);
    if (step === 1 || step === 10 || step === 200) print(`cost before step ${step}: ${c!.item().toFixed(6)}`);
  }
  const pred = (await predict(X)).toFloat64();
  const target = Y.toFloat64();
  const right = pred.reduce((s, v, i) => s + (v === target[i] ? 1 : 0), 0);
  print(`training labels fitted: ${right} of ${N}`);
}
