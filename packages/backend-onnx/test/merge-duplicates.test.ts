// Merged duplicate nodes (src/simplify.ts `mergeDuplicateNodes`): sigmoid(z), softplus(z) and softplus(-z),
// whose lowerings all start with e^-|z|, compute it once and keep their values (checked against the formulas
// in doubles); and the pass itself on hand-made nodes: a duplicate's consumers read the first node's output,
// while pinned outputs, other attributes and random ops are never merged.
import { create } from '@bufbuild/protobuf';
import { buildModel } from '@theano-ts/backend-onnx';
import { AttributeProto_AttributeType, type NodeProto, NodeProtoSchema } from 'onnx-buf';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { mergeDuplicateNodes } from '../src/simplify.js';
import { T } from './helpers.js';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

describe('sigmoid and softplus of one value on onnx', () => {
  const z = T.dvector('z');
  const outs = [T.nnet.sigmoid(z), T.nnet.softplus(z), T.nnet.softplus(z.neg())];

  it('share one e^-|z|: one Abs and one Exp, where the unmerged model has three of each', () => {
    const f = theano.function([z], outs, { backend: 'onnx' });
    const count = (simplify: boolean, op: string) =>
      buildModel(f.maker.fgraph, { nOutputs: 3, simplify }).model.graph!.node.filter((n) => n.opType === op).length;
    expect([count(true, 'Abs'), count(true, 'Exp')]).toEqual([1, 1]);
    expect([count(false, 'Abs'), count(false, 'Exp')]).toEqual([3, 3]);
    f.dispose();
  });

  it('keep their values: within 1e-15 (relative) of the formulas computed in doubles', async () => {
    const f = theano.function([z], outs, { backend: 'onnx' });
    const xs = [-40, -5, -1.5, -0.25, 0, 0.3, 2, 7, 35];
    const [s, p, q] = (await f(theano.array(xs))).map((a) => Array.from(a.toFloat64()));
    xs.forEach((x, i) => {
      expect(s![i]).toBeCloseTo(sigmoid(x), 15);
      expect(Math.abs(p![i]! - softplus(x))).toBeLessThanOrEqual(1e-15 * Math.max(1e-300, softplus(x)));
      expect(Math.abs(q![i]! - softplus(-x))).toBeLessThanOrEqual(1e-15 * Math.max(1e-300, softplus(-x)));
    });
    f.dispose();
  });
});

/** A node with one output. */
function node(opType: string, input: string[], output: string, attribute: NodeProto['attribute'] = []): NodeProto {
  return create(NodeProtoSchema, { opType, input, output: [output], name: output, attribute });
}

const alpha = (f: number) =>
  ({ name: 'alpha', type: AttributeProto_AttributeType.FLOAT, f }) as unknown as NodeProto['attribute'][number];

describe('mergeDuplicateNodes', () => {
  it('drops a duplicate and rewires its consumers, then merges the consumers that became equal', () => {
    const nodes = [
      node('Exp', ['x'], 'e1'),
      node('Exp', ['x'], 'e2'),
      node('Neg', ['e1'], 'n1'),
      node('Neg', ['e2'], 'n2'),
      node('Add', ['n1', 'n2'], 'out'),
    ];
    const kept = mergeDuplicateNodes(nodes, new Set(['out']));
    expect(kept.map((n) => `${n.opType}(${n.input.join(',')})->${n.output[0]}`)).toEqual([
      'Exp(x)->e1',
      'Neg(e1)->n1',
      'Add(n1,n1)->out',
    ]);
  });

  it('keeps a duplicate whose output is pinned, nodes with other attributes (-0 is not 0), and random ops', () => {
    const nodes = [
      node('Exp', ['x'], 'e1'),
      node('Exp', ['x'], 'pinned'),
      node('LeakyRelu', ['x'], 'l1', [alpha(0)]),
      node('LeakyRelu', ['x'], 'l2', [alpha(-0)]),
      node('LeakyRelu', ['x'], 'l3', [alpha(0.5)]),
      node('RandomUniformLike', ['x'], 'r1'),
      node('RandomUniformLike', ['x'], 'r2'),
    ];
    const kept = mergeDuplicateNodes(nodes, new Set(['pinned']));
    expect(kept.map((n) => n.output[0])).toEqual(['e1', 'pinned', 'l1', 'l2', 'l3', 'r1', 'r2']);
  });
});
