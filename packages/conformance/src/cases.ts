/**
 * The whole conformance suite as data: the seed tutorial's cases (`cases-seed.ts`) and the gradient checks
 * (`cases-grad.ts`), the optimizer's promises (`cases-optimizer.ts`) and every elementwise op on special values
 * (`cases-special.ts`), in one list with unique ids.
 */
import type { ConformanceCase } from './case.js';
import { CONTROL_CASES } from './cases-control.js';
import { GRAD_CASES } from './cases-grad.js';
import { GRADIENT_HELPER_CASES } from './cases-gradient-helpers.js';
import { NNET_CASES } from './cases-nnet.js';
import { NNET_CONV_CASES } from './cases-nnet-conv.js';
import { NNET_POOL_CASES } from './cases-nnet-pool.js';
import { OPTIMIZER_CASES } from './cases-optimizer.js';
import { RANDOM_CASES } from './cases-random.js';
import { SCAN_CASES } from './cases-scan.js';
import { SEED_CASES } from './cases-seed.js';
import { SPECIAL_CASES } from './cases-special.js';
import { TENSOR_CASES } from './cases-tensor.js';

export { CONTROL_CASES, CONTROL_SECTION } from './cases-control.js';
export { GRAD_CASES } from './cases-grad.js';
export { GRADIENT_HELPER_CASES } from './cases-gradient-helpers.js';
export { NNET_CASES, NNET_SECTION } from './cases-nnet.js';
export { NNET_CONV_CASES, NNET_CONV_GRAD_CASES } from './cases-nnet-conv.js';
export { NNET_POOL_CASES, NNET_POOL_SECTION } from './cases-nnet-pool.js';
export { OPTIMIZER_CASES, OPTIMIZER_SECTION } from './cases-optimizer.js';
export { RANDOM_CASES, RANDOM_SECTION } from './cases-random.js';
export { SCAN_CASES } from './cases-scan.js';
export { SEED_CASES } from './cases-seed.js';
export { SPECIAL_CASES, SPECIAL_SECTION, specialValues } from './cases-special.js';
export { TENSOR_CASES } from './cases-tensor.js';

/**
 * Every case: the seed's, then verifyGrad's, the optimizer's, the special values of every elementwise op, and
 * the tensor module's functions family by family.
 */
export const CASES: readonly ConformanceCase[] = [
  ...SEED_CASES,
  ...GRAD_CASES,
  ...OPTIMIZER_CASES,
  ...SPECIAL_CASES,
  ...TENSOR_CASES,
  ...CONTROL_CASES,
  ...NNET_CASES,
  ...SCAN_CASES,
  ...RANDOM_CASES,
  ...NNET_POOL_CASES,
  ...NNET_CONV_CASES,
  ...GRADIENT_HELPER_CASES,
];

const seen = new Set<string>();
for (const c of CASES) {
  if (seen.has(c.id)) throw new Error(`@theano-ts/conformance: two cases have the id ${c.id}`);
  seen.add(c.id);
}

/** The cases whose ids match `filter` (a substring, or a RegExp); all of them without one. */
export function selectCases(filter?: string | RegExp, cases: readonly ConformanceCase[] = CASES): ConformanceCase[] {
  if (filter === undefined) return [...cases];
  return cases.filter((c) => (typeof filter === 'string' ? c.id.includes(filter) : filter.test(c.id)));
}
