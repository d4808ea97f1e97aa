/**
 * Runs a benchmark page in Chromium: bundles the TypeScript page with esbuild (the workspace packages read
 * from their sources), serves it on 127.0.0.1, opens it in Debian's Chromium through playwright-core (WebGL2,
 * SwiftShader where there is no GPU, a fresh profile, no network) and returns `window.__results`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

/** What `scripts/ensure-chromium.mjs` exports. */
interface EnsureChromium {
  ensureChromium(): string;
  CHROMIUM_ARGS: string[];
}

/** Bundles `entry` into one ES module, the workspace packages resolved to `<root>/packages/*\/src`. */
async function bundle(entry: string, root: string): Promise<string> {
  const src = (pkg: string) => join(root, 'packages', pkg, 'src', 'index.ts');
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    alias: {
      'theano-ts': src('theano-ts'),
      '@theano-ts/core': src('core'),
      '@theano-ts/backend-ref': src('backend-ref'),
      '@theano-ts/backend-webgl': src('backend-webgl'),
    },
    external: ['node:*', '@viz-js/viz'],
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

/** Opens the bundled `entry` in Chromium and resolves to what it leaves in `window.__results`. */
export async function runPage<T>(entry: string, root: string, timeoutMs: number, log: (s: string) => void): Promise<T> {
  const ensure = (await import(pathToFileURL(join(root, 'scripts', 'ensure-chromium.mjs')).href)) as EnsureChromium;
  const executablePath = ensure.ensureChromium();
  const script = await bundle(entry, root);
  const server = createServer((req, res) => {
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(script);
    } else if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>');
    } else {
      res.writeHead(204);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const profile = mkdtempSync(join(tmpdir(), 'theano-ts-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ensure.CHROMIUM_ARGS,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => log(`[page] ${m.text()}`));
    page.on('pageerror', (e) => log(`[page error] ${e.message}`));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(
      () => {
        const w = window as unknown as { __results?: unknown; __error?: unknown };
        return w.__results !== undefined || w.__error !== undefined;
      },
      null,
      { timeout: timeoutMs, polling: 250 },
    );
    const error = await page.evaluate(() => (window as unknown as { __error?: string }).__error);
    if (error !== undefined) throw new Error(`the benchmark page failed: ${error}`);
    const json = await page.evaluate(() => JSON.stringify((window as unknown as { __results: unknown }).__results));
    return JSON.parse(json) as T;
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
