/**
 * The tensor module's linear algebra (outer, tensordot, batchedDot, matmul, T.nlinalg, T.slinalg): the functions of `theano.tensor` and the methods of variables for this family.
 * `tensor/index.ts` spreads `LINALG_FUNCTIONS` into `T` (snake_case aliases are added there).
 */
import { installMethods } from './install.js';

/** The family's functions of `theano.tensor`. */
export const LINALG_FUNCTIONS = {} as const;

/** The family's methods of variables. */
abstract class LinalgMethods {
  // methods: `name(this: TensorVariable, ...): TensorVariable { ... }`
}

declare module '../graph/variable.js' {
  interface TensorVariable extends Pick<LinalgMethods, keyof LinalgMethods> {}
}

installMethods(LinalgMethods);
