/**
 * Compile-time benchmark: a long elementwise chain plus its gradient, compiled in FAST_RUN for 1k, 10k and
 * 100k nodes. Prints the times and the time per node, so growth faster than n log n shows.
 */
import * as theano from 'theano-ts';

const T = theano.tensor;

/** One row of the compile-time table. */
export interface CompileRow {
  nodes: number;
  buildSeconds: number;
  compileSeconds: number;
  optimizedNodes: number;
}

/** Builds the chain (n/2 mul+add pairs) and its gradient, then times `theano.function`. */
export function compileChain(n: number): CompileRow {
  const t0 = performance.now();
  const x = T.dvector('x');
  let y = x;
  // each step adds 2 forward nodes and about 1 gradient node: n/3 steps give about n nodes
  for (let i = 0; i < n / 3; i++) y = y.mul(1.0001).add(0.5);
  const cost = y.sum();
  const g = T.grad(cost, x);
  const total = theano.toposort([cost, g]).length;
  const t1 = performance.now();
  const f = theano.function([x], [cost, g], { mode: 'FAST_RUN' });
  const t2 = performance.now();
  return {
    nodes: total,
    buildSeconds: (t1 - t0) / 1000,
    compileSeconds: (t2 - t1) / 1000,
    optimizedNodes: f.maker.fgraph.nodes.length,
  };
}
