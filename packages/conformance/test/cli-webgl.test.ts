// The conformance command's webgl column, run in headless Chromium (from the sources, as vitest loads
// them), and the float32 mode of the checks it relies on.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CellResult, expectClose, expectPrinted, formatMatrix, main } from '@theano-ts/conformance';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { NotFloat32Error, withFloat32Checks } from '../src/precision.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { log: (s: string) => out.push(s), error: (s: string) => err.push(s) }, out, err };
}

describe('float32 mode of the checks', () => {
  const tenth = theano.fromFloat64([Math.fround(0.1), Math.fround(0.2)], [2], 'float64');

  it('compares float64 values computed in float32 at its tolerance, and records the error', async () => {
    // strictly, 0.1 rounded to float32 is 1.49e-9 away from 0.1: beyond float64's 1e-12
    expect(() => expectClose(tenth, [0.1, 0.2], 'float64')).toThrow(/exceeds the float64 tolerance 1e-12/);
    const ok = await withFloat32Checks(1e-5, async () => expectClose(tenth, [0.1, 0.2], 'float64'));
    expect(ok.threw).toBe(false);
    // |fround(0.2) - 0.2| = 2.98e-9 is the larger error
    expect(ok.maxError).toBeCloseTo(Math.abs(Math.fround(0.2) - 0.2), 15);
    const off = await withFloat32Checks(1e-5, async () => expectClose(tenth, [0.1, 0.2001], 'float64'));
    expect(off.threw).toBe(true);
    expect(String(off.error)).toMatch(/element 1 .*float64 computed in float32 tolerance 0.00001/);
  });

  it('compares printed numbers at the tolerance, the rest of the text exactly', async () => {
    // numpy prints 1/3 and 2/3 with 8 digits: float32's roundings of them show in the last one
    const thirds = theano.fromFloat64([Math.fround(1 / 3), Math.fround(2 / 3)], [2], 'float64');
    expect(String(thirds)).toBe('[0.33333334 0.66666669]');
    expect(() => expectPrinted(thirds, '[0.33333333 0.66666667]')).toThrow(/printed/);
    const printed = await withFloat32Checks(1e-5, async () => expectPrinted(thirds, '[0.33333333 0.66666667]'));
    expect(printed.threw).toBe(false);
    const shape = await withFloat32Checks(1e-5, async () => expectPrinted(thirds, '[[0.33333333 0.66666667]]'));
    expect(shape.threw).toBe(true);
    const far = await withFloat32Checks(1e-5, async () => expectPrinted(thirds, '[0.3334 0.66666667]'));
    expect(far.threw).toBe(true);
  });

  it('rejects expected values float32 cannot hold', async () => {
    const big = theano.fromFloat64([1e300], [1], 'float64');
    const r = await withFloat32Checks(1e-5, async () => expectClose(big, [1e300], 'float64'));
    expect(r.error).toBeInstanceOf(NotFloat32Error);
    expect(String(r.error)).toMatch(/1e\+300 is beyond float32's range/);
  });
});

describe('formatMatrix with a float32 column', () => {
  it('marks cells run in float32 and adds the strict float64 column', () => {
    const cells: CellResult[] = [
      { id: 'a', backend: 'webgl', status: 'pass' },
      {
        id: 'b',
        backend: 'webgl',
        status: 'pass',
        precision: 'float32',
        tolerance: 1e-5,
        strict: { status: 'unsupported', reason: 'float64' },
      },
    ];
    expect(formatMatrix(cells)).toBe(
      [
        'case  webgl        webgl f64',
        '----  -----------  -----------',
        'a     pass         pass',
        'b     pass f32     unsupported',
        '',
        'webgl: 2 pass (1 in float32), 0 fail, 0 unsupported',
        'webgl f64: 1 pass, 0 fail, 1 unsupported',
        '',
        'unsupported on webgl f64: 1 cases whose graphs hold float64 (the backend computes in float32); the webgl column ran them in float32 (f32)',
      ].join('\n'),
    );
  });
});

describe('the webgl column of the conformance command (headless Chromium)', () => {
  it('--backend webgl --filter seed.linear-mix: the float64 linear_mix passes in float32, strictly unsupported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conformance-webgl-'));
    const path = join(dir, 'm.json');
    const { io, out, err } = capture();
    const code = await main(['--backend', 'webgl', '--filter', 'seed.linear-mix', '--json', path], io);
    expect(code, err.join('\n')).toBe(0);
    const text = out[0]!;
    expect(text).toMatch(/^case\s+webgl\s+webgl f64$/m);
    expect(text).toMatch(/^seed\.linear-mix\.float64\s+pass f32\s+unsupported$/m);
    expect(text).toMatch(/^seed\.linear-mix\.float32\s+pass\s+pass$/m);
    expect(text).toContain('webgl: 3 pass (1 in float32), 0 fail, 0 unsupported');
    expect(text).toContain('webgl f64: 2 pass, 0 fail, 1 unsupported');
    const cells = (JSON.parse(readFileSync(path, 'utf8')) as { cases: CellResult[] }).cases;
    expect(cells.map((c) => c.id)).toEqual([
      'seed.linear-mix.float64',
      'seed.linear-mix.float32',
      'seed.linear-mix.floatX',
    ]);
    expect(cells.every((c) => c.backend === 'webgl')).toBe(true);
    const f64 = cells[0]!;
    // y = A·x + b = [18, 37] and Σ A² = 91 (the tutorial's numbers) are exact in float32: no error at all
    expect(f64).toMatchObject({ status: 'pass', precision: 'float32', tolerance: 1e-5 });
    expect(f64.maxError).toBeUndefined();
    expect(f64.strict?.status).toBe('unsupported');
    expect(f64.strict?.reason).toMatch(/is a float64 graph.*its inputs A, x and b are float64.*allowFloat64Downcast/);
    expect(cells[1]).toEqual({ id: 'seed.linear-mix.float32', backend: 'webgl', status: 'pass' });
  }, 240_000);

  it('without Chromium, prints the other columns and says why webgl is missing; --backend webgl is an error', async () => {
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    try {
      const a = capture();
      expect(await main(['--filter', 'seed.print.pp'], a.io, { optionalBackends: ['@theano-ts/backend-webgl'] })).toBe(
        0,
      );
      expect(a.out[0]).toMatch(/^case\s+ref\b/m);
      expect(a.out[0]).not.toContain('webgl');
      expect(a.out.join('\n')).toContain('no webgl column: ensure-chromium: CHROMIUM_PATH is /nonexistent/chromium');
      const b = capture();
      expect(await main(['--backend', 'webgl', '--filter', 'seed.print.pp'], b.io)).toBe(2);
      expect(b.err.join('\n')).toMatch(/conformance: no webgl column: .*CHROMIUM_PATH/);
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });
});
