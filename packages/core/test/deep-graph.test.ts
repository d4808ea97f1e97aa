// Deep graphs: sizes inferred through thousands of nested nodes (an unrolled network's mean) without
// overflowing the stack.
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

describe('shapeI on a deep graph', () => {
  it('the mean of a 5000-step chain compiles and runs', () => {
    const x = T.dvector('x');
    let y: theano.TensorVariable = x;
    for (let i = 0; i < 5000; i++) y = y.add(1).mul(1);
    // the mean divides by x's size, inferred back through the 10,000 nodes
    const f = theano.function([x], y.mean());
    // each step adds 1: mean([1, 2, 3] + 5000) = 2 + 5000
    expect((f.callSync(new Float64Array([1, 2, 3])) as theano.NDArray).toArray()).toBe(5002);
  });
});
