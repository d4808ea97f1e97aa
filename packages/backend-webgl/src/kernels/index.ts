/**
 * The WebGL kernel table: one kernel per op, keyed by the op's name. The table is partial by type (an op
 * without a kernel is a declared gap: `capabilities.ops` lists the others). Every primitive has one; of
 * the extended ops, all do: `sqr` with a tfjs kernel, `sigmoid`, `log1p`, `expm1`, `softplus`, `erf` and
 * `composite` (a fused elementwise chain) with shaders generated here, `softmax` and `log_softmax` with
 * tfjs kernels, the pooling ops with tfjs's MaxPool or their decomposition as an inner graph (`pool.ts`).
 */
import type { ExtendedOpName, PrimitiveName } from '@theano-ts/core';
import { composite } from './composite.js';
import { CONTROL_KERNELS } from './control.js';
import { CONV_KERNELS } from './conv.js';
import { CREATION_KERNELS } from './creation.js';
import { ELEMWISE_KERNELS, EXTENDED_KERNELS } from './elemwise.js';
import { LINALG_KERNELS } from './linalg.js';
import { NNET_KERNELS } from './nnet.js';
import { POOL_KERNELS } from './pool.js';
import { REDUCE_KERNELS } from './reduce.js';
import { REDUCE_MORE_KERNELS } from './reduce-more.js';
import { SCAN_KERNELS } from './scan.js';
import { SHAPE_KERNELS } from './shape.js';
import { SHAPE_JOIN_KERNELS } from './shape-join.js';
import { RANDOM_KERNELS, SORT_KERNELS } from './sort.js';
import { SUBTENSOR_KERNELS } from './subtensor.js';
import type { WebGLKernel } from './types.js';

export type { InnerRun, KernelArgs, WebGLKernel } from './types.js';

/** The kernels, by op name: every primitive, and the extended ops this backend runs whole. */
export const KERNELS: { readonly [P in PrimitiveName | ExtendedOpName]?: WebGLKernel } = {
  ...ELEMWISE_KERNELS,
  ...EXTENDED_KERNELS,
  composite,
  ...REDUCE_KERNELS,
  ...REDUCE_MORE_KERNELS,
  ...SHAPE_KERNELS,
  ...SHAPE_JOIN_KERNELS,
  ...LINALG_KERNELS,
  ...SUBTENSOR_KERNELS,
  ...CONTROL_KERNELS,
  ...SCAN_KERNELS,
  ...NNET_KERNELS,
  ...POOL_KERNELS,
  ...SORT_KERNELS,
  ...RANDOM_KERNELS,
  ...CREATION_KERNELS,
  ...CONV_KERNELS,
};
