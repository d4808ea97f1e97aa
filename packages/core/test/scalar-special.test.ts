// Core's scalar table against numpy on special values: every elementwise op, float32 and float64 on ±0, ±1,
// ±0.5, 2, -3, NaN, ±inf, ±largest normal, ±smallest normal and ±smallest subnormal (every pair for binary
// ops); int8/int16/int32 on 0, ±1, 2, -3, 7 and the dtype's extremes. The expected values were computed by
// numpy (scripts/special-values-numpy.py writes the fixture). Exact to the bit, NaN for NaN, the sign of zero
// included, except the transcendental functions below, whose libm implementations may differ by an ulp or two.

import { readFileSync } from 'node:fs';
import {
  type DType,
  NDArray,
  performElemwise,
  SCALAR_OPS,
  type ScalarOpName,
  typedArrayFor,
  ulpDistance,
} from '@theano-ts/core';
import { describe, expect, it } from 'vitest';

interface Case {
  op: ScalarOpName;
  dtype: DType;
  out: DType;
  inputs: string[][];
  expected: string[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/special-values.numpy.json', import.meta.url), 'utf8')) as {
  numpy: string;
  cases: Case[];
};

const isFloat = (d: DType) => d === 'float32' || d === 'float64';

/** A fixture value: float64 bits in hex for floats, decimal for integers and bools. */
function decode(s: string, dtype: DType): number {
  if (!isFloat(dtype)) return Number(s);
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${s}`));
  return view.getFloat64(0);
}

/** The ulps allowed against numpy, per op and dtype (absent: 0, exact). */
const ULPS: Partial<Record<ScalarOpName, Partial<Record<DType, number>>>> = {
  exp: { float32: 1, float64: 1 },
  log: { float32: 1, float64: 1 },
  sin: { float32: 1, float64: 1 },
  cos: { float32: 1, float64: 1 },
  tanh: { float32: 1, float64: 2 },
  pow: { float32: 1, float64: 1 },
  log1p: { float32: 1, float64: 1 },
  expm1: { float32: 1, float64: 1 },
  softplus: { float32: 1, float64: 2 },
  sigmoid: { float32: 1, float64: 2 },
  erf: { float32: 1, float64: 5 },
  log10: { float32: 1, float64: 1 },
  exp2: { float32: 1, float64: 1 },
  // numpy multiplies in float32 by a float32 constant; core in doubles, rounding once
  deg2rad: { float32: 1 },
  rad2deg: { float32: 1 },
  tan: { float32: 1, float64: 1 },
  arcsin: { float32: 1, float64: 1 },
  arccos: { float32: 1, float64: 1 },
  arctan: { float32: 1, float64: 1 },
  sinh: { float32: 1, float64: 1 },
  cosh: { float32: 1, float64: 1 },
  arcsinh: { float32: 1, float64: 1 },
  arccosh: { float32: 1, float64: 1 },
  arctanh: { float32: 1, float64: 1 },
  arctan2: { float32: 1, float64: 1 },
  // JavaScript's Math.hypot is not correctly rounded (C's hypot is)
  hypot: { float32: 1, float64: 1 },
  // scipy's special functions are themselves a few ulps from the true values (checked against mpmath)
  erfc: { float32: 1, float64: 4 },
  erfcx: { float32: 1, float64: 4 },
  erfinv: { float32: 1, float64: 4 },
  erfcinv: { float32: 1, float64: 4 },
  gamma: { float32: 1, float64: 8 },
  gammaln: { float32: 1, float64: 8 },
  psi: { float32: 1, float64: 8 },
};

function scalarOf(value: number, dtype: DType): NDArray {
  const data = typedArrayFor(dtype, 1) as Exclude<ReturnType<typeof typedArrayFor>, BigInt64Array>;
  data[0] = value;
  return new NDArray(data, [], dtype);
}

describe('ulpDistance', () => {
  it('counts representable values between two numbers', () => {
    expect(ulpDistance(1, 1 + 2 ** -52, 'float64')).toBe(1);
    expect(ulpDistance(1, 1 + 2 ** -23, 'float32')).toBe(1);
    expect(ulpDistance(1, 1 + 2 ** -22, 'float32')).toBe(2);
    expect(ulpDistance(5e-324, -5e-324, 'float64')).toBe(2); // through zero
    expect(ulpDistance(2, 2, 'float64')).toBe(0);
    expect(ulpDistance(Number.NaN, Number.NaN, 'float32')).toBe(0);
    expect(ulpDistance(0, -0, 'float64')).toBe(Number.POSITIVE_INFINITY);
    expect(ulpDistance(Number.NaN, 1, 'float64')).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('core scalar table against numpy on special values', () => {
  it(`covers every op of the table (numpy ${fixture.numpy})`, () => {
    const seen = new Set(fixture.cases.map((c) => c.op));
    const missing = Object.keys(SCALAR_OPS).filter(
      // complex and complex_from_polar have complex outputs (checked in tensor-elemwise tests instead)
      (n) =>
        !seen.has(n as ScalarOpName) && n !== 'second' && n !== 'cast' && n !== 'complex' && n !== 'complex_from_polar',
    );
    expect(missing).toEqual([]);
  });

  for (const c of fixture.cases) {
    it(`${c.op} ${c.dtype}`, () => {
      const spec = SCALAR_OPS[c.op].spec;
      const tol = ULPS[c.op]?.[c.out] ?? 0;
      const bad: string[] = [];
      for (let i = 0; i < c.expected.length; i++) {
        const args = c.inputs.map((col) => scalarOf(decode(col[i]!, c.dtype), c.dtype));
        const want = c.expected[i]!;
        let got: number | 'error';
        try {
          got = performElemwise(spec, args, c.out).item();
        } catch {
          got = 'error';
        }
        const where = `${c.op}(${args.map((a) => a.item()).join(', ')})`;
        if (want === 'error' || got === 'error') {
          if (want !== got) bad.push(`${where}: ${got}, numpy ${want}`);
          continue;
        }
        const w = decode(want, c.out);
        const d = isFloat(c.out) ? ulpDistance(got, w, c.out) : got === w ? 0 : Number.POSITIVE_INFINITY;
        if (d > tol) bad.push(`${where}: ${Object.is(got, -0) ? '-0' : got}, numpy ${Object.is(w, -0) ? '-0' : w}`);
      }
      expect(bad).toEqual([]);
    });
  }
});
