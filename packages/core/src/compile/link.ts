/**
 * Stage 3 of `theano.function` (see `function.ts`): links the optimized graph to a backend. It chooses the
 * backend, checks that the backend can run every node, wraps the mode's run-time check (DebugMode,
 * NanGuardMode) around the graph, and compiles it: at once where the backend compiles synchronously,
 * otherwise on the first call. The result owns the executable until the function is disposed.
 */

import {
  type Backend,
  type BackendCompileOptions,
  type Executable,
  getBackend,
  graphUnsupportedReason,
  UnsupportedError,
} from '../backend.js';
import { config } from '../config.js';
import type { FunctionGraph } from '../graph/fgraph.js';
import type { BuiltGraph } from './build.js';
import { makeCheck, type RunCheck } from './checks.js';
import type { Mode } from './mode.js';

/** The backend a function runs on: `backend` (a name or a `Backend`), or `theano.config.backend` when undefined. */
export function selectBackend(backend: string | Backend | undefined): Backend {
  return getBackend(backend ?? config.backend);
}

/** What linking needs besides the graphs. */
export interface LinkOptions {
  /** The function's description for messages (`theano function "f"`). */
  readonly where: string;
  /** The function's name, passed to the backend. */
  readonly name: string;
  /** Options passed to the backend's compiler. */
  readonly backendOptions?: Readonly<Record<string, unknown>>;
}

/**
 * A function's executable on its backend. `exec` is set as soon as it is compiled; `executable()` compiles it
 * (once) where the backend only compiles asynchronously; `dispose()` frees it for good.
 */
export class LinkedGraph {
  /** The backend the graph is compiled on. */
  readonly backend: Backend;
  /** The mode's run-time check, or null: its `check` turns the executable's results into the outputs. */
  readonly runCheck: RunCheck | null;
  private readonly where: string;
  private readonly compiled: FunctionGraph;
  private readonly compileOpts: BackendCompileOptions;
  private current: Executable | null;
  private pending: Promise<Executable> | null = null;
  private disposed = false;

  /** Compiles `compiled` on `backend` at once where the backend compiles synchronously. */
  constructor(
    backend: Backend,
    compiled: FunctionGraph,
    compileOpts: BackendCompileOptions,
    runCheck: RunCheck | null,
    where: string,
  ) {
    this.backend = backend;
    this.runCheck = runCheck;
    this.where = where;
    this.compiled = compiled;
    this.compileOpts = compileOpts;
    this.current = backend.compileSync ? backend.compileSync(compiled, compileOpts) : null;
  }

  /** The executable, or null before an asynchronous compile has finished and after `dispose()`. */
  get exec(): Executable | null {
    return this.current;
  }

  /** Throws when the function was disposed. */
  alive(): void {
    if (this.disposed) throw new Error(`${this.where} was disposed: compile it again to call it`);
  }

  /** The executable, compiling it (once, however many calls wait for it) when there is none yet. */
  async executable(): Promise<Executable> {
    this.alive();
    if (this.current) return this.current;
    this.pending ??= this.backend.compile(this.compiled, this.compileOpts).then((e) => {
      this.current = e;
      return e;
    });
    return this.pending;
  }

  /** Frees the executable; later calls throw. */
  dispose(): void {
    this.current?.dispose?.();
    this.current = null;
    this.pending = null;
    this.disposed = true;
  }
}

/**
 * Links the optimized `fgraph` of `graph` to `backend`: throws an `UnsupportedError` when the backend cannot
 * run one of its nodes, adds `mode`'s run-time check, and compiles the result (the graph's update values
 * are marked as such for the backend: each is the output after the function's own outputs).
 */
export function linkGraph(
  graph: BuiltGraph,
  fgraph: FunctionGraph,
  mode: Mode,
  backend: Backend,
  opts: LinkOptions,
): LinkedGraph {
  const reason = graphUnsupportedReason(backend, fgraph);
  if (reason) throw new UnsupportedError(`${opts.where}: ${reason}`);
  const runCheck = makeCheck(mode, opts.where, graph.graphInputs, graph.unoptimized, fgraph);
  // each update's new value is the output after the function's own outputs (backends keep them on a device)
  const updates = graph.updates.map(([s], k) => [graph.outputs.length + k, s] as const);
  const compileOpts = { name: opts.name, backendOptions: opts.backendOptions, updates };
  return new LinkedGraph(backend, runCheck?.fgraph ?? fgraph, compileOpts, runCheck, opts.where);
}
