/**
 * `theano.scan` cases (`scan.*`), each in float64 and float32, with values worked out by hand: a cumulative
 * sum (forwards and backwards), Fibonacci with taps [-2, -1], sequence taps [-1, 1], A^k by repeated dot,
 * the tutorial's polynomial, `theano.until`, an output not fed back, a nested scan, shared-variable
 * updates, map/reduce/foldl/foldr, and gradients (by hand and truncated); then `scan.verifyGrad.*`:
 * finite-difference checks of gradients through scan (with their float32 variants).
 */

import type { DType, NDArray, TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import type { CaseContext, ConformanceCase } from './case.js';
import { call, compile, expectClose } from './check.js';
import { any, float32Variant, type GradCase, vg } from './grad-case.js';

const T = theano.tensor;
type V = TensorVariable;

const vec = (dtype: DType, name: string) => new T.TensorType(dtype, [false]).make(name);
const mat = (dtype: DType, name: string) => new T.TensorType(dtype, [false, false]).make(name);
const scal = (dtype: DType, name: string) => new T.TensorType(dtype, []).make(name);
const zero = (dtype: DType) => T.constant(0, { dtype });
const arr = (v: unknown, dtype: DType): NDArray => theano.array(v as number[], dtype);

const cumsum = (v: V, a0: V, opts: { goBackwards?: boolean; truncateGradient?: number } = {}) =>
  theano.scan({ fn: (x: V, acc: V) => acc.add(x), sequences: v, outputsInfo: a0, ...opts })[0] as V;

/** A scan case in `dtype`: `body` builds, runs and checks on the case's backend. */
function sc(
  id: string,
  description: string,
  body: (ctx: CaseContext, dtype: DType) => Promise<void>,
): ConformanceCase[] {
  return (['float64', 'float32'] as const).map((dtype) => ({
    id: `scan.${id}.${dtype}`,
    section: 'scan',
    dtype,
    description: `${description} (${dtype})`,
    run: (ctx: CaseContext) => body(ctx, dtype),
  }));
}

const VALUE_CASES: ConformanceCase[] = [
  ...sc('cumsum', 'a cumulative sum of [1, 2, 3, 4]: [1, 3, 6, 10]', async (ctx, d) => {
    const v = vec(d, 'v');
    expectClose(await call(ctx, compile(ctx, [v], cumsum(v, zero(d))), arr([1, 2, 3, 4], d)), [1, 3, 6, 10], d);
  }),
  ...sc('go-backwards', 'goBackwards: the cumulative sum from the end, [4, 7, 9, 10]', async (ctx, d) => {
    const v = vec(d, 'v');
    const f = compile(ctx, [v], cumsum(v, zero(d), { goBackwards: true }));
    expectClose(await call(ctx, f, arr([1, 2, 3, 4], d)), [4, 7, 9, 10], d);
  }),
  ...sc('fibonacci', 'taps [-2, -1] from [0, 1], 6 steps: [1, 2, 3, 5, 8, 13]', async (ctx, d) => {
    const x0 = vec(d, 'x0');
    const [fib] = theano.scan({
      fn: (a: V, b: V) => a.add(b),
      outputsInfo: { initial: x0, taps: [-2, -1] },
      nSteps: 6,
    });
    expectClose(await call(ctx, compile(ctx, [x0], fib as V), arr([0, 1], d)), [1, 2, 3, 5, 8, 13], d);
  }),
  ...sc('sequence-taps', 'sequence taps [-1, 1]: s[t+1] - s[t-1] of squares, [8, 12, 16]', async (ctx, d) => {
    const s = vec(d, 's');
    const [out] = theano.scan({ fn: (p: V, q: V) => q.sub(p), sequences: { input: s, taps: [-1, 1] } });
    expectClose(await call(ctx, compile(ctx, [s], out as V), arr([1, 4, 9, 16, 25], d)), [8, 12, 16], d);
  }),
  ...sc('matrix-power', 'A^k by repeated dot, k an input: [[2,0],[1,1]]^3 = [[8,0],[7,1]]', async (ctx, d) => {
    const A = mat(d, 'A');
    const k = T.iscalar('k');
    const [pw] = theano.scan({
      fn: (p: V, m: V) => T.dot(p, m),
      outputsInfo: T.eye(2, 2, 0, d),
      nonSequences: A,
      nSteps: k,
    });
    const f = compile(ctx, [A, k], (pw as V).get(-1));
    const out = await call(
      ctx,
      f,
      arr(
        [
          [2, 0],
          [1, 1],
        ],
        d,
      ),
      arr(3, 'int32'),
    );
    expectClose(
      out,
      [
        [8, 0],
        [7, 1],
      ],
      d,
    );
  }),
  ...sc('polynomial', "the tutorial's polynomial: Σ c_i x^i for c = [1, 0, 2], x = 3 is 19", async (ctx, d) => {
    const c = vec(d, 'coefficients');
    const x = scal(d, 'x');
    const [terms] = theano.scan({
      fn: (ci: V, power: V, xv: V) => ci.mul(xv.pow(T.cast(power, d))),
      sequences: [c, T.arange(1000)],
      nonSequences: x,
    });
    const out = await call(ctx, compile(ctx, [c, x], [terms as V, (terms as V).sum()]), arr([1, 0, 2], d), arr(3, d));
    expectClose(out[0]!, [1, 0, 18], d);
    expectClose(out[1]!, 19, d);
  }),
  ...sc('until', 'theano.until: doubling 1 until past 40 stops at 64 (6 steps of at most 10)', async (ctx, d) => {
    const x0 = scal(d, 'x0');
    const [pw] = theano.scan({
      fn: (p: V) => [p.mul(2), theano.until(T.gt(p.mul(2), 40))],
      outputsInfo: x0,
      nSteps: 10,
    });
    expectClose(await call(ctx, compile(ctx, [x0], pw as V), arr(1, d)), [2, 4, 8, 16, 32, 64], d);
  }),
  ...sc('nit-sot', 'two outputs, the second not fed back (null in outputsInfo)', async (ctx, d) => {
    const v = vec(d, 'v');
    const [outs] = theano.scan({
      fn: (x: V, acc: V) => [acc.add(x), x.mul(x)],
      sequences: v,
      outputsInfo: [zero(d), null],
    });
    const out = await call(ctx, compile(ctx, [v], outs as V[]), arr([1, 2, 3], d));
    expectClose(out[0]!, [1, 3, 6], d);
    expectClose(out[1]!, [1, 4, 9], d);
  }),
  ...sc('nested', 'a scan inside a scan: cumulative sums of each row', async (ctx, d) => {
    const M = mat(d, 'M');
    const [rows] = theano.scan({ fn: (r: V) => cumsum(r, zero(d)), sequences: M });
    const out = await call(
      ctx,
      compile(ctx, [M], rows as V),
      arr(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        d,
      ),
    );
    expectClose(
      out,
      [
        [1, 3, 6],
        [4, 9, 15],
      ],
      d,
    );
  }),
  ...sc(
    'shared-updates',
    'a shared counter updated by each step: the step reads 1, 2, 3; the update leaves 4',
    async (ctx, d) => {
      const cnt = theano.shared(arr(1, d), 'c');
      const [out, updates] = theano.scan({ fn: () => [cnt.mul(3), new Map([[cnt, cnt.add(1)]])], nSteps: 3 });
      const f = compile(ctx, [], out as V, { updates });
      expectClose(await f(), [3, 6, 9], d);
      expectClose(cnt.getValue(), 4, d);
    },
  ),
  ...sc('map-reduce-fold', 'map (squares), reduce (sum), foldl and foldr (digits 123 and 321)', async (ctx, d) => {
    const v = vec(d, 'v');
    const [sq] = theano.map((x: V) => x.mul(x), v);
    const [total] = theano.reduce((x: V, acc: V) => acc.add(x), v, zero(d));
    const step = (x: V, acc: V) => acc.mul(10).add(x);
    const [l] = theano.foldl(step, v, zero(d));
    const [r] = theano.foldr(step, v, zero(d));
    const out = await call(ctx, compile(ctx, [v], [sq as V, total as V, l as V, r as V]), arr([1, 2, 3], d));
    expectClose(out[0]!, [1, 4, 9], d);
    expectClose(out[1]!, 6, d);
    expectClose(out[2]!, 123, d);
    expectClose(out[3]!, 321, d);
  }),
  ...sc('grad', 'd Σ cumsum(v) / dv = [4, 3, 2, 1]; truncated to 2 steps: [0, 0, 2, 1]', async (ctx, d) => {
    const v = vec(d, 'v');
    const a0 = scal(d, 'a0');
    const g = T.grad(cumsum(v, a0).sum(), [v, a0]) as V[];
    const gt = T.grad(cumsum(v, a0, { truncateGradient: 2 }).sum(), v) as V;
    const out = await call(ctx, compile(ctx, [v, a0], [...g, gt]), arr([1, 2, 3, 4], d), arr(0, d));
    expectClose(out[0]!, [4, 3, 2, 1], d);
    expectClose(out[1]!, 4, d);
    expectClose(out[2]!, [0, 0, 2, 1], d);
  }),
  ...sc(
    'grad-until',
    'the gradient through theano.until: doubling x0 = 1 until past 40, d Σ / d x0 = 126',
    async (ctx, d) => {
      const x0 = scal(d, 'x0');
      const [pw] = theano.scan({
        fn: (p: V) => [p.mul(2), theano.until(T.gt(p.mul(2), 40))],
        outputsInfo: x0,
        nSteps: 10,
      });
      const g = T.grad((pw as V).sum(), x0) as V;
      expectClose(await call(ctx, compile(ctx, [x0], g), arr(1, d)), 126, d);
    },
  ),
];

/** A finite-difference case of its own family (`scan.verifyGrad.*`, so `verifyGrad.*` stays the ops' list). */
const sg = (...args: Parameters<typeof vg>): GradCase => ({ ...vg(...args), id: `scan.verifyGrad.${args[0]}` });

const GRAD_CASES: GradCase[] = [
  sg(
    'rnn',
    'scan: an RNN h_t = tanh(W h_{t-1} + x_t), wrt the sequence, the initial state and W',
    (X, h0, W) => {
      const [hs] = theano.scan({
        fn: (xt: V, hp: V, w: V) => T.tanh(T.dot(w, hp).add(xt)),
        sequences: X!,
        outputsInfo: h0!,
        nonSequences: W!,
      });
      return (hs as V).pow(2).sum();
    },
    (r) => [any(r, [4, 2]), any(r, [2]), any(r, [2, 2])],
  ),
  sg(
    'taps',
    'scan: taps [-2, -1], x_t = a·x_{t-2} + sin(x_{t-1}), wrt the initial rows and a',
    (x0, a) => {
      const [xs] = theano.scan({
        fn: (p2: V, p1: V, av: V) => p2.mul(av).add(T.sin(p1)),
        outputsInfo: { initial: x0!, taps: [-2, -1] },
        nonSequences: a!,
        nSteps: 4,
      });
      return (xs as V).pow(2).sum();
    },
    (r) => [any(r, [2]), any(r, [])],
  ),
  sg(
    'sequence-taps',
    'scan: sequence taps [-1, 1] and a recurrent output, y_t = y_{t-1}·s_{t-1} + s_{t+1}²',
    (s, y0) => {
      const [ys] = theano.scan({
        fn: (p: V, q: V, y: V) => y.mul(p).add(q.pow(2)),
        sequences: { input: s!, taps: [-1, 1] },
        outputsInfo: y0!,
      });
      return (ys as V).sum();
    },
    (r) => [any(r, [5]), any(r, [])],
  ),
  sg(
    'matrix-power',
    'scan: Σ(A^3) by repeated dot, wrt A',
    (A) => {
      const [pw] = theano.scan({ fn: (p: V, m: V) => T.dot(p, m), outputsInfo: A!, nonSequences: A!, nSteps: 2 });
      return (pw as V).get(-1).sum();
    },
    (r) => [any(r, [2, 2])],
  ),
];

/** Every scan case: values in float64 and float32, then the gradient checks and their float32 variants. */
export const SCAN_CASES: readonly ConformanceCase[] = [
  ...VALUE_CASES,
  ...GRAD_CASES,
  ...GRAD_CASES.map(float32Variant),
];
