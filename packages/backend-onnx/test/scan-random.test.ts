// Random draws inside a scan step (Theano's scan collects the default updates of the shared variables its
// step reads): each step draws anew, the rows are the stream's successive draws (as calling a function of
// the same stream three times gives them), and the update returned advances the stream across calls.
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { T } from './helpers.js';

describe('RandomStreams inside scan', () => {
  for (const backend of ['ref', 'onnx'] as const) {
    it(`each step draws the stream's next numbers (${backend})`, async () => {
      // the oracle: the first stream of RandomStreams(7), drawn by three calls of a plain function
      const plain = new theano.RandomStreams(7).uniform({ size: [2] });
      const g = theano.function([], plain, { backend });
      const draws: number[][] = [];
      for (let k = 0; k < 6; k++) draws.push((await g()).toArray() as number[]);

      const srng = new theano.RandomStreams(7);
      const x = T.dvector('x');
      const [rows, updates] = theano.scan({
        fn: (xt: theano.TensorVariable) => srng.uniform({ size: [2] }).add(xt),
        sequences: x,
      });
      expect([...updates.keys()]).toHaveLength(1);
      const f = theano.function([x], rows as theano.TensorVariable, { updates, backend });
      expect((await f([0, 0, 0])).toArray()).toEqual(draws.slice(0, 3));
      // the update carried the state over: the next call continues the stream
      expect((await f([10, 10, 10])).toArray()).toEqual(draws.slice(3, 6).map((r) => r.map((v) => v + 10)));
    });
  }
});
