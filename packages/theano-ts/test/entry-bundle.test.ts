// The built entry points (run `npm run build` first, as for the tutorial's tests): core, backend-ref and
// backend-onnx each publish one bundled module (scripts/bundle-entry.mjs), so that a program's import is a
// handful of files instead of a hundred (the cold start, `npm run bench:cold`). Checks that each bundle
// imports no file of its own package (only other packages and node: modules), that the other packages are
// imported by name (one core, one backend registry), and that a program importing theano-ts computes the
// seed's `square(3)` through them.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** The module specifiers of `source`'s static imports and re-exports and of its dynamic `import('…')`s. */
function specifiers(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*["']([^"']+)["']/gm)) out.push(m[1]!);
  for (const m of source.matchAll(/^\s*import\s*["']([^"']+)["']/gm)) out.push(m[1]!);
  for (const m of source.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) out.push(m[1]!);
  return out;
}

describe('specifiers (the helper)', () => {
  it('finds static, side-effect, re-export and dynamic imports', () => {
    const src = [
      'import { a } from "./a.js";',
      "import './b.js';",
      'export { c } from "@x/c";',
      'const v = await import("node:fs");',
    ].join('\n');
    expect(specifiers(src).sort()).toEqual(['./a.js', './b.js', '@x/c', 'node:fs']);
  });
});

describe('bundled entry points', () => {
  for (const pkg of ['core', 'backend-ref', 'backend-onnx']) {
    it(`@theano-ts/${pkg}: dist/index.js imports no file of its own package`, () => {
      const source = readFileSync(resolve(ROOT, 'packages', pkg, 'dist', 'index.js'), 'utf8');
      const found = specifiers(source);
      expect(found.filter((s) => s.startsWith('.') || s.startsWith('/'))).toEqual([]);
      if (pkg !== 'core') expect(found).toContain('@theano-ts/core');
      // core's subpath import stays an import, resolved by the runtime's conditions (node / browser)
      if (pkg === 'core') expect(found).toContain('#write-file');
      // the bundle is the whole package: its exports are defined in this one file
      expect(source.length).toBeGreaterThan(pkg === 'core' ? 200_000 : 10_000);
    });
  }

  it('a node process importing theano-ts prints square(3) = 9.0, with class names kept', () => {
    const program = [
      "import * as theano from 'theano-ts';",
      "const x = theano.tensor.scalar('x');",
      'const square = theano.function([x], x.pow(2));',
      'console.log(String(await square(3)), x.constructor.name, theano.listBackends().join());',
    ].join('\n');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', program], {
      cwd: resolve(ROOT, 'packages', 'theano-ts'),
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('9.0 TensorVariable ref');
  });

  it("pydotprint writes its outfile through core's bundle under Node (the node variant of #write-file)", () => {
    const dir = mkdtempSync(resolve(tmpdir(), 'theano-ts-entry-'));
    const file = resolve(dir, 'g.dot');
    const program = [
      "import * as theano from 'theano-ts';",
      "import { readFileSync } from 'node:fs';",
      "const x = theano.tensor.scalar('x');",
      `await theano.printing.pydotprint(x.mul(x), { outfile: ${JSON.stringify(file)} });`,
      `console.log(readFileSync(${JSON.stringify(file)}, 'utf8').split('\\n')[0]);`,
    ].join('\n');
    try {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', program], {
        cwd: resolve(ROOT, 'packages', 'theano-ts'),
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toMatch(/^digraph\b/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
