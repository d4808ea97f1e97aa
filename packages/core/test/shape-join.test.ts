// The shape family's joining ops and functions: types and static shapes, errors at build time and at run
// time (reference backend), printing, and values (numpy's results for the same expressions, worked by hand).
import { debugprint, type NDArray, type TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

const run = (outs: TensorVariable | TensorVariable[], ins: [TensorVariable, unknown][] = []): NDArray[] => {
  const f = theano.function(
    ins.map(([v]) => v),
    Array.isArray(outs) ? outs : [outs],
  );
  return f.callSync(...(ins.map(([, v]) => v) as never[])) as unknown as NDArray[];
};

describe('flatten and reshape arguments (positional or options)', () => {
  const t = T.tensor3('t');
  it('x.flatten({ ndim: 2 }) = x.flatten(2)', () => {
    expect(t.flatten({ ndim: 2 }).ndim).toBe(2);
    expect(T.flatten(t, { ndim: 2 }).ndim).toBe(2);
    expect(t.flatten(2).ndim).toBe(2);
    expect(() => t.flatten({ ndmi: 2 } as never)).toThrow(/flatten: unknown option 'ndmi'/);
  });
  it('x.reshape(s, { ndim: 3 }) = x.reshape(s, 3)', () => {
    const s = T.lvector('s');
    expect(t.reshape(s, { ndim: 3 }).ndim).toBe(3);
    expect(t.reshape(s, 3).ndim).toBe(3);
  });
  it('x.reshape([a, b], 3) names the mismatch', () => {
    expect(() => t.reshape([4, 6], 3)).toThrow(/reshape: ndim 3 does not match the new shape \[4,6\] of 2 entries/);
    expect(() => t.reshape(T.constant([4, 6], { dtype: 'int64' }), 3)).toThrow(
      /Reshape\{3\}: the shape has 2 entries, expected 3/,
    );
  });
});

describe('types and static shapes', () => {
  it('join adds the sizes along the axis and checks the others', () => {
    const a = T.TensorType.fromShape('float64', [2, 3]).make('a');
    const b = T.TensorType.fromShape('float64', [2, null]).make('b');
    expect(T.join(1, a, b).type.shape).toEqual([2, null]);
    expect(T.join(0, a, a).type.shape).toEqual([4, 3]);
    expect(T.join(1, a, T.fmatrix('f')).dtype).toBe('float64');
    const c = T.TensorType.fromShape('float64', [3, 3]).make('c');
    expect(() => T.join(1, a, c)).toThrow(
      /Join: all dimensions except the join axis 1 must match, but dimension 0 has size 2/,
    );
    expect(() => T.join(2, a, a)).toThrow(/Join: axis 2 is out of range for a tensor of 2 dimensions/);
    expect(() => T.join(0, a, T.vector('v'))).toThrow(/Join: every tensor must have the same number of dimensions/);
    expect(T.join(T.lscalar('k'), a, a).type.shape).toEqual([null, null]);
  });
  it('stack, expandDims, shapePad*, squeeze', () => {
    const x = T.matrix('x');
    expect(T.stack([x, x], 2).broadcastable).toEqual([false, false, false]);
    expect(T.stack([T.scalar('s'), T.scalar('u')]).type.shape).toEqual([2]);
    expect(T.stack(T.vector('a'), T.vector('b'), T.vector('c')).type.shape).toEqual([3, null]);
    expect(T.expandDims(x, -1).broadcastable).toEqual([false, false, true]);
    expect(T.shapePadleft(x, 2).broadcastable).toEqual([true, true, false, false]);
    expect(T.shapePadright(x).broadcastable).toEqual([false, false, true]);
    expect(T.shapePadaxis(x, 1).broadcastable).toEqual([false, true, false]);
    expect(() => T.shapePadaxis(x, 3)).toThrow(/shapePadaxis: axis 3 is out of bounds/);
    expect(T.squeeze(T.row('r')).ndim).toBe(1);
    expect(T.squeeze(x).ndim).toBe(2);
    expect(T.squeeze(x, 0).ndim).toBe(1);
    const fixed = T.TensorType.fromShape('float64', [2, 3]).make('f');
    expect(() => T.squeeze(fixed, 1)).toThrow(/squeeze: cannot squeeze dimension 1 of f .* it has size 3, not 1/);
  });
  it('split, broadcastTo, repeat, tile, rebroadcast', () => {
    const v = T.TensorType.fromShape('float64', [7]).make('v');
    const parts = T.split(v, [2, 3, 2], 3);
    expect(parts.map((p) => p.type.shape)).toEqual([[2], [3], [2]]);
    expect(() => T.split(v, [2, 3], 2)).toThrow(/Split: the split sizes \(2, 3\) add up to 5, but axis 0 of v/);
    expect(T.broadcastTo(T.vector('w'), [4, T.lscalar('n')]).type.shape).toEqual([4, null]);
    expect(T.broadcastTo(T.row('r'), [5, 1]).broadcastable).toEqual([false, true]);
    expect(() => T.broadcastTo(v, [2, 3])).toThrow(/BroadcastTo: cannot broadcast v .* dimension 0 has size 7/);
    expect(T.repeat(v, 2).type.shape).toEqual([14]);
    expect(T.repeat(v, [1, 1, 1, 1, 1, 1, 2]).type.shape).toEqual([8]);
    expect(T.tile(v, [2, 2]).type.shape).toEqual([2, 14]);
    expect(T.addbroadcast(T.matrix('m'), 0).broadcastable).toEqual([true, false]);
    expect(T.unbroadcast(T.row('r'), 0).broadcastable).toEqual([false, false]);
    expect(T.patternbroadcast(T.matrix('m'), [false, true]).broadcastable).toEqual([false, true]);
    expect(() => T.addbroadcast(v, 0)).toThrow(
      /Rebroadcast\{1\}: dimension 0 of v .* has size 7, so it cannot be broadcastable/,
    );
    expect(() => T.patternbroadcast(v, [true, false])).toThrow(
      /patternbroadcast: the pattern \[true,false\] has 2 entries/,
    );
  });
  it('choose broadcasts its inputs (typed rule) and promotes the choices', () => {
    const a = T.lvector('a');
    expect(T.choose(a, [T.fmatrix('p'), T.dvector('q')]).type.toString()).toBe('TensorType(float64, matrix)');
    expect(() => T.choose(T.vector('x'), [T.vector('p')])).toThrow(/Choose: the index array must be integers/);
    // its sizes come from the inputs' sizes, without computing it
    const c = T.choose(T.lmatrix('i'), [T.dmatrix('p'), T.drow('q')]);
    expect(T.shapeI(c, 1).owner?.op.kind).toBe('shape_i');
    expect(T.shapeI(c, 1).owner?.inputs[0]?.name).toBe('i');
  });
});

describe('printing', () => {
  it('the ops print as Theano names them', () => {
    const x = T.matrix('x');
    const k = T.lscalar('k');
    expect(debugprint(T.join(0, x, x), { file: 'str' }).split('\n')[0]).toBe("Join [id A] ''");
    expect(debugprint(T.split(x, [1, 1], 2)[0]!, { file: 'str' }).split('\n')[0]).toBe("Split{2}.0 [id A] ''");
    expect(debugprint(T.repeat(x, k, 1), { file: 'str' }).split('\n')[0]).toBe("RepeatOp{axis=1} [id A] ''");
    expect(debugprint(T.addbroadcast(x, 1), { file: 'str' }).split('\n')[0]).toBe("Rebroadcast{?,1} [id A] ''");
    expect(debugprint(T.flip(x, 0), { file: 'str' }).split('\n')[0]).toBe("Flip{axes=(0,)} [id A] ''");
    expect(debugprint(T.broadcastTo(x, [2, 2]), { file: 'str' }).split('\n')[0]).toBe("BroadcastTo [id A] ''");
    expect(debugprint(T.choose(k, [x, x]), { file: 'str' }).split('\n')[0]).toBe("Choose{mode='raise'} [id A] ''");
  });
});

describe('values and run-time errors (reference backend)', () => {
  it('join and split with symbolic axis and sizes', () => {
    const x = T.dmatrix('x');
    const y = T.dmatrix('y');
    const k = T.lscalar('k');
    const [j] = run(T.join(k, x, y), [
      [x, [[1, 2]]],
      [y, [[3, 4]]],
      [k, 1],
    ]);
    expect(j!.toArray()).toEqual([[1, 2, 3, 4]]);
    // numpy: ValueError (all the input array dimensions except for the concatenation axis must match exactly)
    expect(() =>
      run(T.join(0, x, y), [
        [x, [[1, 2]]],
        [y, [[3, 4, 5]]],
      ]),
    ).toThrow(
      /Join: all the input array dimensions except for the concatenation axis 0 must match exactly, but input 0 has shape \(1, 2\) and input 1 has shape \(1, 3\)/,
    );
    const s = T.lvector('s');
    const [p, q] = T.split(x, s, 2, 1);
    const out = run(
      [p!, q!],
      [
        [x, [[1, 2, 3]]],
        [s, [1, 2]],
      ],
    );
    expect(out.map((o) => o.toArray())).toEqual([[[1]], [[2, 3]]]);
    expect(() =>
      run(
        [p!, q!],
        [
          [x, [[1, 2, 3]]],
          [s, [1, 1]],
        ],
      ),
    ).toThrow(/Split: the split sizes \(1, 1\) must be non-negative and add up to 3/);
  });
  it('addbroadcast, broadcastTo and squeeze check sizes at run time', () => {
    const m = T.dmatrix('m');
    expect(() => run(T.addbroadcast(m, 1), [[m, [[1, 2]]]])).toThrow(
      /Rebroadcast\{\?,1\}: dimension 1 was declared broadcastable, so it must have size 1, but the input has shape \(1, 2\)/,
    );
    expect(() => run(T.squeeze(m, 0), [[m, [[1], [2]]]])).toThrow(/dimension 0 was declared broadcastable/);
    expect(() => run(T.broadcastTo(m, [2, 2]), [[m, [[1, 2, 3]]]])).toThrow(
      /BroadcastTo: cannot broadcast an array of shape \(1, 3\) to shape \(2, 2\)/,
    );
    // a size-1 dimension of a non-broadcastable type does not stretch (Theano's typed rule)
    expect(() => run(T.broadcastTo(m, [2, 2]), [[m, [[1, 2]]]])).toThrow(/its type is not broadcastable there/);
  });
  it('repeat and choose reject bad counts and indices', () => {
    const v = T.dvector('v');
    const r = T.lvector('r');
    expect(() =>
      run(T.repeat(v, r, 0), [
        [v, [1, 2]],
        [r, [1, 2, 3]],
      ]),
    ).toThrow(/RepeatOp: got 3 repeat counts for an axis of size 2/);
    const a = T.lvector('a');
    // numpy: ValueError: invalid entry in choice array
    expect(() =>
      run(T.choose(a, [v, v.mul(2)]), [
        [a, [0, 2]],
        [v, [1, 2]],
      ]),
    ).toThrow(/Choose: invalid entry 2 in the index array/);
    const [c] = run(T.choose(a, [v, v.mul(10)]), [
      [a, [1, 0]],
      [v, [1, 2]],
    ]);
    expect(c!.toArray()).toEqual([10, 2]);
  });
  it('roll with a symbolic shift wraps like Python modulo; flip reverses', () => {
    const v = T.dvector('v');
    const k = T.lscalar('k');
    // numpy.roll([1, 2, 3, 4], 6) = [3, 4, 1, 2]; roll(.., -5) = [2, 3, 4, 1]
    expect(
      run(T.roll(v, k), [
        [v, [1, 2, 3, 4]],
        [k, 6],
      ])[0]!.toArray(),
    ).toEqual([3, 4, 1, 2]);
    expect(
      run(T.roll(v, k), [
        [v, [1, 2, 3, 4]],
        [k, -5],
      ])[0]!.toArray(),
    ).toEqual([2, 3, 4, 1]);
    expect(run(T.flip(v), [[v, [1, 2, 3]]])[0]!.toArray()).toEqual([3, 2, 1]);
  });
  it('the vector-count gradient of repeat is an error (as Theano)', () => {
    const v = T.dvector('v');
    expect(() => T.grad(T.repeat(v, [1, 2], 0).sum(), v)).toThrow(
      /RepeatOp: the gradient with a vector of repeat counts is not implemented/,
    );
  });
  it('snake_case aliases', () => {
    expect((T as unknown as Record<string, unknown>).expand_dims).toBe(T.expandDims);
    expect((T as unknown as Record<string, unknown>).broadcast_to).toBe(T.broadcastTo);
    expect((T as unknown as Record<string, unknown>).shape_padleft).toBe(T.shapePadleft);
  });
});

describe('Reshape checks the declared rank at run time', () => {
  it('x.reshape(s, 3) with a length-2 s is an error naming the mismatch', () => {
    const t = T.dtensor3('t');
    const s = T.lvector('s');
    const f = theano.function([t, s], t.reshape(s, 3));
    expect(() => f.callSync([[[1, 2]]], [1, 2])).toThrow(
      /Reshape\{3\}: the new shape has 2 entries \(1, 2\), but the output was declared with 3 dimensions/,
    );
  });
});
