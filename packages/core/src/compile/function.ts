/**
 * `theano.function(inputs, outputs, { updates, givens, backend, mode, allowInputDowncast })`: checks the
 * graph, builds its `FunctionGraph` (explicit inputs, then the shared variables read; outputs, then the
 * updates' new values), compiles it on a backend and returns a callable. A call converts and checks every
 * argument, runs the executable, and only then writes every update at once: a call that throws changes no
 * shared variable.
 */

import { type Backend, type Executable, getBackend, graphUnsupportedReason, UnsupportedError } from '../backend.js';
import { config, type OnUnusedInput } from '../config.js';
import { makeConstant } from '../graph/constant.js';
import { ancestors, FunctionGraph, freeInputs, replace, sharedInputs } from '../graph/fgraph.js';
import { SharedVariable, TensorConstant, type TensorLike, TensorVariable } from '../graph/variable.js';
import { type NDArray, shapeToString } from '../ndarray.js';
import { rewriteGraph } from '../rewrite/index.js';
import type { TensorType } from '../type.js';
import { makeCheck } from './checks.js';
import { filterValue } from './filter.js';
import { In } from './in.js';
import { getMode, type Mode } from './mode.js';
import { nowSeconds, ProfileStats } from './profile.js';

/** Pairs or a Map: `[[sharedVar, expr], ...]`. */
export type PairsOrMap<K, V> = ReadonlyMap<K, V> | Iterable<readonly [K, V]>;

/** The predefined compile modes. */
export type ModeName = 'FAST_RUN' | 'FAST_COMPILE' | 'DebugMode' | 'NanGuardMode';

/** Options of `theano.function`. */
export interface FunctionOptions {
  /** New values of shared variables, written after the outputs are computed. */
  updates?: PairsOrMap<SharedVariable, TensorLike>;
  /** Variables replaced by other expressions before compiling. */
  givens?: PairsOrMap<TensorVariable, TensorLike>;
  /** The backend, by name or as an object (default: `theano.config.backend`). */
  backend?: string | Backend;
  /** Compile mode (default: `theano.config.mode`): a name (`'FAST_RUN'`, `'FAST_COMPILE'`, `'DebugMode'`,
   * `'NanGuardMode'`) or a `theano.Mode`. */
  mode?: ModeName | string | Mode;
  /** Record the time of every node of every call (`f.profile.summary()`). */
  profile?: boolean;
  /** Accept lossy input conversions (float64 data into a float32 input, 1.5 into an int input). */
  allowInputDowncast?: boolean;
  /** What to do with an input the outputs do not use (default: `theano.config.onUnusedInput`, 'raise'). */
  onUnusedInput?: OnUnusedInput;
  /** The function's name, for messages. */
  name?: string;
  /** Options passed to the backend's compiler. */
  backendOptions?: Readonly<Record<string, unknown>>;
}

/** What a compiled function exposes besides being callable. */
export interface FunctionMaker {
  /** The graph that was compiled. */
  readonly fgraph: FunctionGraph;
  /** The backend it runs on. */
  readonly backend: Backend;
  /** The mode it was compiled in, by name. */
  readonly mode: string;
  /** The mode itself. */
  readonly modeObject: Mode;
  /** The outputs (then update values) as written, before rewriting. */
  readonly unoptimized: readonly TensorVariable[];
  /** The shared variables the function updates, in the order of their new values among `fgraph.outputs`. */
  readonly updates: readonly SharedVariable[];
}

/** A compiled function: call it (a Promise) or `callSync` it on synchronous backends. */
export interface TheanoFunction<R> {
  (...args: unknown[]): Promise<R>;
  /** Runs synchronously (backends that can: ref, webgl). */
  callSync(...args: unknown[]): R;
  /** The explicit inputs, in order. */
  readonly inputs: readonly In[];
  /** The outputs. */
  readonly outputs: readonly TensorVariable[];
  /** The compiled graph and backend (`f.maker.fgraph`, as Theano). */
  readonly maker: FunctionMaker;
  /** The function's name. */
  readonly name: string;
  /** What `{ profile: true }` recorded (`f.profile.summary()`), or null. */
  readonly profile: ProfileStats | null;
  /** Frees the executable. */
  dispose(): void;
}

function toPairs<K, V>(p: PairsOrMap<K, V> | undefined, what: string): [K, V][] {
  if (p === undefined || p === null) return [];
  if (p instanceof Map) return [...p.entries()];
  if (typeof (p as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`theano.function: ${what} must be a Map or an array of [variable, value] pairs`);
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

let anonymous = 0;

/** `theano.function(inputs, output)`: a compiled function returning one NDArray. */
export function compileFunction(
  inputs: readonly (TensorVariable | In)[],
  outputs: TensorVariable,
  opts?: FunctionOptions,
): TheanoFunction<NDArray>;
/** `theano.function(inputs, [outputs])`: a compiled function returning a list of NDArrays. */
export function compileFunction(
  inputs: readonly (TensorVariable | In)[],
  outputs: readonly TensorVariable[],
  opts?: FunctionOptions,
): TheanoFunction<NDArray[]>;
export function compileFunction(
  inputs: readonly (TensorVariable | In)[],
  outputs: TensorVariable | readonly TensorVariable[],
  opts?: FunctionOptions,
): TheanoFunction<NDArray | NDArray[]>;
export function compileFunction(
  inputs: readonly (TensorVariable | In)[],
  outputs: TensorVariable | readonly TensorVariable[],
  opts: FunctionOptions = {},
): TheanoFunction<NDArray | NDArray[]> {
  const fname = opts.name ?? `f${++anonymous}`;
  const where = `theano function "${fname}"`;
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
  const single = !Array.isArray(outputs);
  const outs = (single ? [outputs as TensorVariable] : [...(outputs as TensorVariable[])]).map((o, i) => {
    if (!(o instanceof TensorVariable))
      throw new TypeError(`${where}: output ${i} must be a symbolic variable, got ${typeof o}`);
    return o;
  });

  // updates: shared variable → expression of the same type
  const updates = toPairs(opts.updates, 'updates').map(([s, e], i) => {
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
  updates.forEach(([s], i) => {
    if (updates.findIndex(([t]) => t === s) !== i)
      throw new TypeError(`${where}: shared variable ${s} is updated twice`);
  });

  // givens: substitute before anything else
  const givens = new Map<TensorVariable, TensorVariable>();
  for (const [k, v] of toPairs(opts.givens, 'givens')) {
    if (!(k instanceof TensorVariable))
      throw new TypeError(`${where}: a givens key must be a symbolic variable, got ${typeof k}`);
    const r = replacementFor(v, k.type, `${where}: givens for ${k}`);
    if (r.dtype !== k.dtype || r.ndim !== k.ndim) {
      throw new TypeError(`${where}: givens replaces ${k} (${k.type}) with ${r} of another type (${r.type})`);
    }
    givens.set(k, r);
  }
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
  let mode: Mode;
  try {
    mode = getMode(opts.mode ?? config.mode);
  } catch (e) {
    throw new TypeError(`${where}: ${(e as Error).message}`);
  }
  const backend = getBackend(opts.backend ?? config.backend);
  const graphInputs = [...inputVars, ...shareds];
  const supports = (op: string) => backend.capabilities.ops.includes(op);
  const fgraph = new FunctionGraph(graphInputs, rewriteGraph(graphOutputs, mode.selection(), { supports }));
  const reason = graphUnsupportedReason(backend, fgraph);
  if (reason) throw new UnsupportedError(`${where}: ${reason}`);
  const runCheck = makeCheck(mode, where, graphInputs, graphOutputs, fgraph);
  const compiled = runCheck?.fgraph ?? fgraph;
  const profile = opts.profile ? new ProfileStats(fname) : null;

  // each update's new value is the output after the function's own outputs (backends keep them on a device)
  const updateOutputs = updates.map(([s], k) => [outs.length + k, s] as const);
  const compileOpts = { name: fname, backendOptions: opts.backendOptions, updates: updateOutputs };
  let exec: Executable | null = backend.compileSync ? backend.compileSync(compiled, compileOpts) : null;
  let pending: Promise<Executable> | null = null;
  let disposed = false;
  const alive = () => {
    if (disposed) throw new Error(`${where} was disposed: compile it again to call it`);
  };
  const getExec = async (): Promise<Executable> => {
    alive();
    if (exec) return exec;
    pending ??= backend.compile(compiled, compileOpts).then((e) => {
      exec = e;
      return e;
    });
    return pending;
  };

  const names = ins.map((a, i) => ((a.name ?? a.variable.name) ? `"${a.name ?? a.variable.name}"` : `#${i}`));
  // made once: a call builds no strings unless it fails
  const filterOpts = ins.map((_, i) => ({
    allowDowncast: opts.allowInputDowncast,
    label: `${where}: input ${i} (${names[i]})`,
  }));
  const prepare = (args: unknown[]): NDArray[] => {
    if (args.length > ins.length) {
      const required = ins.filter((b) => b.value === undefined).length;
      const count = required === ins.length ? `${ins.length}` : `${required} to ${ins.length}`;
      throw new TypeError(
        `${where} takes ${count} argument${ins.length === 1 ? '' : 's'} (${names.join(', ')}), got ${args.length}`,
      );
    }
    const values = ins.map((a, i) => {
      const given = args[i];
      if (given === undefined) {
        if (a.value !== undefined) return a.value;
        const needed = ins.filter((b) => b.value === undefined).length;
        throw new TypeError(
          `${where}: missing argument ${names[i]} (input ${i}, ${a.variable.type}); it takes ${needed} required argument${needed === 1 ? '' : 's'}, got ${args.length}`,
        );
      }
      return filterValue(given, a.variable.type, filterOpts[i]!);
    });
    for (const s of shareds) values.push(s.container.value);
    return values;
  };
  const finish = (inputsUsed: NDArray[], raw: NDArray[]): NDArray | NDArray[] => {
    const results = runCheck ? runCheck.check(inputsUsed, raw) : raw;
    if (results.length !== graphOutputs.length) {
      throw new Error(
        `${where}: the ${backend.name} backend returned ${results.length} values for ${graphOutputs.length} outputs`,
      );
    }
    const newValues = updates.map(([s], k) => {
      const v = results[outs.length + k]!;
      if (v.ndim !== s.ndim || s.type.shape.some((d, j) => d !== null && v.shape[j] !== d)) {
        throw new TypeError(
          `${where}: the update of ${s} computed shape ${shapeToString(v.shape)}, which does not fit ${s.type}`,
        );
      }
      return v.dtype === s.dtype ? v : v.astype(s.dtype);
    });
    // a value that is one of the inputs (an output that is an input, a shared variable passed through) is copied
    const isInput = (r: NDArray) => inputsUsed.includes(r);
    const outValues = results.slice(0, outs.length).map((r) => (isInput(r) ? r.copy() : r));
    updates.forEach(([s], k) => {
      const v = newValues[k]!;
      s.container.value = isInput(v) ? v.copy() : v;
    });
    return single ? outValues[0]! : outValues;
  };

  const timed = <T>(run: () => T): T => {
    if (!profile) return run();
    const t0 = nowSeconds();
    try {
      return run();
    } finally {
      profile.recordCall(nowSeconds() - t0);
    }
  };
  const call = async (...args: unknown[]) => {
    const values = prepare(args);
    const e = exec ?? (await getExec());
    if (profile && e.runProfiled) return callProfiled(e, values);
    const t0 = profile ? nowSeconds() : 0;
    const out = finish(values, await e.run(values));
    profile?.recordCall(nowSeconds() - t0);
    return out;
  };
  const callProfiled = (e: Executable, values: NDArray[]) =>
    timed(() =>
      finish(
        values,
        e.runProfiled!(values, (node, sec) => profile!.recordNode(node, sec)),
      ),
    );
  const callSync = (...args: unknown[]) => {
    alive();
    if (!exec?.runSync) {
      throw new Error(
        `${where}: the ${backend.name} backend cannot run synchronously; await f(...) instead of f.callSync(...)`,
      );
    }
    const values = prepare(args);
    if (profile && exec.runProfiled) return callProfiled(exec, values);
    const e = exec;
    return timed(() => finish(values, e.runSync!(values)));
  };
  const fn = Object.assign(call, {
    callSync,
    inputs: ins,
    outputs: outs,
    maker: {
      fgraph,
      backend,
      mode: mode.name,
      modeObject: mode,
      unoptimized: graphOutputs,
      updates: updates.map(([s]) => s),
    },
    profile,
    dispose: () => {
      exec?.dispose?.();
      exec = null;
      pending = null;
      disposed = true;
    },
  });
  Object.defineProperty(fn, 'name', { value: fname });
  // `using f = theano.function(...)` frees the executable at the end of the scope where the runtime has it
  const disposeSymbol = (Symbol as { dispose?: symbol }).dispose;
  if (disposeSymbol) Object.defineProperty(fn, disposeSymbol, { value: fn.dispose });
  return fn as TheanoFunction<NDArray | NDArray[]>;
}
