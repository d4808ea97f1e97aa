// The chapter "random numbers" (not wired into main.ts yet): what it prints on ref and on onnx. The
// known-answer line is Random123's published philox4x32-10 output for counter 0 and key 0; the other lines
// are checked by what they must satisfy (calls that differ, repeated draws, ranges, permutations, sums).
import '@theano-ts/backend-onnx';
import { describe, expect, it } from 'vitest';
import { runRandom } from '../src/random.ts';

async function lines(backend: string): Promise<string[]> {
  const out: string[] = [];
  await runRandom((l) => out.push(l), { backend });
  return out;
}

/** The numbers printed on the lines after `label` up to the next label (a line ending with ':'). */
function after(out: readonly string[], label: string, skip = 0): number[] {
  let i = out.indexOf(label) + 1 + skip;
  const nums: number[] = [];
  for (; i < out.length && !out[i]!.endsWith(':'); i++) {
    for (const m of out[i]!.matchAll(/-?\d+(\.\d+)?(e-?\d+)?/g)) nums.push(Number(m[0]));
  }
  return nums;
}

describe('tutorial: random numbers', () => {
  for (const backend of ['ref', 'onnx']) {
    it(`prints draws with their properties and the known answer (${backend})`, async () => {
      const out = await lines(backend);
      expect(out[1]).toBe('== random numbers ==');
      // f(): two 2×2 matrices (4 lines), different; g(): the same twice
      const fi = out.indexOf('f() (each call draws new numbers):');
      expect(out.slice(fi + 1, fi + 3).join()).not.toBe(out.slice(fi + 3, fi + 5).join());
      const gi = out.indexOf('g() (noDefaultUpdates: the same numbers every call):');
      expect(out.slice(gi + 1, gi + 3)).toEqual(out.slice(gi + 3, gi + 5));
      expect(after(out, 'binomial(size = x.shape, n = 10, p = 0.5):')).toHaveLength(6);
      const dice = after(out, 'randomInteger(size = [5], low = 1, high = 6):');
      expect(dice).toHaveLength(5);
      for (const d of dice) expect(d >= 1 && d <= 6 && Number.isInteger(d)).toBe(true);
      expect(new Set(after(out, 'choice(size = [3], a = 10, replace = false):')).size).toBe(3);
      expect(after(out, 'permutation(n = 6):').sort()).toEqual([0, 1, 2, 3, 4, 5]);
      const counts = after(out, 'multinomial(n = 10, pvals = [0.2, 0.3, 0.5]):');
      expect(counts.reduce((a, b) => a + b, 0)).toBe(10);
      const k = out.indexOf('the first block from the zero state, in hex:');
      expect(out[k + 1]).toBe('6627e8d5 e169c58d bc57ac4c 9b00dbd8');
      // srng.seed(234) restarts f's stream: its first draw again
      const reseeded = out.indexOf('after srng.seed(234), f() again draws its first numbers:');
      expect(out.slice(reseeded + 1, reseeded + 3)).toEqual(out.slice(fi + 1, fi + 3));
    });
  }
});
