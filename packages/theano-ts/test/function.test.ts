// theano.function: outputs, calling conventions, In/Param defaults, givens, modes, backends, eval, and the
// conversion of JS values, typed arrays and NDArrays into typed inputs (the error messages themselves are
// checked in errors.test.ts).

import * as theano from 'theano-ts';
import { afterEach, describe, expect, it, vi } from 'vitest';

const T = theano.tensor;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('outputs and calls', () => {
  it('one output gives one NDArray, a list gives a list', async () => {
    const x = T.dvector('x');
    const one = theano.function([x], x.mul(2));
    const r = await one([1, 2]);
    expect(r).toBeInstanceOf(theano.NDArray);
    expect(r.toArray()).toEqual([2, 4]);

    const many = theano.function([x], [x.mul(2), x.sum()]);
    const rs = await many([1, 2]);
    expect(Array.isArray(rs)).toBe(true);
    expect(rs).toHaveLength(2);
    expect(rs[0]!.toArray()).toEqual([2, 4]);
    expect(rs[1]!.item()).toBe(3);

    const single = theano.function([x], [x.sum()]);
    const rl = single.callSync([1, 2, 3]);
    expect(Array.isArray(rl)).toBe(true);
    expect(rl[0]!.item()).toBe(6);
  });

  it('f(...) returns a Promise; f.callSync(...) returns the value', async () => {
    const x = T.dscalar('x');
    const f = theano.function([x], x.add(1));
    const p = f(2);
    expect(p).toBeInstanceOf(Promise);
    expect((await p).item()).toBe(3);
    const r = f.callSync(2);
    expect(r).toBeInstanceOf(theano.NDArray);
    expect(r.item()).toBe(3);
    expect(String(r)).toBe('3.0');
  });

  it('a function with no inputs', async () => {
    const f = theano.function([], T.constant(2).add(3));
    expect((await f()).item()).toBe(5);
  });

  it('exposes inputs, outputs, name and maker.fgraph', () => {
    const x = T.dvector('x');
    const s = theano.shared(theano.array([1, 2]), 's');
    const y = x.add(s);
    const f = theano.function([x], y, { updates: [[s, s.mul(2)]], name: 'addS' });
    expect(f.name).toBe('addS');
    expect(f.inputs.map((i) => i.variable)).toEqual([x]);
    expect(f.outputs).toEqual([y]);
    const fg = f.maker.fgraph;
    // explicit inputs first, then the shared variables read; outputs, then the updates' new values
    expect(fg.inputs).toHaveLength(2);
    expect(fg.inputs[1]).toBe(s);
    expect(fg.outputs).toHaveLength(2);
    expect(f.maker.backend.name).toBe('ref');
    expect(f.maker.mode).toBe('FAST_RUN');
  });

  it("mode: 'FAST_COMPILE' compiles and runs like FAST_RUN", async () => {
    const x = T.dvector('x');
    const f = theano.function([x], x.pow(2).sum(), { mode: 'FAST_COMPILE' });
    expect(f.maker.mode).toBe('FAST_COMPILE');
    expect((await f([1, 2, 3])).item()).toBe(14);
    const g = theano.function([x], x.pow(2).sum(), { mode: 'FAST_RUN' });
    expect(g.callSync([1, 2, 3]).item()).toBe(14);
  });

  it('an explicit backend, by name or as an object', async () => {
    const x = T.dvector('x');
    expect((await theano.function([x], x.neg(), { backend: 'ref' })([1])).toArray()).toEqual([-1]);
    expect(theano.function([x], x.neg(), { backend: theano.ref }).callSync([2]).toArray()).toEqual([-2]);
  });

  it('theano.config.backend is used when a function names no backend', async () => {
    const compiled: string[] = [];
    const spy: theano.Backend = {
      name: 'spy-function-test',
      capabilities: theano.ref.capabilities,
      compileSync(fgraph, opts) {
        compiled.push(opts.name ?? '');
        return theano.ref.compileSync!(fgraph, opts);
      },
      async compile(fgraph, opts) {
        return this.compileSync!(fgraph, opts);
      },
    };
    theano.registerBackend(spy);
    expect(theano.listBackends()).toContain('spy-function-test');
    const before = theano.config.backend;
    try {
      theano.config.backend = 'spy-function-test';
      const x = T.dvector('x');
      const f = theano.function([x], x.add(1), { name: 'viaConfig' });
      expect(f.maker.backend).toBe(spy);
      expect(compiled).toEqual(['viaConfig']);
      expect((await f([1])).toArray()).toEqual([2]);
      // an explicit option wins over the config
      expect(theano.function([x], x, { backend: 'ref' }).maker.backend.name).toBe('ref');
    } finally {
      theano.config.backend = before;
    }
    expect(theano.config.backend).toBe('ref');
  });
});

describe('theano.In / theano.Param defaults', () => {
  const A = T.matrix('A');
  const x = T.vector('x');
  const b = T.vector('b');
  const y = T.dot(A, x).add(b);
  const Av = [
    [1, 2, 3],
    [4, 5, 6],
  ];

  it('Param(b, { default }) is used when the argument is omitted, and can be overridden', async () => {
    const f = theano.function([A, x, theano.Param(b, { default: theano.zeros([2]) })], y);
    expect((await f(Av, [1, 2, 3])).toArray()).toEqual([14, 32]);
    expect((await f(Av, [1, 2, 3], [4, 5])).toArray()).toEqual([18, 37]);
  });

  it('In(b, { value }) likewise, with a JS value as the default', () => {
    const f = theano.function([A, x, theano.In(b, { value: [1, 1] })], y);
    expect(f.callSync(Av, [1, 2, 3]).toArray()).toEqual([15, 33]);
    expect(f.callSync(Av, [1, 2, 3], [0, 0]).toArray()).toEqual([14, 32]);
    expect(f.inputs[2]!.value!.toArray()).toEqual([1, 1]);
  });

  it('In with a name; a default before a required input can be skipped with undefined', () => {
    const s = T.dscalar('s');
    const t = T.dscalar('t');
    const f = theano.function([theano.In(s, { value: 10, name: 'offset' }), t], s.add(t));
    expect(f.inputs[0]!.name).toBe('offset');
    expect(f.callSync(undefined, 1).item()).toBe(11);
    expect(f.callSync(2, 1).item()).toBe(3);
  });

  it('the default is not mutated by a call, and is converted to the input dtype', () => {
    const v = T.fvector('v');
    const d = theano.In(v, { value: [1, 2] });
    expect(d.value!.dtype).toBe('float32');
    const f = theano.function([d], v.mul(3));
    expect(f.callSync().toArray()).toEqual([3, 6]);
    expect(f.callSync().toArray()).toEqual([3, 6]);
    expect(d.value!.toArray()).toEqual([1, 2]);
  });
});

describe('givens', () => {
  it('replaces a variable by a value', async () => {
    const x = T.dvector('x');
    const y = T.dvector('y');
    const f = theano.function([x], x.add(y), { givens: [[y, theano.array([10, 20])]] });
    expect((await f([1, 2])).toArray()).toEqual([11, 22]);
  });

  it('replaces a variable by a JS value, converted to its type (not a weak int8 constant)', () => {
    const x = T.fvector('x');
    const y = T.fvector('y');
    const f = theano.function([x], x.add(y), { givens: [[y, [10, 20]]] });
    const r = f.callSync([1, 2]);
    expect(r.dtype).toBe('float32');
    expect(r.toArray()).toEqual([11, 22]);
    const k = T.iscalar('k');
    expect(
      theano
        .function([], k.mul(2), { givens: [[k, 21]] })
        .callSync()
        .item(),
    ).toBe(42);
  });

  it('replaces a variable by an expression of the inputs (givens as a Map)', async () => {
    const x = T.dvector('x');
    const y = T.dvector('y');
    const f = theano.function([x], x.add(y), { givens: new Map([[y, x.mul(10)]]) });
    expect((await f([1, 2])).toArray()).toEqual([11, 22]);
  });

  it('replaces a variable by a shared variable', () => {
    const x = T.dvector('x');
    const y = T.dvector('y');
    const s = theano.shared(theano.array([5, 6]), 's');
    const f = theano.function([x], x.mul(y), { givens: [[y, s]] });
    expect(f.callSync([1, 2]).toArray()).toEqual([5, 12]);
    s.setValue([1, 1]);
    expect(f.callSync([1, 2]).toArray()).toEqual([1, 2]);
  });

  it('does not mutate the user graph', () => {
    const x = T.dvector('x');
    const y = T.dvector('y');
    const out = x.add(y);
    theano.function([x], out, { givens: [[y, x]] });
    expect(out.owner!.inputs).toEqual([x, y]);
    // the original graph still needs y
    expect(theano.function([x, y], out).callSync([1], [2]).toArray()).toEqual([3]);
  });
});

describe('onUnusedInput', () => {
  it("'warn' compiles with a console warning naming the input", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const x = T.dvector('x');
    const unused = T.dvector('unused');
    const f = theano.function([x, unused], x.mul(2), { onUnusedInput: 'warn' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/input 1 \(unused\) is not part of the graph/);
    expect(f.callSync([1], [99, 98]).toArray()).toEqual([2]);
  });

  it("'ignore' compiles silently; the argument is still converted and counted", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const x = T.dvector('x');
    const unused = T.dvector('unused');
    const f = theano.function([x, unused], x.mul(2), { onUnusedInput: 'ignore' });
    expect(warn).not.toHaveBeenCalled();
    expect(f.callSync([1], [5]).toArray()).toEqual([2]);
    expect(() => f.callSync([1])).toThrow(/missing argument "unused" \(input 1/);
  });

  it("the default is 'raise' (theano.config.onUnusedInput)", () => {
    expect(theano.config.onUnusedInput).toBe('raise');
    const x = T.dvector('x');
    const unused = T.dvector('unused');
    expect(() => theano.function([x, unused], x.mul(2))).toThrow(TypeError);
  });
});

describe('JS values into typed inputs', () => {
  it('plain numbers and arrays convert to float inputs (float32 included)', () => {
    const d = T.dscalar('d');
    expect(theano.function([d], d).callSync(0.1).item()).toBe(0.1);
    const fv = T.fvector('fv');
    const r = theano.function([fv], fv.mul(1)).callSync([0.1, 1.5]);
    expect(r.dtype).toBe('float32');
    expect(r.toArray()).toEqual([Math.fround(0.1), 1.5]);
    // a JS boolean into a float input is 0/1
    expect(
      theano
        .function([d], d.add(1))
        .callSync(true as never)
        .item(),
    ).toBe(2);
  });

  it('integral, in-range numbers convert to int inputs', async () => {
    const i = T.ivector('i');
    const r = await theano.function([i], i.mul(2))([1, 2, -2147483648 / 2]);
    expect(r.dtype).toBe('int32');
    expect(r.toArray()).toEqual([2, 4, -2147483648]);
    const b = T.bvector('b');
    expect(theano.function([b], b).callSync([-128, 127]).toArray()).toEqual([-128, 127]);
  });

  it('allowInputDowncast accepts 1.5 and out-of-range numbers into int inputs (astype rules)', () => {
    const i = T.ivector('i');
    const f = theano.function([i], i, { allowInputDowncast: true });
    const r = f.callSync([1.5, -2.7, 3e9]);
    expect(r.dtype).toBe('int32');
    // truncation toward zero, then two's-complement wrap, as numpy's astype
    expect(r.toArray()).toEqual([1, -2, 3e9 - 2 ** 32]);
  });

  it('typed arrays: safe casts are accepted (Float32Array → float64, Int8Array → float64)', () => {
    const x = T.dvector('x');
    const f = theano.function([x], x.mul(2));
    const r1 = f.callSync(new Float32Array([1.5, 2.25]));
    expect(r1.dtype).toBe('float64');
    expect(r1.toArray()).toEqual([3, 4.5]);
    const r2 = f.callSync(new Int8Array([1, -2]));
    expect(r2.toArray()).toEqual([2, -4]);
    const i = T.ivector('i');
    expect(
      theano
        .function([i], i)
        .callSync(new Int16Array([-3, 300]))
        .toArray(),
    ).toEqual([-3, 300]);
  });

  it('NDArrays: safe casts accepted, lossy ones only with allowInputDowncast', () => {
    const x = T.dmatrix('x');
    const f = theano.function([x], x.sum());
    expect(f.callSync(theano.array([[1, 2]], 'float32')).item()).toBe(3);
    expect(f.callSync(theano.array([[1, 2]], 'int32')).item()).toBe(3);
    const fv = T.fvector('fv');
    const g = theano.function([fv], fv, { allowInputDowncast: true });
    const r = g.callSync(new Float64Array([0.1, 2]));
    expect(r.dtype).toBe('float32');
    expect(r.toArray()).toEqual([Math.fround(0.1), 2]);
    expect(g.callSync(theano.array([0.1])).dtype).toBe('float32');
    expect(() => theano.function([fv], fv).callSync(new Float64Array([0.1]))).toThrow(TypeError);
  });

  it('int64 inputs (T.lvector) round-trip exact values', () => {
    const l = T.lvector('l');
    const f = theano.function([l], l);
    const big = 2 ** 53 - 1;
    const r = f.callSync([big, -big, 3e9]);
    expect(r.dtype).toBe('int64');
    expect(r.toArray()).toEqual([big, -big, 3e9]);
    // beyond 2^53: exact through a BigInt64Array
    const exact = new BigInt64Array([2n ** 62n + 1n, -(2n ** 63n)]);
    const r2 = f.callSync(exact);
    expect(r2.data).toBeInstanceOf(BigInt64Array);
    expect([...(r2.data as BigInt64Array)]).toEqual([2n ** 62n + 1n, -(2n ** 63n)]);
    expect(String(r2)).toBe('[ 4611686018427387905 -9223372036854775808]');
    // arithmetic keeps int64 (exact below 2^53: the reference backend's elementwise kernels compute in doubles)
    const g = theano.function([l], l.add(1));
    const r3 = g.callSync([2 ** 40]);
    expect(r3.dtype).toBe('int64');
    expect([...(r3.data as BigInt64Array)]).toEqual([2n ** 40n + 1n]);
  });

  it('comparisons give bool outputs', () => {
    const x = T.dvector('x');
    const r = theano.function([x], x.gt(1)).callSync([0, 2]);
    expect(r.dtype).toBe('bool');
    expect(r.toArray()).toEqual([false, true]);
    expect(String(r)).toBe('[False  True]');
  });
});

describe('outputs are never aliases of inputs', () => {
  it('an output that is an input is returned as a copy', () => {
    const x = T.dvector('x');
    const f = theano.function([x], x);
    const given = theano.array([1, 2]);
    const r = f.callSync(given);
    expect(r).not.toBe(given);
    r.data[0] = 99;
    expect(given.toArray()).toEqual([1, 2]);
    const typed = new Float64Array([3, 4]);
    const r2 = f.callSync(typed);
    r2.data[0] = 99;
    expect([...typed]).toEqual([3, 4]);
  });

  it('the same output twice gives two arrays', () => {
    const x = T.dvector('x');
    const [a, b] = theano.function([x], [x, x]).callSync([1]);
    expect(a).not.toBe(b);
  });
});

describe('v.eval / v.evalSync', () => {
  const foo = T.scalar('foo');
  const bar = foo.pow(2);

  it('with pairs and with a Map', async () => {
    const p = bar.eval([[foo, 3]]);
    expect(p).toBeInstanceOf(Promise);
    expect((await p).item()).toBe(9);
    expect((await bar.eval(new Map([[foo, 4]]))).item()).toBe(16);
    expect(bar.evalSync([[foo, 5]]).item()).toBe(25);
    expect(bar.evalSync(new Map([[foo, 6]])).item()).toBe(36);
  });

  it('ignores given variables the expression does not use', async () => {
    const other = T.dmatrix('other');
    expect(
      (
        await bar.eval([
          [foo, 3],
          [other, 'not even a value'],
        ])
      ).item(),
    ).toBe(9);
    expect(
      bar
        .evalSync(
          new Map<theano.TensorVariable, unknown>([
            [other, 1],
            [foo, 2],
          ]),
        )
        .item(),
    ).toBe(4);
  });

  it('a constant expression needs no givens', async () => {
    const c = T.constant(2).mul(21);
    expect((await c.eval()).item()).toBe(42);
    expect(c.evalSync().item()).toBe(42);
  });

  it('evaluates several times with different values (cached compile)', () => {
    const x = T.dvector('x');
    const y = x.sum();
    expect(y.evalSync([[x, [1, 2]]]).item()).toBe(3);
    expect(y.evalSync([[x, [1, 2, 3]]]).item()).toBe(6);
  });

  it('reads shared variables at call time', () => {
    const s = theano.shared(theano.array([1, 2]), 's');
    const y = s.sum();
    expect(y.evalSync().item()).toBe(3);
    s.setValue([5, 5]);
    expect(y.evalSync().item()).toBe(10);
  });
});

describe('disposal', () => {
  it('f.dispose() frees the executable and Symbol.dispose does the same', async () => {
    const x = T.dvector('x');
    const f = theano.function([x], x.mul(2));
    expect(f.callSync([1, 2]).toArray()).toEqual([2, 4]);
    const sym = (Symbol as { dispose?: symbol }).dispose!;
    expect((f as unknown as Record<symbol, unknown>)[sym]).toBe(f.dispose);
    f.dispose();
    expect(() => f.callSync([1])).toThrow(/theano function "f\d+" was disposed/);
    await expect(f([1])).rejects.toThrow(/was disposed/);
  });
});
