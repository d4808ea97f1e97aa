/** Conformance cases of the tensor module's elemwise family (`tensor.elemwise.*`): values from numpy or worked by hand. */
import { type TensorCase, type TensorCaseSpec, tensorCase } from './tensor-case.js';

const SPECS: TensorCaseSpec[] = [];

/** The elemwise family's cases. */
export const TENSOR_ELEMWISE_CASES: readonly TensorCase[] = SPECS.flatMap(tensorCase);
