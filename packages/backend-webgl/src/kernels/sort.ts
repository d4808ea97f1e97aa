/**
 * Sorting and counting on the host: sort, argsort, topk, unique, bincount, searchsorted, one-hot rows,
 * diagonal fills and the gathers of their gradients read their inputs back from the GPU and run core's
 * definition of the op (`perform`). tfjs's `TopK` has no rule for NaN nor for the order of ties, and
 * unique and bincount have data-dependent sizes, so the host gives numpy's stable order and exact indices
 * (the results go back to the GPU when a later kernel needs them). The random primitive runs here too.
 */
import { type DefinedOp, type NDArray, PHILOX_RANDOM, sortOps } from '@theano-ts/core';
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

const philox = performed(PHILOX_RANDOM as unknown as DefinedOp<object>);

/** The largest float32 below 1. */
const BELOW_ONE = 1 - 2 ** -24;

/**
 * The random primitive on the host: `PhiloxRandom` reads its state (16-bit halves, exact in any GPU form)
 * and size back and runs core's definition, so WebGL draws the same numbers as every other backend; the
 * draws go to the GPU when a later kernel needs them. Under `allowFloat64Downcast` a float64 draw is used in
 * float32: the few numbers that round up to 1 become the largest float32 below 1, so draws stay in [0, 1).
 */
export const RANDOM_KERNELS: { readonly philox_random: WebGLKernel } = {
  philox_random: (a) => {
    const outs = philox(a) as NDArray[];
    const draws = outs[1]!;
    if (draws.dtype === 'float64') {
      const d = draws.data as Float64Array;
      for (let i = 0; i < d.length; i++) if (Math.fround(d[i]!) >= 1) d[i] = BELOW_ONE;
    }
    return outs;
  },
};
