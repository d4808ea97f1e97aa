// The model the onnx backend builds for an MLP training step (the shape of the bench's 784-256-10 step, at
// small sizes): the products are Gemm nodes reading transposed operands in place (transA/transB) and the
// biases as their C input (a vector: Gemm broadcasts it), there are no shape-check subgraphs (the checks left
// compare the inputs' sizes and run in JS), and the step computes what the reference backend computes:
// bit for bit where it has no transcendental function, within their declared ulps where it does.
import { type BuiltModel, buildModel } from '@theano-ts/backend-onnx';
import type { NDArray, SharedVariable, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { seeded, T } from './helpers.js';

type Dt = 'float32' | 'float64';
/** Batch, inputs, hidden units, classes. */
type Sizes = readonly [number, number, number, number];
const SIZES: Sizes = [6, 5, 4, 3];

/** Uniform numbers in [-1, 1) rounded to float32 (so both dtypes start from the same values). */
function uniform(n: number, seed: number): number[] {
  const r = seeded(seed);
  return Array.from({ length: n }, () => Math.fround(2 * r() - 1));
}

const arr = (v: number[], shape: number[], dtype: Dt) => theano.fromFloat64(v, shape, dtype);

/** One-hot labels for B rows of C classes. */
const labels = (B: number, C: number, dtype: Dt) =>
  arr(
    Array.from({ length: B * C }, (_, k) => (Math.floor(k / C) % C === k % C ? 1 : 0)),
    [B, C],
    dtype,
  );

/**
 * The step: h = act(x·W1 + b1), then `tanh`/softmax cross-entropy (the bench's step) or `relu`/squared
 * error; the mean over the batch; SGD 0.1 on every parameter.
 */
function step(backend: string, dtype: Dt, kind: 'softmax' | 'squared', [B, I, H, C]: Sizes = SIZES) {
  const params = [
    theano.shared(arr(uniform(I * H, 1), [I, H], dtype), 'W1'),
    theano.shared(arr(uniform(H, 2), [H], dtype), 'b1'),
    theano.shared(arr(uniform(H * C, 3), [H, C], dtype), 'W2'),
    theano.shared(arr(uniform(C, 4), [C], dtype), 'b2'),
  ] as [SharedVariable, SharedVariable, SharedVariable, SharedVariable];
  const [W1, b1, W2, b2] = params;
  const x = T.matrix('x', dtype);
  const y = T.matrix('y', dtype);
  const a1 = x.dot(W1).add(b1);
  let cost: TensorVariable;
  if (kind === 'softmax') {
    const p = T.nnet.softmax(T.tanh(a1).dot(W2).add(b2));
    cost = T.mean(T.nnet.categoricalCrossentropy(p, y));
  } else {
    cost = T.mean(T.nnet.relu(a1).dot(W2).add(b2).sub(y).pow(2));
  }
  const grads = T.grad(cost, params);
  const f = theano.function([x, y], cost, {
    backend,
    name: 'mlp_step',
    updates: params.map((p, k) => [p, p.sub(grads[k]!.mul(0.1))] as [SharedVariable, TensorVariable]),
  });
  return { f, params, args: [arr(uniform(B * I, 5), [B, I], dtype), labels(B, C, dtype)] };
}

const ops = (built: BuiltModel) => built.model.graph!.node.map((n) => n.opType);

describe("the MLP step's model on onnx", () => {
  for (const dtype of ['float32', 'float64'] as const) {
    describe(dtype, () => {
      const { f } = step('onnx', dtype, 'softmax');
      const built = buildModel(f.maker.fgraph, { nOutputs: 1 });
      const nodes = built.model.graph!.node;

      it('has no Transpose: its four products are Gemm nodes reading transposed operands in place', () => {
        expect(ops(built)).not.toContain('Transpose');
        expect(ops(built)).not.toContain('MatMul');
        const gemms = nodes.filter((n) => n.opType === 'Gemm');
        expect(gemms).toHaveLength(5); // x·W1, h·W2, d2·W2ᵀ, xᵀ·d1, hᵀ·d2
        const flags = (n: (typeof nodes)[number]) =>
          ['transA', 'transB'].filter((a) => n.attribute.some((x) => x.name === a && x.i === 1n));
        expect(gemms.map(flags).sort()).toEqual([[], [], ['transA'], ['transA'], ['transB']]);
      });

      it('reads the biases b1 and b2 as Gemm C inputs, with no Unsqueeze or Expand', () => {
        const cs = nodes.filter((n) => n.opType === 'Gemm' && n.input.length === 3).map((n) => n.input[2]);
        // float32 Gemms also take the weights' updates, W - 0.1·xᵀ·d as Gemm(x, d, W, alpha=-0.1, transA=1)
        expect(cs).toEqual(dtype === 'float64' ? ['b1', 'b2'] : ['b1', 'b2', 'W1', 'W2']);
        expect(ops(built)).not.toContain('Expand');
        // the one Unsqueeze left is the batch size's, for the mean's gradient
        expect(nodes.filter((n) => n.opType === 'Unsqueeze' && ['b1', 'b2'].includes(n.input[0]!))).toEqual([]);
      });

      it('has no shape-check subgraph: its checks compare input sizes in JS', () => {
        for (const op of ['Concat', 'Equal', 'Where', 'Gather']) expect(ops(built)).not.toContain(op);
        // one Shape only: the batch size the mean divides by
        expect(nodes.filter((n) => n.opType === 'Shape').map((n) => n.input[0])).toEqual(['y']);
        expect(built.checkOutputs).toBe(null);
        expect(built.checks.length).toBeGreaterThan(0);
        expect(built.checks.every((c) => c.inputSizes !== undefined)).toBe(true);
        expect(built.model.graph!.output.map((o) => o.name)).toEqual([
          'output_0',
          'update_0',
          'update_1',
          'update_2',
          'update_3',
        ]);
      });

      it(`stays small: at most ${dtype === 'float64' ? 43 : 49} nodes`, () => {
        // before the checks moved to JS, the biases went to Gemm and the sums' -0 fix was one Add: 63 in
        // float64, 69 in float32 (whose sums accumulate in float64, as Theano's: a Cast each way)
        expect(nodes.length).toBeLessThanOrEqual(dtype === 'float64' ? 43 : 49);
        f.dispose();
      });
    });
  }
});

/** `a` and `b` flattened: equal bit for bit (`ulps` 0), or within `ulps` units of the dtype's last place. */
function expectUlps(a: NDArray, b: NDArray, ulps: number, what: string): void {
  expect(a.shape, what).toEqual(b.shape);
  const av = Array.from(a.toFloat64());
  const bv = Array.from(b.toFloat64());
  if (ulps === 0) {
    expect(av, what).toEqual(bv);
    return;
  }
  const eps = a.dtype === 'float32' ? 2 ** -23 : 2 ** -52;
  av.forEach((v, i) => {
    const tol = ulps * eps * Math.max(Math.abs(v), Math.abs(bv[i]!), 2 ** -20);
    expect(Math.abs(v - bv[i]!), `${what}[${i}]: ${v} vs ${bv[i]}`).toBeLessThanOrEqual(tol);
  });
}

describe('the MLP step on onnx computes what ref computes', () => {
  const cases: [Dt, 'softmax' | 'squared', number, Sizes][] = [
    // no transcendental function: bit for bit (float64-constants.test.ts demands it of float64 steps; at larger
    // sizes MLAS's float64 products and sums round in another order than ref's loops, as before this model)
    ['float64', 'squared', 0, [2, 2, 2, 2]],
    // tanh, exp and log: onnxruntime's float64 kernels are within 2 ulps, its float32 tanh within 33
    // (NUMERICS); carried through two products and a mean, within a few hundred ulps of the result
    ['float64', 'softmax', 256, SIZES],
    ['float64', 'squared', 256, SIZES],
    ['float32', 'softmax', 256, SIZES],
    ['float32', 'squared', 64, SIZES],
  ];
  for (const [dtype, kind, ulps, sizes] of cases) {
    const what = kind === 'softmax' ? 'tanh + softmax cross-entropy' : 'relu + squared error';
    it(`${dtype} ${what}, sizes ${sizes.join('-')}: two steps, ${ulps ? `within ${ulps} ulps` : 'bit for bit'}`, async () => {
      const ref = step('ref', dtype, kind, sizes);
      const onx = step('onnx', dtype, kind, sizes);
      for (let s = 0; s < 2; s++) {
        const costRef = (await ref.f(...ref.args)) as NDArray;
        const costOnnx = (await onx.f(...onx.args)) as NDArray;
        expectUlps(costOnnx, costRef, ulps, `cost, step ${s + 1}`);
        ref.params.forEach((p, k) => {
          expectUlps(onx.params[k]!.getValue(), p.getValue(), ulps, `${p.name} after step ${s + 1}`);
        });
      }
      // the step moved the parameters
      expect(Array.from(onx.params[0]!.getValue().toFloat64())).not.toEqual(uniform(sizes[1] * sizes[2], 1));
      ref.f.dispose();
      onx.f.dispose();
    });
  }
});

describe("a check on the inputs' sizes", () => {
  it('x·W + b with a b of 1 element (a vector type, not broadcastable) fails as on ref', async () => {
    const x = T.dmatrix('x');
    const W = T.dmatrix('W');
    const b = T.dvector('b');
    const make = (backend: string) => theano.function([x, W, b], x.dot(W).add(b), { backend });
    const onx = make('onnx');
    const built = buildModel(onx.maker.fgraph, { nOutputs: 1 });
    expect(built.checks.map((c) => c.inputSizes)).toEqual([
      // the product's rows are x's, its columns W's; b's one dimension is broadcast as the row's second
      [
        [
          [0, 0],
          [1, 1],
        ],
        [1, [2, 0]],
      ],
    ]);
    const args = [
      theano.array([[1, 2]]),
      theano.array([
        [1, 0, 2],
        [0, 1, 3],
      ]),
      theano.array([5]),
    ];
    await expect(onx(...args)).rejects.toThrow(/size 1 at dimension 1 where another input has size 3/);
    await expect(make('ref')(...args)).rejects.toThrow(/size 1 at dimension 1|broadcast/);
    // the right size runs: [1, 2]·W + [1, 1, 1]
    const ok = (await onx(args[0], args[1], theano.array([1, 1, 1]))) as NDArray;
    expect(Array.from(ok.toFloat64())).toEqual([2, 3, 9]);
    onx.dispose();
  });
});
