// Calls ordered with respect to shared variables, and results that alias nothing, on the reference backend
// (the same cases run on onnx in backend-onnx/test/concurrency.test.ts); then the ordering itself on a
// backend whose runs finish when the test says, so that what waits for what is observable; borrow; and the
// options theano.function accepts.

import type { Backend, Executable, FunctionGraph, NDArray } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { concurrencyCases } from './concurrency-cases.js';

const T = theano.tensor;

concurrencyCases('ref');

/** A backend running ref's executables, whose asynchronous runs each finish only when `release()` is called. */
function heldBackend(): { backend: Backend; started: string[]; release(name: string): void } {
  const started: string[] = [];
  const holds = new Map<string, (() => void)[]>();
  const backend: Backend = {
    name: 'held',
    capabilities: theano.ref.capabilities,
    compileSync(fg: FunctionGraph, opts): Executable {
      const inner = theano.ref.compileSync!(fg, opts);
      const name = opts.name ?? '?';
      return {
        runSync: (inputs) => inner.runSync!(inputs),
        run: async (inputs) => {
          started.push(name);
          const out = inner.runSync!(inputs);
          await new Promise<void>((resolve) => {
            holds.set(name, [...(holds.get(name) ?? []), resolve]);
          });
          return out;
        },
      };
    },
    async compile(fg, opts) {
      return this.compileSync!(fg, opts);
    },
  };
  const release = (name: string) => {
    const waiting = holds.get(name) ?? [];
    if (!waiting.length) throw new Error(`no run of ${name} is waiting`);
    waiting.shift()!();
  };
  return { backend, started, release };
}

/** Lets every pending promise reaction run. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('what waits for what (a backend whose runs finish on demand)', () => {
  it('a writer holds later accesses of its variable; pure calls and other variables go on', async () => {
    const { backend, started, release } = heldBackend();
    const w = theano.shared(0, 'w');
    const v = theano.shared(0, 'v');
    const x = T.dscalar('x');
    const incW = theano.function([], w, { backend, updates: [[w, w.add(1)]], name: 'incW' });
    const incV = theano.function([], v, { backend, updates: [[v, v.add(1)]], name: 'incV' });
    const readW = theano.function([], w.mul(1), { backend, name: 'readW' });
    const pure = theano.function([x], x.mul(2), { backend, name: 'pure' });

    const p1 = incW();
    const p2 = readW();
    const p3 = incW();
    const pv = incV();
    const pp = pure(21);
    await settle();
    // the second incW and the read wait for the first incW; incV and the pure call run meanwhile
    expect(started).toEqual(['incW', 'incV', 'pure']);
    release('pure');
    release('incV');
    expect((await pp).item()).toBe(42);
    expect((await pv).item()).toBe(0);
    expect(v.getValue().item()).toBe(1);
    expect(() => w.getValue()).toThrow(/theano function "incW"/);

    release('incW');
    expect((await p1).item()).toBe(0);
    await settle();
    // the read and the second increment both start; the increment does not write before the read has read
    expect(started).toEqual(['incW', 'incV', 'pure', 'readW', 'incW']);
    release('incW');
    expect((await p3).item()).toBe(1);
    release('readW');
    expect((await p2).item()).toBe(1);
    expect(w.getValue().item()).toBe(2);
  });

  it('callSync refuses to overtake a pending call on the same variable, and runs when there is none', async () => {
    const { backend, release } = heldBackend();
    const w = theano.shared(0, 'w');
    const inc = theano.function([], w, { backend, updates: [[w, w.add(1)]], name: 'inc' });
    const pending = inc();
    expect(() => inc.callSync()).toThrow(
      /theano function "inc": callSync cannot run now: theano function "inc", called before and not finished/,
    );
    const other = theano.shared(5, 'other');
    const readOther = theano.function([], other.add(0), { backend, name: 'readOther' });
    expect(readOther.callSync().item()).toBe(5);
    release('inc');
    await pending;
    expect(inc.callSync().item()).toBe(1);
    expect(w.getValue().item()).toBe(2);
  });

  it('a setValue queued behind a call is applied after it and before the calls issued after it', async () => {
    const { backend, release } = heldBackend();
    const w = theano.shared(1, 'w');
    const double = theano.function([], w, { backend, updates: [[w, w.mul(2)]], name: 'double' });
    const a = double();
    w.setValue(7);
    expect(w.getValue().item()).toBe(7); // the pending setValue is the last write issued before
    const b = double();
    expect(() => w.getValue()).toThrow(/theano function "double"/); // now a call is
    release('double');
    expect((await a).item()).toBe(1);
    await settle();
    release('double');
    expect((await b).item()).toBe(7);
    expect(w.getValue().item()).toBe(14);
  });
});

describe('borrow', () => {
  it('getValue() copies; getValue({ borrow: true }) is the stored array itself', () => {
    const w = theano.shared(theano.array([1, 2]), 'w');
    const copy = w.getValue();
    copy.data[0] = 50;
    expect(w.getValue().toArray()).toEqual([1, 2]);
    const own = w.getValue({ borrow: true });
    expect(w.getValue({ borrow: true })).toBe(own);
    own.data[0] = 50; // documented: mutating borrowed storage changes the variable
    expect(w.getValue().toArray()).toEqual([50, 2]);
  });

  it('setValue(v, { borrow: true }) stores an array of the right dtype as is; without borrow it copies', () => {
    const w = theano.shared(theano.array([1, 2]), 'w');
    const a = theano.array([3, 4]);
    w.setValue(a);
    a.data[0] = 0;
    expect(w.getValue().toArray()).toEqual([3, 4]);
    const b = theano.array([5, 6]);
    w.setValue(b, { borrow: true });
    expect(w.getValue({ borrow: true })).toBe(b);
    // a value that needs a conversion is converted (a new array) even when borrowed
    const i = theano.array([7, 8], 'int32');
    w.setValue(i, { borrow: true });
    expect(w.getValue({ borrow: true }).dtype).toBe('float64');
    expect(w.getValue().toArray()).toEqual([7, 8]);
  });

  it('on ref, a borrowed output that is an input is the argument itself; unborrowed it is a copy', async () => {
    const x = T.dvector('x');
    const a = theano.array([1, 2]);
    const borrowed = theano.function([x], theano.Out(x, { borrow: true }));
    expect(await borrowed(a)).toBe(a);
    const copied = theano.function([x], x);
    const r = await copied(a);
    expect(r).not.toBe(a);
    expect(r.toArray()).toEqual([1, 2]);
  });

  it('on ref, a borrowed output equal to an update is the variable’s new storage', async () => {
    const w = theano.shared(theano.array([1, 2]), 'w');
    const step = theano.function([], theano.Out(w.add(1), { borrow: true }), { updates: [[w, w.add(1)]] });
    const r: NDArray = await step();
    expect(r).toBe(w.getValue({ borrow: true }));
    expect(r.toArray()).toEqual([2, 3]);
  });

  it('theano.Out checks its arguments and works with or without new', () => {
    const x = T.dvector('x');
    expect(new theano.Out(x)).toBeInstanceOf(theano.Out);
    expect(theano.Out(x, { borrow: true }).borrow).toBe(true);
    expect(theano.Out(x).borrow).toBe(false);
    expect(() => theano.Out(3 as never)).toThrow(/theano.Out: the output must be a symbolic variable, got number/);
    expect(() => theano.Out(x, { borow: true } as never)).toThrow(
      /theano.Out\(x\): unknown option "borow" \(known: borrow\)/,
    );
    expect(() => theano.Out(x, { borrow: 1 } as never)).toThrow(/borrow must be a boolean, got number/);
  });
});

describe('theano.function options', () => {
  const x = T.dscalar('x');
  it('an unknown option is a TypeError naming it and listing the known ones', () => {
    expect(() => theano.function([x], x, { noDefaultUpdate: true } as never)).toThrow(TypeError);
    expect(() => theano.function([x], x, { noDefaultUpdate: true } as never)).toThrow(
      'theano.function: unknown option "noDefaultUpdate"; did you mean noDefaultUpdates? (known options: updates, givens, backend, mode, profile, allowInputDowncast, onUnusedInput, noDefaultUpdates, name, backendOptions)',
    );
    // Theano's snake_case spelling points to the camelCase one
    expect(() => theano.function([x], x, { allow_input_downcast: true } as never)).toThrow(
      /unknown option "allow_input_downcast"; did you mean allowInputDowncast\?/,
    );
    expect(() => theano.function([x], x, { fast: true } as never)).toThrow(
      /unknown option "fast" \(known options: updates, /,
    );
  });

  it('options must be an object', () => {
    expect(() => theano.function([x], x, 'FAST_RUN' as never)).toThrow(
      /theano.function: the options \(third argument\) must be an object, got string/,
    );
    expect(() => theano.function([x], x, null as never)).toThrow(/must be an object, got null/);
  });

  it('every known option is accepted (undefined too)', async () => {
    const w = theano.shared(1, 'w');
    const f = theano.function([x], x.add(w), {
      updates: [[w, w.add(1)]],
      givens: [],
      backend: 'ref',
      mode: 'FAST_COMPILE',
      profile: false,
      allowInputDowncast: false,
      onUnusedInput: 'raise',
      noDefaultUpdates: true,
      name: 'all',
      backendOptions: {},
    });
    expect((await f(2)).item()).toBe(3);
    expect((await theano.function([x], x, { mode: undefined, name: undefined })(4)).item()).toBe(4);
  });
});
