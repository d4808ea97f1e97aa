/**
 * The tensor module's shape and joining (squeeze, expandDims, concatenate, stack, split, tile, repeat, roll, flip, ...): the functions of `theano.tensor` and the methods of variables for this family.
 * `tensor/index.ts` spreads `SHAPE_FUNCTIONS` into `T` (snake_case aliases are added there).
 */
import { installMethods } from './install.js';

/** The family's functions of `theano.tensor`. */
export const SHAPE_FUNCTIONS = {} as const;

/** The family's methods of variables. */
abstract class ShapeMethods {
  // methods: `name(this: TensorVariable, ...): TensorVariable { ... }`
}

declare module '../graph/variable.js' {
  interface TensorVariable extends Pick<ShapeMethods, keyof ShapeMethods> {}
}

installMethods(ShapeMethods);
