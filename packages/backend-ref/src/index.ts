/**
 * `@theano-ts/backend-ref`: the reference backend. Pure TypeScript, every op, float64-exact, synchronous: the
 * executable specification every other backend is checked against. Registered as `'ref'` on import.
 *
 * @module \@theano-ts/backend-ref
 * @document ../README.md
 */
import {
  type Backend,
  type BackendCapabilities,
  type BackendCompileOptions,
  DTYPES,
  EXTENDED_OPS,
  type Executable,
  type FunctionGraph,
  PRIMITIVES,
  registerBackend,
} from '@theano-ts/core';
import { runGraph } from './interpreter.js';
import { COMPLEX_ELEMWISE } from './kernels/elemwise.js';

export { type CodegenMode, codegenEnabled, setCodegen } from './codegen.js';
export { KERNELS, type Kernel, runGraph } from './interpreter.js';
export * as kernels from './kernels/index.js';
export {
  type MatmulWasmMode,
  matmulWasmAvailable,
  matmulWasmMode,
  setMatmulWasm,
} from './kernels/matmul-wasm.js';

/** Ops that accept complex inputs on this backend: the elementwise ones with a complex path, and these. */
const COMPLEX_OPS: ReadonlySet<string> = new Set([
  ...COMPLEX_ELEMWISE,
  'cast',
  'sum',
  'dot',
  'dimshuffle',
  'reshape',
  'shape',
  'shape_i',
  'subtensor',
  'inc_subtensor',
  'advanced_subtensor',
  'advanced_inc_subtensor',
  'nonzero',
  'map',
  'assert_same_shape',
  'if_else',
]);

const OPS = [...Object.keys(PRIMITIVES), ...Object.keys(EXTENDED_OPS), 'print'];
const REAL = DTYPES.filter((d) => d !== 'complex64' && d !== 'complex128');

const capabilities: BackendCapabilities = {
  dtypes: DTYPES,
  ops: OPS,
  sync: true,
  // complex values only where an op has a complex form
  opDTypes: Object.fromEntries(
    OPS.filter((op) => !COMPLEX_OPS.has(op)).map((op) => [
      op,
      {
        dtypes: REAL,
        reason: `the reference backend has no complex form of it (complex values: ${[...COMPLEX_OPS].slice(0, 10).join(', ')}, …)`,
      },
    ]),
  ),
};

/** The reference backend. */
export const ref: Backend = {
  name: 'ref',
  capabilities,
  compileSync(fgraph: FunctionGraph, options: BackendCompileOptions = {}): Executable {
    const keys = Object.keys(options.backendOptions ?? {});
    if (keys.length > 0) {
      throw new TypeError(
        `ref: theano function "${options.name ?? 'anonymous'}": unknown backendOptions ${keys.map((k) => JSON.stringify(k)).join(', ')} ` +
          '(the reference backend takes no options)',
      );
    }
    return {
      runSync: (inputs) => runGraph(fgraph, inputs),
      runProfiled: (inputs, onNode) => runGraph(fgraph, inputs, onNode),
      run: async (inputs) => runGraph(fgraph, inputs),
    };
  },
  async compile(fgraph: FunctionGraph, options: BackendCompileOptions): Promise<Executable> {
    return this.compileSync!(fgraph, options);
  },
};

registerBackend(ref);
