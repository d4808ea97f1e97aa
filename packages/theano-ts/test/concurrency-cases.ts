// The cases of issue 12's points 1 and 2, run on one backend (ref here in theano-ts, onnx in backend-onnx):
// calls of compiled functions are ordered with respect to the shared variables they touch (as if they ran
// one after another in issue order), setValue/getValue keep that order, pure calls overlap, and results never
// share storage with shared variables, arguments or each other unless borrowed.

import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

/** The byte ranges of two arrays overlap (they share storage). */
function sharesStorage(a: theano.NDArray, b: theano.NDArray): boolean {
  const x = a.data;
  const y = b.data;
  return (
    x.buffer === y.buffer && x.byteOffset < y.byteOffset + y.byteLength && y.byteOffset < x.byteOffset + x.byteLength
  );
}

/** Registers the concurrency and aliasing cases for `backend`. */
export function concurrencyCases(backend: string): void {
  describe(`concurrent calls on ${backend}`, () => {
    it('1000 concurrent increments give exactly 1000, each call seeing the value before it', async () => {
      const w = theano.shared(0, 'w');
      const inc = theano.function([], w, { backend, updates: [[w, w.add(1)]] });
      const results = await Promise.all(Array.from({ length: 1000 }, () => inc()));
      expect(w.getValue().item()).toBe(1000);
      // call k (0-based) ran k-th: it read k and wrote k + 1
      expect(results.map((r) => r.item())).toEqual(Array.from({ length: 1000 }, (_, k) => k));
    });

    it('two functions updating one variable interleave in issue order', async () => {
      const w = theano.shared(1, 'w');
      const addOne = theano.function([], w.add(1), { backend, updates: [[w, w.add(1)]], name: 'addOne' });
      const double = theano.function([], w.mul(2), { backend, updates: [[w, w.mul(2)]], name: 'double' });
      // 1 → +1 → ×2 → +1 → +1 → ×2 → ×2 → +1: 2, 4, 5, 6, 12, 24, 25
      const order = [addOne, double, addOne, addOne, double, double, addOne];
      const results = await Promise.all(order.map((f) => f()));
      expect(results.map((r) => r.item())).toEqual([2, 4, 5, 6, 12, 24, 25]);
      expect(w.getValue().item()).toBe(25);
    });

    it('300 interleaved calls of three functions on two variables equal running them one by one', async () => {
      const a = theano.shared(3, 'a');
      const b = theano.shared(5, 'b');
      // f: a ← (a + 1) mod 1000; g: b ← (2b) mod 1000; h: a ← (a + b) mod 1000, b ← (b + 7) mod 1000
      const f = theano.function([], a, { backend, updates: [[a, a.add(1).mod(1000)]] });
      const g = theano.function([], b, { backend, updates: [[b, b.mul(2).mod(1000)]] });
      const h = theano.function([], [a, b], {
        backend,
        updates: [
          [a, a.add(b).mod(1000)],
          [b, b.add(7).mod(1000)],
        ],
      });
      let seed = 12345;
      const next = () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed % 3;
      };
      const picks = Array.from({ length: 300 }, next);
      // the same sequence by hand, one call after another
      let ea = 3;
      let eb = 5;
      for (const p of picks) {
        if (p === 0) ea = (ea + 1) % 1000;
        else if (p === 1) eb = (eb * 2) % 1000;
        else [ea, eb] = [(ea + eb) % 1000, (eb + 7) % 1000];
      }
      await Promise.all(picks.map((p) => (p === 0 ? f() : p === 1 ? g() : h())));
      expect([a.getValue().item(), b.getValue().item()]).toEqual([ea, eb]);
    });

    it('setValue issued between in-flight calls is neither lost nor overwritten', async () => {
      const w = theano.shared(0, 'w');
      const inc = theano.function([], w, { backend, updates: [[w, w.add(1)]] });
      const first = [inc(), inc()];
      w.setValue(10);
      // the value set is known at once, though the calls before it have not written yet
      expect(w.getValue().item()).toBe(10);
      const later = [inc(), inc()];
      const results = await Promise.all([...first, ...later]);
      // 0 → 1 → 2, set 10, → 11 → 12
      expect(results.map((r) => r.item())).toEqual([0, 1, 10, 11]);
      expect(w.getValue().item()).toBe(12);
    });

    it('getValue while an earlier update is in flight throws; getValueAsync waits for it', async () => {
      const w = theano.shared(0, 'w');
      const inc = theano.function([], w, { backend, updates: [[w, w.add(1)]], name: 'inc' });
      const p = inc();
      expect(() => w.getValue()).toThrow(/getValue of shared variable w: theano function "inc".*await/);
      const seen = w.getValueAsync();
      const q = inc();
      // getValueAsync sees the first call's write and not the second's, issued after it
      expect((await seen).item()).toBe(1);
      await Promise.all([p, q]);
      expect(w.getValue().item()).toBe(2);
    });

    it('a call that throws changes no shared variable and does not block later calls', async () => {
      const w = theano.shared(0, 'w');
      const x = T.dvector('x');
      const y = T.dvector('y');
      const inc = theano.function([], w, { backend, updates: [[w, w.add(1)]] });
      // a dot of vectors of different lengths fails while running, not while converting the arguments
      const bad = theano.function([x, y], w, { backend, updates: [[w, w.add(x.dot(y))]] });
      const calls = [inc(), bad([1, 2], [1, 2, 3]), inc(), bad([1], [2, 3]), inc()];
      const settled = await Promise.allSettled(calls);
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
      expect(settled.map((s) => (s.status === 'fulfilled' ? s.value.item() : null))).toEqual([0, null, 1, null, 2]);
      expect(w.getValue().item()).toBe(3);
      // a bad argument (rejected before the call takes its place) does not block either
      const afterBadArgs = [bad('not an array' as never, [1]), inc()];
      const s2 = await Promise.allSettled(afterBadArgs);
      expect(s2.map((s) => s.status)).toEqual(['rejected', 'fulfilled']);
      expect(w.getValue().item()).toBe(4);
      // and the failing function works with good arguments: 4 + 1·2 + 2·3 = 12
      await bad([1, 2], [2, 3]);
      expect(w.getValue().item()).toBe(12);
    });

    it('pure calls (no shared variable) all run concurrently and resolve with their own values', async () => {
      const x = T.dvector('x');
      const f = theano.function([x], x.mul(x).sum(), { backend });
      const results = await Promise.all(Array.from({ length: 200 }, (_, k) => f([k, 1])));
      // k² + 1
      expect(results.map((r) => r.item())).toEqual(Array.from({ length: 200 }, (_, k) => k * k + 1));
    });

    it('readers issued between writers see the value of the writes issued before them', async () => {
      const w = theano.shared(1, 'w');
      const double = theano.function([], [], { backend, updates: [[w, w.mul(2)]] });
      const read = theano.function([], w.add(0), { backend });
      const calls = [read(), double(), read(), read(), double(), read()];
      const results = await Promise.all(calls);
      expect([0, 2, 3, 5].map((k) => (results[k] as theano.NDArray).item())).toEqual([1, 2, 2, 4]);
      expect(w.getValue().item()).toBe(4);
    });
  });

  describe(`results do not alias storage on ${backend}`, () => {
    it('an output that is the same expression as an update is not the variable’s storage', async () => {
      const w = theano.shared(theano.array([1, 2]), 'w');
      const step = theano.function([], w.add(1), { backend, updates: [[w, w.add(1)]] });
      const r = await step();
      expect(r.toArray()).toEqual([2, 3]);
      expect(sharesStorage(r, w.getValue({ borrow: true }))).toBe(false);
      r.data[0] = 100;
      expect(w.getValue().toArray()).toEqual([2, 3]);
      expect((await step()).toArray()).toEqual([3, 4]);
    });

    it('an output equal to an input, or a view of it, is not the input’s buffer', async () => {
      const x = T.dmatrix('x');
      const f = theano.function([x], [x, x.reshape([4]), x.T], { backend });
      const a = theano.array([
        [1, 2],
        [3, 4],
      ]);
      const [same, flat, tr] = await f(a);
      for (const r of [same!, flat!, tr!]) expect(sharesStorage(r, a)).toBe(false);
      same!.data[0] = -1;
      flat!.data[1] = -1;
      expect(a.toArray()).toEqual([
        [1, 2],
        [3, 4],
      ]);
      expect(tr!.toArray()).toEqual([
        [1, 3],
        [2, 4],
      ]);
    });

    it('an output that is a shared variable read (no update) is a copy of its value', async () => {
      const w = theano.shared(theano.array([5, 6]), 'w');
      const get = theano.function([], w, { backend });
      const r = await get();
      r.data[0] = 0;
      expect(w.getValue().toArray()).toEqual([5, 6]);
    });

    it('two outputs of one expression are two arrays', async () => {
      const x = T.dvector('x');
      const y = x.mul(3);
      const f = theano.function([x], [y, y], { backend });
      const [p, q] = await f([1, 2]);
      expect(sharesStorage(p!, q!)).toBe(false);
      p!.data[0] = 0;
      expect(q!.toArray()).toEqual([3, 6]);
    });

    it('a constant output is a fresh array on every call', async () => {
      const f = theano.function([], T.constant(theano.array([7, 8])).mul(1), { backend });
      const r = await f();
      r.data[0] = 0;
      expect((await f()).toArray()).toEqual([7, 8]);
    });

    it('an update to the value of an argument does not keep the argument’s buffer', async () => {
      const x = T.dvector('x');
      const w = theano.shared(theano.array([0, 0]), 'w');
      const store = theano.function([x], [], { backend, updates: [[w, x]] });
      const a = theano.array([1, 2]);
      await store(a);
      a.data[0] = 99;
      expect(w.getValue().toArray()).toEqual([1, 2]);
    });

    it('theano.Out(v, { borrow: true }) returns the right values (storage may be shared)', async () => {
      const x = T.dvector('x');
      const f = theano.function([x], [theano.Out(x, { borrow: true }), x.add(1)], { backend });
      const a = theano.array([1, 2]);
      const [b, c] = await f(a);
      expect(b!.toArray()).toEqual([1, 2]);
      expect(c!.toArray()).toEqual([2, 3]);
    });
  });
}
