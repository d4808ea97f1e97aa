/**
 * The helpers cases check with: numeric comparison with a tolerance picked by dtype (`expectClose`),
 * printed output as the tutorial shows it (`expectPrinted`), plain equality (`expectEqual`), and the ways a
 * case runs a graph on its backend: `compile` (theano.function on ctx.backend), `call` (the async call, and
 * `callSync` too where the backend declares it), `evalOn` (`v.eval` / `v.evalSync` on ctx.backend).
 * Every mismatch throws a `ConformanceMismatch` that says what was expected and what came back.
 */

import type {
  DType,
  EvalGivens,
  FunctionOptions,
  In,
  NDArray,
  NestedArray,
  TensorVariable,
  TheanoFunction,
} from '@theano-ts/core';
import * as theano from 'theano-ts';
import type { CaseContext } from './case.js';
import { float32ModeTolerance, noteFloat32Comparison } from './precision.js';

/** Raised by a check when a value differs from the expected one. */
export class ConformanceMismatch extends Error {
  /** The error's name, `'ConformanceMismatch'`. */
  override name = 'ConformanceMismatch';
}

/** A nested array of expected numbers; complex elements are `[re, im]` pairs (as `NDArray.toArray()`). */
export type Expected = NestedArray;

/**
 * The tolerance of a numeric comparison in `dtype`: `|actual - expected| <= tol * max(1, |expected|)`
 * (absolute near zero, relative above 1). float64/complex128 1e-12, float32/complex64 1e-5, ints and bool
 * exact.
 */
export function toleranceFor(dtype: DType): number {
  switch (dtype) {
    case 'float64':
    case 'complex128':
      return 1e-12;
    case 'float32':
    case 'complex64':
      return 1e-5;
    case 'bool':
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
      return 0;
    default:
      return dtype satisfies never;
  }
}

function nestedShape(v: Expected): number[] {
  const shape: number[] = [];
  let p: Expected = v;
  while (Array.isArray(p)) {
    shape.push(p.length);
    if (p.length === 0) break;
    p = p[0]!;
  }
  return shape;
}

function flatten(v: Expected, out: number[]): number[] {
  if (Array.isArray(v)) for (const x of v as readonly Expected[]) flatten(x, out);
  else out.push(Number(v));
  return out;
}

function show(v: Expected): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x));
}

const shapeStr = (s: readonly number[]): string => `(${s.join(', ')}${s.length === 1 ? ',' : ''})`;

/**
 * Checks that `actual` has dtype `dtype`, the shape of `expected` and its values within `dtype`'s
 * tolerance (`toleranceFor`). For complex dtypes `expected` holds `[re, im]` pairs.
 */
export function expectClose(actual: NDArray, expected: Expected, dtype: DType, label = 'value'): void {
  const complex = dtype === 'complex64' || dtype === 'complex128';
  if (actual.dtype !== dtype) {
    throw new ConformanceMismatch(`${label}: expected dtype ${dtype}, got ${actual.dtype} (${actual})`);
  }
  const eshape = nestedShape(expected);
  if (complex) {
    if (eshape[eshape.length - 1] !== 2) {
      throw new ConformanceMismatch(`${label}: the expected ${dtype} value ${show(expected)} must hold [re, im] pairs`);
    }
    eshape.pop();
  }
  if (eshape.length !== actual.ndim || eshape.some((d, i) => d !== actual.shape[i])) {
    throw new ConformanceMismatch(
      `${label}: expected shape ${shapeStr(eshape)} (${show(expected)}), got shape ${shapeStr(actual.shape)} (${actual})`,
    );
  }
  const want = flatten(expected, []);
  const got = actual.toFloat64();
  // float32 mode (precision.ts): float64 values computed in float32 are compared at its tolerance
  const f32 = dtype === 'float64' || dtype === 'complex128' ? float32ModeTolerance() : null;
  const tol = f32 ?? toleranceFor(dtype);
  for (let k = 0; k < want.length; k++) {
    const a = got[k]!;
    const e = want[k]!;
    if (f32 !== null) noteFloat32Comparison(e, a === e ? 0 : Math.abs(a - e), label);
    if ((Number.isNaN(e) && Number.isNaN(a)) || a === e) continue; // NaN for NaN; equal infinities
    const diff = Math.abs(a - e);
    if (!(diff <= tol * Math.max(1, Math.abs(e)))) {
      const what = complex ? `${k % 2 === 0 ? 'real' : 'imaginary'} part of element ${k >> 1}` : `element ${k}`;
      throw new ConformanceMismatch(
        `${label}: ${what} is ${a}, expected ${e} (|difference| ${diff.toExponential(3)} exceeds the ${f32 === null ? dtype : `${dtype} computed in float32`} tolerance ${tol}); ` +
          `got ${show(actual.toArray())}, expected ${show(expected)}`,
      );
    }
  }
}

/**
 * Whether two printed values are the same text once each number is compared at the relative tolerance
 * `tol` (float32 mode: numpy prints a float64 computed in float32 with more digits, `0.10000000149011612`).
 */
function samePrintedNumbers(actual: string, expected: string, tol: number): boolean {
  const NUM = /[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi;
  const shape = (t: string) =>
    t
      .replace(NUM, '#')
      .replace(/\s+/g, ' ')
      .replace(/([[(]) /g, '$1')
      .trim();
  if (shape(actual) !== shape(expected)) return false;
  const a = actual.match(NUM) ?? [];
  const e = expected.match(NUM) ?? [];
  return (
    a.length === e.length &&
    e.every((x, k) => {
      const want = Number(x);
      const diff = Math.abs(Number(a[k]) - want);
      noteFloat32Comparison(want, diff, 'printed value');
      return diff <= tol * Math.max(1, Math.abs(want));
    })
  );
}

/** Checks `String(actual)` against the printed output of the tutorial (numpy's `str`). */
export function expectPrinted(actual: NDArray, printed: string, label = 'value'): void {
  const s = String(actual);
  const f32 = actual.dtype === 'float64' || actual.dtype === 'complex128' ? float32ModeTolerance() : null;
  if (s !== printed && !(f32 !== null && samePrintedNumbers(s, printed, f32))) {
    throw new ConformanceMismatch(`${label}: printed ${JSON.stringify(s)}, expected ${JSON.stringify(printed)}`);
  }
}

/** Checks that two plain values (strings, numbers, booleans, nested arrays of them) are equal. */
export function expectEqual<V>(actual: V, expected: V, label = 'value'): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new ConformanceMismatch(`${label}: got ${a}, expected ${e}`);
}

/** Checks a condition, with a message saying what was expected. */
export function expectTrue(cond: boolean, what: string): void {
  if (!cond) throw new ConformanceMismatch(`expected ${what}`);
}

/** Checks that `f()` throws, and that its message matches `pattern`. */
export async function expectThrows(f: () => unknown, pattern: RegExp, label: string): Promise<void> {
  let err: unknown = null;
  try {
    await f();
  } catch (e) {
    err = e;
  }
  if (err === null)
    throw new ConformanceMismatch(`${label}: expected an error matching ${pattern}, nothing was thrown`);
  const msg = err instanceof Error ? err.message : String(err);
  if (!pattern.test(msg)) throw new ConformanceMismatch(`${label}: expected an error matching ${pattern}, got: ${msg}`);
}

type Inputs = readonly (TensorVariable | In)[];

/** `theano.function(inputs, output, opts)` compiled on the case's backend. */
export function compile(
  ctx: CaseContext,
  inputs: Inputs,
  outputs: TensorVariable,
  opts?: FunctionOptions,
): TheanoFunction<NDArray>;
/** `theano.function(inputs, [outputs], opts)` compiled on the case's backend. */
export function compile(
  ctx: CaseContext,
  inputs: Inputs,
  outputs: readonly TensorVariable[],
  opts?: FunctionOptions,
): TheanoFunction<NDArray[]>;
export function compile(
  ctx: CaseContext,
  inputs: Inputs,
  outputs: TensorVariable | readonly TensorVariable[],
  opts: FunctionOptions = {},
): TheanoFunction<NDArray | NDArray[]> {
  return theano.function(inputs, outputs, { name: ctx.caseId, ...opts, backend: ctx.backend });
}

function sameResult(a: NDArray | NDArray[], b: NDArray | NDArray[], label: string): void {
  const as = Array.isArray(a) ? a : [a];
  const bs = Array.isArray(b) ? b : [b];
  if (as.length !== bs.length)
    throw new ConformanceMismatch(`${label}: ${bs.length} outputs, the async call gave ${as.length}`);
  as.forEach((x, i) => {
    expectClose(bs[i]!, x.toArray(), x.dtype, `${label}, output ${i} (against the async call)`);
  });
}

/**
 * Calls a function without side effects: `await f(...args)`, and also `f.callSync(...args)` where the
 * backend declares `sync` (both must agree). Returns the async result.
 */
export async function call<R extends NDArray | NDArray[]>(
  ctx: CaseContext,
  f: TheanoFunction<R>,
  ...args: unknown[]
): Promise<R> {
  const r = await f(...args);
  if (ctx.backend.capabilities.sync) sameResult(r, f.callSync(...args), `${f.name}.callSync`);
  return r;
}

/**
 * Runs `body` with `theano.config.backend` naming the case's backend, for the APIs that pick the backend
 * from the config (`v.eval`). That needs the backend registered under its name.
 */
export async function withConfigBackend<R>(ctx: CaseContext, body: () => Promise<R>): Promise<R> {
  const name = ctx.backend.name;
  if (!theano.listBackends().includes(name) || theano.getBackend(name) !== ctx.backend) {
    throw new Error(
      `v.eval runs on theano.config.backend, which names a registered backend; the backend object "${name}" is not registered under that name (registerBackend it to run this case)`,
    );
  }
  const saved = theano.config.backend;
  theano.config.backend = name;
  try {
    return await body();
  } finally {
    theano.config.backend = saved;
  }
}

/** `await v.eval(givens)` on the case's backend, and `v.evalSync(givens)` too where it declares `sync`. */
export async function evalOn(ctx: CaseContext, v: TensorVariable, givens: EvalGivens): Promise<NDArray> {
  return withConfigBackend(ctx, async () => {
    const r = await v.eval(givens);
    if (ctx.backend.capabilities.sync) sameResult(r, v.evalSync(givens), `${v}.evalSync`);
    return r;
  });
}

/** A seeded generator of uniform numbers in [0, 1) (core's mulberry32): the same points on every run. */
export { seededRandom } from '@theano-ts/core';

/** A seed from a string (FNV-1a), so each case draws its own reproducible numbers. */
export function seedOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A float64 (or `dtype`) array of `shape`, values uniform in [lo, hi), or in ±[lo, hi) with `signed`. */
export function uniform(
  rand: () => number,
  shape: readonly number[],
  lo: number,
  hi: number,
  opts: { dtype?: DType; signed?: boolean } = {},
): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, () => {
    const v = lo + (hi - lo) * rand();
    return opts.signed && rand() < 0.5 ? -v : v;
  });
  return theano.fromFloat64(values, shape, opts.dtype ?? 'float64');
}
