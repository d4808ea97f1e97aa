// Core knows no backend by name: the graph a backend receives depends only on the graph, the mode and the
// backend's declared capabilities, not on which other backends happen to be imported. Constant folding
// evaluates with core's own implementations; DebugMode names its reference backend.

import {
  type Backend,
  compileFunction,
  DTYPES,
  debugprint,
  EXTENDED_OPS,
  type FunctionGraph,
  listBackends,
  Mode,
  PRIMITIVES,
  registerBackend,
  T,
} from '@theano-ts/core';
import { describe, expect, it } from 'vitest';

/** A backend that runs nothing: it records the printed graphs it is asked to compile. */
function recorder(name: string, ops: readonly string[]): Backend & { seen: string[] } {
  const seen: string[] = [];
  const compileSync = (fg: FunctionGraph) => {
    seen.push(debugprint(fg.outputs, { file: 'str' }));
    return {
      runSync: () => [],
      run: async () => [],
    };
  };
  return {
    name,
    seen,
    capabilities: { dtypes: DTYPES, ops, sync: true },
    compileSync,
    compile: async (fg: FunctionGraph) => compileSync(fg),
  };
}

/** A few graphs that the optimizer folds, fuses, stabilizes and expands. */
function compileAll(backend: string): void {
  const x = T.dvector('x');
  const m = T.dmatrix('m');
  compileFunction([x], T.exp(T.mul(2, 3)).add(x), { backend });
  compileFunction([x], T.log(T.add(1, T.exp(x))).mul(T.sum(x)), { backend });
  compileFunction([m], T.nnet.softmax(m).mul(T.cast(T.shapeI(m, 0), 'float64')), { backend });
  compileFunction([x], T.sqr(x.sub(T.sqrt(4))).add(T.log1p(x)), { backend });
  // [[1, 2], [3, 4]] · [1, 1] = [3, 7], and Σ [3, 7] = 10: folded by core's perform of dot and sum
  const c = T.dot(
    T.constant([
      [1, 2],
      [3, 4],
    ]),
    T.constant([1, 1]),
  );
  compileFunction([x], x.add(T.sum(c)).mul(c.get(1)), { backend });
}

describe('core knows no backend by name', () => {
  it('the graphs a backend receives are the same before and after backend-ref is imported', async () => {
    expect(listBackends()).not.toContain('ref');
    const all = recorder('rec-all', [...Object.keys(PRIMITIVES), ...Object.keys(EXTENDED_OPS)]);
    const few = recorder('rec-primitives', Object.keys(PRIMITIVES));
    registerBackend(all);
    registerBackend(few);
    compileAll('rec-all');
    compileAll('rec-primitives');
    const before = [...all.seen, ...few.seen];

    await import('@theano-ts/backend-ref');
    expect(listBackends()).toContain('ref');
    all.seen.length = 0;
    few.seen.length = 0;
    compileAll('rec-all');
    compileAll('rec-primitives');
    expect([...all.seen, ...few.seen]).toEqual(before);

    // folded by core alone: exp(2·3) is a constant (e^6), not a fused node of constants
    expect(before[0]).not.toMatch(/exp|Composite/);
    expect(before[0]).toMatch(/TensorConstant{\(1,\) of 403\.4288}/);
    // capabilities decide: softmax stays whole where declared, and is expanded where not
    expect(before[2]).toMatch(/Softmax/);
    expect(before[7]).not.toMatch(/Softmax/);
    // dot, sum and subtensor of constants folded: x + 10 then · 7
    expect(before[4]).not.toMatch(/dot|Sum|Subtensor/);
    expect(before[4]).toMatch(/TensorConstant\{\(1,\) of 10\}/);
    expect(before[4]).toMatch(/TensorConstant\{\(1,\) of 7\}/);
  });

  it('DebugMode says which reference it needs, or uses the one it is given', () => {
    const x = T.dvector('x');
    const fresh = new Mode({ check: 'debug', reference: 'no-such-backend' });
    expect(() => compileFunction([x], x.mul(2), { backend: 'rec-all', mode: fresh })).toThrow(
      /Unknown backend "no-such-backend"/,
    );
  });
});
