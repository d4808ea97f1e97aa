/**
 * One benchmark case run across every peer: theano-ts on ONNX, the raw onnxruntime session and tfjs-wasm
 * measured in alternating blocks (wasm being the active tfjs backend; see common/timing.ts), then tfjs-cpu
 * on its own (switching the tfjs backend mid-round would move tensors between backends). Each peer's
 * output is first checked against theano-ts's.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expectClose } from '../common/check.js';
import { fmtMs, fmtRatio } from '../common/table.js';
import type { TfjsBackendStatus } from '../common/tfjs.js';
import { useTfjs } from '../common/tfjs.js';
import { type MeasureOptions, measure, type Peer, type Timing } from '../common/timing.js';

/** A peer whose result can be read back for the agreement check. */
export interface CheckedPeer extends Peer {
  /** Runs once and returns the result's values. */
  output(): Promise<ArrayLike<number>>;
}

/** A tfjs peer made on the active tfjs backend, with the tensors it owns. */
export interface TfjsPeer extends CheckedPeer {
  /** Frees its tensors. */
  dispose(): void;
}

/** theano-ts on the ONNX backend (the peer names are the tables' column labels). */
export const THEANO = 'theano-ts onnx';
/** The raw onnxruntime-node peer. */
export const RAW = 'raw ORT';
/**
 * A second raw session on the same model, the A/A control: raw ORT #2 time / raw ORT time shows how far
 * two identical sessions differ here (each has its own thread pool), the noise floor of raw/theano.
 */
export const RAW2 = 'raw ORT #2';
/** tfjs on tfjs-backend-wasm. */
export const WASM = 'tfjs-wasm';
/** tfjs on tfjs-backend-cpu. */
export const CPU = 'tfjs-cpu';

/** What `runCase` measured and checked. */
export interface CaseResult {
  /** Timings by peer name (peers that could not run are absent). */
  readonly timings: Map<string, Timing>;
  /** The largest relative disagreement with theano-ts over all peers. */
  readonly maxDiff: number;
}

/** How to run one case. */
export interface CaseSpec {
  /** Its label in messages. */
  readonly label: string;
  /** theano-ts first, then the raw ORT peers (raw ORT, raw ORT #2). */
  readonly ortPeers: readonly CheckedPeer[];
  /** Makes the tfjs peer on the active tfjs backend, named `name`. */
  readonly tfjs: (name: string) => TfjsPeer;
  /** Agreement tolerance (relative). */
  readonly tol: number;
  /** Timing options for the interleaved peers. */
  readonly measure: MeasureOptions;
  /** Timing options for tfjs-cpu (often much slower). */
  readonly measureCpu: MeasureOptions;
}

/** Checks and measures one case on the peers that initialised. */
export async function runCase(spec: CaseSpec, tfjs: readonly TfjsBackendStatus[]): Promise<CaseResult> {
  const [theano, ...others] = spec.ortPeers;
  const ref = await theano!.output();
  let maxDiff = 0;
  for (const p of others) {
    maxDiff = Math.max(maxDiff, expectClose(ref, await p.output(), spec.tol, `${spec.label}: ${p.name}`));
  }
  const timings = new Map<string, Timing>();
  const wasmOk = tfjs.some((s) => s.name === 'wasm' && s.ok);
  const cpuOk = tfjs.some((s) => s.name === 'cpu' && s.ok);
  let interleaved: readonly Peer[] = spec.ortPeers;
  let wasmPeer: TfjsPeer | null = null;
  if (wasmOk) {
    await useTfjs('wasm');
    wasmPeer = spec.tfjs(WASM);
    maxDiff = Math.max(maxDiff, expectClose(ref, await wasmPeer.output(), spec.tol, `${spec.label}: ${WASM}`));
    interleaved = [...spec.ortPeers, wasmPeer];
  }
  try {
    for (const [k, v] of await measure(interleaved, spec.measure)) timings.set(k, v);
  } finally {
    wasmPeer?.dispose();
  }
  if (cpuOk) {
    await useTfjs('cpu');
    const cpuPeer = spec.tfjs(CPU);
    try {
      maxDiff = Math.max(maxDiff, expectClose(ref, await cpuPeer.output(), spec.tol, `${spec.label}: ${CPU}`));
      for (const [k, v] of await measure([cpuPeer], spec.measureCpu)) timings.set(k, v);
    } finally {
      cpuPeer.dispose();
    }
  }
  if (tf.memory().numTensors > 0) {
    console.warn(`${spec.label}: ${tf.memory().numTensors} tfjs tensors left undisposed`);
  }
  return { timings, maxDiff };
}

/** peer time / theano-ts time (medians): theano-ts's throughput relative to the peer's (> 1: theano-ts faster). */
export function speedup(r: CaseResult, peer: string): number | undefined {
  const t = r.timings.get(THEANO)?.ms;
  const p = r.timings.get(peer)?.ms;
  return t !== undefined && p !== undefined ? p / t : undefined;
}

/** The A/A control: raw ORT #2 time / raw ORT time (1 but for the noise between two identical sessions). */
export function aa(r: CaseResult): number | undefined {
  const a = r.timings.get(RAW)?.ms;
  const b = r.timings.get(RAW2)?.ms;
  return a !== undefined && b !== undefined ? b / a : undefined;
}

/** The columns of a standard section table (after the case label). */
export const STANDARD_HEADER: readonly string[] = [
  `${THEANO} ms`,
  `${RAW} ms`,
  `${WASM} ms`,
  `${CPU} ms`,
  'raw/theano',
  'A/A #2/raw',
  'wasm/theano',
  'cpu/theano',
  'max rel diff',
  'N',
];

/** A standard row: median times, speedups (peer time / theano-ts time), the agreement, samples × batch. */
export function standardRow(label: string, r: CaseResult): string[] {
  const ms = (p: string) => fmtMs(r.timings.get(p)?.ms);
  const t = r.timings.get(THEANO)!;
  return [
    label,
    ms(THEANO),
    ms(RAW),
    ms(WASM),
    ms(CPU),
    fmtRatio(speedup(r, RAW)),
    fmtRatio(aa(r)),
    fmtRatio(speedup(r, WASM)),
    fmtRatio(speedup(r, CPU)),
    r.maxDiff.toExponential(1),
    t.batch > 1 ? `${t.samples}x${t.batch}` : String(t.samples),
  ];
}
