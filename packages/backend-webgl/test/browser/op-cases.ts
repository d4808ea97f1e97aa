// Per-op cases, built with the public API in the browser (run on webgl) and in node (run on ref, the
// expected values): every primitive, float32 / int32 / int16 / int8 / int64 / bool, broadcasting, weak
// constants, integer division and modulo by negatives and zero, fused transposes, host-side shapes and
// indices, inner graphs (map through jacobian / hessian) and the shape assertion of Rop.
import type { NDArray, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { CONV_OP_CASES } from './op-cases-conv.ts';
import { LINALG_OP_CASES } from './op-cases-linalg.ts';
import { PACKED_OP_CASES } from './op-cases-packed.ts';
import { POOL_OP_CASES } from './op-cases-pool.ts';
import { RANDOM_OP_CASES } from './op-cases-random.ts';
import { REDUCE_OP_CASES } from './op-cases-reduce.ts';
import { SHAPE_OP_CASES } from './op-cases-shape.ts';
import { SORT_OP_CASES } from './op-cases-sort.ts';

const T = theano.tensor;

/** One case: a graph and the arguments to call it with. */
export interface OpCase {
  readonly id: string;
  /**
   * The float32 tolerance against ref, relative above 1 (default 2e-5). Cases through sin/cos allow more:
   * GLSL leaves their precision to the GPU, and SwiftShader's are good to about 2e-4.
   */
  readonly tol?: number;
  build(): { inputs: TensorVariable[]; outputs: TensorVariable[]; args: NDArray[] };
}

/** The optimizer settings every case runs under: FAST_RUN fuses elementwise chains (one shader each), None runs every op's own kernel. */
export const OP_MODES = ['FAST_RUN', 'None'] as const;
/** One of `OP_MODES`. */
export type OpMode = (typeof OP_MODES)[number];

/** Deterministic values in [lo, hi) (a linear congruential sequence seeded by `seed`). */
function values(n: number, seed: number, lo: number, hi: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + ((hi - lo) * s) / 2 ** 32;
  });
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const f32 = (shape: number[], seed: number, lo = -2, hi = 2) =>
  theano.fromFloat64(values(size(shape), seed, lo, hi), shape, 'float32');
const ints = (data: number[], dtype: 'int8' | 'int16' | 'int32' | 'int64' = 'int32') => theano.array(data, dtype);

const c = (id: string, build: OpCase['build'], tol?: number): OpCase =>
  tol === undefined ? { id, build } : { id, build, tol };

/** The tolerance of cases through sin and cos (see `OpCase.tol`). */
const TRIG_TOL = 5e-4;

/** The cases. */
export const OP_CASES: readonly OpCase[] = [
  c('add.broadcast.nary', () => {
    const [A, B] = [T.fmatrix('A'), T.fmatrix('B')];
    const r = T.frow('r');
    return {
      inputs: [A, B, r],
      outputs: [A.add(B).add(r), T.add(A, B, r)],
      args: [f32([2, 3], 1), f32([2, 3], 2), f32([1, 3], 3)],
    };
  }),
  c('sub.mul.div', () => {
    const [A, B, C] = [T.fmatrix('A'), T.fmatrix('B'), T.fmatrix('C')];
    const outs = [A.sub(B), T.mul(A, B, C), A.div(C)];
    return { inputs: [A, B, C], outputs: outs, args: [f32([2, 3], 4), f32([2, 3], 5), f32([2, 3], 6, 0.5, 2)] };
  }),
  c('intdiv.mod.float', () => {
    const [a, b] = [T.fvector('a'), T.fvector('b')];
    const av = theano.array([7.5, -7.5, 7.5, -7.5, 3, -0.25], 'float32');
    const bv = theano.array([2, 2, -2, -2, 1.5, 0.5], 'float32');
    return { inputs: [a, b], outputs: [a.intDiv(b), a.mod(b)], args: [av, bv] };
  }),
  c('intdiv.mod.int32', () => {
    const [a, b] = [T.ivector('a'), T.ivector('b')];
    const av = ints([7, -7, 7, -7, 9, 5, -6]);
    const bv = ints([2, 2, -2, -2, 3, 0, 0]);
    return { inputs: [a, b], outputs: [a.intDiv(b), a.mod(b)], args: [av, bv] };
  }),
  c('pow', () => {
    const [A, B] = [T.fmatrix('A'), T.fmatrix('B')];
    const outs = [A.pow(2), A.abs().add(0.5).pow(B), A.abs().add(0.5).pow(-1), A.pow(3)];
    return { inputs: [A, B], outputs: outs, args: [f32([2, 3], 7), f32([2, 3], 8)] };
  }),
  c('pow.int32', () => {
    const [a, b] = [T.ivector('a'), T.ivector('b')];
    return { inputs: [a, b], outputs: [a.pow(3), a.pow(b)], args: [ints([2, -3, 4, 5]), ints([0, 3, 2, 5])] };
  }),
  c('maximum.minimum', () => {
    const [A, B] = [T.fmatrix('A'), T.fmatrix('B')];
    return { inputs: [A, B], outputs: [T.maximum(A, B), T.minimum(A, B)], args: [f32([3, 2], 9), f32([3, 2], 10)] };
  }),
  c('compare.float32', () => {
    const [a, b] = [T.fvector('a'), T.fvector('b')];
    const av = theano.array([1, 2, 3, -1, 0.5], 'float32');
    const bv = theano.array([1, 3, 2, -1, 0.25], 'float32');
    return { inputs: [a, b], outputs: [a.lt(b), a.le(b), a.gt(b), a.ge(b), a.eq(b), a.neq(b)], args: [av, bv] };
  }),
  c('compare.mixed', () => {
    const [a, b] = [T.ivector('a'), T.fvector('b')];
    return {
      inputs: [a, b],
      outputs: [a.lt(b), a.eq(b)],
      args: [ints([1, 2, 3]), theano.array([1.5, 2, 2.5], 'float32')],
    };
  }),
  c(
    'unary.float32',
    () => {
      const x = T.fvector('x');
      const p = x.abs().add(0.25);
      const outs = [x.neg(), x.abs(), x.exp(), p.log(), p.sqrt(), x.sin(), x.cos(), x.tanh(), T.sgn(x)];
      return { inputs: [x], outputs: outs, args: [theano.array([-1.5, -0.25, 0, 0.75, 2], 'float32')] };
    },
    TRIG_TOL,
  ),
  c('unary.int32', () => {
    const x = T.ivector('x');
    return { inputs: [x], outputs: [x.neg(), x.abs(), T.sgn(x)], args: [ints([-3, 0, 4])] };
  }),
  c('extended', () => {
    const x = T.fvector('x');
    const outs = [
      T.sqr(x),
      T.nnet.sigmoid(x),
      T.nnet.softplus(x),
      T.nnet.softplus(x.mul(400)),
      T.log1p(x.mul(1e-9)),
      T.expm1(x.mul(1e-9)),
      T.erf(x),
      T.erf(x.mul(1e-9)),
      T.log2(x.abs().add(0.25)),
      T.log10(x.abs().add(0.25)),
      T.exp2(x),
      T.inv(x.add(10)),
      T.deg2rad(x),
      T.rad2deg(x),
      T.floor(x),
      T.ceil(x),
      T.trunc(x),
      T.round(x),
      T.round(x, { mode: 'half_to_even' }),
      T.isnan(x.log()),
      T.isinf(x.mul(1e38).mul(1e38)),
    ];
    return { inputs: [x], outputs: outs, args: [theano.array([-3, -0.5, 0, 0.5, 3], 'float32')] };
  }),
  c('elemwise.more', () => {
    const x = T.fvector('x');
    const y = T.fvector('y');
    const outs = [
      T.tan(x.mul(0.4)),
      T.arcsin(x.mul(0.3)),
      T.arccos(x.mul(0.3)),
      T.arctan(x),
      T.sinh(x),
      T.cosh(x),
      T.arcsinh(x),
      T.arccosh(x.abs().add(1)),
      T.arctanh(x.mul(0.3)),
      T.arctan2(x, y),
      T.hypot(x, y),
      T.clip(x, -1, 2),
      T.switch(T.gt(x, y), x, y.mul(2)),
      T.angle(x),
      T.real(x),
      T.imag(x),
      T.conj(x),
      T.erfc(x),
      T.erfcx(x),
      T.erfinv(x.mul(0.3)),
      T.erfcinv(x.mul(0.3).add(1)),
      T.gamma(x.abs().add(0.5)),
      T.gammaln(x.abs().add(0.5)),
      T.psi(x.abs().add(0.5)),
      T.erfc(x)
        .mul(2)
        .add(T.psi(x.abs().add(1))),
    ];
    return {
      inputs: [x, y],
      outputs: outs,
      args: [theano.array([-3, -0.5, 0, 0.5, 3], 'float32'), theano.array([1, -2, -0, 0.25, 3], 'float32')],
    };
  }),
  c('elemwise.bitwise', () => {
    const a = T.ivector('a');
    const b = T.ivector('b');
    const p = T.bvector('p');
    const outs = [T.and_(a, b), T.or_(a, b), T.xor(a, b), T.invert(a), T.iround(T.cast(a, 'float32').mul(0.5))];
    const q = T.vector('q', 'bool');
    const bools = [T.and_(q, T.gt(a, 0)), T.or_(q, T.gt(a, 0)), T.xor(q, T.gt(a, 0)), T.invert(q)];
    return {
      inputs: [a, b, p, q],
      outputs: [...outs, T.and_(p, T.cast(b, 'int8')), ...bools],
      args: [
        ints([12, -3, 7, 0]),
        ints([10, 5, -1, 3]),
        ints([1, -2, 3, 4], 'int8'),
        theano.array([true, false, true, false], 'bool'),
      ],
    };
  }),
  c('softmax.log_softmax', () => {
    const m = T.fmatrix('m');
    const outs = [
      T.nnet.softmax(m),
      T.nnet.softmax(m, 0),
      T.nnet.logSoftmax(m),
      T.nnet.logSoftmax(m, 0),
      T.grad(T.nnet.categoricalCrossentropy(T.nnet.softmax(m), T.nnet.softmax(m.mul(-1))).sum(), m),
    ];
    return { inputs: [m], outputs: outs, args: [f32([3, 4], 91)] };
  }),
  c('cast', () => {
    const [x, i] = [T.fvector('x'), T.ivector('i')];
    const outs = [
      T.cast(x, 'int32'),
      T.cast(i, 'float32'),
      T.cast(x, 'bool'),
      T.cast(x.gt(0), 'int8'),
      T.cast(i, 'int64'),
    ];
    return {
      inputs: [x, i],
      outputs: outs,
      args: [theano.array([-2.7, -0.5, 0, 1.9, 3], 'float32'), ints([1, -2, 3, 0, 5])],
    };
  }),
  c('weak.constants', () => {
    const x = T.fvector('x');
    return { inputs: [x], outputs: [x.mul(2).add(1.5), x.sub(1).div(4)], args: [f32([4], 11)] };
  }),
  c('int16.int8', () => {
    const [w, v, b] = [T.wvector('w'), T.fvector('v'), T.bvector('b')];
    const outs = [w.add(v), w.div(w.add(10)), b.add(b), T.sum(b)];
    return {
      inputs: [w, v, b],
      outputs: outs,
      args: [ints([1, -2, 300], 'int16'), f32([3], 12), ints([3, -4, 5], 'int8')],
    };
  }),
  c('sum', () => {
    const A = T.fmatrix('A');
    const I = T.imatrix('I');
    const outs = [A.sum(), A.sum(1), A.sum(0), I.sum(), A.gt(0).sum(1), A.sum({ axis: 1, keepdims: true })];
    return { inputs: [A, I], outputs: outs, args: [f32([3, 4], 13), ints([1, 2, -3, 4, 5, 6]).reshape([2, 3])] };
  }),
  c('max.min', () => {
    const A = T.fmatrix('A');
    return {
      inputs: [A],
      outputs: [A.max(), A.max(0), A.min(1), A.min(), T.max(A, { axis: 1, keepdims: true })],
      args: [f32([3, 4], 14)],
    };
  }),
  c('dimshuffle', () => {
    const A = T.fmatrix('A');
    const r = T.frow('r');
    const X = T.ftensor3('X');
    const outs = [A.T, A.dimshuffle('x', 0, 1), r.dimshuffle(1), X.dimshuffle(2, 0, 1)];
    return { inputs: [A, r, X], outputs: outs, args: [f32([2, 3], 15), f32([1, 3], 16), f32([2, 3, 2], 17)] };
  }),
  c('reshape.flatten', () => {
    const A = T.fmatrix('A');
    const X = T.ftensor3('X');
    const outs = [A.reshape([3, 2]), A.reshape([-1]), T.flatten(X, 2)];
    return { inputs: [A, X], outputs: outs, args: [f32([2, 3], 18), f32([2, 2, 3], 19)] };
  }),
  c('shape', () => {
    const A = T.fmatrix('A');
    return { inputs: [A], outputs: [A.shape, T.shapeI(A, 1), A.shape.mul(2)], args: [f32([2, 5], 20)] };
  }),
  c('reshape.gpu-size', () => {
    // the new shape holds a size computed on the GPU: make_vector of a GPU scalar, read back by reshape
    const A = T.fmatrix('A');
    const rows = T.cast(A.gt(-100).sum().intDiv(3), 'int64');
    return { inputs: [A], outputs: [T.reshape(A, [rows, -1])], args: [f32([2, 6], 21)] };
  }),
  c('second.fill', () => {
    const [A, v] = [T.fmatrix('A'), T.frow('v')];
    return { inputs: [A, v], outputs: [T.fill(A, 3), T.second(A, v)], args: [f32([2, 3], 22), f32([1, 3], 23)] };
  }),
  c('dot', () => {
    const [A, B, W] = [T.fmatrix('A'), T.fmatrix('B'), T.fmatrix('W')];
    const [x, y] = [T.fvector('x'), T.fvector('y')];
    const outs = [A.dot(B), A.dot(x), y.dot(A), x.dot(x), A.dot(W.T), A.T.dot(A), B.T.dot(x)];
    return {
      inputs: [A, B, W, x, y],
      outputs: outs,
      args: [f32([2, 3], 24), f32([3, 4], 25), f32([5, 3], 26), f32([3], 27), f32([2], 28)],
    };
  }),
  c('dot.int32', () => {
    const [A, B] = [T.imatrix('A'), T.imatrix('B')];
    return {
      inputs: [A, B],
      outputs: [A.dot(B)],
      args: [ints([1, 2, 3, 4, 5, 6]).reshape([2, 3]), ints([1, -1, 2, 0, 3, 1]).reshape([3, 2])],
    };
  }),
  c('subtensor', () => {
    const A = T.fmatrix('A');
    const i = T.lscalar('i');
    return {
      inputs: [A, i],
      outputs: [A.get(1), A.get(-1), A.get(i), A.get(i).get(0)],
      args: [f32([3, 2], 29), theano.array(2, 'int64')],
    };
  }),
  c('inc_subtensor', () => {
    const [A, v] = [T.fmatrix('A'), T.fvector('v')];
    const outs = [T.setSubtensor(A, v, 1), T.incSubtensor(A, 10, 0), T.incSubtensor(A, v, -1)];
    return { inputs: [A, v], outputs: outs, args: [f32([3, 2], 30), f32([2], 31)] };
  }),
  c('subtensor.slices', () => {
    const [A, i] = [T.fmatrix('A'), T.lscalar('i')];
    const outs = [A.get('1:', '::-1'), A.get(T.slice(i, null, -1), 1), T.setSubtensor(A.get('::2'), 5)];
    return { inputs: [A, i], outputs: outs, args: [f32([3, 2], 38), ints([1], 'int64').reshape([])] };
  }),
  c('advanced_subtensor', () => {
    const [A, iv] = [T.fmatrix('A'), T.lvector('iv')];
    return {
      inputs: [A, iv],
      outputs: [A.get(iv), A.get(iv, iv.neg()), A.get(':', iv)],
      args: [f32([3, 3], 39), ints([2, 0, 2], 'int64')],
    };
  }),
  c('advanced_inc_subtensor', () => {
    const [A, iv, v] = [T.fmatrix('A'), T.lvector('iv'), T.fvector('v')];
    const outs = [T.incSubtensor(A.get(iv), 1), T.setSubtensor(A.get(iv, iv), v), T.incSubtensor(A.get(A.gt(0)), 2)];
    return { inputs: [A, iv, v], outputs: outs, args: [f32([3, 3], 40), ints([2, 0, 2], 'int64'), f32([3], 41)] };
  }),
  c('nonzero', () => {
    const A = T.fmatrix('A');
    return { inputs: [A], outputs: [T.argwhere(A.gt(0)), T.nonzeroValues(A.gt(0.5))], args: [f32([3, 3], 42)] };
  }),
  c('grad.mlp', () => {
    const [x, W, b] = [T.fmatrix('x'), T.fmatrix('W'), T.fvector('b')];
    const cost = T.sum(T.tanh(x.dot(W).add(b)).pow(2));
    const [gW, gb] = T.grad(cost, [W, b]) as TensorVariable[];
    return { inputs: [x, W, b], outputs: [cost, gW!, gb!], args: [f32([4, 3], 32), f32([3, 2], 33), f32([2], 34)] };
  }),
  c('jacobian.map', () => {
    const [A, x] = [T.fmatrix('A'), T.fvector('x')];
    const J = theano.gradient.jacobian(T.tanh(A.dot(x)), x);
    return { inputs: [A, x], outputs: [J], args: [f32([3, 2], 35), f32([2], 36)] };
  }),
  c(
    'hessian.map',
    () => {
      const x = T.fvector('x');
      const H = theano.gradient.hessian(T.sum(x.pow(3).add(x.sin())), x);
      return { inputs: [x], outputs: [H], args: [f32([3], 37)] };
    },
    TRIG_TOL,
  ),
  c('rop.assert-same-shape', () => {
    const [W, V, x] = [T.fmatrix('W'), T.fmatrix('V'), T.fvector('x')];
    return {
      inputs: [W, V, x],
      outputs: [T.Rop(x.dot(W), W, V)],
      args: [f32([2, 3], 38), f32([2, 3], 39), f32([2], 40)],
    };
  }),
  // if_else: the host reads the condition, only the branch taken runs (both conditions)
  ...[1, -1].map((cv) =>
    c(`if-else.${cv > 0 ? 'true' : 'false'}`, () => {
      const [a, x, y] = [T.fscalar('a'), T.fvector('x'), T.fmatrix('y')];
      const [s, m] = theano.ifelse(a.gt(0), [x.sum(), y.mul(2)], [x.prod(), y.get('1:')]);
      return {
        inputs: [a, x, y],
        outputs: [s!, m!],
        args: [theano.array(cv, 'float32'), f32([3], 41), f32([3, 2], 42)],
      };
    }),
  ),
  // scan: a host loop over the inner graph's kernels (an RNN and its BPTT gradient; taps [-2, -1] with until)
  c('scan.rnn.grad', () => {
    const [X, h0, W] = [T.fmatrix('X'), T.fvector('h0'), T.fmatrix('W')];
    const [hs] = theano.scan({
      fn: (xt: TensorVariable, hp: TensorVariable, w: TensorVariable) => T.tanh(T.dot(w, hp).add(xt)),
      sequences: X,
      outputsInfo: h0,
      nonSequences: W,
    });
    const cost = T.sum((hs as TensorVariable).pow(2));
    const grads = T.grad(cost, [X, h0, W]) as TensorVariable[];
    return {
      inputs: [X, h0, W],
      outputs: [hs as TensorVariable, ...grads],
      args: [f32([4, 2], 43), f32([2], 44), f32([2, 2], 45)],
    };
  }),
  c('scan.taps.until', () => {
    const x0 = T.fvector('x0');
    const [xs] = theano.scan({
      fn: (a: TensorVariable, b: TensorVariable) => {
        const next = a.add(b);
        return [next, theano.until(T.gt(next, 20))];
      },
      outputsInfo: { initial: x0, taps: [-2, -1] },
      nSteps: 10,
    });
    return { inputs: [x0], outputs: [xs as TensorVariable], args: [theano.array([1, 2], 'float32')] };
  }),
  ...SORT_OP_CASES,
  ...POOL_OP_CASES,
  // creation: Alloc of a GPU value (Tile) and of host scalars, ARange (host), Eye/Tri (expanded), the diagonal ops
  c('creation', () => {
    const [v, A, t] = [T.fvector('v'), T.fmatrix('A'), T.ftensor3('t')];
    const n = T.lscalar('n');
    const outputs = [
      T.alloc(v, n, 3),
      T.zeros([n, 2], 'int32'),
      T.arange(1, n.mul(3), 2),
      T.eye(n, 3, 1, 'float32'),
      T.tril(A, -1),
      T.diag(A, 1),
      T.diagonal(t, 1, 2, 0),
      T.diag(v, -1),
      T.grad(T.sum(T.diagonal(t, 0, 0, 2).mul(2)), t) as TensorVariable,
    ];
    return {
      inputs: [v, A, t, n],
      outputs,
      args: [f32([3], 41), f32([3, 4], 42), f32([2, 3, 4], 43), theano.array(2, 'int64')],
    };
  }),
  ...SHAPE_OP_CASES,
  ...LINALG_OP_CASES,
  ...REDUCE_OP_CASES,
  ...RANDOM_OP_CASES,
  ...CONV_OP_CASES,
  ...PACKED_OP_CASES,
];
