/**
 * Special values: every elementwise op of core's scalar table, on each float dtype, applied to ±0, ±1, ±0.5,
 * 2, -3, NaN, ±inf, ±the largest and smallest normals and ±the smallest subnormal (every pair, for binary
 * ops), and on int8/int16/int32 to 0, ±1, 2, -3, 7 and the dtype's extremes. Each runs twice: unfused (one
 * node per op, no rewrites) and fused (a `Composite` node, as the fusion rewrite makes). The expected values
 * are core's own scalar implementation (`performElemwise`), which core's tests check against numpy on the
 * same values. A backend agrees bit for bit (NaN for NaN, the sign of zero included) except where its
 * `capabilities.numerics` states otherwise: a ULP bound per op, subnormals flushed to zero, integers exact only
 * up to a magnitude (larger special values are then not sent to it). The reference backend states nothing.
 */
import {
  applyOp,
  type Backend,
  composite,
  type DType,
  FunctionGraph,
  NDArray,
  Op,
  performElemwise,
  SCALAR_OPS,
  type ScalarOpName,
  type TensorVariable,
  typedArrayFor,
  ulpDistance,
} from '@theano-ts/core';
import * as theano from 'theano-ts';
import type { ConformanceCase } from './case.js';
import { ConformanceMismatch, call, compile } from './check.js';

/** The section of these cases in the matrix. */
export const SPECIAL_SECTION = 'special values';

const T = theano.tensor;

type SpecialDType = 'float32' | 'float64' | 'int8' | 'int16' | 'int32';

/** The special values of a dtype. */
export function specialValues(dtype: SpecialDType): number[] {
  switch (dtype) {
    case 'float32':
      return [0, -0, 1, -1, 0.5, -0.5, 2, -3, Number.NaN, Infinity, -Infinity]
        .concat([3.4028234663852886e38, -3.4028234663852886e38, 1.1754943508222875e-38, -1.1754943508222875e-38])
        .concat([1.401298464324817e-45, -1.401298464324817e-45]);
    case 'float64':
      return [0, -0, 1, -1, 0.5, -0.5, 2, -3, Number.NaN, Infinity, -Infinity]
        .concat([Number.MAX_VALUE, -Number.MAX_VALUE, 2.2250738585072014e-308, -2.2250738585072014e-308])
        .concat([Number.MIN_VALUE, -Number.MIN_VALUE]);
    case 'int8':
      return [0, 1, -1, 2, -3, 7, -128, 127];
    case 'int16':
      return [0, 1, -1, 2, -3, 7, -32768, 32767];
    case 'int32':
      return [0, 1, -1, 2, -3, 7, -2147483648, 2147483647];
    default:
      return dtype satisfies never;
  }
}

/** The ops run on integers (the rest are float functions, or have no integer meaning worth a case). */
const INT_OPS: ReadonlySet<ScalarOpName> = new Set<ScalarOpName>([
  'add',
  'sub',
  'mul',
  'int_div',
  'mod',
  'maximum',
  'minimum',
  'lt',
  'le',
  'gt',
  'ge',
  'eq',
  'neq',
  'neg',
  'abs',
  'sgn',
  'sqr',
  'clip',
  'switch',
  'and_',
  'or_',
  'xor',
  'invert',
  'real',
  'imag',
  'conj',
]);

/** The ops with integer inputs only (bitwise): no float case. */
const INT_ONLY_OPS: ReadonlySet<ScalarOpName> = new Set<ScalarOpName>(['and_', 'or_', 'xor', 'invert']);

/** The columns of an op's arguments: every value, every pair, or (three arguments) every triple. */
function columns(v: readonly number[], arity: number): number[][] {
  if (arity === 1) return [[...v]];
  if (arity === 2) return [v.flatMap((x) => v.map(() => x)), v.flatMap(() => v)];
  const n = v.length;
  return [
    v.flatMap((x) => Array.from({ length: n * n }, () => x)),
    v.flatMap(() => v.flatMap((y) => v.map(() => y))),
    v.flatMap(() => v.flatMap(() => v)),
  ];
}

function array(values: readonly number[], dtype: DType): NDArray {
  const data = typedArrayFor(dtype, values.length) as Exclude<ReturnType<typeof typedArrayFor>, BigInt64Array>;
  values.forEach((v, i) => {
    data[i] = v;
  });
  return new NDArray(data, [values.length], dtype);
}

const show = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));

/** The op applied to placeholders, and the same as a fused composite. */
function build(name: ScalarOpName, xs: readonly TensorVariable[], fused: boolean): TensorVariable {
  const op = new Op(SCALAR_OPS[name], {});
  if (!fused) return applyOp(op, xs).outputs[0]!;
  const ps = xs.map((x) => T.tensor(x.dtype, [], `p_${x.name}`));
  const inner = new FunctionGraph(ps, [applyOp(op, ps).outputs[0]!]);
  return composite(inner, xs);
}

/** `x`, or a zero of its sign where it is subnormal in `dtype`. */
function flush(x: number, dtype: DType): number {
  const tiny = dtype === 'float32' ? 1.1754943508222875e-38 : 2.2250738585072014e-308;
  return x !== 0 && Math.abs(x) < tiny ? (x < 0 ? -0 : 0) : x;
}

function check(
  backend: Backend,
  name: ScalarOpName,
  got: NDArray,
  want: NDArray,
  args: readonly NDArray[],
  flushed: NDArray | null,
): void {
  if (got.dtype !== want.dtype) throw new ConformanceMismatch(`expected dtype ${want.dtype}, got ${got.dtype}`);
  const stated = backend.capabilities.numerics?.ulps?.[name];
  const bound = (typeof stated === 'number' ? stated : stated?.[want.dtype]) ?? 0;
  const g = got.toFloat64();
  const w = want.toFloat64();
  const wf = flushed?.toFloat64();
  const a = args.map((x) => x.toFloat64());
  const bad: string[] = [];
  for (let i = 0; i < w.length; i++) {
    let d = ulpDistance(g[i]!, w[i]!, want.dtype);
    // a backend that flushes subnormals may give the result of the flushed inputs, flushed
    if (d > bound && wf)
      d = Math.min(
        d,
        ulpDistance(g[i]!, flush(wf[i]!, want.dtype), want.dtype),
        ulpDistance(g[i]!, flush(w[i]!, want.dtype), want.dtype),
      );
    if (d > bound)
      bad.push(`${name}(${a.map((col) => show(col[i]!)).join(', ')}) = ${show(g[i]!)}, expected ${show(w[i]!)}`);
  }
  if (bad.length) {
    throw new ConformanceMismatch(
      `${bad.length} of ${w.length} values differ from core's by more than ${bound} ulp: ${bad.slice(0, 6).join('; ')}${bad.length > 6 ? '; …' : ''}`,
    );
  }
}

function specialCase(name: ScalarOpName, dtype: SpecialDType, fused: boolean): ConformanceCase {
  const def = SCALAR_OPS[name];
  const arity = def.spec.arity === 'n' ? 2 : def.spec.arity;
  return {
    id: `special.${name}.${dtype}.${fused ? 'fused' : 'unfused'}`,
    section: SPECIAL_SECTION,
    description: `${name} on ${dtype} special values${arity === 2 ? ' (every pair)' : arity === 3 ? ' (every triple)' : ''}, ${fused ? 'as a fused Composite' : 'one node, unoptimized'}: core's values, ${fused ? 'fused' : 'unfused'}`,
    dtype,
    async run(ctx) {
      const numerics = ctx.backend.capabilities.numerics;
      const limit = numerics?.exactIntegers?.[dtype] ?? Number.POSITIVE_INFINITY;
      const v = specialValues(dtype).filter((x) => !(Math.abs(x) > limit)); // NaN stays
      const cols = columns(v, arity);
      const args = cols.map((c) => array(c, dtype));
      const xs = cols.map((_, k) => T.tensor(dtype, [false], `x${k}`));
      const out = build(name, xs, fused);
      const f = compile(ctx, xs, out, { mode: theano.Mode({ optimizer: 'None' }) });
      const want = performElemwise(def.spec, args, out.dtype);
      const flushed = numerics?.flushesSubnormals
        ? performElemwise(
            def.spec,
            cols.map((c) =>
              array(
                c.map((x) => flush(x, dtype)),
                dtype,
              ),
            ),
            out.dtype,
          )
        : null;
      check(ctx.backend, name, (await call(ctx, f, ...args)) as NDArray, want, args, flushed);
    },
  };
}

/**
 * The disagreements that started this suite, in plain graphs under FAST_RUN (fused) and FAST_COMPILE
 * (unfused): `pow(1, NaN) * 2` is 2, `intDiv(1, -inf)` is -1, `mod(0, -1)` is -0 for floats, and
 * `log1p` of a huge float is its log (numpy's values).
 */
function examplesCase(dtype: 'float32' | 'float64'): ConformanceCase {
  return {
    id: `special.examples.${dtype}`,
    section: SPECIAL_SECTION,
    description: `pow(1, NaN)·2 = 2, 1 // -inf = -1, 0 % -1 = -0, log1p(huge) (${dtype}), fused and unfused alike`,
    dtype,
    async run(ctx) {
      const x = T.tensor(dtype, [false], 'x');
      const y = T.tensor(dtype, [false], 'y');
      const outs = [T.pow(x, y).mul(2), T.intDiv(x, y), T.mod(x, y), T.log1p(x.mul(y))];
      // numpy: log1p(1e308) = 709.1962086421661, log1p(float32(3e38)) = 88.59685
      const huge = dtype === 'float64' ? 1e308 : 3e38;
      const log1pHuge = dtype === 'float64' ? 709.1962086421661 : Math.fround(88.59685);
      // [x, y, which output, numpy's value]
      const checks: [number, number, number, number][] = [
        [1, Number.NaN, 0, 2],
        [1, Number.NEGATIVE_INFINITY, 1, -1],
        [0, -1, 2, -0],
        [huge, 1, 3, log1pHuge],
      ];
      for (const mode of ['FAST_RUN', 'FAST_COMPILE'] as const) {
        const f = compile(ctx, [x, y], outs, { mode });
        for (const [a, b, k, want] of checks) {
          const got = ((await call(ctx, f, array([a], dtype), array([b], dtype))) as NDArray[])[k]!.toFloat64()[0]!;
          if (ulpDistance(got, want, dtype) > 1) {
            throw new ConformanceMismatch(
              `${mode}: output ${k} at (${show(a)}, ${show(b)}) is ${show(got)}, expected ${show(want)}`,
            );
          }
        }
      }
    },
  };
}

/** Every special-values case: each op × dtype × (unfused, fused). */
export const SPECIAL_CASES: readonly ConformanceCase[] = (Object.keys(SCALAR_OPS) as ScalarOpName[])
  .filter((n) => n !== 'cast' && n !== 'complex' && n !== 'complex_from_polar')
  .flatMap((name) =>
    (['float32', 'float64', 'int8', 'int16', 'int32'] as const)
      .filter((d) => (d === 'float32' || d === 'float64' ? !INT_ONLY_OPS.has(name) : INT_OPS.has(name)))
      .flatMap((d) => [specialCase(name, d, false), specialCase(name, d, true)]),
  )
  .concat([examplesCase('float64'), examplesCase('float32')]);
