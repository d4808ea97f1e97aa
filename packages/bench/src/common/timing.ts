/**
 * Timing for the benchmarks. Peers run in alternating blocks: each round gives every peer in turn a few
 * untimed calls, then a block of timed samples, so that slow drift of the machine's speed (other load on a
 * shared 2-core box) hits every peer alike, while no peer is timed right after another: onnxruntime's
 * intra-op worker threads keep spinning for a while after a run and would steal a core from the next
 * peer. Blocks are separated by a pause (50 ms by default) in which those threads go to sleep: without it,
 * three sessions' spinning workers on two cores made a 1024² matmul run at 9.4 ms instead of 5.5 ms.
 * Each pause also runs a full garbage collection, and each round starts with the next peer in turn: with a
 * fixed order and no collection, the collections that big outputs (a 1024² product allocates 4 MB a call)
 * trigger fell on the same peer's block round after round, and two identical raw sessions differed by 30%.
 * A peer's time is the median of all its samples, and ratios are ratios of those medians (per-round paired
 * ratios were tried and dropped: on this 2-core box run times are bimodal — onnxruntime's worker thread
 * gets a core or does not — and a few rounds' ratios swing far more than the medians do). Fast calls are
 * batched so that one sample lasts long enough to time.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's full garbage collection (exposed at run time, so `node dist/onnx/main.js` needs no flag). */
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** A contender: one call of `run` is one unit of work (a promise is awaited). */
export interface Peer {
  /** Its label in the tables. */
  readonly name: string;
  /** Does the work once. */
  run(): unknown;
  /**
   * A peer that times itself (one in another process: numpy) does the work `n` times and returns its own
   * elapsed milliseconds, leaving out the cost of reaching it.
   */
  timed?(n: number): Promise<number>;
}

/** How long to measure. */
export interface MeasureOptions {
  /** Untimed calls of each peer before calibrating (default 3). */
  readonly warmup?: number;
  /** Time budget for all timed samples together, in milliseconds (default 3000). */
  readonly budgetMs?: number;
  /** Fewest samples per peer (default 5). */
  readonly minSamples?: number;
  /** Most samples per peer (default 41). */
  readonly maxSamples?: number;
  /** Timed samples per block (default 3; fewer when fewer samples are taken). */
  readonly blockSize?: number;
  /** Untimed calls (batches) at the start of each block (default 2; 0 for a single peer). */
  readonly blockWarmup?: number;
  /** Pause (after a full garbage collection) before each block, in ms (default 50; 0 for a single peer). */
  readonly pauseMs?: number;
  /** Shortest sample, in milliseconds: faster calls are repeated within one sample (default 0: never). */
  readonly minSampleMs?: number;
}

/** One peer's measurement. */
export interface Timing {
  /** Median time of one call, in milliseconds. */
  readonly ms: number;
  /** First quartile of the samples, in milliseconds. */
  readonly q1: number;
  /** Third quartile of the samples, in milliseconds. */
  readonly q3: number;
  /** Samples taken. */
  readonly samples: number;
  /** Calls per sample. */
  readonly batch: number;
}

/** The `q`-quantile of `xs` (nearest rank; the median is the upper middle value for an even count). */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) throw new Error('quantile: expected at least one sample, got none');
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * (s.length - 1))))]!;
}

/** The median of `xs`. */
export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';
}

/** Runs `peer` `n` times, awaiting only when it returns a promise; returns the elapsed milliseconds. */
async function timeCalls(peer: Peer, n: number): Promise<number> {
  if (peer.timed) return n > 0 ? peer.timed(n) : 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const r = peer.run();
    if (isThenable(r)) await r;
  }
  return performance.now() - t0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Measures every peer: warm-up calls, one calibration call each, then rounds in which each peer in turn
 * (starting one further each round) waits `pauseMs` after a garbage collection, gets `blockWarmup` untimed calls and a block of timed samples, as many samples as fit
 * `budgetMs` (between `minSamples` and `maxSamples` per peer).
 */
export async function measure(peers: readonly Peer[], opts: MeasureOptions = {}): Promise<Map<string, Timing>> {
  const warmup = opts.warmup ?? 3;
  const budget = opts.budgetMs ?? 3000;
  const minSamples = opts.minSamples ?? 5;
  const maxSamples = opts.maxSamples ?? 41;
  const alone = peers.length === 1; // nothing to alternate with: no pauses, no per-block warm-up
  const blockWarmup = opts.blockWarmup ?? (alone ? 0 : 2);
  const pauseMs = opts.pauseMs ?? (alone ? 0 : 50);
  const minSample = opts.minSampleMs ?? 0;
  for (const p of peers) await timeCalls(p, warmup);
  const batches = new Map<string, number>();
  let sampleMs = 0;
  for (const p of peers) {
    const est = Math.max(await timeCalls(p, 1), 1e-3);
    const batch = minSample > 0 ? Math.max(1, Math.ceil(minSample / est)) : 1;
    batches.set(p.name, batch);
    sampleMs += est * batch;
  }
  const want = Math.min(maxSamples, Math.max(minSamples, Math.floor(budget / sampleMs)));
  const blockSize = Math.max(1, Math.min(opts.blockSize ?? 3, Math.floor(want / 3)));
  const rounds = Math.ceil(want / blockSize);
  const samples = new Map<string, number[]>(peers.map((p) => [p.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < peers.length; i++) {
      const p = peers[(r + i) % peers.length]!;
      const batch = batches.get(p.name)!;
      const mine = samples.get(p.name)!;
      if (pauseMs > 0) {
        collectGarbage();
        await sleep(pauseMs);
      }
      await timeCalls(p, blockWarmup * batch);
      for (let s = 0; s < blockSize; s++) mine.push((await timeCalls(p, batch)) / batch);
    }
  }
  const result = new Map<string, Timing>();
  for (const p of peers) {
    const xs = samples.get(p.name)!;
    result.set(p.name, {
      ms: median(xs),
      q1: quantile(xs, 0.25),
      q3: quantile(xs, 0.75),
      samples: xs.length,
      batch: batches.get(p.name)!,
    });
  }
  return result;
}
