// The chapter "ifelse vs switch": both give mean(x) = 1 when a < b, ifelse gives mean(y) = 2 otherwise, and
// on ref (which times each node) switch runs two reductions per call where ifelse runs one. The timings are
// printed, not asserted (speed is measured by benchmarks).
import '@theano-ts/backend-onnx';
import { describe, expect, it } from 'vitest';
import { runControlFlow } from '../src/control-flow.ts';

async function lines(backend: string): Promise<string[]> {
  const out: string[] = [];
  await runControlFlow((l) => out.push(l), { backend, size: 50, times: 2 });
  return out;
}

describe('tutorial: ifelse vs switch', () => {
  for (const backend of ['ref', 'onnx']) {
    it(`prints the values, the timings and (ref) the reductions run per call (${backend})`, async () => {
      const out = await lines(backend);
      expect(out.slice(0, 6)).toEqual([
        '',
        '== ifelse vs switch ==',
        'x = ones(50, 50), y = 2 * ones(50, 50), a = 0, b = 1',
        'switch(a < b, mean(x), mean(y)) = 1',
        'ifelse(a < b, mean(x), mean(y)) = 1',
        'ifelse(b < a, mean(x), mean(y)) = 2',
      ]);
      expect(out[6]).toMatch(/^time spent evaluating both values \d+\.\d{6} sec$/);
      expect(out[7]).toMatch(/^time spent evaluating one value \d+\.\d{6} sec$/);
      if (backend === 'ref') expect(out[8]).toBe('sums run per call: switch 2, ifelse 1');
    });
  }
});
