// Printing, checked against Theano 1.0's (rel-1.0.5) `theano/printing.py`, `TensorConstant.__str__` and
// `Variable.__str__`: `theano.pp`, `String(variable)`, and `debugprint`'s layout and `[id A]` labels.
// One deliberate difference: Theano's debugprint ends each node line with the separators of its empty
// destroy/view-map fields (`'' ` plus three spaces when no order is printed); these lines have none.

import { debugprint, idLabel, pp, printing, T, TensorConstant } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { describe, expect, it, vi } from 'vitest';

describe('theano.pp', () => {
  const x = T.matrix('x');
  const y = T.matrix('y');
  const z = T.matrix('z');

  it('operators are always parenthesized', () => {
    expect(pp(T.scalar('x').pow(2))).toBe('(x ** TensorConstant{2})');
    expect(pp(x.add(y).mul(z))).toBe('((x + y) * z)');
    expect(pp(x.add(y.mul(z)))).toBe('(x + (y * z))');
    expect(pp(x.sub(y).div(z))).toBe('((x - y) / z)');
    expect(pp(x.intDiv(y))).toBe('(x // y)');
    expect(pp(T.add(x, y, z))).toBe('(x + y + z)');
    expect(pp(x.neg())).toBe('(-x)');
    expect(pp(x.neg().neg())).toBe('(-(-x))');
  });

  it('functions, abs, comparisons and casts', () => {
    expect(pp(x.exp())).toBe('exp(x)');
    expect(pp(T.log(x.add(1)))).toBe('log((x + TensorConstant{1}))');
    expect(pp(T.maximum(x, y))).toBe('maximum(x, y)');
    expect(pp(x.abs())).toBe('|x|');
    // Theano registers no operator printer for comparisons or mod
    expect(pp(x.lt(y))).toBe('lt(x, y)');
    expect(pp(x.eq(y))).toBe('eq(x, y)');
    expect(pp(x.mod(y))).toBe('mod(x, y)');
    expect(pp(T.cast(x, 'int32'))).toBe('int32(x)');
    expect(pp(T.fill(x, y))).toBe('fill(x, y)');
  });

  it('dot and transpose', () => {
    const A = T.matrix('A');
    const v = T.vector('x');
    const b = T.vector('b');
    expect(pp(A.dot(v))).toBe('(A \\dot x)');
    expect(pp(T.dot(A, v).add(b))).toBe('((A \\dot x) + b)');
    expect(pp(x.T)).toBe('x.T');
    expect(pp(x.T.dot(y))).toBe('(x.T \\dot y)');
  });

  it('implicit broadcasts are invisible; other dimshuffles are written out', () => {
    expect(pp(x.mul(2))).toBe('(x * TensorConstant{2})');
    expect(pp(x.add(T.vector('b')))).toBe('(x + b)');
    expect(pp(T.vector('v').dimshuffle(0, 'x'))).toBe('DimShuffle{0, x}(v)');
    // leading 'x's are dropped before the identity/transpose test, as Theano's DimShufflePrinter does
    expect(pp(x.dimshuffle('x', 1, 0))).toBe('x.T');
    expect(pp(T.tensor3('t').dimshuffle(1, 0, 2))).toBe('DimShuffle{1, 0, 2}(t)');
  });

  it('other ops print as op(inputs)', () => {
    expect(pp(x.sum())).toBe('Sum{acc_dtype=float64}(x)');
    expect(pp(x.sum(1))).toBe('Sum{axis=[1], acc_dtype=float64}(x)');
    expect(pp(x.reshape([3, 2]))).toBe('Reshape{2}(x, TensorConstant{[3 2]})');
  });

  it('writes intermediate results out, whatever their names', () => {
    const h = x.add(1);
    h.name = 'h';
    expect(pp(h.mul(h))).toBe('((x + TensorConstant{1}) * (x + TensorConstant{1}))');
    expect(pp(h)).toBe('(x + TensorConstant{1})');
  });

  it('prints greek input names as TeX', () => {
    const alpha = T.scalar('alpha');
    expect(pp(alpha.mul(T.scalar('beta')))).toBe('(\\alpha * \\beta)');
    expect(pp(T.scalar('alphas').mul(2))).toBe('(alphas * TensorConstant{2})');
  });

  it('an input alone, and a bad argument', () => {
    expect(pp(x)).toBe('x');
    expect(pp(T.vector())).toBe('<TensorType(float64, vector)>');
    expect(pp(T.constant(3))).toBe('TensorConstant{3}');
    expect(() => pp(3 as never)).toThrow(/theano\.pp: expected a symbolic variable, got number/);
  });

  it('theano.pp and theano.printing.pp are the same function', () => {
    expect(theano.pp).toBe(pp);
    expect(printing.pp).toBe(pp);
    expect(printing.debugprint).toBe(debugprint);
  });
});

describe('String(variable)', () => {
  it('a named variable prints its name', () => {
    expect(String(T.scalar('x'))).toBe('x');
    expect(`${T.matrix('A')}`).toBe('A');
  });

  it('an unnamed input prints its type in angle brackets', () => {
    expect(String(T.vector())).toBe('<TensorType(float64, vector)>');
    expect(String(T.frow())).toBe('<TensorType(float32, row)>');
  });

  it('an op output prints op.index; a named one its name', () => {
    const x = T.vector('x');
    expect(String(x.add(x))).toBe('Elemwise{add,no_inplace}.0');
    expect(String(x.exp())).toBe('Elemwise{exp,no_inplace}.0');
    expect(String(T.matrix('A').dot(x))).toBe('dot.0');
    const s = x.sum();
    s.name = 'total';
    expect(String(s)).toBe('total');
  });

  it('constants', () => {
    expect(String(T.constant(2))).toBe('TensorConstant{2}');
    expect(String(T.constant(2.5))).toBe('TensorConstant{2.5}');
    expect(String(T.constant(2, { dtype: 'float64' }))).toBe('TensorConstant{2.0}');
    expect(String(T.constant(-0.5, { dtype: 'float32' }))).toBe('TensorConstant{-0.5}');
    expect(String(T.constant(true))).toBe('TensorConstant{True}');
    expect(String(T.constant([1, 2, 3]))).toBe('TensorConstant{[1 2 3]}');
    expect(String(T.constant([1.5, 2.5]))).toBe('TensorConstant{[1.5 2.5]}');
    // numpy prints a matrix on two lines; they are joined here to keep one line per node
    expect(
      String(
        T.constant([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toBe('TensorConstant{[[1 2] [3 4]]}');
    expect(String(T.constant(7, { name: 'seven' }))).toBe('seven');
    expect(T.constant(2)).toBeInstanceOf(TensorConstant);
  });

  it('an array of one repeated value prints as "shape of value" (Theano tag.unique_value)', () => {
    expect(String(T.constant([1, 1, 1]))).toBe('TensorConstant{(3,) of 1}');
    expect(String(T.constant([[2.5, 2.5]]))).toBe('TensorConstant{(1, 2) of 2.5}');
    expect(String(T.constant([-1], { dtype: 'int64' }))).toBe('TensorConstant{(1,) of -1}');
    expect(String(T.constant([0, 0], { dtype: 'float32' }))).toBe('TensorConstant{(2,) of 0.0}');
    expect(String(T.constant([true, true]))).toBe('TensorConstant{(2,) of True}');
    // a 0-d constant prints its value
    expect(String(T.constant(1))).toBe('TensorConstant{1}');
  });

  it('a text over 20 characters keeps its first and last 10, joined by ".."', () => {
    // numpy's str(np.arange(100)): four lines starting "[ 0  1  2  3" and ending " 97 98 99]"
    const c = T.constant(Array.from({ length: 100 }, (_, i) => i));
    expect(String(c)).toBe('TensorConstant{[ 0  1  2 .. 97 98 99]}');
    const f = T.constant(Array.from({ length: 10 }, (_, i) => i * 1.5));
    // str: '[ 0.   1.5  3.   4.5  6.   7.5  9.  10.5 12.  13.5]'
    expect(String(f)).toBe('TensorConstant{[ 0.   1.5..12.  13.5]}');
    // 19 characters are kept whole, 21 are not
    expect(String(T.constant([10, 20, 30, 40, 50, 60]))).toBe('TensorConstant{[10 20 30 40 50 60]}');
    expect(String(T.constant([1, 2, 3, 4, 5, 6, 7, 8, 9, 0]))).toBe('TensorConstant{[1 2 3 4 5..6 7 8 9 0]}');
    // the length is that of numpy's text, line breaks included: '[[1 2 3]\n [4 5 6]]' has 18
    expect(
      String(
        T.constant([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ),
    ).toBe('TensorConstant{[[1 2 3] [4 5 6]]}');
    // '[[10 20 30]\n [40 50 60]]' has 24: abbreviated
    expect(
      String(
        T.constant([
          [10, 20, 30],
          [40, 50, 60],
        ]),
      ),
    ).toBe('TensorConstant{[[10 20 30..40 50 60]]}');
  });
});

describe('debugprint', () => {
  it('x * 2 for a matrix x', () => {
    const x = T.matrix('x');
    expect(debugprint(x.mul(2), { file: 'str' })).toBe(
      [
        "Elemwise{mul,no_inplace} [id A] ''",
        ' |x [id B]',
        " |DimShuffle{x,x} [id C] ''",
        ' | |TensorConstant{2} [id D]',
      ].join('\n'),
    );
  });

  it('a shared subtree is printed once; later only its first line', () => {
    const x = T.matrix('x');
    const s = x.add(1);
    expect(debugprint(s.mul(s), { file: 'str' })).toBe(
      [
        "Elemwise{mul,no_inplace} [id A] ''",
        " |Elemwise{add,no_inplace} [id B] ''",
        ' | |x [id C]',
        " | |DimShuffle{x,x} [id D] ''",
        ' | | |TensorConstant{1} [id E]',
        " |Elemwise{add,no_inplace} [id B] ''",
      ].join('\n'),
    );
  });

  it('a leaf seen twice keeps its id', () => {
    const x = T.vector('x');
    const e = x.exp();
    expect(debugprint(e.add(x), { file: 'str' })).toBe(
      ["Elemwise{add,no_inplace} [id A] ''", " |Elemwise{exp,no_inplace} [id B] ''", ' | |x [id C]', ' |x [id C]'].join(
        '\n',
      ),
    );
  });

  it('the names of named results, and unnamed inputs', () => {
    const x = T.vector();
    const y = x.exp();
    y.name = 'y';
    expect(debugprint(y.sum(), { file: 'str' })).toBe(
      [
        "Sum{acc_dtype=float64} [id A] ''",
        " |Elemwise{exp,no_inplace} [id B] 'y'",
        ' | |<TensorType(float64, vector)> [id C]',
      ].join('\n'),
    );
  });

  it('Sum labels', () => {
    const x = T.matrix('x');
    expect(debugprint(x.sum(), { file: 'str' })).toBe("Sum{acc_dtype=float64} [id A] ''\n |x [id B]");
    expect(debugprint(x.sum({ axis: 1 }), { file: 'str' })).toBe(
      "Sum{axis=[1], acc_dtype=float64} [id A] ''\n |x [id B]",
    );
    // float32 still accumulates in float64; ints in int64
    expect(debugprint(T.fvector('v').sum(), { file: 'str' })).toBe("Sum{acc_dtype=float64} [id A] ''\n |v [id B]");
    expect(debugprint(T.imatrix('i').sum(0), { file: 'str' })).toBe(
      "Sum{axis=[0], acc_dtype=int64} [id A] ''\n |i [id B]",
    );
  });

  it('flatten shows its (1,) of -1 shape constant', () => {
    const x = T.matrix('x');
    expect(debugprint(x.flatten(), { file: 'str' })).toBe(
      ["Reshape{1} [id A] ''", ' |x [id B]', ' |TensorConstant{(1,) of -1} [id C]'].join('\n'),
    );
  });

  it('printType adds each type', () => {
    const x = T.matrix('x');
    expect(debugprint(x.exp(), { file: 'str', printType: true })).toBe(
      [
        "Elemwise{exp,no_inplace} [id A] <TensorType(float64, matrix)> ''",
        ' |x [id B] <TensorType(float64, matrix)>',
      ].join('\n'),
    );
  });

  it('several outputs share one numbering', () => {
    const x = T.matrix('x');
    const y = T.matrix('y');
    expect(debugprint([x.add(y), x.mul(y)], { file: 'str' })).toBe(
      [
        "Elemwise{add,no_inplace} [id A] ''",
        ' |x [id B]',
        ' |y [id C]',
        "Elemwise{mul,no_inplace} [id D] ''",
        ' |x [id B]',
        ' |y [id C]',
      ].join('\n'),
    );
  });

  it('a compiled function prints each node with its position in execution order', () => {
    const A = T.matrix('A');
    const x = T.vector('x');
    const f = theano.function([A, x], A.dot(x).sum());
    expect(debugprint(f, { file: 'str' })).toBe(
      ["Sum{acc_dtype=float64} [id A] ''   1", " |dot [id B] ''   0", ' | |A [id C]', ' | |x [id D]'].join('\n'),
    );
  });

  it('a compiled function with a shared variable', () => {
    const x = T.matrix('x');
    const w = theano.shared(
      theano.array([
        [1, 2],
        [3, 4],
      ]),
      'w',
    );
    const f = theano.function([x], x.mul(w).sum(1));
    expect(debugprint(f, { file: 'str' })).toBe(
      [
        "Sum{axis=[1], acc_dtype=float64} [id A] ''   1",
        " |Elemwise{mul,no_inplace} [id B] ''   0",
        ' | |x [id C]',
        ' | |w [id D]',
      ].join('\n'),
    );
  });

  it('labels go A … Z, then BA, BB (Theano counts in base 26 with A as zero)', () => {
    let v = T.vector('x');
    for (let i = 0; i < 27; i++) v = v.exp();
    const lines = debugprint(v, { file: 'str' }).split('\n');
    expect(lines).toHaveLength(28);
    expect(lines[0]).toBe("Elemwise{exp,no_inplace} [id A] ''");
    expect(lines[25]).toBe(`${' |'.repeat(25)}Elemwise{exp,no_inplace} [id Z] ''`);
    expect(lines[26]).toBe(`${' |'.repeat(26)}Elemwise{exp,no_inplace} [id BA] ''`);
    expect(lines[27]).toBe(`${' |'.repeat(27)}x [id BB]`);
  });

  it('idLabel', () => {
    expect([0, 1, 2, 25].map(idLabel)).toEqual(['A', 'B', 'C', 'Z']);
    expect([26, 27, 51, 52].map(idLabel)).toEqual(['BA', 'BB', 'BZ', 'CA']);
    expect(idLabel(675)).toBe('ZZ');
    expect(idLabel(676)).toBe('BAA');
    expect(theano.idLabel).toBe(idLabel);
  });

  it('prints to the console unless file is "str", and returns the text either way', () => {
    const x = T.vector('x');
    const spy = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const text = debugprint(x.exp());
      expect(text).toBe("Elemwise{exp,no_inplace} [id A] ''\n |x [id B]");
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy).toHaveBeenCalledWith(text);
      debugprint(x.exp(), { file: 'str' });
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('an input alone, and a bad argument', () => {
    expect(debugprint(T.scalar('s'), { file: 'str' })).toBe('s [id A]');
    expect(debugprint(T.constant(2.5), { file: 'str' })).toBe('TensorConstant{2.5} [id A]');
    expect(() => debugprint(42 as never, { file: 'str' })).toThrow(
      /debugprint: expected a variable, a list of variables or a compiled function/,
    );
  });
});
