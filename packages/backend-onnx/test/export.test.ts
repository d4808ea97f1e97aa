// exportModel: the seed's linear mix and a function with a shared variable and an update, written to
// .onnx files and run by onnxruntime-node in a fresh Node process (no theano-ts there), whose numbers
// must be the tutorial's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { exportModel } from '@theano-ts/backend-onnx';
import * as theano from 'theano-ts';
import { afterAll, describe, expect, it } from 'vitest';
import { T } from './helpers.js';

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const ortUrl = pathToFileURL(join(pkgDir, 'node_modules', 'onnxruntime-node', 'dist', 'index.js')).href;
const dir = mkdtempSync(join(tmpdir(), 'theano-onnx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface FreshRun {
  inputs: string[];
  outputs: string[];
  values: Record<string, { dims: number[]; data: number[] }>;
}

/** Loads `path` in a new Node process with onnxruntime-node alone and runs it on `feeds` (float64 tensors). */
function runFresh(path: string, feeds: Record<string, { dims: number[]; data: number[] }>): FreshRun {
  const script = `
    const ort = (await import(${JSON.stringify(ortUrl)})).default;
    const session = await ort.InferenceSession.create(${JSON.stringify(path)});
    const feeds = JSON.parse(process.argv[1]);
    const inputs = {};
    for (const [name, { dims, data }] of Object.entries(feeds)) inputs[name] = new ort.Tensor('float64', Float64Array.from(data), dims);
    const results = await session.run(inputs);
    const values = {};
    for (const [name, t] of Object.entries(results)) values[name] = { dims: [...t.dims], data: Array.from(t.data, Number) };
    console.log(JSON.stringify({ inputs: session.inputNames, outputs: session.outputNames, values }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(feeds)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`the fresh process failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as FreshRun;
}

describe('exportModel', () => {
  it('the linear mix runs in a fresh process with its inputs and outputs named after the variables', async () => {
    const A = T.dmatrix('A');
    const x = T.dvector('x');
    const b = T.dvector('b');
    const linearMix = theano.function([A, x, b], [T.dot(A, x).add(b), T.sum(A.pow(2))], { backend: 'onnx' });
    const path = join(dir, 'linear_mix.onnx');
    const bytes = await exportModel(linearMix, { path });
    expect(new Uint8Array(readFileSync(path))).toEqual(bytes);
    const out = runFresh(path, {
      A: { dims: [2, 3], data: [1, 2, 3, 4, 5, 6] },
      x: { dims: [3], data: [1, 2, 3] },
      b: { dims: [2], data: [4, 5] },
    });
    expect(out.inputs).toEqual(['A', 'x', 'b']);
    expect(out.outputs).toEqual(['output_0', 'output_1']);
    expect(out.values.output_0).toEqual({ dims: [2], data: [18, 37] });
    expect(out.values.output_1).toEqual({ dims: [], data: [91] });
  });

  it('a shared variable is an input and its update an output', async () => {
    const state = theano.shared(
      theano.array([
        [1, 2],
        [3, 4],
      ]),
      'state',
    );
    const subtract = T.dmatrix('subtract');
    const f = theano.function([subtract], state.pow(2), { updates: [[state, state.sub(subtract)]], backend: 'onnx' });
    const path = join(dir, 'update.onnx');
    await exportModel(f, { path });
    const out = runFresh(path, {
      subtract: { dims: [2, 2], data: [1, 1, 1, 1] },
      state: { dims: [2, 2], data: [1, 2, 3, 4] },
    });
    expect(out.inputs).toEqual(['subtract', 'state']);
    expect(out.outputs.length).toBe(2);
    expect(out.values[out.outputs[0]!]).toEqual({ dims: [2, 2], data: [1, 4, 9, 16] });
    expect(out.values[out.outputs[1]!]).toEqual({ dims: [2, 2], data: [0, 1, 2, 3] });
    // exporting neither runs nor changes the function's shared variable
    expect(state.getValue().toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});
