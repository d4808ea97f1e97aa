// The WebGL backend's random kernel on the host (node, no browser needed): PhiloxRandom gives core's numbers
// and state for int64 and float32 draws, and float64 draws (used in float32 under allowFloat64Downcast)
// stay below 1 after rounding to float32.
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { RANDOM_KERNELS } from '../src/kernels/sort.ts';
import type { KernelArgs } from '../src/kernels/types.ts';

const T = theano.tensor;

/** Runs the kernel of `PhiloxRandom{dtype}` on host values of a state and a size. */
function run(dtype: 'int64' | 'float32' | 'float64', words: number[], size: number[]): theano.NDArray[] {
  const state = T.lvector('state');
  const [, draws] = theano.philoxRandom(state, T.constant(size, { dtype: 'int64' }), dtype, 'test');
  const node = draws.owner!;
  const values = [theano.philox.stateArray(words), theano.array(size, 'int64')];
  const args = { node, values, host: (k: number) => values[k]! } as unknown as KernelArgs;
  return RANDOM_KERNELS.philox_random(args) as theano.NDArray[];
}

describe('PhiloxRandom on the WebGL backend (host kernel)', () => {
  it('draws the known answer and advances the state', () => {
    const [next, w] = run('int64', [0, 0, 0, 0], [4]);
    expect(Array.from(w!.toFloat64())).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    expect(theano.philox.stateWords(next!, 'test')).toEqual([0, 0, 1, 0]);
  });

  it('gives float32 draws of the top 24 bits of each word', () => {
    const [, u] = run('float32', [0, 0, 0, 0], [2, 2]);
    expect(u!.shape).toEqual([2, 2]);
    expect(Array.from(u!.toFloat64())).toEqual(
      [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8].map((w) => Math.floor(w / 256) / 2 ** 24),
    );
  });

  it('keeps float64 draws below 1 in float32', () => {
    // key (7, 8), block 51003830: its first word is 4294967257, so its first float64 draw is above
    // 1 − 2^-26 and rounds to 1 in float32; the kernel gives the largest float32 below 1 instead
    const block = Array.from(theano.philox.philox4x32([51003830, 0, 0, 0], [7, 8]));
    expect(block[0]).toBe(4294967257);
    const first = (Math.floor(block[0]! / 32) * 2 ** 26 + Math.floor(block[1]! / 64)) / 2 ** 53;
    const second = (Math.floor(block[2]! / 32) * 2 ** 26 + Math.floor(block[3]! / 64)) / 2 ** 53;
    expect(Math.fround(first)).toBe(1);
    const [, u] = run('float64', [7, 8, 51003830, 0], [2]);
    expect(Array.from(u!.toFloat64())).toEqual([1 - 2 ** -24, second]);
  });
});
