/**
 * The seed tutorial ("Theano 基础"), case by case, first part: symbolic variables and their printing,
 * `theano.function` and `eval`, `linear_mix` with `Param` defaults, and the kinds, dtype prefixes and
 * plural constructors of its type list. The tutorial ran with floatX = float32, so the numeric cases run
 * in float64 and in float32. Each case builds a fresh graph and runs it on the case's backend.
 */
import * as theano from 'theano-ts';
import { type ConformanceCase, SECTIONS } from './case.js';
import { COMPLEX_CASES, SEED_GRAD_CASES, SEED_SHARED_CASES } from './cases-seed-values.js';
import { call, compile, evalOn, expectClose, expectEqual, expectPrinted, expectTrue } from './check.js';
import {
  A_VALUE,
  checkLinearMix,
  def,
  KINDS,
  linearMix,
  many,
  one,
  PATTERNS,
  PREFIXES,
  plural,
  withFloatX,
} from './seed-helpers.js';

const T = theano.tensor;

const basics: ConformanceCase[] = [
  def(
    'seed.print.variable',
    SECTIONS.basics,
    'float64',
    "print foo → 'x'; print bar (foo ** 2) → 'Elemwise{pow,no_inplace}.0'",
    () => {
      const foo = T.scalar('x');
      expectEqual(String(foo), 'x', 'String(foo)');
      expectEqual(String(foo.pow(2)), 'Elemwise{pow,no_inplace}.0', 'String(foo ** 2)');
    },
  ),
  def('seed.print.pp', SECTIONS.basics, 'float64', "theano.pp(foo ** 2) → '(x ** TensorConstant{2})'", () => {
    const foo = T.scalar('x');
    expectEqual(theano.pp(foo.pow(2)), '(x ** TensorConstant{2})', 'pp(bar)');
  }),
  def(
    'seed.type.float64',
    SECTIONS.basics,
    'float64',
    "foo.type with floatX = float64 → 'TensorType(float64, scalar)'",
    () => {
      const foo = withFloatX('float64', () => T.scalar('x'));
      expectEqual(String(foo.type), 'TensorType(float64, scalar)', 'String(foo.type)');
      expectEqual(String(T.dscalar('x').type), 'TensorType(float64, scalar)', 'String(T.dscalar().type)');
    },
  ),
  def(
    'seed.type.float32',
    SECTIONS.basics,
    'float32',
    "foo.type as the seed printed it (floatX = float32) → 'TensorType(float32, scalar)'",
    () => {
      const foo = withFloatX('float32', () => T.scalar('x'));
      expectEqual(String(foo.type), 'TensorType(float32, scalar)', 'String(foo.type) with floatX=float32');
      expectEqual(String(T.fscalar('x').type), 'TensorType(float32, scalar)', 'String(T.fscalar().type)');
    },
  ),
  def(
    'seed.type.instanceof',
    SECTIONS.basics,
    'float64',
    'type(foo) is TensorVariable (foo and foo ** 2), foo.type a TensorType',
    () => {
      const foo = T.scalar('x');
      expectTrue(foo instanceof theano.TensorVariable, 'foo instanceof theano.TensorVariable');
      expectTrue(foo.pow(2) instanceof theano.TensorVariable, 'foo ** 2 instanceof theano.TensorVariable');
      expectTrue(foo.type instanceof T.TensorType, 'foo.type instanceof T.TensorType');
    },
  ),
];

const fn: ConformanceCase[] = [
  def(
    'seed.function.square',
    SECTIONS.function,
    'float64',
    "square = theano.function([foo], foo ** 2); square(3) → '9.0'",
    async (ctx) => {
      const foo = T.dscalar('x');
      const square = compile(ctx, [foo], foo.pow(2));
      const r = await call(ctx, square, 3);
      expectPrinted(r, '9.0', 'square(3)');
      expectClose(r, 9, 'float64', 'square(3)');
    },
  ),
  def(
    'seed.function.square.float32',
    SECTIONS.function,
    'float32',
    "square(3) with float32 (the seed's floatX) → '9.0'",
    async (ctx) => {
      const foo = T.fscalar('x');
      const r = await call(ctx, compile(ctx, [foo], foo.pow(2)), 3);
      expectPrinted(r, '9.0', 'square(3)');
      expectClose(r, 9, 'float32', 'square(3)');
    },
  ),
  def('seed.eval.map', SECTIONS.function, 'float64', "bar.eval({foo: 3}) with a Map → '9.0'", async (ctx) => {
    const foo = T.dscalar('x');
    const r = await evalOn(ctx, foo.pow(2), new Map([[foo, 3]]));
    expectPrinted(r, '9.0', 'bar.eval(Map)');
    expectClose(r, 9, 'float64', 'bar.eval(Map)');
  }),
  def('seed.eval.pairs', SECTIONS.function, 'float64', "bar.eval([[foo, 3]]) with pairs → '9.0'", async (ctx) => {
    const foo = T.dscalar('x');
    const r = await evalOn(ctx, foo.pow(2), [[foo, 3]]);
    expectPrinted(r, '9.0', 'bar.eval(pairs)');
    expectClose(r, 9, 'float64', 'bar.eval(pairs)');
  }),
  def(
    'seed.eval.unused-givens',
    SECTIONS.function,
    'float64',
    'eval ignores given variables the expression does not use',
    async (ctx) => {
      const foo = T.dscalar('x');
      const unused = T.dvector('unused');
      const r = await evalOn(ctx, foo.pow(2), [
        [foo, 3],
        [unused, [1, 2]],
      ]);
      expectClose(r, 9, 'float64', 'bar.eval with an unused given');
    },
  ),
  def(
    'seed.linear-mix.float64',
    SECTIONS.function,
    'float64',
    "linear_mix(A, x, b) → ['[18. 37.]', '91.0'] in float64",
    async (ctx) => {
      const { A, x, b, y, z } = linearMix('float64');
      const f = compile(ctx, [A, x, b], [y, z]);
      checkLinearMix('float64', await call(ctx, f, A_VALUE, [1, 2, 3], [4, 5]), true);
    },
  ),
  def(
    'seed.linear-mix.float32',
    SECTIONS.function,
    'float32',
    "linear_mix on float32 arrays, as the seed ran it → ['[18. 37.]', '91.0']",
    async (ctx) => {
      const { A, x, b, y, z } = linearMix('float32');
      const f = compile(ctx, [A, x, b], [y, z]);
      const f32 = (v: number[] | number[][]) => theano.array(v, 'float32');
      const out = await call(ctx, f, f32(A_VALUE), f32([1, 2, 3]), f32([4, 5]));
      for (const o of out) expectEqual(o.dtype, 'float32', 'output dtype');
      checkLinearMix('float32', out, true);
    },
  ),
  def(
    'seed.linear-mix.floatX',
    SECTIONS.function,
    'float32',
    'linear_mix built with T.matrix/T.vector under floatX = float32 runs in float32',
    async (ctx) => {
      const [A, x, b] = withFloatX('float32', () => [T.matrix('A'), T.vector('x'), T.vector('b')] as const);
      expectEqual(String(A.type), 'TensorType(float32, matrix)', 'T.matrix under floatX=float32');
      const f = compile(ctx, [A, x, b], [T.dot(A, x).add(b), T.sum(A.pow(2))]);
      checkLinearMix('float32', await call(ctx, f, A_VALUE, [1, 2, 3], [4, 5]), true);
    },
  ),
  def(
    'seed.param.default',
    SECTIONS.function,
    'float64',
    "theano.Param(b, default=zeros(2)): linear_mix_default(A, x) → ['[14. 32.]', '91.0']",
    async (ctx) => {
      const { A, x, b, y, z } = linearMix('float64');
      const f = compile(ctx, [A, x, theano.Param(b, { default: theano.zeros([2]) })], [y, z]);
      checkLinearMix('float64', await call(ctx, f, A_VALUE, [1, 2, 3]), false);
    },
  ),
  def(
    'seed.param.given',
    SECTIONS.function,
    'float64',
    "linear_mix_default(A, x, b) with b given → ['[18. 37.]', '91.0']",
    async (ctx) => {
      const { A, x, b, y, z } = linearMix('float64');
      const f = compile(ctx, [A, x, theano.Param(b, { default: theano.zeros([2]) })], [y, z]);
      checkLinearMix('float64', await call(ctx, f, A_VALUE, [1, 2, 3], [4, 5]), true);
    },
  ),
  def(
    'seed.param.float32',
    SECTIONS.function,
    'float32',
    'linear_mix_default in float32, b omitted then given (the seed’s two calls)',
    async (ctx) => {
      const { A, x, b, y, z } = linearMix('float32');
      const f = compile(ctx, [A, x, theano.Param(b, { default: theano.zeros([2], 'float32') })], [y, z]);
      checkLinearMix('float32', await call(ctx, f, A_VALUE, [1, 2, 3]), false);
      checkLinearMix('float32', await call(ctx, f, A_VALUE, [1, 2, 3], [4, 5]), true);
    },
  ),
  def(
    'seed.in.value',
    SECTIONS.function,
    'float64',
    'theano.In(b, { value }) is the same default as Param',
    async (ctx) => {
      const { A, x, b, y, z } = linearMix('float64');
      const f = compile(ctx, [A, x, theano.In(b, { value: [0, 0] })], [y, z]);
      checkLinearMix('float64', await call(ctx, f, A_VALUE, [1, 2, 3]), false);
    },
  ),
];

const types: ConformanceCase[] = [
  def(
    'seed.types.kinds',
    SECTIONS.types,
    'float64',
    'scalar, vector, matrix, row, col, tensor3, tensor4 (and 5 dims): broadcastable and type strings',
    () => {
      withFloatX('float64', () => {
        for (const k of KINDS) {
          const v = one(k)('v');
          const p = PATTERNS[k];
          expectEqual([...v.broadcastable], p.bcast, `T.${k}().broadcastable`);
          expectEqual(v.ndim, p.bcast.length, `T.${k}().ndim`);
          expectEqual(String(v.type), `TensorType(float64, ${p.name})`, `String(T.${k}().type)`);
        }
        const five = T.tensor('float64', [false, false, false, false, false], 't5');
        expectEqual(String(five.type), 'TensorType(float64, 5D)', 'a 5-dimensional type');
      });
    },
  ),
  ...PREFIXES.map(([p, dtype]) =>
    def(
      `seed.types.prefix.${p}`,
      SECTIONS.types,
      dtype,
      `the ${p} prefix is ${dtype}: T.${p}scalar … T.${p}tensor4 and their plurals`,
      () => {
        for (const k of KINDS) {
          const v = one(`${p}${k}`)('v');
          const pat = PATTERNS[k];
          expectEqual(v.dtype, dtype, `T.${p}${k}().dtype`);
          expectEqual([...v.broadcastable], pat.bcast, `T.${p}${k}().broadcastable`);
          expectEqual(String(v.type), `TensorType(${dtype}, ${pat.name})`, `String(T.${p}${k}().type)`);
          const two = many(plural(`${p}${k}`))(2);
          expectEqual(two.length, 2, `T.${plural(`${p}${k}`)}(2).length`);
          expectEqual(String(two[1]!.type), String(v.type), `T.${plural(`${p}${k}`)}(2)[1].type`);
        }
      },
    ),
  ),
  def(
    'seed.types.dtype-argument',
    SECTIONS.types,
    'int32',
    "T.scalar('s', 'int32') is T.iscalar('s') is TensorType('int32', []).make('s')",
    () => {
      const a = T.scalar('s', 'int32');
      const b = T.iscalar('s');
      const c = new T.TensorType('int32', []).make('s');
      expectTrue(a.type.equals(b.type) && b.type.equals(c.type), `equal types, got ${a.type}, ${b.type}, ${c.type}`);
      expectEqual(String(a.type), 'TensorType(int32, scalar)', "String(T.scalar('s', 'int32').type)");
      expectEqual(String(T.vector('v', 'float32').type), 'TensorType(float32, vector)', "T.vector('v', 'float32')");
    },
  ),
  def(
    'seed.types.plural-names',
    SECTIONS.types,
    'float64',
    "x, y, z = T.vectors('x', 'y', 'z'): three named vectors that compute",
    async (ctx) => {
      const [x, y, z] = withFloatX('float64', () => T.vectors('x', 'y', 'z'));
      expectEqual([String(x), String(y), String(z)], ['x', 'y', 'z'], 'names');
      expectTrue(x !== y && y !== z && x !== z, 'three distinct variables');
      expectEqual(String(x!.type), 'TensorType(float64, vector)', 'type');
      const f = compile(ctx, [x!, y!, z!], x!.add(y!).mul(z!));
      expectClose(await call(ctx, f, [1, 2], [3, 4], [5, 6]), [20, 36], 'float64', '(x + y) * z');
    },
  ),
  def(
    'seed.types.plural-count',
    SECTIONS.types,
    'float64',
    'x, y, z = T.vectors(3): unnamed variables; likewise T.scalars, T.matrices, T.fmatrices …',
    () =>
      withFloatX('float64', () => {
        const three = T.vectors(3);
        expectEqual(three.length, 3, 'T.vectors(3).length');
        expectTrue(new Set(three).size === 3, 'three distinct variables');
        for (const v of three) {
          expectEqual(v.name, null, 'an unnamed variable');
          expectEqual(v.ndim, 1, 'a vector');
        }
        expectEqual(String(three[0]!), '<TensorType(float64, vector)>', 'String of an unnamed vector');
        const counts: [string, number, string][] = [
          ['scalars', 2, 'scalar'],
          ['matrices', 2, 'matrix'],
          ['rows', 1, 'row'],
          ['cols', 1, 'col'],
          ['tensor3s', 1, '3D'],
          ['tensor4s', 1, '4D'],
        ];
        for (const [name, n, pat] of counts) {
          const vs = many(name)(n);
          expectEqual(vs.length, n, `T.${name}(${n}).length`);
          expectEqual(String(vs[0]!.type), `TensorType(float64, ${pat})`, `T.${name}(${n})[0].type`);
        }
        expectEqual(
          String(T.fmatrices('p', 'q')[1]!.type),
          'TensorType(float32, matrix)',
          "T.fmatrices('p', 'q')[1].type",
        );
      }),
  ),
  def(
    'seed.types.int-values',
    SECTIONS.types,
    'int64',
    'integer prefixes compute exactly: lvector * 2 + 1, sum of an ivector (int64)',
    async (ctx) => {
      const a = T.lvector('a');
      const i = T.ivector('i');
      const f = compile(ctx, [a, i], [a.mul(2).add(1), i.sum(), i.add(i)]);
      const [r, s, d] = await call(ctx, f, [3, -4, 9007199254740], [1000000, 1, -5]);
      expectClose(r!, [7, -7, 18014398509481], 'int64', 'lvector * 2 + 1');
      expectClose(s!, 999996, 'int64', 'sum of an ivector (int64 accumulator)');
      expectClose(d!, [2000000, 2, -10], 'int32', 'ivector + ivector');
    },
  ),
];

/** Every case of the seed tutorial, plus the complex cases. */
export const SEED_CASES: readonly ConformanceCase[] = [
  ...basics,
  ...fn,
  ...types,
  ...SEED_SHARED_CASES,
  ...SEED_GRAD_CASES,
  ...COMPLEX_CASES,
];
