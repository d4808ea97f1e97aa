/**
 * A failed run, explained with shapes: onnxruntime's message names neither the theano-ts op's operands nor
 * their shapes (`MatMul dimension mismatch`). When a run fails at a node of the outer graph, a second model
 * computing only that node's inputs runs on the same feeds, and the error names their shapes; for `dot` it
 * reads as the reference backend's (`dot: shapes (1, 3) and (1, 2) not aligned: …`). Only the error path
 * pays for it.
 */
import { type Apply, FunctionGraph, shapeToString } from '@theano-ts/core';
import ort from 'onnxruntime-node';
import { type BuiltModel, buildModel } from './model.js';
import { nodeAt, runError } from './session.js';

/** The shapes of `node`'s inputs on these feeds, or null when they cannot be computed either. */
async function inputShapes(
  fg: FunctionGraph,
  node: Apply,
  built: BuiltModel,
  feeds: Readonly<Record<string, ort.Tensor>>,
): Promise<number[][] | null> {
  let session: ort.InferenceSession | null = null;
  try {
    const diag = buildModel(new FunctionGraph(fg.inputs, node.inputs), { checks: false });
    session = await ort.InferenceSession.create(diag.bytes);
    const ins: Record<string, ort.Tensor> = {};
    diag.inputNames.forEach((n, k) => {
      ins[n] = feeds[built.inputNames[k]!]!;
    });
    const out = await session.run(ins);
    return diag.outputNames.map((n) => out[n]!.dims.map(Number));
  } catch {
    return null;
  } finally {
    await session?.release().catch(() => {});
  }
}

/** dot's error as the reference backend words it, when the shapes are not aligned. */
function dotMessage(x: readonly number[], y: readonly number[]): string | null {
  if (x.length === 0 || y.length === 0) return null;
  const xk = x.length - 1;
  const K = x[xk]!;
  const yk = y.length === 1 ? 0 : y.length - 2;
  const Ky = y[yk]!;
  if (K === Ky) return null;
  return `dot: shapes ${shapeToString(x)} and ${shapeToString(y)} not aligned: ${K} (dim ${xk}) != ${Ky} (dim ${yk})`;
}

/**
 * `runError`'s error, with the failing node's input shapes when they can be computed: for a misaligned dot,
 * the reference backend's message; otherwise onnxruntime's, followed by the operands' shapes.
 */
export async function describeRunError(
  e: unknown,
  built: BuiltModel,
  fg: FunctionGraph,
  where: string,
  feeds: Readonly<Record<string, ort.Tensor>>,
): Promise<Error> {
  const plain = runError(e, built, fg, where);
  const msg = e instanceof Error ? e.message : String(e);
  const label = /Name:'([^']*)'/.exec(msg)?.[1]?.split('|')[0];
  const origin = label ? built.origins.get(label) : undefined;
  if (origin?.path.length !== 1) return plain;
  const node = nodeAt(fg, origin.path);
  if (!node || node.inputs.length === 0) return plain;
  const shapes = await inputShapes(fg, node, built, feeds);
  const list = shapes ? node.inputs.map((v, i) => `${v} of shape ${shapeToString(shapes[i]!)}`).join(', ') : null;
  const ins = list ?? node.inputs.map((v) => `${v} (${v.type})`).join(', ');
  const alloc = /Failed to allocate memory for requested buffer of size (\d+)/.exec(msg);
  if (alloc) {
    return new RangeError(
      `onnx: ${where}: ${node.op}: inputs ${ins}: cannot allocate its output (${alloc[1]} bytes): the size exceeds what can be allocated`,
    );
  }
  const index = /idx=(-?\d+) must be within the inclusive range \[-(\d+),/.exec(msg);
  if (index) {
    return new Error(
      `onnx: ${where}: ${node.op}: index ${index[1]} is out of bounds for an axis with size ${index[2]} (inputs ${ins})`,
    );
  }
  if (!shapes) return plain;
  if (node.op.kind === 'dot' && shapes.length === 2) {
    const dm = dotMessage(shapes[0]!, shapes[1]!);
    if (dm) return new Error(`onnx: ${where}: ${dm}`);
  }
  return new Error(`${plain.message} (input shapes: ${list})`);
}
