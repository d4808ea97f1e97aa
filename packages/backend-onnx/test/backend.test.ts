// The backend object: registration and capabilities, unsupported dtypes, the session cache, options,
// the CUDA message, and the names of the model's inputs and outputs.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fromBinary } from '@bufbuild/protobuf';
import { buildModel, exportModel, IR_VERSION, OPSET, onnx, onnxBackend } from '@theano-ts/backend-onnx';
import { ModelProtoSchema } from 'onnx-buf';
import * as theano from 'theano-ts';
import { describe, expect, it } from 'vitest';
import { T } from './helpers.js';

describe('registration and capabilities', () => {
  it("importing the package registers 'onnx', asynchronous only", () => {
    expect(theano.listBackends()).toContain('onnx');
    expect(theano.getBackend('onnx')).toBe(onnxBackend);
    expect(onnxBackend.capabilities.sync).toBe(false);
    expect(onnxBackend.compileSync).toBeUndefined();
    expect([...onnxBackend.capabilities.dtypes]).toEqual([
      'bool',
      'int8',
      'int16',
      'int32',
      'int64',
      'float32',
      'float64',
    ]);
    // every primitive and extended op; composite runs when met but is never introduced (onnxruntime fuses
    // elementwise chains itself)
    const declared = [...Object.keys(theano.PRIMITIVES), ...Object.keys(theano.EXTENDED_OPS)];
    expect([...onnxBackend.capabilities.ops].sort()).toEqual(declared.sort());
    expect(onnxBackend.capabilities.notIntroduced).toEqual(['composite']);
  });

  it('a complex graph is rejected when the function is built, naming op, dtype and backend', () => {
    const z = T.zvector('z');
    let err: unknown;
    try {
      theano.function([z], z.mul(z), { backend: 'onnx' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(theano.UnsupportedError);
    expect((err as Error).message).toMatch(
      /^theano function "f\d+": onnx: Elemwise\{mul,no_inplace\} on complex128 \(z\) is not supported: onnxruntime has no complex128 kernels; the onnx backend runs bool, int8, int16, int32, int64, float32, float64$/,
    );
    const c = T.cvector('c');
    expect(() => theano.function([c], c.abs(), { backend: 'onnx' })).toThrow(
      /onnx: .* on complex64 \(c\) is not supported/,
    );
  });
});

describe('the session cache', () => {
  it('compiling the same graph twice creates one session; another graph another one', async () => {
    const be = onnx({ name: 'onnx-cache-test' });
    const x = T.dvector('x');
    const y = T.dvector('y'); // a different variable, the same structure
    const f1 = theano.function([x], x.mul(2).exp(), { backend: be });
    const f2 = theano.function([y], y.mul(2).exp(), { backend: be });
    expect((await f1([0, 1])).toArray()).toEqual([1, Math.exp(2)]);
    expect((await f2([0.5])).toArray()).toEqual([Math.exp(1)]);
    expect(be.sessionCacheSize()).toBe(1);
    expect(be.sessionsCreated()).toBe(1);
    const f3 = theano.function([x], x.mul(3).exp(), { backend: be });
    await f3([0]);
    expect(be.sessionCacheSize()).toBe(2);
    expect(be.sessionsCreated()).toBe(2);
    // other session options are another session
    const f4 = theano.function([x], x.mul(2).exp(), { backend: be, backendOptions: { intraOpNumThreads: 1 } });
    expect((await f4([0])).toArray()).toEqual([1]);
    expect(be.sessionsCreated()).toBe(3);
    // the session is released once every function using it is disposed
    f1.dispose();
    expect(be.sessionCacheSize()).toBe(3);
    f2.dispose();
    expect(be.sessionCacheSize()).toBe(2);
  });

  it('options are checked', () => {
    expect(() => onnx({ intraOpNumThreads: 1.5 })).toThrow(/intraOpNumThreads must be a non-negative integer, got 1.5/);
    const x = T.dvector('x');
    const f = theano.function([x], x.neg(), { backend: 'onnx', backendOptions: { executionProviders: 'cpu' } });
    return expect(f([1])).rejects.toThrow(
      /backendOptions.executionProviders must be an array of provider names, got "cpu"/,
    );
  });

  it('unknown options are errors naming them and the known ones, as onnx(options) and as backendOptions', async () => {
    expect(() => onnx({ threads: 2 } as never)).toThrow(
      'onnx: onnx(options): unknown option "threads" (the onnx backend knows executionProviders, intraOpNumThreads, logLevel, maxIdleSessions, name)',
    );
    const x = T.dvector('x');
    const f = theano.function([x], x.neg(), { backend: 'onnx', backendOptions: { threads: 1 }, name: 'negate' });
    await expect(f([1])).rejects.toThrow(
      'onnx: theano function "negate": unknown option "threads" (the onnx backend knows executionProviders, intraOpNumThreads, logLevel)',
    );
    // per-instance settings still count, and name / maxIdleSessions are not session options
    const be = onnx({ name: 'onnx-1thread', maxIdleSessions: 0, intraOpNumThreads: 1 });
    expect(String(await theano.function([x], x.neg(), { backend: be })([1, -2]))).toBe('[-1.  2.]');
  });

  it('intraOpNumThreads and the cpu provider are passed through', async () => {
    const be = onnx({ intraOpNumThreads: 1, executionProviders: ['cpu'] });
    const x = T.dvector('x');
    const f = theano.function([x], x.sum(), { backend: be });
    expect((await f([1, 2, 3])).item()).toBe(6);
  });
});

describe('CUDA', () => {
  // onnxruntime-node downloads its CUDA provider separately; this install has it or not
  const require = createRequire(import.meta.url);
  const bin = join(
    dirname(require.resolve('onnxruntime-node')),
    '..',
    'bin',
    'napi-v6',
    `${process.platform}`,
    `${process.arch}`,
  );
  const hasCuda = existsSync(join(bin, 'libonnxruntime_providers_cuda.so'));

  it(
    hasCuda ? 'runs with the CUDA provider' : 'asking for CUDA where it is not installed says how to install it',
    async () => {
      const x = T.dvector('x');
      const f = theano.function([x], x.mul(2), { backend: onnx({ executionProviders: ['cuda'] }), name: 'gpuFn' });
      if (hasCuda) {
        expect((await f([1, 2])).toArray()).toEqual([2, 4]);
        return;
      }
      let msg = '';
      try {
        await f([1, 2]);
      } catch (e) {
        msg = (e as Error).message;
      }
      expect(msg).toMatch(/^onnx: theano function "gpuFn": CUDA is not available in this onnxruntime-node install/);
      expect(msg).toMatch(/ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules\/onnxruntime-node\/script\/install\.js/);
      expect(msg).not.toMatch(/OrtSessionOptionsAppendExecutionProvider|Failed to load shared library/);
    },
  );
});

describe('the model', () => {
  it('inputs and outputs are named after the variables; IR and opset versions', () => {
    const A = T.dmatrix('A');
    const x = T.dvector('x');
    const unnamed = T.dvector();
    const weird = T.dscalar('2 bad-name');
    const s = theano.shared(theano.array([1, 2]), 'state');
    const t = theano.shared(theano.array([3, 4]));
    const f = theano.function([A, x, unnamed, weird], [A.dot(x).add(unnamed).mul(weird).add(s).add(t), x], {
      updates: [[s, s.add(1)]],
      backend: 'onnx',
    });
    const built = buildModel(f.maker.fgraph, { nOutputs: 2, updateNames: ['state_update'] });
    expect(built.inputNames).toEqual(['A', 'x', 'input_2', '_2_bad_name', 'state', 'shared_0']);
    expect(built.outputNames).toEqual(['output_0', 'output_1', 'state_update']);
    const model = fromBinary(ModelProtoSchema, built.bytes);
    expect(model.irVersion).toBe(IR_VERSION);
    expect(model.opsetImport.map((o) => [o.domain, o.version])).toEqual([['', OPSET]]);
    expect(model.graph!.input.map((v) => v.name)).toEqual(built.inputNames);
    expect(model.graph!.output.slice(0, 3).map((v) => v.name)).toEqual(built.outputNames);
    // every node is named after the theano-ts node it lowers
    expect(model.graph!.node.every((n) => /^(n\d+:[a-z_]+|outputs)\|[A-Za-z]+\d+$/.test(n.name))).toBe(true);
  });

  it('exportModel rejects what is not a compiled function, and complex graphs', async () => {
    await expect(exportModel({} as never)).rejects.toThrow(/exportModel: expected a compiled theano function/);
    const z = T.zscalar('z');
    const f = theano.function([z], z.add(z));
    await expect(exportModel(f)).rejects.toThrow(/exportModel: onnx: .* on complex128 \(z\) is not supported/);
  });
});
