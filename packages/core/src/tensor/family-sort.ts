/**
 * The tensor module's sorting and counting (sort, argsort, topk, unique, bincount, searchsorted, toOneHot, fillDiagonal): the functions of `theano.tensor` and the methods of variables for this family.
 * `tensor/index.ts` spreads `SORT_FUNCTIONS` into `T` (snake_case aliases are added there).
 */
import { installMethods } from './install.js';

/** The family's functions of `theano.tensor`. */
export const SORT_FUNCTIONS = {} as const;

/** The family's methods of variables. */
abstract class SortMethods {
  // methods: `name(this: TensorVariable, ...): TensorVariable { ... }`
}

declare module '../graph/variable.js' {
  interface TensorVariable extends Pick<SortMethods, keyof SortMethods> {}
}

installMethods(SortMethods);
