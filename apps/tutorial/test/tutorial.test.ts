// The runnable tutorial prints what the seed ("Theano 基础") printed, in order. Where the tutorial ran with
// floatX=float32 (and on a GPU), we print our float64 defaults; values print as numpy 2 prints them.

import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { runSeed } from '../src/seed.ts';

const EXPECTED = [
  'Theano 基础, Theano basics (theano-ts; backend ref, floatX float64)',
  '',
  '== 符号变量 (Symbolic variables) ==',
  'x',
  'Elemwise{pow,no_inplace}.0',
  '(x ** TensorConstant{2})',
  'TensorVariable',
  'TensorType(float64, scalar)',
  '',
  '== theano 函数 (theano functions) ==',
  '9.0',
  '9.0',
  '',
  '== 张量类型 (Tensor types) ==',
  '[18. 37.] 91.0',
  '[14. 32.] 91.0',
  '[18. 37.] 91.0',
  '',
  '== 共享变量 (Shared variables) ==',
  'TensorType(float64, matrix)',
  '[[3. 4.]',
  ' [2. 1.]]',
  '[[ 9. 16.]',
  ' [ 4.  1.]]',
  '[[ 1.  4.]',
  ' [ 9. 16.]]',
  'before update:',
  '[[1. 2.]',
  ' [3. 4.]]',
  'the return value:',
  '[[1. 2.]',
  ' [3. 4.]]',
  'after update:',
  '[[0. 1.]',
  ' [2. 3.]]',
  '',
  '== 导数 (Derivatives) ==',
  '20.0',
  '[[9. 8. 7.]',
  ' [4. 5. 6.]]',
  '',
  '== Rop 和 Lop (Rop and Lop) ==',
  '[2. 2.]',
  '[[0. 0.]',
  ' [2. 2.]]',
];

async function capture(opts?: { backend?: string }): Promise<string[]> {
  const lines: string[] = [];
  await runSeed((line) => lines.push(line), opts);
  return lines;
}

describe('tutorial: the seed, runnable', () => {
  it('prints what the tutorial printed, in order', async () => {
    expect(await capture()).toEqual(EXPECTED);
  });

  it('runs on a backend named with --backend, and restores config.backend', async () => {
    const before = theano.config.backend;
    expect(await capture({ backend: 'ref' })).toEqual(EXPECTED);
    expect(theano.config.backend).toBe(before);
  });

  it('prints the same results on the onnx backend', async () => {
    const lines = await capture({ backend: 'onnx' });
    expect(lines[0]).toBe('Theano 基础, Theano basics (theano-ts; backend onnx, floatX float64)');
    expect(lines.slice(1)).toEqual(EXPECTED.slice(1));
  });

  it('with floatX=float32, prints the types as the tutorial did', async () => {
    theano.config.floatX = 'float32';
    try {
      const lines = await capture();
      expect(lines[0]).toBe('Theano 基础, Theano basics (theano-ts; backend ref, floatX float32)');
      expect(lines).toContain('TensorType(float32, scalar)');
      expect(lines).toContain('TensorType(float32, matrix)');
      const float64Lines = lines.map((l) => l.replace('float32', 'float64'));
      expect(float64Lines).toEqual(EXPECTED);
    } finally {
      theano.config.floatX = 'float64';
    }
  });

  it('rejects an unknown backend with a message naming the registered ones', async () => {
    await expect(capture({ backend: 'nope' })).rejects.toThrow(/Unknown backend "nope".*'ref'/);
    expect(theano.config.backend).toBe('ref');
  });
});
