// Compile modes on the reference backend: DebugMode (every node of the graph as written checked for inf and
// NaN, naming the node; the optimized function's outputs compared with the unoptimized ones), NanGuardMode
// and each of its flags, mode names and their errors, and `theano.config.mode` as the default.

import type { NDArray } from 'theano-ts';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';

const T = theano.tensor;
const x = T.dscalar('x');

/** The error `run` throws (failing the test when it throws none). */
function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, none was thrown');
}

describe('DebugMode', () => {
  it('10 / x at x = 0 raises InvalidValueError naming the true_div node and the inf', () => {
    const f = theano.function([x], T.div(10, x), { mode: 'DebugMode' });
    const e = thrown(() => f.callSync(0));
    expect(e).toBeInstanceOf(theano.InvalidValueError);
    expect(e.message).toContain('true_div');
    expect(e.message).toContain('inf');
    expect(e.message).toContain('DebugMode');
    // the same function at x = 4 is fine
    expect(f.callSync(4).item()).toBe(2.5);
  });

  it('log(x) at x = -1 raises InvalidValueError naming the log node and the NaN', async () => {
    const f = theano.function([x], T.log(x).add(1), { mode: theano.DebugMode() });
    const e = thrown(() => f.callSync(-1));
    expect(e).toBeInstanceOf(theano.InvalidValueError);
    expect(e.message).toContain('log');
    expect(e.message).toMatch(/nan/i);
    await expect(f(-1)).rejects.toThrow(theano.InvalidValueError);
    expect(f.callSync(1).item()).toBe(1);
  });

  it('an intermediate NaN is caught even when a later node hides it', () => {
    // lt(NaN, 0) is false: the output is a plain boolean, but the log node computed a NaN
    const f = theano.function([x], T.lt(T.log(x), 0), { mode: 'DebugMode' });
    const e = thrown(() => f.callSync(-1));
    expect(e).toBeInstanceOf(theano.InvalidValueError);
    expect(e.message).toContain('log');
  });

  it('a normal function passes and computes its value', () => {
    const [a, b] = T.dvectors('a', 'b');
    const f = theano.function([a!, b!], a!.mul(2).add(b!).mul(1).sub(0), { mode: 'DebugMode' });
    expect(f.maker.mode).toBe('DebugMode');
    expect(f.callSync([1, 2], [10, 20]).toArray()).toEqual([12, 24]);
  });

  it('a rewrite that changes values raises BadOptimizationError', () => {
    theano.registerRewrite({
      name: 'test_bad_exp_to_log',
      phase: 'canonicalize',
      tags: ['test_bad_value'],
      ops: ['exp'],
      apply: (node) => T.log(node.inputs[0]!),
    });
    const out = T.exp(x);
    // without the check the broken rewrite silently computes log(2)
    const unchecked = theano.function([x], out, { mode: theano.Mode({ including: ['test_bad_value'] }) });
    expect(unchecked.callSync(2).item()).toBeCloseTo(Math.LN2, 14);
    const checked = theano.function([x], out, { mode: theano.Mode({ check: 'debug', including: ['test_bad_value'] }) });
    const e = thrown(() => checked.callSync(2));
    expect(e).toBeInstanceOf(theano.BadOptimizationError);
    expect(e.message).toContain('output 0');
    // the predefined DebugMode does not include the test tag: exp(2) = 7.38905609893065
    expect(theano.function([x], out, { mode: 'DebugMode' }).callSync(2).item()).toBeCloseTo(7.38905609893065, 13);
  });
});

describe('NanGuardMode', () => {
  const logx = T.log(x);
  const tenOverX = T.div(10, x);
  const big = x.mul(1e6);

  it('raises on NaN, and not when nanIsError is off', () => {
    const e = thrown(() => theano.function([x], logx, { mode: 'NanGuardMode' }).callSync(-1));
    expect(e).toBeInstanceOf(theano.InvalidValueError);
    expect(e.message).toContain('NanGuardMode');
    expect(e.message).toContain('NaN');
    const off = theano.function([x], logx, { mode: theano.NanGuardMode({ nanIsError: false }) });
    expect(Number.isNaN(off.callSync(-1).item())).toBe(true);
  });

  it('raises on inf, and not when infIsError is off', () => {
    const e = thrown(() => theano.function([x], tenOverX, { mode: theano.NanGuardMode() }).callSync(0));
    expect(e).toBeInstanceOf(theano.InvalidValueError);
    expect(e.message).toContain('inf');
    const neg = thrown(() => theano.function([x], tenOverX.neg(), { mode: theano.NanGuardMode() }).callSync(0));
    expect(neg.message).toContain('-inf');
    const off = theano.function([x], tenOverX, { mode: theano.NanGuardMode({ infIsError: false }) });
    expect(off.callSync(0).item()).toBe(Number.POSITIVE_INFINITY);
  });

  it('raises on |x| > 1e10, and not when bigIsError is off', () => {
    const e = thrown(() => theano.function([x], big, { mode: theano.NanGuardMode() }).callSync(1e5));
    expect(e).toBeInstanceOf(theano.InvalidValueError);
    expect(e.message).toMatch(/big value \(100000000000\)/);
    const off = theano.function([x], big, { mode: theano.NanGuardMode({ bigIsError: false }) });
    expect(off.callSync(1e5).item()).toBe(1e11);
    // 1e10 itself is not big
    expect(theano.function([x], big, { mode: theano.NanGuardMode() }).callSync(1e4).item()).toBe(1e10);
  });

  it('each flag only guards its own kind of value', () => {
    const onlyNan = theano.NanGuardMode({ infIsError: false, bigIsError: false });
    expect(theano.function([x], tenOverX, { mode: onlyNan }).callSync(0).item()).toBe(Number.POSITIVE_INFINITY);
    expect(theano.function([x], big, { mode: onlyNan }).callSync(1e5).item()).toBe(1e11);
    expect(() => theano.function([x], logx, { mode: onlyNan }).callSync(-1)).toThrow(theano.InvalidValueError);
    const onlyBig = theano.NanGuardMode({ nanIsError: false, infIsError: false });
    expect(Number.isNaN(theano.function([x], logx, { mode: onlyBig }).callSync(-1).item())).toBe(true);
    expect(theano.function([x], tenOverX, { mode: onlyBig }).callSync(0).item()).toBe(Number.POSITIVE_INFINITY);
    expect(() => theano.function([x], big, { mode: onlyBig }).callSync(1e5)).toThrow(theano.InvalidValueError);
  });

  it('a guarded function returns its outputs (not the intermediates it checks) and runs updates', () => {
    const acc = theano.shared(theano.array([1, 2]), 'acc');
    const v = T.dvector('v');
    const f = theano.function([v], [v.mul(2).add(1), v.exp()], {
      mode: 'NanGuardMode',
      updates: [[acc, acc.add(v)]],
    });
    const out = f.callSync([0, 1]) as NDArray[];
    expect(out).toHaveLength(2);
    expect(out[0]!.toArray()).toEqual([1, 3]);
    expect(out[1]!.toArray()).toEqual([1, Math.E]);
    expect(acc.getValue().toArray()).toEqual([1, 3]);
  });
});

describe('mode names and theano.config.mode', () => {
  it('an unknown mode name is an error naming it and the known ones', () => {
    const e = thrown(() => theano.function([x], x.mul(2), { mode: 'FAST_RUNN' }));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toContain('"FAST_RUNN"');
    expect(e.message).toContain('FAST_RUN, FAST_COMPILE');
    expect(() => theano.getMode('nope')).toThrow(/unknown mode "nope"/);
    expect(() => theano.Mode({ optimizer: 'fast' as theano.OptimizerName })).toThrow(/optimizer must be .* got "fast"/);
  });

  it('theano.Mode works with and without new; names and predefined modes', () => {
    const a = theano.Mode({ optimizer: 'fast_compile' });
    const b = new theano.Mode({ optimizer: 'fast_compile' });
    expect(a).toBeInstanceOf(theano.Mode);
    expect(b).toBeInstanceOf(theano.Mode);
    expect(a.selection()).toEqual(b.selection());
    expect(theano.getMode('FAST_RUN').optimizer).toBe('fast_run');
    expect(theano.getMode('FAST_COMPILE').optimizer).toBe('fast_compile');
    expect(theano.getMode('DebugMode').check).toBe('debug');
    expect(theano.getMode('NanGuardMode').check).toBe('nanguard');
    expect(a.excludingRewrites('local_mul_one').excluding).toEqual(['local_mul_one']);
  });

  it("theano.config.mode = 'FAST_COMPILE' is used when a function names no mode", () => {
    const [a, b, c] = T.dvectors('a', 'b', 'c');
    const out = a!.add(b!).add(c!);
    const saved = theano.config.mode;
    let fc: theano.TheanoFunction<NDArray>;
    try {
      theano.config.mode = 'FAST_COMPILE';
      fc = theano.function([a!, b!, c!], out);
    } finally {
      theano.config.mode = saved;
    }
    expect(fc.maker.mode).toBe('FAST_COMPILE');
    // no canonicalization: the two adds stay apart
    expect(fc.maker.fgraph.nodes.map((n) => n.op.kind)).toEqual(['add', 'add']);
    expect(fc.callSync([1], [10], [100]).toArray()).toEqual([111]);
    const fr = theano.function([a!, b!, c!], out);
    expect(fr.maker.mode).toBe(saved);
    expect(fr.maker.fgraph.nodes).toHaveLength(1);
    expect(fr.callSync([1], [10], [100]).toArray()).toEqual([111]);
  });

  it("theano.config.mode = 'DebugMode' checks functions that name no mode", () => {
    const saved = theano.config.mode;
    let f: theano.TheanoFunction<NDArray>;
    try {
      theano.config.mode = 'DebugMode';
      f = theano.function([x], T.div(10, x));
    } finally {
      theano.config.mode = saved;
    }
    expect(() => f.callSync(0)).toThrow(theano.InvalidValueError);
  });
});
