/**
 * Beyond the seed: `theano.RandomStreams` on every backend. The first block of the generator from key 0 and
 * counter 0 must be Random123's published Philox4x32-10 answer (6627e8d5 e169c58d bc57ac4c 9b00dbd8), seen
 * through `randomInteger` (the words mod 2^31 and 2^32) and `uniform` (their top 24 bits, or 27 + 26 bits,
 * scaled to [0, 1)); the other draws are checked by what they must satisfy: ranges, means and variances of
 * 20 000 draws within 5 standard errors of the values worked out by hand, permutations, no duplicates
 * without replacement, multinomial counts summing to n, shapes from a symbolic size, and the generator state
 * advancing by the blocks a call uses (kept with `noDefaultUpdates`).
 */
import * as theano from 'theano-ts';
import type { ConformanceCase } from './case.js';
import { ConformanceMismatch, compile, expectClose, expectEqual } from './check.js';
import { def } from './seed-helpers.js';

const T = theano.tensor;
/** The section of these cases. */
export const RANDOM_SECTION = 'random';

/** Random123's philox4x32 10, counter 0, key 0. */
const KAT_WORDS = [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8];
/** The state of key 0, counter 0 (the words [k0, k1, c0, c1] in 16-bit halves). */
const ZERO_STATE = () => theano.array([0, 0, 0, 0, 0, 0, 0, 0], 'int64');
const DRAWS = 20_000;
const FLOATS = ['float64', 'float32'] as const;

const values = (a: theano.NDArray): number[] => Array.from(a.toFloat64());

/** Throws unless |got − want| ≤ 5 standard errors. */
function within5(what: string, got: number, want: number, se: number): void {
  if (!(Math.abs(got - want) <= 5 * se)) {
    throw new ConformanceMismatch(`${what}: got ${got}, expected ${want} within 5 standard errors (${5 * se})`);
  }
}

/** Sample mean and variance against the distribution's (μ, σ², μ4: the fourth central moment). */
function checkMoments(what: string, xs: readonly number[], mean: number, variance: number, mu4: number): void {
  const n = xs.length;
  const m = xs.reduce((a, b) => a + b, 0) / n;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / n;
  within5(`${what}: mean`, m, mean, Math.sqrt(variance / n));
  within5(`${what}: variance`, v, variance, Math.sqrt((mu4 - variance ** 2) / n) + variance / n);
}

function checkAll(what: string, xs: readonly number[], ok: (x: number) => boolean): void {
  const bad = xs.find((x) => !ok(x));
  if (bad !== undefined) throw new ConformanceMismatch(`${what}: unexpected value ${bad}`);
}

/** A float constant of `dtype` (probabilities in the draw's precision). */
const fconst = (v: number | number[], dtype: 'float32' | 'float64') => T.constant(v, { dtype });

/** The random cases. */
export const RANDOM_CASES: readonly ConformanceCase[] = [
  ...(
    [
      ['int32', 2 ** 31 - 1],
      ['int64', 2 ** 32 - 1],
    ] as const
  ).map(([dtype, high]) =>
    def(
      `random.philox-kat.${dtype}`,
      RANDOM_SECTION,
      dtype,
      `randomInteger(0, ${high}) from state 0: Random123's philox4x32-10 answer mod ${high + 1}; the counter advances by 1`,
      async (ctx) => {
        const w = new theano.RandomStreams(1).randomInteger({ size: [2, 2], low: 0, high, dtype });
        w.rng.setValue(ZERO_STATE());
        const f = compile(ctx, [], w);
        const r = await f();
        expectEqual(r.dtype, dtype, 'dtype');
        expectClose(
          r,
          [
            [KAT_WORDS[0]! % (high + 1), KAT_WORDS[1]! % (high + 1)],
            [KAT_WORDS[2]! % (high + 1), KAT_WORDS[3]! % (high + 1)],
          ],
          dtype,
          'words',
        );
        expectEqual(values(w.rng.getValue()), [0, 0, 0, 0, 1, 0, 0, 0], 'state after one block');
      },
    ),
  ),
  ...FLOATS.map((dtype) =>
    def(
      `random.uniform-kat.${dtype}`,
      RANDOM_SECTION,
      dtype,
      'uniform from state 0: the known-answer words scaled to [0, 1) (24 bits in float32, 27 + 26 bits in float64)',
      async (ctx) => {
        const n = dtype === 'float32' ? 4 : 2;
        const u = new theano.RandomStreams(1).uniform({ size: [n], dtype });
        u.rng.setValue(ZERO_STATE());
        const f = compile(ctx, [], u, { noDefaultUpdates: true });
        const want =
          dtype === 'float32'
            ? KAT_WORDS.map((w) => Math.floor(w / 256) / 2 ** 24)
            : [0, 1].map(
                (i) =>
                  (Math.floor(KAT_WORDS[2 * i]! / 32) * 2 ** 26 + Math.floor(KAT_WORDS[2 * i + 1]! / 64)) / 2 ** 53,
              );
        expectClose(await f(), want, dtype, 'uniform');
        expectEqual(values(u.rng.getValue()), [0, 0, 0, 0, 0, 0, 0, 0], 'state kept (noDefaultUpdates)');
      },
    ),
  ),
  ...FLOATS.map((dtype) =>
    def(
      `random.uniform.${dtype}`,
      RANDOM_SECTION,
      dtype,
      'uniform on [2, 5): range, mean 3.5, variance 0.75; the next call differs; the counter advances',
      async (ctx) => {
        const u = new theano.RandomStreams(21).uniform({ size: [DRAWS], low: 2, high: 5, dtype });
        const key = values(u.rng.getValue()).slice(0, 4);
        const f = compile(ctx, [], u);
        const r = await f();
        expectEqual(r.dtype, dtype, 'dtype');
        const xs = values(r);
        checkAll('uniform in [2, 5)', xs, (x) => x >= 2 && x < 5);
        checkMoments('uniform', xs, 3.5, 0.75, 81 / 80);
        const blocks = (DRAWS * (dtype === 'float64' ? 2 : 1)) / 4;
        // the counter's 16-bit halves after the blocks used
        expectEqual(
          values(u.rng.getValue()),
          [...key, blocks % 65536, Math.floor(blocks / 65536), 0, 0],
          'state after one call',
        );
        const again = values(await f());
        if (again.every((x, i) => x === xs[i])) throw new ConformanceMismatch('two calls gave the same draws');
      },
    ),
  ),
  ...FLOATS.map((dtype) =>
    def(
      `random.normal.${dtype}`,
      RANDOM_SECTION,
      dtype,
      'normal(avg 1, std 2): mean 1, variance 4 (fourth moment 3σ⁴)',
      async (ctx) => {
        const f = compile(ctx, [], new theano.RandomStreams(22).normal({ size: [DRAWS], avg: 1, std: 2, dtype }));
        checkMoments('normal', values(await f()), 1, 4, 48);
      },
    ),
  ),
  ...FLOATS.map((dtype) =>
    def(
      `random.binomial.${dtype}`,
      RANDOM_SECTION,
      dtype,
      'binomial(n 10, p 0.3) as int32: integers in [0, 10], mean 3, variance 2.1',
      async (ctx) => {
        const b = new theano.RandomStreams(23).binomial({
          size: [DRAWS],
          n: 10,
          p: fconst(0.3, dtype),
          dtype: 'int32',
        });
        const r = await compile(ctx, [], b)();
        expectEqual(r.dtype, 'int32', 'dtype');
        const xs = values(r);
        checkAll('binomial in [0, 10]', xs, (x) => Number.isInteger(x) && x >= 0 && x <= 10);
        checkMoments('binomial', xs, 3, 2.1, 2.1 * (1 + 3 * 8 * 0.21));
      },
    ),
  ),
  def(
    'random.randomInteger.int32',
    RANDOM_SECTION,
    'int32',
    'randomInteger on [-3, 4]: each of the 8 values, mean 0.5, variance 5.25',
    async (ctx) => {
      const r = new theano.RandomStreams(24).randomInteger({ size: [DRAWS], low: -3, high: 4, dtype: 'int32' });
      const xs = values(await compile(ctx, [], r)());
      checkAll('randomInteger in [-3, 4]', xs, (x) => Number.isInteger(x) && x >= -3 && x <= 4);
      expectEqual(new Set(xs).size, 8, 'distinct values');
      checkMoments('randomInteger', xs, 0.5, 63 / 12, (63 * 185) / 240);
    },
  ),
  def(
    'random.permutation.int32',
    RANDOM_SECTION,
    'int32',
    'permutation(size [2000], n 5): every row a permutation of 0..4, its first entry uniform',
    async (ctx) => {
      const rows = 2000;
      const p = new theano.RandomStreams(25).permutation({ size: [rows], n: 5, dtype: 'int32' });
      const r = await compile(ctx, [], p)();
      expectEqual(r.shape, [rows, 5], 'shape');
      const xs = values(r);
      for (let i = 0; i < rows; i++) {
        const row = xs.slice(5 * i, 5 * i + 5).sort((a, b) => a - b);
        expectEqual(row, [0, 1, 2, 3, 4], `row ${i} sorted`);
      }
      for (let k = 0; k < 5; k++) {
        const frac = xs.filter((x, i) => i % 5 === 0 && x === k).length / rows;
        within5(`P(first entry = ${k})`, frac, 0.2, Math.sqrt((0.2 * 0.8) / rows));
      }
    },
  ),
  ...FLOATS.map((dtype) =>
    def(
      `random.choice.${dtype}`,
      RANDOM_SECTION,
      dtype,
      'choice: weighted with replacement (frequencies p), without replacement (no duplicates), of the elements of a',
      async (ctx) => {
        const s = new theano.RandomStreams(26);
        const p = [0.1, 0.6, 0.3];
        const weighted = s.choice({ size: [DRAWS], a: 3, p: fconst(p, dtype), dtype: 'int32' });
        const distinct = s.choice({ size: [2, 3], a: 10, replace: false, dtype: 'int32' });
        const a = T.constant([10, 20, 30, 40], { dtype });
        const picked = s.choice({ size: [3], a, replace: false, p: fconst([0.25, 0.25, 0, 0.5], dtype) });
        const f = compile(ctx, [], [weighted, distinct, picked]);
        const [w, d, e] = await f();
        const xs = values(w!);
        p.forEach((pk, k) => {
          const frac = xs.filter((x) => x === k).length / DRAWS;
          within5(`P(choice = ${k})`, frac, pk, Math.sqrt((pk * (1 - pk)) / DRAWS));
        });
        let [dv, ev] = [d!, e!];
        for (let t = 0; t < 20; t++) {
          if (t > 0) [, dv, ev] = (await f()) as [theano.NDArray, theano.NDArray, theano.NDArray];
          const dvals = values(dv);
          expectEqual(new Set(dvals).size, 6, 'distinct elements without replacement');
          checkAll('choice in 0..9', dvals, (x) => Number.isInteger(x) && x >= 0 && x < 10);
          expectEqual(
            values(ev).sort((x, y) => x - y),
            [10, 20, 40],
            'the elements of nonzero probability, without replacement',
          );
          expectEqual(ev.dtype, dtype, 'dtype of the elements');
        }
      },
    ),
  ),
  ...FLOATS.map((dtype) =>
    def(
      `random.multinomial.${dtype}`,
      RANDOM_SECTION,
      dtype,
      'multinomial(n 5, pvals [0.2, 0.3, 0.5]): counts sum to 5, each category 5·p on average',
      async (ctx) => {
        const rows = 5000;
        const pvals = [0.2, 0.3, 0.5];
        const m = new theano.RandomStreams(27).multinomial({
          size: [rows],
          n: 5,
          pvals: fconst(pvals, dtype),
          dtype: 'int32',
        });
        const r = await compile(ctx, [], m)();
        expectEqual(r.shape, [rows, 3], 'shape');
        const xs = values(r);
        for (let i = 0; i < rows; i++) expectEqual(xs[3 * i]! + xs[3 * i + 1]! + xs[3 * i + 2]!, 5, `row ${i} sum`);
        pvals.forEach((p, j) => {
          const col = xs.filter((_, i) => i % 3 === j);
          checkMoments(`category ${j}`, col, 5 * p, 5 * p * (1 - p), 5 * p * (1 - p) * (1 + 9 * p * (1 - p)));
        });
      },
    ),
  ),
  ...FLOATS.map((dtype) =>
    def(
      `random.symbolic-size.${dtype}`,
      RANDOM_SECTION,
      dtype,
      'uniform(size = x.shape) follows the argument; noDefaultUpdates repeats the draw',
      async (ctx) => {
        const x = new T.TensorType(dtype, [false, false]).make('x');
        const u = new theano.RandomStreams(28).uniform({ size: x.shape, dtype });
        const f = compile(ctx, [x], u, { noDefaultUpdates: true });
        const a = await f(theano.zeros([2, 3], dtype));
        expectEqual(a.shape, [2, 3], 'shape of the first call');
        expectEqual((await f(theano.zeros([4, 1], dtype))).shape, [4, 1], 'shape of the second call');
        expectEqual(values(await f(theano.zeros([2, 3], dtype))), values(a), 'the same draw without updates');
      },
    ),
  ),
];
