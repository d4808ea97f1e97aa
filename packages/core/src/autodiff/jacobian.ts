/**
 * `theano.gradient.jacobian` and `hessian`: one gradient per element of the expression, computed by a
 * `Map` over the element index (Theano builds the same loop with `scan`).
 */
import { ancestors } from '../graph/fgraph.js';
import { TensorConstant, TensorVariable } from '../graph/variable.js';
import { mapOver } from '../ops/control.js';
import { flatten, shapeI } from '../ops/shape.js';
import { subtensor } from '../ops/subtensor.js';
import { TensorType } from '../type.js';
import { type GradOptions, grad } from './grad.js';

function leavesOf(v: TensorVariable, exclude: TensorVariable): TensorVariable[] {
  const out: TensorVariable[] = [];
  for (const a of ancestors([v])) {
    if (!a.owner && !(a instanceof TensorConstant) && a !== exclude) out.push(a);
  }
  return out.sort((a, b) => a.id - b.id);
}

function jacobianOne(expression: TensorVariable, wrt: TensorVariable, opts: GradOptions): TensorVariable {
  if (expression.ndim === 0) return grad(expression, wrt, opts);
  const y = expression.ndim === 1 ? expression : flatten(expression);
  const i = new TensorType('int64', []).make('i');
  const body = grad(subtensor(y, i), wrt, opts);
  const leaves = leavesOf(body, i);
  return mapOver(shapeI(y, 0), [i, ...leaves], body, leaves, 'jacobian');
}

/**
 * The Jacobian of `expression` with respect to `wrt` (one variable or a list): shape
 * `[expression.size, ...wrt.shape]`; a scalar expression gives its gradient.
 */
export function jacobian(expression: TensorVariable, wrt: TensorVariable, opts?: GradOptions): TensorVariable;
export function jacobian(
  expression: TensorVariable,
  wrt: readonly TensorVariable[],
  opts?: GradOptions,
): TensorVariable[];
export function jacobian(
  expression: TensorVariable,
  wrt: TensorVariable | readonly TensorVariable[],
  opts: GradOptions = {},
): TensorVariable | TensorVariable[] {
  if (!(expression instanceof TensorVariable)) {
    throw new TypeError(`jacobian: expression must be a symbolic variable, got ${typeof expression}`);
  }
  if (Array.isArray(wrt)) return (wrt as TensorVariable[]).map((w) => jacobianOne(expression, w, opts));
  return jacobianOne(expression, wrt as TensorVariable, opts);
}

/** The Hessian of a scalar `cost` with respect to `wrt` (one variable or a list): the Jacobian of the gradient. */
export function hessian(cost: TensorVariable, wrt: TensorVariable, opts?: GradOptions): TensorVariable;
export function hessian(cost: TensorVariable, wrt: readonly TensorVariable[], opts?: GradOptions): TensorVariable[];
export function hessian(
  cost: TensorVariable,
  wrt: TensorVariable | readonly TensorVariable[],
  opts: GradOptions = {},
): TensorVariable | TensorVariable[] {
  if (!(cost instanceof TensorVariable) || cost.ndim !== 0) {
    throw new TypeError(`hessian: cost must be a scalar (0-d) variable, got ${cost} (${cost?.type})`);
  }
  const one = (w: TensorVariable): TensorVariable => {
    if (w.ndim !== 1) throw new TypeError(`hessian: wrt must be a vector, got ${w} (${w.type})`);
    return jacobianOne(grad(cost, w, opts), w, opts);
  };
  return Array.isArray(wrt) ? (wrt as TensorVariable[]).map(one) : one(wrt as TensorVariable);
}
