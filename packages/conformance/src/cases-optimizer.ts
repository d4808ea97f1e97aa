/**
 * Beyond the seed: what the optimizer promises on every backend. The numerically stable rewrites
 * (`log(1 + exp(x))` at 1000 is 1000, `log(1 + x)` at 1e-20 is 1e-20, the gradient of `log(sum(exp(x)))`
 * at [1000, 1000] is [0.5, 0.5]) and DebugMode raising on the tutorial's `10 / x` at 0, naming the node.
 */
import * as theano from 'theano-ts';
import type { ConformanceCase } from './case.js';
import { call, compile, expectClose, expectThrows } from './check.js';
import { def } from './seed-helpers.js';

const T = theano.tensor;
/** The section of these cases. */
export const OPTIMIZER_SECTION = 'optimizer';

/** The optimizer's cases, in float64 and float32. */
export const OPTIMIZER_CASES: readonly ConformanceCase[] = (['float64', 'float32'] as const).flatMap((dtype) => [
  def(
    `optimizer.softplus.${dtype}`,
    OPTIMIZER_SECTION,
    dtype,
    'log(1 + exp(x)) at x = 1000, 0, -1000 → 1000, log 2, 0 (not inf)',
    async (ctx) => {
      const x = new T.TensorType(dtype, [false]).make('x');
      const f = compile(ctx, [x], T.log(T.add(1, T.exp(x))));
      expectClose(await call(ctx, f, [1000, 0, -1000]), [1000, Math.LN2, 0], dtype, 'softplus');
    },
  ),
  def(`optimizer.log1p.${dtype}`, OPTIMIZER_SECTION, dtype, 'log(1 + x) at x = 1e-20 → 1e-20 (not 0)', async (ctx) => {
    const x = new T.TensorType(dtype, [false]).make('x');
    const f = compile(ctx, [x], T.log(T.add(1, x)));
    const r = await call(ctx, f, [1e-20, 0.5]);
    // 1e-20 exactly representable relative to itself: compare relatively
    const v = r.toFloat64();
    if (!(Math.abs(v[0]! - 1e-20) <= 1e-26)) throw new Error(`log1p: got ${v[0]} for log(1 + 1e-20), expected 1e-20`);
    expectClose(r, [1e-20, Math.log(1.5)], dtype, 'log1p');
  }),
  def(
    `optimizer.logsumexp.${dtype}`,
    OPTIMIZER_SECTION,
    dtype,
    'log(sum(exp(x))) and its gradient at [1000, 1000] → 1000 + log 2, [0.5, 0.5]',
    async (ctx) => {
      const x = new T.TensorType(dtype, [false]).make('x');
      const lse = T.log(T.sum(T.exp(x)));
      const f = compile(ctx, [x], [lse, T.grad(lse, x)]);
      const [v, g] = await call(ctx, f, [1000, 1000]);
      expectClose(v!, 1000 + Math.LN2, dtype, 'logsumexp');
      expectClose(g!, [0.5, 0.5], dtype, 'grad of logsumexp');
    },
  ),
  def(
    `optimizer.debugmode.${dtype}`,
    OPTIMIZER_SECTION,
    dtype,
    "DebugMode raises on the tutorial's 10 / x at x = 0, naming the node",
    async (ctx) => {
      const x = new T.TensorType(dtype, []).make('x');
      const f = compile(ctx, [x], T.trueDiv(10, x), { mode: 'DebugMode' });
      expectClose(await f(4), 2.5, dtype, '10 / 4');
      await expectThrows(() => f(0), /DebugMode.*true_div.*inf/, 'DebugMode on 10 / 0');
    },
  ),
]);
