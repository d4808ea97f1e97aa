// The indexing rewrites (rules-subtensor.ts), each compiled with and without it: the ops left in the
// optimized graph, and both functions' values against numpy's (pasted as literals).

import type { Apply, NDArray, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

const opNames = (f: theano.TheanoFunction<NDArray>) => f.maker.fgraph.nodes.map((n: Apply) => String(n.op));
const mode = (...excluding: string[]) => theano.Mode({ optimizer: 'fast_run', excluding });

function both(inputs: TensorVariable[], out: TensorVariable, rule: string, args: unknown[], expected: unknown) {
  const on = theano.function(inputs, out, { mode: mode() });
  const off = theano.function(inputs, out, { mode: mode(rule) });
  expect((on.callSync(...args) as NDArray).toArray()).toEqual(expected);
  expect((off.callSync(...args) as NDArray).toArray()).toEqual(expected);
  return { on: opNames(on), off: opNames(off) };
}

describe('local_useless_subtensor', () => {
  const x = T.dmatrix('x');
  it('x[:] and x[0:, ::1] are x; x[1:] is kept', () => {
    const r = both([x], x.get(':').mul(x.get('0:', '::1')), 'local_useless_subtensor', [[[1, 2]]], [[1, 4]]);
    expect(r.on.filter((o) => o.startsWith('Subtensor'))).toEqual([]);
    expect(r.off.filter((o) => o.startsWith('Subtensor'))).toHaveLength(2);
    const kept = both([x], x.get('1:'), 'local_useless_subtensor', [[[1], [2]]], [[2]]);
    expect(kept.on).toEqual(['Subtensor{1:}']);
  });
  it('a stop past a static length keeps the whole axis', () => {
    const c = T.TensorType.fromShape('float64', [2]).make('c');
    const r = both([c], c.get('-5:7'), 'local_useless_subtensor', [[1, 2]], [1, 2]);
    expect(r.on.filter((o) => o.startsWith('Subtensor'))).toEqual([]);
    expect(r.off).toEqual(['Subtensor{-5:7}']);
  });
});

describe('local_subtensor_merge', () => {
  const x = T.dvector('x');
  const m = T.dmatrix('m');
  it('non-negative slices of unknown length: x[1:][::2][1:3] is x[3:7:2]', () => {
    // numpy: numpy.arange(10)[1:][::2][1:3] = [3, 5]
    const r = both(
      [x],
      x.get('1:').get('::2').get('1:3'),
      'local_subtensor_merge',
      [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
      [3, 5],
    );
    expect(r.on).toEqual(['Subtensor{3:7:2}']);
    expect(r.off.filter((o) => o.startsWith('Subtensor'))).toHaveLength(3);
  });
  it('static lengths: negative steps and integers compose exactly', () => {
    const c = T.TensorType.fromShape('float64', [3, 4]).make('c');
    const cv = [
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9, 10, 11],
    ];
    // numpy: c[::-1, 1:][1:, -1] = [7, 3]
    const r = both([c], c.get('::-1', '1:').get('1:', -1), 'local_subtensor_merge', [cv], [7, 3]);
    expect(r.on).toEqual(['Subtensor{1::-1, int64}']);
    expect(r.off.filter((o) => o.startsWith('Subtensor'))).toHaveLength(2);
    const w = m.get('::-1').get(2);
    const f = theano.function([m], w, { mode: mode() });
    expect((f.callSync([[1], [2], [3]]) as NDArray).toArray()).toEqual([1]);
  });
  it('does not merge symbolic bounds', () => {
    const i = T.lscalar('i');
    const r = both([x, i], x.get(T.slice(i, null)).get('1:'), 'local_subtensor_merge', [[0, 1, 2, 3], 1], [2, 3]);
    expect(r.on.filter((o) => o.startsWith('Subtensor'))).toHaveLength(2);
  });
});

describe('local_incsubtensor_of_zeros', () => {
  it('the gradient of a view scatters into zeros with a set', () => {
    const x = T.dvector('x');
    const g = T.grad(T.sum(x.get('1:3')), x);
    // d sum(x[1:3]) / dx = [0, 1, 1, 0]
    const r = both([x], g, 'local_incsubtensor_of_zeros', [[5, 6, 7, 8]], [0, 1, 1, 0]);
    expect(r.on.some((o) => o.startsWith('IncSubtensor{Set;'))).toBe(true);
    expect(r.off.some((o) => o.startsWith('IncSubtensor{Inc;'))).toBe(true);
  });
});
