// onnxruntime prints nothing of its own by default; `logLevel` turns its log on. onnxruntime writes its log
// from native code straight to the process's stderr, so each case runs in a child process and reads it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type OrtLogLevel, onnx } from '@theano-ts/backend-onnx';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Compiles and runs `2·x + 1` on onnx in a child process with these backendOptions; its stdout and stderr. */
function runChild(backendOptions: string): { stdout: string; stderr: string; status: number | null } {
  const program = `
    import * as theano from 'theano-ts';
    import '@theano-ts/backend-onnx';
    const x = theano.tensor.dvector('x');
    const f = theano.function([x], x.mul(2).add(1), { backend: 'onnx', backendOptions: ${backendOptions} });
    console.log(String(await f([1, 2, 3])));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', program], {
    cwd: `${ROOT}/packages/backend-onnx`,
    encoding: 'utf8',
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe("onnxruntime's own log", () => {
  it('is silent by default', () => {
    const r = runChild('{}');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('[3. 5. 7.]');
    expect(r.stderr).toBe('');
  });

  it("prints onnxruntime's messages with logLevel 'verbose'", () => {
    const r = runChild("{ logLevel: 'verbose' }");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('[3. 5. 7.]');
    // onnxruntime's log lines carry a timestamp, a severity letter and the logger's name
    expect(r.stderr).toMatch(/\[V:onnxruntime:/);
  });

  it('rejects an unknown level, naming the option and the levels', async () => {
    const levels = /logLevel must be one of 'verbose', 'info', 'warning', 'error', 'fatal', got "loud"/;
    expect(() => onnx({ logLevel: 'loud' as OrtLogLevel })).toThrow(levels);
    const x = theano.tensor.dvector('x');
    const f = theano.function([x], x.mul(2), { backend: 'onnx', backendOptions: { logLevel: 'loud' } });
    await expect(Promise.resolve().then(() => f([1]))).rejects.toThrow(levels);
  });
});
