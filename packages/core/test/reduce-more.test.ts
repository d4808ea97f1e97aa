// The reduce family (tensor/family-reduce.ts, ops/reduce-more.ts): type and shape inference, Theano's
// argument rule and its errors, debugprint names, and values on the reference backend (expected values
// from numpy or worked by hand, noted beside each).

import { ancestors, debugprint, type TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

function run(inputs: TensorVariable[], outputs: TensorVariable[], ...values: unknown[]) {
  return theano.function(inputs, outputs).callSync(...values);
}

describe('reduce family: types', () => {
  const x = T.matrix('x', 'float32');
  const i = T.imatrix('i');
  const b = T.tensor('bool', [false, false], 'b');

  it('prod: floats keep their dtype, integers and bool give int64 (Theano)', () => {
    expect(T.prod(x, 1).dtype).toBe('float32');
    expect(T.prod(i).dtype).toBe('int64');
    expect(T.prod(b, 0).dtype).toBe('int64');
  });
  it('argmax / argmin are int64 with the reduced axes dropped; keepdims keeps them broadcastable', () => {
    expect(T.argmax(x, 1).dtype).toBe('int64');
    expect(T.argmax(x, 1).ndim).toBe(1);
    expect(T.argmin(i).ndim).toBe(0);
    expect(T.argmax(x, { axis: 0, keepdims: true }).broadcastable).toEqual([true, false]);
  });
  it('all / any are bool', () => {
    expect(T.all(x, 0).dtype).toBe('bool');
    expect(T.any(i).dtype).toBe('bool');
  });
  it('cumsum keeps the dtype (Theano CumOp), bool counts in int64, null flattens', () => {
    expect(T.cumsum(i, 1).dtype).toBe('int32');
    expect(T.cumsum(b, 0).dtype).toBe('int64');
    expect(T.cumprod(x).ndim).toBe(1);
    expect(T.cumsum(x, -1).ndim).toBe(2);
  });
  it('var / std: integers give float64; keepdims', () => {
    expect(T.var(i).dtype).toBe('float64');
    expect(T.std(x, 1, 0, true).broadcastable).toEqual([false, true]);
  });
  it('diff: static sizes shrink by n along the axis', () => {
    const s = T.tensor('float64', [false, false], 's');
    const v = T.TensorType.fromShape('float64', [3, 5]).make('v');
    expect(T.diff(v).type.shape).toEqual([3, 4]);
    expect(T.diff(v, 2, 0).type.shape).toEqual([1, 5]);
    expect(T.diff(s).ndim).toBe(2);
  });
  it('median: floats keep their dtype, integers give float64; not differentiable', () => {
    expect(T.median(x, 1).dtype).toBe('float32');
    expect(T.median(i).dtype).toBe('float64');
    expect(T.median(x, [0, 1], true).broadcastable).toEqual([true, true]);
    expect(() => T.grad(T.median(T.dvector('v')), T.dvector('w'))).toThrow();
    const v = T.dvector('v');
    expect(() => T.grad(T.median(v), v)).toThrow(/median: the gradient of the median of .* is not implemented/);
  });
  it('maxAndArgmax returns [max, argmax]', () => {
    const [m, a] = T.maxAndArgmax(x, 1);
    expect(m.dtype).toBe('float32');
    expect(a.dtype).toBe('int64');
  });
});

describe('reduce family: arguments', () => {
  const x = T.dmatrix('x');
  it('positional and options forms build the same op', () => {
    expect(T.max(x, 0).owner!.op.kind).toBe(T.max(x, { axis: 0, keepdims: false }).owner!.op.kind);
    expect(String(debugprint(T.argmax(x, 1, true), { file: 'str' }))).toBe(
      String(debugprint(T.argmax(x, { axis: 1, keepdims: true }), { file: 'str' })),
    );
  });
  it('the old ReduceOptions forms still work', () => {
    expect(x.sum(1).ndim).toBe(1);
    expect(x.sum({ axis: [0, 1], keepdims: true }).broadcastable).toEqual([true, true]);
    expect(x.sum([0]).ndim).toBe(1);
  });
  it('snake_case alias', () => {
    expect((T as unknown as Record<string, unknown>).max_and_argmax).toBe(T.maxAndArgmax);
  });
  it('an unknown option is a TypeError naming it', () => {
    expect(() => T.sum(x, { axes: 1 })).toThrow(/sum: unknown option 'axes'/);
    expect(() => T.argmax(x, { keepdim: true })).toThrow(TypeError);
    expect(() => x.var({ dof: 1 })).toThrow(/var: unknown option 'dof'/);
  });
  it('axis out of range is a TypeError naming the function', () => {
    expect(() => T.prod(x, 2)).toThrow(/prod: axis 2 is out of range for a tensor of 2 dimensions/);
    expect(() => T.cumsum(x, -3)).toThrow(/cumsum: axis -3 is out of range/);
    expect(() => T.diff(x, 1, 5)).toThrow(/diff: axis 5 is out of range/);
  });
  it('bad argument kinds', () => {
    expect(() => T.cumsum(x, [0, 1])).toThrow(/cumsum: axis must be an integer or null/);
    expect(() => T.diff(x, -1)).toThrow(/diff: n must be a non-negative integer/);
    expect(() => T.diff(T.dscalar('s'))).toThrow(/at least one dimension/);
    expect(() => T.max(x, 0, 'yes')).toThrow(/max: keepdims must be a boolean/);
    expect(() => T.var(x, 0, 0.5)).toThrow(/var: ddof must be an integer/);
    expect(() => T.ptp(T.tensor('bool', [false], 'b'))).toThrow(/ptp: b is bool/);
  });
});

describe('reduce family: debugprint names (Theano)', () => {
  const x = T.dmatrix('x');
  const first = (v: TensorVariable) => String(debugprint(v, { file: 'str' })).split('\n')[0];
  it('ops', () => {
    expect(first(T.argmax(x, 1))).toBe("Argmax{axis=(1,)} [id A] ''");
    expect(first(T.argmax(x))).toBe("Argmax{axis=(0, 1)} [id A] ''");
    expect(first(T.prod(x, 1))).toBe("Prod{axis=[1], acc_dtype=float64} [id A] ''");
    expect(first(T.prod(x))).toBe("Prod{acc_dtype=float64} [id A] ''");
    expect(first(T.cumsum(x, 1))).toBe("CumOp{1, add} [id A] ''");
    expect(first(T.cumprod(x, 0))).toBe("CumOp{0, mul} [id A] ''");
    expect(first(T.all(x, 0))).toBe("All{0} [id A] ''");
    expect(first(T.any(x))).toBe("Any [id A] ''");
    expect(first(T.median(x, 1))).toBe("Median{axis=1} [id A] ''");
  });
  it('argmin is the argmax of -x (Theano)', () => {
    const s = String(debugprint(T.argmin(x, 1), { file: 'str' }));
    expect(s).toContain('Argmax{axis=(1,)}');
    expect(s).toContain('Elemwise{neg,no_inplace}');
  });
});

describe('reduce family: values (reference backend)', () => {
  const x = T.dmatrix('x');
  it('argmax / argmin: ties give the first index, NaN wins (numpy)', () => {
    // numpy: np.argmax([[1,3,3],[2,2,0]], 1) = [1, 0]; argmin = [0, 2]
    const [a, b] = run(
      [x],
      [T.argmax(x, 1), T.argmin(x, 1)],
      [
        [1, 3, 3],
        [2, 2, 0],
      ],
    );
    expect(Array.from(a!.toFloat64())).toEqual([1, 0]);
    expect(Array.from(b!.toFloat64())).toEqual([0, 2]);
    // numpy: np.argmax([[1, nan, nan], [0, -1, nan]], 1) = [1, 2]; np.argmin(..., 1) = [1, 2]
    const [c, d] = run(
      [x],
      [T.argmax(x, 1), T.argmin(x, 1)],
      [
        [1, Number.NaN, Number.NaN],
        [0, -1, Number.NaN],
      ],
    );
    expect(Array.from(c!.toFloat64())).toEqual([1, 2]);
    expect(Array.from(d!.toFloat64())).toEqual([1, 2]);
  });
  it('argmin of integers uses ~x (no overflow at the minimum)', () => {
    const v = T.tensor('int8', [false], 'v');
    // numpy: np.argmin(np.array([5, -128, 127], np.int8)) = 1
    const [r] = run([v], [T.argmin(v)], new Int8Array([5, -128, 127]));
    expect(Number(r!.item())).toBe(1);
  });
  it('empty reductions: prod 1, all True, any False, argmax an error', () => {
    const e = T.dmatrix('e');
    const empty = theano.fromFloat64([], [2, 0], 'float64');
    const [p, al, an] = run([e], [T.prod(e, 1), T.all(e, 1), T.any(e, 1)], empty);
    expect(Array.from(p!.toFloat64())).toEqual([1, 1]);
    expect(Array.from(al!.toFloat64())).toEqual([1, 1]);
    expect(Array.from(an!.toFloat64())).toEqual([0, 0]);
    expect(() => run([e], [T.argmax(e, 1)], empty)).toThrow(/argmax of an empty sequence/);
  });
  it('var with ddof and corrected', () => {
    // numpy: np.var([1., 2., 4.], ddof=1) = 2.3333333333333335; the corrected two-pass form gives the same
    const v = T.dvector('v');
    const [a, b] = run([v], [T.var(v, null, 1), T.var(v, { ddof: 1, corrected: true })], [1, 2, 4]);
    expect(a!.item()).toBeCloseTo(2.3333333333333335, 14);
    expect(b!.item()).toBeCloseTo(2.3333333333333335, 14);
  });
  it('the gradient of prod is the product of the other elements, zeros included', () => {
    // d/dx_i Π x = Π_{j≠i} x_j: [2, 0, 3] → [0, 6, 0]; [0, 0, 5] → [0, 0, 0]; [1, 2, 4] → [8, 4, 2]
    const g = T.grad(T.prod(x, 1).sum(), x);
    const [r] = run(
      [x],
      [g],
      [
        [2, 0, 3],
        [0, 0, 5],
        [1, 2, 4],
      ],
    );
    expect(Array.from(r!.toFloat64())).toEqual([0, 6, 0, 0, 0, 0, 8, 4, 2]);
  });
  it('the gradient of cumsum is the reverse cumsum; of diff, the adjoint', () => {
    const v = T.dvector('v');
    // d/dv Σ_k w_k cumsum(v)_k = Σ_{k ≥ i} w_k; w = [1, 2, 3] → [6, 5, 3]
    const [g] = run(
      [v],
      [
        T.grad(
          T.cumsum(v)
            .mul(theano.array([1, 2, 3]))
            .sum(),
          v,
        ),
      ],
      [0.5, 1, 2],
    );
    expect(Array.from(g!.toFloat64())).toEqual([6, 5, 3]);
    // d/dv Σ w · diff(v) = [-w0, w0 - w1, w1]; w = [1, 4] → [-1, -3, 4]
    const [h] = run(
      [v],
      [
        T.grad(
          T.diff(v)
            .mul(theano.array([1, 4]))
            .sum(),
          v,
        ),
      ],
      [0.5, 1, 2],
    );
    expect(Array.from(h!.toFloat64())).toEqual([-1, -3, 4]);
  });
  it('argmax and all are not differentiable: their gradients are disconnected', () => {
    const c = T.argmax(x, 1).sum();
    expect(ancestors([c]).has(x)).toBe(true);
    expect(() => T.grad(T.cast(T.argmax(x, 1), 'float64').sum(), x, { disconnectedInputs: 'ignore' })).not.toThrow();
  });
});

describe('reduce family: inferShape', () => {
  const A = T.dmatrix('A');
  const a = theano.array([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const cases: [string, () => TensorVariable, number, number][] = [
    ['argmax(A, 1)[0]', () => T.argmax(A, 1), 0, 2],
    ['prod(A, 0)[0]', () => T.prod(A, 0), 0, 3],
    ['cumsum(A, 1)[1]', () => T.cumsum(A, 1), 1, 3],
    ['diff(A)[1]', () => T.diff(A), 1, 2],
    ['all(A, 0)[0]', () => T.all(A, 0), 0, 3],
    ['median(A, 1)[0]', () => T.median(A, 1), 0, 2],
  ];
  for (const [label, make, axis, expected] of cases) {
    it(label, () => {
      const size = T.shapeI(make(), axis);
      const ops = [...ancestors([size])].flatMap((v) => (v.owner ? [v.owner.op.kind] : []));
      expect(ops).toContain('shape_i');
      expect(ops, ops.join()).not.toContain('argmax');
      expect(ops).not.toContain('prod');
      expect(ops).not.toContain('cumop');
      expect(ops).not.toContain('diff');
      const f = theano.function([A], size);
      expect(Number(f.callSync(a).item())).toBe(expected);
    });
  }
});
