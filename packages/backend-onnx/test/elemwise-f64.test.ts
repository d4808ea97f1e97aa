// The elementwise ops this backend builds from float64 ONNX ops (onnxruntime has no float64 kernel for them,
// or ONNX no operator): each on 1000 random points across its domain (uniform, clustered near the domain's
// ends, and log-uniform magnitudes from 1e-20 to 1e25), against core's scalar implementation, within the ulps
// the backend declares in `capabilities.numerics`.
import { onnxBackend } from '@theano-ts/backend-onnx';
import { performElemwise, SCALAR_OPS, type ScalarOpName, ulpDistance } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { seeded, T } from './helpers.js';

type Float = 'float32' | 'float64';

type Name =
  | 'arctan'
  | 'arcsin'
  | 'arccos'
  | 'arctan2'
  | 'sinh'
  | 'cosh'
  | 'arcsinh'
  | 'arccosh'
  | 'arctanh'
  | 'erf'
  | 'erfc'
  | 'erfcx'
  | 'gammaln'
  | 'psi'
  | 'gamma'
  | 'erfinv'
  | 'erfcinv';

/** The ops, their domains, and the dtypes they are built for here (float32 may be onnxruntime's kernel). */
const CASES: readonly [Name & ScalarOpName, number, number, readonly Float[]][] = [
  ['arctan', -1e6, 1e6, ['float64']],
  ['arcsin', -1, 1, ['float64']],
  ['arccos', -1, 1, ['float64']],
  ['arctan2', -50, 50, ['float64', 'float32']],
  ['sinh', -710, 710, ['float64']],
  ['cosh', -710, 710, ['float64']],
  ['arcsinh', -1e30, 1e30, ['float64']],
  ['arccosh', 1, 1e30, ['float64']],
  ['arctanh', -1, 1, ['float64']],
  ['erf', -7, 7, ['float64']],
  ['erfc', -7, 30, ['float64', 'float32']],
  ['erfcx', -27, 1e5, ['float64', 'float32']],
  ['gammaln', 0, 1e6, ['float64', 'float32']],
  ['psi', 0, 1e6, ['float64', 'float32']],
  ['gamma', 0, 171.6, ['float64', 'float32']],
  ['erfinv', -1, 1, ['float64', 'float32']],
  ['erfcinv', 0, 2, ['float64', 'float32']],
];

/** n points in [lo, hi]: a third uniform, a third near the ends, a third of log-uniform magnitude (clamped). */
function points(lo: number, hi: number, n: number, rand: () => number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const r = rand();
    if (i % 3 === 0) return lo + (hi - lo) * r;
    if (i % 3 === 1) return rand() < 0.5 ? lo + (hi - lo) * r ** 6 : hi - (hi - lo) * r ** 6;
    const m = (rand() < 0.5 ? -1 : 1) * 10 ** (-20 + 45 * r);
    return Math.min(hi, Math.max(lo, m));
  });
}

describe('float64-built elementwise ops against core, within the declared ulps', () => {
  for (const [name, lo, hi, dtypes] of CASES) {
    for (const dtype of dtypes) {
      it(`${name} on ${dtype}`, async () => {
        const rand = seeded(name.length * 7919 + (dtype === 'float32' ? 1 : 0));
        const stated = onnxBackend.capabilities.numerics?.ulps?.[name];
        const bound = typeof stated === 'number' ? stated : stated?.[dtype];
        expect(bound, `${name}: a declared ulp bound`).toBeDefined();
        const xs = [T.tensor(dtype, [false], 'x')];
        const args = [theano.array(points(lo, hi, 1000, rand), dtype)];
        if (SCALAR_OPS[name].spec.arity === 2) {
          xs.push(T.tensor(dtype, [false], 'y'));
          args.push(theano.array(points(lo, hi, 1000, rand), dtype));
        }
        const f = theano.function(xs, (T[name] as (...a: unknown[]) => theano.TensorVariable)(...xs), {
          backend: 'onnx',
        });
        const got = ((await f(...args)) as theano.NDArray).toFloat64();
        const want = performElemwise(SCALAR_OPS[name].spec, args, dtype).toFloat64();
        const bad: string[] = [];
        for (let i = 0; i < want.length; i++) {
          if (ulpDistance(got[i]!, want[i]!, dtype) > bound!) {
            bad.push(`${name}(${args.map((a) => a.toFloat64()[i]).join(', ')}) = ${got[i]}, core ${want[i]}`);
          }
        }
        expect(bad.slice(0, 5), `${bad.length} of 1000 beyond ${bound} ulp`).toEqual([]);
      });
    }
  }

  // below 0 the reflection formulas cancel near the zeros of log|Γ| and ψ (declared in the numerics' notes):
  // there the error is small in absolute terms (against the size of the terms), as core's own is
  it('gammaln, psi and gamma below 0: within 1e-13 relative to the terms of the reflection', async () => {
    const rand = seeded(99);
    const vals = Array.from({ length: 1000 }, () => -40 * rand() ** 2);
    const x = T.dvector('x');
    const f = theano.function([x], [T.gammaln(x), T.psi(x), T.gamma(x)], { backend: 'onnx' });
    const a = theano.array(vals, 'float64');
    const got = ((await f(a)) as theano.NDArray[]).map((r) => r.toFloat64());
    const bad: string[] = [];
    (['gammaln', 'psi', 'gamma'] as const).forEach((name, k) => {
      const want = performElemwise(SCALAR_OPS[name].spec, [a], 'float64').toFloat64();
      for (let i = 0; i < vals.length; i++) {
        const w = want[i]!;
        const scale =
          name === 'gamma' ? Math.abs(w) : Math.max(1, Math.abs(w), Math.abs(Math.log(Math.abs(vals[i]!))) + 4);
        const ok = Number.isNaN(w) ? Number.isNaN(got[k]![i]!) : Math.abs(got[k]![i]! - w) <= 1e-13 * scale;
        if (!ok) bad.push(`${name}(${vals[i]}) = ${got[k]![i]}, core ${w}`);
      }
    });
    expect(bad.slice(0, 5), `${bad.length} beyond the tolerance`).toEqual([]);
  });
});
