/**
 * `theano.function(inputs, outputs, { updates, givens, backend, mode, allowInputDowncast })`. `compileFunction`
 * wires four stages, one after the other:
 * 1. build (`build.ts`): check the arguments and build the unoptimized graph (explicit inputs, then the
 *    shared variables read; outputs, then the updates' new values);
 * 2. optimize (`optimize.ts`): resolve the mode and rewrite the graph into the `FunctionGraph` to compile;
 * 3. link (`link.ts`): choose the backend, check it can run the graph, and compile it to an executable;
 * 4. the callable (here, `makeCallable`): what `theano.function` returns (call, callSync, maker, profile, dispose).
 * A call converts and checks every argument, runs the executable, and only then writes every update at once:
 * a call that throws changes no shared variable. Calls are ordered with respect to shared variables: each call
 * reads and writes its shared variables as if the calls (and `setValue`/`getValue`) issued before it had all
 * finished (`graph/access.ts`); calls that touch no shared variable run concurrently. Results never share
 * storage with arguments, shared values, constants or each other unless an output is borrowed (`out.ts`).
 */

import type { Backend, Executable } from '../backend.js';
import type { OnUnusedInput } from '../config.js';
import { type AccessLane, beginAccess, firstBlocker } from '../graph/access.js';
import type { FunctionGraph } from '../graph/fgraph.js';
import type { SharedVariable, TensorLike, TensorVariable } from '../graph/variable.js';
import { type NDArray, shapeToString } from '../ndarray.js';
import { AliasSet, constantValues } from './alias.js';
import { type BuiltGraph, buildGraph, type PairsOrMap } from './build.js';
import { filterValue } from './filter.js';
import type { In } from './in.js';
import { type LinkedGraph, linkGraph, selectBackend } from './link.js';
import type { Mode } from './mode.js';
import { optimizeGraph, resolveMode } from './optimize.js';
import { Out } from './out.js';
import { nowSeconds, ProfileStats } from './profile.js';

export type { PairsOrMap } from './build.js';

/** The predefined compile modes. */
export type ModeName = 'FAST_RUN' | 'FAST_COMPILE' | 'DebugMode' | 'NanGuardMode';

/** Options of `theano.function` (a key not listed here is a TypeError naming it). */
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

/** Every option `theano.function` knows (an unknown one is a TypeError, not silently ignored). */
const KNOWN_OPTIONS: readonly (keyof FunctionOptions)[] = [
  'updates',
  'givens',
  'backend',
  'mode',
  'profile',
  'allowInputDowncast',
  'onUnusedInput',
  'noDefaultUpdates',
  'name',
  'backendOptions',
];

/** Throws a TypeError when `opts` is not an options object or has a key `theano.function` does not know. */
function checkOptions(opts: unknown): asserts opts is FunctionOptions {
  const known = `known options: ${KNOWN_OPTIONS.join(', ')}`;
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    throw new TypeError(
      `theano.function: the options (third argument) must be an object, got ${opts === null ? 'null' : Array.isArray(opts) ? 'an array' : typeof opts} (${known})`,
    );
  }
  for (const key of Object.keys(opts)) {
    if (!(KNOWN_OPTIONS as readonly string[]).includes(key)) {
      const norm = (k: string) => k.toLowerCase().replace(/_/g, '');
      const n = norm(key);
      const near = KNOWN_OPTIONS.find((k) => {
        const m = norm(k);
        return Math.abs(m.length - n.length) <= 2 && (m.startsWith(n) || n.startsWith(m));
      });
      const hint = near ? `; did you mean ${near}?` : '';
      throw new TypeError(`theano.function: unknown option "${key}"${hint} (${known})`);
    }
  }
}

/** An output as given: a variable, or `theano.Out(variable, { borrow })`. */
export type FunctionOutput = TensorVariable | Out;

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

/**
 * A compiled function: call it (a Promise) or `callSync` it on synchronous backends. Calls act on shared
 * variables as if they ran one after another in the order they were issued, whether awaited or not (see
 * docs/shared-variables.md); the arrays returned are the caller's own unless an output is `theano.Out(v,
 * { borrow: true })`.
 */
export interface TheanoFunction<R> {
  /**
   * Runs the function. It takes its place at once among the accesses to its shared variables: it reads them
   * after every earlier call (and `setValue`) that writes them, and its updates are written, all at once and
   * only if it succeeds, before any later call reads them. A call that touches no shared variable never waits.
   */
  (...args: unknown[]): Promise<R>;
  /**
   * Runs synchronously (backends that can: ref, webgl). Throws when a call issued before it and not finished
   * writes a shared variable it uses, or reads one it updates (it cannot wait for it).
   */
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

/**
 * `theano.function(inputs, output)`: a compiled function returning one NDArray. The output may be
 * `theano.Out(variable, { borrow: true })`; the options are those of `FunctionOptions` (any other key is a
 * TypeError).
 */
export function compileFunction(
  inputs: readonly (TensorVariable | In)[],
  outputs: FunctionOutput,
  opts?: FunctionOptions,
): TheanoFunction<NDArray>;
/** `theano.function(inputs, [outputs])`: a compiled function returning a list of NDArrays. */
export function compileFunction(
  inputs: readonly (TensorVariable | In)[],
  outputs: readonly FunctionOutput[],
  opts?: FunctionOptions,
): TheanoFunction<NDArray[]>;
export function compileFunction(
  inputs: readonly (TensorVariable | In)[],
  outputs: FunctionOutput | readonly FunctionOutput[],
  opts?: FunctionOptions,
): TheanoFunction<NDArray | NDArray[]>;
export function compileFunction(
  inputs: readonly (TensorVariable | In)[],
  outputs: FunctionOutput | readonly FunctionOutput[],
  opts: FunctionOptions = {},
): TheanoFunction<NDArray | NDArray[]> {
  checkOptions(opts);
  const fname = opts.name ?? `f${++anonymous}`;
  const where = `theano function "${fname}"`;
  // outputs given as theano.Out: the variables, and which of them are borrowed
  const unwrap = (o: FunctionOutput) => (o instanceof Out ? o.variable : o);
  const borrow = Array.isArray(outputs)
    ? (outputs as readonly FunctionOutput[]).map((o) => o instanceof Out && o.borrow)
    : [outputs instanceof Out && outputs.borrow];
  const vars = Array.isArray(outputs)
    ? (outputs as readonly FunctionOutput[]).map(unwrap)
    : unwrap(outputs as FunctionOutput);
  // 1. build: the checked, unoptimized graph and its input/update bookkeeping
  const graph = buildGraph(inputs, vars, opts, where);
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
    borrow,
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
  /** Per output, whether it is borrowed (may share storage). */
  readonly borrow: readonly boolean[];
}

/**
 * Stage 4: the callable `theano.function` returns, over the built `graph` and its `linked` executable. A call
 * converts the arguments (filling defaults), takes its place among the accesses to its shared variables
 * (waiting for the earlier calls that write what it reads or read what it writes), appends the shared
 * variables' values, runs the executable, applies the mode's check, and only then writes the updates. The
 * happy path builds no strings: every label is made here, once.
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
  const borrowed = opts.borrow;

  // the lanes of the shared variables the function writes, and of those it only reads
  const updated = new Set(updates.map(([s]) => s));
  const writeLanes: AccessLane[] = updates.map(([s]) => s.container.lane);
  const readLanes: AccessLane[] = shareds.filter((s) => !updated.has(s)).map((s) => s.container.lane);
  const touchesShared = writeLanes.length > 0 || readLanes.length > 0;
  // the graph's constants: a backend may hand one back as a result, which is then copied
  const constants = new AliasSet();
  for (const c of constantValues(maker.fgraph)) constants.add(c);
  if (runCheck) for (const c of constantValues(runCheck.fgraph)) constants.add(c);

  const names = ins.map((a, i) => ((a.name ?? a.variable.name) ? `"${a.name ?? a.variable.name}"` : `#${i}`));
  // made once: a call builds no strings unless it fails
  const filterOpts = ins.map((_, i) => ({
    allowDowncast: opts.allowInputDowncast,
    label: `${where}: input ${i} (${names[i]})`,
  }));
  /** The explicit arguments, converted and checked (defaults filled in). */
  const prepare = (args: unknown[]): NDArray[] => {
    if (args.length > ins.length) {
      const required = ins.filter((b) => b.value === undefined).length;
      const count = required === ins.length ? `${ins.length}` : `${required} to ${ins.length}`;
      throw new TypeError(
        `${where} takes ${count} argument${ins.length === 1 ? '' : 's'} (${names.join(', ')}), got ${args.length}`,
      );
    }
    return ins.map((a, i) => {
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
  };
  /** The explicit arguments followed by the shared variables' current values: the executable's inputs. */
  const withShared = (values: NDArray[]): NDArray[] => {
    for (const s of shareds) values.push(s.container.value);
    return values;
  };
  // results of their own, from the backend itself (a mode's check may hand back another backend's arrays)
  const fresh = !runCheck && backend.capabilities.freshOutputs === true;
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
    if (fresh) {
      updates.forEach(([s], k) => {
        s.container.value = newValues[k]!;
      });
      return single ? results[0]! : results.slice(0, outs.length);
    }
    // no result shares storage with an argument, a shared value, a constant or an earlier result, unless it
    // is a borrowed output: an update's new value becomes a shared variable's storage, and an output the
    // caller's array (Theano copies outputs unless they are borrowed)
    const taken = constants.fork();
    for (const v of inputsUsed) taken.add(v);
    const stored = newValues.map((v) => {
      const own = taken.aliases(v) ? v.copy() : v;
      taken.add(own);
      return own;
    });
    const outValues = results.slice(0, outs.length).map((r, j) => {
      const own = !borrowed[j] && taken.aliases(r) ? r.copy() : r;
      taken.add(own);
      return own;
    });
    updates.forEach(([s], k) => {
      s.container.value = stored[k]!;
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
  /** Runs the executable on `values` and writes the updates (the profiled path where profiling). */
  const runAsync = async (values: NDArray[]) => {
    const e = linked.exec ?? (await linked.executable());
    if (profile && e.runProfiled) return callProfiled(e, values);
    const t0 = profile ? nowSeconds() : 0;
    const out = finish(values, await e.run(values));
    profile?.recordCall(nowSeconds() - t0);
    return out;
  };
  const call = async (...args: unknown[]) => {
    const explicit = prepare(args);
    if (!touchesShared) return runAsync(explicit);
    // issued now: wait for the earlier accesses that conflict, read, run, write, then let later ones go on
    const access = beginAccess(readLanes, writeLanes, where);
    try {
      const ready = access.ready();
      if (ready) await ready;
      const values = withShared(explicit);
      access.captured.open();
      return await runAsync(values);
    } finally {
      access.finish();
    }
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
    const explicit = prepare(args);
    if (touchesShared) {
      // it runs at once (no other access can come between its reads and its writes), so only after every
      // earlier call that writes what it reads, or reads what it writes
      const blocker = firstBlocker(readLanes, writeLanes);
      if (blocker) {
        throw new Error(
          `${where}: callSync cannot run now: ${blocker.who}, called before and not finished, uses the same shared ` +
            'variables; await that call first (or await this function instead of calling callSync)',
        );
      }
    }
    const values = withShared(explicit);
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
