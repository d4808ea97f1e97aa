/**
 * Helpers shared by the WebGL kernels: node parameters, core's typed-broadcasting check, and shape
 * arithmetic done on the host.
 */
import { type Apply, checkedBroadcastShape } from '@theano-ts/core';
import type { Value } from '../gpu.js';

/** The shape of a value (known on the host for GPU tensors too). */
export function shapeOf(v: Value): readonly number[] {
  return v.shape;
}

/**
 * The broadcast shape of elementwise inputs (all of one rank), checking Theano's typed broadcasting rule
 * with core's one check (`checkedBroadcastShape`, the messages every backend gives).
 */
export function broadcastShape(values: readonly Value[], node: Apply): number[] {
  return checkedBroadcastShape(node, values.map(shapeOf));
}

/** Whether two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
