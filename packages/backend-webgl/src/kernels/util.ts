/**
 * Helpers shared by the WebGL kernels: node parameters, shape checks with the reference backend's
 * messages (Theano's typed broadcasting rule), and shape arithmetic done on the host.
 */
import { type Apply, shapeToString } from '@theano-ts/core';
import type { Value } from '../gpu.js';

/** The node's op parameters, typed. */
export function params<P>(node: Apply): P {
  return node.op.params as P;
}

/** The shape of a value (known on the host for GPU tensors too). */
export function shapeOf(v: Value): readonly number[] {
  return v.shape;
}

/**
 * The broadcast shape of elementwise inputs (all of one rank), checking Theano's rule: a dimension may
 * have size 1 against a larger size only where the input's type marks it broadcastable.
 */
export function broadcastShape(values: readonly Value[], node: Apply): number[] {
  const shapes = values.map(shapeOf);
  const ndim = shapes[0]?.length ?? 0;
  for (const s of shapes) {
    if (s.length !== ndim) {
      throw new Error(
        `${node.op}: inputs have different ranks, ${shapes.map(shapeToString).join(' and ')} (the graph pads them to one rank first)`,
      );
    }
  }
  const out: number[] = [];
  for (let d = 0; d < ndim; d++) {
    let size = 1;
    for (const s of shapes) {
      const n = s[d]!;
      if (n !== 1) {
        if (size !== 1 && n !== size) {
          throw new Error(
            `${node.op}: shapes ${shapes.map(shapeToString).join(', ')} do not broadcast: sizes ${size} and ${n} at dimension ${d}`,
          );
        }
        size = n;
      }
    }
    if (size !== 1) {
      shapes.forEach((s, i) => {
        const v = node.inputs[i]!;
        if (s[d] === 1 && !v.type.broadcastable[d]) {
          throw new Error(
            `${node.op}: input ${i} (${v}) has size 1 at dimension ${d} where another input has size ${size}, ` +
              `but its type ${v.type} does not allow broadcasting there (shapes ${shapes.map(shapeToString).join(', ')}); ` +
              'use a type with a broadcastable dimension (T.row, T.col) for broadcasting',
          );
        }
      });
    }
    out.push(size);
  }
  return out;
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
