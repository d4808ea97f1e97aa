// Cases of the shaders that run on tfjs's packed layout (2×2 blocks of the last two dimensions per texel):
// elementwise shaders whose output feeds a matmul over an odd shared dimension (their padding must stay
// finite, or padding × padding turns a row into NaN), broadcasting between ranks 0 to 5 and odd sizes,
// one-element host values passed as uniforms (shapes, int64 and bool scalars), log-softmax along a short last
// axis (one packed shader: odd rows and columns, rank 3, a NaN row, an all -inf row, huge values), and one
// SGD step of a small tanh MLP with softmax cross-entropy (the bench's graph at odd sizes). Expected values:
// the ref backend's, computed in node.
import type { NDArray, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';

const T = theano.tensor;

interface Case {
  readonly id: string;
  build(): { inputs: TensorVariable[]; outputs: TensorVariable[]; args: NDArray[] };
}

/** Deterministic values in [lo, hi). */
function values(n: number, seed: number, lo: number, hi: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + ((hi - lo) * s) / 2 ** 32;
  });
}

const f32 = (shape: number[], seed: number, lo = -2, hi = 2) =>
  theano.fromFloat64(
    values(
      shape.reduce((a, b) => a * b, 1),
      seed,
      lo,
      hi,
    ),
    shape,
    'float32',
  );

/** The packed-layout cases. */
export const PACKED_OP_CASES: readonly Case[] = [
  {
    // log(a) and 1/a of a [3, 5] matmul result (packed, so the shaders reading it are packed): their padding
    // (column 5, row 3) would be -inf and inf, and each dot below multiplies across an odd dimension
    id: 'packed.padding.into-matmul',
    build() {
      const [x, u, w, v] = [T.fmatrix('x'), T.fmatrix('u'), T.fmatrix('w'), T.fmatrix('v')];
      const a = T.dot(x, u);
      const outs = [
        T.dot(T.log(a), w),
        T.dot(v, T.inv(a).mul(0.5)),
        T.dot(T.log(a).transpose(), T.log(a)),
        T.dot(T.log(T.dot(a, w).mul(x.sum())), T.exp(v).transpose()),
      ];
      return {
        inputs: [x, u, w, v],
        outputs: outs,
        args: [f32([3, 4], 1, 0.5, 2), f32([4, 5], 2, 0.1, 1), f32([5, 3], 3, 0.1, 1), f32([5, 3], 19)],
      };
    },
  },
  {
    id: 'packed.broadcast.ranks',
    build() {
      const [t, r, s] = [T.ftensor3('t'), T.fvector('r'), T.fscalar('s')];
      const c = T.tensor('float32', [false, false, true], 'c');
      const v = T.fvector('v');
      const t5 = T.tensor('float32', [false, true, false, false, false], 't5');
      const outs = [
        T.exp(t.mul(0.5)).add(r.mul(c)).sub(s),
        T.tanh(t.add(r)).mul(T.sqr(c)),
        v.mul(s).add(T.sin(v)),
        T.exp(t5.mul(0.25)).add(r).mul(s),
      ];
      return {
        inputs: [t, r, c, s, v, t5],
        outputs: outs,
        args: [
          f32([3, 3, 5], 4),
          f32([5], 5),
          f32([3, 3, 1], 6),
          theano.array(0.75, 'float32'),
          f32([7], 7),
          f32([2, 1, 3, 2, 5], 8),
        ],
      };
    },
  },
  {
    // Shape_i and int64 / bool scalars are host values: uniforms in the shaders (their values change per call)
    id: 'packed.uniform.host-scalars',
    build() {
      const [x, n, b] = [T.fmatrix('x'), T.lscalar('n'), T.scalar('b', 'bool')];
      const k = T.iscalar('k');
      const outs = [
        x.sum().div(T.cast(T.shapeI(x, 0), 'float32')),
        x.mul(T.cast(T.shapeI(x, 1).mul(n), 'float32')),
        T.shapeI(x, 1).mul(n).add(k),
        T.switch(b, x, x.mul(-1)).add(T.cast(k, 'float32')),
        T.mean(x.sum({ axis: [1] })).mul(x),
      ];
      return {
        inputs: [x, n, b, k],
        outputs: outs,
        args: [f32([3, 5], 9), theano.array(-3, 'int64'), theano.array(true, 'bool'), theano.array(7, 'int32')],
      };
    },
  },
  {
    id: 'log_softmax.packed.shapes',
    build() {
      const [m, t, w, l] = [T.fmatrix('m'), T.ftensor3('t'), T.fmatrix('w'), T.fmatrix('l')];
      const outs = [
        T.nnet.logSoftmax(m),
        T.nnet.logSoftmax(t),
        T.nnet.logSoftmax(w),
        T.nnet.logSoftmax(l),
        T.grad(T.nnet.logSoftmax(m).mul(m).sum(), m) as TensorVariable,
      ];
      return {
        inputs: [m, t, w, l],
        outputs: outs,
        // a 128-long axis (the packed shader's longest) and a 129-long one (tfjs's kernels)
        args: [f32([5, 7], 10, -30, 30), f32([2, 3, 5], 11), f32([3, 128], 12, -5, 5), f32([3, 129], 13, -5, 5)],
      };
    },
  },
  {
    // core's semantics: a NaN anywhere in a row makes the row NaN; an all -inf row is NaN; huge values stay finite
    id: 'log_softmax.packed.special-rows',
    build() {
      const m = T.fmatrix('m');
      const ls = T.nnet.logSoftmax(m);
      return { inputs: [m], outputs: [T.isnan(ls), T.switch(T.isnan(ls), 0, ls)], args: [SPECIAL] };
    },
  },
  {
    id: 'mlp.sgd-step.odd-sizes',
    build() {
      const [x, y, W1, b1, W2, b2] = [
        T.fmatrix('x'),
        T.fmatrix('y'),
        T.fmatrix('W1'),
        T.fvector('b1'),
        T.fmatrix('W2'),
        T.fvector('b2'),
      ];
      const h = T.tanh(x.dot(W1).add(b1));
      const p = T.nnet.softmax(h.dot(W2).add(b2));
      const loss = T.mean(T.nnet.categoricalCrossentropy(p, y));
      const params = [W1, b1, W2, b2];
      const grads = T.grad(loss, params) as TensorVariable[];
      const [batch, nIn, nHidden, nOut] = [5, 7, 9, 3];
      const yv = new Array<number>(batch * nOut).fill(0);
      for (let i = 0; i < batch; i++) yv[i * nOut + (i % nOut)] = 1;
      return {
        inputs: [x, y, ...params],
        outputs: [loss, ...params.map((w, i) => w.sub(grads[i]!.mul(0.1)))],
        args: [
          f32([batch, nIn], 14),
          theano.fromFloat64(yv, [batch, nOut], 'float32'),
          f32([nIn, nHidden], 15, -0.5, 0.5),
          f32([nHidden], 16, -0.1, 0.1),
          f32([nHidden, nOut], 17, -0.5, 0.5),
          f32([nOut], 18, -0.1, 0.1),
        ],
      };
    },
  },
];

const SPECIAL = theano.array(
  [
    [1, 2, Number.NaN, 4, 5],
    [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity],
    [3e38, 1e38, 2e38, 0, 2.5e38],
  ],
  'float32',
);
