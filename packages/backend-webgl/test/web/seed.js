// The seed tutorial ("Theano 基础") in float32, as a page runs it: `runSeed(theano, backend)` computes its
// values on one backend and returns them as plain numbers (the test compares them with values worked out by
// hand). Shared by the pages of web.browser.test.ts: the bundler app (esbuild and Vite) and the CSP page.

/** An NDArray as { shape, values }. */
const plain = (a) => ({ shape: [...a.shape], values: Array.from(a.toFloat64()) });

/** The seed's results on `backend` (a name), with the graph built in float32. */
export async function runSeed(theano, backend) {
  const T = theano.tensor;
  const floatX = theano.config.floatX;
  theano.config.floatX = 'float32';
  try {
    const foo = T.scalar('x');
    const bar = foo.pow(2);
    const square = theano.function([foo], bar, { backend });
    const A = T.matrix('A');
    const x = T.vector('x');
    const b = T.vector('b');
    const y = T.dot(A, x).add(b);
    const z = T.sum(A.pow(2));
    const linearMix = theano.function([A, x, theano.Param(b, { default: theano.zeros([2]) })], [y, z], { backend });
    const [mixed, total] = await linearMix(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [1, 2, 3],
      [4, 5],
    );
    const [mixedDefault] = await linearMix(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [1, 2, 3],
    );

    const shared = theano.shared(
      theano.array([
        [1, 2],
        [3, 4],
      ]),
    );
    const sharedSquare = theano.function([], shared.pow(2), { backend });
    shared.setValue(
      theano.array([
        [3, 4],
        [2, 1],
      ]),
    );
    const squared = await sharedSquare();
    shared.setValue(
      theano.array([
        [1, 2],
        [3, 4],
      ]),
    );
    const subtract = T.matrix('subtract');
    const update = theano.function([subtract], shared, { updates: [[shared, shared.sub(subtract)]], backend });
    const returned = await update([
      [1, 1],
      [1, 1],
    ]);

    const grad = theano.function([foo], T.grad(bar, foo), { backend });
    const jacobian = theano.function([A, x, b], theano.gradient.jacobian(y, x), { backend });
    const m = T.matrix('m');
    const logistic = theano.function([m], T.trueDiv(1, T.exp(m.neg()).add(1)), { backend });
    const W = T.matrix('W');
    const V = T.matrix('V');
    const rop = theano.function([W, V, x], T.Rop(T.dot(x, W), W, V), { backend });
    return {
      backend: square.maker.backend.name,
      pp: theano.pp(bar),
      square: String(await square(3)),
      squareSync: square.callSync(4).item(),
      mixed: plain(mixed),
      total: total.item(),
      mixedDefault: plain(mixedDefault),
      squared: plain(squared),
      returned: plain(returned),
      after: plain(shared.getValue()),
      grad: (await grad(10)).item(),
      jacobian: plain(
        await jacobian(
          [
            [9, 8, 7],
            [4, 5, 6],
          ],
          [1, 2, 3],
          [4, 5],
        ),
      ),
      logistic: plain(
        await logistic([
          [0, 1],
          [-1, -2],
        ]),
      ),
      rop: plain(
        await rop(
          [
            [1, 1],
            [1, 1],
          ],
          [
            [2, 2],
            [2, 2],
          ],
          [0, 1],
        ),
      ),
    };
  } finally {
    theano.config.floatX = floatX;
  }
}
