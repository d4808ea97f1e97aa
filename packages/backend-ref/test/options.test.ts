// The reference backend takes no backendOptions: one given (a misspelled option meant for another backend, say)
// is an error naming it, not silently ignored.
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

describe('ref backendOptions', () => {
  it('are rejected when the function is compiled, naming each key', () => {
    const x = T.dvector('x');
    const compile = () =>
      theano.function([x], x.mul(3), { backend: 'ref', name: 'triple', backendOptions: { threads: 1, fast: true } });
    expect(compile).toThrow(
      'ref: theano function "triple": unknown backendOptions "threads", "fast" (the reference backend takes no options)',
    );
  });

  it('an empty object is fine', () => {
    const x = T.dvector('x');
    const f = theano.function([x], x.mul(3), { backend: 'ref', backendOptions: {} });
    expect(Array.from(f.callSync([1, 2]).toFloat64())).toEqual([3, 6]);
  });
});
