/** Conformance cases of the tensor module's reduce family (`tensor.reduce.*`): values from numpy or worked by hand. */
import { type TensorCase, type TensorCaseSpec, tensorCase } from './tensor-case.js';

const SPECS: TensorCaseSpec[] = [];

/** The reduce family's cases. */
export const TENSOR_REDUCE_CASES: readonly TensorCase[] = SPECS.flatMap(tensorCase);
