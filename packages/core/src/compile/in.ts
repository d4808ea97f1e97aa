/**
 * `theano.In` / `theano.Param`: a function input with a default value (and a name for messages).
 */
import type { TensorVariable } from '../graph/variable.js';
import type { ArrayLikeValue, NDArray } from '../ndarray.js';
import { filterValue } from './filter.js';

/** Options of `theano.In`. */
export interface InOptions {
  /** The value used when the argument is omitted. */
  value?: ArrayLikeValue;
  /** A name for the argument in messages. */
  name?: string;
}

/** A function input with an optional default value. */
export class In {
  /** The symbolic input. */
  readonly variable: TensorVariable;
  /** The default value, converted to the input's type, or undefined. */
  readonly value: NDArray | undefined;
  /** The argument's name (default: the variable's). */
  readonly name: string | null;

  constructor(variable: TensorVariable, opts: InOptions = {}) {
    this.variable = variable;
    this.name = opts.name ?? null;
    this.value =
      opts.value === undefined
        ? undefined
        : filterValue(opts.value, variable.type, {
            label: `theano.In(${variable}): the default value`,
            downcastHint: null,
          });
  }
}

/** `theano.In(variable, { value, name })`. */
export function makeIn(variable: TensorVariable, opts: InOptions = {}): In {
  return new In(variable, opts);
}

/** `theano.Param(variable, { default })`: Theano's older name for an input with a default. */
export function Param(variable: TensorVariable, opts: { default?: ArrayLikeValue; name?: string } = {}): In {
  return new In(variable, { value: opts.default, name: opts.name });
}
