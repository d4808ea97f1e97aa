/**
 * The tensor module's reductions beyond sum/mean/max/min (prod, var, std, argmax, all, any, cumsum, ...): the functions of `theano.tensor` and the methods of variables for this family.
 * `tensor/index.ts` spreads `REDUCE_FUNCTIONS` into `T` (snake_case aliases are added there).
 */
import { installMethods } from './install.js';

/** The family's functions of `theano.tensor`. */
export const REDUCE_FUNCTIONS = {} as const;

/** The family's methods of variables. */
abstract class ReduceMethods {
  // methods: `name(this: TensorVariable, ...): TensorVariable { ... }`
}

declare module '../graph/variable.js' {
  interface TensorVariable extends Pick<ReduceMethods, keyof ReduceMethods> {}
}

installMethods(ReduceMethods);
