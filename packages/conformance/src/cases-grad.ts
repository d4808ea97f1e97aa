/**
 * `verifyGrad` cases: the symbolic gradient of every differentiable op checked against central finite
 * differences on the case's backend, at float64 points drawn from a generator seeded by the case id
 * (points keep away from kinks, ties and poles). Then the composite derivatives: `Rop` against J·v, `Lop`
 * against uᵀ·J and the Hessian against the Rop of the gradient, on a nonlinear function; and `verifyGrad`
 * through `jacobian` / `hessian` (the gradient of their `Map`).
 */

import type { NDArray, TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { type CaseContext, type ConformanceCase, SECTIONS } from './case.js';
import { CONTROL_GRAD_CASES } from './cases-control.js';
import { CREATION_GRAD_CASES } from './cases-grad-creation.js';
import { ELEMWISE_GRAD_CASES } from './cases-grad-elemwise.js';
import { INDEXING_GRAD_CASES } from './cases-grad-indexing.js';
import { LINALG_GRAD_CASES } from './cases-grad-linalg.js';
import { POOL_GRAD_CASES } from './cases-grad-pool.js';
import { REDUCE_GRAD_CASES } from './cases-grad-reduce.js';
import { SHAPE_GRAD_CASES } from './cases-grad-shape.js';
import { SORT_GRAD_CASES } from './cases-grad-sort.js';
import { NNET_GRAD_CASES } from './cases-nnet.js';
import { NNET_CONV_GRAD_CASES } from './cases-nnet-conv.js';
import { call, compile, expectClose, seededRandom, seedOf, uniform } from './check.js';
import { any, apart, distinct, float32Variant, isGradCase, M, nonzero, positive, type Rand, vg } from './grad-case.js';

const T = theano.tensor;

const elemwise: ConformanceCase[] = [
  vg(
    'add',
    'add: a + b',
    (a, b) => a.add(b),
    (r) => [any(r), any(r)],
  ),
  vg(
    'add.broadcast',
    'add with a broadcast row: (2,3) + (1,3)',
    (a, b) => a.add(b),
    (r) => [any(r), any(r, [1, 3])],
  ),
  vg(
    'add.3',
    'add of three operands: T.add(a, b, c)',
    (a, b, c) => T.add(a, b, c),
    (r) => [any(r), any(r), any(r)],
  ),
  vg(
    'sub',
    'sub: a - b',
    (a, b) => a.sub(b),
    (r) => [any(r), any(r)],
  ),
  vg(
    'mul',
    'mul: a * b',
    (a, b) => a.mul(b),
    (r) => [any(r), any(r)],
  ),
  vg(
    'mul.broadcast',
    'mul with a broadcast column: (2,3) * (2,1)',
    (a, b) => a.mul(b),
    (r) => [any(r), any(r, [2, 1])],
  ),
  vg(
    'true_div',
    'true_div: a / b, b away from 0',
    (a, b) => a.div(b),
    (r) => [any(r), nonzero(r)],
  ),
  vg(
    'mod',
    'mod: a % b, away from the jumps',
    (a, b) => a.mod(b),
    () => [
      theano.array([
        [5.3, 7.1, -2.4],
        [1.3, -4.4, 6.2],
      ]),
      theano.array([
        [2.1, 3.3, 1.7],
        [0.8, 1.9, -2.5],
      ]),
    ],
  ),
  vg(
    'pow',
    'pow: a ** b, positive base, wrt both',
    (a, b) => a.pow(b),
    (r) => [positive(r), any(r)],
  ),
  vg(
    'pow.const',
    'pow by a constant: a ** 3',
    (a) => a.pow(3),
    (r) => [any(r)],
  ),
  vg('maximum', 'maximum(a, b), no ties', (a, b) => T.maximum(a, b), apart),
  vg('minimum', 'minimum(a, b), no ties', (a, b) => T.minimum(a, b), apart),
  vg(
    'neg',
    'neg: -a',
    (a) => a.neg(),
    (r) => [any(r)],
  ),
  vg(
    'abs',
    'abs: |a|, away from 0',
    (a) => a.abs(),
    (r) => [nonzero(r)],
  ),
  vg(
    'exp',
    'exp(a)',
    (a) => a.exp(),
    (r) => [any(r)],
  ),
  vg(
    'log',
    'log(a), a > 0',
    (a) => a.log(),
    (r) => [positive(r)],
  ),
  vg(
    'sqrt',
    'sqrt(a), a > 0',
    (a) => a.sqrt(),
    (r) => [positive(r)],
  ),
  vg(
    'sin',
    'sin(a)',
    (a) => a.sin(),
    (r) => [any(r)],
  ),
  vg(
    'cos',
    'cos(a)',
    (a) => a.cos(),
    (r) => [any(r)],
  ),
  vg(
    'tanh',
    'tanh(a)',
    (a) => a.tanh(),
    (r) => [any(r)],
  ),
  {
    ...vg(
      'cast',
      'cast float32 → float64 (the gradient casts back)',
      (a) => T.cast(a, 'float64').pow(2),
      (r) => [uniform(r, M, -2, 2, { dtype: 'float32' })],
    ),
    dtype: 'float32',
  },
  vg(
    'second',
    'second / fill(a, b): b broadcast to a’s shape (a contributes its shape only)',
    (a, b) => T.fill(a, b).mul(a),
    (r) => [any(r), any(r, [])],
  ),
  vg(
    'second.vector',
    'second(a, b) with b a (3,) vector broadcast over rows',
    (a, b) => T.second(a, b),
    (r) => [any(r), any(r, [3])],
  ),
];

const linalg: ConformanceCase[] = [
  vg(
    'dot.vv',
    'dot(vector, vector)',
    (a, b) => T.dot(a, b),
    (r) => [any(r, [3]), any(r, [3])],
  ),
  vg(
    'dot.mv',
    'dot(matrix, vector)',
    (a, b) => T.dot(a, b),
    (r) => [any(r, [2, 3]), any(r, [3])],
  ),
  vg(
    'dot.vm',
    'dot(vector, matrix)',
    (a, b) => T.dot(a, b),
    (r) => [any(r, [2]), any(r, [2, 3])],
  ),
  vg(
    'dot.mm',
    'dot(matrix, matrix)',
    (a, b) => T.dot(a, b),
    (r) => [any(r, [2, 3]), any(r, [3, 4])],
  ),
];

const reduce: ConformanceCase[] = [
  vg(
    'sum',
    'sum over all axes',
    (a) => a.sum(),
    (r) => [any(r)],
  ),
  vg(
    'sum.axis0',
    'sum over axis 0',
    (a) => a.sum(0),
    (r) => [any(r)],
  ),
  vg(
    'sum.axis1',
    'sum over axis 1',
    (a) => a.sum(1),
    (r) => [any(r)],
  ),
  vg(
    'sum.axes02.keepdims',
    'sum over axes 0 and 2 of a tensor3, keepdims',
    (a) => a.sum({ axis: [0, 2], keepdims: true }),
    (r) => [any(r, [2, 3, 2])],
  ),
  vg(
    'mean',
    'mean over all axes',
    (a) => a.mean(),
    (r) => [any(r)],
  ),
  vg(
    'mean.axis1',
    'mean over axis 1',
    (a) => a.mean(1),
    (r) => [any(r)],
  ),
  vg(
    'max',
    'max over all axes (distinct values)',
    (a) => a.max(),
    (r) => [distinct(r, M)],
  ),
  vg(
    'max.axis0',
    'max over axis 0 (distinct values)',
    (a) => a.max(0),
    (r) => [distinct(r, M)],
  ),
  vg(
    'min',
    'min over all axes (distinct values)',
    (a) => a.min(),
    (r) => [distinct(r, M)],
  ),
  vg(
    'min.axis1',
    'min over axis 1 (distinct values)',
    (a) => a.min(1),
    (r) => [distinct(r, M)],
  ),
];

const shape: ConformanceCase[] = [
  vg(
    'dimshuffle',
    "dimshuffle(1, 'x', 0) of a matrix",
    (a) => a.dimshuffle(1, 'x', 0),
    (r) => [any(r)],
  ),
  vg(
    'dimshuffle.drop',
    'dimshuffle(1) of a row: drops the broadcastable dimension',
    (a) => a.dimshuffle(1),
    (r) => [any(r, [1, 3])],
  ),
  vg(
    'transpose',
    'transpose (x.T) of a matrix',
    (a) => a.T,
    (r) => [any(r)],
  ),
  vg(
    'transpose.axes',
    'transpose(2, 0, 1) of a tensor3',
    (a) => a.transpose(2, 0, 1),
    (r) => [any(r, [2, 3, 2])],
  ),
  vg(
    'reshape',
    'reshape (2,3) → (3,2)',
    (a) => a.reshape([3, 2]),
    (r) => [any(r)],
  ),
  vg(
    'reshape.infer',
    'reshape (2,3,2) → (-1, 4)',
    (a) => a.reshape([-1, 4]),
    (r) => [any(r, [2, 3, 2])],
  ),
  vg(
    'flatten',
    'flatten a tensor3 to a vector',
    (a) => a.flatten(),
    (r) => [any(r, [2, 3, 2])],
  ),
  vg(
    'flatten.2',
    'flatten(2) of a tensor3',
    (a) => a.flatten(2),
    (r) => [any(r, [2, 3, 2])],
  ),
];

const indexing: ConformanceCase[] = [
  vg(
    'subtensor',
    'x.get(1) of a matrix',
    (a) => a.get(1),
    (r) => [any(r, [3, 2])],
  ),
  vg(
    'subtensor.vector',
    'x.get(2) of a vector',
    (a) => a.get(2),
    (r) => [any(r, [4])],
  ),
  vg(
    'incSubtensor',
    'T.incSubtensor(x, y, 1): x[1] += y',
    (x, y) => T.incSubtensor(x, y, 1),
    (r) => [any(r, [3, 2]), any(r, [2])],
  ),
  vg(
    'incSubtensor.scalar',
    'T.incSubtensor(x, y, 0) with a scalar y broadcast over the row',
    (x, y) => T.incSubtensor(x, y, 0),
    (r) => [any(r, [3, 2]), any(r, [])],
  ),
  vg(
    'setSubtensor',
    'T.setSubtensor(x, y, 2): x[2] = y',
    (x, y) => T.setSubtensor(x, y, 2).mul(x),
    (r) => [any(r, [3, 2]), any(r, [2])],
  ),
];

/** The nonlinear f(A, x) = tanh(A·x) * x of the composite cases. */
const f = (A: TensorVariable, x: TensorVariable): TensorVariable => T.tanh(T.dot(A, x)).mul(x);

/** Matrix-vector and vector-matrix products in plain JS (expected values computed outside the graph). */
function matVec(J: number[][], v: number[]): number[] {
  return J.map((row) => row.reduce((s, a, j) => s + a * v[j]!, 0));
}
function vecMat(u: number[], J: number[][]): number[] {
  return J[0]!.map((_, j) => J.reduce((s, row, i) => s + u[i]! * row[j]!, 0));
}

function compositeCase(
  id: string,
  description: string,
  body: (ctx: CaseContext, r: Rand, A: NDArray, x: NDArray, v: NDArray) => Promise<void>,
): ConformanceCase {
  const fullId = `verifyGrad.${id}`;
  return {
    id: fullId,
    section: SECTIONS.verifyGrad,
    dtype: 'float64',
    description,
    run: async (ctx) => {
      const r = seededRandom(seedOf(fullId));
      await body(ctx, r, uniform(r, [3, 3], -1, 1), uniform(r, [3], -1, 1), uniform(r, [3], -1, 1));
    },
  };
}

const composite: ConformanceCase[] = [
  compositeCase(
    'Rop.jacobian',
    'Rop(f, x, v) equals jacobian(f, x)·v for f = tanh(A·x)·x',
    async (ctx, _r, Av, xv, vv) => {
      const A = T.dmatrix('A');
      const x = T.dvector('x');
      const v = T.dvector('v');
      const y = f(A, x);
      const fn = compile(ctx, [A, x, v], [T.Rop(y, x, v), theano.gradient.jacobian(y, x)]);
      const [jv, J] = await call(ctx, fn, Av, xv, vv);
      expectClose(
        jv!,
        matVec(J!.toArray() as number[][], Array.from(vv.toFloat64())),
        'float64',
        'Rop(f, x, v) vs J·v',
      );
    },
  ),
  compositeCase(
    'Lop.jacobian',
    'Lop(f, x, u) equals uᵀ·jacobian(f, x) for f = tanh(A·x)·x',
    async (ctx, _r, Av, xv, uv) => {
      const A = T.dmatrix('A');
      const x = T.dvector('x');
      const u = T.dvector('u');
      const y = f(A, x);
      const fn = compile(ctx, [A, x, u], [T.Lop(y, x, u), theano.gradient.jacobian(y, x)]);
      const [uJ, J] = await call(ctx, fn, Av, xv, uv);
      expectClose(
        uJ!,
        vecMat(Array.from(uv.toFloat64()), J!.toArray() as number[][]),
        'float64',
        'Lop(f, x, u) vs uᵀ·J',
      );
    },
  ),
  compositeCase(
    'Rop.matrix',
    'Rop(f, A, V) equals Σ_jk ∂f/∂A_jk V_jk (jacobian wrt the matrix A)',
    async (ctx, r, Av, xv) => {
      const A = T.dmatrix('A');
      const x = T.dvector('x');
      const V = T.dmatrix('V');
      const y = f(A, x);
      const fn = compile(ctx, [A, x, V], [T.Rop(y, A, V), theano.gradient.jacobian(y, A)]);
      const Vv = uniform(r, [3, 3], -1, 1);
      const [jv, J] = await call(ctx, fn, Av, xv, Vv);
      const Jm = (J!.toArray() as number[][][]).map((m) => m.flat());
      expectClose(jv!, matVec(Jm, Array.from(Vv.toFloat64())), 'float64', 'Rop(f, A, V) vs J·vec(V)');
    },
  ),
  compositeCase(
    'hessian.Rop',
    'hessian(c, x)·v equals Rop(grad(c, x), x, v) for c = Σ tanh(A·x)·x',
    async (ctx, _r, Av, xv, vv) => {
      const A = T.dmatrix('A');
      const x = T.dvector('x');
      const v = T.dvector('v');
      const c = f(A, x).sum();
      const fn = compile(ctx, [A, x, v], [theano.gradient.hessian(c, x), T.Rop(T.grad(c, x), x, v)]);
      const [H, hv] = await call(ctx, fn, Av, xv, vv);
      expectClose(hv!, matVec(H!.toArray() as number[][], Array.from(vv.toFloat64())), 'float64', 'Rop(grad) vs H·v');
    },
  ),
  vg(
    'grad.grad',
    'verifyGrad of T.grad itself: x ↦ grad(Σ tanh(A·x)·x, x)',
    (A, x) => T.grad(f(A, x).sum(), x),
    (r) => [uniform(r, [3, 3], -1, 1), uniform(r, [3], -1, 1)],
  ),
  vg(
    'jacobian',
    'verifyGrad through jacobian (the gradient of its Map): (A, x) ↦ jacobian(tanh(A·x)·x, x)',
    (A, x) => theano.gradient.jacobian(f(A, x), x),
    (r) => [uniform(r, [3, 3], -1, 1), uniform(r, [3], -1, 1)],
  ),
  vg(
    'hessian',
    'verifyGrad through hessian: (A, x) ↦ hessian(Σ tanh(A·x)·x, x)',
    (A, x) => theano.gradient.hessian(f(A, x).sum(), x),
    (r) => [uniform(r, [3, 3], -1, 1), uniform(r, [3], -1, 1)],
  ),
];

/** The extended ops (sqr, log1p, expm1, softplus, sigmoid, erf, Softmax, LogSoftmax) and the cross-entropies. */
const extended: ConformanceCase[] = [
  vg(
    'sqr',
    'sqr: x²',
    (x) => T.sqr(x),
    (r) => [any(r)],
  ),
  vg(
    'log1p',
    'log1p: log(1 + x)',
    (x) => T.log1p(x),
    (r) => [positive(r)],
  ),
  vg(
    'expm1',
    'expm1: exp(x) - 1',
    (x) => T.expm1(x),
    (r) => [any(r)],
  ),
  vg(
    'softplus',
    'softplus: log(1 + exp(x))',
    (x) => T.nnet.softplus(x),
    (r) => [any(r)],
  ),
  vg(
    'sigmoid',
    'sigmoid: 1 / (1 + exp(-x))',
    (x) => T.nnet.sigmoid(x),
    (r) => [any(r)],
  ),
  vg(
    'erf',
    'erf: the error function',
    (x) => T.erf(x),
    (r) => [any(r)],
  ),
  vg(
    'log2',
    'log2: the base-2 logarithm',
    (x) => T.log2(x),
    (r) => [positive(r)],
  ),
  vg(
    'log10',
    'log10: the base-10 logarithm',
    (x) => T.log10(x),
    (r) => [positive(r)],
  ),
  vg(
    'exp2',
    'exp2: 2 ** x',
    (x) => T.exp2(x),
    (r) => [any(r)],
  ),
  vg(
    'inv',
    'inv: 1 / x',
    (x) => T.inv(x),
    (r) => [positive(r)],
  ),
  vg(
    'deg2rad',
    'deg2rad: x · π/180',
    (x) => T.deg2rad(x),
    (r) => [any(r)],
  ),
  vg(
    'rad2deg',
    'rad2deg: x · 180/π',
    (x) => T.rad2deg(x),
    (r) => [any(r)],
  ),
  vg(
    'softmax',
    'Softmax along the last axis',
    (x) => T.nnet.softmax(x),
    (r) => [any(r)],
  ),
  vg(
    'softmax.axis0',
    'Softmax along axis 0',
    (x) => T.nnet.softmax(x, 0),
    (r) => [any(r)],
  ),
  vg(
    'log_softmax',
    'LogSoftmax along the last axis',
    (x) => T.nnet.logSoftmax(x),
    (r) => [any(r)],
  ),
  vg(
    'categorical_crossentropy',
    'categoricalCrossentropy(softmax(x), t) (through LogSoftmax)',
    (x, t) => T.nnet.categoricalCrossentropy(T.nnet.softmax(x), t),
    (r) => [any(r), positive(r)],
  ),
  vg(
    'binary_crossentropy',
    'binaryCrossentropy(sigmoid(x), t) (through softplus)',
    (x, t) => T.nnet.binaryCrossentropy(T.nnet.sigmoid(x), t),
    (r) => [any(r), positive(r)],
  ),
];

const FLOAT64_GRAD_CASES: readonly ConformanceCase[] = [
  ...elemwise,
  ...extended,
  ...linalg,
  ...LINALG_GRAD_CASES,
  ...reduce,
  ...shape,
  ...indexing,
  ...INDEXING_GRAD_CASES,
  ...composite,
  ...SORT_GRAD_CASES,
  ...CREATION_GRAD_CASES,
  ...CONTROL_GRAD_CASES,
  ...NNET_GRAD_CASES,
  ...REDUCE_GRAD_CASES,
  ...POOL_GRAD_CASES,
];

/** Every verifyGrad case: float64, then the float32 variant of each built by `vg`. */
export const GRAD_CASES: readonly ConformanceCase[] = [
  ...FLOAT64_GRAD_CASES,
  ...FLOAT64_GRAD_CASES.filter(isGradCase).map(float32Variant),
  ...SHAPE_GRAD_CASES,
  ...ELEMWISE_GRAD_CASES,
  ...NNET_CONV_GRAD_CASES,
];
