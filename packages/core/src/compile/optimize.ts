/**
 * Stage 2 of `theano.function` (see `function.ts`): resolves the compile mode and rewrites the unoptimized
 * graph that `build.ts` made into the `FunctionGraph` to compile, with the mode's rewrite selection and the
 * chosen backend's ops in view.
 */

import type { Backend } from '../backend.js';
import { config } from '../config.js';
import { FunctionGraph } from '../graph/fgraph.js';
import { rewriteGraph } from '../rewrite/index.js';
import type { BuiltGraph } from './build.js';
import { getMode, type Mode } from './mode.js';

/**
 * The mode a function compiles in: `mode` (a name or a `Mode`), or `theano.config.mode` when undefined. An
 * unknown mode throws a `TypeError` starting with `where`.
 */
export function resolveMode(mode: string | Mode | undefined, where: string): Mode {
  try {
    return getMode(mode ?? config.mode);
  } catch (e) {
    throw new TypeError(`${where}: ${(e as Error).message}`);
  }
}

/**
 * The optimized graph: `graph`'s inputs, and its outputs (then update values) rewritten by `mode`'s selection,
 * knowing which ops `backend` has kernels for (rewrites that would introduce an op it lacks are not applied).
 */
export function optimizeGraph(graph: BuiltGraph, mode: Mode, backend: Backend): FunctionGraph {
  const caps = backend.capabilities;
  const supports = (op: string) => caps.ops.includes(op) && !caps.notIntroduced?.includes(op);
  return new FunctionGraph(graph.graphInputs, rewriteGraph(graph.unoptimized, mode.selection(), { supports }));
}
