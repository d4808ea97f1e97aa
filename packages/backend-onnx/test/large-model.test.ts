// Models of LARGE_MODEL_NODES nodes or more: their inputs of unknown sizes carry no symbolic dimensions, and
// their nodes are in the order they become ready (each after the producers of what it reads, subgraphs'
// outer values included), which is what lets onnxruntime create their sessions in time proportional to
// their size. The results stay those of the reference backend.
import { buildModel, LARGE_MODEL_NODES } from '@theano-ts/backend-onnx';
import type { TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { compareWithRef, T } from './helpers.js';

/** sin applied `n` times. */
function sinChain(x: TensorVariable, n: number): TensorVariable {
  let y = x;
  for (let i = 0; i < n; i++) y = T.sin(y);
  return y;
}

describe('large models', () => {
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
