/**
 * The tensor module's elementwise functions beyond the seed's (trigonometric, special functions, clip, switch, bitwise, complex parts): the functions of `theano.tensor` and the methods of variables for this family.
 * `tensor/index.ts` spreads `ELEMWISE_FUNCTIONS` into `T` (snake_case aliases are added there).
 */
import { installMethods } from './install.js';

/** The family's functions of `theano.tensor`. */
export const ELEMWISE_FUNCTIONS = {} as const;

/** The family's methods of variables. */
abstract class ElemwiseMethods {
  // methods: `name(this: TensorVariable, ...): TensorVariable { ... }`
}

declare module '../graph/variable.js' {
  interface TensorVariable extends Pick<ElemwiseMethods, keyof ElemwiseMethods> {}
}

installMethods(ElemwiseMethods);
