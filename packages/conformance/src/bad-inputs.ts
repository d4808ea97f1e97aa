/**
 * The bad-input catalogue: calls a user gets wrong (wrong arity, rank, shape, dtype, garbage values, huge
 * sizes, bad options, updates and givens, disposed functions, axes, indices, reshapes, conv/pool options,
 * scan arguments), each with the error class it must raise and a pattern its message must match: the
 * pattern names the culprit (the function or op, and the argument). `runBadInput` runs one case on a
 * backend and also checks that no shared variable changed: every function a case compiles updates a
 * watched shared variable, and the shared variables a case makes are compared with their values before.
 */
import type { Backend, SharedVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import type { BadInputCase, BadInputContext } from './bad-input-case.js';
import { API_CASES } from './bad-inputs-api.js';
import { VALUE_CASES } from './bad-inputs-values.js';

export type { BadInputCase, BadInputContext, BadInputErrorClass } from './bad-input-case.js';

/** Every case of the catalogue. */
export const BAD_INPUT_CASES: readonly BadInputCase[] = [...VALUE_CASES, ...API_CASES];

/** How one case went on one backend. */
export interface BadInputResult {
  /** The case's id. */
  readonly id: string;
  /** Null when the case passed; else what went wrong (no error, the wrong class or message, a changed variable). */
  readonly failure: string | null;
}

function snapshot(v: SharedVariable): string {
  const a = v.getValue();
  return `${a.dtype}${JSON.stringify(a.shape)}:${Array.from(a.data as ArrayLike<number | bigint>, String).join(',')}`;
}

/** Runs one case on `backend`: it must throw its class with its message, and change no shared variable. */
export async function runBadInput(c: BadInputCase, backend: Backend): Promise<BadInputResult> {
  const watched: [SharedVariable, string][] = [];
  const watch = (v: SharedVariable): SharedVariable => {
    watched.push([v, snapshot(v)]);
    return v;
  };
  const resnapshot = (): void => {
    for (const w of watched) w[1] = snapshot(w[0]);
  };
  const savedFloatX = theano.config.floatX;
  const savedBackend = theano.config.backend;
  const ctx: BadInputContext = {
    backend,
    caseId: c.id,
    resnapshot,
    shared: (value, name) => watch(theano.shared(value, name)),
    fn: (inputs, outputs, opts = {}) => {
      let updates = opts.updates;
      if (updates === undefined) {
        const w = watch(theano.shared([1, 2, 3], 'watched'));
        updates = [[w, w.add(1)]];
      }
      return theano.function(inputs, outputs, { name: c.id, ...opts, updates, backend: opts.backend ?? backend });
    },
  };
  let thrown: unknown = null;
  let threw = false;
  try {
    await c.run(ctx);
  } catch (e) {
    threw = true;
    thrown = e;
  } finally {
    theano.config.floatX = savedFloatX;
    theano.config.backend = savedBackend;
  }
  const fail = (why: string): BadInputResult => ({ id: c.id, failure: why });
  if (!threw) return fail('no error was raised');
  if (!(thrown instanceof Error)) return fail(`threw a non-Error: ${String(thrown)}`);
  const cls = thrown.constructor.name;
  if (cls !== c.error) return fail(`expected a ${c.error}, got ${cls}: ${thrown.message}`);
  if (!c.message.test(thrown.message)) return fail(`the message does not match ${c.message}: ${thrown.message}`);
  for (const [v, before] of watched) {
    const after = snapshot(v);
    if (after !== before) return fail(`shared variable ${v} changed from ${before} to ${after}`);
  }
  return { id: c.id, failure: null };
}
