/**
 * A step's own ONNX model run in a bare onnxruntime session: the model the onnx backend builds for the
 * compiled step (run-time checks included), in a session with the backend's options, fed the batch and the
 * shared variables' current values as onnxruntime tensors made once. Its time is what onnxruntime itself
 * takes for the step; theano-ts's time over it is the backend's and core's per-call cost (argument checks,
 * updates, output wrapping). The session's own runs update nothing: every run is the first step again.
 */
import {
  type BuiltModel,
  buildModel,
  DEFAULT_INTRA_OP_THREADS,
  DISABLED_ORT_OPTIMIZERS,
  disabledOptimizersConfig,
  LARGE_MODEL_NODES,
} from '@theano-ts/backend-onnx';
import { type NDArray, SharedVariable } from '@theano-ts/core';
import ort from 'onnxruntime-node';
import type { StepSpec, TheanoStep } from './models.js';

/** The bare session of a step, its feeds, and the model it runs. */
export interface RawStep {
  readonly built: BuiltModel;
  readonly session: ort.InferenceSession;
  readonly feeds: Record<string, ort.Tensor>;
  /** One run (outputs dropped). */
  run(): Promise<unknown>;
  /** The outputs `TheanoStep.output` returns (the MLP's cost; the logistic regression's xent), as numbers. */
  output(): Promise<number[]>;
  release(): Promise<void>;
}

const toOrt = (a: NDArray) => new ort.Tensor(a.dtype as 'float32', a.data as Float32Array, [...a.shape]);

/**
 * The bare session of `step` (built from the shared variables' values now: make it before the step's first
 * call to run the same first step); `extra` adds session options (profiling).
 */
export async function rawStep(
  step: TheanoStep,
  spec: StepSpec,
  extra: ort.InferenceSession.SessionOptions = {},
): Promise<RawStep> {
  const fg = step.fn.maker.fgraph;
  const built = buildModel(fg, {
    name: step.fn.name,
    nOutputs: step.fn.outputs.length,
    largeModelNodes: LARGE_MODEL_NODES,
  });
  const session = await ort.InferenceSession.create(built.bytes, {
    intraOpNumThreads: DEFAULT_INTRA_OP_THREADS,
    logSeverityLevel: 3,
    extra: { optimization: { disable_specified_optimizers: disabledOptimizersConfig(DISABLED_ORT_OPTIMIZERS) } },
    ...extra,
  });
  const feeds: Record<string, ort.Tensor> = {};
  fg.inputs.forEach((v, k) => {
    // the values as they are now, copied: the step's own calls replace the shared values, never these
    const value = v instanceof SharedVariable ? v.getValue().copy() : step.args[k]!;
    feeds[built.inputNames[k]!] = toOrt(value);
  });
  const shown = built.outputNames[spec.model === 'mlp' ? 0 : 1]!;
  return {
    built,
    session,
    feeds,
    run: () => session.run(feeds),
    output: async () => Array.from((await session.run(feeds))[shown]!.data as Float32Array, Number),
    release: () => session.release(),
  };
}
