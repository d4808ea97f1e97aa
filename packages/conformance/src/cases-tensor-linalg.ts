/** Conformance cases of the tensor module's linalg family (`tensor.linalg.*`): values from numpy or worked by hand. */
import { type TensorCase, type TensorCaseSpec, tensorCase } from './tensor-case.js';

const SPECS: TensorCaseSpec[] = [];

/** The linalg family's cases. */
export const TENSOR_LINALG_CASES: readonly TensorCase[] = SPECS.flatMap(tensorCase);
