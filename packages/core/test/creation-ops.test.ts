// The creation family (T.zeros, ones, full, alloc, eye, identityLike, arange, linspace, tri, tril, triu, diag,
// diagonal): type and symbolic shape inference, errors, how the ops print (Theano 1.0's str(op)), and values
// computed by the ops' perform (the reference backend) against numpy's, worked out separately.

import { ancestors, debugprint, type TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

const run = (outs: TensorVariable[], ins: TensorVariable[] = [], vals: unknown[] = []): theano.NDArray[] =>
  theano.function(ins, outs).callSync(...(vals as never[])) as theano.NDArray[];

/** A float64 variable of a static shape. */
const fixed = (shape: (number | null)[]): TensorVariable => T.TensorType.fromShape('float64', shape).make('s');

function opsBehind(v: TensorVariable): string[] {
  const names: string[] = [];
  for (const x of ancestors([v])) if (x.owner) names.push(x.owner.op.kind);
  return names;
}

describe('types', () => {
  const n = T.lscalar('n');
  it('zeros/ones/full/alloc: the static shape from constant sizes, floatX by default', () => {
    expect(T.zeros([2, n]).type.toString()).toBe(fixed([2, null]).type.toString());
    expect(T.zeros([2, n]).dtype).toBe('float64');
    expect(T.ones(3, 'int32').dtype).toBe('int32');
    expect(T.ones(3, 'int32').type.shape).toEqual([3]);
    expect(T.full([1, n], 2).type.broadcastable).toEqual([true, false]);
    expect(T.full([2], T.iscalar()).dtype).toBe('int32');
    const v = T.fvector('v');
    expect(T.alloc(v, n, 3).dtype).toBe('float32');
    expect(T.alloc(v, n, 3).type.shape).toEqual([null, 3]);
    // a vector of static length 4 gives its size to the output
    expect(T.alloc(fixed([4]), n, n).type.shape).toEqual([null, 4]);
  });
  it("zeros of x.shape keeps x's rank", () => {
    const x = T.tensor3('x');
    const z = T.zeros(x.shape);
    expect(z.ndim).toBe(3);
  });
  it("arange's dtype: int64 for integers, the float upcast otherwise (numpy)", () => {
    expect(T.arange(5).dtype).toBe('int64');
    expect(T.arange(T.iscalar()).dtype).toBe('int64');
    expect(T.arange(0, 1, 0.25).dtype).toBe('float64');
    expect(T.arange(T.fscalar(), 3).dtype).toBe('float32');
    expect(T.arange(T.fscalar(), T.dscalar()).dtype).toBe('float64');
    expect(T.arange(0, 5, 1, 'int32').dtype).toBe('int32');
    expect(T.arange(1, 10, 3).type.shape).toEqual([3]);
  });
  it('eye/tri/diag/diagonal shapes', () => {
    expect(T.eye(3).type.shape).toEqual([3, 3]);
    expect(T.eye(n, 4).type.shape).toEqual([null, 4]);
    expect(T.tri(2, 5, 0, 'int8').dtype).toBe('int8');
    expect(T.diag(fixed([3]), -1).type.shape).toEqual([4, 4]);
    expect(T.diag(fixed([3, 5]), 1).type.shape).toEqual([3]);
    expect(T.diagonal(fixed([2, 3, 4]), 0, 0, 2).type.shape).toEqual([3, 2]);
    expect(T.identityLike(T.fmatrix()).dtype).toBe('float32');
  });
});

describe('symbolic shape inference', () => {
  it('the sizes of an Alloc are its shape inputs; no creation op is run to read them', () => {
    const n = T.lscalar('n');
    const z = T.zeros([n, 3]);
    expect(T.shapeI(z, 0)).toBe(n);
    const a = T.lscalar('a');
    const b = T.lscalar('b');
    const r = T.arange(a, b, 3);
    const len = T.shapeI(r, 0);
    expect(opsBehind(len)).not.toContain('arange');
    // numpy: len(arange(2, 11, 3)) = 3, len(arange(5, 1, 3)) = 0
    expect(run([len], [a, b], [2, 11])[0]!.item()).toBe(3);
    expect(run([len], [a, b], [5, 1])[0]!.item()).toBe(0);
    // numpy: len(arange(10, -1, -3)) = 4 (a negative step)
    expect(run([T.shapeI(T.arange(a, b, -3), 0)], [a, b], [10, -1])[0]!.item()).toBe(4);
    // a float range's length is read from its value: len(np.arange(0.5, 2, 0.5)) = 3
    const s = T.dscalar('s');
    expect(run([T.shapeI(T.arange(s, 2, 0.5), 0)], [s], [0.5])[0]!.item()).toBe(3);
    const m = T.matrix('m');
    const d = T.shapeI(T.diagonal(m, 1), 0);
    expect(opsBehind(d)).not.toContain('extract_diag');
    // numpy: np.diagonal(np.zeros((3, 5)), 1).shape = (3,); of (4, 2) with offset 1: (1,)
    expect(run([d], [m], [theano.zeros([3, 5])])[0]!.item()).toBe(3);
    expect(run([d], [m], [theano.zeros([4, 2])])[0]!.item()).toBe(1);
    const e = T.shapeI(T.eye(n, 7), 1);
    expect(e.owner).toBeNull();
  });
});

describe('printing', () => {
  it("debugprint shows Theano's op names", () => {
    const n = T.lscalar('n');
    expect(debugprint(T.alloc(T.dscalar('s'), n, 2), { file: 'str' }).split('\n')[0]).toMatch(/^Alloc \[id A\]/);
    const line = (v: TensorVariable) => debugprint(v, { file: 'str' }).split('\n')[0]!;
    expect(line(T.arange(n))).toMatch(/^ARange\{dtype='int64'\} \[id A\]/);
    expect(line(T.eye(n))).toMatch(/^Eye\{dtype='float64'\} \[id A\]/);
    expect(line(T.tri(n, null, 0, 'float32'))).toMatch(/^Tri\{dtype='float32'\} \[id A\]/);
    expect(line(T.diagonal(T.matrix(), 1))).toMatch(/^ExtractDiag\{offset=1, axis1=0, axis2=1, view=False\} \[id A\]/);
    expect(line(T.diag(T.vector(), -1))).toMatch(/^AllocDiag\{offset=-1\} \[id A\]/);
  });
});

describe('errors', () => {
  it('bad arguments name the function and what was expected', () => {
    expect(() => T.alloc(T.matrix(), 3)).toThrow(/alloc: the value .* has 2 dimensions, more than the 1 sizes/);
    expect(() => T.alloc(1, 2.5)).toThrow(/alloc: shape\[0\] must be a non-negative integer, got 2.5/);
    expect(() => T.alloc(1, T.dscalar())).toThrow(/alloc: shape\[0\] must be an integer scalar/);
    expect(() => T.alloc(fixed([3]), 2, 4)).toThrow(/Alloc: dimension 0 .* size 3, which cannot be broadcast to 4/);
    expect(() => T.zeros(T.matrix())).toThrow(/zeros: a symbolic shape must be an integer scalar or vector/);
    expect(() => T.zeros([2], { dtype: 'float32', axis: 1 })).toThrow(/zeros: unknown option 'axis'/);
    expect(() => T.arange(0, 5, 0)).toThrow(/arange: step must not be zero/);
    expect(() => T.eye(-1)).toThrow(/eye: N must be a non-negative integer, got -1/);
    expect(() => T.diag(T.tensor3())).toThrow(/diag: the input must be a vector or a matrix/);
    expect(() => T.diagonal(T.matrix(), 0, 1, 1)).toThrow(/diagonal: axis1 and axis2 must differ/);
    expect(() => T.diagonal(T.matrix(), 0, 0, 2)).toThrow(/diagonal: axis2=2 is out of range/);
    expect(() => T.tril(T.vector())).toThrow(/tril: the input must have at least 2 dimensions/);
  });
  it('run-time errors: a zero step, a value that does not broadcast, a negative size', () => {
    const st = T.lscalar('st');
    expect(() => run([T.arange(0, 5, st)], [st], [0])).toThrow(/ARange: step must not be zero/);
    const v = T.vector('v');
    const n = T.lscalar('n');
    expect(() => run([T.alloc(v, n, 4)], [v, n], [[1, 2, 3], 2])).toThrow(
      /Alloc: a value of shape \(3,\) cannot be broadcast to shape \(2, 4\)/,
    );
    expect(() => run([T.zeros([n])], [n], [-1])).toThrow(/Alloc: shape\[0\] must be a non-negative integer, got -1/);
  });
});

describe('values (reference backend, numpy expectations)', () => {
  it('arange follows numpy, int64 exact', () => {
    // np.arange(0.1, 1.0, 0.3) = [0.1, 0.4, 0.7000000000000001]
    expect(Array.from(run([T.arange(0.1, 1.0, 0.3)])[0]!.toFloat64())).toEqual([0.1, 0.4, 0.7000000000000001]);
    // np.arange(2**40, 2**40 + 3) (int64)
    const big = run([T.arange(2 ** 40, 2 ** 40 + 3)])[0]!;
    expect(big.dtype).toBe('int64');
    expect(Array.from(big.data as BigInt64Array)).toEqual([1099511627776n, 1099511627777n, 1099511627778n]);
    // np.arange(10, 0, -3) = [10, 7, 4, 1]
    expect(Array.from(run([T.arange(10, 0, -3)])[0]!.toFloat64())).toEqual([10, 7, 4, 1]);
  });
  it('zeros of a large shape is not folded into a constant', () => {
    const f = theano.function([], [T.zeros([1_000_000])]);
    expect(f.maker.fgraph.nodes.map((nd) => nd.op.kind)).toContain('alloc');
    const out = (f.callSync() as theano.NDArray[])[0]!;
    expect(out.shape).toEqual([1_000_000]);
    expect(out.toFloat64().every((x) => x === 0)).toBe(true);
  });
  it('eye, tri, diag and diagonal of complex and int64 values keep them exactly', () => {
    // np.eye(2, 3, 1, dtype=np.int64) = [[0, 1, 0], [0, 0, 1]]
    expect(run([T.eye(2, 3, 1, 'int64')])[0]!.toArray()).toEqual([
      [0, 1, 0],
      [0, 0, 1],
    ]);
    // np.diag(np.array([2**60, 3], dtype=np.int64)) keeps 2**60 exactly
    const big = run([T.diag(T.constant(theano.array([2n ** 60n, 3n], 'int64')))])[0]!;
    expect((big.data as BigInt64Array)[0]).toBe(2n ** 60n);
    expect((big.data as BigInt64Array)[3]).toBe(3n);
    // np.tri(2, 2, dtype=bool) = [[True, False], [True, True]]
    expect(run([T.tri(2, 2, 0, 'bool')])[0]!.toArray()).toEqual([
      [true, false],
      [true, true],
    ]);
  });
  it('linspace: num 0 is empty, endpoint false excludes stop', () => {
    // np.linspace(0, 1, 0) = [], np.linspace(1, 2, 4, endpoint=False) = [1, 1.25, 1.5, 1.75]
    expect(run([T.linspace(0, 1, 0)])[0]!.shape).toEqual([0]);
    expect(Array.from(run([T.linspace(1, 2, 4, false)])[0]!.toFloat64())).toEqual([1, 1.25, 1.5, 1.75]);
  });
  it('snake_case aliases and the diagonal method', () => {
    expect((T as unknown as Record<string, unknown>).identity_like).toBe(T.identityLike);
    const m = T.matrix('m');
    // np.diagonal([[1, 2], [3, 4]]) = [1, 4]
    expect(
      Array.from(
        run(
          [m.diagonal()],
          [m],
          [
            [
              [1, 2],
              [3, 4],
            ],
          ],
        )[0]!.toFloat64(),
      ),
    ).toEqual([1, 4]);
  });
});
