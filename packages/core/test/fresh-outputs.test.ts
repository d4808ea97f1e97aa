// A backend that declares `freshOutputs` promises that every array its runs return has storage of its own;
// a function then trusts that and skips its per-call check that no result aliases an argument (which
// otherwise copies such a result). Shown here with a backend that returns its input array as the result.
import {
  type Backend,
  compileFunction,
  DTYPES,
  type FunctionGraph,
  NDArray,
  registerBackend,
  T,
} from '@theano-ts/core';
import { describe, expect, it } from 'vitest';

/** A backend for identity graphs: its run returns the input arrays themselves as the results. */
function echo(name: string, freshOutputs: boolean): Backend {
  const compileSync = (fg: FunctionGraph) => {
    const at = fg.outputs.map((o) => fg.inputs.indexOf(o));
    const run = (inputs: readonly NDArray[]) => at.map((k) => inputs[k]!);
    return { runSync: run, run: async (inputs: readonly NDArray[]) => run(inputs) };
  };
  return {
    name,
    capabilities: { dtypes: DTYPES, ops: [], sync: true, freshOutputs },
    compileSync,
    compile: async (fg: FunctionGraph) => compileSync(fg),
  };
}

registerBackend(echo('echo', false));
registerBackend(echo('echo-fresh', true));

describe('freshOutputs', () => {
  it('without it, a result that is an argument is copied', async () => {
    const x = T.dvector('x');
    const f = compileFunction([x], x, { backend: 'echo' });
    const xv = new NDArray(Float64Array.from([1, 2, 3]), [3], 'float64');
    const out = (await f(xv)) as NDArray;
    expect(out.data).not.toBe(xv.data);
    expect(out.data.buffer === xv.data.buffer).toBe(false);
    expect(out.toArray()).toEqual([1, 2, 3]);
  });

  it('with it, the function trusts the backend and returns its array as it is', async () => {
    const x = T.dvector('x');
    const f = compileFunction([x], x, { backend: 'echo-fresh' });
    const xv = new NDArray(Float64Array.from([1, 2, 3]), [3], 'float64');
    const out = (await f(xv)) as NDArray;
    expect(out.data).toBe(xv.data);
  });
});
