// The built playground in a real browser: builds the site with Vite (its programmatic API), serves dist/
// on 127.0.0.1, opens it in Debian's Chromium (playwright-core, WebGL2 on SwiftShader) with every request
// outside that server refused, runs the tutorial's linear mix on ref and its gradient example on webgl,
// checks the printed values against values worked out by hand and that the graph and plot panes hold
// drawings, and saves a screenshot to out/playground.png (gitignored); with UPDATE_SCREENSHOT=1 it writes
// docs/images/playground.png instead, the picture the README shows.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script of the repository, without type declarations
import { CHROMIUM_ARGS, ensureChromium } from '../../../scripts/ensure-chromium.mjs';

const APP = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(APP, 'dist');
const SCREENSHOT = fileURLToPath(
  new URL(
    process.env.UPDATE_SCREENSHOT ? '../../../docs/images/playground.png' : '../../../out/playground.png',
    import.meta.url,
  ),
);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Serves the files of `root` on 127.0.0.1 (a static server of a few lines, as any would). */
async function serveStatic(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root)) {
      res.writeHead(403);
      res.end();
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      },
      () => {
        res.writeHead(404);
        res.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/` };
}

/** The numbers written in a printed line, in order (`'[14. 32.] 91.0'` → [14, 32, 91]). */
const nums = (line: string) => (line.match(/-?\d+(\.\d*)?(e[-+]?\d+)?/g) ?? []).map(Number);

interface Panes {
  state: string;
  status: string;
  printed: string[];
  pp: string;
  debugprint: string;
  graphNodes: string[];
  polylines: number[];
}

/** Picks an example and a backend, clicks Run, waits for the run to end and reads the panes. */
async function runExample(page: Page, id: string, backend: 'webgl' | 'ref'): Promise<Panes> {
  const before = Number(await page.getAttribute('body', 'data-runs'));
  await page.selectOption('#example', id);
  await page.selectOption('#backend', backend);
  await page.click('#run');
  await page.waitForSelector(`body[data-runs="${before + 1}"]`, { timeout: 60_000 });
  return page.evaluate(() => {
    const text = (sel: string) => document.querySelector(sel)?.textContent ?? '';
    return {
      state: document.body.dataset.state ?? '',
      status: text('#status'),
      printed: text('#printed').split('\n'),
      pp: text('#pp'),
      debugprint: text('#debugprint'),
      // Graphviz draws each node as <g class="node">: a <title> (its id), a shape and its label in <text>
      graphNodes: [...document.querySelectorAll('#graph svg g.node')].map((g) =>
        [...g.querySelectorAll('text')].map((t) => t.textContent ?? '').join(' '),
      ),
      polylines: [...document.querySelectorAll('#plot svg polyline')].map(
        (p) => (p.getAttribute('points') ?? '').trim().split(/\s+/).length,
      ),
    };
  });
}

describe('the playground, built and run in Chromium', () => {
  let browser: Browser;
  let server: Server;
  let url: string;
  let page: Page;
  const offsite: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    const t0 = performance.now();
    await build({ configFile: join(APP, 'vite.config.ts'), root: APP, logLevel: 'warn' });
    const t1 = performance.now();
    ({ server, url } = await serveStatic(DIST));
    browser = await chromium.launch({ executablePath: ensureChromium() as string, args: CHROMIUM_ARGS as string[] });
    const context = await browser.newContext({ viewport: { width: 1360, height: 1000 } });
    // offline: anything not from our server is refused, and recorded
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith(url) || u.startsWith('data:')) return route.continue();
      offsite.push(u);
      return route.abort();
    });
    page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
    });
    await page.goto(url);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 30_000 });
    console.log(
      `playground: vite build ${((t1 - t0) / 1000).toFixed(1)} s, page ready after ${((performance.now() - t1) / 1000).toFixed(1)} s`,
    );
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('offers the examples and both backends', async () => {
    const ids = await page.$$eval('#example option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(ids).toEqual(
      expect.arrayContaining(['square', 'linear-mix', 'gradient', 'shared-update', 'logistic', 'scan']),
    );
    const backends = await page.$$eval('#backend option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(backends).toEqual(['webgl', 'ref']);
  });

  it('runs the linear mix on ref: A·x = [14, 32], A·x + b = [18, 37], the sum of squares 91', async () => {
    const p = await runExample(page, 'linear-mix', 'ref');
    expect(p.state, p.printed.join('\n')).toBe('done');
    expect(p.status).toMatch(/^ran on ref in \d+ ms$/);
    // A = [[1,2,3],[4,5,6]], x = [1,2,3]: 1+4+9 = 14, 4+10+18 = 32; b = [4,5]; 1+4+9+16+25+36 = 91
    expect(p.printed.map(nums)).toEqual([
      [14, 32, 91],
      [18, 37, 91],
    ]);
    // the graph holds the three inputs and a dot product
    for (const label of ['A', 'x', 'b', 'dot']) expect(p.graphNodes).toContain(label);
    expect(p.debugprint).toMatch(/\bdot\b/);
    // the last output is the sum of A's squares
    expect(p.pp).toContain('A ** TensorConstant{2}');
    // two printed 1-D arrays, each a line of two points
    expect(p.polylines).toEqual([2, 2]);
  });

  it('runs the gradient example on webgl: d(x²)/dx at 10 is 20, the jacobian of A·x + b is A', async () => {
    const p = await runExample(page, 'gradient', 'webgl');
    expect(p.state, p.printed.join('\n')).toBe('done');
    expect(p.status).toMatch(/^ran on webgl in \d+ ms$/);
    expect(nums(p.printed[0]!)).toEqual([20]);
    expect(p.printed.slice(1).flatMap(nums)).toEqual([9, 8, 7, 4, 5, 6]);
    expect(p.graphNodes).toContain('xs');
    expect(p.graphNodes.length).toBeGreaterThanOrEqual(3);
    // the slope 3x² and x³, 41 points each on [-2, 2]
    expect(p.polylines).toEqual([41, 41]);
    await page.screenshot({ path: SCREENSHOT });
  });

  it('loaded nothing from outside and logged no error', () => {
    expect(offsite).toEqual([]);
    expect(problems).toEqual([]);
  });
});
