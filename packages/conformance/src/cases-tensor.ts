/** The tensor module's cases, family by family (`tensor.<family>.*`). */
import { TENSOR_CREATION_CASES } from './cases-tensor-creation.js';
import { TENSOR_ELEMWISE_CASES } from './cases-tensor-elemwise.js';
import { TENSOR_INDEXING_CASES } from './cases-tensor-indexing.js';
import { TENSOR_LINALG_CASES } from './cases-tensor-linalg.js';
import { TENSOR_METHOD_CASES } from './cases-tensor-methods.js';
import { TENSOR_REDUCE_CASES } from './cases-tensor-reduce.js';
import { TENSOR_SHAPE_CASES } from './cases-tensor-shape.js';
import { TENSOR_SORT_CASES } from './cases-tensor-sort.js';
import type { TensorCase } from './tensor-case.js';

/** Every case of the tensor module. */
export const TENSOR_CASES: readonly TensorCase[] = [
  ...TENSOR_ELEMWISE_CASES,
  ...TENSOR_CREATION_CASES,
  ...TENSOR_SHAPE_CASES,
  ...TENSOR_REDUCE_CASES,
  ...TENSOR_INDEXING_CASES,
  ...TENSOR_LINALG_CASES,
  ...TENSOR_SORT_CASES,
  ...TENSOR_METHOD_CASES,
];
