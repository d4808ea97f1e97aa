#!/usr/bin/env node
// Writes docs/tensor-module.md (the tensor module by family) from the built conformance package.
// Usage: node scripts/tensor-module-doc.mjs [--check]   (--check: exit 1 when the file is not current)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { TENSOR_CASES, tensorModuleDoc } = await import(join(root, 'packages/conformance/dist/index.js'));
const path = join(root, 'docs/tensor-module.md');
const text = `${tensorModuleDoc(TENSOR_CASES)}\n`;
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {}
  if (current !== text) {
    console.error('docs/tensor-module.md is not current: run node scripts/tensor-module-doc.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(path, text);
  console.log(`wrote ${path}`);
}
