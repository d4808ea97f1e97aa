/**
 * The table of every primitive op, keyed by name: what backends implement. A backend's kernel table is
 * `Record<PrimitiveName, Kernel>` (complete: a missing kernel is a compile error) or `Partial` of it (its
 * gaps show in the conformance matrix).
 */

import { COMPOSITE } from './composite.js';
import { ASSERT_SAME_SHAPE, MAP } from './control.js';
import { CONV2D, CONV2D_GRAD_INPUTS, CONV2D_GRAD_WEIGHTS } from './conv.js';
import { ALLOC, ALLOC_DIAG, ARANGE, EXTRACT_DIAG, EYE, TRI } from './creation.js';
import { ELEMWISE_DEFS } from './elemwise.js';
import { EXTENDED_DEFS } from './extended.js';
import { IF_ELSE } from './ifelse.js';
import { DOT } from './linalg.js';
import { NLINALG_OPS } from './nlinalg.js';
import { AVERAGE_POOL_GRAD, MAX_POOL_GRAD, POOL } from './pool.js';
import { PHILOX_RANDOM } from './random.js';
import { MAX, MIN, SUM } from './reduce.js';
import { ALL, ANY, ARGMAX, CUMOP, DIFF, MEDIAN, PROD } from './reduce-more.js';
import { SCAN } from './scan.js';
import { DIMSHUFFLE, MAKE_VECTOR, RESHAPE, SHAPE, SHAPE_I } from './shape.js';
import { BROADCAST_TO, CHOOSE, FLIP, JOIN, REBROADCAST, REPEAT, SPLIT } from './shape-join.js';
import { LOG_SOFTMAX, SOFTMAX } from './softmax.js';
import { SORT_PRIMITIVES } from './sort.js';
import { ADVANCED_INC_SUBTENSOR, ADVANCED_SUBTENSOR, INC_SUBTENSOR, NONZERO, SUBTENSOR } from './subtensor.js';

/** Every primitive's definition. */
export const PRIMITIVES = {
  ...ELEMWISE_DEFS,
  sum: SUM,
  max: MAX,
  min: MIN,
  dimshuffle: DIMSHUFFLE,
  reshape: RESHAPE,
  shape: SHAPE,
  shape_i: SHAPE_I,
  make_vector: MAKE_VECTOR,
  join: JOIN,
  split: SPLIT,
  broadcast_to: BROADCAST_TO,
  flip: FLIP,
  rebroadcast: REBROADCAST,
  repeat: REPEAT,
  choose: CHOOSE,
  dot: DOT,
  subtensor: SUBTENSOR,
  inc_subtensor: INC_SUBTENSOR,
  advanced_subtensor: ADVANCED_SUBTENSOR,
  advanced_inc_subtensor: ADVANCED_INC_SUBTENSOR,
  nonzero: NONZERO,
  map: MAP,
  scan: SCAN,
  assert_same_shape: ASSERT_SAME_SHAPE,
  if_else: IF_ELSE,
  ...SORT_PRIMITIVES,
  ...{ alloc: ALLOC, arange: ARANGE },
  philox_random: PHILOX_RANDOM,
  conv2d: CONV2D,
  conv2d_grad_inputs: CONV2D_GRAD_INPUTS,
  conv2d_grad_weights: CONV2D_GRAD_WEIGHTS,
} as const;

/** The name of a primitive op. */
export type PrimitiveName = keyof typeof PRIMITIVES;

/**
 * Ops that are not primitives: a backend may implement them (and declare them in `capabilities.ops`);
 * where it does not, the optimizer expands them into primitives (`expand_extended`).
 */
export const EXTENDED_OPS = {
  ...EXTENDED_DEFS,
  softmax: SOFTMAX,
  log_softmax: LOG_SOFTMAX,
  composite: COMPOSITE,
  ...{ eye: EYE, tri: TRI, extract_diag: EXTRACT_DIAG, alloc_diag: ALLOC_DIAG },
  ...NLINALG_OPS,
  prod: PROD,
  argmax: ARGMAX,
  all: ALL,
  any: ANY,
  cumop: CUMOP,
  diff: DIFF,
  median: MEDIAN,
  pool: POOL,
  max_pool_grad: MAX_POOL_GRAD,
  average_pool_grad: AVERAGE_POOL_GRAD,
} as const;

/** The name of an extended op. */
export type ExtendedOpName = keyof typeof EXTENDED_OPS;
