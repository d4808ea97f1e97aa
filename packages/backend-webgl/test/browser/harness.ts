// Node side of the browser tests: the conformance package's Chromium harness (the one the conformance
// command's webgl column runs through), with the workspace packages read from their TypeScript sources (as
// vitest does) and the garbage collector exposed to the page.
import { fileURLToPath } from 'node:url';
import { runInChromium as run } from '../../../conformance/src/browser-harness.ts';

const src = (pkg: string) => fileURLToPath(new URL(`../../../${pkg}/src/index.ts`, import.meta.url));

/** The workspace packages, resolved to their TypeScript sources (as vitest does). */
export const WORKSPACE_ALIASES: Record<string, string> = {
  'theano-ts': src('theano-ts'),
  '@theano-ts/core': src('core'),
  '@theano-ts/backend-ref': src('backend-ref'),
  '@theano-ts/backend-webgl': src('backend-webgl'),
};

/** Options of `runInChromium`. */
export interface RunOptions {
  /** Give up waiting for `window.__results` after this many milliseconds. */
  timeoutMs: number;
  /** Receives the page's console lines. */
  onConsole?: (line: string) => void;
}

/**
 * Bundles `entry` (its workspace imports read from the sources), opens it in Chromium and resolves to
 * `window.__results` once the page sets it. One browser per call, closed before returning.
 */
export function runInChromium<T>(entry: string, opts: RunOptions): Promise<T> {
  // --expose-gc: the page collects garbage to check that dropped functions free their GPU memory
  return run<T>(entry, { ...opts, alias: WORKSPACE_ALIASES, extraArgs: ['--js-flags=--expose-gc'] });
}
