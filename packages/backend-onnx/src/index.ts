/**
 * `@theano-ts/backend-onnx`: runs theano-ts graphs with onnxruntime-node. `compile` lowers the whole graph
 * into one ONNX model and creates one `InferenceSession` for it, cached by the graph's structural key;
 * `run` feeds NDArrays in as onnxruntime tensors and wraps the output tensors as NDArrays, without copies.
 * Importing the package registers the default instance as `'onnx'`; `onnx(opts)` makes others (CUDA,
 * thread counts), and `exportModel(f)` writes a compiled function as a standalone `.onnx` file.
 *
 * @module \@theano-ts/backend-onnx
 * @document ../README.md
 */
import {
  type Backend,
  type BackendCapabilities,
  type BackendCompileOptions,
  type BackendNumerics,
  type Executable,
  type FunctionGraph,
  type NDArray,
  registerBackend,
} from '@theano-ts/core';
import type ort from 'onnxruntime-node';
import { fromOrt, toNumbers, toOrt } from './convert.js';
import { describeRunError } from './diagnose.js';
import { ONNX_DTYPES } from './dtypes.js';
import { MORE_ELEMWISE_OP_DTYPES } from './lower/elemwise-more.js';
import { DECLARED_OPS } from './lower/index.js';
import { LINALG_OP_DTYPES } from './lower/linalg.js';
import {
  type BuildOptions,
  type BuiltModel,
  buildModel,
  type CheckOutputs,
  LARGE_MODEL_NODES,
  sizedSessionPays,
} from './model.js';
import {
  createSession,
  LargeModelSessions,
  nodeAt,
  ORT_LOG_LEVELS,
  type OrtLogLevel,
  type SessionSettings,
  sameShapes,
} from './session.js';

export type { InputSize } from './builder.js';
export { emulatedDTypes, ONNX_DTYPES, ORT_CPU_TYPES } from './dtypes.js';
export { type ExportOptions, exportModel } from './export.js';
export {
  type BuildOptions,
  type BuiltModel,
  buildModel,
  type CheckOutputs,
  IR_VERSION,
  LARGE_MODEL_NODES,
  type ModelCheck,
  OPSET,
  sizedSessionPays,
  UNOPTIMIZED_MODEL_NODES,
} from './model.js';
export {
  cudaUnavailableMessage,
  DEFAULT_INTRA_OP_THREADS,
  DISABLED_ORT_OPTIMIZERS,
  disabledOptimizersConfig,
  ORT_LOG_LEVELS,
  type OrtLogLevel,
} from './session.js';

/** Options of an ONNX backend instance. */
export interface OnnxOptions extends SessionSettings {
  /** The name functions choose it by (default `'onnx'`). */
  readonly name?: string;
  /**
   * How many sessions no live function uses are kept for a later compile of the same graph (least recently
   * used ones are released first; default 8, 0 releases a session as soon as its last function goes).
   */
  readonly maxIdleSessions?: number;
}

/** An ONNX backend: a `Backend` with its session cache exposed for inspection. */
export interface OnnxBackend extends Backend {
  /** How many compiled graphs hold a session now (one per distinct graph and options). */
  sessionCacheSize(): number;
  /**
   * How many sessions this backend has created so far. A large graph of many matrix products counts once:
   * it makes its onnxruntime sessions on its calls, one for the first call's input sizes and, when a call
   * has other sizes, one for any sizes, and releases them together.
   */
  sessionsCreated(): number;
  /**
   * How many sessions are not released yet: those of live functions, those being created, and the idle ones
   * kept for reuse (at most `maxIdleSessions`). A function that is garbage-collected without `dispose()`
   * gives its session back like `dispose()` would, once the collector has run its finalizers.
   */
  liveSessions(): number;
}

interface CacheEntry {
  /** The session, made at compile time; null for a large model whose sessions `sessions` makes. */
  readonly session: ort.InferenceSession | null;
  readonly sessions: LargeModelSessions | null;
  readonly built: BuiltModel;
  /** The options the model was built with, and the session's settings (to explain a failed run). */
  readonly build: BuildOptions;
  readonly settings: SessionSettings;
  refs: number;
}

/** The session settings a compile uses: the instance's, overridden by `backendOptions`. */
/** The options `backendOptions` may set per function. */
const SESSION_OPTIONS: readonly string[] = ['executionProviders', 'intraOpNumThreads', 'logLevel'];
/** The options `onnx(options)` takes. */
const INSTANCE_OPTIONS: readonly string[] = [...SESSION_OPTIONS, 'maxIdleSessions', 'name'];

/** Throws a TypeError naming the first key of `options` not in `known`. */
function checkKnown(options: object, known: readonly string[], where: string): void {
  for (const k of Object.keys(options)) {
    if (!known.includes(k)) {
      throw new TypeError(
        `onnx: ${where}: unknown option ${JSON.stringify(k)} (the onnx backend knows ${known.join(', ')})`,
      );
    }
  }
}

function settingsFor(base: SessionSettings, options: BackendCompileOptions, where: string): SessionSettings {
  const o = options.backendOptions ?? {};
  checkKnown(o, SESSION_OPTIONS, where);
  const eps = o.executionProviders ?? base.executionProviders;
  if (eps !== undefined && !(Array.isArray(eps) && eps.every((p) => typeof p === 'string'))) {
    throw new TypeError(
      `onnx: ${where}: backendOptions.executionProviders must be an array of provider names, got ${JSON.stringify(eps)}`,
    );
  }
  const threads = o.intraOpNumThreads ?? base.intraOpNumThreads;
  if (threads !== undefined && !(typeof threads === 'number' && Number.isInteger(threads) && threads >= 0)) {
    throw new TypeError(
      `onnx: ${where}: intraOpNumThreads must be a non-negative integer, got ${JSON.stringify(threads)}`,
    );
  }
  const logLevel = o.logLevel ?? base.logLevel;
  if (logLevel !== undefined && !ORT_LOG_LEVELS.includes(logLevel as OrtLogLevel)) {
    throw new TypeError(
      `onnx: ${where}: logLevel must be one of ${ORT_LOG_LEVELS.map((l) => `'${l}'`).join(', ')}, got ${JSON.stringify(logLevel)}`,
    );
  }
  return {
    ...(eps ? { executionProviders: eps as string[] } : {}),
    ...(threads !== undefined ? { intraOpNumThreads: threads as number } : {}),
    ...(logLevel !== undefined ? { logLevel: logLevel as OrtLogLevel } : {}),
  };
}

/** The function's outputs count and its updates' names (`w_update`), from the compile options. */
function updateNaming(
  fgraph: FunctionGraph,
  options: BackendCompileOptions,
): { nOutputs?: number; updateNames?: (string | undefined)[] } {
  const updates = options.updates ?? [];
  if (updates.length === 0) return {};
  const nOutputs = Math.min(...updates.map(([k]) => k));
  const updateNames: (string | undefined)[] = [];
  for (const [k, s] of updates) updateNames[k - nOutputs] = s.name ? `${s.name}_update` : undefined;
  return nOutputs >= 0 && nOutputs <= fgraph.outputs.length ? { nOutputs, updateNames } : {};
}

/**
 * Validates a run's checks, in order (their values unpacked from the packed outputs, or made from the
 * inputs' `shapes`); throws the first failure.
 */
function checkRun(
  built: BuiltModel,
  packed: CheckOutputs | null,
  results: ort.InferenceSession.ReturnType,
  fg: FunctionGraph,
  shapes: readonly (readonly number[])[],
): void {
  const values = packed ? toNumbers(results[packed.values]!) : [];
  const sizes = !packed ? [] : typeof packed.sizes === 'string' ? toNumbers(results[packed.sizes]!) : packed.sizes;
  const starts: number[] = [];
  for (let p = 0, at = 0; p < sizes.length; at += sizes[p]!, p++) starts.push(at);
  for (const c of built.checks) {
    const node = nodeAt(fg, c.path);
    const data = c.inputSizes
      ? c.inputSizes.map((row) => row.map((e) => (typeof e === 'number' ? e : shapes[e[0]]![e[1]]!)))
      : c.parts.map((p) => values.slice(starts[p], starts[p]! + sizes[p]!));
    const rows = c.rowLengths[0] ? data[0]!.length / c.rowLengths[0] : 0;
    for (let r = 0; r < rows; r++) {
      const row = data.map((d, i) => d.slice(r * c.rowLengths[i]!, (r + 1) * c.rowLengths[i]!));
      const msg = node ? c.validate(row, node) : null;
      if (msg) throw new Error(msg);
    }
  }
}

/**
 * The error for a failed run. A model whose products were fused (`simplifyGraph`) is run again as built
 * without fusing, on the same feeds, so that the error names the op that failed, or the run-time check that
 * fails, exactly as it would have without fusion; only the error path pays for it.
 */
async function explainFailure(
  e: unknown,
  entry: CacheEntry,
  fg: FunctionGraph,
  where: string,
  feeds: Record<string, ort.Tensor>,
): Promise<Error> {
  if (!entry.built.simplified) return describeRunError(e, entry.built, fg, where, feeds);
  let session: ort.InferenceSession | null = null;
  try {
    const plain = buildModel(fg, { ...entry.build, simplify: false });
    session = await createSession(plain.bytes, entry.settings, where, plain.model.graph!.node.length);
    let results: ort.InferenceSession.ReturnType;
    try {
      results = await session.run(feeds);
    } catch (e2) {
      return await describeRunError(e2, plain, fg, where, feeds);
    }
    // the unfused model ran: a check of its fails (the fused Gemm met the shapes that check is for)
    const failed = checkFailure(
      plain,
      results,
      fg,
      plain.inputNames.map((n) => feeds[n]!.dims),
    );
    if (failed) return failed;
  } catch {
    // no second opinion: the fused model's error
  } finally {
    await session?.release().catch(() => {});
  }
  return describeRunError(e, entry.built, fg, where, feeds);
}

/** The error `checkRun` raises on these results, or null when every check passes. */
function checkFailure(
  built: BuiltModel,
  results: ort.InferenceSession.ReturnType,
  fg: FunctionGraph,
  shapes: readonly (readonly number[])[],
): Error | null {
  if (built.checks.length === 0) return null;
  try {
    checkRun(built, built.checkOutputs, results, fg, shapes);
    return null;
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/**
 * Releases the session of an executable that was garbage-collected without `dispose()` (the function that
 * owned it was dropped, as Theano programs do). The held value is the executable's release callback, which
 * never refers to the executable itself; `dispose()` unregisters it, so a session is given back once.
 */
const dropped = new FinalizationRegistry<() => void>((release) => release());

/** Runs a cached session on one graph's inputs; validates the checks; wraps the outputs. */
class OnnxExecutable implements Executable {
  #entry: CacheEntry | null;
  readonly #fgraph: FunctionGraph;
  readonly #where: string;
  readonly #release: () => void;
  /** How many outputs are the function's own; the rest are updates' new values. */
  readonly #nOutputs: number;
  /** The input shapes of the last run whose checks passed, where the checks read nothing but those shapes. */
  #passedShapes: readonly (readonly number[])[] | null = null;

  constructor(entry: CacheEntry, fgraph: FunctionGraph, where: string, release: () => void, nOutputs: number) {
    this.#entry = entry;
    this.#fgraph = fgraph;
    this.#where = where;
    this.#release = release;
    this.#nOutputs = nOutputs;
    dropped.register(this, release, this);
  }

  async run(inputs: readonly NDArray[]): Promise<NDArray[]> {
    const entry = this.#entry;
    if (!entry) throw new Error(`onnx: ${this.#where} was disposed; compile it again`);
    const { built } = entry;
    const fg = this.#fgraph;
    if (inputs.length !== fg.inputs.length) {
      throw new Error(`onnx: ${this.#where}: the graph takes ${fg.inputs.length} inputs, got ${inputs.length}`);
    }
    // the inputs' shapes, read once where a sized session or the checks need them
    const shapes = entry.session && built.checks.length === 0 ? null : inputs.map((a) => a.shape);
    const session = entry.session ?? (await entry.sessions!.sessionFor(shapes!));
    const feeds: Record<string, ort.Tensor> = {};
    for (let k = 0; k < inputs.length; k++) feeds[built.inputNames[k]!] = toOrt(inputs[k]!);
    let results: ort.InferenceSession.ReturnType;
    try {
      results = await session.run(feeds);
    } catch (e) {
      throw await explainFailure(e, entry, fg, this.#where, feeds);
    }
    if (shapes && built.checks.length > 0) {
      // checks that read only the inputs' sizes (no packed check output) passed already for these shapes
      const known = built.checkOutputs === null && sameShapes(shapes, this.#passedShapes);
      if (!known) {
        checkRun(built, built.checkOutputs, results, fg, shapes);
        if (built.checkOutputs === null) this.#passedShapes = shapes;
      }
    }
    // only the updates' new values go in again (as shared values): pair just those with their tensors
    return built.outputNames.map((n, k) => fromOrt(results[n]!, fg.outputs[k]!.dtype, k >= this.#nOutputs));
  }

  dispose(): void {
    if (!this.#entry) return;
    this.#entry = null;
    dropped.unregister(this);
    this.#release();
  }
}

/**
 * Where onnxruntime's kernels differ from core's scalar implementations (measured on the special values of
 * the conformance suite): ulps of the output dtype. Everything else is bit for bit.
 */
const NUMERICS: BackendNumerics = {
  notes: [
    "gammaln and psi below 0 use the reflection formulas (as core does): near the zeros of log|Γ| and ψ there the result is a small difference of terms near 1, so its relative error (and its distance from core's value, whose error is the same kind) grows as the result shrinks: about 1e-16 in absolute terms, hundreds of ulps where the result is near 1e-3 (measured on (-30, 0): up to 8 ulps for gammaln and 16 for psi where the result exceeds 0.5)",
    "onnxruntime's float32 Tanh is within 1 ulp except where x² underflows (|x| below about 1e-36: up to 33 ulps, subnormal results flushed to zero); fixing it in the graph would cost the kernels a training step spends on tanh layers",
  ],
  ulps: {
    exp: 1,
    log: 1,
    sin: 4,
    cos: 4,
    tanh: { float32: 33, float64: 2 },
    pow: 1,
    log1p: 2,
    expm1: 2,
    softplus: 2,
    sigmoid: 2,
    erf: { float32: 2, float64: 4 },
    log2: 1,
    log10: 1,
    exp2: 1,
    deg2rad: { float32: 1 },
    // sin/cos in float64 (onnxruntime's Tan is float32 only): up to sin's and cos's 4 ulps each
    tan: { float32: 1, float64: 8 },
    // float32: onnxruntime's kernels; float64: formulas in float64 ops (lower/elemwise-f64.ts), measured
    // against core's on 600000 random points per op and the special values
    arcsin: { float32: 1, float64: 3 },
    arccos: { float32: 1, float64: 2 },
    arctan: 2,
    sinh: { float32: 1, float64: 3 },
    cosh: { float32: 1, float64: 2 },
    arcsinh: { float32: 1, float64: 2 },
    arccosh: { float32: 1, float64: 3 },
    arctanh: { float32: 1, float64: 3 },
    arctan2: { float32: 1, float64: 2 },
    erfc: { float32: 1, float64: 4 },
    erfcx: { float32: 1, float64: 3 },
    // x ≥ 0; below 0 the reflection formulas cancel near the functions' zeros (see the note)
    gammaln: { float32: 1, float64: 4 },
    psi: { float32: 1, float64: 3 },
    gamma: { float32: 1, float64: 5 },
    // mostly core's own error: its erfinv inverts its erf (within 5 ulp), where these fits are within 2 of mpmath's
    erfinv: { float32: 1, float64: 8 },
    erfcinv: { float32: 1, float64: 8 },
    hypot: 1,
  },
};

/** The sessions of one backend instance: shared by the functions compiling one graph, then kept idle (LRU). */
class SessionCache {
  /** Sessions in use by live functions, or being created, by graph key. */
  readonly inUse = new Map<string, Promise<CacheEntry>>();
  /** Sessions no function uses, least recently used first. */
  readonly #idle = new Map<string, CacheEntry>();
  readonly #maxIdle: number;
  created = 0;
  #released = 0;

  constructor(maxIdle: number) {
    this.#maxIdle = maxIdle;
  }

  /** Sessions not released yet. */
  get live(): number {
    return this.created - this.#released;
  }

  /** The entry of `key`: in use, idle (taken back), or made by `create`. */
  acquire(key: string, create: () => Promise<CacheEntry>): Promise<CacheEntry> {
    let pending = this.inUse.get(key);
    if (pending) return pending;
    const parked = this.#idle.get(key);
    if (parked) {
      this.#idle.delete(key);
      pending = Promise.resolve(parked);
    } else {
      pending = create().then((entry) => {
        this.created++;
        return entry;
      });
      pending.catch(() => {
        if (this.inUse.get(key) === pending) this.inUse.delete(key);
      });
    }
    this.inUse.set(key, pending);
    return pending;
  }

  /** A callback giving back one use of `entry` (it refers to neither the executable nor its function). */
  releaser(key: string, pending: Promise<CacheEntry>, entry: CacheEntry): () => void {
    return () => {
      entry.refs--;
      if (entry.refs !== 0 || this.inUse.get(key) !== pending) return;
      this.inUse.delete(key);
      this.#idle.set(key, entry);
      for (const [k, e] of this.#idle) {
        if (this.#idle.size <= this.#maxIdle) break;
        this.#idle.delete(k);
        this.#released++;
        void e.session?.release();
        void e.sessions?.release();
      }
    };
  }
}

/** A new ONNX backend instance (register it with `registerBackend` to choose it by name). */
export function onnx(opts: OnnxOptions = {}): OnnxBackend {
  const name = opts.name ?? 'onnx';
  checkKnown(opts, INSTANCE_OPTIONS, 'onnx(options)');
  const { maxIdleSessions: _m, name: _n, ...session } = opts;
  const base = settingsFor(session, { backendOptions: session }, `backend '${name}'`);
  const maxIdle = opts.maxIdleSessions ?? 8;
  if (!(Number.isInteger(maxIdle) && maxIdle >= 0)) {
    throw new TypeError(`onnx: maxIdleSessions must be a non-negative integer, got ${JSON.stringify(maxIdle)}`);
  }
  const cache = new SessionCache(maxIdle);
  const capabilities: BackendCapabilities = {
    dtypes: ONNX_DTYPES,
    ops: [...DECLARED_OPS, 'composite'],
    notIntroduced: ['composite'],
    sync: false,
    numerics: NUMERICS,
    dtypeReason: (d) => `onnxruntime has no ${d} kernels`,
    // onnxruntime-node copies every output of every run into a new buffer (test/fresh-outputs.test.ts)
    freshOutputs: true,
    opDTypes: {
      ...LINALG_OP_DTYPES,
      ...MORE_ELEMWISE_OP_DTYPES,
    },
  };
  return {
    name,
    capabilities,
    sessionCacheSize: () => cache.inUse.size,
    sessionsCreated: () => cache.created,
    liveSessions: () => cache.live,
    async compile(fgraph: FunctionGraph, options: BackendCompileOptions): Promise<Executable> {
      const where = `theano function "${options.name ?? 'anonymous'}"`;
      const settings = settingsFor(base, options, where);
      const key = `${JSON.stringify(settings)}\n${fgraph.key}`;
      const pending = cache.acquire(key, async () => {
        const build: BuildOptions = {
          name: options.name,
          ...updateNaming(fgraph, options),
          largeModelNodes: LARGE_MODEL_NODES,
        };
        const built = buildModel(fgraph, build);
        if (built.large && sizedSessionPays(built)) {
          return {
            session: null,
            sessions: new LargeModelSessions(built, settings, where),
            built,
            build,
            settings,
            refs: 0,
          };
        }
        const session = await createSession(built.bytes, settings, where, built.model.graph!.node.length);
        return { session, sessions: null, built, build, settings, refs: 0 };
      });
      const entry = await pending;
      entry.refs++;
      const nOutputs = updateNaming(fgraph, options).nOutputs ?? fgraph.outputs.length;
      return new OnnxExecutable(entry, fgraph, where, cache.releaser(key, pending, entry), nOutputs);
    },
  };
}

/** The default instance, registered as `'onnx'`. */
export const onnxBackend: OnnxBackend = onnx();

registerBackend(onnxBackend);
