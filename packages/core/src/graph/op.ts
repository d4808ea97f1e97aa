/**
 * The declarative definition of an op: type inference, the gradient rule next to it, connection pattern
 * and how it prints. Every primitive in `ops/` is one `OpDef`; backends key their kernels by `name`.
 */

import type { NDArray } from '../ndarray.js';
import type { TensorType } from '../type.js';
import type { Apply } from './apply.js';
import type { TensorVariable } from './variable.js';

/** The family an op belongs to (its file in `ops/`). */
export type OpFamily =
  | 'elemwise'
  | 'reduce'
  | 'shape'
  | 'linalg'
  | 'subtensor'
  | 'control'
  | 'nnet'
  | 'creation'
  | 'sort'
  | 'random';

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
  /**
   * How `theano.pp` writes the op applied to its printed inputs (Theano's registered printers:
   * `(x + y)`, `exp(x)`, `x.T`); absent: `Op(inputs)` with the op as `format` prints it.
   */
  pp?(args: readonly string[], node: Apply, params: Readonly<P>): string;
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
  /**
   * A lazy op (Theano's IfElse): input 0 is a scalar condition; the outputs are the `then` inputs when it
   * is nonzero, else the `else` inputs (input indices, one per output). The executor computes the
   * condition first and then only what the taken branch needs; `perform` is the eager form.
   */
  lazyBranches?(params: Readonly<P>): {
    /** The inputs that become the outputs when the condition is nonzero. */
    readonly ifTrue: readonly number[];
    /** The inputs that become the outputs when the condition is zero. */
    readonly ifFalse: readonly number[];
  };
  /**
   * Symbolic shape inference (Theano's `infer_shape`): the size of dimension `axis` of output `out`, from the
   * sizes of the inputs' dimensions (`dim(input, axis)`, int64 scalars), without computing any value; a
   * number for a size known now; null where it cannot be said (the size is then read from the value).
   */
  inferShape?(
    node: Apply,
    out: number,
    axis: number,
    dim: (input: number, axis: number) => TensorVariable,
    params: Readonly<P>,
  ): TensorVariable | number | null;
}

/** An op definition with its typed matcher. */
export interface DefinedOp<P extends object> extends OpDef<P> {
  /** The node's parameters, typed, when `node` applies this op; null otherwise (or for no node). */
  match(node: Apply | null | undefined): Readonly<P> | null;
  /** The parameters of the op computing `v`, when it is this op; null otherwise. */
  matchOutput(v: TensorVariable): Readonly<P> | null;
}

/** Freezes an op definition and gives it its typed matchers (`DIMSHUFFLE.match(node)?.order`). */
export function defineOp<P extends object>(def: OpDef<P>): DefinedOp<P> {
  const name = def.name;
  const match = (node: Apply | null | undefined): Readonly<P> | null =>
    node && node.op.def.name === name ? (node.op.params as Readonly<P>) : null;
  return Object.freeze({ ...def, match, matchOutput: (v: TensorVariable) => match(v.owner) });
}
