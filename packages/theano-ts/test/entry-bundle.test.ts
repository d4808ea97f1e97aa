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

/** Runs `program` as an ES module in a child Node (with `flags` before it), from the theano-ts package. */
function runModule(program: string, ...flags: string[]) {
  return spawnSync(process.execPath, [...flags, '--input-type=module', '-e', program], {
    cwd: resolve(ROOT, 'packages', 'theano-ts'),
    encoding: 'utf8',
  });
}

/**
 * The module specifiers of `source`'s static imports and re-exports and of its dynamic `import('…')`s, in
 * readable code or in the bundles' compact text (several statements to a line, no spaces: `import{a}from"x";`).
 */
function specifiers(source: string): string[] {
  const out: string[] = [];
  const start = String.raw`(?:^|[;{}\s])`;
  const clause = String.raw`(?:\{[^}]*\}|\*\s*as\s+[\w$]+|[\w$]+(?:\s*,\s*(?:\{[^}]*\}|\*\s*as\s+[\w$]+))?|\*)`;
  const fromRe = new RegExp(String.raw`${start}(?:import|export)\s*${clause}\s*from\s*["']([^"']+)["']`, 'g');
  for (const m of source.matchAll(fromRe)) out.push(m[1]!);
  for (const m of source.matchAll(new RegExp(String.raw`${start}import\s*["']([^"']+)["']`, 'g'))) out.push(m[1]!);
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

  it('finds them in compact text, several to a line, and not in strings that merely mention a module', () => {
    const src =
      'import{a as b,c}from"./a.js";import"./b.js";import d,{e}from"@x/d";import*as f from"@x/f";' +
      'export*from"./g.js";var h=1;const s="see ./x.js";async function k(){return import("./k.js")}export{h};';
    expect(specifiers(src).sort()).toEqual(['./a.js', './b.js', './g.js', './k.js', '@x/d', '@x/f']);
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
    const r = runModule(program);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('9.0 TensorVariable ref');
  });

  it('the compact bundle keeps function names in stack traces, and its map leads back to the TypeScript source', () => {
    const program = [
      "import * as theano from 'theano-ts';",
      "const x = theano.tensor.matrix('x');",
      'try { x.sum(5); } catch (e) { console.log(e.message); console.log(e.stack.split("\\n")[1].trim()); }',
    ].join('\n');
    const plain = runModule(program);
    expect(plain.stderr).toBe('');
    const [message, frame] = plain.stdout.trim().split('\n');
    expect(message).toBe('sum: axis 5 is out of range for a tensor of 2 dimensions');
    expect(frame).toMatch(/^at normalizeAxis \(file:.*\/packages\/core\/dist\/index\.js:\d+:\d+\)$/);
    // the map is read from dist/index.js.map, which holds the sources (the published package has no src/)
    const mapped = runModule(program, '--enable-source-maps');
    expect(mapped.stderr).toBe('');
    expect(mapped.stdout.trim().split('\n')[1]).toMatch(
      /^at normalizeAxis \(.*\/packages\/core\/src\/ops\/reduce\.ts:\d+:\d+\)$/,
    );
    const map = JSON.parse(readFileSync(resolve(ROOT, 'packages', 'core', 'dist', 'index.js.map'), 'utf8'));
    const k = map.sources.indexOf('../src/ops/reduce.ts');
    expect(k).toBeGreaterThanOrEqual(0);
    expect(map.sourcesContent[k]).toBe(
      readFileSync(resolve(ROOT, 'packages', 'core', 'src', 'ops', 'reduce.ts'), 'utf8'),
    );
  });

  it("an uncaught error prints a short line of the bundle above its message, not the bundle's text", () => {
    // Node prints the whole source line of the throw site; a compact bundle written in few lines made that
    // line 141 KB long, pushed far above the message
    const program = "import * as theano from 'theano-ts'; theano.tensor.matrix('x').sum(5);";
    const r = runModule(program);
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toMatch(/\/packages\/core\/dist\/index\.js:\d+$/);
    expect(lines).toContain('TypeError: sum: axis 5 is out of range for a tensor of 2 dimensions');
    // the throw site's line, its caret line, the message and the frames: none near the bundle's size
    const longest = Math.max(...lines.map((l) => l.length));
    expect(longest).toBeLessThan(1000);
    expect(r.stderr.length).toBeLessThan(4000);
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
      const r = runModule(program);
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toMatch(/^digraph\b/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
