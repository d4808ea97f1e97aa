/**
 * Runs a page in headless Chromium (node only; needs the optional dependencies esbuild and playwright-core):
 * bundles a browser entry with esbuild, serves it on 127.0.0.1, opens it through playwright-core (WebGL2 on
 * SwiftShader where there is no GPU, a fresh profile, no network) and returns what the page leaves in
 * `window.__results` (the page sets `window.__error` instead when it fails). The conformance command's
 * webgl column and the WebGL backend's browser tests both run their pages through it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

/** How to start Chromium: its executable and command-line flags. */
export interface ChromiumLaunch {
  executablePath: string;
  args: readonly string[];
}

/** What the repository's `scripts/ensure-chromium.mjs` exports. */
interface EnsureChromiumScript {
  ensureChromium(opts?: { log?: (line: string) => void }): string;
  CHROMIUM_ARGS: string[];
}

/** The repository's `scripts/ensure-chromium.mjs`, when this module runs inside the repository. */
const ENSURE_SCRIPT = fileURLToPath(new URL('../../../scripts/ensure-chromium.mjs', import.meta.url));

/** Flags used outside the repository (the repository's script has the same): WebGL2 on SwiftShader, no sandbox, no network. */
const FALLBACK_ARGS = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--headless',
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Finds Chromium: inside the repository through `scripts/ensure-chromium.mjs` ($CHROMIUM_PATH, or Debian's
 * /usr/bin/chromium, installed when run as root on Debian); elsewhere $CHROMIUM_PATH or /usr/bin/chromium.
 * Throws an Error saying what is missing and how to get it.
 */
export async function findChromium(log: (line: string) => void = (l) => console.error(l)): Promise<ChromiumLaunch> {
  if (existsSync(ENSURE_SCRIPT)) {
    const script = (await import(pathToFileURL(ENSURE_SCRIPT).href)) as EnsureChromiumScript;
    return { executablePath: script.ensureChromium({ log }), args: script.CHROMIUM_ARGS };
  }
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `Chromium is missing (no ${path}): install Debian's "chromium" package or set CHROMIUM_PATH to a Chromium executable`,
    );
  }
  return { executablePath: path, args: FALLBACK_ARGS };
}

/** Options of `bundle`. */
export interface BundleOptions {
  /** Module names replaced by files (the workspace packages by their sources, in tests). */
  alias?: Record<string, string>;
  /** Modules imported for their side effects before the entry (a backend that registers itself). */
  preload?: readonly string[];
}

/** Bundles a browser entry into one ES module (its text). */
export async function bundle(entry: string, opts: BundleOptions = {}): Promise<string> {
  const imports = [...(opts.preload ?? []), entry].map((p) => `import ${JSON.stringify(p)};`).join('\n');
  const out = await build({
    stdin: { contents: imports, resolveDir: process.cwd(), loader: 'js', sourcefile: 'page-entry.js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    alias: opts.alias ?? {},
    // core imports Graphviz lazily, only to render SVG, which these pages never do (left out: a faster build)
    external: ['@viz-js/viz'],
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
export interface ChromiumRunOptions extends BundleOptions {
  /** Give up waiting for `window.__results` after this many milliseconds. */
  timeoutMs: number;
  /** Receives the page's console lines. */
  onConsole?: (line: string) => void;
  /** Set as `window.__params` before the page's script runs (JSON). */
  params?: unknown;
  /** Chromium to start (default: `findChromium()`). */
  launch?: ChromiumLaunch;
  /** Extra Chromium flags. */
  extraArgs?: readonly string[];
}

/**
 * Bundles `entry`, opens it in Chromium and resolves to `window.__results` once the page sets it (the page
 * sets `window.__error` instead when it fails). One browser per call, closed before returning.
 */
export async function runInChromium<T>(entry: string, opts: ChromiumRunOptions): Promise<T> {
  const launch = opts.launch ?? (await findChromium());
  const script = await bundle(entry, opts);
  const { server, url } = await serve(script);
  const profile = mkdtempSync(join(tmpdir(), 'theano-ts-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: launch.executablePath,
      headless: true,
      args: [...launch.args, ...(opts.extraArgs ?? [])],
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('console', (m) => opts.onConsole?.(`[${m.type()}] ${m.text()}`));
      page.on('pageerror', (e) => opts.onConsole?.(`[pageerror] ${e.message}`));
      if (opts.params !== undefined) {
        await page.addInitScript((p: string) => {
          (window as unknown as { __params: unknown }).__params = JSON.parse(p);
        }, JSON.stringify(opts.params));
      }
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
      if (error !== undefined) throw new Error(`the page failed: ${error}`);
      const json = await page.evaluate(() => JSON.stringify((window as unknown as { __results: unknown }).__results));
      return JSON.parse(json) as T;
    } finally {
      await context.close();
    }
  } finally {
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
