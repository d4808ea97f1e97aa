/**
 * Helpers shared by the seed's case files: the case constructor, `floatX` switching, constructors of `T`
 * by name, the seven kinds and eight prefixes, and the tutorial's `linear_mix` graph with its printed
 * outputs.
 */

import type { DType, NDArray, TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import type { CaseContext, ConformanceCase } from './case.js';
import { expectClose, expectEqual, expectPrinted } from './check.js';

const T = theano.tensor;

/** A seed case. */
export function def(
  id: string,
  section: string,
  dtype: DType,
  description: string,
  run: (ctx: CaseContext) => Promise<void> | void,
): ConformanceCase {
  return { id, section, dtype, description, run: async (ctx) => run(ctx) };
}

/** Runs `body` with `theano.config.floatX` set, restoring it after. */
export function withFloatX<R>(floatX: 'float32' | 'float64', body: () => R): R {
  const saved = theano.config.floatX;
  theano.config.floatX = floatX;
  try {
    return body();
  } finally {
    theano.config.floatX = saved;
  }
}

/** A constructor of `T` by its Theano name (`dvector`, `fmatrix`, …). */
export function one(name: string): (name?: string | null) => TensorVariable {
  const f = (T as unknown as Record<string, unknown>)[name];
  if (typeof f !== 'function') throw new Error(`T.${name} does not exist`);
  return f as (name?: string | null) => TensorVariable;
}

/** A plural constructor of `T` by its Theano name (`vectors`, `fmatrices`, …). */
export function many(name: string): (...namesOrCount: [number] | string[]) => TensorVariable[] {
  const f = (T as unknown as Record<string, unknown>)[name];
  if (typeof f !== 'function') throw new Error(`T.${name} does not exist`);
  return f as (...namesOrCount: [number] | string[]) => TensorVariable[];
}

export const KINDS = ['scalar', 'vector', 'matrix', 'row', 'col', 'tensor3', 'tensor4'] as const;
export const PATTERNS: Record<(typeof KINDS)[number], { bcast: boolean[]; name: string }> = {
  scalar: { bcast: [], name: 'scalar' },
  vector: { bcast: [false], name: 'vector' },
  matrix: { bcast: [false, false], name: 'matrix' },
  row: { bcast: [true, false], name: 'row' },
  col: { bcast: [false, true], name: 'col' },
  tensor3: { bcast: [false, false, false], name: '3D' },
  tensor4: { bcast: [false, false, false, false], name: '4D' },
};
export const PREFIXES: [string, DType][] = [
  ['b', 'int8'],
  ['w', 'int16'],
  ['i', 'int32'],
  ['l', 'int64'],
  ['d', 'float64'],
  ['f', 'float32'],
  ['c', 'complex64'],
  ['z', 'complex128'],
];
export const plural = (k: string): string => (k.endsWith('matrix') ? `${k.slice(0, -6)}matrices` : `${k}s`);

export const A_VALUE = [
  [1, 2, 3],
  [4, 5, 6],
];

/** `linear_mix`: y = A·x + b, z = Σ A², in `dtype` (float32 through the f-constructors or floatX). */
export function linearMix(dtype: 'float32' | 'float64') {
  const p = dtype === 'float32' ? 'f' : 'd';
  const A = one(`${p}matrix`)('A');
  const x = one(`${p}vector`)('x');
  const b = one(`${p}vector`)('b');
  const y = T.dot(A, x).add(b);
  const z = T.sum(A.pow(2));
  return { A, x, b, y, z };
}

export function checkLinearMix(dtype: 'float32' | 'float64', out: NDArray[], withB: boolean): void {
  expectEqual(out.length, 2, 'number of outputs');
  expectPrinted(out[0]!, withB ? '[18. 37.]' : '[14. 32.]', 'y');
  expectClose(out[0]!, withB ? [18, 37] : [14, 32], dtype, 'y');
  expectPrinted(out[1]!, '91.0', 'z');
  expectClose(out[1]!, 91, dtype, 'z');
}
