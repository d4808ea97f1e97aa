// Node side of the browser tests: bundles a page entry (TypeScript, the workspace packages read from their
// sources) with esbuild, serves it on 127.0.0.1, opens it in Debian's Chromium through playwright-core
// (WebGL2 on SwiftShader, a fresh profile, no network) and returns what the page leaves in
// `window.__results`.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
// @ts-expect-error: a plain .mjs script of the repository, without type declarations
import { CHROMIUM_ARGS, ensureChromium } from '../../../../scripts/ensure-chromium.mjs';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const src = (pkg: string) => join(ROOT, 'packages', pkg, 'src', 'index.ts');

/** The workspace packages, resolved to their TypeScript sources (as vitest does). */
export const WORKSPACE_ALIASES: Record<string, string> = {
  'theano-ts': src('theano-ts'),
  '@theano-ts/core': src('core'),
  '@theano-ts/backend-ref': src('backend-ref'),
  '@theano-ts/backend-webgl': src('backend-webgl'),
};

/** Bundles a browser entry into one ES module (its text). */
export async function bundle(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    alias: WORKSPACE_ALIASES,
    // core imports these lazily, only to write files or render SVG: never in the page
    external: ['node:*', '@viz-js/viz'],
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return out.outputFiles[0]!.text;
}

/** Serves the page and its script; resolves to the server and its base URL. */
async function serve(script: string): Promise<{ server: Server; url: string }> {
  const html =
    '<!doctype html><meta charset="utf-8"><title>theano-ts webgl</title><script type="module" src="/page.js"></script>';
  const server = createServer((req, res) => {
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(script);
    } else if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    } else if (req.url === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/` };
}

/** Options of `runInChromium`. */
export interface RunOptions {
  /** Give up waiting for `window.__results` after this many milliseconds. */
  timeoutMs: number;
  /** Receives the page's console lines. */
  onConsole?: (line: string) => void;
}

/**
 * Bundles `entry`, opens it in Chromium and resolves to `window.__results` once the page sets it (the page
 * sets `window.__error` instead when it fails). One browser per call, closed before returning.
 */
export async function runInChromium<T>(entry: string, opts: RunOptions): Promise<T> {
  const executablePath = ensureChromium() as string;
  const script = await bundle(entry);
  const { server, url } = await serve(script);
  const profile = mkdtempSync(join(tmpdir(), 'theano-ts-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    // --expose-gc: the page collects garbage to check that dropped functions free their GPU memory
    args: [...(CHROMIUM_ARGS as string[]), '--js-flags=--expose-gc'],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => opts.onConsole?.(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => opts.onConsole?.(`[pageerror] ${e.message}`));
    await page.goto(url);
    await page.waitForFunction(
      () => {
        const w = window as unknown as { __results?: unknown; __error?: unknown };
        return w.__results !== undefined || w.__error !== undefined;
      },
      null,
      { timeout: opts.timeoutMs, polling: 100 },
    );
    const error = await page.evaluate(() => (window as unknown as { __error?: string }).__error);
    if (error !== undefined) throw new Error(`the test page failed: ${error}`);
    const json = await page.evaluate(() => JSON.stringify((window as unknown as { __results: unknown }).__results));
    return JSON.parse(json) as T;
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
