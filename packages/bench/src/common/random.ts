/**
 * Seeded pseudo-random data (mulberry32), so every run of a benchmark feeds every peer the same numbers.
 */

import { seededRandom } from '@theano-ts/core';

/** A generator of uniform numbers in [0, 1) from a 32-bit seed (core's mulberry32). */
export const rng = seededRandom;

/** `n` float32 values uniform in [lo, hi), from `seed`. */
export function uniform(n: number, lo: number, hi: number, seed: number): Float32Array {
  const next = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * next();
  return out;
}

/** A `rows × classes` one-hot float32 matrix of seeded random labels (row-major). */
export function oneHot(rows: number, classes: number, seed: number): Float32Array {
  const next = rng(seed);
  const out = new Float32Array(rows * classes);
  for (let r = 0; r < rows; r++) out[r * classes + Math.floor(next() * classes)] = 1;
  return out;
}
