/**
 * Matrix products n×n · n×n, float32, n = 128 … 1024: theano-ts on ONNX against the raw onnxruntime session
 * on the same exported model (target: ≥ 0.95× its throughput), tfjs-wasm and tfjs-cpu.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NDArray } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { uniform } from '../common/random.js';
import { printTable } from '../common/table.js';
import type { TfjsBackendStatus } from '../common/tfjs.js';
import type { Timing } from '../common/timing.js';
import { aa, type CaseResult, RAW, RAW2, runCase, STANDARD_HEADER, speedup, standardRow, THEANO } from './cases.js';
import { f32, feedsFor, rawSession } from './raw.js';

const T = theano.tensor;

/** The sizes measured. */
export const MATMUL_SIZES = [128, 256, 512, 1024] as const;

/** Per size, raw ORT time / theano-ts time (the throughput ratio of the target), the A/A control, both timings. */
export interface MatmulResult {
  readonly ratios: readonly {
    n: number;
    ratio: number | undefined;
    aa: number | undefined;
    theano?: Timing;
    raw?: Timing;
  }[];
}

/** Runs the matmul section and prints its table. */
export async function runMatmul(tfjs: readonly TfjsBackendStatus[]): Promise<MatmulResult> {
  const A = T.fmatrix('A');
  const B = T.fmatrix('B');
  const f = theano.function([A, B], A.dot(B), { backend: 'onnx', name: 'matmul' });
  const raw = await rawSession(f);
  const raw2 = await rawSession(f);
  const rows: string[][] = [];
  const ratios: MatmulResult['ratios'][number][] = [];
  for (const n of MATMUL_SIZES) {
    const a = uniform(n * n, -1, 1, 11 + n);
    const b = uniform(n * n, -1, 1, 12 + n);
    const an = new theano.NDArray(a, [n, n], 'float32');
    const bn = new theano.NDArray(b, [n, n], 'float32');
    const feeds = feedsFor(raw, [f32(a, [n, n]), f32(b, [n, n])]);
    const out = raw.outputNames[0]!;
    const heavy = n >= 512;
    const r: CaseResult = await runCase(
      {
        label: `matmul ${n}`,
        ortPeers: [
          {
            name: THEANO,
            run: () => f(an, bn),
            output: async () => ((await f(an, bn)) as NDArray).data as Float32Array,
          },
          {
            name: RAW,
            run: () => raw.session.run(feeds),
            output: async () => (await raw.session.run(feeds))[out]!.data as Float32Array,
          },
          {
            name: RAW2,
            run: () => raw2.session.run(feeds),
            output: async () => (await raw2.session.run(feeds))[out]!.data as Float32Array,
          },
        ],
        tfjs: (name) => {
          const ta = tf.tensor2d(a, [n, n], 'float32');
          const tb = tf.tensor2d(b, [n, n], 'float32');
          const once = () => {
            const c = tf.matMul(ta, tb);
            const d = c.dataSync();
            c.dispose();
            return d;
          };
          return { name, run: once, output: async () => once(), dispose: () => tf.dispose([ta, tb]) };
        },
        tol: 1e-4,
        measure: { budgetMs: heavy ? 6000 : 3000, minSamples: 9, maxSamples: 61, minSampleMs: 2 },
        measureCpu: { warmup: 1, budgetMs: 4000, minSamples: 3, maxSamples: 15 },
      },
      tfjs,
    );
    rows.push(standardRow(`${n}x${n} · ${n}x${n}`, r));
    ratios.push({ n, ratio: speedup(r, RAW), aa: aa(r), theano: r.timings.get(THEANO), raw: r.timings.get(RAW) });
  }
  f.dispose();
  await raw.session.release();
  await raw2.session.release();
  printTable(
    'Matrix product A·B, float32 (median ms per call; x/theano = peer time / theano-ts time, > 1: theano-ts faster)',
    ['case', ...STANDARD_HEADER],
    rows,
  );
  return { ratios };
}
