/**
 * `IfElse` (Theano's `theano.ifelse`): `if{}(c, a_1…a_n, b_1…b_n)` gives `a_k` when the scalar `c` is
 * nonzero, else `b_k`. It is lazy: the executor (`graph/execute.ts`) computes `c` first and then only the
 * nodes that the taken branch alone needs; the ONNX backend makes it an `If` node with those nodes as its
 * two subgraphs. Which inputs form each branch is the op's `lazyBranches`.
 */

import { applyOp, Op } from '../graph/apply.js';
import { asTensorVariable, constant } from '../graph/constant.js';
import type { TensorLike, TensorVariable } from '../graph/variable.js';
import { TensorType } from '../type.js';
import { zerosLike } from './elemwise.js';
import { defineOp } from './op-def.js';

/** Parameters of `IfElse`: the number of outputs (pairs of branch values) and an optional name. */
export interface IfElseParams {
  /** The number of outputs (each a pair of branch values). */
  nOut: number;
  /** A name for printing, or null. */
  name: string | null;
}

/** The output type of one pair: the branches' dtype and dimensions, a static size where both agree. */
function pairType(a: TensorVariable, b: TensorVariable, k: number, label: string): TensorType {
  if (a.dtype !== b.dtype || a.ndim !== b.ndim) {
    throw new TypeError(
      `${label}: the two branches of output ${k} must have the same type, got ${a} (${a.type}) when true and ${b} (${b.type}) when false`,
    );
  }
  return TensorType.fromShape(
    a.dtype,
    a.type.shape.map((s, d) => (s === b.type.shape[d] ? s : null)),
  );
}

/** `if{}(c, a…, b…)`: the `a`s when the scalar `c` is nonzero, else the `b`s (only the taken ones computed). */
export const IF_ELSE = defineOp<IfElseParams>({
  name: 'if_else',
  family: 'control',
  inferTypes([c, ...rest], { nOut, name }) {
    const label = name ? `ifelse ${name}` : 'ifelse';
    if (rest.length !== 2 * nOut) {
      throw new TypeError(`${label}: expected ${nOut} values per branch, got ${rest.length} in all`);
    }
    if (c!.ndim !== 0) {
      throw new TypeError(`${label}: the condition must be a scalar, got ${c} (${c!.type}, ${c!.ndim} dimensions)`);
    }
    if (c!.dtype.startsWith('complex')) {
      throw new TypeError(`${label}: the condition must be real or bool, got ${c} (${c!.type})`);
    }
    return Array.from({ length: nOut }, (_, k) => pairType(rest[k]!, rest[nOut + k]!, k, label));
  },
  // the output gradient goes to the branch that was taken: ifelse(c, gz, 0) and ifelse(c, 0, gz)
  grad([c, ...rest], _o, gzs, { nOut, name }) {
    const thenGrads: (TensorVariable | null)[] = [];
    const elseGrads: (TensorVariable | null)[] = [];
    for (let k = 0; k < nOut; k++) {
      const gz = gzs[k];
      const a = rest[k]!;
      const b = rest[nOut + k]!;
      if (!gz || a.dtype.startsWith('int') || a.dtype === 'bool' || a.dtype.startsWith('uint')) {
        thenGrads.push(null);
        elseGrads.push(null);
        continue;
      }
      const [ga] = ifelseList(c!, [gz], [zerosLike(b)], name);
      const [gb] = ifelseList(c!, [zerosLike(a)], [gz], name);
      thenGrads.push(ga!);
      elseGrads.push(gb!);
    }
    return [null, ...thenGrads, ...elseGrads];
  },
  connection: (nin) => [false, ...Array.from({ length: nin - 1 }, () => true)],
  format: ({ name }) => `if{${name ?? ''}}`,
  pp: (args, _node, { nOut }) =>
    nOut === 1
      ? `ifelse(${args[0]}, ${args[1]}, ${args[2]})`
      : `ifelse(${args[0]}, [${args.slice(1, 1 + nOut).join(', ')}], [${args.slice(1 + nOut).join(', ')}])`,
  paramsKey: ({ nOut, name }) => `${nOut}:${name ?? ''}`,
  // a size both branches give
  inferShape: (node, out, axis) => node.outputs[out]!.type.shape[axis] ?? null,
  lazyBranches: ({ nOut }) => ({
    ifTrue: Array.from({ length: nOut }, (_, k) => 1 + k),
    ifFalse: Array.from({ length: nOut }, (_, k) => 1 + nOut + k),
  }),
  // eager (constant folding, an executor without laziness): both branches are there, pick one
  perform([c, ...rest], { nOut }) {
    const taken = Number(c!.item()) !== 0;
    return rest.slice(taken ? 0 : nOut, taken ? nOut : 2 * nOut);
  },
});

/** `ifelse(c, [a…], [b…])` as a list of outputs. */
export function ifelseList(
  cond: TensorLike,
  thens: readonly TensorLike[],
  elses: readonly TensorLike[],
  name: string | null = null,
): TensorVariable[] {
  const label = name ? `ifelse ${name}` : 'ifelse';
  if (thens.length !== elses.length) {
    throw new TypeError(
      `${label}: the branches must give as many values, got ${thens.length} when true and ${elses.length} when false`,
    );
  }
  if (thens.length === 0) throw new TypeError(`${label}: the branches give no value`);
  const c = asTensorVariable(cond, `${label} condition`);
  const as = thens.map((t, k) => asTensorVariable(t, `${label} true branch ${k}`));
  const bs = elses.map((e, k) => asTensorVariable(e, `${label} false branch ${k}`));
  // a JS number in one branch takes the other branch's dtype (Theano converts the false one to the true's type)
  const fixed = bs.map((b, k) => {
    const a = as[k]!;
    if (typeof elses[k] === 'number' && b.dtype !== a.dtype) return constant(elses[k] as number, { dtype: a.dtype });
    return b;
  });
  const fixedA = as.map((a, k) => {
    const b = fixed[k]!;
    if (typeof thens[k] === 'number' && a.dtype !== b.dtype) return constant(thens[k] as number, { dtype: b.dtype });
    return a;
  });
  return applyOp(new Op(IF_ELSE, { nOut: as.length, name }), [c, ...fixedA, ...fixed]).outputs.slice();
}

/**
 * `theano.ifelse(cond, then, else, name?)`: `then` when the scalar `cond` is nonzero, else `else`,
 * computing only the branch taken (unlike `T.switch`, which is elementwise and computes both). Each branch
 * is one value or a list of values (the result is then a list); the two must match in number, dtype and
 * dimensions. A JS number in one branch takes the other branch's dtype.
 */
export function ifelse(
  cond: TensorLike,
  thenBranch: TensorLike,
  elseBranch: TensorLike,
  name?: string | null,
): TensorVariable;
export function ifelse(
  cond: TensorLike,
  thenBranch: readonly TensorLike[],
  elseBranch: readonly TensorLike[],
  name?: string | null,
): TensorVariable[];
export function ifelse(
  cond: TensorLike,
  thenBranch: TensorLike | readonly TensorLike[],
  elseBranch: TensorLike | readonly TensorLike[],
  name: string | null = null,
): TensorVariable | TensorVariable[] {
  if (name !== null && typeof name !== 'string') {
    throw new TypeError(`ifelse: name must be a string, got ${String(name)}`);
  }
  const listed = Array.isArray(thenBranch);
  if (listed !== Array.isArray(elseBranch)) {
    throw new TypeError(
      `ifelse${name ? ` ${name}` : ''}: both branches must be lists or both single values, got ${listed ? 'a list' : 'a value'} when true and ${listed ? 'a value' : 'a list'} when false`,
    );
  }
  const outs = ifelseList(
    cond,
    listed ? (thenBranch as readonly TensorLike[]) : [thenBranch as TensorLike],
    listed ? (elseBranch as readonly TensorLike[]) : [elseBranch as TensorLike],
    name,
  );
  return listed ? outs : outs[0]!;
}
