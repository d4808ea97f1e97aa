/**
 * `exportModel(f, { path })`: a compiled theano-ts function as a standalone ONNX model. Its inputs are the
 * function's inputs then the shared variables it reads, named after the variables (`x`, `A`, `input_2`,
 * `shared_0`); its outputs are the function's outputs (`output_0`, or the variable's name) then the new
 * values of its updates (`update_0`, …). Run-time shape assertions are left out of the exported graph.
 * A float64 model holds only float64 values; run it in onnxruntime with the rewrites in
 * `DISABLED_ORT_OPTIMIZERS` disabled (session config `optimization.disable_specified_optimizers`, the value
 * `disabledOptimizersConfig(DISABLED_ORT_OPTIMIZERS)`) to get the backend's numbers: onnxruntime's
 * `MatMulScaleFusion` would scale a float64 product by a float32 factor, and its `NoopElimination` would
 * drop the `+ 0` that makes a sum of negative zeros +0.
 */
import { writeFile } from 'node:fs/promises';
import { type FunctionGraph, graphUnsupportedReason, type SharedVariable, UnsupportedError } from '@theano-ts/core';
import { onnxBackend } from './index.js';
import { buildModel } from './model.js';

/** Options of `exportModel`. */
export interface ExportOptions {
  /** Also write the model to this file (conventionally ending in `.onnx`). */
  readonly path?: string;
}

/** What `exportModel` reads from a compiled function (`f.maker.fgraph`, `f.outputs`, `f.name`). */
export interface ExportableFunction {
  readonly maker: { readonly fgraph: FunctionGraph; readonly updates?: readonly SharedVariable[] };
  readonly outputs: readonly unknown[];
  readonly name?: string;
}

/** The ONNX model of compiled function `f`, as bytes (also written to `opts.path` when given). */
export async function exportModel(f: ExportableFunction, opts: ExportOptions = {}): Promise<Uint8Array> {
  const fgraph = f?.maker?.fgraph;
  if (!fgraph) throw new TypeError('exportModel: expected a compiled theano function (with f.maker.fgraph)');
  const reason = graphUnsupportedReason(onnxBackend, fgraph);
  if (reason) throw new UnsupportedError(`exportModel: ${reason}`);
  const built = buildModel(fgraph, {
    name: f.name,
    checks: false,
    nOutputs: f.outputs.length,
    updateNames: f.maker.updates?.map((s) => (s.name ? `${s.name}_update` : undefined)),
  });
  if (opts.path !== undefined) await writeFile(opts.path, built.bytes);
  return built.bytes;
}
