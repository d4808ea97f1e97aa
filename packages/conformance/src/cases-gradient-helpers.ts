/**
 * `theano.gradient`'s gradient-only identities (`zeroGrad`, `considerConstant`, `disconnectedGrad`,
 * `gradClip`, `gradScale`), `T.grad`'s `knownGrads`, `subgraphGrad`, `theano.clone` and
 * `theano.printing.Print`, on the case's backend: the identities are removed before the backend sees the
 * graph, so every backend runs them. Expected values are worked out by hand (in the descriptions).
 */
import type { DType, NDArray } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { type CaseContext, type ConformanceCase, SECTIONS } from './case.js';
import { call, compile, expectClose, expectEqual, expectThrows } from './check.js';

const T = theano.tensor;
const G = theano.gradient;

/** A case in float64 and float32. */
function twin(
  id: string,
  description: string,
  run: (ctx: CaseContext, dtype: DType) => Promise<void>,
): ConformanceCase[] {
  return (['float64', 'float32'] as const).map((dtype) => ({
    id: `gradient.${id}.${dtype}`,
    section: SECTIONS.grad,
    description,
    dtype,
    run: (ctx: CaseContext) => run(ctx, dtype),
  }));
}

/** The gradient-helper cases. */
export const GRADIENT_HELPER_CASES: readonly ConformanceCase[] = [
  ...twin('zeroGrad', 'grad of x² + zeroGrad(x)² at 3 is 6 (value 18); considerConstant the same', async (ctx, d) => {
    const x = T.scalar('x', d);
    const cost = x.pow(2).add(G.zeroGrad(x).pow(2));
    const c2 = x.pow(2).add(G.considerConstant(x).pow(2));
    const f = compile(ctx, [x], [cost, T.grad(cost, x), T.grad(c2, x)]);
    const [v, g, g2] = await call(ctx, f, 3);
    expectClose(v!, 18, d, 'x² + zeroGrad(x)²');
    expectClose(g!, 6, d, 'its gradient');
    expectClose(g2!, 6, d, 'with considerConstant');
  }),
  ...twin(
    'disconnectedGrad',
    'd/dx [disconnectedGrad(x)·x] at 3 is 3; a cost through it alone is disconnected',
    async (ctx, d) => {
      const x = T.scalar('x', d);
      const f = compile(ctx, [x], T.grad(G.disconnectedGrad(x).mul(x), x));
      expectClose(await call(ctx, f, 3), 3, d, 'gradient');
      await expectThrows(
        () => T.grad(G.disconnectedGrad(x).pow(2), x),
        /does not depend on input 0/,
        'grad through disconnectedGrad only',
      );
    },
  ),
  ...twin(
    'gradClip',
    'gradClip(v, -1, 1): the gradient 10v = [20, -30, 5] of 5·Σv² becomes [1, -1, 0.5] at [2, -3, 0.05]',
    async (ctx, d) => {
      const v = T.vector('v', d);
      const f = compile(ctx, [v], [G.gradClip(v, -1, 1), T.grad(G.gradClip(v, -1, 1).pow(2).sum().mul(5), v)]);
      const [val, g] = await call(ctx, f, [2, -3, 0.05]);
      expectClose(val!, [2, -3, 0.05], d, 'value');
      expectClose(g!, [1, -1, 0.5], d, 'clipped gradient');
    },
  ),
  ...twin('gradScale', 'd/dx gradScale(x, -0.5)² at 3 is -3 (value 3)', async (ctx, d) => {
    const x = T.scalar('x', d);
    const f = compile(ctx, [x], [G.gradScale(x, -0.5), T.grad(G.gradScale(x, -0.5).pow(2), x)]);
    const [v, g] = await call(ctx, f, 3);
    expectClose(v!, 3, d, 'value');
    expectClose(g!, -3, d, 'scaled gradient');
  }),
  ...twin(
    'knownGrads',
    'T.grad(null, x, { knownGrads: [[x², g]] }) is 2x·g = [2, -2] at x = [1, 2], g = [1, -0.5]; a known gradient replaces the cost’s',
    async (ctx, d) => {
      const x = T.vector('x', d);
      const gy = T.vector('gy', d);
      const y = x.mul(x);
      const f = compile(
        ctx,
        [x, gy],
        [T.grad(null, x, { knownGrads: [[y, gy]] }), T.grad(y.pow(2).sum(), x, { knownGrads: new Map([[y, gy]]) })],
      );
      const [a, b] = await call(ctx, f, [1, 2], [1, -0.5]);
      expectClose(a!, [2, -2], d, 'from known gradients');
      expectClose(b!, [2, -2], d, 'known gradient over the cost');
    },
  ),
  ...twin(
    'subgraphGrad',
    'subgraphGrad in two parts of c = (w2·tanh(w1·x))² agrees with T.grad: dc/dw1 = 2w2²h(1-h²)x',
    async (ctx, d) => {
      const [w1, w2, x] = [T.scalar('w1', d), T.scalar('w2', d), T.scalar('x', d)];
      const h = T.tanh(w1.mul(x));
      const cost = w2.mul(h).pow(2);
      const [upWrt, upEnd] = G.subgraphGrad([w2], [h], null, cost);
      const [lowWrt] = G.subgraphGrad([w1], [x], [[h, upEnd![0]!]]);
      const f = compile(ctx, [w1, w2, x], [upWrt![0]!, lowWrt![0]!, T.grad(cost, w1)]);
      const [gw2, gw1, full] = await call(ctx, f, 0.7, -1.3, 0.4);
      const hv = Math.tanh(0.28);
      expectClose(gw2!, 2 * -1.3 * hv * hv, d, 'dc/dw2');
      expectClose(gw1!, 2 * 1.69 * hv * (1 - hv * hv) * 0.4, d, 'dc/dw1 from the lower part');
      expectClose(full!, 2 * 1.69 * hv * (1 - hv * hv) * 0.4, d, 'dc/dw1 from T.grad');
    },
  ),
  ...twin(
    'clone',
    'theano.clone(x² + 1, { replace: [[x, 2y]] }) at y = 3 is 37; the original at 3 is 10',
    async (ctx, d) => {
      const x = T.scalar('x', d);
      const y = T.scalar('y', d);
      const out = x.pow(2).add(1);
      const cloned = theano.clone(out, { replace: [[x, y.mul(2)]] });
      expectClose(await call(ctx, compile(ctx, [y], cloned), 3), 37, d, 'clone');
      expectClose(await call(ctx, compile(ctx, [x], out), 3), 10, d, 'original');
    },
  ),
  ...twin(
    'Print',
    // a backend without a print kernel rejects the graph with an UnsupportedError: the cell is unsupported
    "Print('v')(v) prints 'v __str__ = [1. 2.]' each time the function runs and passes v on",
    async (ctx, d) => {
      const lines: string[] = [];
      const v = T.vector('v', d);
      const p = theano.printing.Print('v', { log: (l) => lines.push(l) })(v);
      const f = compile(ctx, [v], p.mul(2));
      const r: NDArray = await f([1, 2]);
      expectClose(r, [2, 4], d, 'value');
      expectEqual(lines, ['v __str__ = [1. 2.]'], 'printed lines');
    },
  ),
];
