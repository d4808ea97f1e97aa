// Graph structure: interned nodes and constants, Apply fields, implicit broadcasting by DimShuffle, static
// shapes and the build-time errors they allow, shape ops and reductions, traversal (toposort, replace,
// freeInputs); and the values of reductions and reshapes on the reference backend.

import {
  Apply,
  ancestors,
  type EvalGivens,
  FunctionGraph,
  freeInputs,
  Op,
  replace,
  sharedInputs,
  T,
  TensorConstant,
  type TensorVariable,
  toposort,
} from '@theano-ts/core';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const m23 = [
  [1, 2, 3],
  [4, 5, 6],
];

describe('interning', () => {
  it('building the same expression twice gives the same variable', () => {
    const A = T.matrix('A');
    const x = T.vector('x');
    const b = T.vector('b');
    const y1 = A.dot(x).add(b);
    const y2 = A.dot(x).add(b);
    expect(y1).toBe(y2);
    expect(y1.owner).toBe(y2.owner);
    expect(T.add(T.dot(A, x), b)).toBe(y1);
    expect(A.pow(2).sum()).toBe(T.sum(T.pow(A, 2)));
  });

  it('different inputs or ops give different nodes', () => {
    const x = T.vector('x');
    const y = T.vector('y');
    expect(x.add(y)).not.toBe(y.add(x));
    expect(x.add(y)).not.toBe(x.sub(y));
    expect(x.add(1)).not.toBe(x.add(2));
    // variables with equal names and types are still distinct inputs
    expect(T.vector('x').add(y)).not.toBe(x.add(y));
  });

  it('equal constants are one variable', () => {
    expect(T.constant(2)).toBe(T.constant(2));
    expect(T.constant(2.5)).toBe(T.constant(2.5));
    expect(T.constant([1, 2, 3])).toBe(T.constant([1, 2, 3]));
    expect(
      T.constant([
        [1, 2],
        [3, 4],
      ]),
    ).toBe(
      T.constant([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(T.constant(2)).not.toBe(T.constant(3));
    expect(T.constant([1, 2, 3])).not.toBe(T.constant([1, 2, 4]));
    expect(T.constant([1, 2])).not.toBe(T.constant([[1, 2]]));
    // same value, other dtype (or a strong constant vs a weak JS number): different constants
    expect(T.constant(2, { dtype: 'float64' })).not.toBe(T.constant(2));
    expect(T.constant(2, { dtype: 'float64' })).toBe(T.constant(2, { dtype: 'float64' }));
    expect(T.constant(2, { dtype: 'int8' })).not.toBe(T.constant(2));
    // large constants are hashed, then compared by value
    const big = Array.from({ length: 100 }, (_, i) => i);
    const big2 = [...big];
    big2[50] = -1;
    expect(T.constant(big)).toBe(T.constant([...big]));
    expect(T.constant(big)).not.toBe(T.constant(big2));
  });

  it('a JS number operand becomes the interned constant', () => {
    const x = T.scalar('x');
    const node = x.mul(2).owner!;
    expect(node.inputs[1]).toBe(T.constant(2));
    expect(node.inputs[1]).toBeInstanceOf(TensorConstant);
    expect((node.inputs[1] as TensorConstant).value.item()).toBe(2);
  });

  it('a constant cannot be made from a variable', () => {
    expect(() => T.constant(T.scalar() as never)).toThrow(/T\.constant: expected a value, got a symbolic variable/);
  });
});

describe('Apply nodes', () => {
  it('owner, op, inputs, outputs, nin, nout, index', () => {
    const x = T.vector('x');
    const y = T.vector('y');
    const z = x.add(y);
    expect(x.owner).toBeNull();
    const node = z.owner!;
    expect(node).toBeInstanceOf(Apply);
    expect(node.op).toBeInstanceOf(Op);
    expect(node.op.kind).toBe('add');
    expect(String(node.op)).toBe('Elemwise{add,no_inplace}');
    expect(node.inputs).toEqual([x, y]);
    expect(node.inputs[0]).toBe(x);
    expect(node.outputs).toEqual([z]);
    expect(node.outputs[0]).toBe(z);
    expect(node.nin).toBe(2);
    expect(node.nout).toBe(1);
    expect(z.index).toBe(0);
    expect(String(node)).toBe('Elemwise{add,no_inplace}(x, y)');
    // a graph is immutable
    expect(Object.isFrozen(node.inputs)).toBe(true);
    expect(Object.isFrozen(node.outputs)).toBe(true);
  });

  it('ops print as Theano prints them', () => {
    const x = T.matrix('x');
    expect(String(x.dot(x).owner!.op)).toBe('dot');
    expect(String(x.exp().owner!.op)).toBe('Elemwise{exp,no_inplace}');
    expect(String(x.abs().owner!.op)).toBe('Elemwise{abs_,no_inplace}');
    expect(String(x.div(x).owner!.op)).toBe('Elemwise{true_div,no_inplace}');
    expect(String(x.astype('int32').owner!.op)).toBe('Elemwise{Cast{int32}}');
    expect(String(x.sum().owner!.op)).toBe('Sum{acc_dtype=float64}');
    expect(String(x.sum(0).owner!.op)).toBe('Sum{axis=[0], acc_dtype=float64}');
    expect(String(T.imatrix().sum(1).owner!.op)).toBe('Sum{axis=[1], acc_dtype=int64}');
    expect(String(x.max().owner!.op)).toBe('Max');
    expect(String(x.max(1).owner!.op)).toBe('Max{axis=[1]}');
    expect(String(x.min(0).owner!.op)).toBe('Min{axis=[0]}');
    expect(String(x.shape.owner!.op)).toBe('Shape');
  });

  it('an op output is named after its op', () => {
    const x = T.vector('x');
    expect(String(x.add(x))).toBe('Elemwise{add,no_inplace}.0');
    expect(String(x.sum())).toBe('Sum{acc_dtype=float64}.0');
  });
});

describe('implicit broadcasting', () => {
  it('x * 2 for a matrix x pads the constant with DimShuffle{x,x}', () => {
    const x = T.matrix('x');
    const y = x.mul(2);
    const node = y.owner!;
    expect(node.inputs).toHaveLength(2);
    expect(node.inputs[0]).toBe(x);
    const ds = node.inputs[1]!;
    expect(String(ds.owner!.op)).toBe('DimShuffle{x,x}');
    expect(ds.owner!.inputs[0]).toBe(T.constant(2));
    expect(String(ds.owner!.inputs[0])).toBe('TensorConstant{2}');
    expect(ds.broadcastable).toEqual([true, true]);
    expect(y.broadcastable).toEqual([false, false]);
  });

  it('a vector is padded on the left to broadcast against a matrix', () => {
    const A = T.matrix('A');
    const b = T.vector('b');
    const node = A.add(b).owner!;
    expect(node.inputs[0]).toBe(A);
    expect(String(node.inputs[1]!.owner!.op)).toBe('DimShuffle{x,0}');
    expect(node.inputs[1]!.owner!.inputs[0]).toBe(b);
    expect(node.inputs[1]!.broadcastable).toEqual([true, false]);
    // nothing is added when the ranks agree
    const c = T.matrix('c');
    expect(A.add(c).owner!.inputs).toEqual([A, c]);
  });

  it('the result broadcasts only where every input does', () => {
    expect(T.row().add(T.col()).broadcastable).toEqual([false, false]);
    expect(T.row().add(T.row()).broadcastable).toEqual([true, false]);
    expect(T.col().mul(T.col()).broadcastable).toEqual([false, true]);
    expect(T.row().add(T.matrix()).broadcastable).toEqual([false, false]);
    expect(T.row().add(1).broadcastable).toEqual([true, false]);
    expect(T.scalar().add(T.scalar()).broadcastable).toEqual([]);
    expect(T.vector().add(T.row()).broadcastable).toEqual([true, false]);
  });

  it('shapes that cannot broadcast are an error when the types show it', () => {
    const a = T.constant([[1, 2, 3]]);
    const b = T.constant([
      [1, 2],
      [3, 4],
    ]);
    expect(a.type.shape).toEqual([1, 3]);
    expect(a.broadcastable).toEqual([true, false]);
    expect(() => a.add(b)).toThrow(TypeError);
    expect(() => a.add(b)).toThrow(/Elemwise\{add\}: shapes do not broadcast/);
    expect(() => a.add(b)).toThrow(/size 3.*size 2 at dimension 1/);
    expect(() => T.constant([1, 2, 3]).mul(T.constant([1, 2]))).toThrow(/size 3.*size 2 at dimension 0/);
    // a (1, 3) constant broadcasts against (2, 3)
    expect(
      a.add(
        T.constant([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ).type.shape,
    ).toEqual([2, 3]);
    // unknown sizes are checked at run time, not here
    expect(() => a.add(T.matrix())).not.toThrow();
  });
});

describe('linear algebra', () => {
  it('dot types', () => {
    expect(T.dot(T.matrix(), T.vector()).broadcastable).toEqual([false]);
    expect(T.dot(T.vector(), T.vector()).ndim).toBe(0);
    expect(T.dot(T.vector(), T.matrix()).ndim).toBe(1);
    expect(T.dot(T.matrix(), T.matrix()).ndim).toBe(2);
    expect(T.dot(T.constant([[1, 2, 3]]), T.constant([[1], [2], [3]])).type.shape).toEqual([1, 1]);
    // a scalar operand is an elementwise product
    const s = T.scalar('s');
    expect(T.dot(s, T.vector()).owner!.op.kind).toBe('mul');
  });

  it('dot of constants with different inner sizes is an error', () => {
    const a = T.constant([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = T.constant([
      [1, 2],
      [3, 4],
    ]);
    expect(() => T.dot(a, b)).toThrow(/dot: shapes do not align/);
    expect(() => T.dot(a, b)).toThrow(/3 columns.*2 rows/);
    expect(() => T.dot(T.constant([1, 2]), T.constant([1, 2, 3]))).toThrow(/2 columns.*3 rows/);
    // above 2 dimensions: numpy's rule (a's last axis against b's second-to-last)
    expect(T.dot(T.tensor3(), T.matrix()).ndim).toBe(3);
    expect(T.dot(T.matrix(), T.tensor4()).ndim).toBe(4);
    expect(() => T.dot(T.zeros([2, 2, 3]), b)).toThrow(
      /dot: shapes do not align.*3 along its last dimension.*2 along dimension 0/,
    );
  });
});

describe('shape ops', () => {
  it('x.T is DimShuffle{1,0}', () => {
    const x = T.matrix('x');
    expect(String(x.T.owner!.op)).toBe('DimShuffle{1,0}');
    expect(x.T.owner!.inputs[0]).toBe(x);
    expect(x.T).toBe(x.transpose());
    expect(x.T.T.owner!.inputs[0]).toBe(x.T);
    expect(T.row().T.broadcastable).toEqual([false, true]);
    expect(String(T.tensor3().transpose(1, 0, 2).owner!.op)).toBe('DimShuffle{1,0,2}');
    expect(T.vector().T.ndim).toBe(1);
    expect(() => x.transpose(0, 0)).toThrow(/not a permutation/);
  });

  it('dimshuffle adds broadcastable dimensions and drops only broadcastable ones', () => {
    const v = T.vector('v');
    expect(v.dimshuffle('x', 0).broadcastable).toEqual([true, false]);
    expect(v.dimshuffle(0, 'x').broadcastable).toEqual([false, true]);
    expect(v.dimshuffle(['x', 0, 'x']).broadcastable).toEqual([true, false, true]);
    expect(v.dimshuffle(0)).toBe(v);
    const r = T.row('r');
    expect(r.dimshuffle(1).broadcastable).toEqual([false]);
    const m = T.matrix('m');
    expect(() => m.dimshuffle(0)).toThrow(TypeError);
    expect(() => m.dimshuffle(0)).toThrow(/DimShuffle\{0\}: cannot drop dimension 1 of m/);
    expect(() => m.dimshuffle(0, 2)).toThrow(/dimension 2 is out of range/);
    expect(() => m.dimshuffle(0, 0)).toThrow(/dimension 0 appears twice/);
  });

  it('reshape with a constant shape has a static shape', () => {
    const x = T.matrix('x');
    const r = x.reshape([2, 1, 3]);
    expect(String(r.owner!.op)).toBe('Reshape{3}');
    expect(r.ndim).toBe(3);
    expect(r.type.shape).toEqual([2, 1, 3]);
    expect(r.broadcastable).toEqual([false, true, false]);
    // -1 is unknown while the input's size is
    expect(x.reshape([-1, 1]).type.shape).toEqual([null, 1]);
    expect(x.reshape([-1, 1]).broadcastable).toEqual([false, true]);
    // ... and computed when it is known
    const c = T.constant([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(c.reshape([3, -1]).type.shape).toEqual([3, 2]);
    expect(() => c.reshape([4, 2])).toThrow(
      /cannot reshape .* of shape \(2, 3\) into shape \(4, 2\): sizes 6 and 8 differ/,
    );
    expect(() => x.reshape([-1, -1])).toThrow(/at most one -1/);
    // a symbolic shape
    const s = T.lvector('s');
    expect(() => x.reshape(s)).toThrow(/pass ndim/);
    expect(x.reshape(s, 3).ndim).toBe(3);
    expect(x.reshape(s, 3).broadcastable).toEqual([false, false, false]);
  });

  it('flatten', () => {
    const x = T.matrix('x');
    const f = x.flatten();
    expect(f.ndim).toBe(1);
    expect(String(f.owner!.op)).toBe('Reshape{1}');
    expect(f).toBe(x.reshape([-1]));
    const t = T.tensor3('t');
    expect(t.flatten(2).ndim).toBe(2);
    expect(t.flatten(3).ndim).toBe(3);
    expect(
      T.constant([
        [
          [1, 2],
          [3, 4],
        ],
        [
          [5, 6],
          [7, 8],
        ],
      ]).flatten().type.shape,
    ).toEqual([8]);
    expect(() => t.flatten(4)).toThrow(/flatten: ndim must be between 1 and 3/);
    expect(() => t.flatten(0)).toThrow(/flatten: ndim must be between 1 and 3/);
  });

  it('shape and shapeI', () => {
    const x = T.matrix('x');
    expect(x.shape.dtype).toBe('int64');
    expect(x.shape.type.shape).toEqual([2]);
    expect(String(T.shapeI(x, 1).owner!.op)).toBe('Shape_i{1}');
    // a known size is a constant
    expect(T.shapeI(T.row(), 0)).toBe(T.constant(1, { dtype: 'int64' }));
  });
});

describe('reductions', () => {
  const x = T.matrix('x');

  it('drop the reduced axes, or keep them as broadcastable', () => {
    expect(x.sum().ndim).toBe(0);
    expect(x.sum(1).broadcastable).toEqual([false]);
    expect(x.sum({ axis: 1, keepdims: true }).broadcastable).toEqual([false, true]);
    expect(x.sum({ axis: 0, keepdims: true }).broadcastable).toEqual([true, false]);
    expect(x.sum({ keepdims: true }).broadcastable).toEqual([true, true]);
    expect(x.max({ axis: 1, keepdims: true }).broadcastable).toEqual([false, true]);
    expect(x.mean({ axis: 0, keepdims: true }).broadcastable).toEqual([true, false]);
    expect(String(x.sum({ axis: 1, keepdims: true }).owner!.op)).toBe('DimShuffle{0,x}');
  });

  it('negative axes count from the end; all axes is the full reduction', () => {
    expect(x.sum(-1)).toBe(x.sum(1));
    expect(x.sum({ axis: -2 })).toBe(x.sum(0));
    expect(x.sum([0, 1])).toBe(x.sum());
    expect(x.sum([1, 0, 1])).toBe(x.sum());
    expect(T.tensor3().sum([2, 0]).owner!.op.params).toMatchObject({ axis: [0, 2] });
  });

  it('an axis out of range is an error', () => {
    expect(() => x.sum(2)).toThrow(TypeError);
    expect(() => x.sum(2)).toThrow(/sum: axis 2 is out of range for a tensor of 2 dimensions/);
    expect(() => x.max(-3)).toThrow(/max: axis -3 is out of range/);
    expect(() => x.mean({ axis: 5 })).toThrow(/mean: axis 5 is out of range/);
    expect(() => x.sum(0.5)).toThrow(/axis 0.5 is out of range/);
  });

  it('max of complex is an error', () => {
    expect(() => T.cvector('c').max()).toThrow(/Max: complex values .* have no ordering/);
  });
});

describe('traversal', () => {
  it('toposort puts each node after the nodes of its inputs', () => {
    const A = T.matrix('A');
    const x = T.vector('x');
    const b = T.vector('b');
    const d = A.dot(x);
    const y = d.add(b);
    expect(toposort([y])).toEqual([d.owner, y.owner]);
    const e = x.exp();
    const s = x.sin();
    const z = e.add(s).mul(e);
    const order = toposort([z]);
    expect(order).toEqual([e.owner, s.owner, e.add(s).owner, z.owner]);
    // each node once, inputs first
    const pos = new Map(order.map((n, i) => [n, i]));
    for (const n of order) for (const i of n.inputs) if (i.owner) expect(pos.get(i.owner)!).toBeLessThan(pos.get(n)!);
    // stopping at a variable leaves out what computes it
    expect(toposort([z], new Set([e]))).toEqual([s.owner, e.add(s).owner, z.owner]);
    expect(toposort([x])).toEqual([]);
  });

  it('ancestors and freeInputs', () => {
    const A = T.matrix('A');
    const x = T.vector('x');
    const b = T.vector('b');
    const w = theano.shared(theano.array([1, 2]), 'w');
    const y = A.dot(x).add(b).mul(2).add(w);
    expect(freeInputs([y])).toEqual([A, x, b]);
    expect(sharedInputs([y])).toEqual([w]);
    const anc = ancestors([y]);
    for (const v of [A, x, b, w, y, T.constant(2)]) expect(anc.has(v)).toBe(true);
    expect(freeInputs([T.constant(1).add(w)])).toEqual([]);
    expect(freeInputs([x])).toEqual([x]);
  });

  it('replace rebuilds what depends on the replaced variable and leaves the original alone', () => {
    const x = T.vector('x');
    const b = T.vector('b');
    const x2 = T.vector('x2');
    const h = b.exp();
    const y = x.mul(2).add(h);
    const yOwnerInputs = [...y.owner!.inputs];
    const [y2] = replace([y], new Map([[x, x2]]));
    expect(y2).not.toBe(y);
    // the original graph is unchanged
    expect(y.owner!.inputs).toEqual(yOwnerInputs);
    expect(y.owner!.inputs[0]!.owner!.inputs[0]).toBe(x);
    expect(freeInputs([y])).toEqual([x, b]);
    // the new graph is what building it directly gives (interning), and shares the untouched part
    expect(y2).toBe(x2.mul(2).add(h));
    expect(y2!.owner!.inputs[1]).toBe(h);
    expect(freeInputs([y2!])).toEqual([b, x2]);
    // replacing with nothing, or a variable not in the graph, changes nothing
    expect(replace([y], new Map())).toEqual([y]);
    expect(replace([y], new Map([[T.vector(), x2]]))).toEqual([y]);
  });

  it('FunctionGraph: inputs, outputs, nodes in order, clients, constants', () => {
    const x = T.vector('x');
    const e = x.exp();
    const y = e.mul(2);
    const fg = new FunctionGraph([x], [y]);
    expect(fg.inputs).toEqual([x]);
    expect(fg.outputs).toEqual([y]);
    expect(fg.nodes).toEqual([e.owner, y.owner!.inputs[1]!.owner, y.owner]);
    expect(fg.constants()).toEqual([T.constant(2)]);
    expect(fg.clients().get(e)).toEqual([y.owner]);
    expect(fg.clients().get(y)).toEqual(['output']);
    expect(new FunctionGraph([x], [y]).key).toBe(fg.key);
  });
});

describe('values through the reference backend', () => {
  const x = T.matrix('x');
  const given = (v: TensorVariable, value: unknown): EvalGivens => [[v, value]];

  it('sum with keepdims', async () => {
    const r = await x.sum({ axis: 1, keepdims: true }).eval(given(x, m23));
    expect(r.shape).toEqual([2, 1]);
    expect(r.toArray()).toEqual([[6], [15]]);
    expect(x.sum({ axis: 0, keepdims: true }).evalSync(given(x, m23)).toArray()).toEqual([[5, 7, 9]]);
    expect(x.sum().evalSync(given(x, m23)).item()).toBe(21);
    expect(x.sum(-1).evalSync(given(x, m23)).toArray()).toEqual([6, 15]);
  });

  it('max, min, mean', () => {
    expect(x.max(0).evalSync(given(x, m23)).toArray()).toEqual([4, 5, 6]);
    expect(x.max(1).evalSync(given(x, m23)).toArray()).toEqual([3, 6]);
    const mn = x.min().evalSync(given(x, m23));
    expect(mn.shape).toEqual([]);
    expect(mn.item()).toBe(1);
    expect(x.mean(1).evalSync(given(x, m23)).toArray()).toEqual([2, 5]);
    expect(x.mean(0).evalSync(given(x, m23)).toArray()).toEqual([2.5, 3.5, 4.5]);
    expect(x.mean().evalSync(given(x, m23)).item()).toBe(3.5);
  });

  it('reshape with -1, transpose, flatten', () => {
    expect(x.reshape([-1, 2]).evalSync(given(x, m23)).toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(x.reshape([3, -1]).evalSync(given(x, m23)).shape).toEqual([3, 2]);
    expect(x.T.evalSync(given(x, m23)).toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(x.flatten().evalSync(given(x, m23)).toArray()).toEqual([1, 2, 3, 4, 5, 6]);
    const t = T.tensor3('t');
    const tv = theano.arange(24).reshape([2, 3, 4]);
    const f2 = t.flatten(2).evalSync(given(t, tv));
    expect(f2.shape).toEqual([2, 12]);
    expect(f2.toArray()).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
      [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23],
    ]);
  });

  it('flatten of arrays with a zero-size dimension (the last size is the product of the trailing ones)', () => {
    const t = T.tensor3('t');
    const z = (shape: number[]) => theano.zeros(shape);
    // (0, 3, 4) → (0, 12): 3·4; (2, 0, 5) → (2, 0): 0·5; (0, 3, 4) → (0, 3, 4) with ndim 3; (2, 0, 5) → (0,)
    expect(t.flatten(2).evalSync(given(t, z([0, 3, 4]))).shape).toEqual([0, 12]);
    expect(t.flatten(2).evalSync(given(t, z([2, 0, 5]))).shape).toEqual([2, 0]);
    expect(t.flatten(3).evalSync(given(t, z([0, 3, 4]))).shape).toEqual([0, 3, 4]);
    expect(t.flatten(1).evalSync(given(t, z([2, 0, 5]))).shape).toEqual([0]);
    const t4 = T.tensor4('t4');
    expect(t4.flatten(2).evalSync(given(t4, z([0, 2, 3, 4]))).shape).toEqual([0, 24]);
    expect(t4.flatten(3).evalSync(given(t4, z([1, 0, 3, 4]))).shape).toEqual([1, 0, 12]);
    // static shapes: the product is a number, and known nonzero kept sizes keep -1
    const s = new T.TensorType('float64', [false, false, false], [0, 3, 4]).make('s');
    expect(s.flatten(2).type.shape).toEqual([0, 12]);
    expect(s.flatten(2).evalSync(given(s, z([0, 3, 4]))).shape).toEqual([0, 12]);
    const u = new T.TensorType('float64', [false, false, false], [2, null, 5]).make('u');
    expect(u.flatten(2).evalSync(given(u, z([2, 0, 5]))).shape).toEqual([2, 0]);
    expect(u.flatten(2).evalSync(given(u, theano.arange(20).reshape([2, 2, 5]))).shape).toEqual([2, 10]);
  });

  it('broadcasting a row against a column', () => {
    const r = T.row('r');
    const c = T.col('c');
    expect(
      r
        .add(c)
        .evalSync([
          [r, [[1, 2, 3]]],
          [c, [[10], [20]]],
        ])
        .toArray(),
    ).toEqual([
      [11, 12, 13],
      [21, 22, 23],
    ]);
  });
});
