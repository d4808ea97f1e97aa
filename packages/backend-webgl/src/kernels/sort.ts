/**
 * Sorting and counting on the host: sort, argsort, topk, unique, bincount, searchsorted, one-hot rows,
 * diagonal fills and the gathers of their gradients read their inputs back from the GPU and run core's
 * definition of the op (`perform`). tfjs's `TopK` has no rule for NaN nor for the order of ties, and
 * unique and bincount have data-dependent sizes, so the host gives numpy's stable order and exact indices
 * (the results go back to the GPU when a later kernel needs them). The random primitive runs here too.
 */
import { type DefinedOp, PHILOX_RANDOM, sortOps } from '@theano-ts/core';
import type { WebGLKernel } from './types.js';

/** A kernel running `def.perform` on the node's inputs read back to the host. */
const performed =
  (def: DefinedOp<object>): WebGLKernel =>
  (a) =>
    def.perform!(
      a.node.inputs.map((_, k) => a.host(k)),
      def.match(a.node)!,
      a.node,
    );

/** The sort family's kernels (all on the host). */
export const SORT_KERNELS = Object.fromEntries(
  Object.entries(sortOps.SORT_PRIMITIVES).map(([name, def]) => [name, performed(def as DefinedOp<object>)]),
) as { readonly [P in keyof typeof sortOps.SORT_PRIMITIVES]: WebGLKernel };

/**
 * The random primitive on the host: `PhiloxRandom` reads its state (int64, kept on the host) and size and
 * runs core's definition, so WebGL draws the same numbers as every other backend; the draws go to the GPU
 * when a later kernel needs them.
 */
export const RANDOM_KERNELS: { readonly philox_random: WebGLKernel } = {
  philox_random: performed(PHILOX_RANDOM as unknown as DefinedOp<object>),
};
