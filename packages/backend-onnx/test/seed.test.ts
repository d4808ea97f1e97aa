// The seed tutorial ("Theano 基础") on the onnx backend, in float64 and float32, with the values the
// tutorial printed.
import '@theano-ts/backend-onnx';
import * as theano from 'theano-ts';
import { afterEach, describe, expect, it } from 'vitest';

const T = theano.tensor;
const onnx = { backend: 'onnx' } as const;

afterEach(() => {
  theano.config.backend = 'ref';
});

for (const dtype of ['float64', 'float32'] as const) {
  const scalar = dtype === 'float64' ? T.dscalar : T.fscalar;
  const vector = dtype === 'float64' ? T.dvector : T.fvector;
  const matrix = dtype === 'float64' ? T.dmatrix : T.fmatrix;

  describe(`seed tutorial on onnx (${dtype})`, () => {
    it('square: a 0-d result, and eval through config.backend', async () => {
      const foo = scalar('x');
      const bar = foo.pow(2);
      const square = theano.function([foo], bar, onnx);
      const r = await square(3);
      expect(r.dtype).toBe(dtype);
      expect(r.shape).toEqual([]);
      expect(r.item()).toBe(9);
      expect(String(r)).toBe('9.0');
      expect(() => square.callSync(3)).toThrow(/the onnx backend cannot run synchronously; await f\(\.\.\.\) instead/);
      theano.config.backend = 'onnx';
      expect((await bar.eval([[foo, 3]])).item()).toBe(9);
    });

    it('linear mix, and its default argument', async () => {
      const A = matrix('A');
      const x = vector('x');
      const b = vector('b');
      const y = T.dot(A, x).add(b);
      const z = T.sum(A.pow(2));
      const linearMix = theano.function([A, x, b], [y, z], onnx);
      const [yv, zv] = await linearMix(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        [1, 2, 3],
        [4, 5],
      );
      expect(yv!.dtype).toBe(dtype);
      expect(String(yv)).toBe('[18. 37.]');
      expect(String(zv)).toBe('91.0');
      const withDefault = theano.function([A, x, theano.Param(b, { default: theano.zeros([2], dtype) })], [y, z], onnx);
      const [y2, z2] = await withDefault(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        [1, 2, 3],
      );
      expect(y2!.toArray()).toEqual([14, 32]);
      expect(z2!.item()).toBe(91);
    });

    it('shared variables and updates', async () => {
      const sharedVar = theano.shared(
        theano.array(
          [
            [1, 2],
            [3, 4],
          ],
          dtype,
        ),
      );
      sharedVar.setValue([
        [3, 4],
        [2, 1],
      ]);
      const f = theano.function([], sharedVar.pow(2), onnx);
      expect(String(await f())).toBe('[[ 9. 16.]\n [ 4.  1.]]');
      sharedVar.setValue([
        [1, 2],
        [3, 4],
      ]);
      expect((await f()).toArray()).toEqual([
        [1, 4],
        [9, 16],
      ]);
      const subtract = matrix('subtract');
      const fUpdate = theano.function([subtract], sharedVar, {
        ...onnx,
        updates: [[sharedVar, sharedVar.sub(subtract)]],
      });
      const before = await fUpdate([
        [1, 1],
        [1, 1],
      ]);
      expect(before.toArray()).toEqual([
        [1, 2],
        [3, 4],
      ]);
      expect(String(sharedVar.getValue())).toBe('[[0. 1.]\n [2. 3.]]');
      expect(sharedVar.getValue().dtype).toBe(dtype);
    });

    it('grad, jacobian, Rop, Lop', async () => {
      const foo = scalar('x');
      const g = await theano.function([foo], T.grad(foo.pow(2), foo), onnx)(10);
      expect(g.item()).toBe(20);
      const A = matrix('A');
      const x = vector('x');
      const b = vector('b');
      const y = T.dot(A, x).add(b);
      const J = theano.gradient.jacobian(y, x);
      theano.config.backend = 'onnx';
      const Jv = await J.eval([
        [
          A,
          [
            [9, 8, 7],
            [4, 5, 6],
          ],
        ],
        [x, [1, 2, 3]],
        [b, [4, 5]],
      ]);
      expect(String(Jv)).toBe('[[9. 8. 7.]\n [4. 5. 6.]]');
      const W = matrix('W');
      const V = matrix('V');
      const xd = vector('x');
      const yd = T.dot(xd, W);
      const JV = T.Rop(yd, W, V);
      const r = await theano.function([W, V, xd], JV, onnx)(
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
      expect(String(r)).toBe('[2. 2.]');
      const v = vector('v');
      const VJ = T.Lop(yd, W, v);
      const l = await theano.function([v, xd], VJ, onnx)([2, 2], [0, 1]);
      expect(l.toArray()).toEqual([
        [0, 0],
        [2, 2],
      ]);
    });
  });
}
