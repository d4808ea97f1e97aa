// The browser bundle the package's build writes (dist/browser/theano-ts-webgl.js) works in Chromium: the
// whole API, with the WebGL backend registered.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runInChromium } from './browser/harness.js';

const bundlePath = fileURLToPath(new URL('../dist/browser/theano-ts-webgl.js', import.meta.url));

describe('the browser bundle', () => {
  // the bundle is a build output: `npm test` builds first; a bare `vitest run` before any build skips this
  it.skipIf(!existsSync(bundlePath))(
    'runs the seed square on webgl from dist/browser/theano-ts-webgl.js',
    async () => {
      const r = (await runInChromium(fileURLToPath(new URL('./browser/bundle-page.ts', import.meta.url)), {
        timeoutMs: 60_000,
      })) as { pp: string; value: number; printed: string; sync: number; backends: string[] };
      expect(r.pp).toBe('(x ** TensorConstant{2})');
      expect(r.value).toBe(9);
      expect(r.printed).toBe('9.0');
      expect(r.sync).toBe(16);
      expect(r.backends).toEqual(expect.arrayContaining(['ref', 'webgl']));
    },
    120_000,
  );
});
