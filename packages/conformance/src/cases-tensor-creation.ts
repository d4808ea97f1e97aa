/** Conformance cases of the tensor module's creation family (`tensor.creation.*`): values from numpy or worked by hand. */
import { type TensorCase, type TensorCaseSpec, tensorCase } from './tensor-case.js';

const SPECS: TensorCaseSpec[] = [];

/** The creation family's cases. */
export const TENSOR_CREATION_CASES: readonly TensorCase[] = SPECS.flatMap(tensorCase);
