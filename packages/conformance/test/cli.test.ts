// The conformance command, through its main(argv): the printed matrix, the JSON file, exit codes.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CASES, loadOptionalBackends, main } from '@theano-ts/conformance';
import { registerBackend } from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { liar } from './backends.ts';

// the optional backend packages are left out here: the matrix below is ref's (and the test backends')
const NO_OPTIONAL = { optionalBackends: [] };

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { log: (s: string) => out.push(s), error: (s: string) => err.push(s) }, out, err };
}

describe('conformance CLI', () => {
  it('prints the matrix and writes it as JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conformance-'));
    const path = join(dir, 'sub', 'm.json');
    const { io, out, err } = capture();
    const code = await main(['--json', path], io, NO_OPTIONAL);
    expect(code).toBe(0);
    expect(err).toEqual([]);
    const text = out.join('\n');
    expect(text).toMatch(/^case\s+ref$/m);
    expect(text).toMatch(/^seed\.linear-mix\.float32\s+pass$/m);
    expect(text).toContain(`ref: ${CASES.length - 1} pass, 0 fail, 1 unsupported`);
    expect(text).toContain(`wrote ${path}`);
    const json = JSON.parse(readFileSync(path, 'utf8')) as {
      cases: { id: string; backend: string; status: string; reason?: string }[];
    };
    const ref = json.cases.filter((c) => c.backend === 'ref');
    expect(ref.map((c) => c.id)).toEqual(CASES.map((c) => c.id));
    expect(ref.find((c) => c.id === 'seed.grad.rop')).toEqual({ id: 'seed.grad.rop', backend: 'ref', status: 'pass' });
    expect(ref.find((c) => c.id === 'complex.sin')).toMatchObject({
      status: 'unsupported',
      reason: expect.stringContaining('complex128'),
    });
  });

  it('--backend and --filter narrow the matrix', async () => {
    const { io, out } = capture();
    expect(await main(['--backend', 'ref', '--filter', 'seed.print'], io, NO_OPTIONAL)).toBe(0);
    expect(out[0]).toBe(
      [
        'case                 ref',
        '-------------------  -----------',
        'seed.print.variable  pass',
        'seed.print.pp        pass',
        '',
        'ref: 2 pass, 0 fail, 0 unsupported',
      ].join('\n'),
    );
  });

  it('exits 1 when a cell fails, and lists the reason', async () => {
    registerBackend(liar('cli-off', 1e-3, () => true));
    const { io, out } = capture();
    expect(await main(['--backend=cli-off', '--filter=seed.function.square'], io, NO_OPTIONAL)).toBe(1);
    expect(out[0]).toMatch(/^seed\.function\.square\s+FAIL$/m);
    expect(out[0]).toContain('cli-off: 0 pass, 2 fail, 0 unsupported');
    expect(out[0]).toContain(
      'FAIL seed.function.square on cli-off: ConformanceMismatch: square(3): printed "9.001", expected "9.0"',
    );
  });

  it('exits 2 on bad arguments', async () => {
    for (const argv of [['--frobnicate'], ['--json'], ['--backend', 'nope'], ['--filter', 'no-such-case']]) {
      const { io, err } = capture();
      expect(await main(argv, io, NO_OPTIONAL)).toBe(2);
      expect(err.join('\n')).toMatch(/conformance: /);
    }
  });

  it('a case that outlives the time limit fails', async () => {
    const { runCase } = await import('@theano-ts/conformance');
    const slow = {
      id: 'slow',
      section: 'test',
      description: 'never ends',
      dtype: 'float64' as const,
      run: () => new Promise<void>(() => {}),
    };
    expect(await runCase(slow, 'ref', { timeoutMs: 20 })).toEqual({
      id: 'slow',
      backend: 'ref',
      status: 'fail',
      reason: 'timed out after 20 ms',
    });
  });

  it('skips optional backend packages that are not installed, silently', async () => {
    const { io, err } = capture();
    expect(await loadOptionalBackends(io, ['@theano-ts/backend-does-not-exist'])).toEqual([]);
    expect(err).toEqual([]);
  });
});
