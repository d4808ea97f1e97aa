/**
 * The shape family's joining ops on WebGL: Join as tfjs `Concat`, Split as one `Slice` per piece,
 * BroadcastTo as `Reshape` + `Tile`, Flip as `Reverse`, Rebroadcast as a checked identity, RepeatOp as
 * `GatherV2` of indices made on the host from the counts, and Choose on the host (core's definition: its
 * indices must be validated value by value). Inputs that are all host arrays (shapes, constants) stay on
 * the host, computed by core's definitions. Sizes, axes and counts are read on the host and checked with
 * core's messages.
 */

import * as tf from '@tensorflow/tfjs-core';
import {
  type Apply,
  BROADCAST_TO,
  CHOOSE,
  FLIP,
  JOIN,
  type NDArray,
  performShapeJoin as PJ,
  REBROADCAST,
  REPEAT,
  SPLIT,
  shapeToString,
} from '@theano-ts/core';
import { gpuDType, identity, isTensor, kernel, reshapeTo, type Value } from '../gpu.js';
import type { KernelArgs, WebGLKernel } from './types.js';

/** Whether every input is a host array: then core's definition runs on the host. */
function onHost(a: KernelArgs): boolean {
  return a.values.every((v) => !isTensor(v));
}

/** Core's definition of the node's op, on host values. */
function perform(
  a: KernelArgs,
  def: { perform?: (ins: readonly NDArray[], p: never, node: Apply) => NDArray[]; match(n: Apply): object | null },
): Value[] {
  return def.perform!(
    a.values.map((_, k) => a.host(k)),
    def.match(a.node) as never,
    a.node,
  );
}

// out = concatenate(xs, axis)
const join: WebGLKernel = (a) => {
  if (onHost(a)) return perform(a, JOIN);
  const shapes = a.values.slice(1).map((v) => v.shape);
  const nd = shapes[0]!.length;
  const axis = PJ.checkAxis(a.host(0).item(), nd, 'Join');
  shapes.forEach((s, k) => {
    if (s.length !== nd || s.some((v, d) => d !== axis && v !== shapes[0]![d])) {
      throw new Error(
        `Join: all the input array dimensions except for the concatenation axis ${axis} must match exactly, ` +
          `but input 0 has shape ${shapeToString(shapes[0]!)} and input ${k} has shape ${shapeToString(s)}`,
      );
    }
  });
  const g = gpuDType(a.outDtype);
  const parts = shapes.map((_, k) => a.tensor(k + 1, g));
  const nonEmpty = parts.filter((t) => t.size > 0);
  if (nonEmpty.length === 0)
    return [
      reshapeTo(
        parts[0]!,
        shapes[0]!.map((s, d) => (d === axis ? shapes.reduce((p, q) => p + q[d]!, 0) : s)),
      ),
    ];
  return [nonEmpty.length === 1 ? identity(nonEmpty[0]!) : kernel('Concat', nonEmpty, { axis })];
};

// out_k = x[..., start_k : start_k + size_k, ...] along axis
const split: WebGLKernel = (a) => {
  if (onHost(a)) return perform(a, SPLIT);
  const { nSplits } = SPLIT.match(a.node)!;
  const xs = a.values[0]!.shape;
  const axis = PJ.checkAxis(a.host(1).item(), xs.length, 'Split');
  const sizes = Array.from(a.host(2).toFloat64());
  const total = sizes.reduce((p, v) => p + v, 0);
  if (sizes.length !== nSplits || sizes.some((v) => !Number.isInteger(v) || v < 0) || total !== xs[axis]) {
    throw new Error(
      `Split: the split sizes (${sizes.join(', ')}) must be ${nSplits} non-negative integers adding up to ${xs[axis]}, ` +
        `the size of axis ${axis} of the input of shape ${shapeToString(xs)}`,
    );
  }
  const x = a.tensor(0, gpuDType(a.outDtype));
  let start = 0;
  return sizes.map((s) => {
    const begin = xs.map((_, d) => (d === axis ? start : 0));
    start += s;
    return kernel('Slice', { x }, { begin, size: xs.map((n, d) => (d === axis ? s : n)) });
  });
};

// out = broadcast_to(x, shape)
const broadcastTo: WebGLKernel = (a) => {
  if (onHost(a)) return perform(a, BROADCAST_TO);
  const xs = a.values[0]!.shape;
  const target = Array.from(a.host(1).toFloat64());
  const lead = target.length - xs.length;
  const fail = (why: string): never => {
    throw new Error(
      `BroadcastTo: cannot broadcast an array of shape ${shapeToString(xs)} to shape ${shapeToString(target)}: ${why}`,
    );
  };
  if (lead < 0) fail('the target has fewer dimensions');
  xs.forEach((s, d) => {
    const t = target[lead + d]!;
    if (s === t) return;
    if (s !== 1) fail(`dimension ${d} has size ${s}, not 1 or ${t}`);
    if (!a.node.inputs[0]!.broadcastable[d])
      fail(`dimension ${d} has size 1 but its type is not broadcastable there (use T.addbroadcast)`);
  });
  const padded = [...new Array<number>(lead).fill(1), ...xs];
  const x = reshapeTo(a.tensor(0, gpuDType(a.outDtype)), padded);
  const reps = target.map((t, d) => (padded[d] === t ? 1 : t));
  if (target.some((t) => t === 0)) return [tf.zeros(target, x.dtype)];
  return [reps.every((r) => r === 1) ? x : kernel('Tile', { x }, { reps })];
};

// out = flip(x, axes)
const flip: WebGLKernel = (a) => {
  if (onHost(a)) return perform(a, FLIP);
  const { axes } = FLIP.match(a.node)!;
  const x = a.tensor(0, gpuDType(a.outDtype));
  if (x.size === 0) return [identity(x)];
  return [kernel('Reverse', { x }, { dims: [...axes] })];
};

// out = x (dimensions made broadcastable must have size 1)
const rebroadcast: WebGLKernel = (a) => {
  if (onHost(a)) return perform(a, REBROADCAST);
  const { axes } = REBROADCAST.match(a.node)!;
  const s = a.values[0]!.shape;
  for (const [d, b] of axes) {
    if (b && s[d] !== 1) {
      throw new Error(
        `${a.node.op}: dimension ${d} was declared broadcastable, so it must have size 1, but the input has shape ${shapeToString(s)}`,
      );
    }
  }
  return [identity(a.tensor(0, gpuDType(a.outDtype)))];
};

// out = repeat(x, repeats, axis): a gather of indices [0]*r_0 + [1]*r_1 + … along the axis
const repeat: WebGLKernel = (a) => {
  if (onHost(a)) return perform(a, REPEAT);
  const { axis } = REPEAT.match(a.node)!;
  const xs = a.values[0]!.shape;
  const counts = PJ.repeatCounts(xs[axis]!, a.host(1));
  const idx: number[] = [];
  counts.forEach((c, i) => {
    for (let k = 0; k < c; k++) idx.push(i);
  });
  const x = a.tensor(0, gpuDType(a.outDtype));
  if (idx.length === 0 || x.size === 0)
    return [
      tf.zeros(
        xs.map((s, d) => (d === axis ? idx.length : s)),
        x.dtype,
      ),
    ];
  const indices = tf.tensor1d(idx, 'int32');
  return [kernel('GatherV2', { x, indices }, { axis, batchDims: 0 })];
};

// out = choose(a, choices), on the host
const choose: WebGLKernel = (a) => perform(a, CHOOSE);

/** The kernels of the joining ops. */
export const SHAPE_JOIN_KERNELS = {
  join,
  split,
  broadcast_to: broadcastTo,
  flip,
  rebroadcast,
  repeat,
  choose,
} as const;
