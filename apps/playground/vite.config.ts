// Vite builds the playground on the browser build of theano-ts (`@theano-ts/backend-webgl/browser`: one ES
// module with theano-ts, the WebGL backend and TensorFlow.js), as a user's page would: nothing is aliased or
// stubbed. `base: './'` makes the built site work from any folder of any static server; everything it loads
// (Graphviz's WebAssembly included) is in dist/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // TensorFlow.js and Graphviz's WebAssembly are large by nature
    chunkSizeWarningLimit: 4096,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
