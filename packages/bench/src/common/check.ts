/**
 * Agreement checks run before timing: every peer must compute the same numbers as theano-ts (within
 * float32 rounding), so a fast wrong peer cannot win a table.
 */

/** The largest |a[i] - b[i]| relative to the largest |a[i]| (at least 1). */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>, what: string): number {
  if (a.length !== b.length) throw new Error(`${what}: expected ${a.length} values, got ${b.length}`);
  let scale = 1;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]!));
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i]! - b[i]!);
    if (!(e <= d)) d = e; // NaN propagates
  }
  return d / scale;
}

/** Throws unless `b` agrees with `a` within `tol` (relative to `a`'s largest magnitude); returns the error. */
export function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): number {
  const d = maxRelDiff(a, b, what);
  if (!(d <= tol)) {
    throw new Error(`${what}: results disagree: max relative difference ${d.toExponential(2)}, expected ≤ ${tol}`);
  }
  return d;
}
