/**
 * Memory-bound work on 1e6 and 1e7 float32 elements: the elementwise chain `exp(x)*2 + sin(x)*x` and a full
 * sum, theano-ts on ONNX against the raw onnxruntime session on the same exported model, tfjs-wasm and
 * tfjs-cpu. theano-ts's float32 sum accumulates in float64 (`acc_dtype`, as Theano), so its model casts the
 * input up, reduces, and casts the result down; tfjs accumulates in float32.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NDArray } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { uniform } from '../common/random.js';
import { printTable } from '../common/table.js';
import type { TfjsBackendStatus } from '../common/tfjs.js';
import { type CaseResult, RAW, RAW2, runCase, STANDARD_HEADER, standardRow, THEANO } from './cases.js';
import { f32, feedsFor, rawSession } from './raw.js';

const T = theano.tensor;

/** The element counts measured. */
export const ELEMENT_COUNTS = [1e6, 1e7] as const;

type Build = (x: ReturnType<typeof T.fvector>) => ReturnType<typeof T.fvector>;
type TfBuild = (x: tf.Tensor1D) => tf.Tensor;

async function section(
  title: string,
  name: string,
  build: Build,
  tfBuild: TfBuild,
  tol: number,
  tfjs: readonly TfjsBackendStatus[],
): Promise<CaseResult[]> {
  const x = T.fvector('x');
  const f = theano.function([x], build(x), { backend: 'onnx', name });
  const raw = await rawSession(f);
  const raw2 = await rawSession(f);
  const out = raw.outputNames[0]!;
  const rows: string[][] = [];
  const results: CaseResult[] = [];
  for (const n of ELEMENT_COUNTS) {
    const data = uniform(n, -2, 2, 21 + n);
    const xn = new theano.NDArray(data, [n], 'float32');
    const feeds = feedsFor(raw, [f32(data, [n])]);
    const big = n >= 1e7;
    const r = await runCase(
      {
        label: `${name} ${n}`,
        ortPeers: [
          { name: THEANO, run: () => f(xn), output: async () => ((await f(xn)) as NDArray).data as Float32Array },
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
        tfjs: (peer) => {
          const tx = tf.tensor1d(data, 'float32');
          const once = () => {
            const y = tf.tidy(() => tfBuild(tx));
            const d = y.dataSync();
            y.dispose();
            return d;
          };
          return { name: peer, run: once, output: async () => once(), dispose: () => tx.dispose() };
        },
        tol,
        measure: { budgetMs: big ? 8000 : 3000, minSamples: 9, maxSamples: 41 },
        measureCpu: { warmup: 1, budgetMs: big ? 5000 : 3000, minSamples: 3, maxSamples: 21 },
      },
      tfjs,
    );
    rows.push(standardRow(n.toExponential(0).replace('+', ''), r));
    results.push(r);
  }
  f.dispose();
  await raw.session.release();
  await raw2.session.release();
  printTable(title, ['n', ...STANDARD_HEADER], rows);
  return results;
}

/** The elementwise chain `exp(x)*2 + sin(x)*x`; prints its table. */
export function runChain(tfjs: readonly TfjsBackendStatus[]): Promise<CaseResult[]> {
  return section(
    'Elementwise chain exp(x)*2 + sin(x)*x, float32 (median ms per call; x/theano = peer time / theano-ts time)',
    'chain',
    (x) => x.exp().mul(2).add(x.sin().mul(x)),
    (x) => tf.add(tf.mul(tf.exp(x), 2), tf.mul(tf.sin(x), x)),
    1e-6,
    tfjs,
  );
}

/** The full sum `x.sum()`; prints its table. */
export function runSum(tfjs: readonly TfjsBackendStatus[]): Promise<CaseResult[]> {
  return section(
    'Full sum x.sum(), float32 in, float32 out (theano-ts accumulates in float64, tfjs in float32; median ms per call)',
    'sum',
    (x) => x.sum(),
    (x) => tf.sum(x),
    1e-3, // tfjs's float32 accumulation drifts from the float64 sum
    tfjs,
  );
}
