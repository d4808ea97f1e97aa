/**
 * The tutorial's chapter "loops with scan" (Theano's scan tutorial): A^k by repeated multiplication where
 * only the last power is kept, a polynomial evaluated from its coefficients, a cumulative sum, one
 * recurrent layer run over a sequence, and the gradient of its last state with respect to the weights.
 */
import * as theano from 'theano-ts';

const T = theano.tensor;

/** Options of `runLoops`. */
export interface LoopsOptions {
  /** The backend the functions run on (default: `theano.config.backend`). */
  backend?: string;
}

/** Runs the chapter, passing each printed line to `log`: a label, then its value. */
export async function runLoops(log: (line: string) => void, opts: LoopsOptions = {}): Promise<void> {
  const backend = opts.backend ?? theano.config.backend;
  const dt = backend === 'webgl' ? 'float32' : 'float64';
  const print = (...values: unknown[]): void => {
    for (const line of values.map(String).join(' ').split('\n')) log(line);
  };
  print('\n== loops with scan ==');

  // A ** k: the step multiplies the previous result by A; only the last step is returned
  const k = T.iscalar('k');
  const A = T.vector('A', dt);
  const [powers, powUpdates] = theano.scan({
    fn: (prior: theano.TensorVariable, a: theano.TensorVariable) => prior.mul(a),
    outputsInfo: T.onesLike(A),
    nonSequences: A,
    nSteps: k,
  });
  const power = theano.function([A, k], (powers as theano.TensorVariable).get(-1), {
    backend,
    updates: powUpdates,
  });
  print('A = [0, 1, 2, ..., 9], k = 2: A ** k =');
  print(
    await power(
      theano.array(
        Array.from({ length: 10 }, (_, i) => i),
        dt,
      ),
      2,
    ),
  );

  // a polynomial: sum over i of coefficients[i] * x ** i
  const coefficients = T.vector('coefficients', dt);
  const x = T.scalar('x', dt);
  const [terms] = theano.scan({
    fn: (c: theano.TensorVariable, p: theano.TensorVariable, xv: theano.TensorVariable) => c.mul(xv.pow(p)),
    sequences: [coefficients, T.arange(1000)],
    nonSequences: x,
  });
  const poly = theano.function([coefficients, x], (terms as theano.TensorVariable).sum(), { backend });
  print('coefficients = [1, 0, 2], x = 3: 1 + 0·3 + 2·3² =');
  print(await poly(theano.array([1, 0, 2], dt), 3));

  // a cumulative sum, with theano.reduce keeping only the total
  const v = T.vector('v', dt);
  const [running] = theano.scan({
    fn: (xt: theano.TensorVariable, acc: theano.TensorVariable) => acc.add(xt),
    sequences: v,
    outputsInfo: T.zerosLike(v.get(0)),
  });
  const [total] = theano.reduce(
    (xt: theano.TensorVariable, acc: theano.TensorVariable) => acc.add(xt),
    v,
    T.zerosLike(v.get(0)),
  );
  const sums = theano.function([v], [running as theano.TensorVariable, total as theano.TensorVariable], {
    backend,
  });
  const [run, tot] = await sums(theano.array([1, 2, 3, 4], dt));
  print('running sums of [1, 2, 3, 4]:');
  print(run);
  print('theano.reduce, the total:');
  print(tot);

  // one recurrent layer: h_t = tanh(W·h_{t-1} + U·x_t), and d(sum h_T)/dW through time
  const X = T.matrix('X', dt);
  const h0 = T.vector('h0', dt);
  const W = T.matrix('W', dt);
  const U = T.matrix('U', dt);
  const [hs] = theano.scan({
    fn: (xt: theano.TensorVariable, hp: theano.TensorVariable, w: theano.TensorVariable, u: theano.TensorVariable) =>
      T.tanh(w.dot(hp).add(u.dot(xt))),
    sequences: X,
    outputsInfo: h0,
    nonSequences: [W, U],
  });
  const hLast = (hs as theano.TensorVariable).get(-1);
  const rnn = theano.function([X, h0, W, U], [hLast, T.grad(hLast.sum(), W)], { backend });
  const [h, gW] = await rnn(
    theano.array(
      [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
      dt,
    ),
    theano.array([0, 0], dt),
    theano.array(
      [
        [0.5, 0],
        [0, 0.5],
      ],
      dt,
    ),
    theano.array(
      [
        [1, 0],
        [0, -1],
      ],
      dt,
    ),
  );
  print('recurrent layer, the last state h_3:');
  print(h);
  print('d(sum h_3)/dW (back-propagation through time):');
  print(gW);
}
