// Every example of the picker runs on the reference backend (in Node, no browser), and what it prints and
// plots matches values worked out by hand. The browser test (playground.test.ts) runs two of them in the
// built page, on webgl and on ref.
import { describe, expect, it } from 'vitest';
import { EXAMPLES, example } from '../src/examples.ts';
import { plotSvg, tickLabel } from '../src/plot.ts';
import { compileCode, debugprintText, graphSvg, ppText, type RunResult, runCode, selectBackend } from '../src/run.ts';

/** The numbers written in a printed line, in order (`'[14. 32.] 91.0'` → [14, 32, 91]). */
const nums = (line: string) => (line.match(/-?\d+(\.\d*)?(e[-+]?\d+)?/g) ?? []).map(Number);

async function run(id: string): Promise<RunResult> {
  const r = await runCode(example(id).code, 'ref');
  expect(r.error).toBeNull();
  expect(r.backend).toBe('ref');
  return r;
}

describe('the examples, on ref', () => {
  it('square: 3² = 9 and 4² = 16, pp as the tutorial prints it', async () => {
    const r = await run('square');
    expect(r.lines.map(nums).slice(2)).toEqual([[9], [16]]);
    expect(ppText(r)).toBe('(x ** TensorConstant{2})');
  });

  it('linear mix: A·x = [14, 32], A·x + b = [18, 37], Σ A² = 91', async () => {
    // A = [[1,2,3],[4,5,6]], x = [1,2,3]: 1+4+9 = 14, 4+10+18 = 32; b = [4,5]; 1+4+9+16+25+36 = 91
    const r = await run('linear-mix');
    expect(r.lines.map(nums)).toEqual([
      [14, 32, 91],
      [18, 37, 91],
    ]);
    // no plot() call: the printed 1-D arrays are plotted
    expect(r.series.map((s) => s.y)).toEqual([
      [14, 32],
      [18, 37],
    ]);
    expect(debugprintText(r)).toMatch(/\bdot\b/);
  });

  it('gradient: d(x²)/dx at 10 is 20, the jacobian of A·x + b is A, the slope of x³ is 3x²', async () => {
    const r = await run('gradient');
    expect(nums(r.lines[0]!)).toEqual([20]);
    expect(r.lines.slice(1).flatMap(nums)).toEqual([9, 8, 7, 4, 5, 6]);
    const [slope] = r.series;
    slope!.x.forEach((x, i) => {
      expect(slope!.y[i]).toBeCloseTo(3 * x * x, 12);
    });
  });

  it('shared update: the costs are 9·0.64^n and w ends at 3·(1 - 0.8^30)', async () => {
    const r = await run('shared-update');
    expect(nums(r.lines[0]!)[1]).toBeCloseTo(3 * (1 - 0.8 ** 30), 12);
    const costs = r.series[0]!.y;
    expect(costs).toHaveLength(30);
    costs.forEach((c, n) => {
      expect(c).toBeCloseTo(9 * 0.64 ** n, 12);
    });
  });

  it("logistic: s(0) = 0.5, s'(0) = 0.25, s' = s·(1 - s) everywhere", async () => {
    const r = await run('logistic');
    expect(nums(r.lines[0]!)).toEqual([0, 0.5, 0, 0.25]);
    const [s, ds] = r.series;
    s!.x.forEach((x, i) => {
      const e = 1 / (1 + Math.exp(-x));
      expect(s!.y[i]).toBeCloseTo(e, 12);
      expect(ds!.y[i]).toBeCloseTo(e * (1 - e), 12);
    });
  });

  it('scan: squares of 0..5 and the running sums of 1..8', async () => {
    const r = await run('scan');
    expect(r.lines.map(nums)).toEqual([
      [0, 1, 4, 9, 16, 25],
      [1, 3, 6, 10, 15, 21, 28, 36],
    ]);
  });

  it('every example shows a function whose graph Graphviz draws', async () => {
    for (const ex of EXAMPLES) {
      const r = await runCode(ex.code, 'ref');
      expect(r.fn, ex.id).not.toBeNull();
      const svg = await graphSvg(r);
      expect(svg, ex.id).toMatch(/<svg[\s\S]*class="node"/);
    }
  });
});

describe('the convention', () => {
  it('without show or a returned f, the last function compiled is shown', async () => {
    const r = await runCode(
      "const x = T.scalar('x'); const f = theano.function([x], x.mul(2)); print(await f(4));",
      'ref',
    );
    expect(r.lines).toEqual(['8.0']);
    expect(r.fn).not.toBeNull();
    expect(ppText(r)).toBe('(x * TensorConstant{2})');
  });

  it('errors end the run and come back with what was printed before', async () => {
    const r = await runCode("print('before'); throw new RangeError('stop here');", 'ref');
    expect(r.lines).toEqual(['before']);
    expect(r.error).toBeInstanceOf(RangeError);
    expect(r.error?.message).toBe('stop here');
  });

  it('bad input to the helpers is a clear error', async () => {
    expect((await runCode('plot([[1, 2], [3, 4]]);', 'ref')).error?.message).toBe(
      'plot: expected numbers, got object at index 0',
    );
    expect((await runCode('plot([1, 2], { x: [1] });', 'ref')).error?.message).toBe('plot: x has 1 values but y has 2');
    expect((await runCode('show(42);', 'ref')).error?.message).toBe(
      'show: expected a compiled function (what theano.function returns), got number',
    );
    expect(() => selectBackend('gpu' as 'ref')).toThrow('backend: expected one of webgl, ref, got "gpu"');
    expect(() => compileCode('return )')).toThrow(SyntaxError);
  });

  it('with nothing compiled, the panes say what to do', async () => {
    const r = await runCode("print('hi')", 'ref');
    expect(ppText(r)).toMatch(/^\(no output to print/);
    expect(debugprintText(r)).toMatch(/^\(no compiled function/);
    expect(await graphSvg(r)).toBeNull();
  });
});

describe('plotSvg', () => {
  it('maps the extremes to the corners of the frame and breaks lines at non-finite points', () => {
    const svg = plotSvg([{ label: 'a', x: [0, 1, 2, 3, 4], y: [0, 10, Number.NaN, 5, 10] }], {
      width: 200,
      height: 100,
    });
    // frame: x from 56 to 184 (200 - 16), y from 16 to 64 (100 - 36); y = 10 at the top, 0 at the bottom
    const lines = [...svg.matchAll(/<polyline[^>]*points="([^"]*)"/g)].map((m) => m[1]);
    expect(lines).toEqual(['56.00,64.00 88.00,16.00', '152.00,40.00 184.00,16.00']);
  });

  it('says so when there is nothing to plot', () => {
    expect(plotSvg([])).toContain('nothing to plot');
    expect(tickLabel(0.000123)).toBe('1.23e-4');
    expect(tickLabel(2.5)).toBe('2.5');
  });
});
