// The typed-broadcasting checks core's broadcastCheckDims proves unnecessary are left out of the model: sizes
// a product ties together are not read back, while a size-1 operand where no product ties the sizes is still
// an error, and sizes a product ties that do not match still fail the run.
import { buildModel } from '@theano-ts/backend-onnx';
import type { NDArray, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { compareWithRef, errorMessage, T } from './helpers.js';

/** Plain row-major product of an n×k and a k×m matrix (nested arrays). */
function matmul(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, x, k) => s + x * b[k]![j]!, 0)));
}
const transpose = (a: number[][]): number[][] => a[0]!.map((_, j) => a.map((row) => row[j]!));

// x (2×2), w (2×3), v (3×2), z (2×2): sizes that fit p = x·w, q = p·v, u = z·vᵀ and p * u
const X = [
  [1, 2],
  [3, 4],
];
const W = [
  [1, 0, 2],
  [0, 1, 1],
];
const V = [
  [1, 1],
  [2, 0],
  [0, 3],
];
const Z = [
  [1, 2],
  [0, 1],
];

const message = errorMessage;

describe('broadcasting checks a product makes unnecessary', () => {
  // p = x·w (x0, w1), q = p·v (so w1 = v0), u = z·vᵀ (z0, v0), e = p * u: only dim 0 (x0 against z0) is open
  const [x, w, v, z] = ['x', 'w', 'v', 'z'].map((n) => T.dmatrix(n)) as [
    TensorVariable,
    TensorVariable,
    TensorVariable,
    TensorVariable,
  ];
  const p = x.dot(w);
  const q = p.dot(v);
  const e = p.mul(z.dot(v.T));
  const f = theano.function([x, w, v, z], [q, e], { backend: 'onnx' });
  const fRef = theano.function([x, w, v, z], [q, e], { backend: 'ref' });

  it('computes the products and the elementwise result', async () => {
    const [gq, ge] = (await f(...[X, W, V, Z].map((a) => theano.array(a)))) as NDArray[];
    const P = matmul(X, W);
    expect(gq!.toArray()).toEqual(matmul(P, V));
    const U = matmul(Z, transpose(V));
    expect(ge!.toArray()).toEqual(P.map((row, i) => row.map((a, j) => a * U[i]![j]!)));
  });

  it('keeps the check on the dimension no product ties: a size-1 operand there is an error, as on ref', async () => {
    const args = [[[1, 2]], W, V, Z].map((a) => theano.array(a)); // x: 1 row, z: 2 rows
    const onnx = await message(() => f(...args));
    const ref = await message(async () => fRef.callSync(...args));
    expect(ref).toMatch(/does not allow broadcasting/);
    expect(onnx).toBe(ref);
  });

  it('sizes a product ties that differ still fail the run (the product raises)', async () => {
    // w has 1 column where v has 3 rows: e alone would broadcast p's size-1 dim 1, but q = p·v cannot run
    const args = [X, [[1], [0]], V, Z].map((a) => theano.array(a));
    expect(await message(() => fRef(...args))).not.toBe('');
    expect(await message(() => f(...args))).toMatch(/dot/);
  });
});

describe('a deep tanh network gradient', () => {
  it('has no broadcasting check left, and agrees with ref', async () => {
    const x = T.dmatrix('x');
    const ws = Array.from({ length: 6 }, (_, i) => T.dmatrix(`w${i}`));
    let h: TensorVariable = x;
    for (const w of ws) h = T.tanh(T.dot(h, w).add(0.1));
    const loss = T.sqr(h).sum();
    const outs = [loss, ...(T.grad(loss, ws) as TensorVariable[])];
    const f = theano.function([x, ...ws], outs, { backend: 'onnx' });
    const checked = buildModel(f.maker.fgraph);
    const unchecked = buildModel(f.maker.fgraph, { checks: false });
    expect(checked.checks.length).toBe(0);
    expect(checked.checkOutputs).toBeNull();
    expect(checked.model.graph!.node.length).toBe(unchecked.model.graph!.node.length);
    const m = (r: number, c: number, s: number) =>
      theano.array(
        Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => 0.4 * Math.sin(s + 3 * i + j))),
      );
    await compareWithRef([x, ...ws], outs, [m(3, 4, 0), ...ws.map((_, i) => m(4, 4, i + 1))], 'deep tanh gradient');
  });
});
