/**
 * The browser page of the conformance command's webgl column (bundled and opened by `webgl-column.ts`, the
 * WebGL backend imported before it so that it is registered): runs the cases `window.__params.filter`
 * selects on webgl, float64 ones again in float32 (`runFloat32Column`), and leaves the cells in
 * `window.__results` (`window.__error` when it fails). Logs its progress every 100 cases.
 */
import type { Backend } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { selectCases } from './cases.js';
import { runFloat32Column } from './float32-column.js';
import type { CellResult } from './runner.js';

/** What the node side passes (`window.__params`). */
export interface WebGLPageParams {
  filter?: string;
  timeoutMs?: number;
}

/** What the page leaves in `window.__results`. */
export interface WebGLPageResults {
  cells: CellResult[];
  /** The page's milliseconds. */
  ms: number;
}

const w = globalThis as unknown as { __params?: WebGLPageParams; __results?: WebGLPageResults; __error?: string };

async function main(): Promise<WebGLPageResults> {
  const t0 = performance.now();
  const params = w.__params ?? {};
  const strict = theano.getBackend('webgl');
  // the registered webgl backend is also a factory of variants with other default options
  const factory = strict as unknown as (opts: { allowFloat64Downcast: boolean }) => Backend;
  if (typeof factory !== 'function') throw new Error('the registered "webgl" backend is not the webgl factory');
  const downcast = factory({ allowFloat64Downcast: true });
  const cases = selectCases(params.filter);
  const cells = await runFloat32Column(cases, strict, downcast, {
    timeoutMs: params.timeoutMs ?? 60_000,
    onProgress: (done, total) => {
      if (done % 100 === 0 || done === total) console.log(`webgl: ${done} of ${total} cases`);
    },
  });
  return { cells, ms: Math.round(performance.now() - t0) };
}

main().then(
  (r) => {
    w.__results = r;
  },
  (e: unknown) => {
    w.__error = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e);
  },
);
