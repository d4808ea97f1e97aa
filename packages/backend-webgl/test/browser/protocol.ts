// What the test page reports back to node (as JSON in `window.__results`).
import type { CellResult } from '../../../conformance/src/runner.ts';

/** An array read back: dtype, shape and values (bool as 0/1, int64 as numbers). */
export interface ArrayJSON {
  dtype: string;
  shape: number[];
  values: number[];
}

/** A per-op case's outcome on webgl. */
export type OpResult =
  | { ok: true; sync: ArrayJSON[]; async: ArrayJSON[]; ops: string[] }
  | { ok: false; error: string };

/** tfjs memory counters at one moment. */
export interface MemorySnapshot {
  numTensors: number;
  numDataBuffers: number;
  numBytes: number;
  numBytesInGPU: number;
  /** Textures the webgl backend holds for live data (its texture manager's count). */
  usedTextures: number;
}

/** Everything the page measured. */
export interface PageResults {
  env: {
    tfBackend: string;
    glVersion: string;
    renderer: string;
    tfWebGLVersion: number;
    float32RenderTargets: boolean;
    backendAfterRuns: string;
    /** The ops the webgl backend declares. */
    capabilityOps: string[];
  };
  ops: Record<string, OpResult>;
  /** The bad-input catalogue (packages/conformance) on webgl (float64 downcast): each case's failure, null when it passed. */
  badInputs: { id: string; failure: string | null }[];
  /**
   * The conformance matrix's webgl column (every case; see conformance's float32-column.ts): the cases whose
   * graphs hold float64 ran again in float32 on webgl({ allowFloat64Downcast: true }) (`precision:
   * 'float32'`), their strict verdict in `strict`.
   */
  cells: CellResult[];
  leak: {
    runs: number;
    initial: MemorySnapshot;
    afterWarmup: MemorySnapshot;
    afterRuns: MemorySnapshot;
    afterDisposeAll: MemorySnapshot;
    finalW: ArrayJSON;
    finalB: ArrayJSON;
    lastCost: number;
    msPerCall: number;
  };
  /** Functions compiled, called and dropped without dispose(), then garbage-collected (`gc`, --expose-gc). */
  dropped: {
    gcAvailable: boolean;
    count: number;
    /** Σ_k of each function's result, Σ x·c with x = 1 and c = [k, k + 1, k + 2, k + 3]. */
    sum: number;
    before: MemorySnapshot;
    afterDrop: MemorySnapshot;
    afterGc: MemorySnapshot;
  };
  dispose: {
    before: MemorySnapshot;
    afterCall: MemorySnapshot;
    afterFunctionDispose: MemorySnapshot;
    afterReleaseShared: MemorySnapshot;
    valueAfterRelease: ArrayJSON;
    rerun: ArrayJSON;
  };
  updates: {
    before: MemorySnapshot;
    syncError: string;
    asyncError: string;
    afterErrors: { a: ArrayJSON; b: ArrayJSON };
    memoryAfterErrors: MemorySnapshot;
    afterSuccess: { a: ArrayJSON; b: ArrayJSON; out: ArrayJSON };
    sharedAcrossFunctions: ArrayJSON;
  };
  /** Who owns returned arrays (see page.ts `outputs`): each call's, after the caller overwrote an earlier call's. */
  outputs: {
    second: ArrayJSON[];
    third: ArrayJSON[];
    /** Whether the three calls' first outputs are three different buffers. */
    distinct: boolean;
    /** The shared variable's value after the calls. */
    shared: ArrayJSON;
  };
  /** Concurrent calls on shared variables (see page.ts `concurrency`). */
  concurrency: {
    /** What each of 1000 concurrent `inc()` calls returned, in issue order. */
    returned: number[];
    afterIncrements: number;
    /** addOne, double, setValue(10), addOne, double from 1. */
    interleaved: number[];
    interleavedFinal: number;
    afterMutation: number;
  };
  errors: {
    float64: string;
    float64Name: string;
    complex: string;
    complexName: string;
    int64Range: string;
    int64Exact: ArrayJSON;
    downcastValue: ArrayJSON;
  };
  /** The differential fuzzer on webgl (see fuzz-budget.ts): what it ran, and its shrunk failure if any. */
  fuzz: {
    graphs: number;
    compared: number;
    /** Per target, the graphs declared unsupported (reason → count). */
    skipped: Record<string, Record<string, number>>;
    seed: number;
    /** The report as text (the shrunk failure printed as code, when one failed). */
    report: string;
    failure: { message: string; code: string; baselineCode: string } | null;
  };
  /** console.warn lines printed while the page ran. */
  warnings: string[];
  /** Milliseconds the page took, by part. */
  timings: Record<string, number>;
}
