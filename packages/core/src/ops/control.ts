/**
 * Ops with inner graphs and checks: `Map` evaluates an inner graph once per index `i` in `0..n-1` and
 * stacks the results (the loop under `jacobian` and `hessian`; `scan` extends it later), and
 * `AssertSameShape` passes its first input through after checking two shapes agree at run time.
 */

import { Lop } from '../autodiff/grad.js';
import { isDiscreteDType, isIntDType } from '../dtype.js';
import { applyOp, Op } from '../graph/apply.js';
import { FunctionGraph, replace, toposort } from '../graph/fgraph.js';
import { TensorConstant, type TensorVariable } from '../graph/variable.js';
import { shapeToString } from '../ndarray.js';
import { TensorType } from '../type.js';
import { defineOp } from './op-def.js';
import { sum } from './reduce.js';
import { subtensor } from './subtensor.js';

/** Parameters of `Map`: the inner graph, whose inputs are `[i, ...one per outer argument]`. */
export interface MapParams {
  /** The inner graph, run once per index. */
  inner: FunctionGraph;
  /** A label for printing (`jacobian`, …). */
  label: string;
}

/** `Map{label}(n, ...args)`: `stack([inner(i, ...args) for i in range(n)])`. */
export const MAP = defineOp<MapParams>({
  name: 'map',
  family: 'control',
  inferTypes([n, ...args], { inner, label }) {
    if (n!.ndim !== 0 || !isIntDType(n!.dtype)) {
      throw new TypeError(`Map{${label}}: the length must be an integer scalar, got ${n} (${n!.type})`);
    }
    if (args.length !== inner.inputs.length - 1) {
      throw new TypeError(`Map{${label}}: expected ${inner.inputs.length - 1} arguments, got ${args.length}`);
    }
    args.forEach((a, k) => {
      const want = inner.inputs[k + 1]!.type;
      if (a.dtype !== want.dtype || a.ndim !== want.ndim) {
        throw new TypeError(`Map{${label}}: argument ${k} (${a}) is ${a.type}, the inner graph expects ${want}`);
      }
    });
    const len = n instanceof TensorConstant ? n.value.item() : null;
    const out = inner.outputs[0]!;
    return [TensorType.fromShape(out.dtype, [len, ...out.type.shape])];
  },
  // each argument's gradient is the sum over i of the inner graph's Lop with the i-th slice of dz
  grad([n, ...args], _o, [gz], { inner, label }) {
    if (!gz) return [null, ...args.map(() => null)];
    const innerArgs = inner.inputs.slice(1);
    const i = inner.inputs[0]!;
    const gzInner = gz.type.make('gz');
    const slice = subtensor(gzInner, i);
    return [
      null,
      ...args.map((a, k) => {
        if (isDiscreteDType(a.dtype)) return null;
        const g = Lop(inner.outputs[0]!, innerArgs[k]!, slice, {
          disconnectedInputs: 'ignore',
          nullIfDisconnected: true,
        });
        if (!g) return null;
        const perI = mapOver(n!, [i, ...innerArgs, gzInner], g, [...args, gz], `grad(${label})`);
        return sum(perI, 0);
      }),
    ];
  },
  connection: (nin) => [false, ...Array.from({ length: nin - 1 }, () => true)],
  format: ({ label }) => `Map{${label}}`,
  // the first dimension is the number of iterations (input 0); the others are the body's
  inferShape: (node, _o, axis) => (axis === 0 && node.inputs[0]!.dtype === 'int64' ? node.inputs[0]! : null),
  paramsKey: ({ inner, label }) => `${label}:${inner.key}`,
});

/**
 * `stack([body(i, ...) for i in range(n)])`: `innerInputs[0]` is the index `i` (an int64 scalar), the rest
 * stand for `args` inside `body`. Every part of `body` that does not depend on `i` is hoisted out of the
 * loop: it becomes an argument computed once, and the inner graph reads it as an input.
 */
export function mapOver(
  n: TensorVariable,
  innerInputs: readonly TensorVariable[],
  body: TensorVariable,
  args: readonly TensorVariable[],
  label: string,
): TensorVariable {
  const idx = innerInputs[0]!;
  const bind = new Map<TensorVariable, TensorVariable>(innerInputs.slice(1).map((v, k) => [v, args[k]!]));
  const dependent = new Set<TensorVariable>([idx]);
  const nodes = toposort([body]);
  for (const node of nodes) {
    if (node.inputs.some((v) => dependent.has(v))) for (const o of node.outputs) dependent.add(o);
  }
  const frontier: TensorVariable[] = [];
  const seen = new Set<TensorVariable>();
  const consider = (v: TensorVariable) => {
    if (dependent.has(v) || seen.has(v) || v instanceof TensorConstant) return;
    seen.add(v);
    frontier.push(v);
  };
  for (const node of nodes) if (node.outputs.some((o) => dependent.has(o))) node.inputs.forEach(consider);
  if (!dependent.has(body)) consider(body);
  const newInner: TensorVariable[] = [idx];
  const newArgs: TensorVariable[] = [];
  const subst = new Map<TensorVariable, TensorVariable>();
  for (const v of frontier) {
    const bound = bind.get(v);
    if (bound) {
      newInner.push(v);
      newArgs.push(bound);
    } else {
      const p = v.type.make(v.name);
      subst.set(v, p);
      newInner.push(p);
      newArgs.push(replace([v], bind)[0]!);
    }
  }
  const [newBody] = replace([body], subst);
  const inner = new FunctionGraph(newInner, [newBody!]);
  return applyOp(new Op(MAP, { inner, label }), [n, ...newArgs]).outputs[0]!;
}

/** Parameters of `AssertSameShape`: the message raised when the shapes differ. */
export interface AssertSameShapeParams {
  /** The message of the error raised when the shapes differ. */
  message: string;
}

/** `AssertSameShape(x, a, b)`: x, once a and b are checked to have the same shape. */
export const ASSERT_SAME_SHAPE = defineOp<AssertSameShapeParams>({
  name: 'assert_same_shape',
  family: 'control',
  inferTypes([x, a, b], { message }) {
    if (a!.ndim !== b!.ndim) throw new TypeError(`${message}: ${a} has ${a!.ndim} dimensions and ${b} has ${b!.ndim}`);
    a!.type.shape.forEach((s, d) => {
      const t = b!.type.shape[d];
      if (s !== null && t != null && s !== t) {
        throw new TypeError(`${message}: ${a} has size ${s} and ${b} has size ${t} at dimension ${d}`);
      }
    });
    return [x!.type];
  },
  grad: (_i, _o, [gz]) => [gz ?? null, null, null],
  connection: () => [true, false, false],
  format: () => 'AssertSameShape',
  inferShape: (_n, _o, axis, dim) => dim(0, axis),
  // x itself, once the shapes of a and b are equal (a run-time check: never folded)
  perform([x, a, b], { message }) {
    if (a!.ndim !== b!.ndim || a!.shape.some((d, i) => d !== b!.shape[i])) {
      throw new Error(`${message}: shapes ${shapeToString(a!.shape)} and ${shapeToString(b!.shape)} differ`);
    }
    return [x!];
  },
});

/** `x`, after a run-time check that `a` and `b` have the same shape (raising `message` otherwise). */
export function assertSameShape(
  x: TensorVariable,
  a: TensorVariable,
  b: TensorVariable,
  message: string,
): TensorVariable {
  return applyOp(new Op(ASSERT_SAME_SHAPE, { message }), [x, a, b]).outputs[0]!;
}
