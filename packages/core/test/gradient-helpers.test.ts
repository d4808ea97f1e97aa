// theano.gradient's gradient-only identities (zeroGrad, considerConstant, disconnectedGrad, gradClip,
// gradScale), T.grad's knownGrads, subgraphGrad, theano.clone, theano.printing.Print / pprint, and the
// methods x.copy, x.compress, x.norm, x.searchsorted with T.copy, T.compress, T.norm, T.astype, T.jacobian,
// T.hessian and T.verifyGrad, on the reference backend. Every expected value is worked out by hand here.

import type { NDArray, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { afterEach, describe, expect, it, vi } from 'vitest';

const T = theano.tensor;
const G = theano.gradient;

afterEach(() => {
  vi.restoreAllMocks();
});

function values(a: NDArray): number[] {
  return Array.from(a.toFloat64());
}

/** The op kinds of a compiled function's graph. */
function compiledKinds(f: { maker: { fgraph: { outputs: readonly TensorVariable[] } } }): string[] {
  return theano.toposort([...f.maker.fgraph.outputs]).map((n) => n.op.kind);
}

describe('zeroGrad and considerConstant', () => {
  it('grad of x**2 + zeroGrad(x)**2 at 3 is 6 (the value is 18)', () => {
    const x = T.dscalar('x');
    const cost = x.pow(2).add(G.zeroGrad(x).pow(2));
    expect(cost.evalSync([[x, 3]]).item()).toBe(18);
    expect(
      T.grad(cost, x)
        .evalSync([[x, 3]])
        .item(),
    ).toBe(6);
    // considerConstant is the same op
    const c2 = x.pow(2).add(G.considerConstant(x).pow(2));
    expect(
      T.grad(c2, x)
        .evalSync([[x, 3]])
        .item(),
    ).toBe(6);
    expect(G.considerConstant(x).owner!.op.kind).toBe('zero_grad');
  });

  it('a cost reaching x only through zeroGrad is still connected: its gradient is zeros', () => {
    const x = T.dvector('x');
    const g = T.grad(G.zeroGrad(x).mul(x.sum()).sum(), x);
    // d/dx_i [sum_j x_j * sum_k x_k] with the first factor held: sum_j x_j = 6 for every i
    expect(values(g.evalSync([[x, [1, 2, 3]]]))).toEqual([6, 6, 6]);
    expect(values(T.grad(G.zeroGrad(x).sum(), x).evalSync([[x, [1, 2, 3]]]))).toEqual([0, 0, 0]);
  });
});

describe('disconnectedGrad', () => {
  it('stops the gradient, and a cost reaching x only through it is disconnected', () => {
    const x = T.dscalar('x');
    // d/dx [dg(x) * x] = dg(x) = 3 at 3 (the factor through disconnectedGrad contributes nothing)
    expect(
      T.grad(G.disconnectedGrad(x).mul(x), x)
        .evalSync([[x, 3]])
        .item(),
    ).toBe(3);
    expect(() => T.grad(G.disconnectedGrad(x).pow(2), x)).toThrow(theano.DisconnectedInputError);
    const g = T.grad(G.disconnectedGrad(x).pow(2), x, { disconnectedInputs: 'ignore' });
    expect(g.evalSync([[x, 3]]).item()).toBe(0);
  });
});

describe('gradClip and gradScale', () => {
  it('clips the gradient flowing through: 10 becomes 1, -10 becomes -1, 0.6 stays', () => {
    const x = T.dscalar('x');
    const y = G.gradClip(x, -1, 1);
    expect(y.evalSync([[x, 3]]).item()).toBe(3);
    expect(
      T.grad(y.mul(10), x)
        .evalSync([[x, 3]])
        .item(),
    ).toBe(1);
    expect(
      T.grad(y.mul(-10), x)
        .evalSync([[x, 3]])
        .item(),
    ).toBe(-1);
    expect(
      T.grad(y.pow(2), x)
        .evalSync([[x, 0.3]])
        .item(),
    ).toBeCloseTo(0.6, 15);
  });

  it('clips elementwise on vectors', () => {
    const v = T.dvector('v');
    // d/dv sum(v**2) = 2v = [-4, 0.5, 6] → clipped to [-2, 3]
    const g = T.grad(G.gradClip(v, -2, 3).pow(2).sum(), v);
    expect(values(g.evalSync([[v, [-2, 0.25, 3]]]))).toEqual([-2, 0.5, 3]);
  });

  it('gradScale multiplies the gradient: d/dx of gradScale(x, -0.5)**2 at 3 is -3', () => {
    const x = T.dscalar('x');
    expect(
      T.grad(G.gradScale(x, -0.5).pow(2), x)
        .evalSync([[x, 3]])
        .item(),
    ).toBe(-3);
    expect(
      G.gradScale(x, -0.5)
        .evalSync([[x, 3]])
        .item(),
    ).toBe(3);
  });

  it('rejects bad bounds and multipliers, naming them', () => {
    const x = T.dscalar('x');
    expect(() => G.gradClip(x, 2, 1)).toThrow(/gradClip: lower \(2\) must not exceed upper \(1\)/);
    expect(() => G.gradClip(x, 'a' as unknown as number, 1)).toThrow(/gradClip: lower must be a number, got string/);
    expect(() => G.gradScale(x, Number.NaN)).toThrow(/gradScale: multiplier must be a number/);
  });

  it('never reach the backend: the canonicalizer removes them in every mode', () => {
    const x = T.dvector('x');
    const y = G.zeroGrad(x)
      .add(G.disconnectedGrad(x))
      .add(G.gradClip(x, -1, 1))
      .add(G.gradScale(x, 2))
      .add(x.copy());
    for (const mode of ['FAST_RUN', 'FAST_COMPILE', theano.Mode({ optimizer: 'None' })]) {
      const f = theano.function([x], y, { mode });
      const kinds = compiledKinds(f);
      for (const k of ['zero_grad', 'disconnected_grad', 'grad_clip', 'grad_scale', 'tensor_copy']) {
        expect(kinds).not.toContain(k);
      }
      expect(values(f.callSync([1, 2]) as NDArray)).toEqual([5, 10]);
    }
    // the rewrite is registered by name in the canonicalize phase
    const r = theano.listRewrites().find((w) => w.name === 'remove_gradient_ops');
    expect(r?.phase).toBe('canonicalize');
  });

  it("are also under Theano's snake_case names", () => {
    const g = G as unknown as Record<string, unknown>;
    expect(g.zero_grad).toBe(G.zeroGrad);
    expect(g.disconnected_grad).toBe(G.disconnectedGrad);
    expect(g.grad_clip).toBe(G.gradClip);
    expect(g.grad_scale).toBe(G.gradScale);
    expect(g.consider_constant).toBe(G.considerConstant);
    expect(g.subgraph_grad).toBe(G.subgraphGrad);
    expect(g.verify_grad).toBe(G.verifyGrad);
  });

  it('print as Theano names the ops', () => {
    const x = T.dscalar('x');
    expect(String(G.zeroGrad(x).owner!.op)).toBe('ZeroGrad');
    expect(String(G.disconnectedGrad(x).owner!.op)).toBe('DisconnectedGrad');
    expect(String(G.gradClip(x, -1, 1).owner!.op)).toBe('GradClip{-1, 1}');
  });
});

describe('T.grad knownGrads', () => {
  it('backpropagates from known gradients alone (cost null), as a Map or pairs', () => {
    const x = T.dvector('x');
    const y = x.mul(2);
    const gx = T.grad(null, x, { knownGrads: [[y, [1, 2, 3]]] });
    expect(values(gx.evalSync([[x, [5, 5, 5]]]))).toEqual([2, 4, 6]);
    const gy = T.dvector('gy');
    const gx2 = T.grad(null, x, { knownGrads: new Map([[y, gy]]) });
    expect(values(gx2.evalSync([[gy, [1, -1, 0.5]]]))).toEqual([2, -2, 1]);
  });

  it("a known gradient replaces the one the cost would give (Theano's known_grads)", () => {
    const x = T.dvector('x');
    const y = x.mul(2);
    const cost = y.pow(2).sum();
    // without knownGrads: d/dx sum((2x)^2) = 8x = [8, 16]
    expect(values(T.grad(cost, x).evalSync([[x, [1, 2]]]))).toEqual([8, 16]);
    // y's gradient is fixed to ones: dcost/dx = 2 * 1
    const g = T.grad(cost, x, { knownGrads: [[y, theano.ones([2])]] });
    expect(values(g.evalSync([[x, [1, 2]]]))).toEqual([2, 2]);
  });

  it('rejects a known gradient of the wrong rank, and a null cost without knownGrads', () => {
    const x = T.dvector('x');
    expect(() => T.grad(null, x, { knownGrads: [[x, T.dmatrix('m')]] })).toThrow(
      /known gradient of x .* must have 1 dimensions, got m with 2/,
    );
    expect(() => T.grad(null, x)).toThrow(/cost is null, so knownGrads must name/);
  });
});

describe('considerConstant option', () => {
  it("a constant-considered variable still gets its own gradient (Theano's semantics)", () => {
    const x = T.dscalar('x');
    const y = x.pow(2);
    const cost = y.mul(3);
    const [gx, gy] = T.grad(cost, [x, y], { considerConstant: [y], disconnectedInputs: 'ignore' });
    expect(gy!.evalSync([[x, 2]]).item()).toBe(3);
    expect(gx!.evalSync([[x, 2]]).item()).toBe(0);
  });
});

describe('subgraphGrad', () => {
  it('backpropagates a two-layer cost in two parts and agrees with T.grad and the hand derivative', () => {
    const [w1, w2, x] = T.dscalars('w1', 'w2', 'x');
    const h = T.tanh(w1.mul(x));
    const cost = w2.mul(h).pow(2);
    const [upperWrt, upperEnd] = G.subgraphGrad([w2], [h], null, cost);
    const [lowerWrt] = G.subgraphGrad([w1], [x], [[h, upperEnd![0]!]]);
    const givens: [TensorVariable, number][] = [
      [w1, 0.7],
      [w2, -1.3],
      [x, 0.4],
    ];
    const hv = Math.tanh(0.7 * 0.4);
    // c = (w2 h)^2: dc/dw2 = 2 w2 h^2, dc/dh = 2 w2^2 h, dc/dw1 = dc/dh (1 - h^2) x
    expect(upperWrt![0]!.evalSync(givens).item()).toBeCloseTo(2 * -1.3 * hv * hv, 14);
    expect(upperEnd![0]!.evalSync(givens).item()).toBeCloseTo(2 * 1.69 * hv, 14);
    const d1 = 2 * 1.69 * hv * (1 - hv * hv) * 0.4;
    expect(lowerWrt![0]!.evalSync(givens).item()).toBeCloseTo(d1, 14);
    expect(T.grad(cost, w1).evalSync(givens).item()).toBeCloseTo(d1, 14);
  });

  it('takes its arguments as options too, and with details returns the parts', () => {
    const [x, w] = T.dscalars('x', 'w');
    const y = x.mul(3);
    const z = y.mul(w);
    const cost = z.pow(2);
    const out = G.subgraphGrad([w], [y], { start: [[z, 1]], cost, details: true });
    const givens: [TensorVariable, number][] = [
      [x, 2],
      [w, 0.5],
    ];
    // y = 6, z = 3. wrt w — from start: dz/dw = y = 6; from the cost: 2z·y = 36; together 42.
    // wrt the end y — from start: dz/dy = w = 0.5; from the cost: 2z·w = 3; together 3.5.
    expect(out[0]![0]!.evalSync(givens).item()).toBe(42);
    expect(out[1]![0]!.evalSync(givens).item()).toBe(3.5);
    expect(out[2]!.map((g) => g.evalSync(givens).item())).toEqual([6, 0.5]);
    expect(out[3]!.map((g) => g.evalSync(givens).item())).toEqual([36, 3]);
    // the gradient stops at end: x below y gets none
    const [[gx]] = G.subgraphGrad([x], [y], null, cost) as TensorVariable[][];
    expect(gx!.evalSync(givens).item()).toBe(0);
    expect(() => G.subgraphGrad([x], [y])).toThrow(/give start \(known gradients\), cost, or both/);
  });
});

describe('theano.clone', () => {
  it('computes with the replacement; the original is unchanged', () => {
    const x = T.dscalar('x');
    const y = T.dscalar('y');
    const out = x.pow(2).add(1);
    const cloned = theano.clone(out, { replace: [[x, y.mul(2)]] });
    expect(cloned.evalSync([[y, 3]]).item()).toBe(37); // (2*3)^2 + 1
    expect(out.evalSync([[x, 3]]).item()).toBe(10);
    expect(theano.freeInputs([out])).toEqual([x]);
    expect(theano.freeInputs([cloned])).toEqual([y]);
    const [a, b] = theano.clone([out, x.mul(5)], { replace: new Map([[x, 4]]) });
    expect(a!.evalSync().item()).toBe(17);
    expect(b!.evalSync().item()).toBe(20);
  });

  it('shareInputs: false gives fresh inputs of the same type and name', () => {
    const x = T.dvector('x');
    const out = x.sum();
    const [c] = theano.clone([out], { shareInputs: false });
    const [inp] = theano.freeInputs([c!]);
    expect(inp).not.toBe(x);
    expect(String(inp)).toBe('x');
    expect(inp!.type.equals(x.type)).toBe(true);
    expect(c!.evalSync([[inp!, [1, 2, 3]]]).item()).toBe(6);
  });

  it('checks the replacement type when strict (the default)', () => {
    const x = T.dvector('x');
    expect(() => theano.clone(x.sum(), { replace: [[x, T.fvector('f')]] })).toThrow(
      /replacement of x must have its type TensorType\(float64, vector\), got f of type TensorType\(float32, vector\)/,
    );
    expect(() => theano.clone(x.sum(), { replace: [[x, T.dmatrix('m')]] })).toThrow(/must have 1 dimensions/);
    const loose = theano.clone(x.sum(), { replace: [[x, T.fvector('f')]], strict: false });
    expect(loose.dtype).toBe('float32');
    expect(() => theano.clone(x, { replaces: [] } as never)).toThrow(/unknown option "replaces"/);
  });
});

describe('theano.printing.Print', () => {
  it("prints 'message __str__ = value' when evaluated, and returns the value", () => {
    const lines: string[] = [];
    const v = T.dvector('v');
    const p = theano.printing.Print('v is', { log: (l) => lines.push(l) })(v.mul(2));
    const f = theano.function([v], p.sum());
    expect(lines).toEqual([]);
    expect((f.callSync([1, 2]) as NDArray).item()).toBe(6);
    expect(lines).toEqual(['v is __str__ = [2. 4.]']);
  });

  it('prints the attributes asked for; the default sink is console.log', () => {
    const spy = vi.spyOn(console, 'log').mockImplementation(() => {});
    const m = T.dmatrix('m');
    const p = theano.printing.Print('m', { attrs: ['shape', '__str__'] })(m);
    p.evalSync([
      [
        m,
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
      ],
    ]);
    expect(spy.mock.calls.map((c) => c[0])).toEqual(['m shape = (2, 3)', 'm __str__ = [[1. 2. 3.]\n [4. 5. 6.]]']);
  });

  it('a Print of a constant prints when run, not when compiled (never folded)', () => {
    const lines: string[] = [];
    const p = theano.printing.Print('c', { log: (l) => lines.push(l) })(theano.array([1.5]));
    const f = theano.function([], p);
    expect(lines).toEqual([]);
    f.callSync();
    expect(lines).toEqual(['c __str__ = [1.5]']);
  });

  it('passes the gradient through; pprint is pp', () => {
    const x = T.dscalar('x');
    const p = theano.printing.Print('x', { log: () => {} })(x);
    expect(
      T.grad(p.pow(2), x)
        .evalSync([[x, 3]])
        .item(),
    ).toBe(6);
    expect(theano.printing.pprint).toBe(theano.pp);
    expect(() => theano.printing.Print('x', { attrs: ['len'] })).toThrow(/unknown attribute "len"/);
  });
});

describe('methods and their T functions', () => {
  it('x.compress(cond, axis) and T.compress(cond, x, axis) as numpy', () => {
    const m = T.dmatrix('m');
    const mv = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    // numpy: np.array(mv).compress([0, 1], axis=0) = [[4, 5, 6]]; compress([1, 0, 1], axis=1) = [[1, 3], [4, 6]]
    expect(
      m
        .compress([0, 1], 0)
        .evalSync([[m, mv]])
        .toArray(),
    ).toEqual([[4, 5, 6]]);
    expect(
      T.compress([1, 0, 1], m, { axis: 1 })
        .evalSync([[m, mv]])
        .toArray(),
    ).toEqual([
      [1, 3],
      [4, 6],
    ]);
    // axis null: of the flattened array; a shorter condition selects among the first entries
    expect(
      m
        .compress([0, 1, 1])
        .evalSync([[m, mv]])
        .toArray(),
    ).toEqual([2, 3]);
  });

  it('x.norm(L, axis) is (sum |x|^L)^(1/L)', () => {
    const m = T.dmatrix('m');
    const mv = [
      [3, -4],
      [0, 12],
    ];
    expect(
      m
        .norm(2)
        .evalSync([[m, mv]])
        .item(),
    ).toBeCloseTo(13, 13); // sqrt(9 + 16 + 144)
    expect(values(m.norm(1, 1).evalSync([[m, mv]]))).toEqual([7, 12]);
    expect(m.norm(2, { axis: 0, keepdims: true }).evalSync([[m, mv]]).shape).toEqual([1, 2]);
    expect(() => m.norm(0)).toThrow(/norm: L must be a nonzero finite number, got 0/);
  });

  it('x.copy(name), x.searchsorted(v), T.astype', () => {
    const v = T.dvector('v');
    const c = v.copy('c');
    expect(String(c)).toBe('c');
    expect(T.copy(v).owner!.op.kind).toBe('tensor_copy');
    expect(values(c.evalSync([[v, [1, 2]]]))).toEqual([1, 2]);
    // numpy.searchsorted([1, 2, 3], [2, 2.5], side='right') = [2, 2]
    expect(values(v.searchsorted([2, 2.5], 'right').evalSync([[v, [1, 2, 3]]]))).toEqual([2, 2]);
    expect(T.astype(v, 'int32').dtype).toBe('int32');
    expect(values(T.astype(v, 'int32').evalSync([[v, [1.7, -2.2]]]))).toEqual([1, -2]);
  });

  it('gradients through Print, x.copy() and x.norm agree with finite differences (verifyGrad)', async () => {
    const quiet = theano.printing.Print('p', { log: () => {} });
    await G.verifyGrad((a: TensorVariable) => quiet(a).pow(3).sum(), [[0.5, -1.2, 2]]);
    await G.verifyGrad((a: TensorVariable) => a.copy().mul(a).sum(), [[0.5, -1.2, 2]]);
    await G.verifyGrad(
      (a: TensorVariable) => a.norm(3, 1).sum(),
      [
        [
          [0.5, 1.2],
          [2, 0.7],
        ],
      ],
    );
    // and a wrong gradient is caught: gradScale changes the gradient but not the value
    await expect(G.verifyGrad((a: TensorVariable) => G.gradScale(a, 2).pow(2).sum(), [[0.5, 1]])).rejects.toThrow(
      theano.GradientError,
    );
  });

  it('T.jacobian, T.hessian and T.verifyGrad are the gradient module’s', () => {
    expect(T.jacobian).toBe(G.jacobian);
    expect(T.hessian).toBe(G.hessian);
    expect(T.verifyGrad).toBe(G.verifyGrad);
  });
});
