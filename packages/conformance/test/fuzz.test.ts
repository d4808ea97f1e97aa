// The differential fuzzer: its fixed CI budget (seeded) on ref (FAST_RUN against FAST_COMPILE) and on onnx;
// that it catches a backend that is wrong, shrinks the failure to the op at fault and prints it as code;
// that a backend's unsupported ops are skipped and counted; and its comparison rules, on values worked out
// by hand.
import '@theano-ts/backend-onnx';
import fc from 'fast-check';
import * as theano from 'theano-ts';
import { type Backend, type Executable, fromFloat64, isFloatDType, type NDArray, ref, TensorConstant } from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { graphArb } from '../src/fuzz/arbitrary.ts';
import { buildGraph, graphCode } from '../src/fuzz/build.ts';
import { countOps, type Desc, type GraphDesc, opsOf } from '../src/fuzz/desc.ts';
import { main } from '../src/fuzz/main.ts';
import { compareResults, FuzzMismatch, formatFuzzReport, fuzz } from '../src/fuzz/run.ts';
import { noDot } from './backends.ts';

theano.registerBackend(noDot);

/** ref, but every float output of a graph holding a `dot` is off by 1 (a wrong dot kernel). */
const wrongDot: Backend = (() => {
  const shift = (a: NDArray): NDArray =>
    isFloatDType(a.dtype)
      ? fromFloat64(
          Array.from(a.toFloat64(), (v) => v + 1),
          a.shape,
          a.dtype,
        )
      : a;
  const wrap = (e: Executable, on: boolean): Executable => ({
    run: async (ins) => (on ? (await e.run(ins)).map(shift) : e.run(ins)),
    runSync: (ins) => (on ? e.runSync!(ins).map(shift) : e.runSync!(ins)),
  });
  return {
    name: 'wrong-dot',
    capabilities: ref.capabilities,
    compileSync: (fg, opts) =>
      wrap(
        ref.compileSync!(fg, opts),
        fg.nodes.some((n) => n.op.kind === 'dot'),
      ),
    compile: async (fg, opts) =>
      wrap(
        await ref.compile(fg, opts),
        fg.nodes.some((n) => n.op.kind === 'dot'),
      ),
  };
})();
theano.registerBackend(wrongDot);

// The CI budget: 4000 graphs on ref and 2000 on onnx (about 25 s on two cores, measured); `npm run fuzz` runs more.
const REF_GRAPHS = 4000;
const ONNX_GRAPHS = 2000;

describe('the fuzzer, its fixed budget', () => {
  it(`finds no difference in ${REF_GRAPHS} graphs on ref (FAST_RUN against FAST_COMPILE)`, async () => {
    const r = await fuzz({ graphs: REF_GRAPHS, seed: 20261205, maxDepth: 5 });
    console.log(formatFuzzReport(r));
    expect(r.failure?.message ?? null).toBeNull();
    expect(r.graphs).toBe(REF_GRAPHS);
    expect(r.compared).toBe(REF_GRAPHS);
  }, 120_000);

  it(`finds no difference in ${ONNX_GRAPHS} graphs on onnx (and ref) against ref/FAST_COMPILE`, async () => {
    const r = await fuzz({
      graphs: ONNX_GRAPHS,
      seed: 1205,
      backends: ['onnx'],
    });
    console.log(formatFuzzReport(r));
    expect(r.failure?.message ?? null).toBeNull();
    expect(r.graphs).toBe(ONNX_GRAPHS);
    // each graph compared on ref/FAST_RUN and onnx/FAST_RUN, less those onnx declared unsupported
    const skipped = Object.values(r.skipped['onnx/FAST_RUN'] ?? {}).reduce((a, b) => a + b, 0);
    expect(r.compared).toBe(2 * ONNX_GRAPHS - skipped);
  }, 120_000);
});

describe('the fuzzer catches, shrinks and prints', () => {
  it('shrinks a wrong dot kernel to one dot of two inputs, printed as a program', async () => {
    const r = await fuzz({ graphs: 300, seed: 5, backends: ['wrong-dot'] });
    const f = r.failure!;
    expect(f).not.toBeNull();
    expect(f.message).toMatch(/^wrong-dot\/FAST_RUN: element 0 is /);
    expect(countOps(f.graph.out)).toBe(1);
    expect([...opsOf(f.graph.out)]).toEqual(['dot']);
    expect(f.code).toContain(
      "const f = theano.function([x0, x1], T.dot(x0, x1), { backend: 'wrong-dot', mode: theano.Mode({ optimizer: 'fast_run', excluding: ['stabilize'] }) });",
    );
    expect(f.baselineCode).toContain("{ backend: 'ref', mode: 'FAST_COMPILE' }");
    expect(formatFuzzReport(r)).toContain('shrunk to (paste and run):');
  }, 60_000);

  it('skips and counts the graphs a backend declares unsupported', async () => {
    // 'fake' is ref without dot (and without complex dtypes), declared in its capabilities
    const r = await fuzz({ graphs: 150, seed: 5, backends: ['fake'] });
    expect(r.failure).toBeNull();
    const reasons = r.skipped['fake/FAST_RUN'] ?? {};
    const n = Object.values(reasons).reduce((a, b) => a + b, 0);
    expect(n).toBeGreaterThan(0);
    expect(Object.keys(reasons).every((why) => /fake: op dot has no kernel/.test(why))).toBe(true);
    expect(r.compared).toBe(150 + 150 - n); // ref/FAST_RUN every time, fake where it could
    expect(formatFuzzReport(r)).toMatch(/fake\/FAST_RUN: \d+ graphs declared unsupported \(skipped\)/);
  }, 60_000);
});

describe('the printed program', () => {
  it('declares each input, builds the expression and calls it with the values', () => {
    const g: GraphDesc = {
      out: {
        k: 'reduce',
        op: 'sum',
        axes: [0],
        keepdims: false,
        x: {
          k: 'unary',
          op: 'exp',
          x: { k: 'input', dtype: 'float64', shape: [2, 2], values: [1, -0, Number.NaN, -Infinity] },
        },
      },
    };
    const b = buildGraph(g);
    expect(graphCode(b, 'onnx', 'FAST_COMPILE')).toBe(
      [
        "import * as theano from 'theano-ts';",
        "import '@theano-ts/backend-onnx';",
        'const T = theano.tensor;',
        "const x0 = T.tensor('float64', [false, false], 'x0');",
        "const f = theano.function([x0], T.exp(x0).sum({ axis: [0], keepdims: false }), { backend: 'onnx', mode: 'FAST_COMPILE' });",
        "console.log(String(await f(theano.array([[1, -0], [NaN, -Infinity]], 'float64'))));",
      ].join('\n'),
    );
    // exp([[1, -0], [NaN, -inf]]).sum(0) = [e + NaN, 1 + 0] = [NaN, 1]
    const f = theano.function(b.inputs, b.output);
    const out = f.callSync(...b.values) as NDArray;
    expect(Number.isNaN(out.toFloat64()[0]!)).toBe(true);
    expect(out.toFloat64()[1]).toBe(1);
  });

  it('shows its repairs: a float cast to an int dtype becomes float64, bitwise ops take x > 0, int sums accumulate in int32', () => {
    const x = { k: 'input', dtype: 'float32', shape: [], values: [2.5] } as const;
    const i = { k: 'input', dtype: 'int8', shape: [3], values: [100, 100, 100] } as const;
    expect(buildGraph({ out: { k: 'cast', dtype: 'int16', x } }).expr).toBe("T.cast(x0, 'float64')");
    expect(buildGraph({ out: { k: 'unary', op: 'invert', x } }).expr).toBe('T.invert(T.gt(x0, 0))');
    const s = buildGraph({ out: { k: 'reduce', op: 'sum', axes: null, keepdims: false, x: i } });
    expect(s.expr).toBe("x0.sum({ axis: null, keepdims: false, dtype: 'int32' })");
    expect((theano.function(s.inputs, s.output).callSync(...s.values) as NDArray).toFloat64()[0]).toBe(300);
    // an empty input prints as theano.zeros (its nesting cannot show the shape)
    const e = buildGraph({ out: { k: 'input', dtype: 'int32', shape: [0, 2], values: [] } });
    expect(e.args).toEqual(["theano.zeros([0, 2], 'int32')"]);
  });
});

describe('a dtype set without float64 (a backend such as webgl)', () => {
  const i32 = { k: 'input', dtype: 'int32', shape: [2], values: [3, -4] } as const;
  const f32 = { k: 'input', dtype: 'float32', shape: [2], values: [0.5, 0.25] } as const;
  const run = (b: ReturnType<typeof buildGraph>) =>
    theano.function(b.inputs, b.output).callSync(...b.values) as NDArray;

  it('casts what Theano would promote to float64 to float32 instead, and shows it', () => {
    const add: GraphDesc = { out: { k: 'binary', op: 'add', a: i32, b: f32 } };
    // Theano's rule, kept by default: int32 + float32 is float64
    expect(buildGraph(add).output.dtype).toBe('float64');
    const b = buildGraph({ ...add, floatX: 'float32' });
    expect(b.expr).toBe("T.add(T.cast(x0, 'float32'), x1)");
    expect(b.output.dtype).toBe('float32');
    expect(Array.from(run(b).toFloat64())).toEqual([3.5, -3.75]);
    // the mean of bools, and the float repairs (an int product), in float32
    const bools = { k: 'input', dtype: 'bool', shape: [4], values: [1, 0, 1, 1] } as const;
    const mean = buildGraph({
      out: { k: 'reduce', op: 'mean', axes: null, keepdims: false, x: bools },
      floatX: 'float32',
    });
    expect(mean.expr).toBe("T.cast(x0, 'float32').mean({ axis: null, keepdims: false })");
    expect(run(mean).dtype).toBe('float32');
    expect(run(mean).item()).toBe(0.75);
    const prod = buildGraph({
      out: { k: 'reduce', op: 'prod', axes: null, keepdims: false, x: i32 },
      floatX: 'float32',
    });
    expect(prod.expr).toBe("T.cast(x0, 'float32').prod({ axis: null, keepdims: false })");
    expect(run(prod).item()).toBe(-12);
  });

  it('generates inputs and casts of the set only, and no float64 value but weak JS numbers', () => {
    const dtypes = ['float32', 'int32', 'bool'] as const;
    const graphs = fc.sample(graphArb({ dtypes, maxDepth: 5 }), { numRuns: 400, seed: 3 });
    const seen = new Set<string>();
    const visit = (d: Desc): void => {
      if (d.k === 'input' || d.k === 'cast') seen.add(d.dtype);
      for (const key of ['x', 'a', 'b', 'c'] as const) {
        const c = (d as Record<string, unknown>)[key];
        if (c && typeof c === 'object') visit(c as Desc);
      }
    };
    for (const g of graphs) {
      expect(g.floatX).toBe('float32');
      visit(g.out);
      const b = buildGraph(g);
      // every variable of the graph but the JS numbers' constants (weak: they take their operand's dtype)
      const float64: string[] = [];
      const walk = (v: theano.TensorVariable): void => {
        if (v instanceof TensorConstant) return;
        if (v.dtype === 'float64') float64.push(String(v));
        for (const u of v.owner?.inputs ?? []) walk(u);
      };
      walk(b.output);
      expect(float64, b.expr).toEqual([]);
    }
    expect([...seen].sort()).toEqual(['bool', 'float32', 'int32']);
    // the default set is unchanged (its graphs carry no floatX)
    expect(fc.sample(graphArb(), { numRuns: 5, seed: 3 }).every((g) => g.floatX === undefined)).toBe(true);
  });
});

describe('the comparison', () => {
  const arr = (v: number[], dtype: 'float32' | 'float64' | 'int32') => theano.array(v, dtype);
  const t = { backend: 'ref', mode: 'FAST_RUN' };
  const cmp =
    (got: NDArray, want: NDArray, nOps = 1) =>
    () =>
      compareResults(ref, t, got, want, new Set(['add']), nOps);

  it('takes NaN for NaN and equal infinities, not a zero of the other sign', () => {
    expect(cmp(arr([Number.NaN, Infinity, -0], 'float64'), arr([Number.NaN, Infinity, -0], 'float64'))).not.toThrow();
    expect(cmp(arr([1, -0], 'float64'), arr([1, 0], 'float64'))).toThrow(/element 1 is -0, the baseline .* gives 0 /);
  });

  it("after dot (numpy's zero sign depends on its BLAS) takes either zero, and either infinity a division makes of it", () => {
    const loose = (got: NDArray, want: NDArray) => () =>
      compareResults(ref, t, got, want, new Set(['dot', 'true_div']), 2);
    expect(loose(arr([-0, -Infinity], 'float64'), arr([0, Infinity], 'float64'))).not.toThrow();
    expect(cmp(arr([-Infinity], 'float64'), arr([Infinity], 'float64'))).toThrow(/element 0 is -Infinity/);
    expect(loose(arr([Infinity], 'float64'), arr([1e300], 'float64'))).toThrow(/element 0 is Infinity/);
  });

  it('rejects NaN for a number, an infinity for a large number, and a wrong shape or dtype', () => {
    expect(cmp(arr([Number.NaN], 'float64'), arr([0], 'float64'))).toThrow(FuzzMismatch);
    expect(cmp(arr([Infinity], 'float32'), arr([3e38], 'float32'))).toThrow(/element 0 is Infinity/);
    expect(cmp(arr([1, 2], 'float64'), arr([1], 'float64'))).toThrow(/shape \(2\), baseline \(1\)/);
    expect(cmp(arr([1], 'float32'), arr([1], 'float64'))).toThrow(/dtype float32, baseline float64/);
  });

  it('allows float32 1e-5 and float64 1e-12 relative (per op of the graph), integers exactly', () => {
    // 1 + 2^-20 differs from 1 by 9.5e-7 < 1e-5: a float32 pass; 1 + 2^-16 (1.5e-5) fails one op, passes two
    expect(cmp(arr([1 + 2 ** -20], 'float32'), arr([1], 'float32'))).not.toThrow();
    expect(cmp(arr([1 + 2 ** -16], 'float32'), arr([1], 'float32'))).toThrow(/tolerance 1.00e-5/);
    expect(cmp(arr([1 + 2 ** -16], 'float32'), arr([1], 'float32'), 2)).not.toThrow();
    // relative above 1: 1e6·(1 + 1e-13) passes in float64, 1e6 + 1e-5 (1e-11 relative) does not
    expect(cmp(arr([1e6 * (1 + 1e-13)], 'float64'), arr([1e6], 'float64'))).not.toThrow();
    expect(cmp(arr([1e6 + 1e-5], 'float64'), arr([1e6], 'float64'))).toThrow(FuzzMismatch);
    expect(cmp(arr([3], 'int32'), arr([4], 'int32'))).toThrow(
      /element 0 is 3, the baseline \(ref\/FAST_COMPILE\) gives 4/,
    );
  });
});

describe('the fuzz command', () => {
  const capture = () => {
    const log: string[] = [];
    const err: string[] = [];
    return { out: { log: (l: string) => log.push(l), error: (l: string) => err.push(l) }, log, err };
  };

  it('runs N graphs with a seed and exits 0 on onnx', async () => {
    const c = capture();
    expect(await main(['--graphs', '25', '--seed', '4', '--backend', 'onnx'], c.out)).toBe(0);
    expect(c.log.join('\n')).toContain('fuzz: 25 graphs, 50 comparisons with ref/FAST_COMPILE (seed 4)');
  });

  it('exits 2 with the usage on a bad argument or an unknown backend', async () => {
    const c = capture();
    expect(await main(['--graphs', 'many'], c.out)).toBe(2);
    expect(c.err[0]).toMatch(/^fuzz: --graphs needs an integer, got "many"\nusage: theano-ts-fuzz/);
    expect(await main(['--backend', 'nope'], c.out)).toBe(2);
    expect(c.err[1]).toMatch(/^fuzz: unknown backend nope; registered: .*ref/);
  });
});
