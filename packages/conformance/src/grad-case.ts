/**
 * The verifyGrad case constructor shared by every file of gradient cases: `vg(id, description, fn, points)`
 * makes a float64 case, `float32Variant` its float32 twin; and the point generators the cases draw from.
 */
import type { NDArray, TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { type CaseContext, type ConformanceCase, SECTIONS } from './case.js';
import { seededRandom, seedOf, uniform } from './check.js';

/** An expression of the case's variables. */
export type Fn = (...vars: TensorVariable[]) => TensorVariable;
export type Rand = () => number;

/** Runs verifyGrad on the backend (async; and the synchronous variant too where the backend has it). */
export async function verify(ctx: CaseContext, fn: Fn, points: readonly NDArray[]): Promise<void> {
  await theano.gradient.verifyGrad(fn, points, { backend: ctx.backend });
  if (ctx.backend.capabilities.sync) theano.gradient.verifyGradSync(fn, points, { backend: ctx.backend });
}

/** A verifyGrad case, with what it checks: `fn` at the points `points(rand)` draws. */
export interface GradCase extends ConformanceCase {
  /** The expression whose gradient is checked. */
  readonly fn: Fn;
  /** Draws the float64 points from the case's seeded generator. */
  readonly points: (r: Rand) => NDArray[];
}

/** A verifyGrad case (float64): `points(rand)` draws the float64 points, `fn` builds the expression. */
export function vg(id: string, description: string, fn: Fn, points: (r: Rand) => NDArray[]): GradCase {
  const fullId = `verifyGrad.${id}`;
  return {
    id: fullId,
    section: SECTIONS.verifyGrad,
    dtype: 'float64',
    description,
    fn,
    points,
    run: (ctx) => verify(ctx, fn, points(seededRandom(seedOf(fullId)))),
  };
}

/**
 * The float32 variant of a verifyGrad case (`….float32`): the same points rounded to float32, checked with
 * verifyGrad's float32 step and tolerances (1e-3; 1e-2), so backends without float64 (WebGL) check gradients too.
 */
export function float32Variant(c: GradCase): ConformanceCase {
  const id = `${c.id}.float32`;
  return {
    id,
    section: c.section,
    dtype: 'float32',
    description: `${c.description} (float32)`,
    run: (ctx) =>
      verify(
        ctx,
        c.fn,
        c.points(seededRandom(seedOf(c.id))).map((p) => (p.dtype === 'float64' ? p.astype('float32') : p)),
      ),
  };
}

/** Whether a case is a float64 verifyGrad case built by `vg` (it has a float32 variant). */
export function isGradCase(c: ConformanceCase): c is GradCase {
  const g = c as Partial<GradCase>;
  return c.dtype === 'float64' && typeof g.fn === 'function' && typeof g.points === 'function';
}

export const M = [2, 3];
/** Values in [-2, 2). */
export const any = (r: Rand, shape: readonly number[] = M) => uniform(r, shape, -2, 2);
/** Values in ±[0.5, 2): away from 0. */
export const nonzero = (r: Rand, shape: readonly number[] = M) => uniform(r, shape, 0.5, 2, { signed: true });
/** Values in [0.5, 2). */
export const positive = (r: Rand, shape: readonly number[] = M) => uniform(r, shape, 0.5, 2);

/** Two arrays that differ by at least 0.2 everywhere (no ties for maximum / minimum). */
export function apart(r: Rand): NDArray[] {
  const a = any(r);
  const d = nonzero(r);
  const av = a.toFloat64();
  const b = theano.fromFloat64(
    Array.from(av, (v, i) => v + d.toFloat64()[i]! * 0.5),
    a.shape,
    'float64',
  );
  return [a, b];
}

/** Distinct values (a shuffled arithmetic progression plus noise), so max/min have no ties. */
export function distinct(r: Rand, shape: readonly number[]): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = Array.from({ length: n }, (_, i) => i * 0.5 - n / 4 + r() * 0.1);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [v[i], v[j]] = [v[j]!, v[i]!];
  }
  return theano.fromFloat64(v, shape, 'float64');
}
