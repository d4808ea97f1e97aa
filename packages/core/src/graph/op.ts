/**
 * The declarative definition of an op: type inference, the gradient rule next to it, connection pattern
 * and how it prints. Every primitive in `ops/` is one `OpDef`; backends key their kernels by `name`.
 */

import type { NDArray } from '../ndarray.js';
import type { TensorType } from '../type.js';
import type { Apply } from './apply.js';
import type { TensorVariable } from './variable.js';

/** The family an op belongs to (its file in `ops/`). */
export type OpFamily = 'elemwise' | 'reduce' | 'shape' | 'linalg' | 'subtensor' | 'control' | 'nnet';

/** A gradient: a variable, or null where it is zero or the input is not connected. */
export type MaybeGrad = TensorVariable | null;

/** The declarative definition of one primitive. */
export interface OpDef<P extends object> {
  /** Primitive name: the key of backend kernel tables. */
  readonly name: string;
  /** The op family. */
  readonly family: OpFamily;
  /** Output types for these inputs; throws an error naming the op, the input and what was expected. */
  inferTypes(inputs: readonly TensorVariable[], params: Readonly<P>): TensorType[];
  /**
   * Reverse-mode rule: the gradient with respect to each input, given the gradient of each output
   * (null where an output's gradient is zero). Returns null for an input with a zero or no gradient.
   */
  grad(
    inputs: readonly TensorVariable[],
    outputs: readonly TensorVariable[],
    outputGrads: readonly MaybeGrad[],
    params: Readonly<P>,
  ): MaybeGrad[];
  /** Which inputs each output depends on differentiably (default: all of them). */
  connection?(nin: number, params: Readonly<P>): boolean[];
  /** How the op prints in `debugprint` (Theano's `str(op)`). */
  format(params: Readonly<P>): string;
  /** A string identifying the parameters (default: their sorted JSON). */
  paramsKey?(params: Readonly<P>): string;
  /**
   * The op's meaning on concrete values (Theano's `Op.perform`): what constant folding, DebugMode and the
   * reference backend run. Fresh output arrays; never mutates the inputs.
   */
  perform?(inputs: readonly NDArray[], params: Readonly<P>, node: Apply): NDArray[];
  /**
   * The op as a graph of other ops (its outputs from its inputs), for a backend that has no rendering of
   * its own: the optimizer's `expand_extended` replaces the node by it.
   */
  decompose?(inputs: readonly TensorVariable[], params: Readonly<P>, node: Apply): TensorVariable[];
}

/** Identity helper that types an op definition. */
export function defineOp<P extends object>(def: OpDef<P>): OpDef<P> {
  return Object.freeze(def);
}
