// Per-op case of the random primitive (run on webgl in the browser, on ref in node for the expected values):
// PhiloxRandom from an explicit state input (so that repeated calls draw the same numbers), float32
// uniforms of a size from a host scalar, raw words reduced on the host, and the state it returns.
import * as theano from 'theano-ts';
import type { OpCase } from './op-cases.ts';

const T = theano.tensor;

/** The random family's per-op cases. */
export const RANDOM_OP_CASES: readonly OpCase[] = [
  {
    id: 'random.philox',
    build: () => {
      const state = T.lvector('state');
      const n = T.lscalar('n');
      const size = T.stack([n, T.constant(3, { dtype: 'int64' })]);
      const [s1, u] = theano.philoxRandom(state, size, 'float32', 'op case');
      const [s2, w] = theano.philoxRandom(s1, T.constant([5], { dtype: 'int64' }), 'int64', 'op case');
      return {
        inputs: [state, n],
        outputs: [u, T.cast(T.mod(w, 1000), 'int32'), s2, T.mul(u, 2).add(1)],
        // key 0x00020001 0x00040003, counter 0xfffffffe: the five blocks carry into its high word
        args: [theano.array([1, 2, 3, 4, 0xfffe, 0xffff, 0, 0], 'int64'), theano.array(4, 'int64')],
      };
    },
  },
];
