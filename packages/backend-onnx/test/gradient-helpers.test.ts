// theano.gradient's gradient-only identities on onnx: the canonicalizer removes them before export, so
// graphs containing them run; the gradients they shape are checked against hand-computed values.
// theano.printing.Print has no ONNX rendering: compiling a graph with it is an UnsupportedError naming it.

import '@theano-ts/backend-onnx';
import type { NDArray } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;
const G = theano.gradient;

describe('gradient helpers on onnx', () => {
  it('grad of x**2 + zeroGrad(x)**2 at 3 is 6; gradClip turns 10 into 1; gradScale scales', async () => {
    const x = T.dscalar('x');
    const cost = x.pow(2).add(G.zeroGrad(x).pow(2));
    const f = theano.function([x], [cost, T.grad(cost, x)], { backend: 'onnx' });
    const [c, g] = (await f(3)) as NDArray[];
    expect(c!.item()).toBe(18);
    expect(g!.item()).toBe(6);
    // d/dy of 5y² at y = 3 is 30, clipped to 1 on its way to x
    const clipped = T.grad(G.gradClip(x, -1, 1).pow(2).mul(5), x);
    expect(((await theano.function([x], clipped, { backend: 'onnx' })(3)) as NDArray).item()).toBe(1);
    expect(((await theano.function([x], clipped, { backend: 'onnx' })(0.05)) as NDArray).item()).toBeCloseTo(0.5, 14);
    const scaled = T.grad(G.gradScale(x, -0.5).pow(2), x);
    expect(((await theano.function([x], scaled, { backend: 'onnx' })(3)) as NDArray).item()).toBe(-3);
  });

  it('disconnectedGrad and x.copy() run; none of the identities reaches the exported graph', async () => {
    const v = T.dvector('v');
    const y = G.disconnectedGrad(v).mul(v).add(v.copy()).sum();
    const f = theano.function([v], [y, T.grad(y, v)], { backend: 'onnx' });
    const kinds = theano.toposort([...f.maker.fgraph.outputs]).map((n) => n.op.kind);
    for (const k of ['zero_grad', 'disconnected_grad', 'grad_clip', 'grad_scale', 'tensor_copy']) {
      expect(kinds).not.toContain(k);
    }
    // y = sum(v*v + v) = 1 + 4 + 1 + 2 = 8; dy/dv = dg(v) + 1 = v + 1
    const [yv, gv] = (await f([1, 2])) as NDArray[];
    expect(yv!.item()).toBe(8);
    expect(Array.from(gv!.toFloat64())).toEqual([2, 3]);
  });

  it('Print is unsupported on onnx, with an error naming the op', () => {
    const x = T.dscalar('x');
    const p = theano.printing.Print('x', { log: () => {} })(x);
    expect(() => theano.function([x], p, { backend: 'onnx' })).toThrow(theano.UnsupportedError);
    expect(() => theano.function([x], p, { backend: 'onnx' })).toThrow(/onnx: op Print\{x\} has no kernel/);
  });
});
