/**
 * Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror and Shaw ("Parallel random numbers:
 * as easy as 1, 2, 3", SC'11), written from the published algorithm: a block of four 32-bit words is a
 * keyed bijection of a 128-bit counter, ten rounds of two 32×32→64-bit products, each round bumping the
 * 64-bit key by the Weyl constants. The products are split in 16-bit halves so that every step is exact
 * in doubles (and the same split renders in ONNX int64 arithmetic, word for word).
 *
 * A generator is four words `[k0, k1, c0, c1]`: the key, and a 64-bit block counter (low word first).
 * Block `i` of a draw enciphers the counter `(c0, c1) + i` (the upper two counter words are zero). Its state
 * tensor holds each word as two 16-bit halves, low first: int64 `[k0 lo, k0 hi, k1 lo, k1 hi, c0 lo, c0 hi,
 * c1 lo, c1 hi]`, values every backend stores exactly (WebGL keeps int64 in int32, and int32 in float32
 * textures, exact below 2^24).
 * Draws read the words block by block (`x0 x1 x2 x3` of block 0, then block 1, …) and turn them into
 * numbers the same way on every backend:
 * - `int64`: the word itself, in [0, 2^32);
 * - `float32`: the top 24 bits of one word, times 2^-24 (uniform on [0, 1), exact in float32);
 * - `float64`: the top 27 bits of one word and the top 26 bits of the next, (a·2^26 + b)·2^-53.
 */
import { NDArray, shapeToString } from '../ndarray.js';

/** The Philox4x32 multipliers. */
export const PHILOX_M0 = 0xd2511f53;
/** The second Philox4x32 multiplier. */
export const PHILOX_M1 = 0xcd9e8d57;
/** The Weyl key increments (the golden ratio and √3 − 1, as 32-bit fractions). */
export const PHILOX_W0 = 0x9e3779b9;
/** The second Weyl key increment. */
export const PHILOX_W1 = 0xbb67ae85;
/** The number of rounds. */
export const PHILOX_ROUNDS = 10;

const TWO16 = 65536;
const TWO32 = 4294967296;

/** The dtypes a draw comes in: raw words, or uniform floats on [0, 1). */
export type PhiloxDType = 'int64' | 'float32' | 'float64';

/** How many words one number of `dtype` takes. */
export function wordsPerDraw(dtype: PhiloxDType): number {
  return dtype === 'float64' ? 2 : 1;
}

/**
 * Philox4x32 on one block: `ctr` (four words) enciphered under `key` (two words) in `rounds` rounds
 * (10 for Philox4x32-10); words are numbers in [0, 2^32). Writes the four output words into `out`.
 */
export function philox4x32(
  ctr: ArrayLike<number>,
  key: ArrayLike<number>,
  rounds: number = PHILOX_ROUNDS,
  out: number[] | Float64Array = new Float64Array(4),
): number[] | Float64Array {
  let x0 = ctr[0]!;
  let x1 = ctr[1]!;
  let x2 = ctr[2]!;
  let x3 = ctr[3]!;
  let k0 = key[0]!;
  let k1 = key[1]!;
  for (let r = 0; r < rounds; r++) {
    if (r > 0) {
      k0 = (k0 + PHILOX_W0) % TWO32;
      k1 = (k1 + PHILOX_W1) % TWO32;
    }
    // (hi0, lo0) = M0 · x0 and (hi1, lo1) = M1 · x2, as 64-bit products split at 2^32:
    // with x = xh·2^16 + xl, M·x = (M·xh div 2^16)·2^32 + t, t = M·xl + (M·xh mod 2^16)·2^16 < 2^49
    const a0 = PHILOX_M0 * (x0 % TWO16);
    const b0 = PHILOX_M0 * Math.floor(x0 / TWO16);
    const t0 = a0 + (b0 % TWO16) * TWO16;
    const lo0 = t0 % TWO32;
    const hi0 = Math.floor(b0 / TWO16) + Math.floor(t0 / TWO32);
    const a1 = PHILOX_M1 * (x2 % TWO16);
    const b1 = PHILOX_M1 * Math.floor(x2 / TWO16);
    const t1 = a1 + (b1 % TWO16) * TWO16;
    const lo1 = t1 % TWO32;
    const hi1 = Math.floor(b1 / TWO16) + Math.floor(t1 / TWO32);
    // the round: (hi1 ^ x1 ^ k0, lo1, hi0 ^ x3 ^ k1, lo0), xor on unsigned words
    const y0 = (hi1 ^ x1 ^ k0) >>> 0;
    const y2 = (hi0 ^ x3 ^ k1) >>> 0;
    x0 = y0;
    x1 = lo1;
    x2 = y2;
    x3 = lo0;
  }
  out[0] = x0;
  out[1] = x1;
  out[2] = x2;
  out[3] = x3;
  return out;
}

/** The number of entries of a state tensor (four words in 16-bit halves). */
export const STATE_SIZE = 8;

/** The four words `[k0, k1, c0, c1]` of a state array, checked (8 integers in [0, 2^16), see above). */
export function stateWords(state: NDArray, who: string): [number, number, number, number] {
  const v = Array.from(state.toFloat64());
  if (state.ndim !== 1 || v.length !== STATE_SIZE || v.some((h) => !Number.isInteger(h) || h < 0 || h >= TWO16)) {
    throw new Error(
      `${who}: the generator state must be ${STATE_SIZE} integers in [0, 65536) (the key and the block counter in 16-bit halves), got ${shapeToString(state.shape)} [${v.join(', ')}]`,
    );
  }
  return [0, 1, 2, 3].map((i) => v[2 * i]! + v[2 * i + 1]! * TWO16) as [number, number, number, number];
}

/** The state array of words `[k0, k1, c0, c1]` (each in [0, 2^32)): int64, each word as two 16-bit halves. */
export function stateArray(words: readonly number[]): NDArray {
  const halves = new BigInt64Array(STATE_SIZE);
  words.forEach((w, i) => {
    halves[2 * i] = BigInt(w % TWO16);
    halves[2 * i + 1] = BigInt(Math.floor(w / TWO16));
  });
  return new NDArray(halves, [STATE_SIZE], 'int64');
}

/**
 * The first state of stream `index` of a `RandomStreams` seeded with `seed` (a non-negative safe
 * integer): its key is the first two words of Philox4x32-10 of the counter `(index, 0, 0, 0)` under the key
 * `(seed mod 2^32, floor(seed / 2^32))`; its counter starts at 0.
 */
export function streamState(seed: number, index: number): NDArray {
  const w = philox4x32([index % TWO32, Math.floor(index / TWO32), 0, 0], [seed % TWO32, Math.floor(seed / TWO32)]);
  return stateArray([w[0]!, w[1]!, 0, 0]);
}

/**
 * `count` numbers of `dtype` from state `[k0, k1, c0, c1]` (see the file's comment), and the state after
 * them (the counter advanced by the blocks used).
 */
export function philoxDraw(
  words: readonly [number, number, number, number],
  count: number,
  dtype: PhiloxDType,
): {
  /** The `count` numbers drawn. */
  readonly values: Float64Array | BigInt64Array | Float32Array;
  /** The state after them, to draw the next numbers from. */
  readonly next: NDArray;
} {
  const [k0, k1, c0, c1] = words;
  const per = wordsPerDraw(dtype);
  const nWords = count * per;
  const blocks = Math.ceil(nWords / 4);
  const raw = new Float64Array(blocks * 4);
  const ctr = [0, 0, 0, 0];
  const key = [k0, k1];
  const out = new Float64Array(4);
  for (let b = 0; b < blocks; b++) {
    const lo = c0 + b;
    ctr[0] = lo % TWO32;
    ctr[1] = (c1 + Math.floor(lo / TWO32)) % TWO32;
    philox4x32(ctr, key, PHILOX_ROUNDS, out);
    raw.set(out, b * 4);
  }
  const lo = c0 + blocks;
  const next = stateArray([k0, k1, lo % TWO32, (c1 + Math.floor(lo / TWO32)) % TWO32]);
  if (dtype === 'int64') {
    const values = new BigInt64Array(count);
    for (let i = 0; i < count; i++) values[i] = BigInt(raw[i]!);
    return { values, next };
  }
  if (dtype === 'float32') {
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = Math.floor(raw[i]! / 256) * 2 ** -24;
    return { values, next };
  }
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const a = Math.floor(raw[2 * i]! / 32);
    const b = Math.floor(raw[2 * i + 1]! / 64);
    values[i] = (a * 67108864 + b) * 2 ** -53;
  }
  return { values, next };
}

/**
 * The random op on values: `[newState, draws]`, the draws of `dtype` with shape `size` (non-negative
 * integers; an error naming `who` otherwise).
 */
export function philoxPerform(state: NDArray, size: NDArray, dtype: PhiloxDType, who: string): [NDArray, NDArray] {
  const words = stateWords(state, who);
  const dims = Array.from(size.toFloat64());
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`${who}: size must hold non-negative integers, got [${dims.join(', ')}]`);
  }
  const count = dims.reduce((a, b) => a * b, 1);
  const { values, next } = philoxDraw(words, count, dtype);
  return [next, new NDArray(values, dims, dtype)];
}
