/**
 * The `function` of the browser build (`@theano-ts/backend-webgl/browser`): core's `compileFunction`, plus a
 * note on the console, once per page, when a function that named no backend runs on the CPU (`'ref'`, the
 * default): a page that loaded the WebGL build most likely meant the GPU. The default itself stays `'ref'`,
 * so the build computes what `import 'theano-ts'` computes (float64 graphs included, which WebGL cannot run).
 * Not part of the package's main entry.
 */
import { compileFunction, config } from '@theano-ts/core';

let noted = false;

/** The note, naming the function and how to pick WebGL. */
export function defaultBackendNote(fname: string): string {
  return (
    `theano-ts: function "${fname}" names no backend, so it runs on theano.config.backend, 'ref' (the CPU). ` +
    "This page loaded the WebGL build: to run on the GPU, compile with { backend: 'webgl' } or set " +
    "theano.config.backend = 'webgl' (WebGL computes in float32: set theano.config.floatX = 'float32' before " +
    'building the graph). This note is shown once.'
  );
}

/** `theano.function` of the browser build: `compileFunction`, noting once when the default backend ref runs it. */
export const functionWithNote: typeof compileFunction = ((
  ...args: Parameters<typeof compileFunction>
): ReturnType<typeof compileFunction> => {
  const f = compileFunction(...args);
  if (!noted && args[2]?.backend === undefined && f.maker.backend.name === 'ref' && config.backend === 'ref') {
    noted = true;
    console.info(defaultBackendNote(f.name));
  }
  return f;
}) as typeof compileFunction;
