#!/usr/bin/env node
// Checks what each public package would publish (run `npm run build` first). Part of `npm run lint`.
// For every package under packages/ and apps/ that is not `"private": true`, it packs the package with
// pnpm (as `changeset publish` does) into a temporary folder, then checks the tarball:
//   - it holds package.json, README.md (and a LICENSE if there is one) and dist/, nothing else: no sources,
//     no tests, no source maps whose sources are not in them (a map that carries every source's text, such
//     as the WebGL backend's browser bundle's, is fine);
//   - its package.json is publishable: no `workspace:` range left, ESM only with `exports`, `types`,
//     `files`, `license`, `engines` and `sideEffects` set, and `@theano-ts/core` a peer dependency of every
//     package that registers into it (one core, one backend registry, in a user's tree);
//   - publint finds no error or warning in it, and attw (Are the Types Wrong, profile esm-only, run with
//     TypeScript 6 by scripts/attw.mjs) finds no problem with its types.
// Private packages are checked for `"private": true` only. Exits 1 naming every problem found.
// Usage: node scripts/check-packages.mjs [package-name...]   (default: every public package)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selfContainedMap } from './source-map.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The packages that must never be published (apps and tools); any future app under apps/ too. */
const MUST_BE_PRIVATE = ['@theano-ts/tutorial', '@theano-ts/examples', '@theano-ts/bench'];
/** Packages that register into core's backend registry or hand core's objects around: core is a peer. */
const CORE_PEER = [
  '@theano-ts/backend-ref',
  '@theano-ts/backend-onnx',
  '@theano-ts/backend-webgl',
  '@theano-ts/conformance',
];

function workspacePackages() {
  const out = [];
  for (const group of ['packages', 'apps']) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      const file = join(base, name, 'package.json');
      if (existsSync(file)) out.push({ dir: join(base, name), rel: `${group}/${name}`, json: readJSON(file) });
    }
  }
  return out;
}

function readJSON(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.error) throw r.error;
  return { status: r.status ?? 1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Problems in a packed manifest (the package.json inside the tarball). */
function manifestProblems(m) {
  const p = [];
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, range] of Object.entries(m[field] ?? {})) {
      if (String(range).startsWith('workspace:')) p.push(`${field}.${dep} is still '${range}' after packing`);
    }
  }
  if (m.type !== 'module') p.push(`"type" is ${JSON.stringify(m.type)}, expected "module" (the packages are ESM only)`);
  for (const field of ['exports', 'types', 'files', 'license', 'engines', 'sideEffects']) {
    if (m[field] === undefined) p.push(`"${field}" is missing from package.json`);
  }
  if (m.repository !== undefined) p.push('"repository" is set: published manifests carry no outside address');
  if (CORE_PEER.includes(m.name)) {
    if (!m.peerDependencies?.['@theano-ts/core'])
      p.push('@theano-ts/core must be a peerDependency (one core per tree)');
    if (m.dependencies?.['@theano-ts/core']) p.push('@theano-ts/core is a dependency: make it a peerDependency only');
  }
  return p;
}

/** Problems in the list of files a tarball holds; `read` gives a file's text. */
function contentProblems(files, m, read) {
  const p = [];
  const maps = [];
  for (const f of files) {
    const rel = f.replace(/^package\//, '');
    const allowed =
      rel === 'package.json' || rel === 'README.md' || /^LICEN[CS]E(\.md|\.txt)?$/.test(rel) || rel.startsWith('dist/');
    if (!allowed) p.push(`ships ${rel} (only package.json, README.md, LICENSE and dist/ may be published)`);
    else if (rel.endsWith('.map')) {
      if (!selfContainedMap(read(f))) maps.push(rel);
    } else if (/(^|\/)(test|tests|__tests__)\/|\.(test|spec)\.[cm]?[jt]sx?$/.test(rel))
      p.push(`ships the test file ${rel}`);
    else if (/\.tsbuildinfo$/.test(rel)) p.push(`ships the build cache ${rel}`);
  }
  if (maps.length)
    p.push(`ships ${maps.length} source maps (${maps[0]}, …) whose sources are neither published nor in the map`);
  if (!files.includes('package/README.md')) p.push('has no README.md');
  for (const target of [m.main, m.types].filter(Boolean)) {
    if (!files.includes(`package/${target.replace(/^\.\//, '')}`)) p.push(`lacks ${target}, which package.json names`);
  }
  return p;
}

const only = process.argv.slice(2);
const all = workspacePackages();
const failures = [];

for (const pkg of all) {
  if (MUST_BE_PRIVATE.includes(pkg.json.name) || pkg.rel.startsWith('apps/')) {
    if (pkg.json.private !== true)
      failures.push(`${pkg.json.name} (${pkg.rel}): must be "private": true (never published)`);
  }
}

const publicPackages = all.filter((p) => p.json.private !== true && (only.length === 0 || only.includes(p.json.name)));
if (only.length > 0) {
  const unknown = only.filter((n) => !publicPackages.some((p) => p.json.name === n));
  if (unknown.length) {
    console.error(`check-packages: no public package named ${unknown.join(', ')}`);
    process.exit(2);
  }
}
const missingBuild = publicPackages.filter((p) => !existsSync(join(p.dir, 'dist')));
if (missingBuild.length) {
  console.error(`check-packages: ${missingBuild.map((p) => p.rel).join(', ')} not built: run \`npm run build\` first`);
  process.exit(2);
}

const tmp = mkdtempSync(join(tmpdir(), 'theano-ts-pack-'));
try {
  for (const pkg of publicPackages) {
    const name = pkg.json.name;
    const dest = join(tmp, pkg.rel.replace('/', '-'));
    const packed = run(process.execPath, ['scripts/pnpm.mjs', '-C', pkg.rel, 'pack', '--pack-destination', dest]);
    const tarball = existsSync(dest) ? readdirSync(dest).find((f) => f.endsWith('.tgz')) : undefined;
    if (packed.status !== 0 || !tarball) {
      failures.push(`${name}: pnpm pack failed:\n${packed.out.trim()}`);
      continue;
    }
    const tgz = join(dest, tarball);
    const problems = [];
    const listing = run('tar', ['tzf', tgz]);
    const files = listing.out.split('\n').filter((l) => l && !l.endsWith('/'));
    const manifest = JSON.parse(run('tar', ['xzf', tgz, '-O', 'package/package.json']).out);
    const read = (file) => run('tar', ['xzf', tgz, '-O', file]).out;
    problems.push(...manifestProblems(manifest), ...contentProblems(files, manifest, read));

    const publint = run(process.execPath, [join(root, 'node_modules/publint/src/cli.js'), 'run', tgz, '--strict']);
    if (publint.status !== 0 || !/All good!/.test(publint.out)) {
      problems.push(`publint:\n${publint.out.replace(/^(Running publint|Unpacking|Linting).*\n/gm, '').trim()}`);
    }
    const attwArgs = [tgz, '--profile', 'esm-only', '--format', 'ascii', '--no-color', '--no-emoji'];
    const attw = run(process.execPath, ['scripts/attw.mjs', ...attwArgs]);
    if (attw.status !== 0) problems.push(`attw (--profile esm-only):\n${attw.out.trim()}`);

    const size = `${files.length} files`;
    if (problems.length) failures.push(`${name} (${size}):\n  - ${problems.join('\n  - ')}`);
    else console.log(`check-packages: ${name}@${manifest.version} ok (${size}; publint, attw esm-only)`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

if (failures.length) {
  console.error(`check-packages: ${failures.length} package(s) would not publish cleanly:\n${failures.join('\n')}`);
  process.exit(1);
}
