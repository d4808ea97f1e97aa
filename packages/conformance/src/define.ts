/**
 * `defineConformance(backend)`: registers the suite with vitest, one test per case. A failing case fails
 * its test with the case's message; a case the backend's declared capabilities reject is registered as
 * skipped, with the reason in the test's name (never as a pass). Imports vitest: keep this module out of
 * the CLI's imports.
 */

import { type Backend, getBackend } from '@theano-ts/core';
import { describe, it } from 'vitest';
import type { ConformanceCase } from './case.js';
import { CASES } from './cases.js';
import { formatMatrix } from './format.js';
import { type CellResult, runCase } from './runner.js';

/** Options of `defineConformance`. */
export interface DefineConformanceOptions {
  /** The cases to register (default: all of them). */
  cases?: readonly ConformanceCase[];
  /** A case still running after this many milliseconds fails (default 60 000). */
  timeout?: number;
  /** Print the backend's column of the matrix once the cases have run (default true). */
  printMatrix?: boolean;
}

/**
 * Registers `describe('conformance on NAME')` with one `it` per case. Whether a case is unsupported is
 * known only by compiling its graphs, so the cases run once while the suite is collected; each `it` then
 * reports its case's outcome, and unsupported cases become `it.skip('… (unsupported: reason)')`.
 */
export function defineConformance(backend: Backend | string, opts: DefineConformanceOptions = {}): void {
  const b = getBackend(backend);
  const cases = opts.cases ?? CASES;
  const timeoutMs = opts.timeout ?? 60_000;
  describe(`conformance on ${b.name}`, async () => {
    const cells: CellResult[] = [];
    for (const c of cases) {
      const cell = await runCase(c, b, { timeoutMs });
      cells.push(cell);
      const title = `${c.id} [${c.section}] ${c.description}`;
      if (cell.status === 'unsupported') {
        it.skip(`${title} (unsupported: ${cell.reason})`, () => {});
      } else {
        it(title, () => {
          if (cell.status === 'fail') throw new Error(`${c.id} on ${b.name}: ${cell.reason}`);
        });
      }
    }
    // the backend's column of the case × backend matrix, in the test output
    if (opts.printMatrix ?? true) console.log(formatMatrix(cells));
  });
}
