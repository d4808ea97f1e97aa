// Fused elementwise nodes where code generation is not allowed (a page whose Content-Security-Policy has no
// 'unsafe-eval'): the reference backend interprets the Composite instead of compiling a loop, with the same
// numbers. `setCodegen('off')` forces that path in Node; a stubbed `Function` that throws as a CSP page's does
// checks the automatic probe.
import { codegenEnabled, setCodegen } from '@theano-ts/backend-ref';
import * as theano from 'theano-ts';
import { afterEach, describe, expect, it } from 'vitest';

const T = theano.tensor;

const X = [0.5, -1, 2, 0.125];
const Y = [0.3, 0.7, -0.25, 8];
/** tanh(x·y + 1) in float64, computed here element by element. */
const EXPECTED = X.map((x, i) => Math.tanh(x * Y[i]! + 1));

function fusedTanh(dtype: 'float64' | 'float32') {
  const x = T.vector('x', dtype);
  const y = T.vector('y', dtype);
  const f = theano.function([x, y], T.tanh(x.mul(y).add(1)));
  const kinds = f.maker.fgraph.nodes.map((n) => n.op.kind);
  expect(kinds).toEqual(['composite']);
  return f;
}

/** Runs `body` with the global `Function` replaced by one that throws as a strict-CSP page's does. */
function withoutEval<R>(body: () => R): { result: R; attempts: number } {
  const original = globalThis.Function;
  let attempts = 0;
  const refusing = function refusingFunction() {
    attempts++;
    throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not allowed");
  } as unknown as FunctionConstructor;
  globalThis.Function = refusing;
  try {
    return { result: body(), attempts };
  } finally {
    globalThis.Function = original;
  }
}

afterEach(() => setCodegen('auto'));

describe('fused loops without code generation', () => {
  it("setCodegen('off') interprets tanh(x*y+1) with the numbers the generated loop gives", () => {
    const f = fusedTanh('float64');
    setCodegen('auto');
    const compiled = Array.from(f.callSync(X, Y).toFloat64());
    expect(codegenEnabled()).toBe(true);
    setCodegen('off');
    expect(codegenEnabled()).toBe(false);
    // a function compiled afresh (no loop cached for it); no `new Function` is even tried: a throwing
    // Function would surface here
    const h = fusedTanh('float64');
    const { result, attempts } = withoutEval(() => Array.from(h.callSync(X, Y).toFloat64()));
    expect(attempts).toBe(0);
    expect(result).toEqual(compiled);
    result.forEach((v, i) => {
      expect(v).toBeCloseTo(EXPECTED[i]!, 15);
    });
  });

  it('float32: the interpreted composite rounds each step as the loop does, bit for bit', () => {
    const f = fusedTanh('float32');
    const compiled = Array.from(f.callSync(X, Y).toFloat64());
    setCodegen('off');
    const interpreted = withoutEval(() => Array.from(fusedTanh('float32').callSync(X, Y).toFloat64())).result;
    expect(interpreted).toEqual(compiled);
    // float32 rounding of each step: within float32 precision of the float64 value
    interpreted.forEach((v, i) => {
      expect(Math.abs(v - EXPECTED[i]!)).toBeLessThan(2e-7);
    });
  });

  it('where `new Function` throws (a strict CSP), the probe asks once and every fused node is interpreted', () => {
    const f = fusedTanh('float64');
    const x = T.dvector('x');
    // a second fused graph with a different inner graph: exp(x)*2 + sin(x)*x
    const g = theano.function([x], x.exp().mul(2).add(x.sin().mul(x)));
    expect(g.maker.fgraph.nodes.map((n) => n.op.kind)).toEqual(['composite']);
    setCodegen('auto'); // forgets any earlier answer
    const { result, attempts } = withoutEval(() => {
      const a = Array.from(f.callSync(X, Y).toFloat64());
      const b = Array.from(f.callSync(Y, X).toFloat64());
      const c = g.callSync([1, -0.5]).toArray() as number[];
      return { a, b, c, enabled: codegenEnabled() };
    });
    expect(attempts).toBe(1); // the one probe, remembered
    expect(result.enabled).toBe(false);
    result.a.forEach((v, i) => {
      expect(v).toBeCloseTo(EXPECTED[i]!, 15);
    });
    result.b.forEach((v, i) => {
      expect(v).toBeCloseTo(EXPECTED[i]!, 15);
    }); // x·y is symmetric
    // e^1·2 + sin(1)·1 and e^-0.5·2 + sin(-0.5)·(-0.5)
    expect(result.c[0]).toBeCloseTo(2 * Math.E + Math.sin(1), 14);
    expect(result.c[1]).toBeCloseTo(2 * Math.exp(-0.5) + 0.5 * Math.sin(0.5), 14);
    // once allowed again, the loop is compiled
    setCodegen('auto');
    expect(codegenEnabled()).toBe(true);
  });

  it('rejects an unknown mode, naming it', () => {
    expect(() => setCodegen('never' as 'off')).toThrow(`setCodegen: expected 'auto' or 'off', got "never"`);
  });
});
