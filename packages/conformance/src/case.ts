/**
 * What a conformance case is: data (an id, the seed section it comes from, a description, its main dtype)
 * and one `run(ctx)` that builds a fresh graph with the public API, compiles it on `ctx.backend`, calls it
 * and checks the results, throwing an Error that says what differed.
 */
import type { Backend, DType } from '@theano-ts/core';

/** What a case runs against. */
export interface CaseContext {
  /** The backend every function of the case is compiled on. */
  readonly backend: Backend;
  /** The id of the running case (compiled functions take it as their name, so messages are stable). */
  readonly caseId: string;
}

/** One conformance case. */
export interface ConformanceCase {
  /** A stable identifier, `family.name` (`seed.linear-mix.float32`, `verifyGrad.dot.mv`). */
  readonly id: string;
  /** The seed section the case comes from (`'theano 函数'`, `'grad'`), or `'verifyGrad'`. */
  readonly section: string;
  /** What the case checks, in one line. */
  readonly description: string;
  /** The case's main dtype: it picks the tolerance of numeric comparisons. */
  readonly dtype: DType;
  /** Builds, compiles, runs and checks; throws an Error on any mismatch. */
  run(ctx: CaseContext): Promise<void>;
}

/** The seed's sections, as the cases name them (in the seed's order). */
export const SECTIONS = {
  /** The opening part: symbolic scalars, `print`, `pp`, types. */
  basics: 'Theano 基础',
  /** `theano.function`, `eval`, `linear_mix`, `Param` defaults. */
  function: 'theano 函数',
  /** The seven kinds and the eight dtype prefixes, plural constructors. */
  types: '符号变量类型',
  /** `theano.shared`, `get_value` / `set_value`, updates. */
  shared: '共享变量',
  /** `T.grad`, `jacobian`, `hessian`, `Rop`, `Lop`. */
  grad: 'grad',
  /** Beyond the seed: the c/z (complex) dtypes of its prefix list, evaluated. */
  complex: 'complex',
  /** Beyond the seed: finite-difference gradient checks of every differentiable op. */
  verifyGrad: 'verifyGrad',
} as const;

/** The sections whose cases come straight from the seed tutorial. */
export const SEED_SECTIONS: readonly string[] = [
  SECTIONS.basics,
  SECTIONS.function,
  SECTIONS.types,
  SECTIONS.shared,
  SECTIONS.grad,
];
