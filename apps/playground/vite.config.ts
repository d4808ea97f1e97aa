// Vite builds the playground from the workspace packages' TypeScript sources (no package build needed
// first, and `npm run playground` reloads on edits to them). `base: './'` makes the built site work from
// any folder of any static server; everything it loads (Graphviz's WebAssembly included) is in dist/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const src = (pkg: string) => fileURLToPath(new URL(`../../packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: {
    alias: [
      { find: /^theano-ts$/, replacement: src('theano-ts') },
      { find: /^@theano-ts\/core$/, replacement: src('core') },
      { find: /^@theano-ts\/backend-ref$/, replacement: src('backend-ref') },
      { find: /^@theano-ts\/backend-webgl$/, replacement: src('backend-webgl') },
      // core's pydotprint loads node:fs/promises only to write a file, never in the page
      { find: /^node:fs\/promises$/, replacement: fileURLToPath(new URL('./src/node-fs-stub.ts', import.meta.url)) },
    ],
  },
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
