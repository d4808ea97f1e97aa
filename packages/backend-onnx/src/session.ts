/**
 * onnxruntime sessions and their errors. Creating a session passes the execution providers through and
 * turns a provider onnxruntime cannot load (CUDA without its add-on binaries) into an error that says how
 * to install it; a run-time failure is reported with the theano-ts op whose ONNX node failed (nodes are
 * named after their op), never as onnxruntime's raw message alone.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { type Apply, type FunctionGraph, MAP } from '@theano-ts/core';
import ort from 'onnxruntime-node';
import { type BuiltModel, bytesForShapes, LARGE_MODEL_NODES, UNOPTIMIZED_MODEL_NODES } from './model.js';

/** Session options the backend passes through. */
export interface SessionSettings {
  /** onnxruntime execution providers, in order of preference (default: onnxruntime's, the CPU). */
  readonly executionProviders?: readonly string[];
  /**
   * Threads onnxruntime uses inside one op (default: `DEFAULT_INTRA_OP_THREADS`, one per logical CPU; 0 leaves
   * the choice to onnxruntime, which counts physical cores).
   */
  readonly intraOpNumThreads?: number;
  /**
   * What onnxruntime itself prints to stderr: `'verbose'`, `'info'`, `'warning'`, `'error'` or `'fatal'`
   * (default `'fatal'`: nothing in practice, since every failure comes back as an Error that names the op).
   * Set `'warning'` to see onnxruntime's own warnings, such as the graph rewrites it skips.
   */
  readonly logLevel?: OrtLogLevel;
}

/**
 * The default intra-op thread count: the logical CPUs Node reports (`os.availableParallelism()`).
 * onnxruntime's own default counts physical cores and came out lower on the 2-vCPU machine the benchmarks
 * ran on; there, the MLP training step took 0.72–0.90 ms with 2 threads against 0.99–1.54 ms with
 * onnxruntime's choice (float64, batch 128: 1.9–2.0 ms against 3.0–3.8 ms), measured side by side.
 */
export const DEFAULT_INTRA_OP_THREADS: number = availableParallelism();

/** onnxruntime's log levels, from the most talkative. */
export const ORT_LOG_LEVELS = ['verbose', 'info', 'warning', 'error', 'fatal'] as const;
/** One of {@link ORT_LOG_LEVELS}. */
export type OrtLogLevel = (typeof ORT_LOG_LEVELS)[number];

/** The message for a CUDA execution provider onnxruntime-node cannot load. */
export function cudaUnavailableMessage(where: string): string {
  return (
    `onnx: ${where}: CUDA is not available in this onnxruntime-node install: the CUDA execution provider's ` +
    'libraries (libonnxruntime_providers_cuda.so, downloaded separately from the npm package) are missing, ' +
    "or CUDA 12 / cuDNN 9 are not installed. Install the CUDA add-on by running onnxruntime-node's install " +
    'script with the CUDA flag, e.g. `ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js` ' +
    "(ONNXRUNTIME_NODE_INSTALL_CUDA=v12 on older versions; Linux x64 only; @theano-ts/backend-onnx's README " +
    'explains it), or leave executionProviders out to run on the CPU'
  );
}

/**
 * Whether onnxruntime-node's CUDA provider library was installed next to its binding (the npm package
 * leaves it out; its install script downloads it). Checked before asking onnxruntime, which would also
 * print the failure to stderr.
 */
export function cudaProviderInstalled(): boolean {
  try {
    const main = createRequire(import.meta.url).resolve('onnxruntime-node');
    const bin = join(dirname(main), '..', 'bin', 'napi-v6', process.platform, process.arch);
    return ['libonnxruntime_providers_cuda.so', 'onnxruntime_providers_cuda.dll'].some((f) => existsSync(join(bin, f)));
  } catch {
    return false;
  }
}

/** onnxruntime's message without its source location and C++ signature. */
export function cleanOrtMessage(message: string): string {
  let m = message.split('\n')[0]!.trim();
  const status = /Status Message: (.*)$/.exec(m);
  if (status) m = status[1]!;
  const wasFalse = / was false\. (.*)$/.exec(m);
  if (wasFalse) return wasFalse[1]!.trim();
  // "/onnxruntime_src/.../file.cc:91 Function(args) message"
  return m.replace(/^\S+\.(cc|h|cpp):\d+\s+(\S+\([^)]*\)(\s+const)?\s+)?/, '').trim();
}

/**
 * onnxruntime graph rewrites that change results, disabled in every session. `MatMulScaleFusion` folds a
 * `Mul` or `Div` of a `MatMul` by a scalar constant into a `FusedMatMul` whose `alpha` attribute is a float32
 * even in a float64 graph, so `W - 0.1·(xᵀ·g)` computed with 0.1 rounded to float32 (-0.0800000011920929 for
 * -0.08). In float32 graphs it saves one elementwise pass at most. `NoopElimination` removes `x + 0`, which
 * the lowering of a float sum adds on purpose: it turns a sum of negative zeros (-0 in onnxruntime) into
 * numpy's +0.
 */
export const DISABLED_ORT_OPTIMIZERS: readonly string[] = ['MatMulScaleFusion', 'NoopElimination'];

/**
 * The value of onnxruntime's session config `optimization.disable_specified_optimizers` for `names`: a list
 * separated by semicolons (onnxruntime splits it on ';'; with ',' a list of two named no rewrite it knows,
 * so none was disabled).
 */
export const disabledOptimizersConfig = (names: readonly string[]): string => names.join(';');

/**
 * Size of the buffer {@link keepFreedMemoryOnHeap} allocates and drops: just under glibc's 32 MiB ceiling
 * for its dynamic mmap threshold on 64-bit systems.
 */
const HEAP_BALLAST_BYTES: number = 31 * 1024 * 1024;

let heapKept = false;

/**
 * Once per process, on Linux: allocates and drops one {@link HEAP_BALLAST_BYTES} ArrayBuffer, so that
 * glibc's malloc keeps freed memory on its heap instead of returning it to the kernel after every few calls.
 *
 * Why: onnxruntime-node copies every output of every run into a new JS ArrayBuffer (even where the caller
 * passes preallocated outputs), so a training step allocates its updated weights afresh each call (the MLP
 * step's 784×256 float64 W1: 1.6 MB). V8 frees dead ArrayBuffers in batches after a collection; the batch
 * coalesces at the top of glibc's heap, exceeds its trim threshold (by default twice the largest block
 * freed so far, here 3.2 MB) and is returned to the kernel, so the next ten or so calls fault every page of
 * their new buffers in again: 392 page faults and 4-5 ms a call on the 2-vCPU benchmark VM, where the
 * step itself takes 1 ms. A freed mmapped block larger than the current mmap threshold (and at most 32 MiB)
 * makes glibc raise that threshold to its size and the trim threshold to twice it, which this one
 * allocation does: from then on buffers up to 31 MB come from the heap and at most 62 MB of freed memory
 * is kept there for reuse. Measured on the raw exported MLP step (1000 calls, one intra-op thread): calls
 * that faulted their pages in fell from 67-82 to 2-13, the mean call from 2.0-2.2 ms to 1.7 ms. The buffer
 * itself costs nothing (calloc maps zero pages lazily, and they are never touched); it is freed by V8's
 * next collection. Done when the first session is created; not on other systems (macOS, Windows). With
 * another C library (musl) it is harmless and has no effect.
 */
export function keepFreedMemoryOnHeap(): void {
  if (heapKept || process.platform !== 'linux') return;
  heapKept = true;
  void new ArrayBuffer(HEAP_BALLAST_BYTES);
}

/**
 * A session for `bytes`, or an Error that says which provider is missing or why the model was refused.
 * `nodes`: the model's node count; a large model gets session options that keep its creation and first run
 * in proportion to its size (see `LARGE_MODEL_NODES`, `UNOPTIMIZED_MODEL_NODES`).
 */
export async function createSession(
  bytes: Uint8Array,
  settings: SessionSettings,
  where: string,
  nodes = 0,
): Promise<ort.InferenceSession> {
  const providers = settings.executionProviders;
  const wantsCuda = providers?.some((p) => /cuda/i.test(p)) ?? false;
  if (wantsCuda && !cudaProviderInstalled()) throw new Error(cudaUnavailableMessage(where));
  keepFreedMemoryOnHeap();
  try {
    return await ort.InferenceSession.create(bytes, {
      ...(providers ? { executionProviders: [...providers] } : {}),
      intraOpNumThreads: settings.intraOpNumThreads ?? DEFAULT_INTRA_OP_THREADS,
      // a large model has no memory pattern: onnxruntime traces one on the first run, 12 µs a node (a
      // 13,000-node gradient's first run: 160 ms with it, 40 ms without; later runs the same)
      ...(nodes >= LARGE_MODEL_NODES ? { enableMemPattern: false } : {}),
      // and from UNOPTIMIZED_MODEL_NODES none of onnxruntime's graph rewrites: several of them grow with the
      // square of the graph (a 13,000-node gradient: 0.56 s of CPU to create the session without, 2.5 s with)
      ...(nodes >= UNOPTIMIZED_MODEL_NODES ? { graphOptimizationLevel: 'disabled' as const } : {}),
      // Failures come back as errors; by default onnxruntime prints nothing of its own to stderr.
      logSeverityLevel: ORT_LOG_LEVELS.indexOf(settings.logLevel ?? 'fatal') as 0 | 1 | 2 | 3 | 4,
      extra: { optimization: { disable_specified_optimizers: disabledOptimizersConfig(DISABLED_ORT_OPTIMIZERS) } },
    });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (wantsCuda && /cuda|providers_shared|backend not found/i.test(msg)) {
      throw new Error(cudaUnavailableMessage(where));
    }
    if (providers?.length && /backend not found|ExecutionProvider|adapter/i.test(msg)) {
      throw new Error(
        `onnx: ${where}: the execution provider(s) ${providers.map((p) => `'${p}'`).join(', ')} could not be started ` +
          `by this onnxruntime-node install (${cleanOrtMessage(msg)}); onnxruntime-node offers ` +
          `${ort
            .listSupportedBackends()
            .map((b) => b.name)
            .join(', ')}`,
      );
    }
    throw new Error(
      `onnx: ${where}: internal error: onnxruntime refused the model built for this graph: ${cleanOrtMessage(msg)}`,
    );
  }
}

/** Whether two lists of shapes are equal (false when `b` is null). */
export function sameShapes(a: readonly (readonly number[])[], b: readonly (readonly number[])[] | null): boolean {
  if (b === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.length !== y.length) return false;
    for (let d = 0; d < x.length; d++) if (x[d] !== y[d]) return false;
  }
  return true;
}

/**
 * The sessions of a large model where `sizedSessionPays`, made when a call needs them: on the first call, one
 * for that call's input sizes (`bytesForShapes`: created in time proportional to the model), used by every
 * call with the same sizes; once a call has other sizes, or onnxruntime refused the first one (sizes its
 * shape inference rejects), one for any sizes, the model as built, which also reports such errors as it
 * would on its own. A function called with one set of sizes, as a training step is, never makes the second.
 */
export class LargeModelSessions {
  readonly #built: BuiltModel;
  readonly #settings: SessionSettings;
  readonly #where: string;
  #first: {
    readonly shapes: readonly (readonly number[])[];
    readonly session: Promise<ort.InferenceSession | null>;
  } | null = null;
  #any: Promise<ort.InferenceSession> | null = null;
  #released = false;

  constructor(built: BuiltModel, settings: SessionSettings, where: string) {
    this.#built = built;
    this.#settings = settings;
    this.#where = where;
  }

  /** The session for a call whose inputs have these shapes (in `fgraph.inputs` order). */
  async sessionFor(shapes: readonly (readonly number[])[]): Promise<ort.InferenceSession> {
    if (this.#released) throw new Error(`onnx: ${this.#where}: internal error: its sessions were released`);
    const nodes = this.#built.model.graph!.node.length;
    if (this.#first === null && this.#any === null) {
      const sized = shapes.map((s) => [...s]);
      const bytes = bytesForShapes(this.#built, sized);
      this.#first = {
        shapes: sized,
        session: createSession(bytes, this.#settings, this.#where, nodes).catch(() => null),
      };
    }
    if (this.#first !== null && sameShapes(shapes, this.#first.shapes)) {
      const session = await this.#first.session;
      if (session) return session;
    }
    this.#any ??= createSession(this.#built.bytes, this.#settings, this.#where, nodes);
    return this.#any;
  }

  /** Releases the sessions made and being made (each once it exists). */
  async release(): Promise<void> {
    this.#released = true;
    const made = [this.#first?.session, this.#any];
    this.#first = null;
    this.#any = null;
    await Promise.all(
      made.map(async (p) => {
        const session = await p?.catch(() => null);
        await session?.release();
      }),
    );
  }
}

/** The node at `path` (indices from the outer graph into Map inner graphs). */
export function nodeAt(fgraph: FunctionGraph, path: readonly number[]): Apply | null {
  let g: FunctionGraph = fgraph;
  let node: Apply | null = null;
  for (const k of path) {
    if (!g) return null;
    node = g.nodes[k] ?? null;
    if (!node) return null;
    g = MAP.match(node)?.inner as FunctionGraph;
  }
  return node;
}

/** onnxruntime failures that mean the same as a reference-backend error, which is then raised instead. */
const SAME_AS_REFERENCE: readonly { op: string; test: RegExp; message: string }[] = [
  {
    op: 'max',
    test: /empty set/,
    message: 'Max: zero-size array to reduction operation maximum which has no identity',
  },
  {
    op: 'min',
    test: /empty set/,
    message: 'Min: zero-size array to reduction operation minimum which has no identity',
  },
];

/** A run-time onnxruntime failure, reported with the theano-ts op whose ONNX node failed. */
export function runError(e: unknown, built: BuiltModel, fgraph: FunctionGraph, where: string): Error {
  const msg = e instanceof Error ? e.message : String(e);
  const nodeName = /Name:'([^']*)'/.exec(msg)?.[1];
  const label = nodeName?.split('|')[0];
  const origin = label ? built.origins.get(label) : undefined;
  const node = origin ? nodeAt(fgraph, origin.path) : null;
  const detail = cleanOrtMessage(msg);
  const same = node && SAME_AS_REFERENCE.find((t) => t.op === node.op.kind && t.test.test(detail));
  if (same) return new Error(same.message);
  if (node) {
    const at = origin!.path.length > 1 ? `node ${origin!.path.join('/')} (inside Map)` : `node ${origin!.path[0]}`;
    const ins = node.inputs.map((v) => `${v} (${v.type})`).join(', ');
    return new Error(`onnx: ${where}: ${node.op} (${at}, inputs ${ins}) failed at run time: ${detail}`);
  }
  return new Error(`onnx: ${where}: onnxruntime failed to run the graph: ${detail}`);
}
