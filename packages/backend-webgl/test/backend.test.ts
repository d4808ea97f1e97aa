// The WebGL backend's node-side behaviour (no browser needed): registration, declared capabilities, option
// checks, the compile-time dtype errors, the clear error when run outside a browser, and the exact host
// kernels for integers.
import { releaseShared, webgl } from '@theano-ts/backend-webgl';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { hostElemwise, runsOnHost } from '../src/kernels/host.ts';

const T = theano.tensor;

describe('registration and capabilities', () => {
  it("registers as 'webgl' on import and is usable as a value and as a factory", () => {
    expect(theano.listBackends()).toContain('webgl');
    expect(theano.getBackend('webgl')).toBe(webgl);
    expect(webgl.name).toBe('webgl');
    const opt = webgl({ allowFloat64Downcast: true });
    expect(opt.name).toBe('webgl');
    expect(opt.options).toEqual({ allowFloat64Downcast: true });
    expect(webgl.options).toEqual({});
  });

  it('declares every primitive, every extended op it does not leave to its decomposition, sync calls and no complex dtype', () => {
    const ops = webgl.capabilities.ops;
    for (const p of Object.keys(theano.PRIMITIVES)) expect(ops).toContain(p);
    // an extended op without a kernel runs its decomposition; only ops whose results are complex have neither
    const left = Object.entries(theano.EXTENDED_OPS).filter(([name]) => !ops.includes(name));
    for (const [name, def] of left) {
      if (!def.decompose)
        expect(['complex', 'complex_from_polar'], `${name} has neither a kernel nor a decomposition`).toContain(name);
    }
    expect(left.map(([name]) => name).sort()).toEqual(['all', 'any', 'complex', 'complex_from_polar', 'eye', 'tri']);
    expect(webgl.capabilities.sync).toBe(true);
    expect([...webgl.capabilities.dtypes].sort()).toEqual([
      'bool',
      'float32',
      'float64',
      'int16',
      'int32',
      'int64',
      'int8',
    ]);
  });
});

describe('options', () => {
  it('rejects unknown options and wrong types, naming them', () => {
    expect(() => webgl({ allowFloat64Downcast: 'yes' } as unknown as { allowFloat64Downcast: boolean })).toThrow(
      /webgl\(options\): allowFloat64Downcast must be true or false, got "yes"/,
    );
    const x = T.fvector('x');
    expect(() => theano.function([x], x.mul(2), { backend: 'webgl', backendOptions: { precision: 'high' } })).toThrow(
      /unknown option "precision" \(the webgl backend knows allowFloat64Downcast\)/,
    );
  });
});

describe('dtypes at compile time', () => {
  it('a float64 graph is an UnsupportedError naming the input, its reader, then floatX, T.f* and the opt-in', () => {
    const x = T.dvector('x');
    let err: unknown = null;
    try {
      theano.function([x], x.exp(), { backend: webgl, name: 'f' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(theano.UnsupportedError);
    const message = (err as Error).message;
    expect(message).toBe(
      'webgl: function "f" is a float64 graph, and WebGL computes in float32 at most: its input x is float64 ' +
        "(TensorType(float64, vector), read by Elemwise{exp,no_inplace}). Build the graph in float32: set theano.config.floatX = 'float32' " +
        'before making its variables with T.scalar, T.vector, T.matrix, …, or make them with the float32 constructors ' +
        'T.fscalar, T.fvector, T.fmatrix, …. Or run the float64 graph in float32 as it is: compile with ' +
        '{ backendOptions: { allowFloat64Downcast: true } } (or the backend webgl({ allowFloat64Downcast: true }))',
    );
    // the float32 route comes before the opt-in
    expect(message.indexOf('floatX')).toBeLessThan(message.indexOf('allowFloat64Downcast'));
  });

  it('several float64 inputs are listed; a float64 value made inside the graph names the node and the cast', () => {
    const [a, b, c, d] = [T.dvector('a'), T.dvector('b'), T.dvector('c'), T.dvector('d')];
    expect(() => theano.function([a, b, c, d], a.add(b).add(c).add(d), { backend: webgl })).toThrow(
      /webgl: function "f\d+" is a float64 graph, and WebGL computes in float32 at most: its inputs a, b, c and 1 more are float64 \(TensorType\(float64, vector\), read by /,
    );
    const z = T.fvector('z');
    expect(() => theano.function([z], z.astype('float64').exp(), { backend: webgl, name: 'g' })).toThrow(
      /webgl: function "g" is a float64 graph, .*: Elemwise\{Composite\{exp\(float64\(i0\)\)\}\} computes in float64 .*T\.fvector, T\.fmatrix, … \(and cast with \.astype\('float32'\) rather than 'float64'\)\. Or run/,
    );
  });

  it('the same graph compiles with the opt-in, as backendOptions or as a backend value', () => {
    const x = T.dvector('x');
    expect(() =>
      theano.function([x], x.exp(), { backend: 'webgl', backendOptions: { allowFloat64Downcast: true } }),
    ).not.toThrow();
    expect(() => theano.function([x], x.exp(), { backend: webgl({ allowFloat64Downcast: true }) })).not.toThrow();
  });

  it('complex graphs are unsupported, with the reason', () => {
    const z = T.zvector('z');
    expect(() => theano.function([z], z.add(z), { backend: webgl })).toThrow(
      /webgl: Elemwise\{add,no_inplace\} on complex128 \(z\) is not supported: tfjs-webgl has no complex kernels/,
    );
  });
});

describe('outside a browser', () => {
  it('a call says that WebGL needs a browser; releaseShared of an unused variable does nothing', () => {
    const x = T.fvector('x');
    const f = theano.function([x], x.mul(2), { backend: webgl });
    expect(() => f.callSync([1, 2])).toThrow(/webgl: the webgl backend needs a WebGL2 context, and Node has none/);
    // how to get one, how the project's tests get one, and what to use in Node instead
    expect(() => f.callSync([1, 2])).toThrow(/Run the code in a browser: bundle it with '@theano-ts\/backend-webgl'/);
    expect(() => f.callSync([1, 2])).toThrow(
      /start headless Chromium \(WebGL2 on SwiftShader\) through playwright-core/,
    );
    expect(() => f.callSync([1, 2])).toThrow(/In Node, use the 'ref' or 'onnx' backend/);
    const s = theano.shared(theano.array([1, 2], 'float32'));
    expect(() => releaseShared(s)).not.toThrow();
    expect(s.getValue().toArray()).toEqual([1, 2]);
  });
});

describe('host kernels for integers (exact, numpy semantics)', () => {
  const run = (v: theano.TensorVariable, values: theano.NDArray[]) => {
    const node = v.owner!;
    expect(runsOnHost(node.op.kind as 'add', node, values)).toBe(true);
    return hostElemwise(node.op.kind as 'add', values, node, v.dtype);
  };

  it('floor division and modulo take the divisor’s sign; by zero they give 0', () => {
    const [a, b] = [T.lvector('a'), T.lvector('b')];
    const av = theano.array([7, -7, 7, -7, 5], 'int64');
    const bv = theano.array([2, 2, -2, -2, 0], 'int64');
    // numpy: [7, -7, 7, -7, 5] // [2, 2, -2, -2, 0] = [3, -4, -4, 3, 0]; % = [1, 1, -1, -1, 0]
    expect(run(a.intDiv(b), [av, bv]).toArray()).toEqual([3, -4, -4, 3, 0]);
    expect(run(a.mod(b), [av, bv]).toArray()).toEqual([1, 1, -1, -1, 0]);
  });

  it('int64 beyond 2^53 stays exact; narrower results wrap', () => {
    const a = T.lvector('a');
    const big = new theano.NDArray(new BigInt64Array([2n ** 62n + 1n]), [1], 'int64');
    const r = run(a.add(a), [big, big]);
    // (2^62 + 1) · 2 = 2^63 + 2 wraps to -2^63 + 2 in int64
    expect((r.data as BigInt64Array)[0]).toBe(-(2n ** 63n) + 2n);
    const i = T.bvector('i');
    const w = run(i.mul(i), [theano.array([100, -3], 'int8'), theano.array([100, -3], 'int8')]);
    // 100 · 100 = 10000 = 16 (mod 256) in int8, as numpy
    expect(w.toArray()).toEqual([16, 9]);
  });

  it('computes small float results in doubles, and leaves big ones and GPU values to the GPU', () => {
    const x = T.fvector('x');
    const node = x.add(1).owner!;
    const small = [theano.array([1.5, -2], 'float32'), theano.array([1], 'int8')];
    expect(runsOnHost('add', node, small)).toBe(true);
    expect(hostElemwise('add', small, node, 'float32').toArray()).toEqual([2.5, -1]);
    const big = [theano.zeros([2000], 'float32'), theano.array([1], 'int8')];
    expect(runsOnHost('add', node, big)).toBe(false);
    expect(runsOnHost('add', node, [{ shape: [2] }, small[1]])).toBe(false);
    // a mean's element count: cast(shape_i) then 1 / n, as numpy computes them
    const n = T.lscalar('n');
    const inv = T.trueDiv(1, T.cast(n, 'float32'));
    const count = theano.array([3], 'int64').reshape([]);
    const castNode = inv.owner!.inputs[1]!.owner!;
    const c = hostElemwise('cast', [count], castNode, 'float32');
    expect(hostElemwise('true_div', [theano.array(1, 'float32'), c], inv.owner!, 'float32').item()).toBe(
      Math.fround(1 / 3),
    );
  });
});
