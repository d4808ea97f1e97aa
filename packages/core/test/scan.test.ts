// theano.scan and its shorthands on the reference backend, against values worked out by hand: a cumulative
// sum, A^k by repeated dot, the tutorial's polynomial, Fibonacci with taps [-2, -1], sequence taps, going
// backwards, theano.until, shared-variable updates, a nested scan, map/reduce/foldl/foldr, and the
// errors raised while the graph is built or run.

import type { NDArray } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;
type V = theano.TensorVariable;

type Nested = number | Nested[];
const flat = (x: Nested): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x]);

function expectClose(actual: NDArray, expected: Nested, shape: number[], tol = 1e-12): void {
  expect(actual.shape).toEqual(shape);
  const a = Array.from(actual.toFloat64());
  const e = flat(expected);
  expect(a.length).toBe(e.length);
  a.forEach((v, k) => {
    if (!(Math.abs(v - e[k]!) <= tol)) {
      throw new Error(`element ${k}: got ${v}, expected ${e[k]}; got ${JSON.stringify(a)}`);
    }
  });
}

describe('theano.scan', () => {
  it('a cumulative sum: outputs one row per step, the initial state left out', () => {
    const v = T.vector('v');
    const [out] = theano.scan({
      fn: (x: V, acc: V) => acc.add(x),
      sequences: v,
      outputsInfo: T.constant(0, { dtype: 'float64' }),
    });
    const f = theano.function([v], out as V);
    expectClose(f.callSync([1, 2, 3, 4]), [1, 3, 6, 10], [4]);
    expectClose(f.callSync([]), [], [0]);
  });

  it('A^k by repeated dot, with a symbolic number of steps', () => {
    const A = T.matrix('A');
    const k = T.iscalar('k');
    const [powers] = theano.scan({
      fn: (prior: V, M: V) => T.dot(prior, M),
      outputsInfo: T.eye(2),
      nonSequences: A,
      nSteps: k,
    });
    const f = theano.function([A, k], (powers as V).get(-1));
    // [[2,0],[1,1]]^2 = [[4,0],[3,1]], ^3 = [[8,0],[7,1]]
    expectClose(
      f.callSync(
        [
          [2, 0],
          [1, 1],
        ],
        3,
      ),
      [
        [8, 0],
        [7, 1],
      ],
      [2, 2],
    );
    const g = theano.function([A, k], powers as V);
    expect(
      g.callSync(
        [
          [2, 0],
          [1, 1],
        ],
        2,
      ).shape,
    ).toEqual([2, 2, 2]);
  });

  it("the tutorial's polynomial: coefficients[i] * x**i over two sequences of different lengths", () => {
    const coefficients = T.vector('coefficients');
    const x = T.scalar('x');
    const [components] = theano.scan({
      fn: (c: V, power: V, xv: V) => c.mul(xv.pow(power)),
      sequences: [coefficients, T.arange(1000)],
      nonSequences: x,
    });
    const poly = (components as V).sum();
    const f = theano.function([coefficients, x], [components as V, poly]);
    const [comps, total] = f.callSync([1, 0, 2], 3);
    // 1·3^0 + 0·3^1 + 2·3^2
    expectClose(comps!, [1, 0, 18], [3]);
    expectClose(total!, 19, []);
  });

  it('Fibonacci: an output with taps [-2, -1] and a two-row initial value', () => {
    const x0 = T.vector('x0');
    const [fib] = theano.scan({
      fn: (a: V, b: V) => a.add(b),
      outputsInfo: { initial: x0, taps: [-2, -1] },
      nSteps: 6,
    });
    const f = theano.function([x0], fib as V);
    expectClose(f.callSync([0, 1]), [1, 2, 3, 5, 8, 13], [6]);
    // only the first two rows of a longer initial value are read (as Theano)
    expectClose(f.callSync([1, 1, 100]), [2, 3, 5, 8, 13, 21], [6]);
  });

  it('taps [-2, -1] read oldest first: x[t] = x[t-2] - x[t-1]', () => {
    const x0 = T.vector('x0');
    const [xs] = theano.scan({
      fn: (older: V, newer: V) => older.sub(newer),
      outputsInfo: { initial: x0, taps: [-2, -1] },
      nSteps: 3,
    });
    // 5, 2 → 3, -1, 4
    expectClose(theano.function([x0], xs as V).callSync([5, 2]), [3, -1, 4], [3]);
  });

  it('sequence taps [-1, 1]: a centred difference, two steps fewer than rows', () => {
    const s = T.vector('s');
    const [d] = theano.scan({ fn: (prev: V, next: V) => next.sub(prev), sequences: { input: s, taps: [-1, 1] } });
    expectClose(theano.function([s], d as V).callSync([1, 4, 9, 16, 25]), [8, 12, 16], [3]);
  });

  it('goBackwards: the steps run from the last row; outputs are in the order of the steps', () => {
    const v = T.vector('v');
    const [out] = theano.scan({
      fn: (x: V, acc: V) => acc.add(x),
      sequences: v,
      outputsInfo: T.constant(0, { dtype: 'float64' }),
      goBackwards: true,
    });
    expectClose(theano.function([v], out as V).callSync([1, 2, 3, 4]), [4, 7, 9, 10], [4]);
  });

  it('several outputs, one not fed back (null in outputsInfo)', () => {
    const v = T.vector('v');
    const [outs] = theano.scan({
      fn: (x: V, acc: V) => [acc.add(x), x.mul(x)],
      sequences: v,
      outputsInfo: [T.constant(0, { dtype: 'float64' }), null],
    });
    const [acc, sq] = outs as V[];
    const [a, b] = theano.function([v], [acc!, sq!]).callSync([1, 2, 3]);
    expectClose(a!, [1, 3, 6], [3]);
    expectClose(b!, [1, 4, 9], [3]);
  });

  it('theano.until stops after the step where the condition holds', () => {
    const x0 = T.scalar('x0');
    const [pw] = theano.scan({
      fn: (prev: V) => {
        const next = prev.mul(2);
        return [next, theano.until(T.gt(next, 40))];
      },
      outputsInfo: x0,
      nSteps: 10,
    });
    const f = theano.function([x0], pw as V);
    expectClose(f.callSync(1), [2, 4, 8, 16, 32, 64], [6]);
    expectClose(f.callSync(100), [200], [1]);
  });

  it('updates of shared variables: reads inside the loop see the last step, the update is the final value', () => {
    const c = theano.shared(0, 'c');
    const [out, updates] = theano.scan({
      fn: () => [c.mul(2), new Map([[c, c.add(1)]])],
      nSteps: 3,
    });
    expect(updates.get(c)).toBeDefined();
    const f = theano.function([], out as V, { updates });
    expectClose(f.callSync(), [0, 2, 4], [3]);
    expect(c.getValue().item()).toBe(3);
    expectClose(f.callSync(), [6, 8, 10], [3]);
    expect(c.getValue().item()).toBe(6);
  });

  it('a shared variable read (not updated) inside fn is an implicit non-sequence', () => {
    const w = theano.shared([1, 10], 'w');
    const v = T.vector('v');
    const [out] = theano.scan({ fn: (x: V) => x.mul(w).sum(), sequences: T.stack([v, v.mul(2)]) });
    const f = theano.function([v], out as V);
    expectClose(f.callSync([1, 2]), [21, 42], [2]);
    w.setValue([0, 1]);
    expectClose(f.callSync([1, 2]), [2, 4], [2]);
  });

  it('a nested scan: cumulative sums of each row', () => {
    const M = T.matrix('M');
    const [rows] = theano.scan({
      fn: (r: V) => {
        const [cs] = theano.scan({
          fn: (x: V, acc: V) => acc.add(x),
          sequences: r,
          outputsInfo: T.constant(0, { dtype: 'float64' }),
        });
        return cs as V;
      },
      sequences: M,
    });
    const f = theano.function([M], rows as V);
    expectClose(
      f.callSync([
        [1, 2, 3],
        [4, 5, 6],
      ]),
      [
        [1, 3, 6],
        [4, 9, 15],
      ],
      [2, 3],
    );
  });

  it('an inner scan reading the outer step’s slice as an implicit non-sequence', () => {
    const v = T.vector('v');
    // out[i] = sum_j v[i] * v[j]
    const [out] = theano.scan({
      fn: (a: V) => {
        const [prods] = theano.scan({ fn: (b: V) => a.mul(b), sequences: v });
        return (prods as V).sum();
      },
      sequences: v,
    });
    expectClose(theano.function([v], out as V).callSync([1, 2, 3]), [6, 12, 18], [3]);
  });
});

describe('theano.map / reduce / foldl / foldr', () => {
  it('map applies fn to each row, with non-sequences', () => {
    const v = T.vector('v');
    const a = T.scalar('a');
    const [sq] = theano.map((x: V, k: V) => x.mul(x).add(k), v, [a]);
    expectClose(theano.function([v, a], sq as V).callSync([1, 2, 3], 1), [2, 5, 10], [3]);
  });

  it('reduce returns the last value only', () => {
    const v = T.vector('v');
    const [total] = theano.reduce((x: V, acc: V) => acc.add(x), v, T.constant(0, { dtype: 'float64' }));
    expectClose(theano.function([v], total as V).callSync([1, 2, 3, 4]), 10, []);
  });

  it('foldl and foldr run in opposite orders', () => {
    const v = T.vector('v');
    const step = (x: V, acc: V) => acc.mul(10).add(x);
    const zero = T.constant(0, { dtype: 'float64' });
    const [l] = theano.foldl(step, v, zero);
    const [r] = theano.foldr(step, v, zero);
    const [lv, rv] = theano.function([v], [l as V, r as V]).callSync([1, 2, 3]);
    expectClose(lv!, 123, []);
    expectClose(rv!, 321, []);
  });
});

describe('theano.scan errors', () => {
  const v = T.vector('v');
  it('no sequences and no nSteps', () => {
    expect(() => theano.scan({ fn: (a: V) => a.add(1), outputsInfo: T.scalar('a0'), name: 'loop' })).toThrow(
      /theano\.scan\(loop\): give sequences or nSteps/,
    );
  });
  it('a negative nSteps, at build time and at run time', () => {
    expect(() => theano.scan({ fn: (a: V) => a.add(1), outputsInfo: T.scalar('a0'), nSteps: -2 })).toThrow(
      /nSteps must be a non-negative integer, got -2/,
    );
    const k = T.iscalar('k');
    const a0 = T.scalar('a0');
    const [out] = theano.scan({ fn: (a: V) => a.add(1), outputsInfo: a0, nSteps: k, name: 'inc' });
    const f = theano.function([a0, k], out as V);
    expect(() => f.callSync(0, -1)).toThrow(/Scan\{inc\}: nSteps must be a non-negative integer, got -1/);
  });
  it('fn returning more outputs than outputsInfo has entries', () => {
    expect(() =>
      theano.scan({ fn: (x: V, a: V) => [a.add(x), x], sequences: v, outputsInfo: [T.scalar('a0')], name: 'two' }),
    ).toThrow(/theano\.scan\(two\): fn returned 2 outputs, but outputsInfo has 1 entry/);
  });
  it('an output whose dtype or rank differs from its initial state', () => {
    expect(() =>
      theano.scan({ fn: (x: V, a: V) => a.add(x), sequences: v, outputsInfo: T.iscalar('a0'), name: 'acc' }),
    ).toThrow(
      /theano\.scan\(acc\): output 0 of fn is float64 with 0 dimension\(s\), but its initial state \(outputsInfo\[0\]\) is int32/,
    );
    expect(() =>
      theano.scan({ fn: (x: V, a: V) => a.add(x), sequences: T.matrix('m'), outputsInfo: T.scalar('a0') }),
    ).toThrow(/output 0 of fn is float64 with 1 dimension\(s\), but its initial state .* with 0/);
  });
  it('an initial value too short for its taps', () => {
    expect(() =>
      theano.scan({
        fn: (a: V, b: V) => a.add(b),
        outputsInfo: { initial: T.constant([1], { dtype: 'float64' }), taps: [-2, -1] },
        nSteps: 3,
        name: 'fib',
      }),
    ).toThrow(/theano\.scan\(fib\): outputsInfo\[0\]'s initial value has 1 rows, its taps \[-2, -1\] need 2/);
    const x0 = T.vector('x0');
    const [fib] = theano.scan({
      fn: (a: V, b: V) => a.add(b),
      outputsInfo: { initial: x0, taps: [-3, -1] },
      nSteps: 3,
      name: 'fib3',
    });
    expect(() => theano.function([x0], fib as V).callSync([1, 2])).toThrow(
      /Scan\{fib3\}: the initial state of output 0 has 2 rows, its taps \[-3, -1\] need 3/,
    );
  });
  it('a step that changes an output’s shape, at run time', () => {
    const x0 = T.vector('x0');
    const [out] = theano.scan({ fn: (p: V) => p.get('1:'), outputsInfo: x0, nSteps: 2, name: 'shrink' });
    expect(() => theano.function([x0], out as V).callSync([1, 2, 3])).toThrow(
      /Scan\{shrink\}: step 0 gave output 0 the shape \(2,\), its initial state has \(3,\)/,
    );
  });
  it('debugprint and pp show the scan', () => {
    const v = T.vector('v');
    const [out] = theano.scan({ fn: (x: V) => x.mul(2), sequences: v, name: 'double' });
    expect(theano.printing.debugprint(out as V, { file: 'str' })).toContain('Scan{double}');
    expect(theano.pp(out as V)).toContain('Scan{double}');
  });
  it('non-negative taps on an output, and strict with an undeclared shared variable', () => {
    expect(() =>
      theano.scan({ fn: (a: V) => a, outputsInfo: { initial: T.scalar('a'), taps: [0] }, nSteps: 2 }),
    ).toThrow(/outputsInfo\[0\]: an output's taps must be negative/);
    const w = theano.shared(2, 'w');
    expect(() => theano.scan({ fn: (x: V) => x.mul(w), sequences: v, strict: true, name: 's' })).toThrow(
      /theano\.scan\(s\): strict is set, but fn reads w/,
    );
    expect(() =>
      theano.scan({ fn: (x: V, k: V) => x.mul(k), sequences: v, nonSequences: w, strict: true }),
    ).not.toThrow();
  });
});

describe('scan and the optimizer', () => {
  const scanNodes = (f: { maker: { fgraph: theano.FunctionGraph } }) =>
    f.maker.fgraph.nodes.filter((n) => n.op.kind === 'scan');

  it('loop-invariant parts of the step are computed once, outside the loop', () => {
    const v = T.vector('v');
    const W = T.vector('W');
    const [out] = theano.map((x: V, w: V) => x.mul(T.exp(w).sum()), v, [W]);
    const inner = theano.SCAN.matchOutput(out as V)!.inner;
    expect(inner.nodes.map((n) => n.op.kind)).not.toContain('exp');
    // Σ exp([0, ln 2]) = 3
    expectClose(theano.function([v, W], out as V).callSync([1, 2], [0, Math.log(2)]), [3, 6], [2], 1e-12);
  });

  it('local_scan_save_mem: an output read only at its last row keeps no history', () => {
    const v = T.vector('v');
    const [total] = theano.reduce((x: V, acc: V) => acc.add(x), v, T.constant(0, { dtype: 'float64' }));
    const f = theano.function([v], total as V);
    const [node] = scanNodes(f);
    expect(theano.SCAN.match(node)!.lastOnly).toEqual([true]);
    expect(node!.outputs[0]!.type.shape[0]).toBe(1);
    expectClose(f.callSync([1, 2, 3, 4]), 10, []);
    expectClose(f.callSync([]), 0, []);
    // Fibonacci's last value (foldl over ones, taps [-2, -1]): a window of 2 rows
    const x0 = T.vector('x0');
    const [fib] = theano.foldl((x: V, a: V, b: V) => a.add(b).mul(x), v, { initial: x0, taps: [-2, -1] });
    const g = theano.function([v, x0], fib as V);
    const [fnode] = scanNodes(g);
    expect(theano.SCAN.match(fnode)!.lastOnly).toEqual([true]);
    expect(fnode!.outputs[0]!.type.shape[0]).toBe(2);
    expectClose(g.callSync([1, 1, 1, 1], [0, 1]), 5, []);
  });

  it('keeps the history of an output that is read whole, and of the shared-variable states only the last', () => {
    const v = T.vector('v');
    const c = theano.shared(0, 'c');
    const [out, updates] = theano.scan({
      fn: (x: V, acc: V) => [acc.add(x), new Map([[c, c.add(x)]])],
      sequences: v,
      outputsInfo: T.constant(0, { dtype: 'float64' }),
    });
    const f = theano.function([v], out as V, { updates });
    const [node] = scanNodes(f);
    expect(theano.SCAN.match(node)!.lastOnly).toEqual([false, true]);
    expectClose(f.callSync([1, 2, 3]), [1, 3, 6], [3]);
    expect(c.getValue().item()).toBe(6);
  });
});
