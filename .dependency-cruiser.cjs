/**
 * Dependency rules of @theano-ts/core's layers, checked on the built JavaScript (the runtime import graph;
 * type-only imports are erased) by `scripts/check-deps.mjs`, part of `npm run lint` and `npm test`:
 *   IR       graph/, type, dtype, ndarray*, config, backend   imports nothing above it
 *   Ops      ops/, scalar/, perform/, autodiff/ (grad, Rop,   imports IR
 *            jacobian; verifyGrad compiles, so it sits above)
 *   Rewrite  rewrite/                                        imports Ops, IR
 *   Compile  compile/                                        imports Rewrite, Ops, IR
 *   Sugar    tensor/, printing/                              imports everything below
 * and no package reaches into another's files: backends import `@theano-ts/core` by its name only.
 * The script also fails on any import cycle longer than 3 files.
 */
const CORE = '^packages/core/dist/';
const IR = `${CORE}(graph/|type\\.js|dtype\\.js|ndarray|config\\.js|backend\\.js)`;
const OPS = `${CORE}((ops|scalar|perform)/|autodiff/(grad|jacobian|stabilize)\\.js)`;
const ABOVE_OPS = `${CORE}(rewrite|compile|tensor|printing)/`;

module.exports = {
  forbidden: [
    {
      name: 'ir-imports-no-op',
      comment: 'The IR (graph/, types, dtypes, NDArray) imports no op, rewrite, compiler or tensor sugar.',
      severity: 'error',
      from: { path: IR },
      to: { path: `${CORE}(ops|scalar|perform|autodiff|rewrite|compile|tensor|printing)/` },
    },
    {
      name: 'ops-import-ir-only',
      comment: 'Ops (and their scalar implementations, perform, autodiff) import the IR, not the layers above.',
      severity: 'error',
      from: { path: OPS },
      to: { path: ABOVE_OPS },
    },
    {
      name: 'rewrite-below-compile',
      comment: 'Rewrites import ops and the IR, never the compiler or the tensor sugar.',
      severity: 'error',
      from: { path: `${CORE}rewrite/` },
      to: { path: `${CORE}(compile|tensor|printing)/` },
    },
    {
      name: 'compile-below-sugar',
      comment: 'The compiler never imports the tensor sugar.',
      severity: 'error',
      from: { path: `${CORE}compile/` },
      to: { path: `${CORE}tensor/` },
    },
    {
      name: 'core-imports-no-backend',
      comment: 'Core knows no backend package.',
      severity: 'error',
      from: { path: CORE },
      to: { path: '(^packages/backend-|@theano-ts/backend-)' },
    },
    {
      name: 'no-deep-imports-across-packages',
      comment: 'A package uses another only through its name (its public face), never its files.',
      severity: 'error',
      from: { path: '^packages/([^/]+)/dist/' },
      to: { path: '^packages/([^/]+)/(dist|src)/', pathNot: ['^packages/$1/', '^packages/[^/]+/dist/index\\.js$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(node_modules|/browser/)' },
  },
};
