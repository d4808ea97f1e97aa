import 'theano-ts';
import { describe, expect, test } from 'vitest';
import { T } from '../src/index.js';
import { declaredArity, readArgs, snakeCase } from '../src/tensor/args.js';

describe("Theano's argument rules", () => {
  test('positional arguments fill the names in order; a trailing options object fills them by name', () => {
    expect(readArgs('f', ['axis', 'keepdims'], [1, true])).toEqual({ axis: 1, keepdims: true });
    expect(readArgs('f', ['axis', 'keepdims'], [{ keepdims: true, axis: 0 }])).toEqual({ axis: 0, keepdims: true });
    expect(readArgs('f', ['axis', 'keepdims'], [2, { keepdims: false }])).toEqual({ axis: 2, keepdims: false });
    expect(readArgs('f', ['axis'], [])).toEqual({});
  });

  test('an unknown option, too many arguments and a name given twice are TypeErrors naming the function', () => {
    expect(() => readArgs('stack', ['axis'], [{ axes: 1 }])).toThrow(
      /stack: unknown option 'axes' \(its options are axis\)/,
    );
    expect(() => readArgs('stack', ['axis'], [1, 2])).toThrow(/stack: expected at most 1 argument .*got 2/);
    expect(() => readArgs('stack', ['axis'], [1, { axis: 2 }])).toThrow(/stack: 'axis' is given both/);
  });

  test('arrays, typed arrays and variables are positional values, not options', () => {
    const v = T.dvector('v');
    expect(readArgs('f', ['a'], [[1, 2]])).toEqual({ a: [1, 2] });
    expect(readArgs('f', ['a'], [v]).a).toBe(v);
    const ta = new Float64Array(2);
    expect(readArgs('f', ['a'], [ta]).a).toBe(ta);
  });

  test("every camelCase name of T is also there under Theano's snake_case name, as the same function", () => {
    expect(snakeCase('maxAndArgmax')).toBe('max_and_argmax');
    expect(snakeCase('shapePadleft')).toBe('shape_padleft');
    expect(snakeCase('log1p')).toBeNull();
    expect(snakeCase('Rop')).toBeNull();
    const t = T as unknown as Record<string, unknown>;
    expect(t.set_subtensor).toBe(T.setSubtensor);
    expect(t.inc_subtensor).toBe(T.incSubtensor);
    expect(t.zeros_like).toBe(T.zerosLike);
    expect(t.as_tensor_variable).toBe(T.asTensorVariable);
    expect(t.true_div).toBe(T.trueDiv);
    for (const [k, v] of Object.entries(t)) {
      const s = snakeCase(k);
      if (s) expect(t[s], `T.${s}`).toBe(v);
    }
  });
});

describe('functions without options reject extra arguments', () => {
  test('the declared arity is read from the source, defaults included; rest parameters leave it open', () => {
    expect(declaredArity((a: number) => a)).toBe(1);
    expect(
      declaredArity(function f(a: number, b = 2) {
        return a + b;
      }),
    ).toBe(2);
    expect(declaredArity((...xs: number[]) => xs.length)).toBeNull();
    expect(declaredArity((a: number, o = {}) => [a, o])).toBeNull();
  });

  test('an options object or a stray argument is a TypeError naming the function', () => {
    const x = T.dmatrix('x');
    const call = (f: unknown, ...args: unknown[]) => (f as (...a: unknown[]) => unknown)(...args);
    expect(() => call(T.sin, x, { foo: 1 })).toThrow(
      'sin: takes 1 argument, got an options object (foo), but it has no options',
    );
    expect(() => call(T.dot, x, x, 3)).toThrow('dot: takes 2 arguments, got 3 arguments');
    expect(() => call(T.clip, x, 0, 1, { axis: 0 })).toThrow(/clip: takes 3 arguments, got an options object \(axis\)/);
    expect(() => call(T.nlinalg.trace, x, 1)).toThrow(/trace: takes 1 argument/);
    // the guarded functions still work, keep their identity across namespaces and their snake_case aliases
    expect(T.sin(x).ndim).toBe(2);
    expect(T.trace).toBe(T.nlinalg.trace);
    expect((T as unknown as Record<string, unknown>).zeros_like).toBe(T.zerosLike);
  });

  test('swapaxes, moveaxis, broadcastTo, patternbroadcast, choose and ravel take options', () => {
    const t = T.dtensor3('t');
    expect(T.swapaxes(t, { axis1: 0, axis2: 2 }).type.toString()).toBe(T.swapaxes(t, 0, 2).type.toString());
    expect(t.swapaxes({ axis1: 0, axis2: 1 }).ndim).toBe(3);
    expect(() => T.swapaxes(t, { axis: 0 })).toThrow(
      /swapaxes: unknown option 'axis' \(its options are axis1, axis2\)/,
    );
    expect(T.moveaxis(T.tensor('float64', [true, false, false]), { source: 0, destination: -1 }).broadcastable).toEqual(
      [false, false, true],
    );
    expect(T.broadcastTo(T.dvector('v'), { shape: [2, 3] }).ndim).toBe(2);
    expect(T.patternbroadcast(T.dmatrix('m'), { broadcastable: [false, false] }).broadcastable).toEqual([false, false]);
    expect(() => T.ravel(t, { ndim: 2 })).toThrow(/ravel: unknown option 'ndim' \(its options are none\)/);
    expect(() => T.choose(T.lvector('a'), [t], { mode: 'fold' })).toThrow(
      `choose: mode must be 'raise', 'wrap' or 'clip', got "fold"`,
    );
  });
});

describe('JS operators on variables', () => {
  test('throw a TypeError that names the methods to use', () => {
    const x = T.dvector('x');
    const y = T.dvector('y');
    const asAny = (v: unknown) => v as number;
    expect(() => asAny(x) + 1).toThrow(TypeError);
    expect(() => asAny(x) + 1).toThrow(/x is a symbolic variable: .*x\.add\(y\) for x \+ y/);
    expect(() => asAny(x) * 2).toThrow(/x\.mul\(y\)/);
    expect(() => -asAny(x)).toThrow(/x\.neg\(\) for -x/);
    expect(() => asAny(x) < asAny(y)).toThrow(/x\.lt\(y\)/);
    expect(() => asAny(x) ** 2).toThrow(/x\.pow\(y\)/);
  });

  test('String(x) and template strings still give the name', () => {
    const x = T.dvector('x');
    expect(String(x)).toBe('x');
    expect(`${x}!`).toBe('x!');
    expect(String(x.add(1))).toMatch(/Elemwise\{add,no_inplace\}\.0/);
  });
});

describe("an op's name", () => {
  test('reads as Theano prints it; its short identifier is op.kind', () => {
    const x = T.dvector('x');
    const add = x.add(1).owner!.op;
    expect(add.name).toBe('Elemwise{add,no_inplace}');
    expect(add.kind).toBe('add');
    const sum = x.sum().owner!.op;
    expect(sum.kind).toBe('sum');
    expect(sum.name).toBe(String(sum));
  });
});

describe('methods and functions', () => {
  test('every method of a variable is also a function of T (the attributes and evaluation excepted)', () => {
    const v = T.dvector('v');
    const proto = Object.getPrototypeOf(v) as object;
    const names = Object.getOwnPropertyNames(proto).filter((k) => k !== 'constructor');
    // attributes, evaluation, and two spelled otherwise in T: x.astype(d) = T.cast(x, d), x.T = T.transpose(x)
    const notFunctions = new Set(['ndim', 'dtype', 'broadcastable', 'eval', 'evalSync', 'astype', 'T']);
    const missing = names.filter((k) => !notFunctions.has(k) && !(k in T));
    expect(missing).toEqual([]);
    expect(names.length).toBeGreaterThan(60);
  });
});

describe("Theano's methods that are functions too", () => {
  test('x.fill, x.zerosLike, x.onesLike, a.choose and x.trace compute what numpy does', () => {
    const x = T.dmatrix('x');
    const a = T.lvector('a');
    const xv = [
      [1, 2],
      [3, 4],
    ];
    expect(
      x
        .fill(7)
        .evalSync([[x, xv]])
        .toArray(),
    ).toEqual([
      [7, 7],
      [7, 7],
    ]);
    expect(
      x
        .zerosLike()
        .evalSync([[x, xv]])
        .toArray(),
    ).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(
      x
        .onesLike()
        .evalSync([[x, xv]])
        .toArray(),
    ).toEqual([
      [1, 1],
      [1, 1],
    ]);
    // numpy: np.choose([1, 0], [[10, 20], [30, 40]]) = [30, 20]
    expect(
      a
        .choose([T.constant([10, 20]), T.constant([30, 40])])
        .evalSync([[a, [1, 0]]])
        .toArray(),
    ).toEqual([30, 20]);
    expect(
      x
        .trace()
        .evalSync([[x, xv]])
        .item(),
    ).toBe(5);
    expect(T.trace).toBe(T.nlinalg.trace);
  });
});
