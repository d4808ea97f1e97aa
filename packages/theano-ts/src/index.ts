/**
 * theano-ts: Theano in TypeScript. `import * as theano from 'theano-ts'` gives the whole core API with
 * the reference backend registered (and the default): `theano.function`, `theano.shared`, `theano.tensor`
 * (also exported as `T`), `theano.gradient`, `theano.printing`, `theano.pp`, `theano.config`.
 *
 * @module theano-ts
 * @document ../README.md
 */
import '@theano-ts/backend-ref';
import {
  compileFunction,
  Mode as ModeClass,
  type ModeOptions,
  makeIn,
  Out as OutClass,
  type OutOptions,
  T,
  type TensorModule,
  type TensorVariable,
} from '@theano-ts/core';

export { type CodegenMode, codegenEnabled, ref, setCodegen } from '@theano-ts/backend-ref';
export * from '@theano-ts/core';

/** `theano.tensor`: type constructors and tensor functions (also exported as `T`). */
export const tensor: TensorModule = T;

/** `theano.In(variable, { value, name })`: an input with a default value. */
export const In = makeIn;

export { compileFunction as function };

/**
 * `theano.Out(variable, { borrow: true })`: an output that may share storage with a shared variable, an
 * argument or another output (Theano's `Out(variable, borrow=True)`); callable with or without `new`.
 */
export const Out: {
  /** `theano.Out(variable, opts)`: a new `Out`. */
  (variable: TensorVariable, opts?: OutOptions): OutClass;
  /** `new theano.Out(variable, opts)`: the same. */
  new (variable: TensorVariable, opts?: OutOptions): OutClass;
  /** The class's prototype: `instanceof theano.Out` holds for every `Out`. */
  prototype: OutClass;
} = Object.assign(
  function Out(variable: TensorVariable, opts?: OutOptions) {
    return new OutClass(variable, opts);
  },
  { prototype: OutClass.prototype },
) as unknown as {
  (variable: TensorVariable, opts?: OutOptions): OutClass;
  new (variable: TensorVariable, opts?: OutOptions): OutClass;
  prototype: OutClass;
};

/** `theano.Mode({ optimizer, excluding, including })`, callable with or without `new`. */
export const Mode: {
  /** `theano.Mode(opts)`: a new `Mode`. */
  (opts?: ModeOptions): ModeClass;
  /** `new theano.Mode(opts)`: the same. */
  new (opts?: ModeOptions): ModeClass;
  /** The class's prototype: `instanceof theano.Mode` holds for every `Mode`. */
  prototype: ModeClass;
} = Object.assign(
  function Mode(opts?: ModeOptions) {
    return new ModeClass(opts);
  },
  { prototype: ModeClass.prototype },
) as unknown as { (opts?: ModeOptions): ModeClass; new (opts?: ModeOptions): ModeClass; prototype: ModeClass };
