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
  covers: ['cast', 'astype', 'second', 'fill', 'zerosLike', 'onesLike'],
  description:
    'cast to int32 and x.astype(int8) (truncation), second/fill (a small integer literal filled in the shape of x: int8, as Theano), zerosLike, onesLike',
  build: (dtype: DType) => {
    const x = T.vector('x', dtype);
    const outs = [T.cast(x, 'int32'), T.second(x, 2), T.fill(x, 3), T.zerosLike(x), T.onesLike(x), x.astype('int8')];
    return {
      inputs: [[x, [1.7, -1.7, 0.5]]],
      outputs: outs,
      expected: [
        [1, -1, 0],
        [2, 2, 2],
        [3, 3, 3],
        [0, 0, 0],
        [1, 1, 1],
        [1, -1, 0],
      ],
      dtypes: ['int32', 'int8', 'int8', dtype, dtype, 'int8'],
    };
  },
});

SPECS.push({
  id: 'elemwise.trig-more',
  covers: ['tan', 'arcsin', 'arccos', 'arctan', 'sinh', 'cosh', 'arcsinh', 'arccosh', 'arctanh', 'arctan2', 'hypot'],
  description: 'tan, arcsin, arccos, arctan, sinh, cosh, arcsinh, arccosh, arctanh, arctan2(y, x), hypot (numpy)',
  build: (dtype: DType) => {
    const x = T.vector('x', dtype);
    const y = T.vector('y', dtype);
    const u = T.vector('u', dtype);
    const v = T.vector('v', dtype);
    return {
      inputs: [
        [x, [0.25, 0.5, -0.75]],
        [y, [1.5, 2.0, 3.0]],
        [u, [1, -1, 0.5]],
        [v, [-2, 0.5, 3]],
      ],
      outputs: [
        T.tan(x),
        T.arcsin(x),
        T.arccos(x),
        T.arctan(x),
        T.sinh(x),
        T.cosh(x),
        T.arcsinh(x),
        T.arctanh(x),
        T.arccosh(y),
        T.arctan2(u, v),
        T.hypot(T.mul(u, 3), T.mul(v, 4)),
      ],
      expected: [
        [0.25534192122103627, 0.5463024898437905, -0.9315964599440725],
        [0.25268025514207865, 0.5235987755982989, -0.848062078981481],
        [1.318116071652818, 1.0471975511965976, 2.4188584057763776],
        [0.24497866312686414, 0.4636476090008061, -0.6435011087932844],
        [0.2526123168081683, 0.5210953054937474, -0.82231673193583],
        [1.0314130998795732, 1.1276259652063807, 1.2946832846768448],
        [0.24746646154726346, 0.48121182505960347, -Math.LN2],
        [0.25541281188299536, 0.5493061443340549, -0.9729550745276566],
        [0.9624236501192069, 1.3169578969248168, 1.762747174039086],
        [2.677945044588987, -1.1071487177940904, 0.16514867741462683],
        // hypot(3u, 4v) = hypot([3, -3, 1.5], [-8, 2, 12])
        [8.54400374531753, 3.605551275463989, 12.093386622447824],
      ],
    };
  },
});

SPECS.push({
  id: 'elemwise.clip-switch',
  covers: ['clip', 'switch', 'where', 'iround'],
  description:
    'clip(x, -1, 2) and x.clip(0, 1), switch(x > 0, x, -2x), where(x > 0, x, 0) broadcasting a scalar, iround (by hand)',
  build: (dtype: DType) => {
    const x = T.vector('x', dtype);
    const r = T.vector('r', dtype);
    const outs = [
      T.clip(x, -1, 2),
      x.clip(0, 1),
      T.switch(T.gt(x, 0), x, T.mul(x, -2)),
      T.where(T.gt(x, 0), x, 0),
      T.iround(r),
    ];
    return {
      inputs: [
        [x, [-2, 0.5, 3]],
        [r, [-2.5, -0.5, 0.5, 1.7, 2.5]],
      ],
      outputs: outs,
      expected: [
        [-1, 0.5, 2],
        [0, 0.5, 1],
        [4, 0.5, 3],
        [0, 0.5, 3],
        [-3, -1, 1, 2, 3],
      ],
      dtypes: [dtype, dtype, dtype, dtype, 'int64'],
    };
  },
});

SPECS.push({
  id: 'elemwise.isclose',
  covers: ['isclose', 'allclose'],
  description:
    "isclose (numpy's default tolerances; NaN only with equalNan; the same infinity is close), allclose (numpy)",
  build: (dtype: DType) => {
    const a = T.vector('a', dtype);
    const b = T.vector('b', dtype);
    const outs = [
      T.isclose(a, b),
      T.isclose(a, b, { equalNan: true }),
      T.isclose(a, b, 0, 0.2),
      T.allclose(a, b),
      T.allclose(T.mul(a, 0), T.mul(b, 0), { rtol: 0, atol: 0 }),
    ];
    return {
      inputs: [
        [a, [1, 1 + 1e-6, Number.NaN, Number.POSITIVE_INFINITY, 2, Number.POSITIVE_INFINITY]],
        [b, [1, 1, Number.NaN, Number.POSITIVE_INFINITY, 2.1, Number.NEGATIVE_INFINITY]],
      ],
      outputs: outs,
      expected: [[1, 1, 0, 1, 0, 0], [1, 1, 1, 1, 0, 0], [1, 1, 0, 1, 1, 0], 0, 0],
      dtypes: outs.map(() => 'bool' as const),
    };
  },
});

SPECS.push({
  id: 'elemwise.bitwise',
  covers: ['and_', 'or_', 'xor', 'invert', 'bitwiseAnd', 'bitwiseOr', 'bitwiseXor', 'bitwiseNot'],
  description: "bitwise and, or, xor, not on integers (two's complement) and logical ones on bools (numpy)",
  dtypes: ['int32', 'int8'],
  build: (dtype: DType) => {
    const a = T.vector('a', dtype);
    const b = T.vector('b', dtype);
    const p = T.vector('p', 'bool');
    const q = T.vector('q', 'bool');
    const outs = [
      T.and_(a, b),
      T.or_(a, b),
      T.xor(a, b),
      T.invert(a),
      T.bitwiseAnd(p, q),
      T.bitwiseOr(p, q),
      T.bitwiseXor(p, q),
      T.bitwiseNot(p),
    ];
    return {
      inputs: [
        [a, [12, -3, 7]],
        [b, [10, 5, -1]],
        [p, [true, true, false]],
        [q, [true, false, false]],
      ],
      outputs: outs,
      expected: [
        [8, 5, 7],
        [14, -3, -1],
        [6, -8, -8],
        [-13, 2, -8],
        [1, 0, 0],
        [1, 1, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
      dtypes: [dtype, dtype, dtype, dtype, 'bool', 'bool', 'bool', 'bool'],
    };
  },
});

SPECS.push({
  id: 'elemwise.special',
  covers: ['erfc', 'erfcx', 'erfinv', 'erfcinv', 'gamma', 'gammaln', 'psi'],
  description: 'erfc, erfcx, erfinv, erfcinv, gamma, gammaln, psi (scipy.special)',
  build: (dtype: DType) => {
    const x = T.vector('x', dtype);
    const y = T.vector('y', dtype);
    const q = T.vector('q', dtype);
    return {
      inputs: [
        [x, [0.25, 0.5, 1.5]],
        [y, [-0.5, 0.25, 0.9]],
        [q, [0.1, 1.0, 1.5]],
      ],
      outputs: [T.erfc(x), T.erfcx(x), T.erfinv(y), T.erfcinv(q), T.gamma(x), T.gammaln(x), T.psi(x)],
      expected: [
        [0.7236736098317631, 0.4795001221869535, 0.03389485352468927],
        [0.770346547730997, 0.6156903441929258, 0.3215854164543176],
        [-0.4769362762044699, 0.2253120550121781, 1.1630871536766743],
        [1.1630871536766743, 0, -0.4769362762044699],
        [3.625609908221908, 1.7724538509055159, 0.8862269254527579],
        [1.2880225246980774, 0.5723649429247, -0.12078223763524526],
        [-4.2274535333762655, -1.9635100260214235, 0.03648997397857652],
      ],
    };
  },
});

SPECS.push({
  id: 'elemwise.complex',
  covers: ['complex', 'complexFromPolar', 'real', 'imag', 'angle', 'conj'],
  description: 'complex(a, b) and its parts (x.real, x.imag, angle, conj), complexFromPolar(r, θ) (numpy)',
  build: (dtype: DType) => {
    const a = T.vector('a', dtype);
    const b = T.vector('b', dtype);
    const r = T.vector('r', dtype);
    const t = T.vector('t', dtype);
    const z = T.complex(a, b);
    const w = T.complexFromPolar(r, t);
    return {
      inputs: [
        [a, [1, -2, 0]],
        [b, [2, 0.5, -3]],
        [r, [2, 1, 3]],
        [t, [0.5, -1, 2]],
      ],
      outputs: [z.real, z.imag, T.angle(z), T.imag(T.conj(z)), T.real(w), T.imag(w), a.real, a.imag],
      expected: [
        [1, -2, 0],
        [2, 0.5, -3],
        [1.1071487177940904, 2.896613990462929, -1.5707963267948966],
        [-2, -0.5, 3],
        [1.7551651237807455, 0.5403023058681398, -1.2484405096414273],
        [0.958851077208406, -0.8414709848078965, 2.727892280477045],
        [1, -2, 0],
        [0, 0, 0],
      ],
    };
  },
});

/** The elemwise family's cases. */
export const TENSOR_ELEMWISE_CASES: readonly TensorCase[] = SPECS.flatMap(tensorCase);
