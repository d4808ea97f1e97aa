/**
 * Linear algebra: `dot` for vectors and matrices (a 0-d operand makes it an elementwise product, as
 * Theano's `T.dot` does; operands above 2 dimensions are numpy's dot, a tensordot over a's last and b's
 * second-to-last axis, built from a transpose, reshapes to matrices and the 2-d `dot`).
 */

import { dtypeKind } from '../dtype.js';
import { applyOp, Op } from '../graph/apply.js';
import { asTensorVariable } from '../graph/constant.js';
import type { TensorLike, TensorVariable } from '../graph/variable.js';
import { dot as performDot } from '../perform/linalg.js';
import { TensorType } from '../type.js';
import { cast, mul, resultDType } from './elemwise.js';
import { defineOp } from './op-def.js';
import { dimshuffle, reshape, shapeI, transpose } from './shape.js';

/** `dot`: vector·vector, matrix·vector, vector·matrix, matrix·matrix. */
export const DOT = defineOp<Record<string, never>>({
  name: 'dot',
  family: 'linalg',
  inferTypes([x, y]) {
    if (x!.ndim < 1 || x!.ndim > 2 || y!.ndim < 1 || y!.ndim > 2) {
      throw new TypeError(
        `dot: expected vectors or matrices, got ${x} (${x!.type}) and ${y} (${y!.type}); tensordot of higher ranks is not supported`,
      );
    }
    const kx = x!.type.shape[x!.ndim - 1];
    const ky = y!.type.shape[0];
    if (kx != null && ky != null && kx !== ky) {
      throw new TypeError(
        `dot: shapes do not align: ${x} has ${kx} columns (dimension ${x!.ndim - 1}) but ${y} has ${ky} rows (dimension 0)`,
      );
    }
    const shape = [...x!.type.shape.slice(0, -1), ...y!.type.shape.slice(1)];
    return [TensorType.fromShape(resultDType(x!, y!), shape)];
  },
  // d(x·y) = dx·y + x·dy
  grad([x, y], _o, [gz]) {
    if (!gz) return [null, null];
    const X = x!;
    const Y = y!;
    let gx: TensorVariable;
    let gy: TensorVariable;
    if (X.ndim === 2 && Y.ndim === 2) {
      gx = dot(gz, transpose(Y));
      gy = dot(transpose(X), gz);
    } else if (X.ndim === 2 && Y.ndim === 1) {
      gx = mul(dimshuffle(gz, [0, 'x']), dimshuffle(Y, ['x', 0]));
      gy = dot(transpose(X), gz);
    } else if (X.ndim === 1 && Y.ndim === 2) {
      gx = dot(Y, gz);
      gy = mul(dimshuffle(X, [0, 'x']), dimshuffle(gz, ['x', 0]));
    } else {
      gx = mul(gz, Y);
      gy = mul(gz, X);
    }
    const fix = (g: TensorVariable, v: TensorVariable) =>
      dtypeKind(v.dtype) === 'int' || v.dtype === 'bool' ? null : cast(g, v.dtype);
    return [fix(gx, X), fix(gy, Y)];
  },
  format: () => 'dot',
  perform: ([x, y], _p, node) => [performDot(x!, y!, node.outputs[0]!.dtype)],
  pp: ([a, b]) => `(${a} \\dot ${b})`,
  // the output's dimensions are x's but its last, then y's but its first
  inferShape: (node, _o, axis, dim) => {
    const nx = node.inputs[0]!.ndim - 1;
    return axis < nx ? dim(0, axis) : dim(1, axis - nx + 1);
  },
});

/**
 * `T.dot(x, y)`: matrix and vector products; with a 0-d operand, the elementwise product; above 2
 * dimensions numpy's (and Theano's) rule, `tensordot(x, y, [[x.ndim - 1], [max(0, y.ndim - 2)]])`.
 */
export function dot(x: TensorLike, y: TensorLike): TensorVariable {
  const a = asTensorVariable(x, 'dot');
  const b = asTensorVariable(y, 'dot');
  if (a.ndim === 0 || b.ndim === 0) return mul(a, b);
  if (a.ndim > 2 || b.ndim > 2) return dotND(a, b);
  return applyOp(new Op(DOT, {}), [a, b]).outputs[0]!;
}

/** The product of `v`'s sizes along `axes` (an int64 scalar). */
function sizeAlong(v: TensorVariable, axes: readonly number[]): TensorVariable {
  return axes.map((i) => shapeI(v, i)).reduce((p, d) => mul(p, d));
}

/** `dot` of operands above 2 dimensions: sums a's last axis against b's second-to-last (its only one for a vector). */
function dotND(a: TensorVariable, b: TensorVariable): TensorVariable {
  const ka = a.ndim - 1;
  const kb = Math.max(0, b.ndim - 2);
  const sa = a.type.shape[ka];
  const sb = b.type.shape[kb];
  if (sa != null && sb != null && sa !== sb) {
    throw new TypeError(
      `dot: shapes do not align: ${a} has ${sa} along its last dimension (${ka}) but ${b} has ${sb} along dimension ${kb}`,
    );
  }
  const aFree = Array.from({ length: a.ndim - 1 }, (_, i) => i);
  const bFree = Array.from({ length: b.ndim }, (_, i) => i).filter((i) => i !== kb);
  const k = shapeI(a, ka);
  const am = aFree.length ? reshape(a, [sizeAlong(a, aFree), k]) : a;
  const bt = transpose(b, [kb, ...bFree]);
  // b's own size along kb: a mismatch is then dot's run-time error (shapes not aligned), not a reshape's
  const bm = bFree.length ? reshape(bt, [shapeI(b, kb), sizeAlong(b, bFree)]) : bt;
  const r = applyOp(new Op(DOT, {}), [am, bm]).outputs[0]!;
  return reshape(r, [...aFree.map((i) => shapeI(a, i)), ...bFree.map((i) => shapeI(b, i))]);
}
