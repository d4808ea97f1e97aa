/**
 * The seed tutorial's first function as a whole program on the ONNX backend: import theano-ts and
 * `@theano-ts/backend-onnx`, compile `square` with `{ backend: 'onnx' }`, print `square(3)` (9.0), then the
 * phase times as JSON.
 */
import { squareOnce } from './square.js';

await squareOnce(async () => {
  const [theano] = await Promise.all([import('theano-ts'), import('@theano-ts/backend-onnx')]);
  return theano;
}, 'onnx');
