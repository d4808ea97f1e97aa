// THEANO_TS_FLAGS read at import: an unknown key warns (as Theano warns about an unknown THEANO_FLAGS key)
// and is ignored; the known keys still apply. Run in a child process, since the flags are read once.
import { spawnSync } from 'node:child_process';
import { config } from '@theano-ts/core';
import { describe, expect, it } from 'vitest';

// core's built entry (the tests run after the build)
const coreEntry = new URL('../dist/index.js', import.meta.url).href;

/** Imports core in a fresh node with THEANO_TS_FLAGS set, printing config.floatX. */
function importWith(flags: string): { status: number | null; stdout: string; stderr: string } {
  const script = `const { config } = await import(${JSON.stringify(coreEntry)}); console.log('floatX', config.floatX);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, THEANO_TS_FLAGS: flags },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('THEANO_TS_FLAGS at import', () => {
  it('warns about an unknown key, naming it and the known keys, and applies the others', () => {
    const r = importWith('floatx=float16,device=cuda,floatX=float32');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('floatX float32');
    expect(r.stderr).toMatch(
      /THEANO_TS_FLAGS: unknown flag "floatx" \(known: floatX, backend, mode, onUnusedInput\); did you mean floatX\?; it is ignored/,
    );
    expect(r.stderr).toMatch(/unknown flag "device" \(known: floatX, backend, mode, onUnusedInput\); it is ignored/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a warning, not a stack trace
  });

  it('a bad value of a known key still fails the import with the message; applyFlags still raises', () => {
    const r = importWith('floatX=float16');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/theano\.config\.floatX: expected 'float32' or 'float64', got "float16"/);
    expect(() => config.applyFlags('device=cuda')).toThrow(TypeError);
  });
});
