/**
 * The numpy-named methods of tensor variables (`x.add(y)`, `x.sum()`, `x.T`, `x.eval()`, …), installed on
 * `TensorVariable.prototype` by the tensor module, as PyTensor's `_tensor_py_operators`: the IR
 * (`graph/variable.ts`) imports no op, and the methods are typed by merging this class's members into
 * `TensorVariable`'s interface. Importing `@theano-ts/core` installs them.
 */
import { type EvalGivens, evalVariable } from '../compile/eval.js';
import type { DType } from '../dtype.js';
import type { TensorLike, TensorVariable } from '../graph/variable.js';
import type { NDArray } from '../ndarray.js';
import * as ew from '../ops/elemwise.js';
import * as la from '../ops/linalg.js';
import * as sh from '../ops/shape.js';
import { installMethods } from './install.js';

/** The methods, written once; their property descriptors are copied onto `TensorVariable.prototype`. */
abstract class TensorMethods {
  // ----- arithmetic (numpy names) -----
  /** `this + other`. */
  add(this: TensorVariable, other: TensorLike): TensorVariable {
    return ew.add(this, other);
  }
  /** `this - other`. */
  sub(this: TensorVariable, other: TensorLike): TensorVariable {
    return ew.sub(this, other);
  }
  /** `this * other`. */
  mul(this: TensorVariable, other: TensorLike): TensorVariable {
    return ew.mul(this, other);
  }
  /** `this / other` (true division). */
  div(this: TensorVariable, other: TensorLike): TensorVariable {
    return ew.trueDiv(this, other);
  }
  /** `this // other` (floor division). */
  intDiv(this: TensorVariable, other: TensorLike): TensorVariable {
    return ew.intDiv(this, other);
  }
  /** `this % other` (sign of the divisor, as Python). */
  mod(this: TensorVariable, other: TensorLike): TensorVariable {
    return ew.mod(this, other);
  }
  /** `this ** other`. */
  pow(this: TensorVariable, other: TensorLike): TensorVariable {
    return ew.pow(this, other);
  }
  /** `-this`. */
  neg(this: TensorVariable): TensorVariable {
    return ew.neg(this);
  }
  /** `|this|`. */
  abs(this: TensorVariable): TensorVariable {
    return ew.abs(this);
  }
  /** `exp(this)`. */
  exp(this: TensorVariable): TensorVariable {
    return ew.exp(this);
  }
  /** `log(this)`. */
  log(this: TensorVariable): TensorVariable {
    return ew.log(this);
  }
  /** `sqrt(this)`. */
  sqrt(this: TensorVariable): TensorVariable {
    return ew.sqrt(this);
  }
  /** `sin(this)`. */
  sin(this: TensorVariable): TensorVariable {
    return ew.sin(this);
  }
  /** `cos(this)`. */
  cos(this: TensorVariable): TensorVariable {
    return ew.cos(this);
  }
  /** `tanh(this)`. */
  tanh(this: TensorVariable): TensorVariable {
    return ew.tanh(this);
  }
  /** Elementwise maximum. */
  maximum(this: TensorVariable, other: TensorLike): TensorVariable {
    return ew.maximum(this, other);
  }
  /** Elementwise minimum. */
  minimum(this: TensorVariable, other: TensorLike): TensorVariable {
    return ew.minimum(this, other);
  }
  /** `this < other`. */
  lt(this: TensorVariable, other: TensorLike): TensorVariable {
    return ew.lt(this, other);
  }
  /** `this <= other`. */
  le(this: TensorVariable, other: TensorLike): TensorVariable {
    return ew.le(this, other);
  }
  /** `this > other`. */
  gt(this: TensorVariable, other: TensorLike): TensorVariable {
    return ew.gt(this, other);
  }
  /** `this >= other`. */
  ge(this: TensorVariable, other: TensorLike): TensorVariable {
    return ew.ge(this, other);
  }
  /** `this == other`, elementwise. */
  eq(this: TensorVariable, other: TensorLike): TensorVariable {
    return ew.eq(this, other);
  }
  /** `this != other`, elementwise. */
  neq(this: TensorVariable, other: TensorLike): TensorVariable {
    return ew.neq(this, other);
  }
  /** This tensor converted to `dtype`. */
  astype(this: TensorVariable, dtype: DType): TensorVariable {
    return ew.cast(this, dtype);
  }
  /** A tensor of this one's shape filled with `value` (Theano's `x.fill(value)`, `T.fill(x, value)`). */
  fill(this: TensorVariable, value: TensorLike): TensorVariable {
    return ew.second(this, value);
  }
  /** Zeros of this tensor's shape and dtype (`T.zerosLike(x)`). */
  zerosLike(this: TensorVariable): TensorVariable {
    return ew.zerosLike(this);
  }
  /** Ones of this tensor's shape and dtype (`T.onesLike(x)`). */
  onesLike(this: TensorVariable): TensorVariable {
    return ew.onesLike(this);
  }

  // ----- linear algebra, reductions -----
  /** Matrix/vector product (`T.dot`). */
  dot(this: TensorVariable, other: TensorLike): TensorVariable {
    return la.dot(this, other);
  }
  // sum, mean, max, min: tensor/family-reduce.ts

  // ----- shape -----
  /** Reorders dimensions; `'x'` inserts a broadcastable dimension (`x.dimshuffle('x', 0)`). */
  dimshuffle(this: TensorVariable, ...order: (number | 'x' | readonly (number | 'x')[])[]): TensorVariable {
    const flat =
      order.length === 1 && Array.isArray(order[0]) ? (order[0] as (number | 'x')[]) : (order as (number | 'x')[]);
    return sh.dimshuffle(this, flat);
  }
  /** Permutes the dimensions (reverses them when no axes are given). */
  transpose(this: TensorVariable, ...axes: number[]): TensorVariable {
    return sh.transpose(this, axes.length ? axes : undefined);
  }
  /** The transpose (`x.T`). */
  get T(): TensorVariable {
    return sh.transpose(this as unknown as TensorVariable);
  }
  /** The symbolic shape, an int64 vector. */
  get shape(): TensorVariable {
    return sh.shape(this as unknown as TensorVariable);
  }

  // ----- evaluation -----
  /** Compiles (once, cached) and runs this expression, giving values to the inputs it needs. */
  eval(this: TensorVariable, givens?: EvalGivens): Promise<NDArray> {
    return evalVariable(this, givens, false) as Promise<NDArray>;
  }
  /** `eval` on a backend that runs synchronously. */
  evalSync(this: TensorVariable, givens?: EvalGivens): NDArray {
    return evalVariable(this, givens, true) as NDArray;
  }
}

/** The names of the installed methods and getters. */
type MethodName = keyof TensorMethods;

declare module '../graph/variable.js' {
  /** The numpy-named methods (see `tensor/methods.ts`). */
  interface TensorVariable extends Pick<TensorMethods, MethodName> {}
}

installMethods(TensorMethods);
