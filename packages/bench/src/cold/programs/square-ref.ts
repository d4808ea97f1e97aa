/**
 * The seed tutorial's first function, as a whole program on the reference backend (the default): import
 * theano-ts, `square = theano.function([x], x ** 2)`, print `square(3)` (9.0). Then one line of JSON with the
 * in-process times of each phase, for `npm run bench:cold`.
 */
import { squareOnce } from './square.js';

await squareOnce(() => import('theano-ts'), 'ref');
