/**
 * The column of a float32-only backend (WebGL): every case runs first as it is (the strict verdict); a case
 * the backend declares unsupported because its graph holds float64 runs again in float32, on the backend's
 * float64-downcast variant, its checks comparing float64 values at a float32 tolerance picked by the case's
 * class (`float32Tolerance`). So every case gets a real result on the backend, and its cell keeps the strict
 * verdict beside it (`strict`). Runs in the browser page (`webgl-page.ts`) and in the WebGL backend's tests.
 */
import { type Backend, registerBackend, UnsupportedError } from '@theano-ts/core';
import * as theano from 'theano-ts';
import type { ConformanceCase } from './case.js';
import { seededRandom, seedOf } from './check.js';
import { isGradCase } from './grad-case.js';
import { NotFloat32Error, withFloat32Checks } from './precision.js';
import { type CellResult, limit, messageOf, type RunOptions, runCase } from './runner.js';

/** verifyGrad's float32 settings (its defaults for float32 points): step 1e-3, tolerances 1e-2. */
export const VERIFY_GRAD_FLOAT32 = { eps: 1e-3, absTol: 1e-2, relTol: 1e-2 } as const;

/**
 * The relative tolerance (`|a - e| <= tol · max(1, |e|)`) a case's float64 values are compared at when they
 * were computed in float32. float32 rounds each input and each operation by at most 2^-24 ≈ 6e-8; the
 * tolerance is that times the error growth of the case's class, with margin (the largest errors measured
 * on SwiftShader, in parentheses, are the `maxError` of the cells):
 * - `tensor.linalg.*` (solves, inverses, determinants, decompositions): the condition number of the
 *   matrix multiplies the inputs' rounding: 1e-4 (eig 7.5e-7);
 * - everything else (the seed tutorial, the tensor module's other families, nnet, pooling, convolutions,
 *   scan, control flow, random, the optimizer): short chains of elementwise ops and sums of up to a few
 *   hundred small terms: 1e-5, the tolerance of the float32 cases themselves (nnet 1.4e-7, elemwise
 *   9.2e-8, reductions 5.8e-8, seed 0: its values are exact in float32).
 * `verifyGrad.*` cases use verifyGrad's own float32 settings instead (`VERIFY_GRAD_FLOAT32`); the float64
 * special-value cases (`special.*.float64.*`) are not expressible in float32 (their points are float64's
 * extremes) and have float32 twins.
 */
export function float32Tolerance(caseId: string): number {
  return caseId.startsWith('tensor.linalg.') ? 1e-4 : 1e-5;
}

/** A cell of the float32 column (its `precision`, `tolerance`, `maxError` and `strict` set where it ran in float32). */
export type Float32Cell = CellResult;

/** Options of `runFloat32Column`. */
export interface Float32ColumnOptions extends RunOptions {
  /** Called after each case with the number of cases done so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** The special-value cases of float64 (`special.<op>.float64.<variant>`): their points are float64's extremes. */
const SPECIAL_FLOAT64 = /^(special\.[^.]+\.)float64(\..*)?$/;

/** Whether a strict cell is unsupported only because its graph holds float64. */
export function needsFloat32(cell: CellResult): boolean {
  return cell.status === 'unsupported' && /float64/.test(cell.reason ?? '') && !/complex/.test(cell.reason ?? '');
}

/** Runs one case in float32 mode on `downcast` (registered under its name while it runs). */
export async function runCaseInFloat32(
  c: ConformanceCase,
  downcast: Backend,
  opts: RunOptions = {},
): Promise<Omit<Float32Cell, 'strict'>> {
  const twin = SPECIAL_FLOAT64.exec(c.id);
  if (twin) {
    // these cases are about float64's own extremes: float32 cannot hold their points
    return {
      id: c.id,
      backend: downcast.name,
      precision: 'float32',
      status: 'unsupported',
      reason:
        "not expressible in float32: the case's points are float64's special values (±1.8e308 beyond float32's range, " +
        `±2.2e-308 below its smallest normal number); ${twin[1]}float32${twin[2] ?? ''} checks the op at float32's own`,
    };
  }
  const grad = isGradCase(c);
  const tol = grad ? VERIFY_GRAD_FLOAT32.relTol : float32Tolerance(c.id);
  const body = grad
    ? async () => {
        const points = c.points(seededRandom(seedOf(c.id)));
        const o = { ...VERIFY_GRAD_FLOAT32, backend: downcast };
        await theano.gradient.verifyGrad(c.fn, points, o);
        if (downcast.capabilities.sync) theano.gradient.verifyGradSync(c.fn, points, o);
      }
    : () => c.run({ backend: downcast, caseId: c.id });
  const run = await withFloat32Checks(tol, () => limit(body(), opts.timeoutMs));
  const base = { id: c.id, backend: downcast.name, precision: 'float32' as const, tolerance: tol };
  const maxError = run.maxError > 0 ? { maxError: Number(run.maxError.toPrecision(3)) } : {};
  if (!run.threw) return { ...base, status: 'pass', ...maxError };
  const e = run.error;
  if (e instanceof UnsupportedError) return { ...base, status: 'unsupported', reason: e.message };
  if (e instanceof NotFloat32Error) {
    return { ...base, status: 'unsupported', reason: `not expressible in float32: ${e.message}` };
  }
  return { ...base, status: 'fail', reason: messageOf(e), ...maxError };
}

/**
 * Runs `cases` on `strict`, then, on `downcast` (its float64-downcast variant, same name), those the strict
 * run found unsupported for float64 alone; one cell per case in case order.
 */
export async function runFloat32Column(
  cases: readonly ConformanceCase[],
  strict: Backend,
  downcast: Backend,
  opts: Float32ColumnOptions = {},
): Promise<Float32Cell[]> {
  const total = cases.length;
  let done = 0;
  const cells: Float32Cell[] = [];
  const again: number[] = [];
  for (const c of cases) {
    const cell = await runCase(c, strict, opts);
    if (needsFloat32(cell)) again.push(cells.length);
    cells.push(cell);
    // the float32 runs are counted as they finish, below
    if (!needsFloat32(cell)) opts.onProgress?.(++done, total);
  }
  // v.eval picks the backend registered under the case backend's name: register the downcast variant
  registerBackend(downcast);
  try {
    for (const k of again) {
      const strictCell = cells[k]!;
      const c = cases[k]!;
      const f32 = await runCaseInFloat32(c, downcast, opts);
      cells[k] = {
        ...f32,
        backend: strict.name,
        strict:
          strictCell.reason === undefined
            ? { status: strictCell.status }
            : { status: strictCell.status, reason: strictCell.reason },
      };
      opts.onProgress?.(++done, total);
    }
  } finally {
    registerBackend(strict);
  }
  return cells;
}
