// Symbolic shape inference (each OpDef's inferShape, Theano's ShapeFeature): `T.shapeI(expr, k)` is built from
// the inputs' sizes, so reading a size never computes the expression; a jacobian's loop length never runs
// the expression it differentiates. Sizes are checked against the shapes numpy gives the same expressions.

import { ancestors, type NDArray, type TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

/** The op names of every node `v` depends on. */
function opsBehind(v: TensorVariable): string[] {
  const names: string[] = [];
  for (const x of ancestors([v])) if (x.owner) names.push(x.owner.op.kind);
  return names;
}

describe('inferShape', () => {
  const A = T.dmatrix('A');
  const x = T.dvector('x');
  const m = T.dmatrix('m');
  const a = theano.array([
    [1, 2, 3],
    [4, 5, 6],
  ]); // (2, 3)
  const xv = theano.array([1, 2, 3]); // (3,)
  const mv = theano.array([
    [1, 2],
    [3, 4],
    [5, 6],
    [7, 8],
  ]); // (4, 2)

  // expression, axis, the ops its size may depend on, numpy's size for A (2, 3), x (3,), m (4, 2)
  const cases: [string, () => TensorVariable, number, string[], number][] = [
    ['exp(A·x)[0]', () => T.exp(T.dot(A, x)), 0, ['shape_i'], 2],
    ['(A·m)[1]', () => T.dot(A.T, T.dot(A, m)), 1, ['shape_i'], 2],
    ['(Aᵀ)[0]', () => A.T, 0, ['shape_i'], 3],
    ['sum(A, axis 0)[0]', () => T.sum(A.mul(2), { axis: 0 }), 0, ['shape_i'], 3],
    ['max(m, axis 1)[0]', () => T.max(T.tanh(m), 1), 0, ['shape_i'], 4],
    ['softmax(m)[1]', () => T.nnet.softmax(m.add(1)), 1, ['shape_i'], 2],
    ['(A + x)[1] (x broadcast along rows)', () => A.add(x), 1, ['shape_i'], 3],
    ['m[0][0]', () => T.exp(m).get(0), 0, ['shape_i'], 2],
    ['shape(A)[0]', () => T.shape(A.mul(3)), 0, [], 2],
  ];
  for (const [label, make, axis, allowed, expected] of cases) {
    it(label, () => {
      const size = T.shapeI(make(), axis);
      for (const op of opsBehind(size)) expect(allowed).toContain(op);
      const inputs = [A, x, m].filter((v) => ancestors([size]).has(v));
      const values = new Map<TensorVariable, NDArray>([
        [A, a],
        [x, xv],
        [m, mv],
      ]);
      const f = theano.function(inputs, size, { onUnusedInput: 'ignore' });
      expect(Number(f.callSync(...inputs.map((v) => values.get(v)!)).item())).toBe(expected);
    });
  }

  it("a jacobian's loop length does not compute the expression", () => {
    const y = T.exp(T.dot(A, x));
    const J = theano.gradient.jacobian(y, x);
    const map = [...ancestors([J])].map((v) => v.owner).find((n) => n?.op.kind === 'map')!;
    expect(map).toBeDefined();
    // input 0 of the Map is its length: A's rows, read without the dot or the exp
    expect(opsBehind(map.inputs[0]!)).toEqual(['shape_i']);
    // and the jacobian is right: J[i, j] = exp((A·x)_i) · A[i, j]
    const Jv = theano.function([A, x], J).callSync(a, xv);
    const ax = [14, 32];
    expect(Jv.shape).toEqual([2, 3]);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) expect(Jv.at(i, j)).toBeCloseTo(Math.exp(ax[i]!) * a.at(i, j), -2);
    }
  });
});
