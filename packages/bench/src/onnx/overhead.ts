/**
 * Per-call overhead: a tiny graph, `x + 1` on a 4-element float32 vector, where the run itself costs
 * almost nothing. theano-ts's `await f(x)` against a raw `await session.run(feeds)` on the same exported
 * model with a pre-made `ort.Tensor` (target: theano-ts time ≤ 1.2× raw time). theano-ts gets a pre-made
 * NDArray; the row with a Float32Array argument adds the conversion a call from plain data pays, and the
 * tfjs rows (`tf.add(x, 1)` read back) are for scale.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NDArray } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { expectClose } from '../common/check.js';
import { fmtRatio, printTable } from '../common/table.js';
import { type TfjsBackendStatus, useTfjs } from '../common/tfjs.js';
import { type MeasureOptions, measure, type Timing } from '../common/timing.js';
import { CPU, RAW, THEANO, WASM } from './cases.js';
import { f32, feedsFor, rawSession } from './raw.js';

const T = theano.tensor;

/** theano-ts time / raw ORT time, the overhead ratio of the target, with both timings. */
export interface OverheadResult {
  readonly ratio: number;
  readonly theano: Timing;
  readonly raw: Timing;
}

const THEANO_TYPED = `${THEANO}, Float32Array arg`;

/** Runs the per-call overhead section and prints its table. */
export async function runOverhead(tfjs: readonly TfjsBackendStatus[]): Promise<OverheadResult> {
  const x = T.fvector('x');
  const f = theano.function([x], x.add(1), { backend: 'onnx', name: 'tiny' });
  const raw = await rawSession(f);
  const out = raw.outputNames[0]!;
  const data = new Float32Array([1, 2, 3, 4]);
  const expected = [2, 3, 4, 5];
  const xn = new theano.NDArray(data, [4], 'float32');
  const feeds = feedsFor(raw, [f32(data, [4])]);
  expectClose(expected, ((await f(xn)) as NDArray).data as Float32Array, 0, `tiny: ${THEANO}`);
  expectClose(expected, ((await f(data)) as NDArray).data as Float32Array, 0, `tiny: ${THEANO_TYPED}`);
  expectClose(expected, (await raw.session.run(feeds))[out]!.data as Float32Array, 0, `tiny: ${RAW}`);

  const opts: MeasureOptions = { warmup: 200, budgetMs: 6000, minSamples: 15, maxSamples: 101, minSampleMs: 20 };
  const timings = new Map<string, Timing>();
  const ortPeers = [
    { name: THEANO, run: () => f(xn) },
    { name: RAW, run: () => raw.session.run(feeds) },
    { name: THEANO_TYPED, run: () => f(data) },
  ];
  for (const [k, v] of await measure(ortPeers, opts)) timings.set(k, v);
  for (const s of tfjs) {
    if (!s.ok) continue;
    await useTfjs(s.name);
    const tx = tf.tensor1d(data, 'float32');
    const name = s.name === 'wasm' ? WASM : CPU;
    const once = () => {
      const y = tf.add(tx, 1);
      const d = y.dataSync();
      y.dispose();
      return d;
    };
    expectClose(expected, once(), 0, `tiny: ${name}`);
    for (const [k, v] of await measure([{ name, run: once }], opts)) timings.set(k, v);
    tx.dispose();
  }
  f.dispose();
  await raw.session.release();

  const rawT = timings.get(RAW)!;
  const ratioToRaw = (t: Timing) => t.ms / rawT.ms;
  const rows = [...timings].map(([name, t]) => [
    name,
    (t.ms * 1000).toFixed(1),
    fmtRatio(ratioToRaw(t)),
    `${t.samples}x${t.batch}`,
  ]);
  printTable(
    `Per-call overhead: x + 1 on a 4-element float32 vector (median µs per call; ratio = time / ${RAW} time of the medians; target for ${THEANO} ≤ 1.2x)`,
    ['peer', 'µs/call', `/${RAW}`, 'N'],
    rows,
  );
  return { ratio: ratioToRaw(timings.get(THEANO)!), theano: timings.get(THEANO)!, raw: rawT };
}
