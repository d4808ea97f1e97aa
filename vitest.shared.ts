// Shared vitest settings: tests import the workspace packages by name and run against their TypeScript
// sources (no build needed between edits); the tutorial and the conformance CLI run against dist/.
import { fileURLToPath } from 'node:url';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export const workspaceAliases = [
  { find: /^@theano-ts\/core$/, replacement: src('core') },
  { find: /^@theano-ts\/backend-ref$/, replacement: src('backend-ref') },
  { find: /^@theano-ts\/conformance$/, replacement: src('conformance') },
  { find: /^@theano-ts\/backend-onnx$/, replacement: src('backend-onnx') },
  { find: /^@theano-ts\/backend-webgl$/, replacement: src('backend-webgl') },
  { find: /^theano-ts$/, replacement: src('theano-ts') },
];
