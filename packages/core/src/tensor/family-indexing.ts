/**
 * The tensor module's indexing (basic and advanced subtensors, setSubtensor/incSubtensor on views, nonzero, take): the functions of `theano.tensor` and the methods of variables for this family.
 * `tensor/index.ts` spreads `INDEXING_FUNCTIONS` into `T` (snake_case aliases are added there).
 */
import { installMethods } from './install.js';

/** The family's functions of `theano.tensor`. */
export const INDEXING_FUNCTIONS = {} as const;

/** The family's methods of variables. */
abstract class IndexingMethods {
  // methods: `name(this: TensorVariable, ...): TensorVariable { ... }`
}

declare module '../graph/variable.js' {
  interface TensorVariable extends Pick<IndexingMethods, keyof IndexingMethods> {}
}

installMethods(IndexingMethods);
