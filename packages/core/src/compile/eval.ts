/**
 * `v.eval(givens)` / `v.evalSync(givens)`: compile the expression once per set of needed inputs (cached
 * on the variable) and run it. Given variables that the expression does not use are ignored.
 */
import { config } from '../config.js';
import { freeInputs } from '../graph/fgraph.js';
import { TensorVariable } from '../graph/variable.js';
import type { NDArray } from '../ndarray.js';
import { compileFunction, type TheanoFunction } from './function.js';

/** Values for the inputs of an expression: a Map or `[[variable, value], ...]`. */
export type EvalGivens = ReadonlyMap<TensorVariable, unknown> | Iterable<readonly [TensorVariable, unknown]>;

const cache = new WeakMap<TensorVariable, Map<string, TheanoFunction<NDArray>>>();

/** Evaluates `v` with values for its inputs; `sync` runs it synchronously. */
export function evalVariable(
  v: TensorVariable,
  givens: EvalGivens | undefined,
  sync: boolean,
): NDArray | Promise<NDArray> {
  const pairs: [TensorVariable, unknown][] = [];
  if (givens !== undefined && givens !== null) {
    const entries =
      givens instanceof Map ? [...givens.entries()] : [...(givens as Iterable<readonly [TensorVariable, unknown]>)];
    entries.forEach((p, i) => {
      if (!Array.isArray(p) || p.length !== 2 || !(p[0] instanceof TensorVariable)) {
        throw new TypeError(`eval: entry ${i} of the givens must be a [variable, value] pair`);
      }
      pairs.push([p[0], p[1]]);
    });
  }
  const given = new Map(pairs);
  const needed = freeInputs([v]);
  for (const n of needed) {
    if (!given.has(n)) {
      const names = pairs.map(([k]) => String(k));
      throw new TypeError(
        `eval: ${v} needs a value for the variable ${n} (${n.type}), which the givens do not have (given: ${names.length ? names.join(', ') : 'nothing'})`,
      );
    }
  }
  const key = `${config.backend}|${needed.map((n) => n.id).join(',')}`;
  let perVar = cache.get(v);
  if (!perVar) {
    perVar = new Map();
    cache.set(v, perVar);
  }
  let f = perVar.get(key);
  if (!f) {
    f = compileFunction(needed, v, { name: 'eval' });
    perVar.set(key, f);
  }
  const args = needed.map((n) => given.get(n));
  return sync ? f.callSync(...args) : f(...args);
}
