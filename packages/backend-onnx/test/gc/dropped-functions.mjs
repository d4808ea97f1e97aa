// Run by gc.test.ts with `node --expose-gc`: compiles, calls and drops onnx functions of distinct graphs
// (never disposing them, as Theano programs do), then disposes some explicitly before dropping them, and
// prints the session counts and the RSS growth as JSON.
import { onnx } from '@theano-ts/backend-onnx';
import * as theano from 'theano-ts';

const T = theano.tensor;
const count = Number(process.argv[2] ?? 1000);
const maxIdleSessions = Number(process.argv[3] ?? 4);
const x = T.dvector('x');

/** Compiles, calls and drops functions `from` … `to - 1` on `be`; each its own graph, x·k + k (x = [1, 2]). */
async function churn(be, from, to) {
  let sum = 0;
  for (let k = from; k < to; k++) {
    const f = theano.function([x], x.mul(k).add(k), { backend: be });
    sum += (await f([1, 2])).toArray()[1];
  }
  return sum;
}

/** Collects, letting the finalizers run between collections. */
async function collect() {
  for (let i = 0; i < 10; i++) {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 20));
  }
}

const be = onnx({ name: 'onnx-gc', maxIdleSessions });
const warm = 100;
const sumWarm = await churn(be, 0, warm);
await collect();
const rssWarm = process.memoryUsage().rss;
const sum = await churn(be, warm, warm + count);
await collect();
const rssAfter = process.memoryUsage().rss;

// disposed, then dropped: each session is given back once (dispose), never again by the finalizer. (The
// functions live in frames that return: a suspended frame's registers could still hold the last one.)
const be0 = onnx({ name: 'onnx-gc-dispose', maxIdleSessions: 0 });
async function disposeHalf() {
  const kept = [];
  for (let k = 0; k < 20; k++) {
    const f = theano.function([x], x.mul(k), { backend: be0 });
    await f([1]);
    if (k % 2 === 0) f.dispose();
    else kept.push(f);
  }
  return kept;
}
async function phase2() {
  const kept = await disposeHalf();
  const liveDisposed = be0.liveSessions();
  await collect();
  const liveDisposedAfterGc = be0.liveSessions();
  const keptValue = (await kept[0]([3])).toArray()[0];
  return { liveDisposed, liveDisposedAfterGc, keptValue };
}
const { liveDisposed, liveDisposedAfterGc, keptValue } = await phase2();
await collect();

console.log(
  JSON.stringify({
    created: be.sessionsCreated(),
    liveAfter: be.liveSessions(),
    inUseAfter: be.sessionCacheSize(),
    rssGrowthMB: (rssAfter - rssWarm) / 2 ** 20,
    sumWarm,
    sum,
    liveDisposed,
    liveDisposedAfterGc,
    keptValue,
    liveDropped: be0.liveSessions(),
  }),
);
