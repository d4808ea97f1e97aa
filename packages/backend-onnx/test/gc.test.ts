// Session lifetimes: a compiled function that is dropped without `dispose()` gives its onnxruntime session
// back when it is garbage-collected; sessions no function uses are kept for reuse up to `maxIdleSessions`
// (least recently used released first). The collection is measured in a child `node --expose-gc`.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onnx } from '@theano-ts/backend-onnx';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { T } from './helpers.js';

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));

describe('dropped functions release their sessions', () => {
  it('1500 compiled, called and dropped functions leave only the idle sessions; dispose() frees once', () => {
    // the script runs against the built packages (dist), as a user's program would
    const r = spawnSync(
      process.execPath,
      ['--expose-gc', join(pkgDir, 'test', 'gc', 'dropped-functions.mjs'), '1500', '4'],
      {
        cwd: pkgDir,
        encoding: 'utf8',
        timeout: 170_000,
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
    // 100 warm-up functions, then 1500: each graph x·k + k is its own session; f([1, 2])[1] = 3k
    expect(out.created).toBe(1600);
    const sum = (from: number, to: number) => 3 * ((to * (to - 1)) / 2 - (from * (from - 1)) / 2);
    expect(out.sumWarm).toBe(sum(0, 100));
    expect(out.sum).toBe(sum(100, 1600));
    // no function holds a session; only the 4 most recently used are kept idle
    expect(out.inUseAfter).toBe(0);
    expect(out.liveAfter).toBe(4);
    // ~0.13 MB of RSS per session never released (measured: 1500 held sessions grew RSS by ~200 MB)
    expect(out.rssGrowthMB).toBeLessThan(150);
    // 10 disposed (released at once, idle bound 0), 10 kept: the collector releases nothing twice
    expect(out.liveDisposed).toBe(10);
    expect(out.liveDisposedAfterGc).toBe(10);
    expect(out.keptValue).toBe(3);
    expect(out.liveDropped).toBe(0);
  }, 180_000);
});

describe('the idle sessions', () => {
  it('are reused by a later compile of the same graph, and bounded least-recently-used first', async () => {
    const be = onnx({ name: 'onnx-idle-test', maxIdleSessions: 2 });
    const x = T.dvector('x');
    const run = async (k: number) => {
      const f = theano.function([x], x.mul(k), { backend: be });
      const v = (await f([2])).toFloat64()[0];
      f.dispose();
      return v;
    };
    expect([await run(1), await run(2), await run(3)]).toEqual([2, 4, 6]);
    expect(be.sessionsCreated()).toBe(3);
    expect(be.sessionCacheSize()).toBe(0);
    expect(be.liveSessions()).toBe(2); // graph 1's session was released when graph 3's went idle
    expect(await run(3)).toBe(6);
    expect(be.sessionsCreated()).toBe(3); // reused
    expect(await run(1)).toBe(2);
    expect(be.sessionsCreated()).toBe(4); // made again
    expect(be.liveSessions()).toBe(2);
  });

  it('maxIdleSessions is checked', () => {
    expect(() => onnx({ maxIdleSessions: -1 })).toThrow(/onnx: maxIdleSessions must be a non-negative integer, got -1/);
  });
});
