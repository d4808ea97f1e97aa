#!/usr/bin/env node
// Part of this package's build: the browser build, in dist/browser/, for a page that loads theano-ts with no
// bundler of its own (`import * as theano from './theano-ts-webgl.js'`, served over HTTP):
//   theano-ts-webgl.js       one self-contained ES module: theano-ts (core and the reference backend), this
//                            backend and TensorFlow.js. It imports no other file, except theano-ts-viz.js.
//   theano-ts-webgl.js.map   its source map, with the sources inside
//   theano-ts-webgl.d.ts     its types: `import ... from '@theano-ts/backend-webgl/browser'` type-checks
//   theano-ts-viz.js         Graphviz (@viz-js/viz, its WebAssembly inlined), which pydotprint imports from
//                            next to the bundle only when it draws SVG
// Left out, as a page never runs them: tfjs-core's Node platform, and the WebAssembly helper of tfjs-core's
// `long` dependency (its compile at import is what a strict Content-Security-Policy reports; long computes
// the same in plain JavaScript). The build fails if either is not found where expected, or if the bundle
// would import anything else. scripts/check-size.mjs (npm run lint) holds the size budget.
// Usage: node scripts/bundle.mjs [--analyze]   (--analyze prints what each input adds to the bundle)
import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeMetafile, build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'browser');
const coreDir = realpathSync(join(root, 'node_modules', '@theano-ts', 'core'));
const BUNDLE = 'theano-ts-webgl';
const VIZ = 'theano-ts-viz';

/** What the bundle exports besides theano-ts's whole API: this package's values, then its types. */
const VALUES = ['GpuNDArray', 'createWebGLBackend', 'releaseShared', 'sharedTensorCount', 'webgl'];
const TYPES = ['WebGLBackend', 'WebGLBackendFactory', 'WebGLBackendOptions'];

/** Replaces the text `pattern` matches in the file `filter` matches; fails the build if it matches nothing. */
function replaceIn(name, filter, pattern, replacement) {
  return {
    name,
    setup(b) {
      let seen = false;
      b.onLoad({ filter }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!pattern.test(text)) throw new Error(`${name}: ${args.path} no longer has what this build removes`);
        seen = true;
        return { contents: text.replace(pattern, replacement), loader: 'js' };
      });
      b.onEnd((r) => {
        if (r.errors.length === 0 && !seen) throw new Error(`${name}: the bundle no longer includes ${filter}`);
      });
    },
  };
}

const plugins = [
  // pydotprint's renderer: a sibling file, imported by the page only when SVG is drawn
  {
    name: 'viz-sibling',
    setup(b) {
      b.onResolve({ filter: /^@viz-js\/viz$/ }, () => ({ path: `./${VIZ}.js`, external: true }));
    },
  },
  // tfjs-core's Node platform (require('util'), process.hrtime) is registered only under Node
  replaceIn('no-node-platform', /tfjs-core[\\/]dist[\\/]platforms[\\/]platform_node\.js$/, /^[\s\S]*$/, ''),
  replaceIn(
    'no-long-wasm',
    /[\\/]long[\\/]src[\\/]long\.js$/,
    /\btry \{\s*wasm = new WebAssembly\.Instance\([\s\S]*?\} catch \(e\) \{[^}]*\}/,
    '',
  ),
];

rmSync(outdir, { recursive: true, force: true });
const entry = [
  "export * from 'theano-ts';",
  "export { functionWithNote as function } from './dist/browser-note.js';",
  `export { ${VALUES.join(', ')} } from './dist/index.js';`,
].join('\n');
const main = await build({
  stdin: { contents: entry, resolveDir: root, loader: 'js', sourcefile: 'browser-entry.js' },
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  sourcesContent: true,
  outfile: join(outdir, `${BUNDLE}.js`),
  metafile: true,
  plugins,
  logLevel: 'warning',
});
const output = Object.entries(main.metafile.outputs).find(([file]) => file.endsWith(`${BUNDLE}.js`))[1];
const imports = output.imports.map((i) => `${i.kind} ${i.path}`);
if (imports.length !== 1 || imports[0] !== `dynamic-import ./${VIZ}.js`) {
  throw new Error(`the browser bundle must import only ./${VIZ}.js (dynamically); it imports: ${imports.join(', ')}`);
}

await build({
  // @viz-js/viz is core's dependency: resolved from core's folder
  stdin: { contents: "export * from '@viz-js/viz';", resolveDir: coreDir, loader: 'js', sourcefile: 'viz-entry.js' },
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  outfile: join(outdir, `${VIZ}.js`),
  logLevel: 'warning',
});

writeFileSync(
  join(outdir, `${BUNDLE}.d.ts`),
  `// The types of ${BUNDLE}.js (@theano-ts/backend-webgl/browser), written by scripts/bundle.mjs: theano-ts's
// whole API and the WebGL backend's.
export * from 'theano-ts';
export { ${[...VALUES, ...TYPES.map((t) => `type ${t}`)].join(', ')} } from '../index.js';
`,
);

const kib = (file) => `${(readFileSync(join(outdir, file)).length / 1024).toFixed(0)} KiB`;
console.log(
  `bundled ${relative(root, outdir)}/${BUNDLE}.js (${kib(`${BUNDLE}.js`)}) and ${VIZ}.js (${kib(`${VIZ}.js`)})`,
);
if (process.argv.includes('--analyze')) console.log(await analyzeMetafile(main.metafile));
