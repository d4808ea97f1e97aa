/** Conformance cases of the tensor module's shape family (`tensor.shape.*`): values from numpy or worked by hand. */
import { type TensorCase, type TensorCaseSpec, tensorCase } from './tensor-case.js';

const SPECS: TensorCaseSpec[] = [];

/** The shape family's cases. */
export const TENSOR_SHAPE_CASES: readonly TensorCase[] = SPECS.flatMap(tensorCase);
