/**
 * The tutorial's second chapter, "tensor basics": the common calls of `theano.tensor` beyond the seed
 * (indexing, creation, reductions, joining, elementwise selection, sorting, linear algebra and the
 * deep-learning tutorial's negative log-likelihood), each printed as numpy prints its result.
 */
import * as theano from 'theano-ts';

const T = theano.tensor;

/** Options of `runTensorBasics`. */
export interface TensorBasicsOptions {
  /** The backend the functions run on (default: `theano.config.backend`). */
  backend?: string;
}

/**
 * Runs the chapter, passing each printed line to `log`: a label (`m.get('1:')`), then its value. The values
 * are computed by compiled functions of symbolic inputs; what a backend cannot run is printed with its
 * reason instead.
 */
export async function runTensorBasics(log: (line: string) => void, opts: TensorBasicsOptions = {}): Promise<void> {
  const backend = opts.backend ?? theano.config.backend;
  const print = (...values: unknown[]): void => {
    for (const line of values.map(String).join(' ').split('\n')) log(line);
  };
  print('\n== tensor basics ==');

  const m = T.dmatrix('m');
  const v = T.dvector('v');
  const mValue = [
    [1, 2, 3],
    [4, 5, 6],
  ];
  const vValue = [3, 1, 2];
  /** Compiles the labelled expressions into one function of (m, v) and prints each result after its label. */
  const show = async (rows: readonly (readonly [string, theano.TensorVariable])[]): Promise<void> => {
    const f = theano.function(
      [m, v],
      rows.map(([, e]) => e),
      { backend, onUnusedInput: 'ignore' },
    );
    const out = await f(mValue, vValue);
    rows.forEach(([label], i) => {
      print(`${label}:`);
      print(out[i]);
    });
  };

  print(`m = ${JSON.stringify(mValue)}, v = ${JSON.stringify(vValue)}`);
  await show([
    ["m.get('1:')", m.get('1:')],
    ["m.get(':', 1)", m.get(':', 1)],
    ['m.get(-1, -1)', m.get(-1, -1)],
    ["m.get('::-1')", m.get('::-1')],
    ['m.T', m.T],
    ['m.reshape([3, 2])', m.reshape([3, 2])],
    ['m.flatten()', m.flatten()],
  ]);
  await show([
    ['T.argmax(m, 1)', T.argmax(m, 1)],
    ['m.sum(0)', m.sum(0)],
    ['m.prod(1)', m.prod(1)],
    ['m.mean(1)', m.mean(1)],
    ['m.var()', m.var()],
    ['m.std()', m.std()],
    ['T.cumsum(v)', T.cumsum(v)],
  ]);
  await show([
    ['T.concatenate([m, m], 0)', T.concatenate([m, m], 0)],
    ['T.stack([v, v], 1)', T.stack([v, v], 1)],
    ['T.arange(5)', T.arange(5)],
    ['T.zeros([2, 2])', T.zeros([2, 2])],
    ['T.eye(3)', T.eye(3)],
  ]);
  await show([
    ['T.clip(m, 2, 5)', T.clip(m, 2, 5)],
    ['T.switch(m.gt(3), m, 0)', T.switch(m.gt(3), m, 0)],
    ['T.sort(v)', T.sort(v)],
    ['T.argsort(v)', T.argsort(v)],
    ['T.outer(v, v)', T.outer(v, v)],
    ['T.tensordot(m, m, [[1], [1]])', T.tensordot(m, m, [[1], [1]])],
  ]);

  // The negative log-likelihood of the deep-learning tutorial: -mean(log(p)[arange(n), y]).
  const p = T.dmatrix('p');
  const y = T.lvector('y');
  const nll = T.log(p)
    .get(T.arange(y.shape.get(0)), y)
    .mean()
    .neg();
  const fNll = theano.function([p, y], nll, { backend });
  print('-T.mean(T.log(p).get(T.arange(y.shape.get(0)), y)):');
  print(
    await fNll(
      [
        [0.7, 0.2, 0.1],
        [0.1, 0.8, 0.1],
      ],
      [0, 1],
    ),
  );

  // Linear algebra: backends without a kernel for a decomposition say so.
  const A = T.dmatrix('A');
  const b = T.dvector('b');
  const aValue = [
    [2, 1],
    [1, 3],
  ];
  for (const [label, expr] of [
    ['T.nlinalg.det(A)', T.nlinalg.det(A)],
    ['T.nlinalg.matrixInverse(A)', T.nlinalg.matrixInverse(A)],
    ['T.slinalg.solve(A, b)', T.slinalg.solve(A, b)],
  ] as const) {
    print(`${label}:`);
    try {
      const f = theano.function([A, b], expr, { backend, onUnusedInput: 'ignore' });
      print(await f(aValue, [1, 2]));
    } catch (e) {
      if (!(e instanceof theano.UnsupportedError)) throw e;
      print(`(not on ${backend}: ${e.message.replace(/^[^:]*: /, '')})`);
    }
  }
}
