#!/usr/bin/env node
// Runs @arethetypeswrong/cli (attw) with TypeScript 6 as its compiler. attw needs TypeScript's JavaScript
// API, which TypeScript 7 (this repository's `tsc`) does not have; its own pinned copy (5.6) predates the
// declarations TypeScript 7 emits, so every `import 'typescript'` made inside attw is answered with the
// root devDependency `typescript6` (typescript@6.0.3) instead. Usage: node scripts/attw.mjs <attw args...>
import { register } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ts6 = import.meta.resolve('typescript6');
const hooks = `
export async function resolve(specifier, context, next) {
  if (specifier === 'typescript' && context.parentURL && context.parentURL.includes('/@arethetypeswrong/')) {
    return next(${JSON.stringify(ts6)}, context);
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
await import(pathToFileURL(join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js')).href);
