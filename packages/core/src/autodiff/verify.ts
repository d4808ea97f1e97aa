/**
 * `theano.gradient.verifyGrad(fn, points)`: checks `T.grad` against central finite differences. The output
 * of `fn` is projected onto a fixed random tensor so any output shape reduces to a scalar cost (Theano's
 * method); the check fails when an element's absolute and relative errors both exceed the tolerances.
 */

import type { Backend } from '../backend.js';
import { compileFunction } from '../compile/function.js';
import { type DType, dtypeKind } from '../dtype.js';
import { constant } from '../graph/constant.js';
import type { TensorVariable } from '../graph/variable.js';
import { type ArrayLikeValue, array, fromFloat64, NDArray } from '../ndarray.js';
import { mul } from '../ops/elemwise.js';
import { sum } from '../ops/reduce.js';
import { TensorType } from '../type.js';
import { grad } from './grad.js';

/** Options of `verifyGrad`. */
export interface VerifyGradOptions {
  /** Finite-difference step (default: 1e-6 for float64, 1e-3 for float32). */
  eps?: number;
  /** Absolute tolerance (default: 1e-4 for float64, 1e-2 for float32). */
  absTol?: number;
  /** Relative tolerance (default: 1e-4 for float64, 1e-2 for float32). */
  relTol?: number;
  /** Seed of the random projection (default 42). */
  seed?: number;
  /** Backend to run on (default: `theano.config.backend`). */
  backend?: string | Backend;
}

/** Raised by `verifyGrad` when the symbolic and numeric gradients disagree. */
export class GradientError extends Error {
  /** The error's name, `'GradientError'`. */
  override name = 'GradientError';
}

/** A small seeded generator (mulberry32) for reproducible projections. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Prepared {
  points: NDArray[];
  costAt: (values: NDArray[]) => Promise<number> | number;
  gradsAt: (values: NDArray[]) => Promise<NDArray[]> | NDArray[];
  eps: number;
  absTol: number;
  relTol: number;
}

function prepare(
  fn: (...vars: TensorVariable[]) => TensorVariable,
  points: readonly ArrayLikeValue[],
  opts: VerifyGradOptions,
  sync: boolean,
): Prepared {
  const pts = points.map((p) => (p instanceof NDArray ? p.copy() : array(p)));
  pts.forEach((p, i) => {
    if (dtypeKind(p.dtype) !== 'float') {
      throw new TypeError(`verifyGrad: point ${i} must be float32 or float64, got ${p.dtype}`);
    }
  });
  const vars = pts.map((p, i) =>
    TensorType.fromShape(
      p.dtype,
      p.shape.map((d) => (d === 1 ? 1 : null)),
    ).make(`input ${i}`),
  );
  const out = fn(...vars);
  const low: DType = pts.some((p) => p.dtype === 'float32') || out.dtype === 'float32' ? 'float32' : 'float64';
  const rand = seededRandom(opts.seed ?? 42);
  // the projection needs out's runtime shape: evaluate once, then build the cost with a constant projection
  const outFn = compileFunction(vars, out, { backend: opts.backend, onUnusedInput: 'ignore', name: 'verifyGrad.out' });
  const build = (shape: readonly number[]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const proj = fromFloat64(
      Float64Array.from({ length: n }, () => rand() * 2 - 1),
      shape,
      out.dtype,
    );
    const cost = sum(mul(out, constant(proj)));
    const costFn = compileFunction(vars, cost, {
      backend: opts.backend,
      onUnusedInput: 'ignore',
      name: 'verifyGrad.cost',
    });
    const gradFn = compileFunction(vars, grad(cost, vars), {
      backend: opts.backend,
      onUnusedInput: 'ignore',
      name: 'verifyGrad.grad',
    });
    return { costFn, gradFn };
  };
  let built: ReturnType<typeof build> | null = null;
  const ensure = (o: NDArray) => {
    built ??= build(o.shape);
    return built;
  };
  const eps = opts.eps ?? (low === 'float32' ? 1e-3 : 1e-6);
  const tol = low === 'float32' ? 1e-2 : 1e-4;
  return {
    points: pts,
    eps,
    absTol: opts.absTol ?? tol,
    relTol: opts.relTol ?? tol,
    costAt: sync
      ? (vals) =>
          ensure(outFn.callSync(...vals))
            .costFn.callSync(...vals)
            .item()
      : async (vals) => (await ensure(await outFn(...vals)).costFn(...vals)).item(),
    gradsAt: sync
      ? (vals) => ensure(outFn.callSync(...vals)).gradFn.callSync(...vals)
      : async (vals) => ensure(await outFn(...vals)).gradFn(...vals),
  };
}

function compare(p: Prepared, analytic: NDArray[], numeric: Float64Array[]): void {
  analytic.forEach((a, i) => {
    const av = a.toFloat64();
    const nv = numeric[i]!;
    for (let k = 0; k < nv.length; k++) {
      const abs = Math.abs(av[k]! - nv[k]!);
      const rel = abs / Math.max(Math.abs(av[k]!) + Math.abs(nv[k]!), 1e-300);
      if (!(abs <= p.absTol || rel <= p.relTol)) {
        throw new GradientError(
          `verifyGrad: the gradient with respect to input ${i}, element ${k}, is ${av[k]} symbolically but ${nv[k]} by finite differences ` +
            `(absolute error ${abs.toExponential(3)} > ${p.absTol}, relative error ${rel.toExponential(3)} > ${p.relTol})`,
        );
      }
    }
  });
}

function perturbed(points: NDArray[], i: number, k: number, delta: number): NDArray[] {
  return points.map((p, j) => {
    if (j !== i) return p;
    const v = p.toFloat64().slice();
    v[k]! += delta;
    return fromFloat64(v, p.shape, p.dtype);
  });
}

/**
 * Checks the symbolic gradient of `fn` at `points` against central finite differences; throws a
 * `GradientError` naming the input and element that disagree.
 */
export async function verifyGrad(
  fn: (...vars: TensorVariable[]) => TensorVariable,
  points: readonly ArrayLikeValue[],
  opts: VerifyGradOptions = {},
): Promise<void> {
  const p = prepare(fn, points, opts, false);
  const analytic = await p.gradsAt(p.points);
  const numeric: Float64Array[] = [];
  for (let i = 0; i < p.points.length; i++) {
    const n = new Float64Array(p.points[i]!.size);
    for (let k = 0; k < n.length; k++) {
      const plus = await p.costAt(perturbed(p.points, i, k, p.eps));
      const minus = await p.costAt(perturbed(p.points, i, k, -p.eps));
      n[k] = (plus - minus) / (2 * p.eps);
    }
    numeric.push(n);
  }
  compare(p, analytic, numeric);
}

/** `verifyGrad` on a synchronous backend. */
export function verifyGradSync(
  fn: (...vars: TensorVariable[]) => TensorVariable,
  points: readonly ArrayLikeValue[],
  opts: VerifyGradOptions = {},
): void {
  const p = prepare(fn, points, opts, true);
  const analytic = p.gradsAt(p.points) as NDArray[];
  const numeric: Float64Array[] = [];
  for (let i = 0; i < p.points.length; i++) {
    const n = new Float64Array(p.points[i]!.size);
    for (let k = 0; k < n.length; k++) {
      const plus = p.costAt(perturbed(p.points, i, k, p.eps)) as number;
      const minus = p.costAt(perturbed(p.points, i, k, -p.eps)) as number;
      n[k] = (plus - minus) / (2 * p.eps);
    }
    numeric.push(n);
  }
  compare(p, analytic, numeric);
}
