// Models of LARGE_MODEL_NODES nodes or more: their inputs of unknown sizes carry no symbolic dimensions, and
// their nodes are in the order they become ready (each after the producers of what it reads, subgraphs'
// outer values included); where they hold many Gemms, the backend's session for the first call declares that
// call's input sizes, and a call of other sizes gets a session for any sizes. That is what lets onnxruntime
// create their sessions in time proportional to their size. The results stay those of the reference backend.
import { fromBinary } from '@bufbuild/protobuf';
import { buildModel, LARGE_MODEL_NODES, sizedSessionPays } from '@theano-ts/backend-onnx';
import { ModelProtoSchema } from 'onnx-buf';
import ort from 'onnxruntime-node';
import type { NDArray, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compareWithRef, errorMessage, expectSameArray, T } from './helpers.js';

/** sin applied `n` times. */
function sinChain(x: TensorVariable, n: number): TensorVariable {
  let y = x;
  for (let i = 0; i < n; i++) y = T.sin(y);
  return y;
}

/** The gradient of sum(h²) for h = tanh(h·Wᵢ + 0.1), `layers` layers from h = x: a large model of Gemms. */
function mlpGradient(layers: number): { inputs: TensorVariable[]; outputs: TensorVariable[] } {
  const x = T.dmatrix('x');
  const ws = Array.from({ length: layers }, (_, i) => T.dmatrix(`w${i}`));
  const h = ws.reduce((acc: TensorVariable, w) => T.tanh(T.dot(acc, w).add(0.1)), x);
  const loss = T.sqr(h).sum();
  return { inputs: [x, ...ws], outputs: [loss, ...(T.grad(loss, ws) as TensorVariable[])] };
}

/** `rows` × `cols` float64 values in [-0.6, 0.6], different for each `seed`. */
function matrix(rows: number, cols: number, seed: number): NDArray {
  const data = Array.from({ length: rows * cols }, (_, i) => 0.6 * Math.sin(1.3 * i + 0.7 * seed + 0.2));
  return theano.fromFloat64(data, [rows, cols], 'float64');
}

/** The input shapes of each model onnxruntime was asked to create a session for (null: no shape declared). */
function declaredShapes(create: { mock: { calls: unknown[][] } }): ((number | null)[] | null)[][] {
  return create.mock.calls.map(([bytes]) =>
    fromBinary(ModelProtoSchema, bytes as Uint8Array).graph!.input.map((vi) => {
      const t = vi.type!.value;
      if (t.case !== 'tensorType' || !t.value.shape) return null;
      return t.value.shape.dim.map((d) => (d.value.case === 'dimValue' ? Number(d.value.value) : null));
    }),
  );
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('large models', () => {
  it('the first call gets a session for its input sizes; other sizes get one for any sizes', async () => {
    const layers = 140;
    const g = mlpGradient(layers);
    const f = theano.function(g.inputs, g.outputs, { backend: 'onnx' });
    const fRef = theano.function(g.inputs, g.outputs, { backend: 'ref' });
    const built = buildModel(f.maker.fgraph, { largeModelNodes: LARGE_MODEL_NODES });
    expect(built.large).toBe(true);
    // 280 Gemms (forward, and both products of every layer's gradient but the first) of about 1100 nodes
    expect(built.model.graph!.node.filter((n) => n.opType === 'Gemm').length).toBeGreaterThanOrEqual(
      5 * Math.sqrt(built.model.graph!.node.length),
    );
    expect(sizedSessionPays(built)).toBe(true);
    const args = (batch: number) => [
      matrix(batch, 3, 0),
      ...Array.from({ length: layers }, (_, i) => matrix(3, 3, i + 1)),
    ];
    const check = async (batch: number, label: string) => {
      const a = args(batch);
      const want = fRef.callSync(...a);
      const got = await f(...a);
      got.forEach((v, k) => {
        expectSameArray(v, want[k]!, `${label}, output ${k}`);
      });
    };
    const create = vi.spyOn(ort.InferenceSession, 'create');
    await check(2, 'first call, batch 2');
    // one session, its inputs declared with this call's sizes: x 2×3, every w 3×3
    expect(declaredShapes(create)).toEqual([[[2, 3], ...Array.from({ length: layers }, () => [3, 3])]]);
    await check(2, 'second call, batch 2');
    expect(create).toHaveBeenCalledTimes(1);
    // other sizes: a second session, for any sizes (the inputs of unknown sizes declared without a shape)
    await check(5, 'batch 5');
    expect(create).toHaveBeenCalledTimes(2);
    expect(declaredShapes(create)[1]).toEqual(Array.from({ length: layers + 1 }, () => null));
    // both stay: the first sizes go back to the first session, new sizes use the one for any sizes
    await check(2, 'batch 2 again');
    await check(7, 'batch 7');
    expect(create).toHaveBeenCalledTimes(2);
    f.dispose();
  });

  it('first-call sizes that onnxruntime rejects give the error the model for any sizes gives', async () => {
    const layers = 150;
    const g = mlpGradient(layers);
    // layer 60's weights are 4×3: h (2×3) · w60 cannot be multiplied
    const bad = [matrix(2, 3, 0), ...Array.from({ length: layers }, (_, i) => matrix(i === 60 ? 4 : 3, 3, i + 1))];
    const good = [matrix(2, 3, 0), ...Array.from({ length: layers }, (_, i) => matrix(3, 3, i + 1))];
    const message = 'onnx: theano function "big": dot: shapes (2, 3) and (4, 3) not aligned: 3 (dim 1) != 4 (dim 0)';
    const create = vi.spyOn(ort.InferenceSession, 'create');
    // bad sizes on the first call
    const f = theano.function(g.inputs, g.outputs, { backend: 'onnx', name: 'big' });
    const built = buildModel(f.maker.fgraph, { name: 'big', largeModelNodes: LARGE_MODEL_NODES });
    expect(built.large).toBe(true);
    expect(await errorMessage(() => f(...bad))).toBe(message);
    // onnxruntime refused the session for these sizes (its shape inference sees the mismatch); the model as
    // built, for any sizes, was made next, and its run gave the error
    expect(declaredShapes(create)[0]![61]).toEqual([4, 3]);
    expect(create.mock.calls[1]![0]).toEqual(built.bytes);
    await f(...good);
    expect(await errorMessage(() => f(...bad))).toBe(message);
    f.dispose();
    // bad sizes after good ones
    const f2 = theano.function(g.inputs, g.outputs, { backend: 'onnx', name: 'big' });
    await f2(...good);
    expect(await errorMessage(() => f2(...bad))).toBe(message);
    f2.dispose();
  });

  it('a 1000-sin chain and its gradient: no symbolic input sizes, nodes in ready order, ref values', async () => {
    const x = T.dvector('x');
    const y = sinChain(x, 1000);
    const outs = [y, T.grad(y.sum(), x) as TensorVariable];
    const f = theano.function([x], outs, { backend: 'onnx' });
    const built = buildModel(f.maker.fgraph, { largeModelNodes: LARGE_MODEL_NODES });
    const graph = built.model.graph!;
    expect(graph.node.length).toBeGreaterThanOrEqual(LARGE_MODEL_NODES);
    const input = graph.input[0]!.type!.value;
    expect(input.case).toBe('tensorType');
    expect(input.case === 'tensorType' && input.value.shape).toBeUndefined();
    // below the threshold (the default for exported models) the input keeps its named dimension
    const small = buildModel(f.maker.fgraph).model.graph!.input[0]!.type!.value;
    expect(small.case === 'tensorType' && small.value.shape?.dim[0]?.value).toEqual({
      case: 'dimParam',
      value: 'x_dim0',
    });
    // ready order: the nodes that read only the graph's input (sin(x) and cos(x)) come first
    const leaves = new Set(['x', ...graph.initializer.map((t) => t.name)]);
    const readsOnlyInputs = graph.node.map((n) => n.input.every((i) => leaves.has(i)));
    expect(readsOnlyInputs.slice(0, 2)).toEqual([true, true]);
    expect(readsOnlyInputs.slice(2).some((b) => b)).toBe(false);
    await compareWithRef([x], outs, [theano.array([0.5, -1.25, 2, 3])], 'sin chain');
    // no Gemm: its session is for any sizes, as a small model's is (declaring sizes would only cost)
    expect(sizedSessionPays(built)).toBe(false);
    const create = vi.spyOn(ort.InferenceSession, 'create');
    const x2 = T.dvector('x2');
    const g = theano.function([x2], sinChain(x2, 1001), { backend: 'onnx' });
    expect(((await g(theano.array([0, 1]))) as NDArray).toFloat64()[0]).toBe(0);
    expect(declaredShapes(create)).toEqual([[null]]);
    g.dispose();
  });

  it('a node whose subgraphs read an outer value comes after that value', async () => {
    // y: 1100 nodes in the main graph; the ifelse branches, lowered into an If's subgraphs, read y from the
    // outer scope (the If's own inputs are only the condition)
    const x = T.dvector('x');
    const c = T.lscalar('c');
    const y = sinChain(x, 1100);
    const out = theano.ifelse(c, y.mul(2), y.add(1)) as TensorVariable;
    const f = theano.function([x, c], out, { backend: 'onnx' });
    const nodes = buildModel(f.maker.fgraph, { largeModelNodes: LARGE_MODEL_NODES }).model.graph!.node;
    expect(nodes.length).toBeGreaterThanOrEqual(LARGE_MODEL_NODES);
    const at = nodes.findIndex((n) => n.opType === 'If');
    const outer = nodes[at]!.attribute.flatMap((a) => a.g?.node.flatMap((n) => n.input) ?? []);
    const producers = nodes.flatMap((n, k) => (n.output.some((o) => outer.includes(o)) ? [k] : []));
    // the branches read the last sin, which the If's own inputs (the condition) do not depend on
    expect(producers.length).toBeGreaterThan(0);
    expect(Math.max(...producers)).toBeLessThan(at);
    const args = (k: number) => [theano.array([0.5, -1.25, 2]), theano.array(k, 'int64')];
    await compareWithRef([x, c], [out], args(1), 'ifelse, then');
    await compareWithRef([x, c], [out], args(0), 'ifelse, else');
  });
});
