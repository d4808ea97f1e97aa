// A page that uses the package's built browser bundle (dist/browser/theano-ts-webgl.js) as a user would:
// the seed's square on the WebGL backend.
// @ts-expect-error: the built bundle has no declarations next to it
import * as theano from '../../dist/browser/theano-ts-webgl.js';

const w = window as unknown as { __results?: unknown; __error?: string };
try {
  const T = theano.tensor;
  const x = T.fscalar('x');
  const square = theano.function([x], x.pow(2), { backend: 'webgl' });
  const r = await square(3);
  w.__results = {
    pp: theano.pp(x.pow(2)),
    value: r.item(),
    printed: String(r),
    sync: square.callSync(4).item(),
    backends: theano.listBackends(),
  };
} catch (e) {
  w.__error = String((e as Error)?.stack ?? e);
}
