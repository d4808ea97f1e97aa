// Rewrites inside inner graphs: the engine rewrites the body of a `Map` (the loop under jacobian) with the
// same selection as the outer graph, phase by phase, and rebuilds the node on the new body; constants the
// outer graph knows move into the body (local_map_inline_constants) and arguments the body no longer reads
// are dropped (local_map_unused_inputs). A Composite's inner graph (fusion's output) is left alone. Each
// case compiles with the rewrite and without it (excluded by name), with values worked out by hand.

import type { Apply, Backend, FunctionGraph, NDArray, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;
const x = T.dvector('x');

type Fn = theano.TheanoFunction<NDArray>;
const mapNodes = (f: Fn): Apply[] => f.maker.fgraph.nodes.filter((n) => n.op.kind === 'map');
const innerOf = (n: Apply): FunctionGraph => (n.op.params as theano.MapParams).inner;
/** The op names of the body of the function's only Map. */
function bodyOps(f: Fn): string[] {
  const maps = mapNodes(f);
  expect(maps).toHaveLength(1);
  return innerOf(maps[0]!).nodes.map((n) => n.op.kind);
}
const noFusion = (...excluded: string[]) => theano.Mode({ excluding: ['fusion', ...excluded] });

/** `Map{label}(n, ...args)` over a body of `i` (int64 scalar) and `params` (standing for `args`). */
function map(
  n: TensorVariable,
  i: TensorVariable,
  params: TensorVariable[],
  body: TensorVariable,
  args: TensorVariable[],
  label = 'test',
): TensorVariable {
  const inner = new theano.FunctionGraph([i, ...params], [body]);
  return theano.applyOp(new theano.Op(theano.MAP, { inner, label }), [n, ...args]).outputs[0]!;
}

describe('a Map body is rewritten', () => {
  const i = T.TensorType.fromShape('int64', []).make('i');
  const xi = T.dvector('xi');
  // row k: log(1 + x * k * 1)
  const body = T.log(T.add(1, xi.mul(i).mul(1)));
  const out = map(T.shapeI(x, 0), i, [xi], body, [x]);
  const expected = [
    [0, 0],
    [Math.log(2), Math.log(3)],
  ];

  it('local_mul_one and local_log1p inside: log(1 + x * i * 1) → log1p(x * i)', () => {
    const after = theano.function([x], out, { mode: noFusion() });
    const before = theano.function([x], out, { mode: noFusion('local_mul_one', 'local_log1p') });
    expect(bodyOps(before)).toEqual(['dimshuffle', 'mul', 'add', 'log']);
    expect(bodyOps(after)).toEqual(['dimshuffle', 'mul', 'log1p']);
    // the product x * i * 1 (flattened by local_mul_canonize) keeps its 1 without local_mul_one
    const mulArity = (f: Fn) => innerOf(mapNodes(f)[0]!).nodes.find((n) => n.op.kind === 'mul')!.inputs.length;
    expect(mulArity(before)).toBe(3);
    expect(mulArity(after)).toBe(2);
    for (const f of [before, after]) expect(f.callSync([1, 2]).toArray()).toEqual(expected);
    // stable inside the loop too: log(1 + 1e-20) is 0 unless it becomes log1p
    expect(after.callSync([1e-20, 0]).toArray()).toEqual([
      [0, 0],
      [1e-20, 0],
    ]);
    expect(before.callSync([1e-20, 0]).toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('each rewrite is excluded by name inside as outside', () => {
    const noLog1p = theano.function([x], out, { mode: noFusion('local_log1p') });
    expect(bodyOps(noLog1p)).toEqual(['dimshuffle', 'mul', 'add', 'log']);
    expect(noLog1p.callSync([1, 2]).toArray()).toEqual(expected);
  });

  it("'None' leaves the body as written; the user's Map node is not changed", () => {
    const node = out.owner!;
    const op = node.op;
    const f = theano.function([x], out, { mode: theano.Mode({ optimizer: 'None' }) });
    expect(f.maker.fgraph.outputs[0]).toBe(out);
    const after = theano.function([x], out, { mode: noFusion() });
    expect(after.maker.fgraph.outputs[0]).not.toBe(out);
    expect(out.owner).toBe(node);
    expect(node.op).toBe(op);
    expect(innerOf(node).outputs[0]).toBe(body);
  });

  it('fusion runs inside the body too (a backend that has composite)', () => {
    const f = theano.function([x], out);
    expect(bodyOps(f)).toEqual(['dimshuffle', 'composite']);
    expect(f.callSync([1, 2]).toArray()).toEqual(expected);
  });

  it('a backend without log1p gets the stable primitive form inside the body', () => {
    const prims: Backend = {
      ...theano.getBackend('ref'),
      name: 'ref-primitives-only',
      capabilities: { ...theano.getBackend('ref').capabilities, ops: Object.keys(theano.PRIMITIVES) },
      unsupportedReason: undefined,
    };
    const userLog1p = map(T.shapeI(x, 0), i, [xi], T.log1p(xi.mul(i)), [x]);
    const f = theano.function([x], userLog1p, { backend: prims, mode: noFusion() });
    const ops = bodyOps(f);
    expect(ops).not.toContain('log1p');
    expect(ops.every((o) => o in theano.PRIMITIVES)).toBe(true);
    const r = f.callSync([1e-20, 1]);
    expect(r.at(1, 0)).toBe(1e-20);
    expect(r.at(1, 1)).toBeCloseTo(Math.LN2, 14);
  });
});

describe('jacobian: constants move into the body, where x * 1 disappears', () => {
  // d/dx log(1 + (x * x) * 1): the 1 is hoisted out of the loop as an argument of the Map
  const y = T.log(T.add(1, x.mul(x).mul(1)));
  const J = theano.gradient.jacobian(y, x);
  // J = diag(2x / (1 + x²)): at [1, 2], diag(1, 0.8)
  const expected = [
    [1, 0],
    [0, 0.8],
  ];

  it('local_map_inline_constants: the constant argument becomes a constant inside, and local_mul_one drops it', () => {
    const after = theano.function([x], J, { mode: noFusion() });
    const before = theano.function([x], J, { mode: noFusion('local_map_inline_constants') });
    const constArgs = (f: Fn) =>
      mapNodes(f)[0]!
        .inputs.slice(1)
        .filter((v) => v instanceof theano.TensorConstant);
    expect(constArgs(before)).toHaveLength(1);
    expect(constArgs(after)).toHaveLength(0);
    // the body's products: (onehot / (1 + x²)) * 1 * x before, (onehot / (1 + x²)) * x after
    const muls = (f: Fn) => innerOf(mapNodes(f)[0]!).nodes.filter((n) => n.op.kind === 'mul');
    expect(muls(before).map((n) => n.inputs.length)).toEqual([3]);
    expect(muls(after).map((n) => n.inputs.length)).toEqual([2]);
    for (const f of [before, after]) expect(f.callSync([1, 2]).toArray()).toEqual(expected);
  });

  it('local_map_unused_inputs: an argument the body no longer reads is dropped', () => {
    const i = T.TensorType.fromShape('int64', []).make('i');
    const [a, b] = [T.dvector('a'), T.dvector('b')];
    // b is read only as b * 0 - … : after rewriting, the body reads a alone
    const body = T.subtensor(a, i).add(T.subtensor(b, i).sub(T.subtensor(b, i)));
    const out = map(T.shapeI(x, 0), i, [a, b], body, [x, x.exp()]);
    const after = theano.function([x], out, { mode: noFusion() });
    const before = theano.function([x], out, { mode: noFusion('local_map_unused_inputs') });
    expect(mapNodes(before)[0]!.inputs).toHaveLength(3);
    expect(mapNodes(after)[0]!.inputs).toHaveLength(2);
    expect(after.maker.fgraph.nodes.map((n) => n.op.kind)).not.toContain('exp');
    for (const f of [before, after]) expect(f.callSync([3, -1]).toArray()).toEqual([3, -1]);
  });

  it('the Jacobian of a Jacobian (a Map inside a Map body) compiles and computes', () => {
    const J2 = theano.gradient.jacobian(theano.gradient.jacobian(T.sum(x.mul(x).mul(x)), x), x);
    // d²/dx² Σx³ = diag(6x)
    const f = theano.function([x], J2);
    expect(f.callSync([1, 2]).toArray()).toEqual([
      [6, 0],
      [0, 12],
    ]);
  });
});

describe('a Composite inner graph is left alone', () => {
  it('the rewrites do not touch the body of a user-built composite', () => {
    const p = T.TensorType.fromShape('float64', []).make('p');
    const inner = new theano.FunctionGraph([p], [p.neg().neg()]);
    const c = theano.composite(inner, [x]);
    const f = theano.function([x], c);
    const node = f.maker.fgraph.nodes.find((n) => n.op.kind === 'composite')!;
    expect((node.op.params as theano.CompositeParams).inner).toBe(inner);
    expect(f.callSync([2, 3]).toArray()).toEqual([2, 3]);
  });
});
