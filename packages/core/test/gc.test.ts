// Interned nodes do not outlive their inputs inside one synchronous loop: 5000 compile + call + dispose
// cycles on ref with no await (the job never ends, so objects a WeakRef made or found would all be kept)
// grow the heap by a few MB (a table of WeakRefs grew it by ~160 MB). Measured in a child `node --expose-gc`
// against the built packages.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;
const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));

describe('interning and memory', () => {
  it('5000 synchronous compile + call + dispose cycles keep the heap growth under 40 MB', () => {
    const r = spawnSync(process.execPath, ['--expose-gc', join(pkgDir, 'test', 'gc', 'sync-cycles.mjs'), '5000'], {
      encoding: 'utf8',
      timeout: 170_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
    expect(out.growthMB).toBeLessThan(40);
    // each cycle: y = 2·Σ tanh(W·x + k) with W·x = [1, 2.125], k = cycle % 7
    let expected = 0;
    for (let c = 0; c < 5000; c++) {
      const k = c % 7;
      expected += 2 * (Math.tanh(1 + k) + Math.tanh(2.125 + k));
    }
    expect(out.sum).toBeCloseTo(expected, 6);
  }, 180_000);

  it('interning still makes the same op on the same inputs the same node', () => {
    const x = T.dvector('x');
    const W = T.dmatrix('W');
    const a = T.dot(W, x).add(1);
    const b = T.dot(W, x).add(1);
    expect(a.owner).toBe(b.owner);
    expect(a.owner!.inputs[0]!.owner).toBe(T.dot(W, x).owner);
    // another input, another node; the same structure on other variables is not the same node
    expect(T.dot(W, x).add(2).owner).not.toBe(a.owner);
    expect(T.dot(W, T.dvector('x')).add(1).owner).not.toBe(a.owner);
    // an op on the same variable twice
    expect(x.mul(x).owner).toBe(x.mul(x).owner);
  });
});
