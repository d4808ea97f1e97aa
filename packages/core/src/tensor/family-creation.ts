/**
 * The tensor module's symbolic creation (zeros, ones, alloc, eye, arange, linspace, tri/tril/triu, diag): the functions of `theano.tensor` and the methods of variables for this family.
 * `tensor/index.ts` spreads `CREATION_FUNCTIONS` into `T` (snake_case aliases are added there).
 */
import { installMethods } from './install.js';

/** The family's functions of `theano.tensor`. */
export const CREATION_FUNCTIONS = {} as const;

/** The family's methods of variables. */
abstract class CreationMethods {
  // methods: `name(this: TensorVariable, ...): TensorVariable { ... }`
}

declare module '../graph/variable.js' {
  interface TensorVariable extends Pick<CreationMethods, keyof CreationMethods> {}
}

installMethods(CreationMethods);
