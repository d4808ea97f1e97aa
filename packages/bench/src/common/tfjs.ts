/**
 * TensorFlow.js peers in Node: tfjs-backend-cpu (plain JavaScript kernels) and tfjs-backend-wasm (XNNPACK
 * compiled to WebAssembly), whose `.wasm` binaries are loaded from the installed package's dist folder.
 * `initTfjs` registers both and records whether each can start here and, if not, the exact reason
 * (tfjs swallows a backend's initialisation error into a console warning, which is captured for it).
 *
 * tfjs-core's Node bundle (`dist/tf-core.node.js`, what `import '@tensorflow/tfjs-core'` loads) has no
 * gradient functions: the `@tensorflow/tfjs` umbrella package, not installed here, registers them by
 * importing `@tensorflow/tfjs-core/dist/register_all_gradients`, an ES module tree with extensionless
 * imports that Node cannot load as is. `registerTfjsGradients` bundles that tree with esbuild and loads it;
 * the copy registers tfjs's own gradient functions in the registry every tfjs-core copy shares (a global),
 * and their ops run on the one shared engine.
 */
import { rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** Whether a tfjs backend runs here. */
export interface TfjsBackendStatus {
  /** 'cpu' or 'wasm'. */
  readonly name: 'cpu' | 'wasm';
  /** True when `tf.setBackend(name)` succeeded. */
  readonly ok: boolean;
  /** What it runs with (SIMD, threads), or why it could not start. */
  readonly detail: string;
}

/** The folder holding tfjs-backend-wasm's `.wasm` files (its `dist/`, next to its Node entry point). */
export function wasmDistDir(): string {
  return dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
}

/** Registers tfjs-core's gradient functions (see the module comment) and checks two the MLP needs. */
export async function registerTfjsGradients(): Promise<void> {
  const req = createRequire(import.meta.url);
  const entry = join(dirname(req.resolve('@tensorflow/tfjs-core')), 'register_all_gradients.js');
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    write: false,
    logLevel: 'error',
  });
  const file = join(tmpdir(), `theano-ts-bench-tfjs-gradients-${process.pid}.cjs`);
  await writeFile(file, out.outputFiles[0]!.contents);
  try {
    req(file);
  } finally {
    await rm(file, { force: true });
  }
  if (!tf.getGradient('BatchMatMul') || !tf.getGradient('Softmax')) {
    throw new Error(
      'tfjs: registering the gradients from @tensorflow/tfjs-core/dist/register_all_gradients.js left BatchMatMul or Softmax without one',
    );
  }
}

/** Calls `tf.setBackend(name)`, capturing the warnings tfjs prints when a backend fails to initialise. */
async function trySetBackend(name: string): Promise<{ ok: boolean; why: string }> {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
  };
  try {
    const ok = await tf.setBackend(name);
    return { ok, why: ok ? '' : warnings.join('; ') || `tf.setBackend('${name}') returned false` };
  } catch (e) {
    return { ok: false, why: e instanceof Error ? e.message : String(e) };
  } finally {
    console.warn = warn;
  }
}

/** Starts tfjs-backend-wasm (from the installed `.wasm` files) and tfjs-backend-cpu; leaves 'cpu' active. */
export async function initTfjs(): Promise<readonly TfjsBackendStatus[]> {
  const out: TfjsBackendStatus[] = [];
  const dir = wasmDistDir();
  setWasmPaths(`${join(dir, '/')}`);
  const wasm = await trySetBackend('wasm');
  if (wasm.ok) {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const mt = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    out.push({
      name: 'wasm',
      ok: true,
      detail: `${simd ? 'SIMD' : 'no SIMD'}, ${getThreadsCount()} thread(s)${mt ? '' : ' (no multithread support in this runtime)'}; binaries from ${dir}`,
    });
  } else {
    out.push({ name: 'wasm', ok: false, detail: `could not initialise: ${wasm.why} (binaries from ${dir})` });
  }
  const cpu = await trySetBackend('cpu');
  out.push({
    name: 'cpu',
    ok: cpu.ok,
    detail: cpu.ok ? 'JavaScript kernels, 1 thread' : `could not initialise: ${cpu.why}`,
  });
  return out;
}

/** Makes `name` the active tfjs backend (it must have initialised in `initTfjs`). */
export async function useTfjs(name: 'cpu' | 'wasm'): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`tfjs: backend '${name}' could not be made active`);
}
