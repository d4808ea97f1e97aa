// theano-ts in a web page, as a web developer gets it, in Debian's Chromium (playwright-core, WebGL2 on
// SwiftShader), everything served over HTTP by a small node server:
//   - the README's "Use it in a web page" example, exactly as written, with the built browser bundle
//     (dist/browser/) copied next to it as the README says;
//   - test/web/app (the packages imported by name) bundled by esbuild for the browser with no externals and
//     nothing configured, and built by Vite with no config;
//   - the browser bundle on a page served with `Content-Security-Policy: script-src 'self'`, running the seed on
//     ref and webgl, and the bundle's note about the default backend.
// The seed's values are checked against numbers worked out by hand (below). Needs the package built
// (`npm run build`; `npm test` builds first).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { build as viteBuild } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../conformance/src/browser-harness.ts';

const PKG = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(PKG, 'dist', 'browser');
const WEB = join(PKG, 'test', 'web');
const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
const CSP = "script-src 'self'";

/** The first ```html block of the README's section "Use it in a web page", as written. */
function readmeExample(): string {
  const text = readFileSync(README, 'utf8');
  const section = text.slice(text.indexOf('\n## Use it in a web page\n'));
  const block = section.match(/\n```html\n([\s\S]*?)\n```\n/);
  if (!block) throw new Error('README.md: no ```html block in the section "Use it in a web page"');
  return block[1]!;
}

/** One served file: its text, or a file to read. */
type Route = { body: string } | { file: string };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
};

let server: Server;
let base: string;
let browser: Browser;
let work: string;
/** Routes by exact path; `dirs` maps a path prefix to a folder served as is. */
const routes = new Map<string, Route>();
const dirs: [string, string][] = [];

function resolveRoute(path: string): Route | null {
  const exact = routes.get(path);
  if (exact) return exact;
  for (const [prefix, dir] of [...dirs].sort((a, b) => b[0].length - a[0].length)) {
    if (!path.startsWith(prefix)) continue;
    const file = normalize(join(dir, path.slice(prefix.length)));
    if (file.startsWith(dir) && existsSync(file)) return { file };
  }
  return null;
}

async function serve(): Promise<void> {
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const key = path.endsWith('/') ? `${path}index.html` : path;
    const route = resolveRoute(key);
    const headers: Record<string, string> = path.startsWith('/csp/') ? { 'content-security-policy': CSP } : {};
    if (!route) {
      res.writeHead(404, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': TYPES[extname(key)] ?? 'application/octet-stream' });
    res.end('file' in route ? readFileSync(route.file) : route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Visit<T> {
  /** What the page left in `window.__results` (or what `done` returned). */
  results: T;
  /** The console lines, `[type] text`. */
  console: string[];
  /** The CSP violations recorded by listen.js (the strict-CSP page only). */
  violations: { directive: string; blockedURI: string; sourceFile: string }[];
}

/**
 * Opens `path` in a fresh context and waits until `done` (evaluated in the page) returns something other than
 * null, or the page sets `window.__error` or throws.
 */
async function visit<T>(path: string, done: () => unknown): Promise<Visit<T>> {
  const context = await browser.newContext();
  const lines: string[] = [];
  const errors: string[] = [];
  try {
    const page = await context.newPage();
    page.on('console', (m) => lines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}${path}`);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const error = await page.evaluate(() => (window as unknown as { __error?: string }).__error);
      if (error !== undefined || errors.length) throw new Error(`${path} failed: ${error ?? errors.join('\n')}`);
      const results = await page.evaluate(done);
      if (results !== null && results !== undefined) {
        await new Promise((r) => setTimeout(r, 200)); // lets any pending violation report arrive
        const violations = await page.evaluate(() => (window as unknown as { __violations?: [] }).__violations ?? []);
        return { results: results as T, console: lines, violations };
      }
      if (Date.now() > deadline) throw new Error(`${path}: nothing after 60 s; console:\n${lines.join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await context.close();
  }
}

const windowResults = () => (window as unknown as { __results?: unknown }).__results ?? null;

interface Plain {
  shape: number[];
  values: number[];
}
interface Seed {
  backend: string;
  pp: string;
  square: string;
  squareSync: number;
  mixed: Plain;
  total: number;
  mixedDefault: Plain;
  squared: Plain;
  returned: Plain;
  after: Plain;
  grad: number;
  jacobian: Plain;
  logistic: Plain;
  rop: Plain;
}
interface AppResults {
  seed: Seed;
  svg: string;
  outfile: string;
  backends: string[];
}
interface CspResults {
  ref: Seed;
  webgl: Seed;
  codegenEnabled: boolean;
  defaultBackend: string;
  misspelt: string;
}

/** The logistic function 1 / (1 + e^-v). */
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** The seed's values (float32), worked out by hand; the logistic curve by `Math.exp` within float32's precision. */
function expectSeed(r: Seed, backend: string): void {
  expect(r.backend).toBe(backend);
  expect(r.pp).toBe('(x ** TensorConstant{2})');
  expect(r.square).toBe('9.0'); // 3²
  expect(r.squareSync).toBe(16); // 4²
  // A = [[1,2,3],[4,5,6]], x = [1,2,3]: A·x = [1+4+9, 4+10+18] = [14, 32]; + b = [4, 5]; Σ A² = 1+4+9+16+25+36
  expect(r.mixed).toEqual({ shape: [2], values: [18, 37] });
  expect(r.total).toBe(91);
  expect(r.mixedDefault).toEqual({ shape: [2], values: [14, 32] });
  // [[3,4],[2,1]] squared; the update returns the old value [[1,2],[3,4]] and leaves it minus ones
  expect(r.squared).toEqual({ shape: [2, 2], values: [9, 16, 4, 1] });
  expect(r.returned).toEqual({ shape: [2, 2], values: [1, 2, 3, 4] });
  expect(r.after).toEqual({ shape: [2, 2], values: [0, 1, 2, 3] });
  expect(r.grad).toBe(20); // d(x²)/dx at 10
  expect(r.jacobian).toEqual({ shape: [2, 3], values: [9, 8, 7, 4, 5, 6] }); // d(A·x + b)/dx = A
  // Rop of x·W along V at x = [0, 1]: x·V = [2, 2]
  expect(r.rop).toEqual({ shape: [2], values: [2, 2] });
  expect(r.logistic.shape).toEqual([2, 2]);
  [0, 1, -1, -2].forEach((v, k) => {
    expect(Math.abs(r.logistic.values[k]! - sigmoid(v)), `logistic(${v})`).toBeLessThan(1e-6);
  });
}

beforeAll(async () => {
  if (!existsSync(join(DIST, 'theano-ts-webgl.js'))) {
    throw new Error(`${DIST}/theano-ts-webgl.js is missing: build the package first (npm run build)`);
  }
  work = mkdtempSync(join(tmpdir(), 'theano-ts-web-'));
  // the README page, with dist/browser/ copied next to it as browser/
  routes.set('/readme/index.html', { body: readmeExample() });
  dirs.push(['/readme/browser/', DIST]);
  // test/web/app bundled by esbuild: the packages resolved through their package.json, nothing external
  const bundled = await esbuild({
    entryPoints: [join(WEB, 'app', 'main.js')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  expect(bundled.errors).toEqual([]);
  routes.set('/esbuild/index.html', { file: join(WEB, 'app', 'index.html') });
  routes.set('/esbuild/main.js', { body: bundled.outputFiles[0]!.text });
  // the same app built by Vite with no configuration file
  const viteOut = join(work, 'vite');
  await viteBuild({
    root: join(WEB, 'app'),
    configFile: false,
    logLevel: 'error',
    build: { outDir: viteOut, emptyOutDir: true, chunkSizeWarningLimit: 4096 },
  });
  // served at the root, where Vite's default base ('/') puts its assets; the other pages have their folders
  dirs.push(['/', viteOut]);
  // the strict-CSP page: no inline script of its own but one that the policy must block
  routes.set('/csp/index.html', {
    body:
      '<!doctype html><meta charset="utf-8"><title>theano-ts under CSP</title><script src="./listen.js"></script>' +
      '<script type="module" src="./page.js"></script><script>window.__inlineRan = true;</script>',
  });
  routes.set('/csp/listen.js', { file: join(WEB, 'listen.js') });
  routes.set('/csp/page.js', { file: join(WEB, 'csp-page.js') });
  routes.set('/csp/seed.js', { file: join(WEB, 'seed.js') });
  dirs.push(['/csp/browser/', DIST]);
  await serve();
  const launch = await findChromium();
  browser = await chromium.launch({ executablePath: launch.executablePath, args: [...launch.args], headless: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the README's web-page example", () => {
  it('runs as written on webgl, from the browser bundle copied next to it', async () => {
    const v = await visit<string[]>('/readme/', () => {
      const lines = (document.querySelector('#out')?.textContent ?? '').split('\n').filter(Boolean);
      return lines.length >= 5 ? lines : null;
    });
    const [first, mix, logistic0, logistic1, grad] = v.results;
    expect(first).toBe('(x ** TensorConstant{2}) = 9.0 on webgl');
    expect(mix).toBe('[18. 37.] 91.0');
    const nums = (s: string | undefined) => (s ?? '').match(/-?\d+(\.\d*)?(e[-+]?\d+)?/g)!.map(Number);
    const printed = [...nums(logistic0), ...nums(logistic1)];
    // printed to float32's 8 significant digits
    [0, 1, -1, -2].forEach((x, k) => {
      expect(Math.abs(printed[k]! - sigmoid(x)), `logistic(${x})`).toBeLessThan(1e-7);
    });
    expect(grad).toBe('20.0');
    // it named its backend (theano.config.backend = 'webgl'): no note about the default
    expect(v.console.filter((l) => l.includes('names no backend'))).toEqual([]);
  }, 90_000);
});

describe('the packages through a bundler, nothing configured', () => {
  for (const [tool, path] of [
    ['esbuild', '/esbuild/'],
    ['vite', '/'],
  ]) {
    it(`${tool}: runs the seed on webgl; pydotprint gives SVG, and says a page cannot write its outfile`, async () => {
      const { results } = await visit<AppResults>(path!, windowResults);
      expectSeed(results.seed, 'webgl');
      expect(results.backends).toEqual(expect.arrayContaining(['ref', 'webgl']));
      expect(results.svg).toMatch(/<svg[\s\S]*<\/svg>\s*$/);
      expect(results.svg).toContain('class="node"');
      expect(results.outfile).toMatch(/^Error: pydotprint: cannot write graph\.svg: there is no file system here/);
    }, 90_000);
  }
});

describe("the browser bundle under Content-Security-Policy: script-src 'self'", () => {
  let v: Visit<CspResults>;
  beforeAll(async () => {
    v = await visit<CspResults>('/csp/', windowResults);
  }, 90_000);

  it('runs the seed on ref (fused loops interpreted) and on webgl', () => {
    expectSeed(v.results.ref, 'ref');
    expectSeed(v.results.webgl, 'webgl');
    expect(v.results.codegenEnabled).toBe(false);
  });

  it("the policy is in force; the bundle's one refusal is the reference backend's eval probe, and no WebAssembly", () => {
    expect(v.violations.filter((x) => x.blockedURI === 'inline')).toHaveLength(1);
    expect(v.violations.filter((x) => x.blockedURI !== 'inline')).toEqual([
      { directive: 'script-src', blockedURI: 'eval', sourceFile: `${base}/csp/browser/theano-ts-webgl.js` },
    ]);
  });

  it('notes once on the console that a function naming no backend runs on ref', () => {
    expect(v.results.defaultBackend).toBe('ref');
    const notes = v.console.filter((l) => l.includes('names no backend'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^\[info\] theano-ts: function "double" names no backend, so it runs on .*'ref'/);
    expect(notes[0]).toContain("{ backend: 'webgl' }");
    expect(notes[0]).toContain("theano.config.floatX = 'float32'");
  });

  it("answers a misspelt backend name ('WebGL') with the one it resembles", () => {
    expect(v.results.misspelt).toMatch(/^Error: Unknown backend "WebGL": .*did you mean 'webgl'\?/);
  });
});
