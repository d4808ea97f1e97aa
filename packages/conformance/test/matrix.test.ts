// The case × backend matrix: printed for ref (every seed case passes), for a backend whose declared
// capabilities lack `dot` (those cases are unsupported, with the reason, and nothing fails), and for
// backends that return wrong values or wrong gradients (the cases catch them).

import {
  CASES,
  formatMatrix,
  GRAD_CASES,
  matrixToJSON,
  runMatrix,
  SEED_CASES,
  SEED_SECTIONS,
  selectCases,
} from '@theano-ts/conformance';
import { registerBackend } from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { liar, noDot, overclaim } from './backends.ts';

registerBackend(noDot);

describe('the matrix on ref', async () => {
  const cells = await runMatrix(['ref']);
  console.log(formatMatrix(cells));

  it('has one cell per case', () => {
    expect(cells.map((c) => c.id)).toEqual(CASES.map((c) => c.id));
    expect(new Set(cells.map((c) => c.backend))).toEqual(new Set(['ref']));
  });

  it('passes every seed case', () => {
    const seed = cells.filter((c) => SEED_SECTIONS.includes(CASES.find((k) => k.id === c.id)!.section));
    expect(seed.length).toBeGreaterThanOrEqual(40);
    expect(seed.filter((c) => c.status !== 'pass')).toEqual([]);
  });

  it('fails nothing; what it does not support is declared, with the reason', () => {
    expect(cells.filter((c) => c.status === 'fail')).toEqual([]);
    expect(cells.filter((c) => c.status === 'unsupported')).toEqual([
      {
        id: 'complex.sin',
        backend: 'ref',
        status: 'unsupported',
        reason: expect.stringMatching(
          /ref: Elemwise\{sin,no_inplace\} on complex128 \(.*\) is not supported: the reference backend has no complex form of it/,
        ),
      },
    ]);
  });

  it('covers every differentiable op with verifyGrad', () => {
    const ids = GRAD_CASES.map((c) => c.id);
    for (const op of [
      'add',
      'sub',
      'mul',
      'true_div',
      'mod',
      'pow',
      'maximum',
      'minimum',
      'neg',
      'abs',
      'exp',
      'log',
      'sqrt',
      'sin',
      'cos',
      'tanh',
      'cast',
      'second',
      'dot.vv',
      'dot.mv',
      'dot.vm',
      'dot.mm',
      'sum',
      'sum.axis1',
      'mean',
      'mean.axis1',
      'max',
      'max.axis0',
      'min',
      'min.axis1',
      'dimshuffle',
      'transpose',
      'reshape',
      'flatten',
      'subtensor',
      'incSubtensor',
      'setSubtensor',
      'Rop.jacobian',
      'Lop.jacobian',
      'jacobian',
      'hessian',
    ]) {
      expect(ids).toContain(`verifyGrad.${op}`);
    }
    expect(cells.filter((c) => c.id.startsWith('verifyGrad.') && c.status === 'pass').length).toBe(GRAD_CASES.length);
  });

  it('prints a row per case, a column per backend, the counts and the reasons', () => {
    const text = formatMatrix(cells);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^case\s+ref$/);
    expect(lines).toContain(`ref: ${CASES.length - 1} pass, 0 fail, 1 unsupported`);
    expect(text).toMatch(/^seed\.function\.square\s+pass$/m);
    expect(text).toMatch(/^complex\.sin\s+unsupported$/m);
    expect(text).toMatch(/^unsupported complex\.sin on ref: .*on complex128 .* is not supported/m);
  });
});

describe('a backend whose capabilities lack dot and complex', async () => {
  const cells = await runMatrix([noDot]);
  console.log(formatMatrix(cells));
  const status = (id: string) => cells.find((c) => c.id === id)!;

  it('reports the cases that need dot as unsupported, naming dot', () => {
    for (const id of [
      'seed.linear-mix.float64',
      'seed.linear-mix.float32',
      'seed.param.default',
      'seed.grad.jacobian.float64',
      'verifyGrad.dot.vv',
      'verifyGrad.dot.mv',
      'verifyGrad.dot.vm',
      'verifyGrad.dot.mm',
    ]) {
      expect(status(id)).toEqual({
        id,
        backend: 'fake',
        status: 'unsupported',
        reason: expect.stringMatching(/fake: op dot has no kernel/),
      });
    }
  });

  it('reports the complex cases as unsupported, naming the dtype', () => {
    for (const id of ['complex.arith.complex128', 'complex.arith.complex64', 'complex.exp', 'complex.sin']) {
      expect(status(id)).toMatchObject({
        status: 'unsupported',
        reason: expect.stringMatching(/fake: .*complex(64|128)/),
      });
    }
  });

  it('passes the rest and fails nothing', () => {
    expect(cells.filter((c) => c.status === 'fail')).toEqual([]);
    // the seed's Rop and Lop of x·W need no dot: their graphs are a sum of products and an outer product
    expect(status('seed.grad.rop').status).toBe('pass');
    expect(status('seed.grad.lop').status).toBe('pass');
    for (const id of [
      'seed.function.square',
      'seed.shared.updates.map',
      'seed.grad.scalar',
      'seed.grad.hessian',
      'seed.types.prefix.z',
      'verifyGrad.add',
    ]) {
      expect(status(id).status).toBe('pass');
    }
    for (const c of cells.filter((x) => x.status === 'unsupported')) {
      expect(c.reason).toMatch(/fake: (op dot has no kernel|.*complex(64|128).* not supported)/);
    }
  });

  it('writes the JSON shape { cases: [{ id, backend, status, reason? }] }', () => {
    const json = JSON.parse(JSON.stringify(matrixToJSON(cells))) as { cases: Record<string, unknown>[] };
    expect(Object.keys(json)).toEqual(['cases']);
    expect(json.cases).toHaveLength(CASES.length);
    for (const c of json.cases) {
      expect(['pass', 'fail', 'unsupported']).toContain(c.status);
      expect(Object.keys(c)).toEqual(
        c.status === 'pass' ? ['id', 'backend', 'status'] : ['id', 'backend', 'status', 'reason'],
      );
      expect(c.backend).toBe('fake');
    }
    expect(json.cases.find((c) => c.id === 'verifyGrad.dot.mm')).toEqual({
      id: 'verifyGrad.dot.mm',
      backend: 'fake',
      status: 'unsupported',
      reason: 'theano function "verifyGrad.out": fake: op dot has no kernel',
    });
  });
});

describe('the cases catch wrong results', () => {
  it('a backend that declares more than it can run fails (it is never "unsupported")', async () => {
    const [cell] = await runMatrix([overclaim], selectCases('complex.sin'));
    expect(cell).toEqual({
      id: 'complex.sin',
      backend: 'overclaim',
      status: 'fail',
      reason: expect.stringMatching(/complex128 is not supported \(the op has no complex form\)/),
    });
  });

  it('a backend whose float outputs are off by 1e-3 fails every numeric seed case', async () => {
    const off = liar('off', 1e-3, () => true);
    registerBackend(off); // v.eval finds its backend by name
    const cells = await runMatrix([off], SEED_CASES);
    const byId = new Map(cells.map((c) => [c.id, c]));
    for (const id of [
      'seed.function.square',
      'seed.function.square.float32',
      'seed.eval.map',
      'seed.linear-mix.float64',
      'seed.linear-mix.float32',
      'seed.param.default',
      'seed.shared.function',
      'seed.grad.scalar',
      'seed.grad.jacobian.float64',
      'seed.grad.hessian',
      'seed.grad.rop',
      'seed.grad.lop',
    ]) {
      expect(byId.get(id)).toMatchObject({ status: 'fail', reason: expect.stringMatching(/expected/) });
    }
    expect(byId.get('seed.function.square')!.reason).toBe(
      'ConformanceMismatch: square(3): printed "9.001", expected "9.0"',
    );
    // cases that only build graphs do not depend on the backend's numbers
    for (const id of ['seed.print.pp', 'seed.types.kinds', 'seed.types.prefix.z'])
      expect(byId.get(id)!.status).toBe('pass');
  });

  it('a backend whose gradients are off by 0.01 fails every verifyGrad check', async () => {
    const bad = liar('badgrad', 0.01, (n) => n === 'verifyGrad.grad');
    const cells = await runMatrix([bad], selectCases('verifyGrad.'));
    const checked = cells.filter((c) => !/Rop|Lop/.test(c.id) && !c.id.endsWith('.float32'));
    expect(checked.length).toBeGreaterThan(50);
    for (const c of checked)
      expect(c).toMatchObject({ status: 'fail', reason: expect.stringMatching(/^GradientError: verifyGrad/) });
  });

  it("a backend whose gradients are off by 0.1 fails every float32 verifyGrad check (float32's tolerance is 1e-2)", async () => {
    const bad = liar('badgrad32', 0.1, (n) => n === 'verifyGrad.grad');
    const cells = await runMatrix([bad], selectCases(/^verifyGrad\..*\.float32$/));
    expect(cells.length).toBeGreaterThan(50);
    for (const c of cells)
      expect(c).toMatchObject({ status: 'fail', reason: expect.stringMatching(/^GradientError: verifyGrad/) });
  });
});
