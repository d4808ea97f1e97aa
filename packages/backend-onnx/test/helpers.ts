// Shared test helpers: random arrays by dtype, and running one graph on the reference backend and on
// onnx to compare the results (same dtype and shape; exact for integers and bool (int64 as BigInts), 1e-12 for float64,
// 1e-5 for float32; NaN equals NaN).
import '@theano-ts/backend-onnx';
import type { DType, NDArray, TensorVariable } from 'theano-ts';
import * as theano from 'theano-ts';
import { expect } from 'vitest';

export const T: theano.TensorModule = theano.tensor;

/** The dtypes the onnx backend runs. */
export const REAL: readonly DType[] = ['bool', 'int8', 'int16', 'int32', 'int64', 'float32', 'float64'];
/** The integer and bool dtypes. */
export const DISCRETE: readonly DType[] = ['bool', 'int8', 'int16', 'int32', 'int64'];
/** The float dtypes. */
export const FLOATS: readonly DType[] = ['float32', 'float64'];

/** A variable of `dtype` with `ndim` dimensions (none broadcastable) or the given broadcastable pattern. */
export function tensorOf(dtype: DType, dims: number | readonly boolean[], name = 'x'): TensorVariable {
  const bc = typeof dims === 'number' ? Array.from({ length: dims }, () => false) : [...dims];
  return new T.TensorType(dtype, bc).make(name);
}

/** Random values of `dtype` and `shape`: bool 0/1, integers in [lo, hi], floats uniform in [lo, hi). */
export function randomArray(dtype: DType, shape: readonly number[], rand: () => number, lo = -5, hi = 5): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const vals = Array.from({ length: n }, () => {
    if (dtype === 'bool') return rand() < 0.5 ? 0 : 1;
    if (dtype.startsWith('int')) return Math.floor(lo + rand() * (hi - lo + 1));
    return lo + rand() * (hi - lo);
  });
  return theano.fromFloat64(vals, [...shape], dtype);
}

/** A seeded generator. */
export const seeded = (seed: number): (() => number) => theano.seededRandom(seed);

function tolerance(dtype: DType): number {
  return dtype === 'float32' ? 1e-5 : dtype === 'float64' ? 1e-12 : 0;
}

/** Asserts `got` equals `want`: dtype, shape, and values within the dtype's tolerance. */
export function expectSameArray(got: NDArray, want: NDArray, label: string): void {
  expect(got.dtype, `${label}: dtype`).toBe(want.dtype);
  expect([...got.shape], `${label}: shape`).toEqual([...want.shape]);
  if (want.dtype === 'int64') {
    // compared as BigInts: doubles would hide differences beyond 2^53
    expect(Array.from(got.data as BigInt64Array), `${label}: int64 values`).toEqual(
      Array.from(want.data as BigInt64Array),
    );
    return;
  }
  const a = got.toFloat64();
  const b = want.toFloat64();
  const tol = tolerance(want.dtype);
  for (let i = 0; i < b.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(y)) {
      expect(Number.isNaN(x), `${label}: element ${i} is ${x}, expected NaN`).toBe(true);
    } else if (!Number.isFinite(y) || tol === 0) {
      if (x !== y) expect.fail(`${label}: element ${i} is ${x}, expected ${y} (got ${got}, want ${want})`);
    } else if (Math.abs(x - y) > tol * Math.max(1, Math.abs(y))) {
      expect.fail(`${label}: element ${i} is ${x}, expected ${y} within ${tol} (got ${got}, want ${want})`);
    }
  }
}

/**
 * Compiles `outputs` of `inputs` on ref and on onnx, calls both with `args`, and compares every output.
 * Returns the onnx results.
 */
export async function compareWithRef(
  inputs: readonly TensorVariable[],
  outputs: TensorVariable | readonly TensorVariable[],
  args: readonly NDArray[],
  label: string,
): Promise<NDArray[]> {
  const outs = Array.isArray(outputs) ? [...outputs] : [outputs as TensorVariable];
  const opts = { onUnusedInput: 'ignore' as const };
  const fRef = theano.function([...inputs], outs, { ...opts, backend: 'ref' });
  const fOnnx = theano.function([...inputs], outs, { ...opts, backend: 'onnx' });
  const want = fRef.callSync(...args);
  const got = await fOnnx(...args);
  got.forEach((g, k) => {
    expectSameArray(g, want[k]!, `${label} (output ${k})`);
  });
  return got;
}

/** Runs `outputs` on ref and on onnx and expects both to throw; returns both messages. */
export async function bothThrow(
  inputs: readonly TensorVariable[],
  output: TensorVariable,
  args: readonly NDArray[],
): Promise<[string, string]> {
  const opts = { onUnusedInput: 'ignore' as const };
  const fRef = theano.function([...inputs], output, { ...opts, backend: 'ref' });
  const fOnnx = theano.function([...inputs], output, { ...opts, backend: 'onnx' });
  let refMsg = '';
  try {
    fRef.callSync(...args);
  } catch (e) {
    refMsg = (e as Error).message;
  }
  expect(refMsg, 'the reference backend should throw').not.toBe('');
  let onnxMsg = '';
  try {
    await fOnnx(...args);
  } catch (e) {
    onnxMsg = (e as Error).message;
  }
  expect(onnxMsg, 'the onnx backend should throw').not.toBe('');
  return [refMsg, onnxMsg];
}

/** The message of the error `run` throws (awaited), or '' when it succeeds. */
export async function errorMessage(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}
