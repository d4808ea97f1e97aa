/**
 * `@theano-ts/conformance`: every case of the seed tutorial and a `verifyGrad` check of every
 * differentiable op, as data; `runMatrix` runs them on backends, `formatMatrix` prints the case × backend
 * matrix, and `defineConformance(backend)` registers them as vitest tests (that entry imports vitest).
 *
 * @module \@theano-ts/conformance
 * @document ../README.md
 */

export {
  BAD_INPUT_CASES,
  type BadInputCase,
  type BadInputContext,
  type BadInputErrorClass,
  type BadInputResult,
  runBadInput,
} from './bad-inputs.js';
export { type CaseContext, type ConformanceCase, SECTIONS, SEED_SECTIONS } from './case.js';
export {
  CASES,
  GRAD_CASES,
  SEED_CASES,
  SPECIAL_CASES,
  SPECIAL_SECTION,
  selectCases,
  specialValues,
  TENSOR_CASES,
} from './cases.js';
export {
  ConformanceMismatch,
  call,
  compile,
  type Expected,
  evalOn,
  expectClose,
  expectEqual,
  expectPrinted,
  expectThrows,
  expectTrue,
  seededRandom,
  seedOf,
  toleranceFor,
  uniform,
  withConfigBackend,
} from './check.js';
export { type CliOutput, loadOptionalBackends, type MainOptions, main, OPTIONAL_BACKENDS } from './cli-main.js';
export { type DefineConformanceOptions, defineConformance } from './define.js';
export { defineBadInputs } from './define-bad-inputs.js';
export { countByBackend, formatMatrix, matrixToJSON } from './format.js';
export { type CellResult, type CellStatus, type RunOptions, runCase, runMatrix } from './runner.js';
export {
  type Check,
  runCheck,
  TENSOR_SECTION,
  type TensorCase,
  type TensorCaseSpec,
  tensorCase,
} from './tensor-case.js';
export {
  type CoverageRow,
  formatCoverage,
  hasName,
  TENSOR_NAMES,
  type TensorFamily,
  tensorCoverage,
  tensorModuleDoc,
} from './tensor-names.js';
