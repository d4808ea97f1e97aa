// Every error of API.md's "Errors users see": each message names the function input (name and 0-based
// position) or the op, what was expected and what was given. Plus the other errors `theano.function`,
// `eval`, shared variables and backends raise at users.

import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;

/** The error `fn` throws (synchronously), for several assertions on one message. */
function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, none was thrown');
}

describe('wrong number of arguments', () => {
  const x = T.dvector('x');
  const y = T.dvector('y');
  const f = theano.function([x, y], x.add(y), { name: 'addXY' });

  it('too many: names the function, the inputs, expected and given counts', async () => {
    const e = errorOf(() => f.callSync([1], [2], [3]));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(/^theano function "addXY" takes 2 arguments \("x", "y"\), got 3$/);
    await expect(f([1], [2], [3])).rejects.toThrow(/takes 2 arguments \("x", "y"\), got 3/);
  });

  it('too few: names the missing input, its position and type, expected and given counts', async () => {
    const e = errorOf(() => f.callSync([1]));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(
      /theano function "addXY": missing argument "y" \(input 1, TensorType\(float64, vector\)\); it takes 2 required arguments, got 1/,
    );
    await expect(f()).rejects.toThrow(/missing argument "x" \(input 0, TensorType\(float64, vector\)\).*got 0/);
  });

  it('with defaults: the range of counts, and only the required ones are required', () => {
    const z = T.dvector('z');
    const g = theano.function([x, theano.In(z, { value: [0] })], x.add(z));
    expect(() => g.callSync([1], [2], [3])).toThrow(/takes 1 to 2 arguments \("x", "z"\), got 3/);
    expect(() => g.callSync()).toThrow(/missing argument "x" \(input 0, .*\); it takes 1 required argument, got 0/);
  });

  it('an unnamed input is named by its position', () => {
    const [a, b] = T.dvectors(2) as theano.TensorVariable[];
    const g = theano.function([a!, b!], a!.add(b!), { name: 'anon' });
    expect(() => g.callSync([1])).toThrow(/missing argument #1 \(input 1, TensorType\(float64, vector\)\)/);
    expect(() => g.callSync([1], [[2]])).toThrow(/input 1 \(#1\) expects TensorType\(float64, vector\)/);
  });
});

describe('a value of the wrong rank, dtype or broadcastable shape', () => {
  it('wrong rank: names the input, the expected type and rank, the given shape', () => {
    const m = T.dmatrix('m');
    const v = T.dvector('v');
    const f = theano.function([m, v], m.dot(v));
    const e = errorOf(() => f.callSync([[1, 2]], [[1], [2]]));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(
      /input 1 \("v"\) expects TensorType\(float64, vector\) \(1 dimension\), got an array of 2 dimensions with shape \(2, 1\)/,
    );
    expect(() => f.callSync(5, [1])).toThrow(
      /input 0 \("m"\) expects TensorType\(float64, matrix\) \(2 dimensions\), got an array of 0 dimensions with shape \(\)/,
    );
  });

  it('float64 data into a float32 input: names input, expected and given dtypes', async () => {
    const a = T.dvector('a');
    const y = T.fvector('y');
    const f = theano.function([a, y], a.add(y));
    for (const bad of [new Float64Array([1, 2]), theano.array([1, 2])]) {
      const e = errorOf(() => f.callSync([1, 2], bad));
      expect(e).toBeInstanceOf(TypeError);
      expect(e.message).toMatch(
        /input 1 \("y"\) expects TensorType\(float32, vector\), but got float64 data: converting float64 to float32 may lose precision/,
      );
      expect(e.message).toMatch(/\.astype\('float32'\).*allowInputDowncast: true/);
    }
    await expect(f([1, 2], new Float64Array([1, 2]))).rejects.toThrow(TypeError);
    // the safe direction is accepted, and the lossy one with allowInputDowncast
    expect(f.callSync(new Float32Array([1, 2]), new Float32Array([1, 2])).toArray()).toEqual([2, 4]);
    const g = theano.function([a, y], a.add(y), { allowInputDowncast: true });
    expect(g.callSync([1, 2], new Float64Array([1, 2])).toArray()).toEqual([2, 4]);
  });

  it('other lossy NDArray/typed-array casts: int32 → float32, float64 → int', () => {
    const fv = T.fvector('fv');
    expect(() => theano.function([fv], fv).callSync(new Int32Array([1]))).toThrow(
      /input 0 \("fv"\) expects TensorType\(float32, vector\), but got int32 data/,
    );
    const i = T.ivector('i');
    expect(() => theano.function([i], i).callSync(theano.array([1, 2]))).toThrow(
      /input 0 \("i"\) expects TensorType\(int32, vector\), but got float64 data/,
    );
  });

  it('1.5 into an int input: names input, expected dtype and the value', () => {
    const x = T.dvector('x');
    const i = T.ivector('i');
    const f = theano.function([x, i], x.add(i));
    const e = errorOf(() => f.callSync([1], [1.5]));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(/input 1 \("i"\) expects int32 values, but 1\.5 is not an integer/);
    expect(e.message).toMatch(/allowInputDowncast: true/);
    expect(() => theano.function([i], i).callSync(2.5)).toThrow(
      /input 0 \("i"\) expects int32 values, but 2\.5 is not an integer/,
    );
  });

  it('an integer out of range: [3e9] into int32', () => {
    const i = T.ivector('i');
    expect(() => theano.function([i], i).callSync([1, 3e9])).toThrow(
      /input 0 \("i"\) expects int32 values, but 3000000000 is out of range for int32 \[-2147483648, 2147483647\]/,
    );
    const b = T.bscalar('b');
    expect(() => theano.function([b], b).callSync(128)).toThrow(
      /input 0 \("b"\) expects int8 values, but 128 is out of range for int8/,
    );
  });

  it('a non-0/1 number into a bool input', () => {
    const c = new theano.TensorType('bool', [false]).make('c');
    expect(() => theano.function([c], c).callSync([0, 2])).toThrow(
      /input 0 \("c"\) expects bool values, but 2 is not a boolean/,
    );
    expect(theano.function([c], c).callSync([0, 1]).toArray()).toEqual([false, true]);
  });

  it('a row input given shape (2, 3): names the broadcastable dimension', () => {
    const r = T.row('r');
    const f = theano.function([r], r.add(1));
    const e = errorOf(() =>
      f.callSync([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    );
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(
      /input 0 \("r"\) expects TensorType\(float64, row\) with size 1 at dimension 0 \(broadcastable\), got shape \(2, 3\)/,
    );
    expect(f.callSync([[1, 2, 3]]).toArray()).toEqual([[2, 3, 4]]);
    const c = T.col('c');
    expect(() => theano.function([c], c).callSync([[1, 2]])).toThrow(
      /input 0 \("c"\) expects TensorType\(float64, col\) with size 1 at dimension 1 \(broadcastable\), got shape \(1, 2\)/,
    );
  });

  it('not a value: a string, null, a symbolic variable, a ragged array', () => {
    const x = T.dvector('x');
    const f = theano.function([x], x);
    expect(() => f.callSync('1, 2')).toThrow(
      /input 0 \("x"\) expects TensorType\(float64, vector\): a number, a nested array, a typed array or an NDArray, got string/,
    );
    expect(() => f.callSync(null)).toThrow(/input 0 \("x"\) expects TensorType\(float64, vector\).*got null/);
    expect(() => f.callSync(x)).toThrow(
      /input 0 \("x"\) expects a value \(TensorType\(float64, vector\)\), got the symbolic variable x/,
    );
    const m = T.dmatrix('m');
    expect(() => theano.function([m], m).callSync([[1, 2], [3]])).toThrow(/input 0 \("m"\): /);
  });
});

describe('an input the outputs need but function was not given', () => {
  it('names the variable, its type, the output that needs it and the inputs given', () => {
    const x = T.dvector('x');
    const y = T.dvector('y');
    const e = errorOf(() => theano.function([x], [x.sum(), x.add(y)]));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(
      /output 1 \(.*\) needs the variable y \(TensorType\(float64, vector\)\), which is not among the inputs \[x\]/,
    );
    expect(e.message).toMatch(/add it to the inputs, or give it a value with givens/);
  });

  it('also when an update needs it', () => {
    const s = theano.shared(theano.array([1, 2]), 's');
    const y = T.dvector('y');
    expect(() => theano.function([], [], { updates: [[s, s.add(y)]] })).toThrow(
      /the update of s needs the variable y \(TensorType\(float64, vector\)\), which is not among the inputs \[\]/,
    );
  });
});

describe('shapes that do not broadcast', () => {
  it('at build time, where the types show it: names the op, both inputs and their sizes', () => {
    const a = T.dmatrix('a');
    const lhs = a.add(theano.zeros([2, 3]));
    const e = errorOf(() => lhs.add(theano.zeros([3, 3])));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(
      /^Elemwise\{add\}: shapes do not broadcast: input 0 \(.*\) of static shape \(2, 3\) has size 2 and input 1 \(TensorConstant\{.*\}\) of static shape \(3, 3\) has size 3 at dimension 0$/,
    );
    expect(() => T.mul(theano.zeros([4]), theano.ones([5]))).toThrow(
      /Elemwise\{mul\}: shapes do not broadcast: .* of static shape \(4,\) has size 4 .* of static shape \(5,\) has size 5 at dimension 0/,
    );
  });

  it('at run time otherwise (matrix + matrix of shapes (2, 3) and (3, 3)): names the op and both shapes', async () => {
    const m = T.dmatrix('m');
    const n = T.dmatrix('n');
    const f = theano.function([m, n], m.add(n));
    const ones = (r: number, c: number) => Array.from({ length: r }, () => Array(c).fill(1));
    const e = errorOf(() => f.callSync(ones(2, 3), ones(3, 3)));
    expect(e.message).toMatch(/Elemwise\{add\}: shapes \(2, 3\) and \(3, 3\) do not broadcast \(dimension 0: 2 vs 3\)/);
    await expect(f(ones(2, 3), ones(3, 3))).rejects.toThrow(
      /Elemwise\{add\}: shapes \(2, 3\) and \(3, 3\) do not broadcast/,
    );
    expect(f.callSync(ones(2, 3), ones(2, 3)).shape).toEqual([2, 3]);
  });

  it('dot of unaligned shapes names the op and both shapes', () => {
    const m = T.dmatrix('m');
    const n = T.dmatrix('n');
    expect(() => theano.function([m, n], m.dot(n)).callSync([[1, 2, 3]], [[1, 2]])).toThrow(
      /dot: shapes \(1, 3\) and \(1, 2\) not aligned/,
    );
  });
});

describe('T.grad', () => {
  it('of a non-scalar cost: names grad, expected scalar and the given type', () => {
    const x = T.dvector('x');
    const e = errorOf(() => T.grad(x.mul(2), x));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(
      /^T\.grad: cost must be a scalar \(0-d\), got .* of type TensorType\(float64, vector\) \(1 dimension\); sum it first/,
    );
    const m = T.dmatrix('m');
    expect(() => T.grad(m, m)).toThrow(/of type TensorType\(float64, matrix\) \(2 dimensions\)/);
  });

  it('of an integer cost', () => {
    const i = T.iscalar('i');
    expect(() => T.grad(i.mul(2), i)).toThrow(/T\.grad: cost must be a float, got .* of dtype int32/);
  });
});

describe('eval', () => {
  it('a missing variable: names it, its type, the expression and what was given', async () => {
    const x = T.dvector('x');
    const y = T.dvector('y');
    const z = x.add(y);
    const e = errorOf(() => z.evalSync([[x, [1]]]));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(
      /^eval: .* needs a value for the variable y \(TensorType\(float64, vector\)\), which the givens do not have \(given: x\)$/,
    );
    expect(() => z.eval(new Map())).toThrow(/needs a value for the variable x .*\(given: nothing\)/);
    expect(() => z.evalSync()).toThrow(/given: nothing/);
  });

  it('a malformed givens entry', () => {
    const x = T.dscalar('x');
    expect(() => x.evalSync([[x, 1, 2]] as never)).toThrow(
      /eval: entry 0 of the givens must be a \[variable, value\] pair/,
    );
  });

  it('a value of the wrong type names the variable', () => {
    const x = T.dvector('x');
    expect(() => x.mul(2).evalSync([[x, [[1]]]])).toThrow(
      /\("x"\) expects TensorType\(float64, vector\) \(1 dimension\)/,
    );
  });
});

describe('backends', () => {
  it('an unknown backend name errors at function() time, naming it and the registered ones', () => {
    const x = T.dvector('x');
    const e = errorOf(() => theano.function([x], x, { backend: 'nope' }));
    expect(e.message).toMatch(/^Unknown backend "nope": registered backends are 'ref'/);
    // no suggestion of a package that does not exist; the project's backends not imported here are listed
    expect(e.message).not.toMatch(/backend-nope/);
    expect(e.message).toMatch(/the project's other backends: 'onnx' \(@theano-ts\/backend-onnx\), 'webgl'/);
  });

  it('a near miss gets the closest name; onnx and webgl say how to get them (webgl: a browser)', () => {
    const x = T.dvector('x');
    expect(errorOf(() => theano.function([x], x, { backend: 'onx' })).message).toMatch(/; did you mean 'onnx'\?/);
    expect(errorOf(() => theano.function([x], x, { backend: 'reff' })).message).toMatch(/; did you mean 'ref'\?/);
    expect(errorOf(() => theano.function([x], x, { backend: 'onnx' })).message).toMatch(
      /^Unknown backend "onnx": .*; import '@theano-ts\/backend-onnx' to register it/,
    );
    expect(errorOf(() => theano.function([x], x, { backend: 'webgl' })).message).toMatch(
      /the webgl backend runs in a browser, on a WebGL2 context.*Node has no WebGL context/,
    );
  });

  it('theano.config.backend set to an unknown name: function() errors', () => {
    const before = theano.config.backend;
    theano.config.backend = 'webgpu-not-installed';
    try {
      const x = T.dvector('x');
      expect(() => theano.function([x], x)).toThrow(
        /Unknown backend "webgpu-not-installed": registered backends are .*'ref'/,
      );
      expect(() => x.evalSync([[x, [1]]])).toThrow(/Unknown backend "webgpu-not-installed"/);
    } finally {
      theano.config.backend = before;
    }
    expect(() => {
      theano.config.backend = '';
    }).toThrow(/theano\.config\.backend: expected a backend name, got ""/);
  });

  it('a dtype a backend cannot run: names the function, backend, op, dtype and what it runs', () => {
    const f64only: theano.Backend = {
      name: 'f64only',
      capabilities: { dtypes: ['float64'], ops: theano.ref.capabilities.ops, sync: true },
      compile: async (fg, o) => theano.ref.compileSync!(fg, o),
      compileSync: (fg, o) => theano.ref.compileSync!(fg, o),
    };
    const y = T.fvector('y');
    const e = errorOf(() => theano.function([y], y.mul(y), { backend: f64only, name: 'half' }));
    expect(e).toBeInstanceOf(theano.UnsupportedError);
    expect(e.message).toMatch(
      /^theano function "half": f64only: Elemwise\{mul,no_inplace\} on float32 \(.*\) is not supported; the f64only backend runs float64$/,
    );
    expect(() => theano.function([y], y, { backend: f64only })).toThrow(
      /f64only: dtype float32 is not supported \(y\); the f64only backend runs float64/,
    );
    const d = T.dvector('d');
    expect(theano.function([d], d.mul(d), { backend: f64only }).callSync([3]).toArray()).toEqual([9]);
  });

  it('callSync on a backend that only runs asynchronously', async () => {
    const asyncOnly: theano.Backend = {
      name: 'async-only',
      capabilities: { ...theano.ref.capabilities, sync: false },
      compile: async (fg, o) => {
        const ex = theano.ref.compileSync!(fg, o);
        return { run: ex.run };
      },
    };
    const x = T.dvector('x');
    const f = theano.function([x], x.add(1), { backend: asyncOnly, name: 'later' });
    expect(() => f.callSync([1])).toThrow(
      /theano function "later": the async-only backend cannot run synchronously; await f\(\.\.\.\) instead of f\.callSync\(\.\.\.\)/,
    );
    expect((await f([1])).toArray()).toEqual([2]);
  });
});

describe('function() arguments', () => {
  it('an unknown mode', () => {
    const x = T.dvector('x');
    expect(() => theano.function([x], x, { mode: 'FAST_NOW' })).toThrow(
      /unknown mode "FAST_NOW"; available: FAST_RUN, FAST_COMPILE/,
    );
  });

  it('a shared variable given as an explicit input', () => {
    const x = T.dvector('x');
    const s = theano.shared(theano.array([1, 2]), 's');
    expect(() => theano.function([x, s], x.add(s))).toThrow(
      /input 1 \(s\) is a shared variable; shared variables are implicit inputs/,
    );
  });

  it('a constant, an expression or the same variable twice as inputs', () => {
    const x = T.dvector('x');
    expect(() => theano.function([T.constant([1, 2])], x)).toThrow(/input 0 \(.*\) is a constant/);
    const e = x.mul(2);
    expect(() => theano.function([x, e], e)).toThrow(
      /input 1 \(.*\) is computed by Elemwise\{mul,no_inplace\}; inputs must be free variables/,
    );
    expect(() => theano.function([x, x], x)).toThrow(/input 1 \(x\) is the same variable as input 0/);
    expect(() => theano.function([3 as never], x)).toThrow(
      /input 0 must be a symbolic variable or theano\.In, got number/,
    );
    expect(() => theano.function([x], [x, 3 as never])).toThrow(/output 1 must be a symbolic variable, got number/);
  });

  it("an unused input with onUnusedInput 'raise' (the default)", () => {
    const x = T.dvector('x');
    const y = T.dvector('y');
    expect(() => theano.function([x, y], x.mul(2))).toThrow(
      /input 1 \(y\) is not part of the graph computing the outputs; pass \{ onUnusedInput: 'warn' \} or 'ignore'/,
    );
  });

  it('an update of the wrong dtype suggests a cast; of the wrong rank names both types', () => {
    const s = theano.shared(theano.array([1, 2]), 's');
    const y = T.fvector('y');
    const e = errorOf(() => theano.function([y], [], { updates: [[s, y.mul(2)]] }));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(
      /update 0 \(of shared variable s\) must have its type TensorType\(float64, vector\), got TensorType\(float32, vector\); cast it with \.astype\('float64'\)/,
    );
    const m = T.dmatrix('m');
    expect(() =>
      theano.function([m], [], {
        updates: [
          [s, s.add(1)],
          [m as never, m],
        ],
      }),
    ).toThrow(/update 1 must update a shared variable, got m/);
    const e2 = errorOf(() => theano.function([m], [], { updates: new Map([[s, m]]) }));
    expect(e2.message).toMatch(
      /update 0 \(of shared variable s\) must have its type TensorType\(float64, vector\), got TensorType\(float64, matrix\)$/,
    );
    // the cast the message suggests works
    theano.function([y], [], { updates: [[s, y.mul(2).astype('float64')]] }).callSync([1, 2]);
    expect(s.getValue().toArray()).toEqual([2, 4]);
  });

  it('a shared variable updated twice; malformed updates and givens', () => {
    const s = theano.shared(theano.array([1, 2]), 's');
    expect(() =>
      theano.function([], [], {
        updates: [
          [s, s.add(1)],
          [s, s.add(2)],
        ],
      }),
    ).toThrow(/shared variable s is updated twice/);
    expect(() => theano.function([], [], { updates: [[s]] as never })).toThrow(
      /updates entry 0 must be a \[variable, value\] pair/,
    );
    expect(() => theano.function([], [], { updates: 5 as never })).toThrow(/updates must be a Map or an array/);
    expect(() => theano.function([], s, { givens: [['y', 1]] as never })).toThrow(
      /a givens key must be a symbolic variable, got string/,
    );
  });

  it('a value update converts like an argument: lossy JS values are refused', () => {
    const n = theano.shared(theano.array([1, 2], 'int32'), 'n');
    expect(() => theano.function([], [], { updates: [[n, [1.5, 2]]] })).toThrow(
      /update 0 \(of n\) expects int32 values, but 1\.5 is not an integer/,
    );
    theano.function([], [], { updates: [[n, [7, 8]]] }).callSync();
    expect(n.getValue().toArray()).toEqual([7, 8]);
    expect(n.getValue().dtype).toBe('int32');
  });

  it('givens of another type name both types', () => {
    const x = T.dvector('x');
    const y = T.dvector('y');
    const f = T.fvector('f');
    expect(() => theano.function([x, f], x.add(y), { givens: [[y, f]] })).toThrow(
      /givens replaces y \(TensorType\(float64, vector\)\) with f of another type \(TensorType\(float32, vector\)\)/,
    );
    expect(() => theano.function([x], x.add(y), { givens: [[y, [[1, 2]]]] })).toThrow(
      /givens for y expects TensorType\(float64, vector\) \(1 dimension\), got an array of 2 dimensions/,
    );
  });

  it('a default value that does not fit its input', () => {
    const i = T.ivector('i');
    const e = errorOf(() => theano.In(i, { value: [1.5] }));
    expect(e.message).toMatch(/theano\.In\(i\): the default value expects int32 values, but 1\.5 is not an integer/);
    expect(e.message).not.toMatch(/allowInputDowncast/);
    expect(() => theano.Param(i, { default: [[1]] })).toThrow(
      /theano\.In\(i\): the default value expects TensorType\(int32, vector\) \(1 dimension\)/,
    );
  });
});

describe('a call that throws changes no shared variable', () => {
  it('whatever the error: count, conversion, run-time shape', () => {
    const s = theano.shared(theano.array([1, 2]), 's');
    const t = theano.shared(theano.array([[1, 1]]), 't');
    const x = T.dvector('x');
    const f = theano.function([x], s.sum(), {
      updates: [
        [s, s.add(x)],
        [t, t.add(x)],
      ],
    });
    const bad: unknown[][] = [[], [[1, 2], 3], [[[1, 2]]], ['a'], [new Float32Array([1, 2, 3])], [[1, 2, 3]]];
    for (const args of bad) {
      expect(() => f.callSync(...args)).toThrow();
      expect(s.getValue().toArray()).toEqual([1, 2]);
      expect(t.getValue().toArray()).toEqual([[1, 1]]);
    }
    f.callSync([1, 1]);
    expect(s.getValue().toArray()).toEqual([2, 3]);
    expect(t.getValue().toArray()).toEqual([[2, 2]]);
  });
});
