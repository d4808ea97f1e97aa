// theano.shared: values held between calls, getValue/setValue copies and checks, and updates written after
// the outputs, all or nothing.

import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

describe('theano.shared(value, name?)', () => {
  it('takes its type from the value, and an optional name', () => {
    const s = theano.shared(
      theano.array([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(String(s.type)).toBe('TensorType(float64, matrix)');
    expect(s.name).toBeNull();
    const n = theano.shared(theano.array([1, 2], 'int32'), 'counts');
    expect(n.name).toBe('counts');
    expect(String(n)).toBe('counts');
    expect(String(n.type)).toBe('TensorType(int32, vector)');
    expect(theano.shared(3).ndim).toBe(0);
    expect(theano.shared(new Float32Array([1, 2])).dtype).toBe('float32');
    expect(s instanceof theano.SharedVariable).toBe(true);
    expect(s instanceof theano.TensorVariable).toBe(true);
  });

  it('copies the initial value', () => {
    const v = theano.array([1, 2]);
    const s = theano.shared(v);
    v.data[0] = 100;
    expect(s.getValue().toArray()).toEqual([1, 2]);
  });

  it('getValue() returns a copy: mutating it changes nothing', () => {
    const s = theano.shared(theano.array([1, 2]), 's');
    const got = s.getValue();
    got.data[0] = 42;
    expect(s.getValue().toArray()).toEqual([1, 2]);
    expect(s.getValue()).not.toBe(s.getValue());
  });

  it('setValue(v) stores a copy, converted to the dtype; a function sees the new value', async () => {
    const s = theano.shared(
      theano.array([
        [1, 2],
        [3, 4],
      ]),
      's',
    );
    const f = theano.function([], s.pow(2));
    expect((await f()).toArray()).toEqual([
      [1, 4],
      [9, 16],
    ]);
    const nv = theano.array([
      [3, 4],
      [2, 1],
    ]);
    s.setValue(nv);
    nv.data[0] = -1;
    expect(s.getValue().toArray()).toEqual([
      [3, 4],
      [2, 1],
    ]);
    expect((await f()).toArray()).toEqual([
      [9, 16],
      [4, 1],
    ]);
    // a safe cast is accepted; the shape may change (no broadcastable dimension says otherwise)
    s.setValue(new theano.NDArray(new Float32Array([1, 2, 3]), [1, 3]));
    expect(s.getValue().dtype).toBe('float64');
    expect(s.getValue().shape).toEqual([1, 3]);
  });

  it('setValue checks rank and dtype', () => {
    const s = theano.shared(theano.array([1, 2]), 'w');
    expect(() => s.setValue([[1, 2]])).toThrow(
      /theano\.shared "w": setValue expects TensorType\(float64, vector\) \(1 dimension\), got an array of 2 dimensions with shape \(1, 2\)/,
    );
    const i = theano.shared(theano.array([1, 2], 'int32'), 'counts');
    expect(() => i.setValue([1.5, 2])).toThrow(
      /theano\.shared "counts": setValue expects int32 values, but 1\.5 is not an integer/,
    );
    expect(() => i.setValue(new Float64Array([1, 2]))).toThrow(
      /theano\.shared "counts": setValue expects TensorType\(int32, vector\), but got float64 data.*cast it first \(\.astype\('int32'\)\)/,
    );
    // setValue offers no allowInputDowncast (that option belongs to theano.function)
    expect(() => i.setValue(new Float64Array([1, 2]))).not.toThrow(/allowInputDowncast/);
    const f = theano.shared(theano.array([1, 2], 'float32'), 'f');
    expect(() => f.setValue(theano.array([0.1, 0.2]))).toThrow(
      /setValue expects TensorType\(float32, vector\), but got float64 data/,
    );
    // plain JS numbers are fine for a float shared variable
    f.setValue([0.1, 0.2]);
    expect(f.getValue().dtype).toBe('float32');
    // failed setValue calls changed nothing
    expect(s.getValue().toArray()).toEqual([1, 2]);
    expect(i.getValue().toArray()).toEqual([1, 2]);
  });
});

describe('updates', () => {
  it('are applied after the outputs are computed (the seed example)', async () => {
    const sharedVar = theano.shared(
      theano.array([
        [1, 2],
        [3, 4],
      ]),
    );
    const subtract = T.matrix('subtract');
    const f = theano.function([subtract], sharedVar, { updates: [[sharedVar, sharedVar.sub(subtract)]] });
    const r = await f([
      [1, 1],
      [1, 1],
    ]);
    expect(r.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(sharedVar.getValue().toArray()).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('all read the old values (a swap works)', () => {
    const a = theano.shared(theano.array([1, 2]), 'a');
    const b = theano.shared(theano.array([3, 4]), 'b');
    const swap = theano.function([], [], {
      updates: [
        [a, b],
        [b, a],
      ],
    });
    swap.callSync();
    expect(a.getValue().toArray()).toEqual([3, 4]);
    expect(b.getValue().toArray()).toEqual([1, 2]);
  });

  it('may be given as a Map', async () => {
    const count = theano.shared(theano.array(0, 'int64'), 'count');
    const inc = T.lscalar('inc');
    const f = theano.function([inc], count, { updates: new Map([[count, count.add(inc)]]) });
    expect((await f(2)).item()).toBe(0);
    expect((await f(3)).item()).toBe(2);
    expect(count.getValue().item()).toBe(5);
    expect(count.getValue().dtype).toBe('int64');
  });

  it('a function with updates and no outputs returns an empty list', () => {
    const s = theano.shared(theano.array([1]), 's');
    const f = theano.function([], [], { updates: [[s, s.add(1)]] });
    expect(f.callSync()).toEqual([]);
    expect(s.getValue().toArray()).toEqual([2]);
  });

  it('an update from a JS value', () => {
    const s = theano.shared(theano.array([1, 2]), 's');
    theano.function([], [], { updates: [[s, [7, 8]]] }).callSync();
    expect(s.getValue().toArray()).toEqual([7, 8]);
  });

  it('the new value does not alias an argument', () => {
    const s = theano.shared(theano.array([1, 2]), 's');
    const x = T.dvector('x');
    const f = theano.function([x], [], { updates: [[s, x]] });
    const arg = new Float64Array([5, 6]);
    f.callSync(arg);
    arg[0] = -1;
    expect(s.getValue().toArray()).toEqual([5, 6]);
    const nd = theano.array([7, 8]);
    f.callSync(nd);
    nd.data[0] = -1;
    expect(s.getValue().toArray()).toEqual([7, 8]);
  });
});

describe('shared variables as outputs', () => {
  it('are returned as copies: mutating the result changes nothing', async () => {
    const s = theano.shared(theano.array([1, 2]), 's');
    const f = theano.function([], s);
    const r = await f();
    r.data[0] = 99;
    expect(s.getValue().toArray()).toEqual([1, 2]);
    const g = theano.function([], [s, s.T, s.reshape([2, 1])]);
    for (const out of g.callSync()) out.data[0] = 99;
    expect(s.getValue().toArray()).toEqual([1, 2]);
    // also when the same shared variable is updated by the call
    const h = theano.function([], s, { updates: [[s, s.mul(10)]] });
    const old = h.callSync();
    expect(old.toArray()).toEqual([1, 2]);
    old.data[1] = 0;
    expect(s.getValue().toArray()).toEqual([10, 20]);
  });

  it('an update to the same value keeps the variable independent of the output', () => {
    const s = theano.shared(theano.array([1, 2]), 's');
    const f = theano.function([], s, { updates: [[s, s]] });
    const r = f.callSync();
    r.data[0] = 77;
    expect(s.getValue().toArray()).toEqual([1, 2]);
  });
});

describe('a call that throws changes no shared variable', () => {
  it('a run-time shape error in the second update leaves both shared variables as they were', async () => {
    const a = theano.shared(theano.array([1, 2]), 'a');
    const b = theano.shared(theano.array([10, 20]), 'b');
    const x = T.dvector('x');
    const f = theano.function([x], a.sum(), {
      updates: [
        [a, a.add(1)],
        [b, b.add(x)],
      ],
    });
    expect(() => f.callSync([1, 2, 3])).toThrow(/add.*\(2,\).*\(3,\)/);
    expect(a.getValue().toArray()).toEqual([1, 2]);
    expect(b.getValue().toArray()).toEqual([10, 20]);
    await expect(f([1, 2, 3])).rejects.toThrow(/\(2,\).*\(3,\)/);
    expect(a.getValue().toArray()).toEqual([1, 2]);
    expect(b.getValue().toArray()).toEqual([10, 20]);
    // a good call then applies both
    expect(f.callSync([1, 1]).item()).toBe(3);
    expect(a.getValue().toArray()).toEqual([2, 3]);
    expect(b.getValue().toArray()).toEqual([11, 21]);
  });

  it('an argument conversion error changes nothing', async () => {
    const s = theano.shared(theano.array([1, 2], 'int32'), 's');
    const t = theano.shared(theano.array([0.5]), 't');
    const i = T.ivector('i');
    const f = theano.function([i], s, {
      updates: [
        [s, s.add(i)],
        [t, t.mul(2)],
      ],
    });
    expect(() => f.callSync([1.5, 1])).toThrow(/input 0 \("i"\)/);
    await expect(f(new Float64Array([1, 1]))).rejects.toThrow(/input 0 \("i"\)/);
    expect(() => f.callSync([[1, 1]])).toThrow(/input 0 \("i"\)/);
    expect(() => f.callSync([1, 1], [2])).toThrow(/takes 1 argument/);
    expect(() => f.callSync()).toThrow(/missing argument/);
    expect(s.getValue().toArray()).toEqual([1, 2]);
    expect(t.getValue().toArray()).toEqual([0.5]);
    f.callSync([1, 1]);
    expect(s.getValue().toArray()).toEqual([2, 3]);
    expect(t.getValue().toArray()).toEqual([1]);
  });

  it('a run-time error in an output (not an update) changes nothing', () => {
    const s = theano.shared(theano.array([1, 2]), 's');
    const m = T.dmatrix('m');
    const n = T.dmatrix('n');
    const f = theano.function([m, n], m.dot(n), { updates: [[s, s.add(1)]] });
    expect(() => f.callSync([[1, 2, 3]], [[1, 2]])).toThrow(/dot/);
    expect(s.getValue().toArray()).toEqual([1, 2]);
  });
});

describe('SharedVariable.dispose', () => {
  it('runs the release hooks backends registered, keeps the value, and works with Symbol.dispose', () => {
    const s = theano.shared(theano.array([1, 2]), 's');
    let released = 0;
    const off = s.container.onRelease(() => {
      released++;
    });
    s.dispose();
    expect(released).toBe(1);
    expect(s.getValue().toArray()).toEqual([1, 2]);
    const sym = (Symbol as { dispose?: symbol }).dispose!;
    (s as unknown as Record<symbol, () => void>)[sym]!();
    expect(released).toBe(2);
    off();
    s.dispose();
    expect(released).toBe(2);
  });
});
