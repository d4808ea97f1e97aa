// The documentation's links: every markdown link in the READMEs, CONTRIBUTING.md and docs/ points to a file
// of this repository (and, with `#anchor`, to a heading of that file, by GitHub's slug rules), and no page
// a user reads links outside the repository (no http:// or https:// at all). Links into docs/api/ (the API
// reference `npm run docs` generates, not committed) are accepted without checking.

import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** The markdown files a user reads: the root README and CONTRIBUTING, docs/ (not docs/api), the packages' and apps' READMEs. */
function docFiles(root: string): string[] {
  const out: string[] = [];
  for (const f of ['README.md', 'CONTRIBUTING.md']) if (existsSync(join(root, f))) out.push(f);
  const docs = join(root, 'docs');
  if (existsSync(docs)) {
    for (const f of readdirSync(docs, { recursive: true }) as string[]) {
      const rel = join('docs', f);
      if (!rel.endsWith('.md') || rel.startsWith(join('docs', 'api') + sep)) continue;
      out.push(rel);
    }
  }
  for (const group of ['packages', 'apps']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const readme = join(group, name, 'README.md');
      if (existsSync(join(root, readme))) out.push(readme);
    }
  }
  return out.sort();
}

/** The text with fenced code blocks blanked (line numbers kept) and, per line, inline code spans blanked. */
function proseOf(text: string): string[] {
  const lines = text.split('\n');
  let fence: string | null = null;
  return lines.map((line) => {
    const m = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence !== null) {
      if (m && m[1]!.startsWith(fence)) fence = null;
      return '';
    }
    if (m) {
      fence = m[1]!;
      return '';
    }
    return line.replace(/(`+)[^`]*?\1/g, (s) => ' '.repeat(s.length));
  });
}

/** GitHub's anchor of a heading's text: inline markup dropped, lowercased, punctuation removed, spaces → hyphens. */
function githubSlug(heading: string): string {
  // code spans keep their text as it is; markup outside them is dropped
  const parts = heading.split(/(`+[^`]*?`+)/);
  const text = parts
    .map((p, i) => {
      if (i % 2 === 1) return p.replace(/^`+|`+$/g, '');
      return p
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
        .replace(/<[^>]+>/g, '') // HTML tags
        .replace(/\*+/g, '') // emphasis
        .replace(/(^|[^\p{L}\p{N}])_+|_+(?=[^\p{L}\p{N}]|$)/gu, '$1'); // _emphasis_, not snake_case
    })
    .join('');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a markdown file's headings (ATX and setext), duplicates numbered as GitHub numbers them. */
function anchorsOf(text: string): Set<string> {
  const lines = proseOf(text.replace(/\r/g, ''));
  const raw = text.replace(/\r/g, '').split('\n');
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  const add = (heading: string) => {
    const base = githubSlug(heading);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  };
  lines.forEach((line, i) => {
    // headings are read from the raw line (code spans in them count), but only where the line is prose
    const atx = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line === '' ? '' : raw[i]!);
    if (atx) {
      add(atx[1]!);
      return;
    }
    const next = lines[i + 1];
    if (line.trim() !== '' && next !== undefined && /^ {0,3}(=+|-+)\s*$/.test(next) && !/^\s*[-*+]\s/.test(line)) {
      add(raw[i]!.trim());
    }
  });
  return anchors;
}

/** One problem found in a file. */
interface Problem {
  file: string;
  line: number;
  message: string;
}

/** Every broken relative link and every http(s) address in the files (paths relative to `root`). */
function checkLinks(root: string, files: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const anchorCache = new Map<string, Set<string>>();
  const anchorsIn = (abs: string) => {
    let a = anchorCache.get(abs);
    if (!a) {
      a = anchorsOf(readFileSync(abs, 'utf8'));
      anchorCache.set(abs, a);
    }
    return a;
  };
  for (const file of files) {
    const abs = join(root, file);
    const text = readFileSync(abs, 'utf8').replace(/\r/g, '');
    // no address outside the repository, anywhere in the file (code blocks included)
    text.split('\n').forEach((line, i) => {
      const m = /https?:\/\/[^\s)>\]"'`]*/.exec(line);
      if (m) problems.push({ file, line: i + 1, message: `links outside the repository: ${m[0]}` });
    });
    const targets: { target: string; line: number }[] = [];
    proseOf(text).forEach((line, i) => {
      for (const m of line.matchAll(
        /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g,
      )) {
        targets.push({ target: m[1]!, line: i + 1 });
      }
      const ref = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/.exec(line);
      if (ref) targets.push({ target: ref[1]!, line: i + 1 });
      for (const m of line.matchAll(/\b(?:href|src)\s*=\s*["']([^"']*)["']/g))
        targets.push({ target: m[1]!, line: i + 1 });
    });
    for (const { target, line } of targets) {
      const fail = (message: string) => problems.push({ file, line, message: `${message}: (${target})` });
      if (target === '') {
        fail('empty link target');
        continue;
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
        fail('links outside the repository');
        continue;
      }
      const hash = target.indexOf('#');
      const pathPart = decodeURI(hash < 0 ? target : target.slice(0, hash));
      const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
      const resolved =
        pathPart === '' ? abs : pathPart.startsWith('/') ? join(root, pathPart) : resolve(dirname(abs), pathPart);
      const rel = relative(root, resolved);
      if (rel.startsWith('..') || resolve(root, rel) !== resolved) {
        fail('points outside the repository');
        continue;
      }
      if (rel === join('docs', 'api') || rel.startsWith(join('docs', 'api') + sep)) continue; // generated by `npm run docs`
      if (!existsSync(resolved)) {
        fail(`no such file ${rel}`);
        continue;
      }
      if (anchor === null) continue;
      const page = statSync(resolved).isDirectory() ? join(resolved, 'README.md') : resolved;
      if (!page.endsWith('.md') || !existsSync(page)) {
        fail(`an anchor into ${rel}, which is not a markdown page`);
        continue;
      }
      if (!anchorsIn(page).has(anchor)) fail(`${relative(root, page)} has no heading with the anchor #${anchor}`);
    }
  }
  return problems;
}

const format = (ps: readonly Problem[]) => ps.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n');

describe('the documentation links only to files of this repository', () => {
  const files = docFiles(ROOT);

  it('finds the pages', () => {
    expect(files).toContain('README.md');
    expect(files).toContain(join('docs', 'guide.md'));
    expect(files).toContain(join('packages', 'backend-onnx', 'README.md'));
  });

  it('has no broken relative link, missing anchor or http(s) address', () => {
    expect(format(checkLinks(ROOT, files))).toBe('');
  });
});

describe('the link checker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'theano-ts-docs-links-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  write(
    'docs/b.md',
    '# Branches: `theano.ifelse` and `T.switch`\n\n## Options\n\n## Options\n\n## The `set_subtensor` _rule_\n',
  );
  write('packages/p/README.md', '# p\n');

  it('computes GitHub anchors', () => {
    expect(githubSlug('Branches: `theano.ifelse` and `T.switch`')).toBe('branches-theanoifelse-and-tswitch');
    expect(githubSlug('What differs from Theano, and why')).toBe('what-differs-from-theano-and-why');
    expect(githubSlug('The `set_subtensor` _rule_')).toBe('the-set_subtensor-rule');
    expect(githubSlug('Loops: `theano.scan`')).toBe('loops-theanoscan');
    expect([...anchorsOf(readFileSync(join(dir, 'docs/b.md'), 'utf8'))]).toEqual([
      'branches-theanoifelse-and-tswitch',
      'options',
      'options-1',
      'the-set_subtensor-rule',
    ]);
  });

  it('accepts links that resolve', () => {
    write(
      'docs/ok.md',
      '[b](b.md) [anchor](b.md#options-1) [dir](../packages/p) [self](#top) [api](api/index.html)\n\n# Top\n\n```ts\n[not a link](nowhere.md)\n```\nand `[code](nowhere.md)`\n',
    );
    expect(format(checkLinks(dir, ['docs/ok.md']))).toBe('');
  });

  it('reports a missing file, a missing anchor, an outside address and a path leaving the repository', () => {
    write(
      'docs/bad.md',
      '# Bad\n\n[gone](missing.md)\n[anchor](b.md#nope)\n[web](https://example.org)\n[up](../../outside.md)\nsee <http://example.org>\n',
    );
    const problems = checkLinks(dir, ['docs/bad.md']);
    expect(problems.map((p) => p.line)).toEqual([5, 7, 3, 4, 5, 6]);
    expect(format(problems)).toMatch(/no such file docs\/missing\.md/);
    expect(format(problems)).toMatch(/docs\/b\.md has no heading with the anchor #nope/);
    expect(format(problems)).toMatch(/links outside the repository: https:\/\/example\.org/);
    expect(format(problems)).toMatch(/points outside the repository: \(\.\.\/\.\.\/outside\.md\)/);
  });
});
