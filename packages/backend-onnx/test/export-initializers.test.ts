// An exported model holds only the initializers its nodes read: the run-time checks are left out of
// exports, and the constants only they used went with them (onnxruntime warned "Removing initializer" for
// each when it loaded such a model).
import { fromBinary } from '@bufbuild/protobuf';
import { exportModel } from '@theano-ts/backend-onnx';
import { type GraphProto, ModelProtoSchema } from 'onnx-buf';
import ort from 'onnxruntime-node';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { T } from './helpers.js';

function read(graph: GraphProto, into = new Set<string>()): Set<string> {
  for (const n of graph.node) {
    for (const i of n.input) into.add(i);
    for (const a of n.attribute) {
      if (a.g) read(a.g, into);
      for (const g of a.graphs) read(g, into);
    }
  }
  for (const o of graph.output) into.add(o.name);
  return into;
}

describe('exported models', () => {
  it('have no initializer that no node reads, and still compute the same', async () => {
    // dot, a broadcast and an index all carry run-time checks on the backend
    const A = T.dmatrix('A');
    const x = T.dvector('x');
    const b = T.dvector('b');
    const y = T.dot(A, x).add(b).get(1);
    const f = theano.function([A, x, b], y, { backend: 'onnx' });
    // a small convolutional classifier (the example's shape): conv, pool, flatten, softmax, argmax
    const img = T.ftensor4('img');
    const W = T.ftensor4('W');
    const V = T.fmatrix('V');
    const h = T.signal.pool.pool2d(T.nnet.relu(T.nnet.conv2d(img, W)), { ws: [2, 2], ignoreBorder: true });
    const g = theano.function([img, W, V], T.argmax(T.nnet.softmax(T.dot(h.flatten(2), V)), 1), { backend: 'onnx' });
    for (const fn of [f, g]) {
      const graph = fromBinary(ModelProtoSchema, await exportModel(fn)).graph!;
      const used = read(graph);
      const unused = graph.initializer.map((t) => t.name).filter((n) => !used.has(n));
      expect(unused).toEqual([]);
    }
    // A = [[1, 2], [3, 4]], x = [1, 1], b = [10, 20]: A·x + b = [13, 27], element 1 is 27
    const session = await ort.InferenceSession.create(await exportModel(f));
    const feeds = {
      A: new ort.Tensor('float64', Float64Array.of(1, 2, 3, 4), [2, 2]),
      x: new ort.Tensor('float64', Float64Array.of(1, 1), [2]),
      b: new ort.Tensor('float64', Float64Array.of(10, 20), [2]),
    };
    const out = await session.run(feeds);
    expect(Array.from(out[session.outputNames[0]!]!.data as Float64Array)).toEqual([27]);
    await session.release();
  });
});
