/**
 * Runs cases on backends. A cell is `pass`, `fail` (any error: a wrong value, a wrong dtype, a crash) or
 * `unsupported`, and only when the backend's declared capabilities reject a graph of the case:
 * `theano.function` throws core's `UnsupportedError` (built from `graphUnsupportedReason`), whose message
 * is the reason. Nothing else is ever reported as unsupported.
 */
import { type Backend, getBackend, UnsupportedError } from '@theano-ts/core';
import type { ConformanceCase } from './case.js';
import { CASES } from './cases.js';

/** The outcome of a case on a backend. */
export type CellStatus = 'pass' | 'fail' | 'unsupported';

/** One cell of the case × backend matrix. */
export interface CellResult {
  /** The case id. */
  id: string;
  /** The backend's name. */
  backend: string;
  /** pass, fail, or unsupported (by the backend's declared capabilities). */
  status: CellStatus;
  /** Why it failed or is unsupported. */
  reason?: string;
  /**
   * `float32` when the case's float64 graph ran in float32 (a float32-only backend's float64 downcast) and
   * its float64 values were checked at a float32 tolerance (see `float32-column.ts`); absent otherwise.
   */
  precision?: 'float32';
  /** The relative tolerance of a float32 run (`precision: 'float32'`). */
  tolerance?: number;
  /** The largest relative error `|a - e| / max(1, |e|)` a float32 run's value checks saw. */
  maxError?: number;
  /** The strict verdict (float64 kept float64) of a case that then ran in float32. */
  strict?: {
    /** The case's status when its float64 stayed float64 (unsupported, on WebGL). */
    status: CellStatus;
    /** Why, when it was not a pass. */
    reason?: string;
  };
}

/** An error as one line: `Name: message` (the name left out for a plain Error). */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message;
  return String(e);
}

/** Options of `runCase` / `runMatrix`. */
export interface RunOptions {
  /** A case still running after this many milliseconds is a failure (default: no limit). */
  timeoutMs?: number;
}

/** `p`, or a rejection after `ms` milliseconds (no limit when `ms` is undefined). */
export function limit<T>(p: Promise<T>, ms: number | undefined): Promise<T> {
  if (ms === undefined || !Number.isFinite(ms)) return p;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Runs one case on a backend (by name or object). */
export async function runCase(
  c: ConformanceCase,
  backend: Backend | string,
  opts: RunOptions = {},
): Promise<CellResult> {
  const b = getBackend(backend);
  try {
    await limit(c.run({ backend: b, caseId: c.id }), opts.timeoutMs);
    return { id: c.id, backend: b.name, status: 'pass' };
  } catch (e) {
    if (e instanceof UnsupportedError) return { id: c.id, backend: b.name, status: 'unsupported', reason: e.message };
    return { id: c.id, backend: b.name, status: 'fail', reason: messageOf(e) };
  }
}

/** Runs every case (all of them by default) on every backend, one at a time: cells in case-major order. */
export async function runMatrix(
  backends: readonly (Backend | string)[],
  cases: readonly ConformanceCase[] = CASES,
  opts: RunOptions = {},
): Promise<CellResult[]> {
  const bs = backends.map((b) => getBackend(b));
  const cells: CellResult[] = [];
  for (const c of cases) for (const b of bs) cells.push(await runCase(c, b, opts));
  return cells;
}
