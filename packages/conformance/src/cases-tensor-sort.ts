/** Conformance cases of the tensor module's sort family (`tensor.sort.*`): values from numpy or worked by hand. */
import { type TensorCase, type TensorCaseSpec, tensorCase } from './tensor-case.js';

const SPECS: TensorCaseSpec[] = [];

/** The sort family's cases. */
export const TENSOR_SORT_CASES: readonly TensorCase[] = SPECS.flatMap(tensorCase);
