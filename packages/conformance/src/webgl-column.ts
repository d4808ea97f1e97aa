/**
 * The conformance command's webgl column (node side): finds what it needs (the @theano-ts/backend-webgl
 * package, the optional dependencies esbuild and playwright-core, and Chromium), then runs `webgl-page.ts`
 * in headless Chromium through `browser-harness.ts` and returns its cells. When something is missing,
 * `prepareWebGLColumn` says what and how to get it, and the command prints that instead of the column.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChromiumLaunch } from './browser-harness.js';
import type { CellResult } from './runner.js';
import type { WebGLPageParams, WebGLPageResults } from './webgl-page.js';

/** Running from the TypeScript sources (vitest) rather than from dist/. */
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** The workspace packages' sources, which a page bundled from the sources imports (as vitest does). */
function sourceAliases(): Record<string, string> {
  const src = (pkg: string) => here(`../../${pkg}/src/index.ts`);
  return {
    'theano-ts': src('theano-ts'),
    '@theano-ts/core': src('core'),
    '@theano-ts/backend-ref': src('backend-ref'),
    '@theano-ts/backend-webgl': src('backend-webgl'),
  };
}

/** The entry file of @theano-ts/backend-webgl: installed, or this repository's build of it. */
function findWebGLPackage(): string | null {
  if (FROM_SOURCES) return sourceAliases()['@theano-ts/backend-webgl']!;
  try {
    return fileURLToPath(import.meta.resolve('@theano-ts/backend-webgl'));
  } catch {
    // in this repository's workspace, the sibling package's build stands in for the installed one
    const sibling = here('../../backend-webgl/dist/index.js');
    return existsSync(sibling) ? sibling : null;
  }
}

/** Everything the column needs, found. */
export interface WebGLColumnReady {
  ok: true;
  webglEntry: string;
  launch: ChromiumLaunch;
  runInChromium: typeof import('./browser-harness.js').runInChromium;
}

/** Why the column cannot run. */
export interface WebGLColumnMissing {
  ok: false;
  why: string;
}

/** Finds the webgl package, esbuild, playwright-core and Chromium; says what is missing otherwise. */
export async function prepareWebGLColumn(log: (line: string) => void): Promise<WebGLColumnReady | WebGLColumnMissing> {
  const webglEntry = findWebGLPackage();
  if (!webglEntry) {
    return {
      ok: false,
      why: 'the @theano-ts/backend-webgl package is not installed (install it to get the webgl column)',
    };
  }
  let harness: typeof import('./browser-harness.js');
  try {
    harness = await import('./browser-harness.js');
  } catch (e) {
    return {
      ok: false,
      why: `the webgl column runs in headless Chromium through the optional dependencies esbuild and playwright-core, which did not load (${(e as Error)?.message ?? e}); install them (npm install esbuild playwright-core)`,
    };
  }
  try {
    const launch = await harness.findChromium(log);
    return { ok: true, webglEntry, launch, runInChromium: harness.runInChromium };
  } catch (e) {
    return { ok: false, why: (e as Error)?.message ?? String(e) };
  }
}

/** Options of `runWebGLColumn`. */
export interface WebGLColumnOptions {
  /** Only the cases whose id contains this. */
  filter?: string;
  /** A case still running after this many milliseconds fails. */
  caseTimeoutMs?: number;
  /** Give up on the whole page after this many milliseconds (default 15 minutes). */
  pageTimeoutMs?: number;
  /** Receives the page's console lines (progress every 100 cases). */
  onConsole?: (line: string) => void;
}

/** Runs the webgl column in Chromium; resolves to its cells and the page's milliseconds. */
export async function runWebGLColumn(
  ready: WebGLColumnReady,
  opts: WebGLColumnOptions = {},
): Promise<WebGLPageResults> {
  const page = here(FROM_SOURCES ? './webgl-page.ts' : './webgl-page.js');
  const params: WebGLPageParams = {};
  if (opts.filter !== undefined) params.filter = opts.filter;
  if (opts.caseTimeoutMs !== undefined) params.timeoutMs = opts.caseTimeoutMs;
  return ready.runInChromium<WebGLPageResults>(page, {
    launch: ready.launch,
    preload: [ready.webglEntry],
    ...(FROM_SOURCES ? { alias: sourceAliases() } : {}),
    params,
    timeoutMs: opts.pageTimeoutMs ?? 15 * 60_000,
    ...(opts.onConsole ? { onConsole: opts.onConsole } : {}),
  });
}

export type { CellResult };
