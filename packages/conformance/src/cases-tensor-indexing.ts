/** Conformance cases of the tensor module's indexing family (`tensor.indexing.*`): values from numpy or worked by hand. */
import { type TensorCase, type TensorCaseSpec, tensorCase } from './tensor-case.js';

const SPECS: TensorCaseSpec[] = [];

/** The indexing family's cases. */
export const TENSOR_INDEXING_CASES: readonly TensorCase[] = SPECS.flatMap(tensorCase);
