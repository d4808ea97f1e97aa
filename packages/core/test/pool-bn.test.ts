// Pooling and batch normalization in core: the op's static and symbolic output sizes (Theano's
// Pool.out_shape, worked by hand), how it prints, its argument errors, the names of the namespaces, and
// MaxPoolGrad's rule for tied maxima (every element equal to the maximum gets the window's gradient).
import { ancestors, debugprint, type TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;
const pool = T.signal.pool.pool2d;

describe('pool2d', () => {
  it('has the static output shape of Theano 1.0 (ignoreBorder false by default: a partial last window)', () => {
    const c = theano.array(Array.from({ length: 40 }, (_, i) => i)).reshape([1, 2, 4, 5]);
    const x = T.constant(c);
    // 4 rows / 2 = 2; 5 columns: windows at 0, 2 and a partial one at 4
    expect(pool(x, { ws: [2, 2] }).type.shape).toEqual([1, 2, 2, 3]);
    expect(pool(x, { ws: [2, 2], ignoreBorder: true }).type.shape).toEqual([1, 2, 2, 2]);
    // (4 + 2 - 3) // 2 + 1 = 2 rows, (5 + 2 - 3) // 2 + 1 = 3 columns
    expect(pool(x, { ws: 3, stride: 2, pad: 1, ignoreBorder: true }).type.shape).toEqual([1, 2, 2, 3]);
  });

  it('infers its sizes symbolically, without computing the pooling', async () => {
    const x = T.dtensor4('x');
    const v = theano.fromFloat64(new Array(2 * 3 * 7 * 9).fill(0), [2, 3, 7, 9], 'float64');
    const cases: [Record<string, unknown>, number[]][] = [
      // rows: stride 2 < ws 3: max(0, (7 - 1 - 3) // 2 + 1) + 1 = 3; columns: stride 3 >= ws 2: (9 - 1) // 3 + 1 = 3
      [{ ws: [3, 2], stride: [2, 3] }, [2, 3, 3, 3]],
      // (7 + 2 - 3) // 2 + 1 = 4, (9 + 2 - 3) // 2 + 1 = 5
      [{ ws: 3, stride: 2, pad: 1, ignoreBorder: true }, [2, 3, 4, 5]],
      // 7 // 2 = 3, 9 // 2 = 4
      [{ ws: 2, ignoreBorder: true, mode: 'average_exc_pad' }, [2, 3, 3, 4]],
    ];
    for (const [o, want] of cases) {
      const y = pool(x, o as never);
      const sizes = [0, 1, 2, 3].map((k) => T.shapeI(y, k));
      for (const s of sizes) {
        const kinds = [...ancestors([s])].flatMap((n) => (n.owner ? [n.owner.op.kind] : []));
        expect(kinds).not.toContain('pool');
      }
      const f = theano.function([x], sizes as TensorVariable[], { backend: 'ref' });
      const got = (await f(v)) as theano.NDArray[];
      expect(got.map((g) => g.item())).toEqual(want);
    }
  });

  it("prints as Theano's Pool", () => {
    const x = T.dmatrix('x');
    expect(debugprint(pool(x, { ws: [2, 3] }), { file: 'str' }).split('\n')[0]).toContain(
      "Pool{ws=(2, 3), ignore_border=False, stride=(2, 3), pad=(0, 0), mode='max'}",
    );
  });

  it('rejects bad arguments, naming pool2d, the argument, what it expects and what it got', () => {
    const x = T.dmatrix('x');
    expect(() => pool(x, { ws: [2, -1] })).toThrow(
      /pool2d: ws must be two positive integers \[rows, cols\], got \[2,-1\]/,
    );
    expect(() => pool(x, { ws: 2, stride: 0 })).toThrow(/pool2d: stride must be two positive integers/);
    expect(() => pool(x, { ws: 2, pad: [1, 0] })).toThrow(/pool2d: pad \(1, 0\) needs ignoreBorder true/);
    expect(() => pool(x, { ws: [2, 2], pad: [0, 2], ignoreBorder: true })).toThrow(
      /pool2d: pad \(0, 2\) must be smaller than ws \(2, 2\)/,
    );
    expect(() => pool(T.dvector('v'), { ws: 2 })).toThrow(/pool2d: input must have at least 2 dimensions, got v/);
    expect(() => pool(x, { ws: 2, padding: 1 } as never)).toThrow(/pool2d: unknown option 'padding'/);
  });

  it('MaxPoolGrad gives the window gradient to every element equal to the maximum (Theano)', async () => {
    const x = T.dmatrix('x');
    const g = T.grad(T.sum(pool(x, { ws: [2, 2] })), x) as TensorVariable;
    const f = theano.function([x], g, { backend: 'ref' });
    // one 2x2 window with the maximum 1 three times, then a partial column [2, 2]: both get 1
    const out = (await f(
      theano.array([
        [1, 1, 2],
        [0, 1, 2],
      ]),
    )) as theano.NDArray;
    expect(out.toArray()).toEqual([
      [1, 1, 1],
      [0, 1, 1],
    ]);
  });

  it('lives in T.signal.pool, under both spellings', () => {
    expect(T.signal.pool.pool_2d).toBe(T.signal.pool.pool2d);
    expect(T.nnet.bn.batch_normalization_train).toBe(T.nnet.bn.batchNormalizationTrain);
    expect(T.nnet.bn.batch_normalization_test).toBe(T.nnet.bn.batchNormalizationTest);
    expect(T.nnet.batch_normalization).toBe(T.nnet.batchNormalization);
  });
});

describe('batch normalization', () => {
  it('returns out, mean, invstd and the running averages given, with the parameters rank', () => {
    const x = T.dtensor4('x');
    const v = T.dvector('v');
    const outs = T.nnet.bn.batchNormalizationTrain(x, v, v, { axes: 'spatial', runningMean: v, runningVar: v });
    expect(outs.map((o) => o.ndim)).toEqual([4, 1, 1, 1, 1]);
    expect(T.nnet.bn.batchNormalizationTrain(x, T.dtensor4('g'), T.dtensor4('b')).map((o) => o.ndim)).toEqual([
      4, 4, 4,
    ]);
  });

  it('rejects bad axes, modes and options', () => {
    const x = T.dmatrix('x');
    const r = T.drow('r');
    expect(() => T.nnet.bn.batchNormalizationTrain(x, r, r, { axes: [2] })).toThrow(
      /batchNormalizationTrain: axes must be 'per-activation', 'spatial' or a list of axes in \[0, 2\), got \[2\]/,
    );
    expect(() => T.nnet.bn.batchNormalizationTest(x, r, r, r, r, { runningMean: r } as never)).toThrow(
      /batchNormalizationTest: unknown option 'runningMean'/,
    );
    expect(() => T.nnet.batchNormalization(x, r, r, r, r, 'fast' as never)).toThrow(
      /batchNormalization: mode must be 'low_mem' or 'high_mem', got "fast"/,
    );
  });
});

describe('the slice decomposition (what backends without the ops run)', () => {
  // two independent computations of each op: core's loop over windows (perform) and the graph of strided
  // slices that ONNX and WebGL run, evaluated on ref; they must agree on every geometry and mode
  const geometries: Record<string, unknown>[] = [
    { ws: [2, 2], ignoreBorder: true },
    { ws: [2, 2] },
    { ws: [3, 2], stride: [1, 2], ignoreBorder: true },
    { ws: [3, 2], stride: [1, 2] },
    { ws: [3, 3], stride: [2, 1], pad: [1, 2], ignoreBorder: true },
    { ws: [2, 2], stride: [3, 3] },
    { ws: [2, 3], pad: [1, 1], ignoreBorder: true },
  ];
  const modes = ['max', 'sum', 'average_inc_pad', 'average_exc_pad'] as const;
  const v = theano.fromFloat64(
    Array.from({ length: 2 * 4 * 5 }, (_, i) => (((i * 7) % 40) - 20) / 4),
    [2, 4, 5],
    'float64',
  );
  const gz = (shape: readonly number[]) =>
    theano.fromFloat64(
      Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => ((i * 5) % 11) - 5),
      shape,
      'float64',
    );

  it('Pool, MaxPoolGrad and AveragePoolGrad decompose to their own values', async () => {
    const x = T.dtensor3('x');
    for (const g of geometries) {
      for (const mode of modes) {
        const y = pool(x, { ...g, mode } as never);
        const p = theano.POOL.match(y.owner)!;
        const [yd] = theano.POOL.decompose!([x], p, y.owner!);
        const [zv, zd] = (await theano.function([x], [y, yd!], { backend: 'ref' })(v)) as theano.NDArray[];
        expect(zd!.toArray(), `Pool ${JSON.stringify(g)} ${mode}`).toEqual(zv!.toArray());
        const dz = T.dtensor3('dz');
        const grad =
          mode === 'max' ? theano.maxPoolGrad(x, y, dz, p) : theano.averagePoolGrad(x, dz, p as theano.PoolParams);
        const def = mode === 'max' ? theano.MAX_POOL_GRAD : theano.AVERAGE_POOL_GRAD;
        const [gd] = def.decompose!(grad.owner!.inputs, p, grad.owner!);
        const f = theano.function([x, dz], [grad, gd!], { backend: 'ref' });
        const [gv, gdv] = (await f(v, gz(zv!.shape))) as theano.NDArray[];
        for (const [k, e] of (gv!.toFloat64() as Float64Array).entries()) {
          expect(gdv!.toFloat64()[k], `${def.name} ${JSON.stringify(g)} ${mode} at ${k}`).toBeCloseTo(e, 12);
        }
      }
    }
  });
});
