// Backends that exist only for the tests: derived from ref, with a capability removed or results altered,
// to show that the matrix reports capabilities as unsupported and catches wrong values and gradients.
import { type Backend, type Executable, fromFloat64, isFloatDType, type NDArray, ref } from 'theano-ts';

/**
 * ref without `dot` and without complex dtypes, declared through its capabilities only (no
 * `unsupportedReason`: core's `capabilityReason` reads `capabilities.ops` and `capabilities.dtypes`).
 */
export const noDot: Backend = {
  ...ref,
  name: 'fake',
  capabilities: {
    ...ref.capabilities,
    ops: ref.capabilities.ops.filter((o) => o !== 'dot'),
    dtypes: ref.capabilities.dtypes.filter((d) => !d.startsWith('complex')),
  },
  unsupportedReason: undefined,
};

/** ref's kernels behind capabilities that claim everything (ref's own complex restrictions dropped). */
export const overclaim: Backend = {
  ...ref,
  name: 'overclaim',
  capabilities: { ...ref.capabilities, opDTypes: undefined },
};

function shifted(a: NDArray, by: number): NDArray {
  if (!isFloatDType(a.dtype)) return a;
  return fromFloat64(
    Array.from(a.toFloat64(), (v) => v + by),
    a.shape,
    a.dtype,
  );
}

/** ref, but the functions `affected(name)` selects return every float output shifted by `by`. */
export function liar(name: string, by: number, affected: (fname: string | undefined) => boolean): Backend {
  const wrap = (e: Executable, on: boolean): Executable => {
    const fix = (outs: NDArray[]) => (on ? outs.map((o) => shifted(o, by)) : outs);
    return { run: async (ins) => fix(await e.run(ins)), runSync: (ins) => fix(e.runSync!(ins)) };
  };
  return {
    name,
    capabilities: ref.capabilities,
    compileSync: (fg, opts) => wrap(ref.compileSync!(fg, opts), affected(opts.name)),
    compile: async (fg, opts) => wrap(await ref.compile(fg, opts), affected(opts.name)),
  };
}
