/** Conformance cases of the tensor module's elemwise family (`tensor.elemwise.*`): values from numpy or worked by hand. */
import type { DType } from '@theano-ts/core';
import * as theano from 'theano-ts';

const T = theano.tensor;

import { type TensorCase, type TensorCaseSpec, tensorCase } from './tensor-case.js';

const SPECS: TensorCaseSpec[] = [];

const A = [1.5, -2.0, 3.0, 0.25];
const B = [0.5, 4.0, -2.0, 2.0];
const P = [2.0, 3.0, -2.0, 0.5];
const X = [0.25, 0.5, 1.5, 3.0];
const R = [-2.5, -0.5, 0.5, 1.7, 2.5];

SPECS.push({
  id: 'elemwise.arithmetic',
  covers: ['add', 'sub', 'mul', 'div', 'trueDiv', 'intDiv', 'mod', 'pow', 'maximum', 'minimum'],
  description: 'a + b, a - b, a * b, a / b, a // b, a % b, a ** p, maximum, minimum on vectors (numpy)',
  build: (dtype: DType) => {
    const a = T.vector('a', dtype);
    const b = T.vector('b', dtype);
    const p = T.vector('p', dtype);
    return {
      inputs: [
        [a, A],
        [b, B],
        [p, P],
      ],
      outputs: [
        T.add(a, b),
        T.sub(a, b),
        T.mul(a, b),
        T.div(a, b),
        T.trueDiv(a, b),
        T.intDiv(a, b),
        T.mod(a, b),
        T.pow(a, p),
        T.maximum(a, b),
        T.minimum(a, b),
      ],
      expected: [
        [2.0, 2.0, 1.0, 2.25],
        [1.0, -6.0, 5.0, -1.75],
        [0.75, -8.0, -6.0, 0.5],
        [3.0, -0.5, -1.5, 0.125],
        [3.0, -0.5, -1.5, 0.125],
        [3.0, -1.0, -2.0, 0.0],
        [0.0, 2.0, -1.0, 0.25],
        [2.25, -8.0, 0.1111111111111111, 0.5],
        [1.5, 4.0, 3.0, 2.0],
        [0.5, -2.0, -2.0, 0.25],
      ],
    };
  },
});

SPECS.push({
  id: 'elemwise.unary',
  covers: ['neg', 'abs', 'sgn', 'inv', 'sqr', 'sqrt', 'exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p'],
  description: 'neg, abs, sgn, inv, sqr, sqrt, exp, exp2, expm1, log, log2, log10, log1p (numpy)',
  build: (dtype: DType) => {
    const x = T.vector('x', dtype);
    return {
      inputs: [[x, X]],
      outputs: [
        T.neg(x),
        T.abs(x.neg()),
        T.sgn(x.neg()),
        T.inv(x),
        T.sqr(x),
        T.sqrt(x),
        T.exp(x),
        T.exp2(x),
        T.expm1(x),
        T.log(x),
        T.log2(x),
        T.log10(x),
        T.log1p(x),
      ],
      expected: [
        [-0.25, -0.5, -1.5, -3.0],
        [0.25, 0.5, 1.5, 3.0],
        [-1.0, -1.0, -1.0, -1.0],
        [4.0, 2.0, 0.6666666666666666, 0.3333333333333333],
        [0.0625, 0.25, 2.25, 9.0],
        [0.5, Math.SQRT1_2, 1.224744871391589, 1.7320508075688772],
        [1.2840254166877414, 1.6487212707001282, 4.4816890703380645, 20.085536923187668],
        [1.189207115002721, Math.SQRT2, 2.8284271247461903, 8.0],
        [0.2840254166877415, 0.6487212707001282, 3.481689070338065, 19.085536923187668],
        [-1.3862943611198906, -Math.LN2, 0.4054651081081644, 1.0986122886681098],
        [-2.0, -1.0, 0.5849625007211562, 1.584962500721156],
        [-0.6020599913279624, -0.3010299956639812, 0.17609125905568124, 0.47712125471966244],
        [0.22314355131420976, 0.4054651081081644, 0.9162907318741551, 1.3862943611198906],
      ],
    };
  },
});

SPECS.push({
  id: 'elemwise.trig',
  covers: ['sin', 'cos', 'tanh', 'erf', 'deg2rad', 'rad2deg'],
  description: 'sin, cos, tanh, erf, deg2rad, rad2deg (numpy; erf from Python math.erf)',
  build: (dtype: DType) => {
    const x = T.vector('x', dtype);
    return {
      inputs: [[x, X]],
      outputs: [T.sin(x), T.cos(x), T.tanh(x), T.erf(x), T.deg2rad(x), T.rad2deg(x)],
      expected: [
        [0.24740395925452294, 0.479425538604203, 0.9974949866040544, 0.1411200080598672],
        [0.9689124217106447, 0.8775825618903728, 0.0707372016677029, -0.9899924966004454],
        [0.24491866240370913, 0.46211715726000974, 0.9051482536448665, 0.9950547536867305],
        [0.2763263901682369, 0.5204998778130465, 0.9661051464753108, 0.9999779095030014],
        [0.004363323129985824, 0.008726646259971648, 0.026179938779914945, 0.05235987755982989],
        [14.32394487827058, 28.64788975654116, 85.94366926962348, 171.88733853924697],
      ],
    };
  },
});

SPECS.push({
  id: 'elemwise.rounding',
  covers: ['floor', 'ceil', 'round', 'trunc'],
  description: "floor, ceil, round (Theano's default: halves away from zero), trunc (by hand)",
  build: (dtype: DType) => {
    const x = T.vector('x', dtype);
    return {
      inputs: [[x, R]],
      outputs: [T.floor(x), T.ceil(x), T.round(x), T.trunc(x)],
      expected: [
        [-3, -1, 0, 1, 2],
        [-2, -0, 1, 2, 3],
        [-3, -1, 1, 2, 3],
        [-2, -0, 0, 1, 2],
      ],
    };
  },
});

SPECS.push({
  id: 'elemwise.compare',
  covers: ['lt', 'le', 'gt', 'ge', 'eq', 'neq', 'isnan', 'isinf'],
  description: 'lt, le, gt, ge, eq, neq, isnan, isinf (bool results, by hand)',
  build: (dtype: DType) => {
    const a = T.vector('a', dtype);
    const b = T.vector('b', dtype);
    const c = T.vector('c', dtype);
    const outs = [T.lt(a, b), T.le(a, b), T.gt(a, b), T.ge(a, b), T.eq(a, b), T.neq(a, b), T.isnan(c), T.isinf(c)];
    return {
      inputs: [
        [a, [1, 2, 3]],
        [b, [2, 2, 1]],
        [c, [Number.NaN, Number.NEGATIVE_INFINITY, 1]],
      ],
      outputs: outs,
      expected: [
        [1, 0, 0],
        [1, 1, 0],
        [0, 0, 1],
        [0, 1, 1],
        [0, 1, 0],
        [1, 0, 1],
        [1, 0, 0],
        [0, 1, 0],
      ],
      dtypes: outs.map(() => 'bool' as const),
    };
  },
});

SPECS.push({
  id: 'elemwise.cast-fill',
  covers: ['cast', 'second', 'fill', 'zerosLike', 'onesLike'],
  description:
    'cast to int32 (truncation), second/fill (a small integer literal filled in the shape of x: int8, as Theano), zerosLike, onesLike',
  build: (dtype: DType) => {
    const x = T.vector('x', dtype);
    const outs = [T.cast(x, 'int32'), T.second(x, 2), T.fill(x, 3), T.zerosLike(x), T.onesLike(x)];
    return {
      inputs: [[x, [1.7, -1.7, 0.5]]],
      outputs: outs,
      expected: [
        [1, -1, 0],
        [2, 2, 2],
        [3, 3, 3],
        [0, 0, 0],
        [1, 1, 1],
      ],
      dtypes: ['int32', 'int8', 'int8', dtype, dtype],
    };
  },
});

/** The elemwise family's cases. */
export const TENSOR_ELEMWISE_CASES: readonly TensorCase[] = SPECS.flatMap(tensorCase);
