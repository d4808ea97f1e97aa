// theano-ts on a page served with a strict Content-Security-Policy (`script-src 'self'`: no inline scripts,
// no eval): Chromium (Debian's, through playwright-core) loads test/browser/csp-page.ts, bundled by esbuild
// into a separate .js file, which runs the seed's cases on ref and on webgl. The page counts every
// `securitypolicyviolation` event and every uncaught error; the values are checked against numbers computed
// here by hand. Without WebGL (Chromium with no GPU and no software rasterizer) the webgl backend says the browser has none.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, findChromium } from '../../conformance/src/browser-harness.ts';
import type { BackendResults, CspPageResults } from './browser/csp-page.ts';

const PAGE = fileURLToPath(new URL('./browser/csp-page.ts', import.meta.url));
const src = (pkg: string) => fileURLToPath(new URL(`../../${pkg}/src/index.ts`, import.meta.url));
const ALIASES = {
  'theano-ts': src('theano-ts'),
  '@theano-ts/core': src('core'),
  '@theano-ts/backend-ref': src('backend-ref'),
  '@theano-ts/backend-webgl': src('backend-webgl'),
};
const CSP = "script-src 'self'";

/** A classic script run before the page's module: records CSP violations and uncaught errors. */
const LISTEN = `
window.__csp = [];
window.__cspErrors = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push({ directive: e.effectiveDirective, blockedURI: e.blockedURI, sourceFile: e.sourceFile, line: e.lineNumber });
});
window.addEventListener('error', function (e) { window.__cspErrors.push('error: ' + e.message); });
window.addEventListener('unhandledrejection', function (e) { window.__cspErrors.push('unhandledrejection: ' + String(e.reason)); });
`;
const HTML =
  '<!doctype html><meta charset="utf-8"><title>theano-ts under CSP</title>' +
  '<script src="/listen.js"></script><script type="module" src="/page.js"></script>' +
  // an inline script, which the policy must block (the proof that the header is in force)
  '<script>window.__inlineRan = true;</script>';

interface Violation {
  directive: string;
  blockedURI: string;
  sourceFile: string;
  line: number;
}

interface Visit {
  results: CspPageResults;
  violations: Violation[];
  inlineRan: boolean;
  console: string[];
}

let server: Server;
let base: string;
/** The bundle's line where tfjs-core's dependency long.js compiles its tiny WebAssembly helper (in a try/catch). */
let longWasmLine = -1;
let profile: string;
let visits: { auto: Visit; off: Visit; noWebGL: Visit; bigDot: Visit; bigDotOff: Visit };

async function serve(): Promise<void> {
  const script = await bundle(PAGE, { alias: ALIASES });
  const lines = script.split('\n');
  const longStart = lines.findIndex((l) => /^\/\/ .*\/long\/src\/long\.js$/.test(l));
  longWasmLine = lines.findIndex((l, k) => k > longStart && l.includes('new WebAssembly.Module(')) + 1;
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const headers = { 'content-security-policy': CSP };
    if (path === '/page.js' || path === '/listen.js') {
      res.writeHead(200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' });
      res.end(path === '/page.js' ? script : LISTEN);
    } else if (path === '/') {
      res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
      res.end(HTML);
    } else {
      res.writeHead(404, headers);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** Opens the page in a fresh Chromium and polls (through the DevTools protocol) until it has results. */
async function visit(query: string, extraArgs: readonly string[] = []): Promise<Visit> {
  const launch = await findChromium();
  const context = await chromium.launchPersistentContext(mkdtempSync(join(profile, 'p-')), {
    executablePath: launch.executablePath,
    headless: true,
    args: [...launch.args, ...extraArgs],
  });
  const lines: string[] = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => lines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
    await page.goto(`${base}${query}`);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const state = await page.evaluate(() => {
        const w = window as unknown as { __results?: unknown; __error?: string };
        return w.__error ?? (w.__results === undefined ? null : 'done');
      });
      if (state === 'done') break;
      if (state !== null) throw new Error(`the page failed: ${state}`);
      if (Date.now() > deadline) throw new Error(`no results after 120 s; console:\n${lines.join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // violation events are dispatched as tasks of their own: let any pending one arrive
    await new Promise((r) => setTimeout(r, 300));
    const json = await page.evaluate(() => {
      const w = window as unknown as { __results: unknown; __csp: unknown; __inlineRan?: boolean };
      return JSON.stringify({ results: w.__results, violations: w.__csp, inlineRan: w.__inlineRan === true });
    });
    return { ...(JSON.parse(json) as Omit<Visit, 'console'>), console: lines };
  } finally {
    await context.close();
  }
}

beforeAll(async () => {
  profile = mkdtempSync(join(tmpdir(), 'theano-ts-csp-'));
  await serve();
  visits = {
    auto: await visit(''),
    off: await visit('?codegen=off'),
    noWebGL: await visit('', ['--disable-gpu', '--disable-software-rasterizer']),
    bigDot: await visit('?matmul=big'),
    bigDotOff: await visit('?matmul=off'),
  };
}, 300_000);

afterAll(() => {
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const X = [0.5, -1, 2, 0.125];
const Y = [0.3, 0.7, -0.25, 8];
const TANH = X.map((x, i) => Math.tanh(x * Y[i]! + 1));
/** d/dx sum(tanh(x·y + 1)) = y·(1 − tanh²(x·y + 1)). */
const GRAD = TANH.map((t, i) => Y[i]! * (1 - t * t));

function expectClose(actual: number[] | undefined, expected: number[], tol: number, label: string): void {
  expect(actual, label).toBeDefined();
  expect(actual!.length, `${label}: length`).toBe(expected.length);
  actual!.forEach((a, k) => {
    expect(Math.abs(a - expected[k]!), `${label}[${k}]: ${a} vs ${expected[k]}`).toBeLessThanOrEqual(
      tol * Math.max(1, Math.abs(expected[k]!)),
    );
  });
}

/** The seed's numbers: A = [[1,2,3],[4,5,6]], x = [1,2,3]: A·x = [14, 32], sum(A²) = 91; b = [4,5]: [18, 37]. */
function expectSeedValues(r: BackendResults, tol: number, label: string): void {
  expect(r.error, `${label}: error`).toBeUndefined();
  expectClose(r.linearMix?.y, [14, 32], tol, `${label} linear_mix(A, x)`);
  expect(r.linearMix?.z, `${label} sum(A**2)`).toBe(91);
  expectClose(r.linearMix?.yGiven, [18, 37], tol, `${label} linear_mix(A, x, b)`);
  expectClose(r.fused?.values, TANH, tol, `${label} tanh(x*y+1)`);
  expectClose(r.grad?.values, GRAD, tol, `${label} grad`);
  expect(r.seedGrad, `${label} grad(foo**2) at 10`).toBe(20);
}

/**
 * The violations besides the page's own inline script: tfjs-core's long.js tries `new WebAssembly.Module`
 * once at import (caught; it falls back to plain JS), which `script-src 'self'` refuses as 'wasm-eval'.
 */
function others(violations: Violation[]): Violation[] {
  return violations.filter(
    (x) => x.blockedURI !== 'inline' && !(x.blockedURI === 'wasm-eval' && x.line === longWasmLine),
  );
}

describe("a page served with Content-Security-Policy: script-src 'self'", () => {
  it('is under the policy: its inline script is blocked and reported', () => {
    for (const v of [visits.auto, visits.off]) {
      expect(v.inlineRan).toBe(false);
      expect(v.violations.filter((x) => x.blockedURI === 'inline')).toHaveLength(1);
    }
  });

  it("the one WebAssembly compile refused is long.js's, inside tfjs-core, at import", () => {
    expect(longWasmLine).toBeGreaterThan(0);
    for (const v of [visits.auto, visits.off]) {
      const wasm = v.violations.filter((x) => x.blockedURI === 'wasm-eval');
      expect(wasm).toHaveLength(1);
      expect(wasm[0]!.line).toBe(longWasmLine);
      expect(wasm[0]!.sourceFile).toMatch(/\/page\.js$/);
    }
  });

  it('ref runs the seed cases with the fused loops interpreted; the only eval refused is the one probe', () => {
    const { results, violations } = visits.auto;
    expectSeedValues(results.ref, 1e-12, 'ref');
    // the chain and its gradient ran as fused Composite nodes, which the page could not compile
    expect(results.ref.fused?.kinds).toEqual(['composite']);
    expect(results.ref.grad?.kinds).toContain('composite');
    expect(results.codegenEnabled).toBe(false);
    expect(others(violations)).toEqual([
      {
        directive: 'script-src',
        blockedURI: 'eval',
        sourceFile: expect.stringMatching(/\/page\.js$/),
        line: expect.any(Number),
      },
    ]);
    expect(results.errors).toEqual([]);
  });

  it("with setCodegen('off') nothing is even tried: no eval violation at all", () => {
    const { results, violations } = visits.off;
    expectSeedValues(results.ref, 1e-12, 'ref');
    expect(results.ref.fused?.kinds).toEqual(['composite']);
    expect(results.codegenEnabled).toBe(false);
    expect(others(violations)).toEqual([]);
    expect(results.errors).toEqual([]);
  });

  it('webgl (tfjs) runs the seed cases in float32 with no eval of its own', () => {
    // with codegen off, the page's only violations are the inline script and long.js (checked above)
    expectSeedValues(visits.off.results.webgl, 2e-6, 'webgl');
    expectSeedValues(visits.auto.results.webgl, 2e-6, 'webgl');
  });
});

describe("ref's WebAssembly matrix kernel under script-src 'self'", () => {
  /** Σ_p (i − p)(p + 2j) over p < 30, row-major 20×20, summed here in plain JS (small integers: exact). */
  const want = Array.from({ length: 400 }, (_, q) => {
    const [i, j] = [Math.floor(q / 20), q % 20];
    let s = 0;
    for (let p = 0; p < 30; p++) s += (i - p) * (p + 2 * j);
    return s;
  });
  const wasmEval = (v: Visit) => v.violations.filter((x) => x.blockedURI === 'wasm-eval');

  it('is refused once (one more wasm-eval violation), and the product runs in plain JS with no error', () => {
    const { results } = visits.bigDot;
    expect(results.ref.error).toBeUndefined();
    expect(results.ref.bigDot?.values).toEqual(want);
    expect(results.ref.bigDot?.wasm).toBe(false);
    const wasm = wasmEval(visits.bigDot);
    expect(wasm).toHaveLength(2);
    expect(wasm.filter((x) => x.line !== longWasmLine)).toHaveLength(1);
    expect(results.errors).toEqual([]);
  });

  it("with setMatmulWasm('off') nothing is tried: only long.js's violation", () => {
    const { results } = visits.bigDotOff;
    expect(results.ref.bigDot?.values).toEqual(want);
    expect(wasmEval(visits.bigDotOff).map((x) => x.line)).toEqual([longWasmLine]);
    expect(results.errors).toEqual([]);
  });
});

describe('a browser without WebGL', () => {
  it('ref still runs; webgl says this browser has no WebGL2 context', () => {
    const { results } = visits.noWebGL;
    expectSeedValues(results.ref, 1e-12, 'ref');
    expect(results.webgl.error).toMatch(/^Error: webgl: this browser has no WebGL2 context/);
  });
});
