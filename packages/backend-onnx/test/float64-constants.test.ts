// Float64 graphs stay float64 on onnx. The model exported for a float64 training step holds no float32
// anywhere (initializers, Constant nodes, float attributes, casts, value types, Loop/If bodies), and running
// it in onnxruntime gives the reference backend's numbers: onnxruntime's MatMulScaleFusion, which folds
// `Mul(MatMul(a, b), 0.1)` into a FusedMatMul whose alpha is a float32 attribute, once turned
// W ← W − 0.1·∇W into -0.0800000011920929 where numpy gives 0.1·0.8 = 0.08000000000000002.
import { fromBinary } from '@bufbuild/protobuf';
import { exportModel } from '@theano-ts/backend-onnx';
import { type AttributeProto, type GraphProto, ModelProtoSchema, TensorProto_DataType } from 'onnx-buf';
import ort from 'onnxruntime-node';
import type { NDArray, SharedVariable, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { T } from './helpers.js';

const FLOAT_TYPES = new Set<number>([
  TensorProto_DataType.FLOAT,
  TensorProto_DataType.FLOAT16,
  TensorProto_DataType.BFLOAT16,
  TensorProto_DataType.DOUBLE,
]);

/** Every place a dtype or a float value appears in `g` (and its subgraphs) that is not float64. */
function nonFloat64(g: GraphProto, where = 'graph'): string[] {
  const bad: string[] = [];
  const tensorType = (elem: number, what: string) => {
    if (FLOAT_TYPES.has(elem) && elem !== TensorProto_DataType.DOUBLE) bad.push(`${what}: element type ${elem}`);
  };
  for (const t of g.initializer) tensorType(t.dataType, `${where} initializer ${t.name}`);
  for (const v of [...g.input, ...g.output, ...g.valueInfo]) {
    if (v.type?.value.case === 'tensorType') tensorType(v.type.value.value.elemType, `${where} value ${v.name}`);
  }
  const attribute = (a: AttributeProto, node: string) => {
    const at = `${where} node ${node} attribute ${a.name}`;
    if (a.type === 1 /* FLOAT */ || a.type === 6 /* FLOATS */) bad.push(`${at}: a float32 attribute`);
    if (a.t) tensorType(a.t.dataType, at);
    for (const t of a.tensors) tensorType(t.dataType, at);
    if (a.g) bad.push(...nonFloat64(a.g, `${at} body`));
    for (const sub of a.graphs) bad.push(...nonFloat64(sub, `${at} body`));
  };
  for (const n of g.node) {
    for (const a of n.attribute) attribute(a, `${n.name} (${n.opType})`);
    const to = n.opType === 'Cast' ? n.attribute.find((a) => a.name === 'to') : undefined;
    if (to) tensorType(Number(to.i), `${where} node ${n.name} (Cast to)`);
  }
  return bad;
}

interface Step {
  /** The training step on `backend` and the shared variables it updates (fresh each time). */
  make(backend: string): { f: theano.TheanoFunction<NDArray | NDArray[]>; shared: SharedVariable[] };
  /** The step's arguments. */
  args: unknown[];
  /** The exported model's feeds: the arguments, then the shared variables' initial values, by input name. */
  feeds: Record<string, NDArray>;
  /** Bit for bit with ref (false: within 4e-16 relative, where onnxruntime's exp and log are declared 1 ulp). */
  exact: boolean;
}

const sharedOf = (name: string, values: number[][]) => theano.shared(theano.array(values), name);

const x4x2 = [
  [0.8, 0.3],
  [0.4, 0.5],
  [-1.5, 0.25],
  [0.1, -0.7],
];
const W0 = [
  [0.2, -0.1, 0.05],
  [0.3, 0.4, -0.6],
];
const V0 = [[0.5], [-0.25], [0.125]];

const STEPS: Record<string, Step> = {
  // the step: W starts at zero, so the update is exactly -0.1·(xᵀ·1) (numpy: -0.08000000000000002)
  'W ← W − 0.1·∇W of sum(x·W)': {
    make(backend) {
      const W = theano.shared(theano.zeros([2, 2]), 'W');
      const x = T.dmatrix('x');
      const cost = T.sum(T.dot(x, W));
      const f = theano.function([x], cost, { updates: [[W, W.sub(T.grad(cost, W).mul(0.1))]], backend });
      return { f, shared: [W] };
    },
    args: [x4x2.slice(0, 2)],
    feeds: { x: theano.array(x4x2.slice(0, 2)), W: theano.zeros([2, 2]) },
    exact: true,
  },
  'a two-layer relu MLP with squared error and SGD': {
    make(backend) {
      const W = sharedOf('W', W0);
      const V = sharedOf('V', V0);
      const x = T.dmatrix('x');
      const y = T.dmatrix('y');
      const h = T.nnet.relu(T.dot(x, W));
      const cost = T.mean(T.dot(h, V).sub(y).pow(2));
      const [gW, gV] = T.grad(cost, [W, V]);
      const f = theano.function([x, y], cost, {
        updates: [
          [W, W.sub(gW!.mul(0.1))],
          [V, V.sub(gV!.mul(0.05))],
        ],
        backend,
      });
      return { f, shared: [W, V] };
    },
    args: [x4x2, [[1], [0], [-1], [0.5]]],
    feeds: {
      x: theano.array(x4x2),
      y: theano.array([[1], [0], [-1], [0.5]]),
      W: theano.array(W0),
      V: theano.array(V0),
    },
    exact: true,
  },
  'softmax cross-entropy (logistic regression) with SGD': {
    make(backend) {
      const W = sharedOf('W', W0);
      const x = T.dmatrix('x');
      const t = T.dmatrix('t');
      const p = T.nnet.softmax(T.dot(x, W));
      const cost = T.mean(T.nnet.categorical_crossentropy(p, t));
      const f = theano.function([x, t], cost, { updates: [[W, W.sub(T.grad(cost, W).mul(0.1))]], backend });
      return { f, shared: [W] };
    },
    args: [
      x4x2,
      [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
        [0, 1, 0],
      ],
    ],
    feeds: {
      x: theano.array(x4x2),
      t: theano.array([
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
        [0, 1, 0],
      ]),
      W: theano.array(W0),
    },
    exact: false,
  },
};

/** `a` and `b` as flat numbers, equal bit for bit, or within `rel` relative where `exact` is false. */
function expectClose(a: NDArray, b: NDArray, exact: boolean, what: string): void {
  expect(a.dtype, what).toBe('float64');
  expect(b.dtype, what).toBe('float64');
  expect(a.shape, what).toEqual(b.shape);
  const av = Array.from(a.data as Float64Array);
  const bv = Array.from(b.data as Float64Array);
  if (exact) {
    expect(av, what).toEqual(bv);
    return;
  }
  av.forEach((v, i) => {
    // a float32 constant anywhere would be off by ~1e-9 relative
    expect(Math.abs(v - bv[i]!), `${what}[${i}]: ${v} vs ${bv[i]}`).toBeLessThanOrEqual(
      4e-16 * Math.max(1, Math.abs(v)),
    );
  });
}

describe('float64 training steps on onnx', () => {
  it("the issue's step: 0.1 reaches the update as a float64 (numpy's -0.08000000000000002)", async () => {
    const { f, shared } = STEPS['W ← W − 0.1·∇W of sum(x·W)']!.make('onnx');
    await f(x4x2.slice(0, 2));
    // ∂sum(x·W)/∂W = xᵀ·1: column sums of x are 1.2 and 0.8, in every column of the gradient
    expect(Array.from(shared[0]!.getValue().data as Float64Array)).toEqual([
      -(0.1 * 1.2000000000000002),
      -(0.1 * 1.2000000000000002),
      -(0.1 * 0.8),
      -(0.1 * 0.8),
    ]);
    expect(0.1 * 0.8).toBe(0.08000000000000002);
  });

  for (const [name, step] of Object.entries(STEPS)) {
    describe(name, () => {
      it('the exported model holds no float32 (initializers, constants, attributes, casts, value types)', async () => {
        const { f } = step.make('onnx');
        const model = fromBinary(ModelProtoSchema, await exportModel(f));
        expect(model.graph!.initializer.length).toBeGreaterThan(0);
        expect(model.graph!.initializer.some((t) => t.dataType === TensorProto_DataType.DOUBLE)).toBe(true);
        expect(nonFloat64(model.graph!)).toEqual([]);
      });

      it('onnx updates the shared variables as ref does, and as the exported model run unoptimized does', async () => {
        const ref = step.make('ref');
        const onx = step.make('onnx');
        const costRef = (await ref.f(...step.args)) as NDArray;
        const costOnnx = (await onx.f(...step.args)) as NDArray;
        expectClose(costOnnx, costRef, step.exact, 'cost');
        ref.shared.forEach((s, k) => {
          expectClose(onx.shared[k]!.getValue(), s.getValue(), step.exact, `${s.name} after the step`);
        });
        // onnxruntime with every graph rewrite off: the model's own arithmetic, which the backend must keep
        const session = await ort.InferenceSession.create(await exportModel(onx.f), {
          graphOptimizationLevel: 'disabled',
          logSeverityLevel: 3, // not the warnings about initializers the export leaves unused
        });
        const feeds: Record<string, ort.Tensor> = {};
        for (const [k, v] of Object.entries(step.feeds)) {
          feeds[k] = new ort.Tensor('float64', v.data as Float64Array, [...v.shape]);
        }
        const out = await session.run(feeds);
        await session.release();
        onx.shared.forEach((s, k) => {
          const raw = out[session.outputNames[1 + k]!]!;
          const plain = theano.fromFloat64(Array.from(raw.data as Float64Array), [...raw.dims], 'float64');
          expectClose(s.getValue(), plain, true, `${s.name}: the backend against the unoptimized model`);
        });
      });
    });
  }

  it('the check finds the float32 of a float32 step (it can fail)', async () => {
    const W = theano.shared(theano.zeros([2, 2], 'float32'), 'W');
    const x = T.fmatrix('x');
    const cost = T.sum(T.dot(x, W));
    const f = theano.function([x], cost, { updates: [[W, W.sub(T.grad(cost, W).mul(0.1))]], backend: 'onnx' });
    const bad = nonFloat64(fromBinary(ModelProtoSchema, await exportModel(f)).graph!);
    expect(bad).toContain('graph value x: element type 1');
    expect(bad.some((b) => /initializer .*: element type 1$/.test(b))).toBe(true);
  });

  it('an exported float64 scan keeps its Loop body float64', async () => {
    const x = T.dvector('x');
    const [ys] = theano.scan({
      fn: (xi: TensorVariable, acc: TensorVariable) => acc.mul(0.5).add(xi.mul(0.1)),
      sequences: x,
      outputsInfo: [T.constant(0, { dtype: 'float64' })],
    }) as [TensorVariable, unknown];
    const f = theano.function([x], ys, { backend: 'onnx' });
    const model = fromBinary(ModelProtoSchema, await exportModel(f));
    expect(nonFloat64(model.graph!)).toEqual([]);
    // acc_k = acc_{k-1}/2 + x_k/10, in float64
    const out = Array.from(((await f([1, 2, 3])) as NDArray).data as Float64Array);
    const a1 = 0 * 0.5 + 1 * 0.1;
    const a2 = a1 * 0.5 + 2 * 0.1;
    expect(out).toEqual([a1, a2, a2 * 0.5 + 3 * 0.1]);
  });
});
