/**
 * The raw onnxruntime-node peer: the very model a theano-ts function runs (`exportModel(f)`), loaded into an
 * `InferenceSession` created with the session options @theano-ts/backend-onnx uses for a function compiled
 * with default options (see its src/session.ts `createSession`: execution providers, intra-op threads and
 * the optimization level left to onnxruntime, log severity 4), and run directly with pre-made tensors.
 * The exported model is the one theano-ts runs less its run-time checks (Theano's typed-broadcasting and
 * shape assertions, which theano-ts's own model outputs as two packed int64 tensors and validates in JS),
 * so whatever those checks cost is counted against theano-ts.
 */
import { DEFAULT_INTRA_OP_THREADS, exportModel } from '@theano-ts/backend-onnx';
import type { NDArray, TheanoFunction } from '@theano-ts/core';
import ort from 'onnxruntime-node';

/** The session options of @theano-ts/backend-onnx's default instance, mirrored for the raw peer. */
export const RAW_SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  logSeverityLevel: 4,
  intraOpNumThreads: DEFAULT_INTRA_OP_THREADS,
};

/** The session options in words, for the output's header. */
export const SESSION_OPTIONS_TEXT =
  'execution providers: onnxruntime default (cpu); graphOptimizationLevel: unset (onnxruntime default, all); ' +
  `intraOpNumThreads: ${DEFAULT_INTRA_OP_THREADS} (the backend's default, one per logical CPU); interOpNumThreads: unset; ` +
  'executionMode: sequential (default); ' +
  'logSeverityLevel: 4';

/** A raw session on `f`'s exported model, with the names of its inputs (in `f.maker.fgraph.inputs` order). */
export interface RawModel {
  /** The session. */
  readonly session: ort.InferenceSession;
  /** Model input names, one per graph input (the function's inputs, then the shared variables it reads). */
  readonly inputNames: readonly string[];
  /** Model output names: the function's outputs, then the updates' new values. */
  readonly outputNames: readonly string[];
  /** The model's size in bytes. */
  readonly bytes: number;
}

/** Exports compiled function `f` and opens the raw session on the bytes. */
export async function rawSession(f: TheanoFunction<NDArray | NDArray[]>): Promise<RawModel> {
  const bytes = await exportModel(f);
  const session = await ort.InferenceSession.create(bytes, RAW_SESSION_OPTIONS);
  const n = f.maker.fgraph.inputs.length;
  if (session.inputNames.length !== n) {
    throw new Error(
      `raw ORT peer for "${f.name}": the exported model has ${session.inputNames.length} inputs, expected ${n} (the compiled graph's)`,
    );
  }
  return { session, inputNames: session.inputNames, outputNames: session.outputNames, bytes: bytes.byteLength };
}

/** A float32 onnxruntime tensor on `data` (not copied). */
export function f32(data: Float32Array, dims: readonly number[]): ort.Tensor {
  return new ort.Tensor('float32', data, [...dims]);
}

/** Feeds for a raw model: the tensors in graph-input order, by the model's input names. */
export function feedsFor(model: RawModel, tensors: readonly ort.Tensor[]): Record<string, ort.Tensor> {
  if (tensors.length !== model.inputNames.length) {
    throw new Error(`raw ORT feeds: the model takes ${model.inputNames.length} inputs, got ${tensors.length} tensors`);
  }
  const feeds: Record<string, ort.Tensor> = {};
  model.inputNames.forEach((name, k) => {
    feeds[name] = tensors[k]!;
  });
  return feeds;
}
