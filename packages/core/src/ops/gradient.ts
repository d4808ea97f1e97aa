/**
 * Identity ops that only change the gradient (Theano's `theano.gradient` view ops): `ZeroGrad`,
 * `DisconnectedGrad`, `GradClip` and `GradScale`. Forward they pass their input through; backward they
 * zero, disconnect, clip or scale the gradient. They never reach a backend: the rewrite
 * `remove_gradient_ops` (canonicalize, tagged `required`) replaces each by its input once the gradient
 * has been taken. `Print` is an identity that prints its value when evaluated (Theano's
 * `theano.printing.Print`): it stays in the graph and runs wherever a backend has its kernel.
 */

import { applyOp, Op } from '../graph/apply.js';
import { asTensorVariable } from '../graph/constant.js';
import type { TensorLike, TensorVariable } from '../graph/variable.js';
import type { NDArray } from '../ndarray.js';
import { mul, zerosLike } from './elemwise.js';
import { clip } from './extended.js';
import { defineOp } from './op-def.js';

/** `ZeroGrad`: identity whose gradient is zeros (Theano's `zero_grad`). */
export const ZERO_GRAD = defineOp<Record<string, never>>({
  name: 'zero_grad',
  family: 'control',
  inferTypes: ([x]) => [x!.type],
  grad: ([x], _o, [gz]) => [gz ? zerosLike(gz, gz.dtype) : zerosLike(x!)],
  format: () => 'ZeroGrad',
  perform: ([x]) => [x!],
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
});

/** `DisconnectedGrad`: identity through which the cost does not depend on the input at all. */
export const DISCONNECTED_GRAD = defineOp<Record<string, never>>({
  name: 'disconnected_grad',
  family: 'control',
  inferTypes: ([x]) => [x!.type],
  grad: () => [null],
  connection: () => [false],
  format: () => 'DisconnectedGrad',
  perform: ([x]) => [x!],
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
});

/** Parameters of `GradClip`: the bounds the gradient is clipped to. */
export interface GradClipParams {
  /** The smallest value a gradient element may take. */
  lower: number;
  /** The largest value a gradient element may take. */
  upper: number;
}

/** `GradClip{lower, upper}`: identity whose gradient is clipped elementwise to `[lower, upper]`. */
export const GRAD_CLIP = defineOp<GradClipParams>({
  name: 'grad_clip',
  family: 'control',
  inferTypes: ([x]) => [x!.type],
  grad: (_i, _o, [gz], { lower, upper }) => [gz ? clip(gz, lower, upper) : null],
  format: ({ lower, upper }) => `GradClip{${lower}, ${upper}}`,
  perform: ([x]) => [x!],
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
});

/** Parameters of `GradScale`: the factor the gradient is multiplied by. */
export interface GradScaleParams {
  /** The factor the gradient is multiplied by. */
  multiplier: number;
}

/** `GradScale{multiplier}`: identity whose gradient is multiplied by `multiplier`. */
export const GRAD_SCALE = defineOp<GradScaleParams>({
  name: 'grad_scale',
  family: 'control',
  inferTypes: ([x]) => [x!.type],
  grad: (_i, _o, [gz], { multiplier }) => [gz ? mul(gz, multiplier) : null],
  format: ({ multiplier }) => `GradScale{${multiplier}}`,
  perform: ([x]) => [x!],
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
});

/** The ops above, by name: the rewrite `remove_gradient_ops` replaces each by its input. */
export const GRADIENT_OPS = {
  zero_grad: ZERO_GRAD,
  disconnected_grad: DISCONNECTED_GRAD,
  grad_clip: GRAD_CLIP,
  grad_scale: GRAD_SCALE,
} as const;

/**
 * `TensorCopy` (Theano's `tensor_copy`, what `x.copy()` builds): a new variable with `x`'s value. Values
 * are never written in place, so it is an identity that the canonicalizer removes (`local_useless_tensor_copy`).
 */
export const TENSOR_COPY = defineOp<Record<string, never>>({
  name: 'tensor_copy',
  family: 'elemwise',
  inferTypes: ([x]) => [x!.type],
  grad: (_i, _o, [gz]) => [gz ?? null],
  format: () => 'Elemwise{identity,no_inplace}',
  pp: ([x]) => `tensor_copy(${x})`,
  perform: ([x]) => [x!],
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
});

/** What a `Print` op's function receives: the op's message and attributes, and the value. */
export type PrintFn = (op: { readonly message: string; readonly attrs: readonly string[] }, value: NDArray) => void;

/** Parameters of `Print`. */
export interface PrintParams {
  /** Printed first on each line. */
  message: string;
  /** What to print of the value: `__str__` (the value as numpy prints it), `shape`, `dtype`, `size`, `ndim`. */
  attrs: readonly string[];
  /** Called with the op and the value on each evaluation (Theano's `global_fn`). */
  globalFn: PrintFn;
}

const fnIds = new WeakMap<PrintFn, number>();
let nextFnId = 0;
function fnId(f: PrintFn): number {
  let id = fnIds.get(f);
  if (id === undefined) {
    id = nextFnId++;
    fnIds.set(f, id);
  }
  return id;
}

const PRINT_ATTRS = ['__str__', 'shape', 'dtype', 'size', 'ndim'];

/** One attribute of a value as Python would print it (`shape` as a tuple). */
export function printAttr(value: NDArray, attr: string): string {
  switch (attr) {
    case '__str__':
      return String(value);
    case 'shape':
      return value.shape.length === 1 ? `(${value.shape[0]},)` : `(${value.shape.join(', ')})`;
    case 'dtype':
      return value.dtype;
    case 'size':
      return String(value.shape.reduce((a, b) => a * b, 1));
    case 'ndim':
      return String(value.shape.length);
    default:
      throw new TypeError(
        `Print: unknown attribute ${JSON.stringify(attr)}; expected one of '__str__', 'shape', 'dtype', 'size', 'ndim'`,
      );
  }
}

/** `Print{message}`: identity that calls `globalFn` with its value on each evaluation (never folded). */
export const PRINT = defineOp<PrintParams>({
  name: 'print',
  family: 'control',
  inferTypes: ([x]) => [x!.type],
  grad: (_i, _o, [gz]) => [gz ?? null],
  format: ({ message }) => `Print{${message}}`,
  paramsKey: ({ message, attrs, globalFn }) => JSON.stringify([message, attrs, fnId(globalFn)]),
  perform([x], { message, attrs, globalFn }) {
    globalFn({ message, attrs }, x!);
    return [x!];
  },
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
});

const apply1 = (def: typeof ZERO_GRAD | typeof DISCONNECTED_GRAD, x: TensorLike, fname: string) =>
  applyOp(new Op(def, {}), [toVar(x, fname)]).outputs[0]!;

const toVar = (x: TensorLike, fname: string): TensorVariable => asTensorVariable(x, `${fname}: x`);

function finiteNumber(v: unknown, fname: string, what: string): number {
  if (typeof v !== 'number' || Number.isNaN(v)) {
    throw new TypeError(`${fname}: ${what} must be a number, got ${typeof v === 'number' ? v : typeof v}`);
  }
  return v;
}

/** `T.tensorCopy(x)`: a copy of `x` (the same value, a new variable); see {@link TENSOR_COPY}. */
export function tensorCopy(x: TensorLike): TensorVariable {
  return applyOp(new Op(TENSOR_COPY, {}), [toVar(x, 'T.tensorCopy')]).outputs[0]!;
}

/**
 * `theano.gradient.zeroGrad(x)`: `x` forward; backward the gradient through it is zero (the cost still
 * counts as depending on `x`, so asking for the gradient gives zeros, not an error).
 *
 * @example T.grad(x.pow(2).add(zeroGrad(x).pow(2)), x) // 2x: the second term contributes nothing
 */
export function zeroGrad(x: TensorLike): TensorVariable {
  return apply1(ZERO_GRAD, x, 'theano.gradient.zeroGrad');
}

/**
 * `theano.gradient.considerConstant(x)`: the same as {@link zeroGrad} (Theano keeps it as a deprecated
 * alias).
 */
export function considerConstant(x: TensorLike): TensorVariable {
  return apply1(ZERO_GRAD, x, 'theano.gradient.considerConstant');
}

/**
 * `theano.gradient.disconnectedGrad(x)`: `x` forward; backward no gradient flows through it, and a cost
 * that reaches a variable only through it counts as not depending on it (`T.grad` raises a
 * `DisconnectedInputError` unless `disconnectedInputs` says otherwise).
 */
export function disconnectedGrad(x: TensorLike): TensorVariable {
  return apply1(DISCONNECTED_GRAD, x, 'theano.gradient.disconnectedGrad');
}

/**
 * `theano.gradient.gradClip(x, lower, upper)`: `x` forward; backward the gradient through it is clipped
 * elementwise to `[lower, upper]`.
 */
export function gradClip(x: TensorLike, lower: number, upper: number): TensorVariable {
  const f = 'theano.gradient.gradClip';
  const lo = finiteNumber(lower, f, 'lower');
  const hi = finiteNumber(upper, f, 'upper');
  if (lo > hi) throw new RangeError(`${f}: lower (${lo}) must not exceed upper (${hi})`);
  return applyOp(new Op(GRAD_CLIP, { lower: lo, upper: hi }), [toVar(x, f)]).outputs[0]!;
}

/**
 * `theano.gradient.gradScale(x, multiplier)`: `x` forward; backward the gradient through it is multiplied
 * by `multiplier` (a negative one reverses it, as in gradient-reversal layers).
 */
export function gradScale(x: TensorLike, multiplier: number): TensorVariable {
  const f = 'theano.gradient.gradScale';
  const m = finiteNumber(multiplier, f, 'multiplier');
  return applyOp(new Op(GRAD_SCALE, { multiplier: m }), [toVar(x, f)]).outputs[0]!;
}

/** Options of `theano.printing.Print`: Theano's `attrs` and `global_fn`, and a sink for the printed lines. */
export interface PrintOptions {
  /** What to print of the value (default `['__str__']`): `__str__`, `shape`, `dtype`, `size`, `ndim`. */
  attrs?: readonly string[];
  /**
   * Where the default printing function writes each line (default `console.log`); ignored when
   * `globalFn` is given.
   */
  log?: (line: string) => void;
  /** Called with the op and the value instead of printing (Theano's `global_fn`). */
  globalFn?: PrintFn;
}

const defaultLogs = new WeakMap<(line: string) => void, PrintFn>();
const consolePrint: PrintFn = (op, value) => {
  for (const a of op.attrs) console.log(`${op.message} ${a} = ${printAttr(value, a)}`);
};
function printTo(log: (line: string) => void): PrintFn {
  let f = defaultLogs.get(log);
  if (!f) {
    f = (op, value) => {
      for (const a of op.attrs) log(`${op.message} ${a} = ${printAttr(value, a)}`);
    };
    defaultLogs.set(log, f);
  }
  return f;
}

/**
 * `theano.printing.Print(message, { attrs, log, globalFn })(x)`: an identity whose evaluation prints
 * `message attr = value` for each attribute (`message __str__ = [1. 2.]` by default), as Theano does. The
 * gradient passes through it unchanged. It runs on backends that have its kernel (the reference backend);
 * elsewhere compiling a graph containing it throws an `UnsupportedError` naming the op `print`.
 */
export function Print(message = '', opts: PrintOptions = {}): (x: TensorLike) => TensorVariable {
  const f = 'theano.printing.Print';
  if (typeof message !== 'string') throw new TypeError(`${f}: message must be a string, got ${typeof message}`);
  for (const k of Object.keys(opts)) {
    if (!['attrs', 'log', 'globalFn'].includes(k)) {
      throw new TypeError(`${f}: unknown option ${JSON.stringify(k)}; expected attrs, log or globalFn`);
    }
  }
  const attrs = [...(opts.attrs ?? ['__str__'])];
  for (const a of attrs) {
    if (!PRINT_ATTRS.includes(a)) {
      throw new TypeError(`${f}: unknown attribute ${JSON.stringify(a)}; expected one of ${PRINT_ATTRS.join(', ')}`);
    }
  }
  const globalFn = opts.globalFn ?? (opts.log ? printTo(opts.log) : consolePrint);
  const op = new Op(PRINT, { message, attrs, globalFn });
  return (x: TensorLike) => applyOp(op, [toVar(x, f)]).outputs[0]!;
}
