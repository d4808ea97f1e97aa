/**
 * The float32 mode of the checks: while a case runs through `withFloat32Checks(tol, body)`, the checks of
 * `check.ts` compare float64 (and complex128) values at the relative tolerance `tol` instead of 1e-12, and
 * printed output number by number at that tolerance, because the backend computed them in float32 (WebGL
 * with its float64 downcast). The mode also records the largest error it saw, `|a - e| / max(1, |e|)`, and
 * rejects expected values float32 cannot hold (beyond its range, or subnormal: the GPU flushes those to 0)
 * with a `NotFloat32Error`, so such a case is reported as not expressible in float32 rather than failed.
 * Cases run one at a time, so the mode is a module-level setting, restored when `body` ends.
 */

/** Raised in float32 mode when a case's expected value is outside what float32 holds. */
export class NotFloat32Error extends Error {
  override name = 'NotFloat32Error';
}

interface Float32Mode {
  readonly tol: number;
  maxError: number;
}

let mode: Float32Mode | null = null;

/** The relative tolerance of float64 comparisons in float32 mode; `null` outside it (strict float64). */
export function float32ModeTolerance(): number | null {
  return mode ? mode.tol : null;
}

/** The largest float32 normal magnitude (3.4028235e38). */
export const FLOAT32_MAX = 3.4028234663852886e38;
/** The smallest float32 normal magnitude (2^-126); below it float32 is subnormal, which GPUs flush to 0. */
export const FLOAT32_MIN_NORMAL = 2 ** -126;

/**
 * In float32 mode, throws `NotFloat32Error` when the finite, non-zero expected value `e` is beyond float32's
 * range or below its smallest normal number; records `diff` (relative to max(1, |e|)) otherwise.
 */
export function noteFloat32Comparison(e: number, diff: number, label: string): void {
  if (!mode) return;
  const m = Math.abs(e);
  if (Number.isFinite(e) && m > FLOAT32_MAX) {
    throw new NotFloat32Error(`${label}: the expected value ${e} is beyond float32's range (±${FLOAT32_MAX})`);
  }
  if (m !== 0 && m < FLOAT32_MIN_NORMAL) {
    throw new NotFloat32Error(
      `${label}: the expected value ${e} is below float32's smallest normal number (2^-126), which the GPU flushes to 0`,
    );
  }
  if (Number.isFinite(diff)) mode.maxError = Math.max(mode.maxError, diff / Math.max(1, m));
}

/** What a run in float32 mode ended with: `body`'s error, if any, and the largest relative error seen. */
export interface Float32Run {
  readonly error?: unknown;
  readonly threw: boolean;
  readonly maxError: number;
}

/** Runs `body` with float64 checks at the relative tolerance `tol` (float32 mode). */
export async function withFloat32Checks(tol: number, body: () => Promise<unknown>): Promise<Float32Run> {
  const saved = mode;
  const m: Float32Mode = { tol, maxError: 0 };
  mode = m;
  try {
    await body();
    return { threw: false, maxError: m.maxError };
  } catch (error) {
    return { error, threw: true, maxError: m.maxError };
  } finally {
    mode = saved;
  }
}

/** The largest relative error recorded so far in the current float32-mode run (0 outside one). */
export function float32ModeMaxError(): number {
  return mode ? mode.maxError : 0;
}
