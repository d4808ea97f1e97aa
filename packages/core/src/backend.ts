/**
 * The execution interface. A backend receives a whole `FunctionGraph` (inputs: the function's explicit
 * inputs, then the shared variables it reads; outputs: the function's outputs, then the new values of its
 * updated shared variables) and returns an `Executable`. Backends declare what they can run; the
 * conformance matrix reads those declarations, so an unsupported case carries its reason.
 */
import type { DType } from './dtype.js';
import type { Apply } from './graph/apply.js';
import type { FunctionGraph } from './graph/fgraph.js';
import type { SharedVariable } from './graph/variable.js';
import type { NDArray } from './ndarray.js';

/**
 * How a backend's numbers may differ from core's scalar implementations, stated by the backend and checked
 * by the conformance suite's special-values cases (absent: exactly core's values, bit for bit).
 */
export interface BackendNumerics {
  /**
   * Float results of these elementwise ops may differ by up to this many ulps of the output dtype (one
   * bound, or one per dtype).
   */
  readonly ulps?: Readonly<Partial<Record<string, number | Readonly<Partial<Record<DType, number>>>>>>;
  /** Subnormal float values may be read and written as zeros of the same sign (GPUs flush them). */
  readonly flushesSubnormals?: boolean;
  /** Integer dtypes held exactly only up to this magnitude (WebGL keeps int32 in float32: 2^24). */
  readonly exactIntegers?: Readonly<Partial<Record<DType, number>>>;
  /** Further deviations, each a sentence for the matrix and the docs. */
  readonly notes?: readonly string[];
}

/** What a backend can run. */
export interface BackendCapabilities {
  /** The dtypes it computes in. */
  readonly dtypes: readonly DType[];
  /** The primitive names it has kernels for (`'add'`, `'dot'`, `'sum'`, …). */
  readonly ops: readonly string[];
  /** Whether `compileSync` / `runSync` are available (`f.callSync`, `v.evalSync`). */
  readonly sync: boolean;
  /** Where its numbers may differ from core's scalar implementations (absent: they never do). */
  readonly numerics?: BackendNumerics;
  /** Why a dtype outside `dtypes` is not run (for the error and the matrix), e.g. "onnxruntime has no complex128 kernels". */
  readonly dtypeReason?: (dtype: DType) => string;
  /**
   * Ops it runs when a graph holds them but that the optimizer should not introduce for it (ONNX runs a
   * `composite` fused for another backend, but onnxruntime fuses elementwise chains itself).
   */
  readonly notIntroduced?: readonly string[];
  /** Ops that run only some of `dtypes`: per op, the dtypes of its inputs and outputs it runs, and why not others. */
  readonly opDTypes?: Readonly<Record<string, OpDTypes>>;
  /**
   * Whether every array `run` returns has storage of its own: shared with no input, no constant, no other
   * result and nothing the backend keeps (onnx: onnxruntime-node copies every output into a new buffer).
   * A function then skips its check that no result aliases its arguments, shared values or constants, which
   * otherwise compares every result's storage with theirs on every call.
   */
  readonly freshOutputs?: boolean;
}

/** The dtypes one op runs on a backend, and why not the others. */
export interface OpDTypes {
  /** The dtypes the op runs on. */
  readonly dtypes: readonly DType[];
  /** Why it runs no others (shown where a graph needs one). */
  readonly reason: string;
}

/** Options a backend receives with a graph to compile. */
export interface BackendCompileOptions {
  /** The function's name, for error messages. */
  readonly name?: string;
  /** Backend-specific options given to `theano.function` (`{ backendOptions }`). */
  readonly backendOptions?: Readonly<Record<string, unknown>>;
  /**
   * The updates, as `[index in fgraph.outputs, shared variable]` pairs: that output is the variable's new
   * value. A backend that keeps shared variables on a device uses it to leave those values there.
   */
  readonly updates?: readonly (readonly [number, SharedVariable])[];
}

/** A compiled graph, ready to run. */
export interface Executable {
  /** Computes the graph's outputs from its inputs (in `fgraph.inputs` order). Never mutates the inputs. */
  run(inputs: readonly NDArray[]): Promise<NDArray[]>;
  /** The same, synchronously, where the backend can. */
  runSync?(inputs: readonly NDArray[]): NDArray[];
  /** `runSync`, reporting each node's time in seconds (for `{ profile: true }`). */
  runProfiled?(inputs: readonly NDArray[], onNode: (node: Apply, seconds: number) => void): NDArray[];
  /** Frees what the executable holds (device memory, sessions). */
  dispose?(): void;
}

/** A backend: compiles function graphs into executables. */
export interface Backend {
  /** The name functions choose it by (`{ backend: 'ref' }`). */
  readonly name: string;
  /** What it can run. */
  readonly capabilities: BackendCapabilities;
  /**
   * Why this node cannot run here for a reason the capabilities cannot state (one that depends on more than
   * the op and its dtypes), or null. Checked after the capabilities.
   */
  unsupportedReason?(node: Apply): string | null;
  /** Compiles a graph. */
  compile(fgraph: FunctionGraph, options: BackendCompileOptions): Promise<Executable>;
  /** Compiles a graph synchronously (backends with `capabilities.sync`). */
  compileSync?(fgraph: FunctionGraph, options: BackendCompileOptions): Executable;
}

/** Raised when a graph holds an op or dtype its backend cannot run. */
export class UnsupportedError extends Error {
  /** The error's name, `'UnsupportedError'`. */
  override name = 'UnsupportedError';
}

const registry = new Map<string, Backend>();

/** Makes a backend available by name (backends call this when imported). */
export function registerBackend(backend: Backend): void {
  registry.set(backend.name, backend);
}

/** The backends registered so far, by name. */
export function listBackends(): string[] {
  return [...registry.keys()];
}

/** The backend with this name, or the backend object itself; a clear error for an unknown name. */
export function getBackend(nameOrBackend: string | Backend): Backend {
  if (typeof nameOrBackend !== 'string') {
    const why = notABackend(nameOrBackend);
    if (why) {
      const known = listBackends();
      throw new TypeError(
        `backend: expected the name of a registered backend (${known.length ? known.map((k) => `'${k}'`).join(', ') : 'none registered'}) ` +
          `or a Backend object (name, capabilities, compile), got ${why}`,
      );
    }
    return nameOrBackend;
  }
  const b = registry.get(nameOrBackend);
  if (!b) {
    const known = listBackends();
    throw new Error(
      `Unknown backend ${JSON.stringify(nameOrBackend)}: registered backends are ${known.length ? known.map((k) => `'${k}'`).join(', ') : 'none'}` +
        unknownBackendHint(nameOrBackend, known),
    );
  }
  return b;
}

/** The project's backends that register themselves when their package is imported, and where they run. */
const INSTALLABLE: Readonly<Record<string, string>> = {
  onnx: "import '@theano-ts/backend-onnx' to register it (Node, through onnxruntime-node)",
  webgl:
    "the webgl backend runs in a browser, on a WebGL2 context: import '@theano-ts/backend-webgl' in code bundled " +
    'for a page; Node has no WebGL context (this project tests it in headless Chromium)',
};

/** Levenshtein distance of two short strings. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** What to do about an unknown backend name: register a project backend, or the closest known name. */
function unknownBackendHint(name: string, registered: readonly string[]): string {
  const lower = name.toLowerCase();
  const direct = INSTALLABLE[lower];
  if (direct && !registered.includes(lower)) return `; ${direct}`;
  const names = [...new Set([...registered, ...Object.keys(INSTALLABLE)])];
  const near = names
    .map((n) => [n, distance(lower, n)] as const)
    .filter(([, d]) => d <= 2)
    .sort((x, y) => x[1] - y[1])[0]?.[0];
  const others = Object.keys(INSTALLABLE).filter((n) => !registered.includes(n));
  return (
    (near && near !== name ? `; did you mean '${near}'?` : '') +
    (others.length
      ? ` (the project's other backends: ${others.map((n) => `'${n}' (@theano-ts/backend-${n})`).join(', ')})`
      : '')
  );
}

/** What is wrong with a value given as a Backend object, or null when it has a backend's shape. */
function notABackend(b: unknown): string | null {
  // a backend may be a callable object too (webgl's `webgl` is both the backend and its factory)
  const callable = typeof b === 'function';
  if (b === null || (typeof b !== 'object' && !callable)) return b === null ? 'null' : `${typeof b} ${String(b)}`;
  const what = callable ? 'a function' : 'an object';
  const o = b as Partial<Backend>;
  if (typeof o.name !== 'string') return `${what} without a string name`;
  if (typeof o.compile !== 'function') return `${what} (name '${o.name}') without a compile method`;
  if (!o.capabilities || !Array.isArray(o.capabilities.ops) || !Array.isArray(o.capabilities.dtypes)) {
    return `${what} (name '${o.name}') without capabilities.ops and capabilities.dtypes arrays`;
  }
  return null;
}

/**
 * Why `backend` cannot run `node`, or null: from its declared capabilities (the op, the dtypes, the op's
 * dtypes), then its own `unsupportedReason` for what the capabilities cannot state.
 */
export function capabilityReason(backend: Backend, node: Apply): string | null {
  const caps = backend.capabilities;
  const b = backend.name;
  if (!caps.ops.includes(node.op.kind)) return `${b}: op ${node.op} has no kernel`;
  const limited = caps.opDTypes?.[node.op.kind];
  for (const v of [...node.inputs, ...node.outputs]) {
    if (!caps.dtypes.includes(v.dtype)) {
      const why = caps.dtypeReason ? `: ${caps.dtypeReason(v.dtype)}` : '';
      return `${b}: ${node.op} on ${v.dtype} (${v}) is not supported${why}; the ${b} backend runs ${caps.dtypes.join(', ')}`;
    }
    if (limited && !limited.dtypes.includes(v.dtype)) {
      return `${b}: ${node.op} on ${v.dtype} (${v}) is not supported: ${limited.reason}`;
    }
  }
  return backend.unsupportedReason ? backend.unsupportedReason(node) : null;
}

/** The first reason the backend cannot run this graph (walking inner graphs too), or null. */
export function graphUnsupportedReason(backend: Backend, fgraph: FunctionGraph): string | null {
  for (const node of fgraph.nodes) {
    const r = capabilityReason(backend, node);
    if (r) return r;
    const inner = (node.op.params as { inner?: FunctionGraph }).inner;
    if (inner) {
      const ri = graphUnsupportedReason(backend, inner);
      if (ri) return ri;
    }
  }
  for (const v of [...fgraph.inputs, ...fgraph.outputs]) {
    if (!backend.capabilities.dtypes.includes(v.dtype)) {
      return `${backend.name}: dtype ${v.dtype} is not supported (${v}); the ${backend.name} backend runs ${backend.capabilities.dtypes.join(', ')}`;
    }
  }
  return null;
}
