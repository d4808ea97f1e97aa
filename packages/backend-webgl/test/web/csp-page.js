// The page module of the strict-CSP visit (served with `Content-Security-Policy: script-src 'self'`): the
// browser build as a page loads it, the seed on ref (whose fused loops the policy keeps from being compiled)
// and on webgl, then three functions for the console note: two that name no backend (one note, naming the
// first) and one on webgl (none); and a misspelt backend name.
import * as theano from './browser/theano-ts-webgl.js';
import { runSeed } from './seed.js';

try {
  const ref = await runSeed(theano, 'ref');
  const webgl = await runSeed(theano, 'webgl');
  const x = theano.tensor.fscalar('x');
  theano.function([x], x.mul(2), { name: 'double' });
  theano.function([x], x.mul(3), { name: 'triple' });
  theano.function([x], x.mul(4), { name: 'quadruple', backend: 'webgl' });
  let misspelt = 'compiled';
  try {
    theano.function([x], x.mul(5), { backend: 'WebGL' });
  } catch (e) {
    misspelt = String(e);
  }
  const codegenEnabled = theano.codegenEnabled();
  window.__results = { ref, webgl, codegenEnabled, defaultBackend: theano.config.backend, misspelt };
} catch (e) {
  window.__error = String(e?.stack ?? e);
}
