/**
 * `defineBadInputs(backend)`: registers the bad-input catalogue with vitest, one test per case, and prints
 * how many cases ran. Imports vitest: keep this module out of the CLI's imports.
 */
import { type Backend, getBackend } from '@theano-ts/core';
import { afterAll, describe, expect, it } from 'vitest';
import { BAD_INPUT_CASES, type BadInputCase, runBadInput } from './bad-inputs.js';

/**
 * Registers `describe('bad inputs on NAME')` with one `it` per case: the case must throw its error class
 * with a message naming the culprit, and leave every shared variable as it was.
 */
export function defineBadInputs(backend: Backend | string, cases: readonly BadInputCase[] = BAD_INPUT_CASES): void {
  const b = getBackend(backend);
  describe(`bad inputs on ${b.name}`, () => {
    let passed = 0;
    it('the catalogue has at least 150 cases, with distinct ids', () => {
      expect(cases.length).toBeGreaterThanOrEqual(150);
      expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    });
    for (const c of cases) {
      it(`${c.id} raises ${c.error} matching ${c.message}`, async () => {
        const r = await runBadInput(c, b);
        if (r.failure) throw new Error(`${c.id} on ${b.name}: ${r.failure}`);
        passed++;
      });
    }
    afterAll(() => {
      console.log(`bad inputs on ${b.name}: ${passed} of ${cases.length} cases raised the expected error`);
    });
  });
}
