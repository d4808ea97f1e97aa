/**
 * Stage 1 of `theano.function` (see `function.ts`): turns what the caller wrote (inputs, outputs, updates,
 * givens) into the unoptimized graph to compile. It checks every argument (free explicit inputs, each once;
 * symbolic outputs; updates of shared variables by expressions of their type, each once; givens of the
 * replaced variable's type), substitutes the givens, checks that every free variable is an input and that
 * every input is used, and lists the graph's inputs: the explicit inputs, then the shared variables read.
 * It compiles nothing and chooses no backend.
 */

import { config, type OnUnusedInput } from '../config.js';
import { makeConstant } from '../graph/constant.js';
import { ancestors, freeInputs, replace, sharedInputs } from '../graph/fgraph.js';
import { SharedVariable, TensorConstant, type TensorLike, TensorVariable } from '../graph/variable.js';
import type { TensorType } from '../type.js';
import { filterValue } from './filter.js';
import { In } from './in.js';

/** Pairs or a Map: `[[sharedVar, expr], ...]`. */
export type PairsOrMap<K, V> = ReadonlyMap<K, V> | Iterable<readonly [K, V]>;

/** The options of `theano.function` that shape the graph (the same fields as in `FunctionOptions`). */
export interface BuildOptions {
  /** New values of shared variables, written after the outputs are computed. */
  readonly updates?: PairsOrMap<SharedVariable, TensorLike>;
  /** Variables replaced by other expressions before compiling. */
  readonly givens?: PairsOrMap<TensorVariable, TensorLike>;
  /** What to do with an input the outputs do not use (default: `theano.config.onUnusedInput`). */
  readonly onUnusedInput?: OnUnusedInput;
  /**
   * Theano's `no_default_updates`: true to apply no shared variable's `defaultUpdate`, or the shared
   * variables whose default updates are skipped (default: every default update applies).
   */
  readonly noDefaultUpdates?: boolean | readonly SharedVariable[];
}

/** The checked, unoptimized graph of a function, with the bookkeeping its calls need. */
export interface BuiltGraph {
  /** The explicit inputs, in order (`f.inputs`). */
  readonly inputs: readonly In[];
  /** The outputs as written (`f.outputs`). */
  readonly outputs: readonly TensorVariable[];
  /** Whether the function was given one output (not an array), and so returns one value. */
  readonly single: boolean;
  /** The updates: each shared variable with its new value's expression (before the givens). */
  readonly updates: readonly (readonly [SharedVariable, TensorVariable])[];
  /** The graph's outputs after the givens: the outputs, then the updates' new values (`maker.unoptimized`). */
  readonly unoptimized: readonly TensorVariable[];
  /** The shared variables the graph reads, in the order of their values after the explicit arguments. */
  readonly shareds: readonly SharedVariable[];
  /** The graph's inputs: the explicit inputs' variables, then `shareds`. */
  readonly graphInputs: readonly TensorVariable[];
}

function toPairs<K, V>(p: PairsOrMap<K, V> | undefined, what: string): [K, V][] {
  if (p === undefined || p === null) return [];
  if (p instanceof Map) return [...p.entries()];
  if (typeof p === 'string' || typeof (p as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError(
      `theano.function: ${what} must be a Map or an array of [variable, value] pairs, got ${typeof p === 'string' ? `the string ${JSON.stringify(p)}` : typeof p}`,
    );
  }
  return [...(p as Iterable<readonly [K, V]>)].map((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new TypeError(`theano.function: ${what} entry ${i} must be a [variable, value] pair`);
    }
    return [pair[0], pair[1]] as [K, V];
  });
}

/**
 * An update's or a given's replacement: a variable as is, a value (JS number or array, typed array, NDArray)
 * as a constant of the replaced variable's type (JS numbers are not int8 here, as `T.constant` would make
 * them), converted like a function argument (safe casts only).
 */
function replacementFor(x: unknown, type: TensorType, label: string): TensorVariable {
  if (x instanceof TensorVariable) return x;
  return makeConstant(filterValue(x, type, { label, downcastHint: null }), false);
}

/** The explicit inputs as `In`s: free symbolic variables (not shared, not constant, not computed), each once. */
function checkInputs(inputs: readonly (TensorVariable | In)[], where: string): In[] {
  if (!Array.isArray(inputs)) throw new TypeError(`${where}: inputs must be an array of variables`);
  const ins = inputs.map((x, i) => {
    const v = x instanceof In ? x : x instanceof TensorVariable ? new In(x) : null;
    if (!v) throw new TypeError(`${where}: input ${i} must be a symbolic variable or theano.In, got ${typeof x}`);
    if (v.variable instanceof SharedVariable) {
      throw new TypeError(
        `${where}: input ${i} (${v.variable}) is a shared variable; shared variables are implicit inputs, use givens to replace one`,
      );
    }
    if (v.variable instanceof TensorConstant) {
      throw new TypeError(`${where}: input ${i} (${v.variable}) is a constant, which cannot be a function input`);
    }
    if (v.variable.owner) {
      throw new TypeError(
        `${where}: input ${i} (${v.variable}) is computed by ${v.variable.owner.op}; inputs must be free variables (use givens to replace an expression)`,
      );
    }
    return v;
  });
  ins.forEach((a, i) => {
    const j = ins.findIndex((b) => b.variable === a.variable);
    if (j !== i) throw new TypeError(`${where}: input ${i} (${a.variable}) is the same variable as input ${j}`);
  });
  return ins;
}

/** The updates as `[shared variable, expression of its type]` pairs, each variable once. */
function checkUpdates(
  updates: PairsOrMap<SharedVariable, TensorLike> | undefined,
  where: string,
): (readonly [SharedVariable, TensorVariable])[] {
  const pairs = toPairs(updates, 'updates').map(([s, e], i) => {
    if (!(s instanceof SharedVariable)) {
      throw new TypeError(`${where}: update ${i} must update a shared variable, got ${s}`);
    }
    const expr = replacementFor(e, s.type, `${where}: update ${i} (of ${s})`);
    if (expr.dtype !== s.dtype || expr.ndim !== s.ndim) {
      throw new TypeError(
        `${where}: update ${i} (of shared variable ${s}) must have its type ${s.type}, got ${expr.type}${expr.dtype !== s.dtype ? `; cast it with .astype('${s.dtype}')` : ''}`,
      );
    }
    return [s, expr] as const;
  });
  pairs.forEach(([s], i) => {
    if (pairs.findIndex(([t]) => t === s) !== i) throw new TypeError(`${where}: shared variable ${s} is updated twice`);
  });
  return pairs;
}

/** The givens as a Map from each replaced variable to its replacement of the same type. */
function checkGivens(
  givens: PairsOrMap<TensorVariable, TensorLike> | undefined,
  where: string,
): Map<TensorVariable, TensorVariable> {
  const map = new Map<TensorVariable, TensorVariable>();
  for (const [k, v] of toPairs(givens, 'givens')) {
    if (!(k instanceof TensorVariable))
      throw new TypeError(`${where}: a givens key must be a symbolic variable, got ${typeof k}`);
    const r = replacementFor(v, k.type, `${where}: givens for ${k}`);
    if (r.dtype !== k.dtype || r.ndim !== k.ndim) {
      throw new TypeError(`${where}: givens replaces ${k} (${k.type}) with ${r} of another type (${r.type})`);
    }
    map.set(k, r);
  }
  return map;
}

/**
 * The explicit updates followed by the default updates (Theano's `default_update`): every shared variable
 * the graph reads (outputs and updates, after the givens) that has a `defaultUpdate`, no explicit update,
 * and is not excluded by `noDefaultUpdates`, gets it; a default update's own shared inputs are visited too.
 * An explicit update wins over a default one.
 */
function withDefaultUpdates(
  outs: readonly TensorVariable[],
  explicit: readonly (readonly [SharedVariable, TensorVariable])[],
  givens: ReadonlyMap<TensorVariable, TensorVariable>,
  noDefault: boolean | readonly SharedVariable[] | undefined,
  where: string,
): (readonly [SharedVariable, TensorVariable])[] {
  if (noDefault === true) return [...explicit];
  if (noDefault !== undefined && noDefault !== false && !Array.isArray(noDefault)) {
    throw new TypeError(`${where}: noDefaultUpdates must be a boolean or an array of shared variables`);
  }
  const skip = new Set<SharedVariable>(Array.isArray(noDefault) ? noDefault : []);
  const all: (readonly [SharedVariable, TensorVariable])[] = [...explicit];
  const updated = new Set(explicit.map(([s]) => s));
  let frontier: readonly TensorVariable[] = replace([...outs, ...explicit.map(([, e]) => e)], givens);
  for (;;) {
    const added: TensorVariable[] = [];
    for (const s of sharedInputs(frontier)) {
      const d = s.defaultUpdate;
      if (!d || updated.has(s) || skip.has(s)) continue;
      if (d.dtype !== s.dtype || d.ndim !== s.ndim) {
        throw new TypeError(`${where}: the default update of ${s} must have its type ${s.type}, got ${d.type}`);
      }
      updated.add(s);
      all.push([s, d]);
      added.push(d);
    }
    if (!added.length) return all;
    frontier = replace(added, givens);
  }
}

/**
 * Checks `inputs`, `outputs`, `opts.updates` and `opts.givens` and builds the unoptimized graph of a
 * function: its outputs (after the givens) are the outputs then the updates' new values; every free variable
 * must be an explicit input, and an input the outputs do not use is handled by `opts.onUnusedInput`. Throws a
 * `TypeError` starting with `where` on the first problem.
 */
export function buildGraph(
  inputs: readonly (TensorVariable | In)[],
  outputs: TensorVariable | readonly TensorVariable[],
  opts: BuildOptions,
  where: string,
): BuiltGraph {
  const ins = checkInputs(inputs, where);
  const single = !Array.isArray(outputs);
  const outs = (single ? [outputs as TensorVariable] : [...(outputs as TensorVariable[])]).map((o, i) => {
    if (!(o instanceof TensorVariable))
      throw new TypeError(`${where}: output ${i} must be a symbolic variable, got ${typeof o}`);
    return o;
  });
  const explicit = checkUpdates(opts.updates, where);
  // givens: substitute before anything else
  const givens = checkGivens(opts.givens, where);
  const updates = withDefaultUpdates(outs, explicit, givens, opts.noDefaultUpdates, where);
  const graphOutputs = replace([...outs, ...updates.map(([, e]) => e)], givens);

  // every free variable must be an input; every input should be used
  const inputVars = ins.map((a) => a.variable);
  const inputSet = new Set(inputVars);
  for (const v of freeInputs(graphOutputs)) {
    if (!inputSet.has(v)) {
      const users = graphOutputs.findIndex((o) => ancestors([o]).has(v));
      const what =
        users < outs.length ? `output ${users} (${outs[users]})` : `the update of ${updates[users - outs.length]![0]}`;
      throw new TypeError(
        `${where}: ${what} needs the variable ${v} (${v.type}), which is not among the inputs [${inputVars.join(', ')}]; ` +
          'add it to the inputs, or give it a value with givens',
      );
    }
  }
  const used = ancestors(graphOutputs);
  const policy = opts.onUnusedInput ?? config.onUnusedInput;
  if (policy !== 'raise' && policy !== 'warn' && policy !== 'ignore') {
    throw new TypeError(`${where}: onUnusedInput must be 'raise', 'warn' or 'ignore', got ${JSON.stringify(policy)}`);
  }
  ins.forEach((a, i) => {
    if (!used.has(a.variable) && policy !== 'ignore') {
      const msg =
        `${where}: input ${i} (${a.variable}) is not part of the graph computing the outputs; ` +
        "pass { onUnusedInput: 'warn' } or 'ignore' to allow it";
      if (policy === 'raise') throw new TypeError(msg);
      console.warn(msg);
    }
  });

  const shareds = sharedInputs(graphOutputs);
  return {
    inputs: ins,
    outputs: outs,
    single,
    updates,
    unoptimized: graphOutputs,
    shareds,
    graphInputs: [...inputVars, ...shareds],
  };
}
