/**
 * `theano.function(inputs, outputs, { updates, givens, backend, mode, allowInputDowncast })`. `compileFunction`
 * wires four stages, one after the other:
 * 1. build (`build.ts`): check the arguments and build the unoptimized graph (explicit inputs, then the
 *    shared variables read; outputs, then the updates' new values);
 * 2. optimize (`optimize.ts`): resolve the mode and rewrite the graph into the `FunctionGraph` to compile;
 * 3. link (`link.ts`): choose the backend, check it can run the graph, and compile it to an executable;
 * 4. the callable (here, `makeCallable`): what `theano.function` returns (call, callSync, maker, profile, dispose).
 * A call converts and checks every argument, runs the executable, and only then writes every update at once:
 * a call that throws changes no shared variable.
 */

import type { Backend, Executable } from '../backend.js';
import type { OnUnusedInput } from '../config.js';
import type { FunctionGraph } from '../graph/fgraph.js';
import type { SharedVariable, TensorLike, TensorVariable } from '../graph/variable.js';
import { type NDArray, shapeToString } from '../ndarray.js';
import { type BuiltGraph, buildGraph, type PairsOrMap } from './build.js';
import { filterValue } from './filter.js';
import type { In } from './in.js';
import { type LinkedGraph, linkGraph, selectBackend } from './link.js';
import type { Mode } from './mode.js';
import { optimizeGraph, resolveMode } from './optimize.js';
import { nowSeconds, ProfileStats } from './profile.js';

export type { PairsOrMap } from './build.js';

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
  /**
   * Skip the shared variables' default updates (Theano's `no_default_updates`): true for all of them, or
   * an array of the shared variables whose default update is skipped. By default a function applies the
   * `defaultUpdate` of every shared variable it reads and does not update explicitly (a `RandomStreams`
   * draw advances its generator on every call).
   */
  noDefaultUpdates?: boolean | readonly SharedVariable[];
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
  // 1. build: the checked, unoptimized graph and its input/update bookkeeping
  const graph = buildGraph(inputs, outputs, opts, where);
  // 2. optimize: the mode's rewrites, for the ops the backend has (the mode resolves before the backend)
  const mode = resolveMode(opts.mode, where);
  const backend = selectBackend(opts.backend);
  const fgraph = optimizeGraph(graph, mode, backend);
  // 3. link: capability check, the mode's run-time check, the executable
  const linked = linkGraph(graph, fgraph, mode, backend, { where, name: fname, backendOptions: opts.backendOptions });
  const maker: FunctionMaker = {
    fgraph,
    backend,
    mode: mode.name,
    modeObject: mode,
    unoptimized: graph.unoptimized,
    updates: graph.updates.map(([s]) => s),
  };
  // 4. the callable
  return makeCallable(graph, linked, maker, {
    name: fname,
    where,
    profile: opts.profile,
    allowInputDowncast: opts.allowInputDowncast,
  });
}

/** What the callable needs besides the graph and its executable. */
interface CallableOptions {
  /** The function's name. */
  readonly name: string;
  /** The function's description for messages (`theano function "f"`). */
  readonly where: string;
  /** Whether to record call and node times. */
  readonly profile: boolean | undefined;
  /** Whether arguments may be converted lossily. */
  readonly allowInputDowncast: boolean | undefined;
}

/**
 * Stage 4: the callable `theano.function` returns, over the built `graph` and its `linked` executable. A call
 * converts the arguments (filling defaults, appending the shared variables' values), runs the executable,
 * applies the mode's check, and only then writes the updates. The happy path builds no strings and no Sets:
 * every label is made here, once.
 */
function makeCallable(
  graph: BuiltGraph,
  linked: LinkedGraph,
  maker: FunctionMaker,
  opts: CallableOptions,
): TheanoFunction<NDArray | NDArray[]> {
  const { inputs: ins, outputs: outs, updates, shareds, single } = graph;
  const { backend, runCheck } = linked;
  const { where } = opts;
  const nResults = graph.unoptimized.length;
  const profile = opts.profile ? new ProfileStats(opts.name) : null;

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
        if (i < args.length) {
          throw new TypeError(
            `${where}: argument ${i} (${names[i]}, ${a.variable.type}) is undefined; pass a number, a nested array, a typed array or an NDArray`,
          );
        }
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
    if (results.length !== nResults) {
      throw new Error(
        `${where}: the ${backend.name} backend returned ${results.length} values for ${nResults} outputs`,
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
    const e = linked.exec ?? (await linked.executable());
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
    linked.alive();
    const exec = linked.exec;
    if (!exec?.runSync) {
      throw new Error(
        `${where}: the ${backend.name} backend cannot run synchronously; await f(...) instead of f.callSync(...)`,
      );
    }
    const values = prepare(args);
    if (profile && exec.runProfiled) return callProfiled(exec, values);
    return timed(() => finish(values, exec.runSync!(values)));
  };
  const fn = Object.assign(call, {
    callSync,
    inputs: ins,
    outputs: outs,
    maker,
    profile,
    dispose: () => linked.dispose(),
  });
  Object.defineProperty(fn, 'name', { value: opts.name });
  // `using f = theano.function(...)` frees the executable at the end of the scope where the runtime has it
  const disposeSymbol = (Symbol as { dispose?: symbol }).dispose;
  if (disposeSymbol) Object.defineProperty(fn, disposeSymbol, { value: fn.dispose });
  return fn as TheanoFunction<NDArray | NDArray[]>;
}
