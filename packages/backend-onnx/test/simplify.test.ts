// Fused matrix products (src/simplify.ts): an MLP's SGD step, whose transposed products, biases and weight
// updates become Gemm nodes, computes the step a plain implementation computes (forward, backward and update
// written out here by hand); a failing fused Gemm is explained as the unfused graph fails (the op, or the
// typed-broadcasting check, that fails without fusion).
import { fromBinary } from '@bufbuild/protobuf';
import { buildModel, exportModel } from '@theano-ts/backend-onnx';
import { ModelProtoSchema } from 'onnx-buf';
import ort from 'onnxruntime-node';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { seeded, T } from './helpers.js';

const [B, I, H, C] = [6, 5, 4, 3];

/** Uniform numbers in [-1, 1) rounded to float32 (so both dtypes start from the same values). */
function uniform(n: number, seed: number): Float64Array {
  const r = seeded(seed);
  return Float64Array.from({ length: n }, () => Math.fround(2 * r() - 1));
}

/** Row-major product of an m×k and a k×n matrix. */
function matmul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += a[i * k + t]! * b[t * n + j]!;
      out[i * n + j] = s;
    }
  }
  return out;
}

/** The transpose of an m×n matrix. */
function transpose(a: ArrayLike<number>, m: number, n: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = a[i * n + j]!;
  return out;
}

/**
 * One SGD step (rate 0.1) of h = tanh(x·W1 + b1), p = softmax(h·W2 + b2), cost = mean(-Σ y·log p), with the
 * gradients derived on paper: d2 = (p·Σy - y)/B per row, d1 = (d2·W2ᵀ)(1 - h²).
 */
function plainStep(
  x: Float64Array,
  y: Float64Array,
  W1: Float64Array,
  b1: Float64Array,
  W2: Float64Array,
  b2: Float64Array,
) {
  const a1 = matmul(x, W1, B, I, H);
  const h = a1.map((v, k) => Math.tanh(v + b1[k % H]!));
  const a2 = matmul(h, W2, B, H, C).map((v, k) => v + b2[k % C]!);
  const d2 = new Float64Array(B * C);
  let cost = 0;
  for (let r = 0; r < B; r++) {
    const row = a2.subarray(r * C, (r + 1) * C);
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const s = e.reduce((p, q) => p + q, 0);
    let ys = 0;
    for (let c = 0; c < C; c++) ys += y[r * C + c]!;
    for (let c = 0; c < C; c++) {
      const p = e[c]! / s;
      cost -= (y[r * C + c]! * Math.log(p)) / B;
      d2[r * C + c] = (p * ys - y[r * C + c]!) / B;
    }
  }
  const gW2 = matmul(transpose(h, B, H), d2, H, B, C);
  const back = matmul(d2, transpose(W2, H, C), B, C, H);
  const d1 = back.map((v, k) => v * (1 - h[k]! * h[k]!));
  const gW1 = matmul(transpose(x, B, I), d1, I, B, H);
  const colSum = (d: Float64Array, n: number) => {
    const out = new Float64Array(n);
    d.forEach((v, k) => {
      out[k % n]! += v;
    });
    return out;
  };
  const step = (p: Float64Array, g: Float64Array) => p.map((v, k) => v - 0.1 * g[k]!);
  return {
    cost,
    W1: step(W1, gW1),
    b1: step(b1, colSum(d1, H)),
    W2: step(W2, gW2),
    b2: step(b2, colSum(d2, C)),
  };
}

function mlp(dtype: 'float32' | 'float64') {
  const data = {
    x: uniform(B * I, 1),
    // soft targets whose rows do not sum to 1: the gradient must keep Σy
    y: uniform(B * C, 2).map((v) => Math.fround(Math.abs(v))),
    W1: uniform(I * H, 3),
    b1: uniform(H, 4),
    W2: uniform(H * C, 5),
    b2: uniform(C, 6),
  };
  const arr = (v: Float64Array, shape: number[]) => theano.fromFloat64(Array.from(v), shape, dtype);
  const W1 = theano.shared(arr(data.W1, [I, H]), 'W1');
  const b1 = theano.shared(arr(data.b1, [H]), 'b1');
  const W2 = theano.shared(arr(data.W2, [H, C]), 'W2');
  const b2 = theano.shared(arr(data.b2, [C]), 'b2');
  const x = T.matrix('x', dtype);
  const y = T.matrix('y', dtype);
  const p = T.nnet.softmax(T.tanh(x.dot(W1).add(b1)).dot(W2).add(b2));
  const cost = T.mean(T.nnet.categoricalCrossentropy(p, y));
  const params = [W1, b1, W2, b2];
  const grads = T.grad(cost, params);
  const f = theano.function([x, y], cost, {
    backend: 'onnx',
    updates: params.map((s, k) => [s, s.sub(grads[k]!.mul(0.1))] as [theano.SharedVariable, theano.TensorVariable]),
  });
  return { f, data, params, x: arr(data.x, [B, I]), y: arr(data.y, [B, C]) };
}

/** The op types of a model's nodes. */
function opTypes(bytes: Uint8Array): string[] {
  return fromBinary(ModelProtoSchema, bytes).graph!.node.map((n) => n.opType);
}

describe('fused matrix products', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`an MLP's SGD step computes the plain step (${dtype}): transposes, biases and updates in Gemm nodes`, async () => {
      const { f, data, params, x, y } = mlp(dtype);
      const ops = opTypes(await exportModel(f));
      // x·W1 + b1, h·W2 + b2, d2·W2ᵀ, and the two weight updates W - 0.1·(inputᵀ·delta)
      expect(ops.filter((o) => o === 'Gemm')).toHaveLength(5);
      expect(ops).not.toContain('Transpose');
      expect(ops).not.toContain('MatMul');
      const want = plainStep(data.x, data.y, data.W1, data.b1, data.W2, data.b2);
      const cost = (await f(x, y)).item() as number;
      const tol = dtype === 'float32' ? 2e-6 : 1e-14;
      expect(Math.abs(cost - want.cost)).toBeLessThan(tol * Math.abs(want.cost));
      const got = params.map((s) => s.getValue().toFloat64());
      [want.W1, want.b1, want.W2, want.b2].forEach((w, k) => {
        const err = Math.max(...Array.from(w, (v, j) => Math.abs(v - got[k]![j]!)));
        expect(err, params[k]!.name ?? `parameter ${k}`).toBeLessThan(tol);
      });
      f.dispose();
    });
  }

  it("the MLP's checks read the inputs' shapes; none is a model output", async () => {
    const { f } = mlp('float64');
    const built = buildModel(f.maker.fgraph, { nOutputs: 1 });
    // b1 against W1's columns, b2 against W2's, y against the scores (x's rows, W2's columns)
    expect(built.checks.map((c) => c.inputSizes !== undefined)).toEqual([true, true, true]);
    expect(built.checkOutputs).toBe(null);
    expect(built.model.graph!.node.map((n) => n.opType)).not.toContain('Concat');
    expect(built.simplified).toBe(true);
    const plain = buildModel(f.maker.fgraph, { nOutputs: 1, simplify: false });
    expect(plain.simplified).toBe(false);
    expect(plain.model.graph!.node.map((n) => n.opType)).toContain('Transpose');
    f.dispose();
  });

  it('the checks of the fused values are packed without sizes output or reshapes', async () => {
    // a[1:]'s rows are not an input's size: the check of the bias reads the fused Gemm's shape back
    const a = T.dmatrix('a');
    const W = T.dmatrix('W');
    const c = T.dmatrix('c');
    const f = theano.function([a, W, c], T.dot(a.get('1:'), W).add(c), { backend: 'onnx' });
    const built = buildModel(f.maker.fgraph, { nOutputs: 1 });
    const ops = built.model.graph!.node.map((n) => n.opType);
    expect(ops).toContain('Gemm');
    expect(built.checks.some((k) => k.inputSizes === undefined)).toBe(true);
    expect(built.checkOutputs?.sizes).toEqual(expect.arrayContaining([2]));
    expect(typeof built.checkOutputs?.sizes).toBe('object');
    // the shapes go into the packed output as they are (the slice's bounds have Reshapes of their own)
    const nodes = built.model.graph!.node;
    const shapes = new Set(nodes.filter((n) => n.opType === 'Shape').flatMap((n) => n.output));
    expect(shapes.size).toBe(2);
    expect(nodes.filter((n) => n.opType === 'Reshape' && n.input.some((i) => shapes.has(i)))).toEqual([]);
    expect(built.model.graph!.output.map((o) => o.name)).not.toContain('check_sizes');
    f.dispose();
  });

  it('dot(aᵀ, v) with a vector v reads a in place: v·a (1-D), the values of the transposed product', async () => {
    const a = T.dmatrix('a');
    const v = T.dvector('v');
    const f = theano.function([a, v], T.dot(a.T, v), { backend: 'onnx' });
    const ops = opTypes(await exportModel(f));
    expect(ops).not.toContain('Transpose');
    // a is 3×2: aᵀ·v = [1·1 + 3·2 + 5·3, 2·1 + 4·2 + 6·3]
    const r = await f(
      theano.array([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
      theano.array([1, 2, 3]),
    );
    expect(Array.from(r.toFloat64())).toEqual([22, 28]);
    f.dispose();
  });

  describe('a failing fused product (float32: W - 0.1·aᵀg in one Gemm) is explained as without fusion', () => {
    const W = T.fmatrix('W');
    const a = T.fmatrix('a');
    const g = T.fmatrix('g');
    const step = () => theano.function([W, a, g], W.sub(T.dot(a.T, g).mul(0.1)), { backend: 'onnx' });
    const ones = (r: number, c: number) => theano.fromFloat64(new Array(r * c).fill(1), [r, c], 'float32');

    it('the model is one Gemm, and computes W - 0.1·aᵀg', async () => {
      const f = step();
      expect(opTypes(await exportModel(f))).toEqual(['Gemm']);
      // aᵀg with a, g all ones (2 rows): every entry 2; 1 - 0.1·2 = 0.8 (in float32)
      const r = await f(ones(4, 3), ones(2, 4), ones(2, 3));
      expect(Array.from(r.toFloat64())).toEqual(new Array(12).fill(Math.fround(1 - Math.fround(0.2))));
      f.dispose();
    });

    it('W of size 1 where the product has 4 rows: the typed-broadcasting check names W (the Gemm broadcast it)', async () => {
      const f = step();
      await expect(f(ones(1, 3), ones(2, 4), ones(2, 3))).rejects.toThrow(
        /input 0 \(W\) has size 1 at dimension 0 where another input has size 4/,
      );
      f.dispose();
    });

    it('a product of 1 column against W of 3: the check names the product (the Gemm itself failed)', async () => {
      const f = step();
      await expect(f(ones(4, 3), ones(2, 4), ones(2, 1))).rejects.toThrow(
        /input 1 .* has size 1 at dimension 1 where another input has size 3/,
      );
      f.dispose();
    });

    it('misaligned operands: the dot error of the unfused graph', async () => {
      const f = step();
      await expect(f(ones(4, 3), ones(2, 4), ones(5, 3))).rejects.toThrow(
        /dot: shapes \(4, 2\) and \(5, 3\) not aligned/,
      );
      f.dispose();
    });
  });
});

describe('Abs(Neg(v)) reads v', () => {
  it("sigmoid and softplus of z and -z share e^-|z|: no Abs reads a Neg, the values are the unfused model's", async () => {
    const z = T.dvector('z');
    const outs = [T.nnet.sigmoid(z), T.nnet.sigmoid(z.neg()), T.nnet.softplus(z), T.nnet.softplus(z.neg())];
    const f = theano.function([z], outs, { backend: 'onnx' });
    const built = buildModel(f.maker.fgraph, { nOutputs: 4 });
    const plain = buildModel(f.maker.fgraph, { nOutputs: 4, simplify: false });
    const negs = (b: typeof built) =>
      new Set(b.model.graph!.node.filter((n) => n.opType === 'Neg').flatMap((n) => n.output));
    const absOfNeg = (b: typeof built) =>
      b.model.graph!.node.filter((n) => n.opType === 'Abs' && negs(b).has(n.input[0]!)).length;
    expect(absOfNeg(plain)).toBeGreaterThan(0);
    expect(absOfNeg(built)).toBe(0);
    // -0, ±inf, NaN, and values where e^-|z| rounds 1 + e to 1 or underflows
    const values = [-0, 0, 1e-300, -1e-300, 0.5, -0.5, 3, -3, 40, -40, 800, -800, Infinity, -Infinity, Number.NaN];
    const feeds = { z: new ort.Tensor('float64', Float64Array.from(values), [values.length]) };
    const run = async (bytes: Uint8Array) => {
      const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'disabled' });
      const r = await session.run(feeds);
      await session.release();
      return session.outputNames.map((n) => Array.from(r[n]!.data as Float64Array));
    };
    const [a, b] = [await run(built.bytes), await run(plain.bytes)];
    // bit for bit, -0 and NaN included
    expect(a.map((o) => o.map((v) => (Object.is(v, -0) ? '-0' : String(v))))).toEqual(
      b.map((o) => o.map((v) => (Object.is(v, -0) ? '-0' : String(v)))),
    );
    // sigmoid(0) = 1/2, softplus(0) = ln 2
    expect([a[0]![0], a[2]![0]]).toEqual([0.5, Math.LN2]);
    f.dispose();
  });
});
