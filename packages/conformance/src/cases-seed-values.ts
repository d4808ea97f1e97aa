/**
 * The seed tutorial ("Theano 基础"), case by case, second part: shared variables and updates, and the
 * derivatives (`T.grad`, `jacobian`, `hessian`, `Rop`, `Lop`) with the values the tutorial printed; then
 * complex arithmetic (the c/z prefixes of its type list, evaluated, expected values computed by hand).
 */

import type { SharedVariable, TensorVariable } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { type ConformanceCase, SECTIONS } from './case.js';
import { call, compile, evalOn, expectClose, expectEqual, expectPrinted } from './check.js';
import { def, linearMix, one } from './seed-helpers.js';

const T = theano.tensor;

/** The shared-variable cases. */
export const SEED_SHARED_CASES: ConformanceCase[] = [
  def(
    'seed.shared.type',
    SECTIONS.shared,
    'float64',
    "shared(array([[1., 2.], [3., 4.]])).type → 'TensorType(float64, matrix)' (float32 too)",
    () => {
      const s = theano.shared(
        theano.array([
          [1, 2],
          [3, 4],
        ]),
      );
      expectEqual(String(s.type), 'TensorType(float64, matrix)', 'String(shared_var.type)');
      const s32 = theano.shared(theano.array([[1, 2]], 'float32'));
      expectEqual(String(s32.type), 'TensorType(float32, matrix)', 'String(shared_var.type) of float32 data');
    },
  ),
  def(
    'seed.shared.get-set',
    SECTIONS.shared,
    'float64',
    "set_value([[3, 4], [2, 1]]); get_value() → '[[3. 4.]\\n [2. 1.]]', a copy",
    () => {
      const s = theano.shared(
        theano.array([
          [1, 2],
          [3, 4],
        ]),
      );
      s.setValue([
        [3, 4],
        [2, 1],
      ]);
      const v = s.getValue();
      expectPrinted(v, '[[3. 4.]\n [2. 1.]]', 'get_value()');
      (v.data as Float64Array)[0] = 100;
      expectClose(
        s.getValue(),
        [
          [3, 4],
          [2, 1],
        ],
        'float64',
        'get_value() after mutating the returned copy',
      );
    },
  ),
  def(
    'seed.shared.function',
    SECTIONS.shared,
    'float64',
    "f = function([], shared_var ** 2): f() → '[[ 9. 16.]\\n [ 4.  1.]]', after set_value '[[ 1.  4.]\\n [ 9. 16.]]'",
    async (ctx) => {
      const s = theano.shared(
        theano.array([
          [1, 2],
          [3, 4],
        ]),
      );
      s.setValue([
        [3, 4],
        [2, 1],
      ]);
      const f = compile(ctx, [], s.pow(2));
      expectPrinted(await call(ctx, f), '[[ 9. 16.]\n [ 4.  1.]]', 'f()');
      s.setValue([
        [1, 2],
        [3, 4],
      ]);
      const r = await call(ctx, f);
      expectPrinted(r, '[[ 1.  4.]\n [ 9. 16.]]', 'f() after set_value');
      expectClose(
        r,
        [
          [1, 4],
          [9, 16],
        ],
        'float64',
        'f() after set_value',
      );
    },
  ),
  ...(['pairs', 'map'] as const).map((form) =>
    def(
      `seed.shared.updates.${form}`,
      SECTIONS.shared,
      'float64',
      `updates (${form === 'map' ? 'a Map, as the seed’s dict' : 'pairs'}): f_update returns the value before, then shared_var is '[[0. 1.]\\n [2. 3.]]'`,
      async (ctx) => {
        const s = theano.shared(
          theano.array([
            [1, 2],
            [3, 4],
          ]),
        );
        const subtract = T.dmatrix('subtract');
        const updates: [SharedVariable, TensorVariable][] = [[s, s.sub(subtract)]];
        const fUpdate = compile(ctx, [subtract], s, { updates: form === 'map' ? new Map(updates) : updates });
        const ones = [
          [1, 1],
          [1, 1],
        ];
        const before = await fUpdate(ones);
        expectPrinted(before, '[[1. 2.]\n [3. 4.]]', 'the return value');
        expectPrinted(s.getValue(), '[[0. 1.]\n [2. 3.]]', 'after update');
        // once more, synchronously where the backend can: the update applies again
        const again = ctx.backend.capabilities.sync ? fUpdate.callSync(ones) : await fUpdate(ones);
        expectClose(
          again,
          [
            [0, 1],
            [2, 3],
          ],
          'float64',
          'the second return value',
        );
        expectClose(
          s.getValue(),
          [
            [-1, 0],
            [1, 2],
          ],
          'float64',
          'after the second update',
        );
      },
    ),
  ),
  def(
    'seed.shared.float32',
    SECTIONS.shared,
    'float32',
    'the shared-variable sequence in float32, as the seed ran it (squares, then an update)',
    async (ctx) => {
      const s = theano.shared(
        theano.array(
          [
            [1, 2],
            [3, 4],
          ],
          'float32',
        ),
      );
      s.setValue(
        theano.array(
          [
            [3, 4],
            [2, 1],
          ],
          'float32',
        ),
      );
      const f = compile(ctx, [], s.pow(2));
      const sq = await call(ctx, f);
      expectPrinted(sq, '[[ 9. 16.]\n [ 4.  1.]]', 'f()');
      expectEqual(sq.dtype, 'float32', 'f().dtype');
      s.setValue(
        theano.array(
          [
            [1, 2],
            [3, 4],
          ],
          'float32',
        ),
      );
      const subtract = T.fmatrix('subtract');
      const fUpdate = compile(ctx, [subtract], s, { updates: [[s, s.sub(subtract)]] });
      expectPrinted(
        await fUpdate([
          [1, 1],
          [1, 1],
        ]),
        '[[1. 2.]\n [3. 4.]]',
        'the return value',
      );
      const after = s.getValue();
      expectPrinted(after, '[[0. 1.]\n [2. 3.]]', 'after update');
      expectEqual(after.dtype, 'float32', 'the updated value keeps float32');
    },
  ),
];

/** The seed's Rop/Lop graph: y = x·W. */
function ropLopGraph() {
  const W = T.dmatrix('W');
  const V = T.dmatrix('V');
  const x = T.dvector('x');
  return { W, V, x, y: T.dot(x, W) };
}

/** The derivative cases. */
export const SEED_GRAD_CASES: ConformanceCase[] = [
  def('seed.grad.scalar', SECTIONS.grad, 'float64', "T.grad(foo ** 2, foo).eval({foo: 10}) → '20.0'", async (ctx) => {
    const foo = T.dscalar('x');
    const g = T.grad(foo.pow(2), foo);
    const r = await evalOn(ctx, g, [[foo, 10]]);
    expectPrinted(r, '20.0', 'bar_grad.eval({foo: 10})');
    expectClose(r, 20, 'float64', 'bar_grad.eval({foo: 10})');
  }),
  ...(['float64', 'float32'] as const).map((dtype) =>
    def(
      `seed.grad.jacobian.${dtype}`,
      SECTIONS.grad,
      dtype,
      "jacobian(A·x + b, x).eval({A, x, b}) → '[[9. 8. 7.]\\n [4. 5. 6.]]'",
      async (ctx) => {
        const { A, x, b, y } = linearMix(dtype);
        const J = theano.gradient.jacobian(y, x);
        const r = await evalOn(ctx, J, [
          [
            A,
            theano.array(
              [
                [9, 8, 7],
                [4, 5, 6],
              ],
              dtype,
            ),
          ],
          [x, theano.array([1, 2, 3], dtype)],
          [b, theano.array([4, 5], dtype)],
        ]);
        expectPrinted(r, '[[9. 8. 7.]\n [4. 5. 6.]]', 'y_J.eval(...)');
        expectClose(
          r,
          [
            [9, 8, 7],
            [4, 5, 6],
          ],
          dtype,
          'y_J.eval(...)',
        );
      },
    ),
  ),
  def(
    'seed.grad.hessian',
    SECTIONS.grad,
    'float64',
    'hessian(Σx³ + x₀x₁, x) at x = [1, 2] is [[6x₀, 1], [1, 6x₁]] = [[6, 1], [1, 12]]',
    async (ctx) => {
      const x = T.dvector('x');
      const cost = x
        .pow(3)
        .sum()
        .add(x.get(0).mul(x.get(1)));
      const H = theano.gradient.hessian(cost, x);
      const r = await call(ctx, compile(ctx, [x], H), [1, 2]);
      expectPrinted(r, '[[ 6.  1.]\n [ 1. 12.]]', 'hessian');
      expectClose(
        r,
        [
          [6, 1],
          [1, 12],
        ],
        'float64',
        'hessian',
      );
    },
  ),
  def('seed.grad.hessian.quadratic', SECTIONS.grad, 'float64', 'hessian(½ xᵀ M x, x) is (M + Mᵀ) / 2', async (ctx) => {
    const x = T.dvector('x');
    const M = T.dmatrix('M');
    const cost = T.dot(x, T.dot(M, x)).mul(0.5);
    const f = compile(ctx, [x, M], theano.gradient.hessian(cost, x));
    const m = [
      [2, 1, 0],
      [3, 4, -1],
      [5, 0, 6],
    ];
    const sym = m.map((row, i) => row.map((v, j) => (v + m[j]![i]!) / 2));
    expectClose(await call(ctx, f, [0.5, -1, 2], m), sym, 'float64', 'hessian of ½ xᵀMx');
  }),
  def(
    'seed.grad.rop',
    SECTIONS.grad,
    'float64',
    "T.Rop(x·W, W, V) at W = 1, V = 2, x = [0, 1] → '[2. 2.]'",
    async (ctx) => {
      const { W, V, x, y } = ropLopGraph();
      const f = compile(ctx, [W, V, x], T.Rop(y, W, V));
      const r = await call(
        ctx,
        f,
        [
          [1, 1],
          [1, 1],
        ],
        [
          [2, 2],
          [2, 2],
        ],
        [0, 1],
      );
      expectPrinted(r, '[2. 2.]', 'f(W, V, x)');
      expectClose(r, [2, 2], 'float64', 'f(W, V, x)');
    },
  ),
  def(
    'seed.grad.lop',
    SECTIONS.grad,
    'float64',
    "T.Lop(x·W, W, v) at v = [2, 2], x = [0, 1] → '[[0. 0.]\\n [2. 2.]]'",
    async (ctx) => {
      const { W, x, y } = ropLopGraph();
      const v = T.dvector('v');
      const f = compile(ctx, [v, x], T.Lop(y, W, v));
      const r = await call(ctx, f, [2, 2], [0, 1]);
      expectPrinted(r, '[[0. 0.]\n [2. 2.]]', 'f(v, x)');
      expectClose(
        r,
        [
          [0, 0],
          [2, 2],
        ],
        'float64',
        'f(v, x)',
      );
    },
  ),
];

/** The complex cases (beyond the seed). */
export const COMPLEX_CASES: ConformanceCase[] = [
  ...(['complex128', 'complex64'] as const).map((dtype) =>
    def(
      `complex.arith.${dtype}`,
      SECTIONS.complex,
      dtype,
      `${dtype}: a + b, a * b, Σ a·b, dot(a, b), |a| for a = [1+2j, 3-1j], b = [2-1j, 0.5+0.5j]`,
      async (ctx) => {
        const p = dtype === 'complex128' ? 'z' : 'c';
        const a = one(`${p}vector`)('a');
        const b = one(`${p}vector`)('b');
        const f = compile(ctx, [a, b], [a.add(b), a.mul(b), a.mul(b).sum(), T.dot(a, b), a.abs()]);
        const av = theano.fromFloat64([1, 2, 3, -1], [2], dtype);
        const bv = theano.fromFloat64([2, -1, 0.5, 0.5], [2], dtype);
        const [sum, prod, total, dot, abs] = await call(ctx, f, av, bv);
        // (1+2j)(2-1j) = 4+3j; (3-1j)(0.5+0.5j) = 2+1j
        expectClose(
          sum!,
          [
            [3, 1],
            [3.5, -0.5],
          ],
          dtype,
          'a + b',
        );
        expectPrinted(sum!, '[3. +1.j  3.5-0.5j]', 'a + b');
        expectClose(
          prod!,
          [
            [4, 3],
            [2, 1],
          ],
          dtype,
          'a * b',
        );
        expectClose(total!, [6, 4], dtype, 'sum(a * b)');
        expectPrinted(total!, '(6+4j)', 'sum(a * b)');
        expectClose(dot!, [6, 4], dtype, 'dot(a, b) (no conjugate)');
        const real = dtype === 'complex128' ? 'float64' : 'float32';
        expectClose(abs!, [Math.sqrt(5), Math.sqrt(10)], real, '|a|');
      },
    ),
  ),
  def(
    'complex.exp',
    SECTIONS.complex,
    'complex128',
    'exp(a) for complex128 a = [1+2j, 3-1j]: e^re·(cos im + j sin im)',
    async (ctx) => {
      const a = T.zvector('a');
      const r = await call(ctx, compile(ctx, [a], a.exp()), theano.fromFloat64([1, 2, 3, -1], [2], 'complex128'));
      const e = (re: number, im: number) => [Math.exp(re) * Math.cos(im), Math.exp(re) * Math.sin(im)];
      expectClose(r, [e(1, 2), e(3, -1)], 'complex128', 'exp(a)');
    },
  ),
  def(
    'complex.sin',
    SECTIONS.complex,
    'complex128',
    'sin(a) for complex128 a = [1+2j]: sin(re)·cosh(im) + j cos(re)·sinh(im)',
    async (ctx) => {
      const a = T.zvector('a');
      const r = await call(ctx, compile(ctx, [a], a.sin()), theano.fromFloat64([1, 2], [1], 'complex128'));
      expectClose(r, [[Math.sin(1) * Math.cosh(2), Math.cos(1) * Math.sinh(2)]], 'complex128', 'sin(a)');
    },
  ),
];
