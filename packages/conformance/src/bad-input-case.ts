/**
 * What a bad-input case is (the catalogue is in `bad-inputs-values.ts` and `bad-inputs-api.ts`, run by
 * `bad-inputs.ts`): a call that must throw a given error class with a message naming the culprit.
 */
import type {
  ArrayLikeValue,
  Backend,
  FunctionOptions,
  In,
  NDArray,
  SharedVariable,
  TensorVariable,
  TheanoFunction,
} from '@theano-ts/core';

/**
 * The error classes a bad input raises (core has no ValueError: a wrong value found at run time is an Error;
 * `T.grad` raises Theano's DisconnectedInputError).
 */
export type BadInputErrorClass = 'TypeError' | 'RangeError' | 'Error' | 'DisconnectedInputError';

/** What a case runs with. */
export interface BadInputContext {
  /** The backend every function of the case is compiled on. */
  readonly backend: Backend;
  /** The case's id (its functions' name, so messages can name it). */
  readonly caseId: string;
  /** `theano.shared(value, name)`, watched: the case fails if its value changes. */
  shared(value: ArrayLikeValue, name: string): SharedVariable;
  /**
   * `theano.function` on the case's backend, named after the case; unless `opts.updates` is given it also
   * updates a watched shared variable (w ← w + 1), so a call that throws must leave it unchanged.
   */
  fn(
    inputs: readonly (TensorVariable | In)[],
    outputs: TensorVariable,
    opts?: FunctionOptions,
  ): TheanoFunction<NDArray>;
  /** Takes the watched variables' values again (after calls that were meant to succeed and update them). */
  resnapshot(): void;
}

/** One bad input. */
export interface BadInputCase {
  /** A stable identifier, `group.what`. */
  readonly id: string;
  /** The kind of mistake. */
  readonly group: string;
  /** The class of the error (its constructor's name, exactly). */
  readonly error: BadInputErrorClass;
  /** What the message must say: the culprit (function or op and argument), what was expected or given. */
  readonly message: RegExp;
  /** Makes the mistake (may return a promise); must throw. */
  run(ctx: BadInputContext): unknown;
}

/** A list of cases and the function adding one (`id` is `group.what`). */
export function caseList(): {
  cases: BadInputCase[];
  bad(id: string, error: BadInputErrorClass, message: RegExp, run: (ctx: BadInputContext) => unknown): void;
} {
  const cases: BadInputCase[] = [];
  return {
    cases,
    bad: (id, error, message, run) => {
      cases.push({ id, group: id.split('.')[0]!, error, message, run });
    },
  };
}

/** A nested array `depth` levels deep around one number (built without recursion). */
export function deepArray(depth: number): unknown {
  let a: unknown = 1;
  for (let i = 0; i < depth; i++) a = [a];
  return a;
}
