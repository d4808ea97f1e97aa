// theano.RandomStreams: Philox4x32-10 against Random123's published known answers, the draws' layout and
// transforms checked against the block function, statistics of 1e5 draws within 5 standard errors of the
// values worked out by hand, default updates, seeding, symbolic sizes, gradients and argument errors.

import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;
const { philox } = theano;

/** Random123's kat_vectors, "philox4x32 R ctr[4] key[2] → out[4]" (hex words). */
const KAT: [number, number[], number[], number[]][] = [
  [10, [0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
  [
    10,
    [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    [0xffffffff, 0xffffffff],
    [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd],
  ],
  [
    10,
    [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    [0xa4093822, 0x299f31d0],
    [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
  ],
  [
    7,
    [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    [0xa4093822, 0x299f31d0],
    [0x4dfccaba, 0x190a87f0, 0xc47362ba, 0xb6b5242a],
  ],
];

const N = 100_000;
const state = (w: number[]) => philox.stateArray(w);
/** The words [k0, k1, c0, c1] of a generator state (held as 16-bit halves). */
const stateOf = (v: theano.SharedVariable) => philox.stateWords(v.getValue(), 'test');
const values = (a: theano.NDArray) => Array.from(a.toFloat64());

function meanVar(xs: readonly number[]): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length;
  return [m, v];
}

/** Mean and variance within 5 standard errors: se(mean) = σ/√n, se(var) = √((μ4 − σ⁴)/n). */
function expectMoments(xs: readonly number[], mean: number, variance: number, mu4: number): void {
  const [m, v] = meanVar(xs);
  const n = xs.length;
  expect(Math.abs(m - mean)).toBeLessThan(5 * Math.sqrt(variance / n));
  expect(Math.abs(v - variance)).toBeLessThan(5 * Math.sqrt((mu4 - variance ** 2) / n) + 5 * (variance / n));
}

describe('Philox4x32', () => {
  it.each(KAT.map((k, i) => [i, ...k] as const))('matches Random123 known answer %i', (_i, rounds, ctr, key, out) => {
    expect(Array.from(philox.philox4x32(ctr, key, rounds))).toEqual(out);
  });
});

describe('the draws read the generator block by block', () => {
  it('uniform float32 is the top 24 bits of each word, float64 the top 27 + 26 bits of two words', () => {
    const srng = new theano.RandomStreams(1);
    const u32 = srng.uniform({ size: [2, 4], dtype: 'float32' });
    const u64 = srng.uniform({ size: [4], dtype: 'float64' });
    const ri = srng.randomInteger({ size: [4], low: 0, high: 4294967295 });
    // key (0xa4093822, 0x299f31d0), counter 5: blocks 5 and 6 of that key
    const key = KAT[2]![2]!;
    for (const rv of [u32, u64, ri]) rv.rng.setValue(state([key[0]!, key[1]!, 5, 0]));
    const f = theano.function([], [u32, u64, ri]);
    const [a, b, c] = f.callSync();
    const w5 = Array.from(philox.philox4x32([5, 0, 0, 0], key));
    const w6 = Array.from(philox.philox4x32([6, 0, 0, 0], key));
    const words = [...w5, ...w6];
    expect(values(a!)).toEqual(words.map((w) => Math.floor(w / 256) / 2 ** 24));
    expect(values(b!)).toEqual(
      [0, 1, 2, 3].map(
        (i) => (Math.floor(words[2 * i]! / 32) * 2 ** 26 + Math.floor(words[2 * i + 1]! / 64)) / 2 ** 53,
      ),
    );
    expect(values(c!)).toEqual(w5);
    // the counters advanced by the blocks used: 8 words = 2 blocks, 8 words = 2 blocks, 4 words = 1 block
    expect(stateOf(u32.rng)).toEqual([key[0], key[1], 7, 0]);
    expect(stateOf(u64.rng)).toEqual([key[0], key[1], 7, 0]);
    expect(stateOf(ri.rng)).toEqual([key[0], key[1], 6, 0]);
    // the state tensor: each word as 16-bit halves, low first (0xa4093822 → 0x3822, 0xa409)
    expect(values(ri.rng.getValue())).toEqual([0x3822, 0xa409, 0x31d0, 0x299f, 6, 0, 0, 0]);
  });

  it('carries the block counter into its high word', () => {
    const srng = new theano.RandomStreams(1);
    const ri = srng.randomInteger({ size: [8], low: 0, high: 4294967295 });
    ri.rng.setValue(state([3, 4, 0xffffffff, 9]));
    const f = theano.function([], ri);
    const words = [...philox.philox4x32([0xffffffff, 9, 0, 0], [3, 4]), ...philox.philox4x32([0, 10, 0, 0], [3, 4])];
    expect(values(f.callSync())).toEqual(words);
    expect(stateOf(ri.rng)).toEqual([3, 4, 1, 10]);
  });
});

describe('statistics of 1e5 draws', () => {
  it('uniform on [2, 5): mean 3.5, variance 0.75, in float64 and float32', () => {
    const srng = new theano.RandomStreams(11);
    for (const dtype of ['float64', 'float32'] as const) {
      const u = srng.uniform({ size: [N], low: 2, high: 5, dtype });
      expect(u.dtype).toBe(dtype);
      const xs = values(theano.function([], u).callSync());
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(2);
      expect(Math.max(...xs)).toBeLessThan(5);
      // U(2, 5): σ² = 9/12, μ4 = 3⁴/80
      expectMoments(xs, 3.5, 0.75, 81 / 80);
    }
  });

  it('normal(avg 1, std 2): mean 1, variance 4 (μ4 = 3σ⁴), in float64 and float32', () => {
    const srng = new theano.RandomStreams(12);
    for (const dtype of ['float64', 'float32'] as const) {
      const xs = values(theano.function([], srng.normal({ size: [N], avg: 1, std: 2, dtype })).callSync());
      expectMoments(xs, 1, 4, 48);
      // P(|z| > 1) = 0.3173: within 5 standard errors
      const frac = xs.filter((x) => Math.abs(x - 1) > 2).length / N;
      expect(Math.abs(frac - 0.3173)).toBeLessThan(5 * Math.sqrt((0.3173 * 0.6827) / N));
    }
  });

  it('binomial(n 10, p 0.3): mean 3, variance 2.1, integers in [0, 10]', () => {
    const srng = new theano.RandomStreams(13);
    const b = srng.binomial({ size: [N], n: 10, p: 0.3 });
    expect(b.dtype).toBe('int64');
    const xs = values(theano.function([], b).callSync());
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x <= 10)).toBe(true);
    // μ4 = npq(1 + 3(n − 2)pq)
    expectMoments(xs, 3, 2.1, 2.1 * (1 + 3 * 8 * 0.21));
    const bern = values(theano.function([], srng.binomial({ size: [N], p: 0.25, dtype: 'int8' })).callSync());
    expectMoments(bern, 0.25, 0.1875, 0.1875 * (1 - 3 * 0.1875));
  });

  it('binomial with per-element n and p (broadcast, default size)', () => {
    const srng = new theano.RandomStreams(14);
    const n = theano.array(
      new Array(N).fill(0).map((_, i) => (i % 2 ? 4 : 0)),
      'int64',
    );
    const b = srng.binomial({ n, p: 0.5 });
    const xs = values(theano.function([], b).callSync());
    expect(xs.filter((_, i) => i % 2 === 0).every((x) => x === 0)).toBe(true);
    expectMoments(
      xs.filter((_, i) => i % 2 === 1),
      2,
      1,
      1 * (1 + 3 * 2 * 0.25),
    );
  });

  it('randomInteger on [-3, 4]: every value, mean 0.5, variance 5.25', () => {
    const srng = new theano.RandomStreams(15);
    const r = srng.randomInteger({ size: [N], low: -3, high: 4, dtype: 'int32' });
    expect(r.dtype).toBe('int32');
    const xs = values(theano.function([], r).callSync());
    expect(new Set(xs)).toEqual(new Set([-3, -2, -1, 0, 1, 2, 3, 4]));
    // discrete uniform on k = 8 values: σ² = (k² − 1)/12, μ4 = (k² − 1)(3k² − 7)/240
    expectMoments(xs, 0.5, 63 / 12, (63 * 185) / 240);
  });

  it('multinomial: counts sum to n, each category n·p on average', () => {
    const srng = new theano.RandomStreams(16);
    const pvals = [0.2, 0.3, 0.5];
    const m = srng.multinomial({ size: [20000], n: 5, pvals });
    const out = theano.function([], m).callSync();
    expect(out.shape).toEqual([20000, 3]);
    const xs = values(out);
    for (let r = 0; r < 20000; r++) expect(xs[3 * r]! + xs[3 * r + 1]! + xs[3 * r + 2]!).toBe(5);
    pvals.forEach((p, j) => {
      const col = xs.filter((_, i) => i % 3 === j);
      expectMoments(col, 5 * p, 5 * p * (1 - p), 5 * p * (1 - p) * (1 + 3 * 3 * p * (1 - p)));
    });
    // rows of pvals (default size: their leading shape), per-row n
    const m2 = srng.multinomial({
      n: theano.array([3, 0], 'int64'),
      pvals: [
        [1, 0],
        [0.5, 0.5],
      ],
    });
    expect(theano.function([], m2).callSync().toArray()).toEqual([
      [3, 0],
      [0, 0],
    ]);
  });

  it('permutation: each row is a permutation of 0…n-1, its first entry uniform', () => {
    const srng = new theano.RandomStreams(17);
    const p = srng.permutation({ size: [20000], n: 4 });
    const out = theano.function([], p).callSync();
    expect(out.shape).toEqual([20000, 4]);
    const xs = values(out);
    for (let r = 0; r < 20000; r++) expect(xs.slice(4 * r, 4 * r + 4).sort()).toEqual([0, 1, 2, 3]);
    for (let k = 0; k < 4; k++) {
      const frac = xs.filter((x, i) => i % 4 === 0 && x === k).length / 20000;
      expect(Math.abs(frac - 0.25)).toBeLessThan(5 * Math.sqrt((0.25 * 0.75) / 20000));
    }
    expect(theano.function([], srng.permutation({ n: 6 })).callSync().shape).toEqual([6]);
  });

  it('choice: with probabilities, without replacement (no duplicates), of the elements of a', () => {
    const srng = new theano.RandomStreams(18);
    const p = [0.1, 0.6, 0.3];
    const xs = values(theano.function([], srng.choice({ size: [N], a: 3, p })).callSync());
    p.forEach((pk, k) => {
      const frac = xs.filter((x) => x === k).length / N;
      expect(Math.abs(frac - pk)).toBeLessThan(5 * Math.sqrt((pk * (1 - pk)) / N));
    });
    const uni = values(theano.function([], srng.choice({ size: [N], a: 5 })).callSync());
    expectMoments(uni, 2, 2, (24 * 68) / 240);
    const f = theano.function([], srng.choice({ size: [2, 3], a: 10, replace: false }));
    for (let t = 0; t < 50; t++) {
      const v = values(f.callSync());
      expect(new Set(v).size).toBe(6);
      expect(v.every((x) => x >= 0 && x < 10)).toBe(true);
    }
    const weighted = theano.function([], srng.choice({ size: [2], a: 4, replace: false, p: [0.5, 0, 0.5, 0] }));
    for (let t = 0; t < 20; t++) expect(values(weighted.callSync()).sort()).toEqual([0, 2]);
    const a = theano.array([10, 20, 30], 'float32');
    const picked = theano.function([], srng.choice({ size: [100], a })).callSync();
    expect(picked.dtype).toBe('float32');
    expect(values(picked).every((x) => x === 10 || x === 20 || x === 30)).toBe(true);
  });
});

describe('streams, seeds and updates', () => {
  it('each call advances the state (different draws); the same seed gives the same draws', () => {
    const draw = (seed: number) => {
      const srng = new theano.RandomStreams(seed);
      const f = theano.function([], [srng.uniform({ size: [5] }), srng.normal({ size: [3] })]);
      return [f.callSync(), f.callSync()].map((r) => r.map(values));
    };
    const [a1, a2] = draw(99);
    const [b1, b2] = draw(99);
    const [c1] = draw(100);
    expect(a1).toEqual(b1);
    expect(a2).toEqual(b2);
    expect(a1![0]).not.toEqual(a2![0]);
    expect(a1![0]).not.toEqual(c1![0]);
    // two streams of one RandomStreams differ
    expect(a1![0]!.slice(0, 3)).not.toEqual(a1![1]);
  });

  it('rv.rng is an int64 shared state; rv.update its new value; srng.updates() lists them', () => {
    const srng = new theano.RandomStreams(5);
    const u = srng.uniform({ size: [2] });
    expect(u.rng).toBeInstanceOf(theano.SharedVariable);
    expect(u.rng.dtype).toBe('int64');
    expect(u.rng.getValue().shape).toEqual([8]);
    expect(u.update[0]).toBe(u.rng);
    expect(u.rng.defaultUpdate).toBe(u.update[1]);
    expect(srng.updates()).toEqual([[u.rng, u.update[1]]]);
    expect(theano.tensor.sharedRandomstreams.RandomStreams).toBe(theano.RandomStreams);
    expect(
      (theano.tensor as unknown as Record<string, { RandomStreams: unknown }>).shared_randomstreams!.RandomStreams,
    ).toBe(theano.RandomStreams);
    expect(theano.sandbox.rngMrg.MRGRandomStreams).toBe(theano.RandomStreams);
    expect(new theano.RandomStreams().defaultSeed).toBe(12345);
  });

  it('srng.seed(s) reseeds every stream as a fresh RandomStreams(s) would', () => {
    const a = new theano.RandomStreams(1);
    const fa = theano.function([], [a.uniform({ size: [4] }), a.randomInteger({ size: [4], low: 0, high: 100 })]);
    fa.callSync();
    a.seed(77);
    const b = new theano.RandomStreams(77);
    const fb = theano.function([], [b.uniform({ size: [4] }), b.randomInteger({ size: [4], low: 0, high: 100 })]);
    expect(fa.callSync().map(values)).toEqual(fb.callSync().map(values));
    expect(() => a.seed(-1)).toThrow(/RandomStreams\.seed: seed must be a non-negative integer/);
    expect(() => new theano.RandomStreams(1.5)).toThrow(/RandomStreams: seed must be a non-negative integer/);
  });

  it('noDefaultUpdates keeps the state; an explicit update wins over the default one', () => {
    const srng = new theano.RandomStreams(3);
    const u = srng.uniform({ size: [3] });
    const before = stateOf(u.rng);
    const f = theano.function([], u, { noDefaultUpdates: true });
    expect(values(f.callSync())).toEqual(values(f.callSync()));
    expect(stateOf(u.rng)).toEqual(before);
    const g = theano.function([], u, { noDefaultUpdates: [u.rng] });
    expect(values(g.callSync())).toEqual(values(f.callSync()));
    expect(g.maker.updates).toEqual([]);
    const h = theano.function([], u, { updates: [[u.rng, u.rng]] });
    expect(values(h.callSync())).toEqual(values(f.callSync()));
    expect(stateOf(u.rng)).toEqual(before);
    const fixed = values(f.callSync());
    const d = theano.function([], u);
    expect(d.maker.updates).toEqual([u.rng]);
    const first = values(d.callSync());
    expect(first).toEqual(fixed);
    // 3 float64 numbers take 6 words: 2 blocks
    expect(stateOf(u.rng)).toEqual([before[0], before[1], 2, 0]);
    expect(values(d.callSync())).not.toEqual(first);
    expect(() => theano.function([], u, { noDefaultUpdates: 'yes' as never })).toThrow(
      /noDefaultUpdates must be a boolean or an array of shared variables/,
    );
  });

  it('a default update applies to any shared variable a function reads', () => {
    const s = theano.shared(0, 's');
    s.defaultUpdate = T.add(s, 1);
    const f = theano.function([], T.mul(s, 2));
    expect(f.callSync().item()).toBe(0);
    expect(f.callSync().item()).toBe(2);
    expect(s.getValue().item()).toBe(2);
  });
});

describe('sizes', () => {
  it('takes a symbolic size (x.shape), sizes with scalar variables, and ndim for a vector of unknown length', () => {
    const srng = new theano.RandomStreams(8);
    const x = T.matrix('x');
    const f = theano.function([x], srng.uniform({ size: x.shape }));
    expect(f.callSync(theano.zeros([2, 3])).shape).toEqual([2, 3]);
    expect(f.callSync(theano.zeros([4, 1])).shape).toEqual([4, 1]);
    const n = T.lscalar('n');
    const g = theano.function([n], srng.normal({ size: [n, 2] }));
    expect(g.callSync(5).shape).toEqual([5, 2]);
    const v = T.lvector('v');
    const h = theano.function([v], srng.randomInteger({ size: v, ndim: 2, low: 0, high: 3 }));
    expect(h.callSync([3, 2]).shape).toEqual([3, 2]);
    expect(theano.function([], srng.uniform()).callSync().shape).toEqual([]);
    expect(theano.function([], srng.uniform({ low: [0, 1, 2], high: 5 })).callSync().shape).toEqual([3]);
  });
});

describe('gradients treat the random numbers as constants', () => {
  it('d/dw sum(w·r) = r, and the affine part of a float draw is differentiable', () => {
    const srng = new theano.RandomStreams(4);
    const w = T.vector('w');
    const m = T.scalar('m');
    const s = T.scalar('s');
    const r = srng.normal({ size: [5], avg: m, std: s });
    const cost = T.sum(T.mul(w, r));
    const [gw, gm, gs] = T.grad(cost, [w, m, s]);
    const f = theano.function([w, m, s], [r, gw!, gm!, gs!]);
    const wv = [1, 2, 3, 4, 5];
    const [rv, gwv, gmv, gsv] = f.callSync(wv, 0.5, 2).map(values);
    expect(gwv).toEqual(rv);
    // r = m + s·z: d/dm = Σw, d/ds = Σ w·z with z = (r − m)/s
    expect(gmv![0]).toBeCloseTo(15, 12);
    expect(gsv![0]).toBeCloseTo(
      wv.reduce((acc, wi, i) => acc + (wi * (rv![i]! - 0.5)) / 2, 0),
      10,
    );
  });

  it('a discrete draw has a zero gradient to its probability (the comparison u < p, as Theano)', () => {
    const srng = new theano.RandomStreams(4);
    const p = T.scalar('p');
    const b = srng.binomial({ size: [4], n: 3, p });
    const cost = T.sum(T.cast(b, 'float64'));
    const g = T.grad(cost, p);
    expect(theano.function([p], g).callSync(0.5).item()).toBe(0);
  });
});

describe('argument errors name the method and the argument', () => {
  const srng = new theano.RandomStreams(0);
  it.each([
    [
      () => srng.uniform({ size: [2, -1] }),
      /RandomStreams\.uniform: size must hold non-negative integers, got \[2,-1\]/,
    ],
    [() => srng.uniform({ size: 2.5 }), /RandomStreams\.uniform: size must hold non-negative integers/],
    [() => srng.uniform({ low: 2, high: 1 }), /RandomStreams\.uniform: low must not exceed high, got low=2 and high=1/],
    [() => srng.uniform({ dtype: 'int32' }), /RandomStreams\.uniform: dtype must be float32 or float64, got "int32"/],
    [() => srng.normal({ std: -1 }), /RandomStreams\.normal: std must be >= 0, got -1/],
    [() => srng.binomial({ p: 1.5 }), /RandomStreams\.binomial: p must be in \[0, 1\], got 1\.5/],
    [() => srng.binomial({ n: -2 }), /RandomStreams\.binomial: n must be >= 0, got -2/],
    [() => srng.binomial({ n: 2.5 }), /RandomStreams\.binomial: n must be an integer/],
    [
      () => srng.randomInteger({ low: 5, high: 4 }),
      /RandomStreams\.randomInteger: low must not exceed high, got low=5 and high=4/,
    ],
    [() => srng.choice({ a: 3, p: [0.5, 0.6, -0.1] }), /RandomStreams\.choice: p must be in \[0, 1\], got -0\.1/],
    [() => srng.choice({ a: 3, p: [0.5, 0.6, 0.1] }), /RandomStreams\.choice: p must sum to 1, got a sum of 1\.2/],
    [
      () => srng.choice({ a: 3, p: [0.5, 0.5] }),
      /RandomStreams\.choice: p must have one probability per element of a \(3\), got 2/,
    ],
    [
      () => srng.choice({ size: [4], a: 3, replace: false }),
      /RandomStreams\.choice: cannot take 4 elements without replacement from 3 elements/,
    ],
    [
      () => srng.multinomial({ pvals: [0.2, 0.2] }),
      /RandomStreams\.multinomial: pvals must sum to 1, got a sum of 0\.4/,
    ],
    [
      () =>
        srng.multinomial({
          pvals: [
            [0.5, 0.5],
            [0.9, 0.2],
          ],
        }),
      /RandomStreams\.multinomial: pvals \(row 1\) must sum to 1/,
    ],
    [() => srng.permutation({ n: -1 }), /RandomStreams\.permutation: n must be >= 0, got -1/],
    [() => srng.uniform({ sizes: [2] }), /RandomStreams\.uniform: unknown option 'sizes'/],
  ])('%#', (f, pattern) => {
    expect(f).toThrow(pattern);
  });

  it('a negative symbolic size is a run-time error naming the method', () => {
    const n = T.lscalar('n');
    const f = theano.function([n], srng.uniform({ size: [n] }));
    expect(() => f.callSync(-3)).toThrow(/RandomStreams\.uniform: size must hold non-negative integers, got \[-3\]/);
  });
});
