// int64 beyond 2^53: the reference backend (exact on BigInts since issue 12) and onnx (onnxruntime's int64
// kernels) give bit-identical results on values that doubles cannot hold, including wrapping at ±2^63.
// The comparison is on the raw BigInt64Array storage, never through doubles.

import type { NDArray, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { seeded, T, tensorOf } from './helpers.js';

/** Random int64 values spread over the whole range, with edge values mixed in. */
function wideInt64(n: number, rand: () => number): BigInt64Array {
  const edges = [2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 2n ** 63n - 1n, -(2n ** 63n), 0n, -1n, 7n];
  const out = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    if (rand() < 0.3) out[i] = edges[Math.floor(rand() * edges.length)]!;
    else {
      const hi = BigInt(Math.floor(rand() * 2 ** 32));
      const lo = BigInt(Math.floor(rand() * 2 ** 32));
      out[i] = BigInt.asIntN(64, (hi << 32n) | lo) >> BigInt(Math.floor(rand() * 12)); // various magnitudes
    }
  }
  return out;
}

/** The storage of an array as plain values (bigints for int64), to compare without doubles. */
const raw = (x: NDArray): unknown[] => Array.from(x.data as ArrayLike<unknown>);

async function sameOnBoth(
  inputs: readonly TensorVariable[],
  outputs: readonly TensorVariable[],
  args: readonly unknown[],
  label: string,
): Promise<void> {
  const opts = { onUnusedInput: 'ignore' as const };
  const want = theano.function([...inputs], [...outputs], { ...opts, backend: 'ref' }).callSync(...args);
  const got = await theano.function([...inputs], [...outputs], { ...opts, backend: 'onnx' })(...args);
  got.forEach((g, k) => {
    expect(g.dtype, `${label} output ${k}: dtype`).toBe(want[k]!.dtype);
    expect([...g.shape], `${label} output ${k}: shape`).toEqual([...want[k]!.shape]);
    expect(raw(g), `${label} output ${k}`).toEqual(raw(want[k]!));
  });
}

describe('int64 beyond 2^53: ref equals onnx bit for bit', () => {
  const rand = seeded(12);
  const a = tensorOf('int64', 1, 'a');
  const b = tensorOf('int64', 1, 'b');
  const n = 64;
  const av = wideInt64(n, rand);
  const bv = wideInt64(n, rand);
  bv[3] = 0n; // a zero divisor (numpy: 0)
  av[5] = -(2n ** 63n);
  bv[5] = -1n; // INT64_MIN // -1 wraps

  it('the three examples of issue 12', async () => {
    const s = tensorOf('int64', 0, 's');
    await sameOnBoth([a], [a.max(), a.argmax()], [BigInt64Array.from([2n ** 53n + 1n, 2n ** 53n])], 'max');
    await sameOnBoth([s], [T.eq(s, s.add(1)), s.mod(7)], [2n ** 62n + 1n], 'eq, mod');
  });

  it('floor division near ±2^63 does not overflow (it did: (a - a mod b) / b wrapped)', async () => {
    const f = theano.function([a, b], [a.intDiv(b), a.mod(b)], { backend: 'onnx' });
    const xs = [-(2n ** 63n), 2n ** 63n - 1n, -(2n ** 63n)];
    const ys = [6185953396110711n, -46524134633359111n, 2n];
    const [q, r] = await f(BigInt64Array.from(xs), BigInt64Array.from(ys));
    // floor(-2^63 / 6185953396110711) = floor(-1491.03…) = -1492; floor((2^63 - 1) / -46524134633359111) =
    // floor(-198.24…) = -199; -2^63 / 2 = -2^62 exactly
    const want = [-1492n, -199n, -(2n ** 62n)];
    expect(raw(q!)).toEqual(want);
    expect(raw(r!)).toEqual(xs.map((x, k) => x - want[k]! * ys[k]!)); // a = q·b + r
  });

  it('arithmetic, comparisons and bitwise operations', async () => {
    const outs = [
      a.add(b),
      a.sub(b),
      a.mul(b),
      a.intDiv(b),
      a.mod(b),
      T.maximum(a, b),
      T.minimum(a, b),
      T.eq(a, b),
      T.lt(a, b),
      T.ge(a, b),
      a.neg(),
      a.abs(),
      T.sgn(a),
      T.and_(a, b),
      T.or_(a, b),
      T.xor(a, b),
      T.invert(a),
    ];
    await sameOnBoth([a, b], outs, [av, bv], 'elementwise');
    // fused on both backends (FAST_RUN): a chain of integer ops
    await sameOnBoth([a, b], [a.add(b).mul(3).sub(a).mod(1000003)], [av, bv], 'fused chain');
  });

  it('max, min, argmax, cumulative sums and casts', async () => {
    const m = tensorOf('int64', 2, 'm');
    const mv = theano.array(wideInt64(24, rand)).reshape([4, 6]);
    const outs = [m.max(1), m.min(0), m.argmax(1), T.cumsum(m, 1), T.cast(m, 'float64'), T.cast(m, 'int32')];
    await sameOnBoth([m], outs, [mv], 'reductions');
  });

  it('sums and products past 2^53 are exact and wrap at ±2^63 (onnxruntime ReduceSum/ReduceProd were not)', async () => {
    const f = theano.function([a], [a.sum(), T.prod(a)], { backend: 'onnx' });
    // [values, sum, prod] worked by hand: 2^53 + 1; 2^63 wraps to -2^63; 2^124 ≡ 0 (mod 2^64);
    // (2^62 + 1)(2^62 + 3) = 2^124 + 2^64 + 3 ≡ 3; (2^63 - 1)·2 = 2^64 - 2 ≡ -2
    const cases: [bigint[], bigint, bigint][] = [
      [[2n ** 53n, 1n], 2n ** 53n + 1n, 2n ** 53n],
      [[2n ** 62n, 2n ** 62n], -(2n ** 63n), 0n],
      [[2n ** 62n + 1n, 2n ** 62n + 3n], -(2n ** 63n) + 4n, 3n],
      [[2n ** 63n - 1n, 2n, -1n], 2n ** 63n - 1n + 1n - 2n ** 64n, 2n],
      [[], 0n, 1n],
    ];
    for (const [v, s, p] of cases) {
      const [gs, gp] = await f(BigInt64Array.from(v));
      expect(raw(gs!), `sum ${v}`).toEqual([s]);
      expect(raw(gp!), `prod ${v}`).toEqual([p]);
    }
  });

  /** The int64 sum (or product) over `axes` of a row-major array of `shape`, wrapped as numpy. */
  function byHand(v: BigInt64Array, shape: number[], axes: number[], mul: boolean): bigint[] {
    const keptDims = shape.map((_, d) => d).filter((d) => !axes.includes(d));
    const outSize = keptDims.reduce((p, d) => p * shape[d]!, 1);
    const acc = Array.from({ length: outSize }, (): bigint => (mul ? 1n : 0n));
    for (let flat = 0; flat < v.length; flat++) {
      let rest = flat;
      const idx = shape.map(() => 0);
      for (let d = shape.length - 1; d >= 0; d--) {
        idx[d] = rest % shape[d]!;
        rest = Math.floor(rest / shape[d]!);
      }
      const o = keptDims.reduce((p, d) => p * shape[d]! + idx[d]!, 0);
      acc[o] = BigInt.asIntN(64, mul ? acc[o]! * v[flat]! : acc[o]! + v[flat]!);
    }
    return acc;
  }

  it('sums and products over axes, with keepdims, of wide values (known and unknown static shapes)', async () => {
    const shape = [3, 4, 5];
    const v = wideInt64(60, rand);
    const arr = theano.array(v).reshape(shape);
    const dyn = tensorOf('int64', 3, 'c');
    const fixed = new T.TensorType('int64', [false, false, false], shape).make('c');
    const axesList = [[0], [1], [2], [0, 2], [1, 2], [0, 1, 2]];
    for (const c of [dyn, fixed]) {
      for (const mul of [false, true]) {
        const outs = axesList.map((ax) =>
          mul ? T.prod(c, { axis: ax, keepdims: true }) : T.sum(c, { axis: ax, keepdims: true }),
        );
        const got = await theano.function([c], outs, { backend: 'onnx' })(arr);
        axesList.forEach((ax, k) => {
          const label = `${mul ? 'prod' : 'sum'} axes ${ax} (static: ${c === fixed})`;
          expect([...got[k]!.shape], label).toEqual(shape.map((n, d) => (ax.includes(d) ? 1 : n)));
          expect(raw(got[k]!), label).toEqual(byHand(v, shape, ax, mul));
        });
        await sameOnBoth([c], outs, [arr], mul ? 'prod' : 'sum');
      }
    }
  });

  it('sums and products of size-0 arrays and cumulative products past 2^53', async () => {
    const m = tensorOf('int64', 2, 'm');
    const f = theano.function([m], [m.sum(0), T.prod(m, 0), m.sum(1), T.prod(m, 1), m.sum()], { backend: 'onnx' });
    const [s0, p0, s1, p1, s] = await f(theano.array(new BigInt64Array(0)).reshape([0, 3]));
    expect(raw(s0!)).toEqual([0n, 0n, 0n]);
    expect(raw(p0!)).toEqual([1n, 1n, 1n]);
    expect([...s1!.shape, ...p1!.shape]).toEqual([0, 0]);
    expect(raw(s!)).toEqual([0n]);
    // cumprod of [2^31 + 1, 2^31 - 1, 2^40 + 3]: (2^31 + 1)(2^31 - 1) = 2^62 - 1, then
    // (2^62 - 1)(2^40 + 3) = 2^102 + 3·2^62 - 2^40 - 3 ≡ 3·2^62 - 2^40 - 3 - 2^64 = -2^62 - 2^40 - 3
    const cp = await theano.function([a], [T.cumprod(a, 0)], { backend: 'onnx' })(
      BigInt64Array.from([2n ** 31n + 1n, 2n ** 31n - 1n, 2n ** 40n + 3n]),
    );
    expect(raw(cp[0]!)).toEqual([2n ** 31n + 1n, 2n ** 62n - 1n, -(2n ** 62n) - 2n ** 40n - 3n]);
    await sameOnBoth(
      [m],
      [T.cumprod(m, 0), T.cumprod(m, 1)],
      [theano.array(wideInt64(12, rand)).reshape([3, 4])],
      'cumprod',
    );
  });
});
