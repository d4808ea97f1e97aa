// Squeeze/Unsqueeze round trips (src/simplify.ts `dropSqueezeRoundTrips`): the mean's 1/n, `Shape_i` of the
// batch put back into a vector, reads the one-element Shape slice directly; the mean keeps its value. The pass
// on hand-made nodes: it needs the same axes, a value known to have size 1 there, and an unpinned output.
import { create } from '@bufbuild/protobuf';
import { buildModel } from '@theano-ts/backend-onnx';
import { NDArray } from '@theano-ts/core';
import { type NodeProto, NodeProtoSchema } from 'onnx-buf';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { dropSqueezeRoundTrips, type SimplifyInfo, type ValueType } from '../src/simplify.js';
import { T } from './helpers.js';

describe("a mean's 1/n on onnx", () => {
  it('reads Shape(x, 0, 1) without squeezing and unsqueezing it, and keeps the value', async () => {
    const x = T.dmatrix('x');
    const f = theano.function([x], T.mean(x, 0), { backend: 'onnx' });
    const ops = (simplify: boolean) => buildModel(f.maker.fgraph, { simplify }).model.graph!.node.map((n) => n.opType);
    expect(ops(false).filter((o) => o === 'Squeeze' || o === 'Unsqueeze')).toHaveLength(2);
    expect(ops(true).filter((o) => o === 'Squeeze' || o === 'Unsqueeze')).toHaveLength(0);
    // column means of [[1, 2], [4, 8], [7, 5]]: [12/3, 15/3]
    const r = (await f(
      theano.array([
        [1, 2],
        [4, 8],
        [7, 5],
      ]),
    )) as NDArray;
    expect(Array.from(r.toFloat64())).toEqual([4, 5]);
    f.dispose();
  });
});

const node = (opType: string, input: string[], output: string, attribute: NodeProto['attribute'] = []): NodeProto =>
  create(NodeProtoSchema, { opType, input, output: [output], name: output, attribute });
const int = (name: string, i: number) => ({ name, type: 2, i: BigInt(i) }) as unknown as NodeProto['attribute'][number];
const axes = (...a: number[]) => new NDArray(BigInt64Array.from(a, BigInt), [a.length], 'int64');

function info(pinned: string[], types: Record<string, ValueType> = {}): SimplifyInfo {
  return {
    types: new Map(Object.entries(types)),
    constValues: new Map([
      ['a0', axes(0)],
      ['a1', axes(1)],
    ]),
    pinned: new Set(pinned),
  };
}
const text = (nodes: NodeProto[]) => nodes.map((n) => `${n.opType}(${n.input.join(',')})->${n.output[0]}`);

describe('dropSqueezeRoundTrips', () => {
  it('rewires the readers of the Unsqueeze to the one-element Shape slice and drops the dead Squeeze', () => {
    const nodes = [
      node('Shape', ['x'], 's', [int('start', 1), int('end', 2)]),
      node('Squeeze', ['s', 'a0'], 'n'),
      node('Unsqueeze', ['n', 'a0'], 'v'),
      node('Cast', ['v'], 'out'),
    ];
    expect(text(dropSqueezeRoundTrips(nodes, info(['out'])))).toEqual(['Shape(x)->s', 'Cast(s)->out']);
  });

  it('keeps it on an axis not known to be 1, for different axes, for a pinned output and for a slice of two', () => {
    const shape2 = node('Shape', ['x'], 's', [int('start', 0), int('end', 2)]);
    const trip = (sq: string, unsq: string) => [
      node('Squeeze', ['m', sq], 'n'),
      node('Unsqueeze', ['n', unsq], 'v'),
      node('Neg', ['v'], 'out'),
    ];
    const row: ValueType = { dtype: 'float64', broadcastable: [true, false] };
    // m broadcastable on axis 0: the round trip on axis 0 goes, on axis 1 (not known to be 1) it stays
    expect(text(dropSqueezeRoundTrips(trip('a0', 'a0'), info(['out'], { m: row })))).toEqual(['Neg(m)->out']);
    expect(dropSqueezeRoundTrips(trip('a1', 'a1'), info(['out'], { m: row }))).toHaveLength(3);
    // Squeeze on 0, Unsqueeze on 1: a transpose of sizes, not the same value
    expect(dropSqueezeRoundTrips(trip('a0', 'a1'), info(['out'], { m: row }))).toHaveLength(3);
    // a pinned Unsqueeze output keeps its producer
    expect(dropSqueezeRoundTrips(trip('a0', 'a0'), info(['out', 'v'], { m: row }))).toHaveLength(3);
    // a two-element Shape slice cannot be squeezed: nothing to drop
    const nodes = [
      shape2,
      node('Squeeze', ['s', 'a0'], 'n'),
      node('Unsqueeze', ['n', 'a0'], 'v'),
      node('Neg', ['v'], 'out'),
    ];
    expect(dropSqueezeRoundTrips(nodes, info(['out']))).toHaveLength(4);
  });
});
