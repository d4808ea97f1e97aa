/**
 * Elementwise ops: the reference backend runs core's definition of each op (`performElemwise` over the
 * op's scalar entry), so there is no second copy of their semantics here. This module only names them.
 */
import { SCALAR_OPS as DEFS, type DType, type NDArray, performElemwise, type ScalarOpName } from '@theano-ts/core';

/** The names of the elementwise ops the reference backend implements: every primitive and extended one. */
export type ElemwiseName = ScalarOpName;

/** All elementwise op names, in a stable order. */
export const ELEMWISE_NAMES: readonly ElemwiseName[] = Object.keys(DEFS) as ElemwiseName[];

/**
 * Applies the elementwise op `name` to `inputs` (all of the same rank; size-1 dimensions broadcast) and
 * returns a new array of dtype `outDtype`, exactly as core defines the op.
 */
export function elemwise(name: ElemwiseName, inputs: readonly NDArray[], outDtype: DType): NDArray {
  const def = DEFS[name];
  if (!def) throw new Error(`Elemwise: unknown op ${JSON.stringify(name)}`);
  return performElemwise(def.spec, inputs, outDtype);
}

/** The elementwise ops with a complex form (the backend's capability check reads this list too). */
export const COMPLEX_ELEMWISE: ReadonlySet<ElemwiseName> = new Set(
  ELEMWISE_NAMES.filter((n) => DEFS[n].spec.impl.complex !== undefined),
);
