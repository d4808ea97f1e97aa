// A page's code as a web developer writes it for a bundler: the packages imported by name, nothing configured
// (esbuild with platform 'browser' and no externals, or Vite with no config). It runs the seed on webgl and
// pydotprint's two browser behaviours, and leaves what it got in window.__results (or window.__error).
import { webgl } from '@theano-ts/backend-webgl';
import * as theano from 'theano-ts';
import { runSeed } from '../seed.js';

try {
  const seed = await runSeed(theano, 'webgl');
  const x = theano.tensor.fscalar('x');
  const f = theano.function([x], x.pow(2), { backend: webgl });
  const svg = await theano.printing.pydotprint(f);
  const outfile = await theano.printing.pydotprint(f, { outfile: 'graph.svg' }).then(
    () => 'written',
    (e) => String(e),
  );
  window.__results = { seed, svg, outfile, backends: theano.listBackends() };
} catch (e) {
  window.__error = String(e?.stack ?? e);
}
