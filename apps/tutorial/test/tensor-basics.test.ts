// The chapter "tensor basics" prints what numpy prints for the same calls (the expected lines are numpy 2's
// output for m = [[1, 2, 3], [4, 5, 6]], v = [3, 1, 2], A = [[2, 1], [1, 3]], b = [1, 2]).
import '@theano-ts/backend-onnx';
import { describe, expect, it } from 'vitest';
import { runTensorBasics } from '../src/tensor-basics.ts';

// biome-ignore format: numpy's printed lines, one per line
const NUMPY = [
  '', '== tensor basics ==',
  'm = [[1,2,3],[4,5,6]], v = [3,1,2]',
  "m.get('1:'):", '[[4. 5. 6.]]',
  "m.get(':', 1):", '[2. 5.]',
  'm.get(-1, -1):', '6.0',
  "m.get('::-1'):", '[[4. 5. 6.]', ' [1. 2. 3.]]',
  'm.T:', '[[1. 4.]', ' [2. 5.]', ' [3. 6.]]',
  'm.reshape([3, 2]):', '[[1. 2.]', ' [3. 4.]', ' [5. 6.]]',
  'm.flatten():', '[1. 2. 3. 4. 5. 6.]',
  'T.argmax(m, 1):', '[2 2]',
  'm.sum(0):', '[5. 7. 9.]',
  'm.prod(1):', '[  6. 120.]',
  'm.mean(1):', '[2. 5.]',
  'm.var():', '2.9166666666666665',
  'm.std():', '1.707825127659933',
  'T.cumsum(v):', '[3. 4. 6.]',
  'T.concatenate([m, m], 0):', '[[1. 2. 3.]', ' [4. 5. 6.]', ' [1. 2. 3.]', ' [4. 5. 6.]]',
  'T.stack([v, v], 1):', '[[3. 3.]', ' [1. 1.]', ' [2. 2.]]',
  'T.arange(5):', '[0 1 2 3 4]',
  'T.zeros([2, 2]):', '[[0. 0.]', ' [0. 0.]]',
  'T.eye(3):', '[[1. 0. 0.]', ' [0. 1. 0.]', ' [0. 0. 1.]]',
  'T.clip(m, 2, 5):', '[[2. 2. 3.]', ' [4. 5. 5.]]',
  'T.switch(m.gt(3), m, 0):', '[[0. 0. 0.]', ' [4. 5. 6.]]',
  'T.sort(v):', '[1. 2. 3.]',
  'T.argsort(v):', '[1 2 0]',
  'T.outer(v, v):', '[[9. 3. 6.]', ' [3. 1. 2.]', ' [6. 2. 4.]]',
  'T.tensordot(m, m, [[1], [1]]):', '[[14. 32.]', ' [32. 77.]]',
  '-T.mean(T.log(p).get(T.arange(y.shape.get(0)), y)):', '0.2899092476264711',
];

/** numpy: det = 5.000000000000001 (LAPACK's LU); inv = [[0.6 -0.2] [-0.2 0.4]]; solve = [0.2 0.6]. */
const LINALG_LABELS = ['T.nlinalg.det(A):', 'T.nlinalg.matrixInverse(A):', 'T.slinalg.solve(A, b):'];

async function lines(backend: string): Promise<string[]> {
  const out: string[] = [];
  await runTensorBasics((l) => out.push(l), { backend });
  return out;
}

describe('tutorial: tensor basics', () => {
  it('prints what numpy prints for the common calls (ref)', async () => {
    const out = await lines('ref');
    expect(out.slice(0, NUMPY.length)).toEqual(NUMPY);
    const rest = out.slice(NUMPY.length);
    expect(rest[0]).toBe(LINALG_LABELS[0]);
    expect(Math.abs(Number(rest[1]) - 5)).toBeLessThan(1e-14);
    expect(rest.slice(2)).toEqual([LINALG_LABELS[1], '[[ 0.6 -0.2]', ' [-0.2  0.4]]', LINALG_LABELS[2], '[0.2 0.6]']);
  });

  it('prints the same on onnx, and says which decompositions onnx has no operator for', async () => {
    const out = await lines('onnx');
    expect(out.slice(0, NUMPY.length)).toEqual(NUMPY);
    const rest = out.slice(NUMPY.length);
    expect(rest.filter((l) => LINALG_LABELS.includes(l))).toEqual(LINALG_LABELS);
    for (const l of rest.filter((x) => x.startsWith('(not on onnx'))) expect(l).toMatch(/ONNX|onnxruntime/);
  });
});
