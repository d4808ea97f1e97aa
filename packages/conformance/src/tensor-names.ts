/**
 * Every name of the tensor module the API contract lists (its sections "Indexing" and "The tensor module"),
 * by family, and the coverage table: for each family, how many names `theano.tensor` (or, for methods only,
 * a variable) has, and how many a conformance case covers.
 */
import * as theano from 'theano-ts';
import type { TensorCase } from './tensor-case.js';

/** The families of the tensor module and their names (camelCase; `nlinalg.det` is `T.nlinalg.det`). */
export const TENSOR_NAMES = {
  /** Elementwise functions, comparisons, casts and complex parts. */
  elemwise: [
    ...'add sub mul div trueDiv intDiv mod pow neg abs sgn inv sqr sqrt exp exp2 expm1 log log2 log10 log1p'.split(' '),
    ...'sin cos tan arcsin arccos arctan arctan2 sinh cosh tanh arcsinh arccosh arctanh floor ceil round iround'.split(
      ' ',
    ),
    ...'trunc clip maximum minimum erf erfc erfinv erfcinv erfcx gamma gammaln psi deg2rad rad2deg hypot'.split(' '),
    ...'lt le gt ge eq neq isnan isinf isclose allclose and_ or_ xor invert bitwiseAnd bitwiseOr bitwiseXor'.split(' '),
    ...'bitwiseNot switch where real imag angle conj complex complexFromPolar cast astype second fill'.split(' '),
    'zerosLike',
    'onesLike',
    'copy',
  ],
  /** Functions making new tensors (filled, ranges, diagonals, triangles). */
  creation: 'zeros ones fill alloc full eye identityLike arange linspace tri tril triu diag diagonal'.split(' '),
  /** Reshaping, transposing, broadcasting, joining and splitting. */
  shape: [
    ...'shape shapeI reshape flatten ravel dimshuffle transpose swapaxes moveaxis shapePadleft shapePadright'.split(
      ' ',
    ),
    ...'shapePadaxis addbroadcast unbroadcast patternbroadcast squeeze expandDims broadcastTo join concatenate'.split(
      ' ',
    ),
    ...'stack split tile repeat roll flip choose stacklists'.split(' '),
  ],
  /** Reductions and cumulative functions. */
  reduce:
    'sum prod mean var std max min argmax argmin maxAndArgmax all any cumsum cumprod diff ptp median logsumexp'.split(
      ' ',
    ),
  /** Indexing (`x[...]`) and its update forms. */
  indexing: 'get slice setSubtensor incSubtensor take nonzero nonzeroValues argwhere compress'.split(' '),
  /** Products, and the `nlinalg` and `slinalg` namespaces. */
  linalg: [
    ...'dot outer tensordot batchedDot batchedTensordot matmul norm'.split(' '),
    ...'matrixInverse pinv det slogdet trace eig eigh svd qr norm matrixPower kron'
      .split(' ')
      .map((n) => `nlinalg.${n}`),
    ...'cholesky solve solveTriangular expm'.split(' ').map((n) => `slinalg.${n}`),
  ],
  /** Sorting, searching, counting and one-hot. */
  sort: 'sort argsort topk unique bincount searchsorted toOneHot fillDiagonal fillDiagonalOffset'.split(' '),
} as const satisfies Record<string, readonly string[]>;

/** A family of the tensor module. */
export type TensorFamily = keyof typeof TENSOR_NAMES;

/** Names that exist only as methods of variables (Theano's `x[...]`, `x.astype`). */
const METHOD_ONLY: ReadonlySet<string> = new Set(['get', 'astype']);

/** Whether the tensor module has `name` (`T.name`, `T.nlinalg.name`, or a method for the method-only names). */
export function hasName(name: string): boolean {
  if (METHOD_ONLY.has(name)) {
    const v = theano.tensor.dvector('v') as unknown as Record<string, unknown>;
    return typeof v[name] === 'function';
  }
  let p: unknown = theano.tensor;
  for (const part of name.split('.')) {
    if (p === null || (typeof p !== 'object' && typeof p !== 'function')) return false;
    p = (p as Record<string, unknown>)[part];
  }
  return typeof p === 'function';
}

/** One row of the coverage table. */
export interface CoverageRow {
  /** The family. */
  family: TensorFamily;
  /** How many names the family lists. */
  total: number;
  /** Names the module has. */
  implemented: number;
  /** Names a case covers. */
  covered: number;
  /** Names the module lacks. */
  missing: string[];
  /** Names the module has that no case covers. */
  uncovered: string[];
}

/** The coverage of the tensor module by `cases`, family by family. */
export function tensorCoverage(cases: readonly TensorCase[]): CoverageRow[] {
  const coveredNames = new Set(cases.flatMap((c) => c.covers));
  return (Object.keys(TENSOR_NAMES) as TensorFamily[]).map((family) => {
    const names: readonly string[] = TENSOR_NAMES[family];
    const missing = names.filter((n) => !hasName(n));
    const uncovered = names.filter((n) => hasName(n) && !coveredNames.has(n));
    return {
      family,
      total: names.length,
      implemented: names.length - missing.length,
      covered: names.filter((n) => coveredNames.has(n)).length,
      missing,
      uncovered,
    };
  });
}

/** The coverage table as Markdown. */
export function formatCoverage(rows: readonly CoverageRow[]): string {
  const lines = ['| family | names | implemented | covered by a case |', '| --- | --- | --- | --- |'];
  let t = 0;
  let i = 0;
  let c = 0;
  for (const r of rows) {
    lines.push(`| ${r.family} | ${r.total} | ${r.implemented} | ${r.covered} |`);
    t += r.total;
    i += r.implemented;
    c += r.covered;
  }
  lines.push(`| all | ${t} | ${i} | ${c} |`);
  return lines.join('\n');
}

/** What each family holds, in one line (the docs' headings). */
const FAMILY_TITLES: Record<TensorFamily, string> = {
  elemwise: 'Elementwise functions',
  creation: 'Creating tensors (symbolic)',
  shape: 'Shapes, joining and splitting',
  reduce: 'Reductions and scans along axes',
  indexing: 'Indexing',
  linalg: 'Linear algebra',
  sort: 'Sorting and counting',
};

/** Whether a variable has a method `name`. */
function hasMethod(name: string): boolean {
  if (name.includes('.')) return false;
  const v = theano.tensor.dvector('v') as unknown as Record<string, unknown>;
  return (
    typeof v[name] === 'function' || Object.getOwnPropertyDescriptor(Object.getPrototypeOf(v), name)?.get !== undefined
  );
}

/** The snake_case spelling `T` also has for `name`, if any. */
function snakeAlias(name: string): string | null {
  const last = name.split('.').pop()!;
  if (!/^[a-z]/.test(last) || !/[A-Z]/.test(last)) return null;
  const snake = last.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  return [...name.split('.').slice(0, -1), snake].join('.');
}

/**
 * `docs/tensor-module.md`: the tensor module by family, every name of the contract with its spelling in `T`,
 * its snake_case alias, whether variables have it as a method, and the conformance cases that check it.
 * `scripts/tensor-module-doc.mjs` writes it; a test keeps it current.
 */
export function tensorModuleDoc(cases: readonly TensorCase[]): string {
  const rows = tensorCoverage(cases);
  const byName = new Map<string, Set<string>>();
  for (const c of cases) {
    const base = c.id.replace(/\.(float64|float32|int64|int32|int16|int8|bool|complex64|complex128)$/, '');
    for (const n of c.covers) {
      if (!byName.has(n)) byName.set(n, new Set());
      byName.get(n)!.add(base);
    }
  }
  const out = [
    '# The tensor module, by family',
    '',
    '<!-- Generated by scripts/tensor-module-doc.mjs from the conformance suite; do not edit by hand. -->',
    '',
    "`theano.tensor` (imported as `T`) follows numpy's semantics, and Theano 1.0's where the two differ. Every",
    "function takes Theano's positional arguments, or any of them in a trailing options object under its",
    'camelCase name (`T.stack([a, b], 1)` is `T.stack([a, b], { axis: 1 })`); each camelCase name is also',
    "there under Theano's snake_case spelling (`T.set_subtensor === T.setSubtensor`). The conformance cases",
    'named below run every function on every backend (`npm run conformance`).',
    '',
    formatCoverage(rows),
    '',
  ];
  for (const r of rows) {
    out.push(`## ${FAMILY_TITLES[r.family]} (${r.family}: ${r.implemented} of ${r.total})`, '');
    out.push('| name | snake_case | method | checked by |', '| --- | --- | --- | --- |');
    for (const n of TENSOR_NAMES[r.family] as readonly string[]) {
      const has = hasName(n);
      const fn = n === 'get' || n === 'astype' ? `\`x.${n}(…)\`` : `\`T.${n}\``;
      const snake = snakeAlias(n);
      const cases = [...(byName.get(n) ?? [])].sort();
      out.push(
        `| ${has ? fn : `${fn} (not yet)`} | ${snake ? `\`T.${snake}\`` : ''} | ${has && hasMethod(n) ? `\`x.${n}\`` : ''} | ${cases.map((c) => `\`${c}\``).join(', ')} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}
