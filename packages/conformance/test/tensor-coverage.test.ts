import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { formatCoverage, hasName, TENSOR_CASES, TENSOR_NAMES, tensorCoverage, tensorModuleDoc } from '../src/index.js';

const rows = tensorCoverage(TENSOR_CASES);
console.log(`tensor module coverage\n${formatCoverage(rows)}`);

test.each(rows.map((r) => [r.family, r] as const))(
  'tensor module, %s: every name it has is covered by a case',
  (family, r) => {
    expect(r.uncovered, `${family}: names without a case`).toEqual([]);
  },
);

test('every name a tensor case covers is a name of the contract that the module has', () => {
  const all = new Set<string>(Object.values(TENSOR_NAMES).flat());
  for (const c of TENSOR_CASES) {
    for (const n of c.covers) {
      expect(all.has(n), `${c.id} covers ${n}, which is not in TENSOR_NAMES`).toBe(true);
      expect(hasName(n), `${c.id} covers ${n}, which the module lacks`).toBe(true);
    }
  }
});

test('the coverage table counts names the module has and names it lacks', () => {
  const [elem] = tensorCoverage([]);
  expect(elem!.family).toBe('elemwise');
  expect(elem!.missing).not.toContain('add');
  expect(elem!.uncovered).toContain('add');
  expect(hasName('nosuchfunction')).toBe(false);
});

test('docs/tensor-module.md is current (node scripts/tensor-module-doc.mjs writes it)', () => {
  const path = fileURLToPath(new URL('../../../docs/tensor-module.md', import.meta.url));
  expect(readFileSync(path, 'utf8')).toBe(`${tensorModuleDoc(TENSOR_CASES)}\n`);
});
