/**
 * `theano.Out(variable, { borrow })`: a function output with Theano's `borrow` flag. By default a compiled
 * function returns arrays of its own: never the storage of a shared variable, of an argument, of a constant
 * of the graph, or of another output. A borrowed output may share storage with any of them (it saves a copy
 * where the backend hands back such an array): the caller must then not mutate it.
 */
import { TensorVariable } from '../graph/variable.js';

/** Options of `theano.Out`. */
export interface OutOptions {
  /** Return the backend's array even when it shares storage with a shared variable, an input or another output. */
  borrow?: boolean;
}

/** A function output with options (`theano.Out(variable, { borrow: true })`). */
export class Out {
  /** The symbolic output. */
  readonly variable: TensorVariable;
  /** Whether the returned array may share storage (default false). */
  readonly borrow: boolean;

  constructor(variable: TensorVariable, opts: OutOptions = {}) {
    if (!(variable instanceof TensorVariable)) {
      throw new TypeError(`theano.Out: the output must be a symbolic variable, got ${typeof variable}`);
    }
    if (opts === null || typeof opts !== 'object') {
      throw new TypeError(`theano.Out(${variable}): options must be an object such as { borrow: true }, got ${opts}`);
    }
    for (const k of Object.keys(opts)) {
      if (k !== 'borrow') throw new TypeError(`theano.Out(${variable}): unknown option "${k}" (known: borrow)`);
    }
    if (opts.borrow !== undefined && typeof opts.borrow !== 'boolean') {
      throw new TypeError(`theano.Out(${variable}): borrow must be a boolean, got ${typeof opts.borrow}`);
    }
    this.variable = variable;
    this.borrow = opts.borrow ?? false;
  }
}

/** `theano.Out(variable, { borrow })`. */
export function makeOut(variable: TensorVariable, opts: OutOptions = {}): Out {
  return new Out(variable, opts);
}
