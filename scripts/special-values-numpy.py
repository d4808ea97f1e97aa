#!/usr/bin/env python3
"""Writes packages/core/test/fixtures/special-values.numpy.json: numpy's results for every elementwise op of
core's scalar table on special values (±0, ±1, ±0.5, NaN, ±inf, the largest and smallest normals, a
subnormal; integer extremes for the integer dtypes). The core test `scalar-special.test.ts` checks core's
scalar implementations against it. Run: python3 scripts/special-values-numpy.py (numpy 2.x)."""
import json
import math
import struct
import sys
import warnings
from pathlib import Path

import numpy as np

warnings.simplefilter('ignore')

FLOATS = {
    'float32': np.float32,
    'float64': np.float64,
}
INTS = {'int8': np.int8, 'int16': np.int16, 'int32': np.int32}


def float_values(t):
    fi = np.finfo(t)
    vals = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -3.0, math.nan, math.inf, -math.inf,
            float(fi.max), -float(fi.max), float(fi.smallest_normal), -float(fi.smallest_normal),
            float(fi.smallest_subnormal), -float(fi.smallest_subnormal)]
    return np.array(vals, dtype=t)


def int_values(t):
    ii = np.iinfo(t)
    return np.array([0, 1, -1, 2, -3, 7, ii.min, ii.max], dtype=t)


def enc(v):
    """A value as text: float64 bits in hex for floats (exact for float32 too), decimal for integers."""
    if isinstance(v, (float, np.floating)):
        return struct.pack('>d', float(v)).hex()
    if isinstance(v, (bool, np.bool_)):
        return '1' if v else '0'
    return str(int(v))


def sigmoid(x):
    x = x.astype(np.longdouble)
    return 1 / (1 + np.exp(-x))


def softplus(x):
    return np.logaddexp(np.longdouble(0), x.astype(np.longdouble))


def round_half_away(x):
    # Python's decimal rounds exactly: ROUND_HALF_UP is half away from zero
    from decimal import Decimal, ROUND_HALF_UP
    out = []
    for v in x:
        f = float(v)
        if math.isnan(f) or math.isinf(f) or f == 0 or abs(f) >= 2.0**52:  # already integers
            out.append(f)
        else:
            r = float(Decimal(f).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            out.append(math.copysign(r, f))  # -0.4 rounds to -0
    return np.array(out, dtype=np.float64)


def scipy_fn(name):
    import scipy.special as sp
    f = getattr(sp, name)
    return lambda x: f(x.astype(np.float64))


def erf(x):
    return np.array([math.erf(float(v)) for v in x], dtype=np.float64)


BINARY = {
    'add': np.add, 'sub': np.subtract, 'mul': np.multiply, 'true_div': np.true_divide,
    'int_div': np.floor_divide, 'mod': np.mod, 'pow': np.power, 'maximum': np.maximum,
    'minimum': np.minimum, 'lt': np.less, 'le': np.less_equal, 'gt': np.greater,
    'ge': np.greater_equal, 'eq': np.equal, 'neq': np.not_equal,
    'arctan2': np.arctan2, 'hypot': np.hypot,
}
FLOAT_ONLY_BINARY = {'true_div', 'arctan2', 'hypot'}
TERNARY = {
    'clip': lambda x, lo, hi: np.minimum(np.maximum(x, lo), hi),
    'switch': lambda c, a, b: np.where(c, a, b),
}
INT_ONLY_BINARY = {'and_': np.bitwise_and, 'or_': np.bitwise_or, 'xor': np.bitwise_xor}
UNARY_FLOAT = {
    'neg': np.negative, 'abs': np.abs, 'exp': np.exp, 'log': np.log, 'sqrt': np.sqrt, 'sin': np.sin,
    'cos': np.cos, 'tanh': np.tanh, 'sgn': np.sign, 'sqr': np.square, 'log1p': np.log1p,
    'expm1': np.expm1, 'softplus': softplus, 'sigmoid': sigmoid, 'erf': erf, 'log2': np.log2,
    'log10': np.log10, 'exp2': np.exp2, 'inv': np.reciprocal, 'deg2rad': np.deg2rad, 'rad2deg': np.rad2deg,
    'floor': np.floor, 'ceil': np.ceil, 'trunc': np.trunc, 'round_half_away_from_zero': round_half_away,
    'round_half_to_even': np.round, 'isnan': np.isnan, 'isinf': np.isinf,
    'tan': np.tan, 'arcsin': np.arcsin, 'arccos': np.arccos, 'arctan': np.arctan, 'sinh': np.sinh,
    'cosh': np.cosh, 'arcsinh': np.arcsinh, 'arccosh': np.arccosh, 'arctanh': np.arctanh,
    'erfc': scipy_fn('erfc'), 'erfcx': scipy_fn('erfcx'), 'erfinv': scipy_fn('erfinv'),
    'erfcinv': scipy_fn('erfcinv'), 'gamma': scipy_fn('gamma'), 'gammaln': scipy_fn('gammaln'),
    'psi': scipy_fn('psi'), 'real': np.real, 'imag': np.imag, 'angle': np.angle, 'conj': np.conj,
}
UNARY_INT = {'neg': np.negative, 'abs': np.abs, 'sgn': np.sign, 'sqr': np.square, 'invert': np.invert,
             'real': np.real, 'imag': np.imag, 'conj': np.conj}
INT_BINARY = [k for k in BINARY if k not in FLOAT_ONLY_BINARY]


def case(op, dtype, out, inputs, expected):
    return {'op': op, 'dtype': dtype, 'out': out, 'inputs': [[enc(v) for v in x] for x in inputs],
            'expected': [e if isinstance(e, str) and e == 'error' else enc(e) for e in expected]}


def main():
    cases = []
    for name, t in FLOATS.items():
        v = float_values(t)
        a = np.repeat(v, len(v))
        b = np.tile(v, len(v))
        for op, f in BINARY.items():
            r = f(a, b)
            out = 'bool' if r.dtype == np.bool_ else name
            cases.append(case(op, name, out, [a, b], [x for x in r]))
        for op, f in UNARY_FLOAT.items():
            r = f(v)
            out = 'bool' if r.dtype == np.bool_ else name
            r = r if out == 'bool' else r.astype(t)  # higher-precision references rounded once to the dtype
            cases.append(case(op, name, out, [v], [x for x in r]))
        for op, f in TERNARY.items():
            n = len(v)
            x = np.repeat(v, n * n)
            y = np.tile(np.repeat(v, n), n)
            z = np.tile(v, n * n)
            cases.append(case(op, name, name, [x, y, z], [e for e in f(x, y, z)]))
    for name, t in INTS.items():
        v = int_values(t)
        a = np.repeat(v, len(v))
        b = np.tile(v, len(v))
        for op in INT_BINARY:
            f = BINARY[op]
            res = []
            for x, y in zip(a, b):
                try:
                    res.append(f(x, y))
                except ValueError:
                    res.append('error')  # integers to negative integer powers
            out = 'bool' if op in ('lt', 'le', 'gt', 'ge', 'eq', 'neq') else name
            cases.append(case(op, name, out, [a, b], res))
        for op, f in UNARY_INT.items():
            cases.append(case(op, name, name, [v], [x for x in f(v)]))
        for op, f in INT_ONLY_BINARY.items():
            cases.append(case(op, name, name, [a, b], [x for x in f(a, b)]))
        n = len(v)
        x = np.repeat(v, n * n)
        y = np.tile(np.repeat(v, n), n)
        z = np.tile(v, n * n)
        for op, f in TERNARY.items():
            cases.append(case(op, name, name, [x, y, z], [e for e in f(x, y, z)]))
    doc = {
        'about': 'numpy results of each elementwise op on special values; written by scripts/special-values-numpy.py',
        'numpy': np.__version__,
        'cases': cases,
    }
    path = Path(__file__).resolve().parent.parent / 'packages/core/test/fixtures/special-values.numpy.json'
    path.write_text(json.dumps(doc, separators=(',', ':')) + '\n')
    print(f'{len(cases)} cases written to {path}', file=sys.stderr)


if __name__ == '__main__':
    main()
