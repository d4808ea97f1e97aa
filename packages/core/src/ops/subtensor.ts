/**
 * Indexing with an integer along the first axis: `Subtensor` (x[i]) and `IncSubtensor` (x[i] = y,
 * x[i] += y). Slices and advanced indexing extend this family later.
 */

import { isIntDType } from '../dtype.js';
import { applyOp, Op } from '../graph/apply.js';
import { asTensorVariable, constant } from '../graph/constant.js';
import { type TensorLike, TensorVariable } from '../graph/variable.js';
import * as PS from '../perform/subtensor.js';
import { TensorType } from '../type.js';
import { reduceToInput, zerosLike } from './elemwise.js';
import { defineOp } from './op-def.js';
import { dimshuffle, setSubtensorIndex } from './shape.js';

function checkIndex(label: string, x: TensorVariable, i: TensorVariable): void {
  if (x.ndim < 1) throw new TypeError(`${label}: cannot index ${x}, a 0-d tensor`);
  if (i.ndim !== 0 || !isIntDType(i.dtype)) {
    throw new TypeError(`${label}: the index must be an integer scalar, got ${i} (${i.type})`);
  }
}

/** `Subtensor{int64}`: `x[i]` along axis 0. */
export const SUBTENSOR = defineOp<Record<string, never>>({
  name: 'subtensor',
  family: 'subtensor',
  inferTypes([x, i]) {
    checkIndex('Subtensor', x!, i!);
    return [TensorType.fromShape(x!.dtype, x!.type.shape.slice(1))];
  },
  // d x[i] = dz scattered into zeros at row i
  grad([x, i], _o, [gz]) {
    return [gz ? incSubtensor(zerosLike(x!), gz, i!) : null, null];
  },
  connection: () => [true, false],
  format: () => 'Subtensor{int64}',
  perform: ([x, i]) => [PS.subtensor(x!, i!.item())],
  // x[i] drops x's first dimension
  inferShape: (_n, _o, axis, dim) => dim(0, axis + 1),
});

/** Parameters of `IncSubtensor`: set (x[i] = y) or increment (x[i] += y). */
export interface IncSubtensorParams {
  set: boolean;
}

/** `IncSubtensor{Inc;int64}` / `IncSubtensor{Set;int64}`. */
export const INC_SUBTENSOR = defineOp<IncSubtensorParams>({
  name: 'inc_subtensor',
  family: 'subtensor',
  inferTypes([x, y, i], { set }) {
    checkIndex(set ? 'SetSubtensor' : 'IncSubtensor', x!, i!);
    if (y!.ndim !== x!.ndim - 1) {
      throw new TypeError(`IncSubtensor: the value ${y} has ${y!.ndim} dimensions, expected ${x!.ndim - 1}`);
    }
    return [x!.type];
  },
  // set: dx = dz with row i zeroed, dy = dz[i]; inc: dx = dz, dy = dz[i]
  grad([x, y, i], _o, [gz], { set }) {
    if (!gz) return [null, null, null];
    const gx = set ? incSubtensor(gz, zerosLike(subtensor(gz, i!)), i!, true) : gz;
    return [reduceToInput(gx, x!), reduceToInput(subtensor(gz, i!), y!), null];
  },
  connection: () => [true, true, false],
  format: ({ set }) => `IncSubtensor{${set ? 'Set' : 'Inc'};int64}`,
  perform: ([x, y, i], { set }, node) => [PS.incSubtensor(x!, y!, i!.item(), set, node.outputs[0]!.dtype)],
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
});

function indexVar(i: number | TensorVariable): TensorVariable {
  if (i instanceof TensorVariable) return i;
  if (!Number.isInteger(i)) throw new TypeError(`Subtensor: the index must be an integer, got ${i}`);
  return constant(i, { dtype: 'int64' });
}

/** `x[i]` along the first axis. */
export function subtensor(x: TensorLike, i: number | TensorVariable): TensorVariable {
  const v = asTensorVariable(x, 'subtensor');
  return applyOp(new Op(SUBTENSOR, {}), [v, indexVar(i)]).outputs[0]!;
}

/** A copy of `x` with `x[i]` incremented by `y` (or set to `y` when `set`). */
export function incSubtensor(x: TensorLike, y: TensorLike, i: number | TensorVariable, set = false): TensorVariable {
  const v = asTensorVariable(x, 'incSubtensor');
  let w = asTensorVariable(y, 'incSubtensor');
  if (w.ndim < v.ndim - 1) {
    // pad the value on the left so it broadcasts against x[i]
    const pad: (number | 'x')[] = Array.from({ length: v.ndim - 1 - w.ndim }, () => 'x' as const);
    w = dimshuffle(w, [...pad, ...Array.from({ length: w.ndim }, (_, k) => k)]);
  }
  return applyOp(new Op(INC_SUBTENSOR, { set }), [v, w, indexVar(i)]).outputs[0]!;
}

setSubtensorIndex((x, i) => subtensor(x, i));
