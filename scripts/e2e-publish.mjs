#!/usr/bin/env node
// End-to-end check of the published packages, as a user gets them (run `npm run build` first):
//   1. starts a local verdaccio registry on 127.0.0.1 (a free port, a temporary config and storage);
//      theano-ts and @theano-ts/* live only there, every other package is fetched from the npm registry
//      through it (its copies of those are kept in node_modules/.cache/theano-ts-e2e between runs);
//   2. copies the workspace's manifests, READMEs, builds and changesets to a temporary folder, runs
//      `changeset version` there (the repository's own versions never change) and `changeset publish`
//      against the local registry, as a user created through verdaccio's htpasswd;
//   3. creates a fresh project in another temporary folder, runs `npm install theano-ts
//      @theano-ts/backend-onnx` in it (onnxruntime-node's download step skipped with
//      ONNXRUNTIME_NODE_INSTALL=skip: nothing beyond the npm packages is fetched), checks that the tree holds
//      exactly one @theano-ts/core (`npm ls`), and runs a plain .mjs program and a TypeScript one (type-checked
//      with the repository's tsc, then compiled and run) that compute a product and a gradient on the `ref`
//      and `onnx` backends.
// Prints what each step took and, last, one line `E2E_RESULT {json}` with the programs' results, the
// published versions and the copies of core found. Exit status: 0 done, 1 a step failed, 3 verdaccio could
// not start (the caller may treat that as "cannot run here"). `--keep` leaves the temporary folders.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selfContainedMap } from './source-map.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const started = Date.now();
const timings = {};

/** Thrown when verdaccio does not come up: exit status 3, so a test can skip instead of failing. */
class RegistryUnavailable extends Error {}

function log(msg) {
  console.log(`e2e-publish [${((Date.now() - started) / 1000).toFixed(1)} s] ${msg}`);
}

async function step(name, fn) {
  const t0 = Date.now();
  log(`${name}…`);
  const r = await fn();
  timings[name] = Math.round((Date.now() - t0) / 100) / 10;
  return r;
}

/** Runs a command to completion; throws with its output when it fails. */
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 && !opts.allowFail) {
    throw new Error(`\`${cmd} ${args.join(' ')}\` (in ${opts.cwd ?? root}) exited with ${r.status}:\n${out.trim()}`);
  }
  return { status: r.status, stdout: r.stdout ?? '', out };
}

function readJSON(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The workspace's packages: { dir (relative), json }. */
function workspacePackages() {
  const out = [];
  for (const group of ['packages', 'apps']) {
    if (!existsSync(join(root, group))) continue;
    for (const name of readdirSync(join(root, group)).sort()) {
      const file = join(root, group, name, 'package.json');
      if (existsSync(file)) out.push({ dir: `${group}/${name}`, json: readJSON(file) });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- registry

async function startVerdaccio(tmp, cacheDir) {
  const port = await freePort();
  const storage = join(tmp, 'verdaccio-storage');
  const uplinkStorage = join(cacheDir, 'verdaccio-uplinks');
  mkdirSync(storage, { recursive: true });
  mkdirSync(uplinkStorage, { recursive: true });
  // verdaccio joins a package's `storage` onto the main one: a relative path reaches the shared cache
  const third = relative(storage, uplinkStorage);
  const config = join(tmp, 'verdaccio.yaml');
  writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(storage)}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(join(tmp, 'htpasswd'))}`,
      '    max_users: 10',
      'uplinks:',
      '  npmjs:',
      '    url: https://registry.npmjs.org/',
      '    timeout: 60s',
      '    maxage: 30m',
      'packages:',
      // ours: local only, never looked up on the uplink
      "  'theano-ts':",
      '    access: $all',
      '    publish: $authenticated',
      "  '@theano-ts/*':",
      '    access: $all',
      '    publish: $authenticated',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      '    proxy: npmjs',
      `    storage: ${JSON.stringify(third)}`,
      'web:',
      '  enable: false',
      'max_body_size: 100mb',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const bin = join(root, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
  if (!existsSync(bin)) throw new RegistryUnavailable(`verdaccio is not installed (${bin}): run the workspace install`);
  const child = spawn(process.execPath, [bin, '--config', config, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = signal ?? code;
  });
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== null)
      throw new RegistryUnavailable(`verdaccio exited (${exited}) before answering:\n${output.trim()}`);
    try {
      const r = await fetch(`${url}-/ping`);
      if (r.ok) return { url, port, child, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new RegistryUnavailable(`verdaccio did not answer on ${url} within 60 s:\n${output.trim()}`);
}

/** Creates a user through verdaccio's htpasswd plugin (npm's adduser call); returns its token. */
async function addUser(url) {
  const name = 'theano-ts-e2e';
  const r = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: 'e2e-only-password', email: 'e2e@localhost', type: 'user' }),
  });
  const body = await r.json().catch(() => ({}));
  if (!r.ok || typeof body.token !== 'string') {
    throw new Error(`creating the registry user failed: HTTP ${r.status} ${JSON.stringify(body)}`);
  }
  return body.token;
}

// ------------------------------------------------------------------------------------------------ publish

/** Copies what `changeset version` and `changeset publish` read: manifests, READMEs, builds, changesets. */
function copyWorkspace(dest, packages) {
  for (const f of ['package.json', 'pnpm-workspace.yaml', 'pnpm-lock.yaml']) cpSync(join(root, f), join(dest, f));
  cpSync(join(root, '.changeset'), join(dest, '.changeset'), { recursive: true });
  for (const { dir, json } of packages) {
    mkdirSync(join(dest, dir), { recursive: true });
    cpSync(join(root, dir, 'package.json'), join(dest, dir, 'package.json'));
    if (json.private) continue;
    for (const f of readdirSync(join(root, dir))) {
      if (/^(README|LICEN[CS]E)/i.test(f)) cpSync(join(root, dir, f), join(dest, dir, f));
    }
    if (!existsSync(join(root, dir, 'dist'))) throw new Error(`${dir}/dist is missing: run \`npm run build\` first`);
    cpSync(join(root, dir, 'dist'), join(dest, dir, 'dist'), { recursive: true });
  }
  // pnpm resolves a `workspace:` range from the linked package's manifest: link each workspace dependency
  const byName = new Map(packages.map((p) => [p.json.name, p.dir]));
  for (const { dir, json } of packages) {
    const deps = { ...json.dependencies, ...json.devDependencies, ...json.peerDependencies };
    for (const dep of Object.keys(deps)) {
      if (!byName.has(dep)) continue;
      const link = join(dest, dir, 'node_modules', dep);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(relative(dirname(link), join(dest, byName.get(dep))), link);
    }
  }
}

async function publish(registry, token, tmp) {
  const packages = workspacePackages();
  const publicPackages = packages.filter((p) => !p.json.private);
  const repo = join(tmp, 'repo');
  copyWorkspace(repo, packages);
  const host = registry.replace(/^http:/, '');
  const npmrc = join(tmp, 'npmrc');
  writeFileSync(npmrc, `registry=${registry}\n${host}:_authToken=${token}\n`);
  writeFileSync(join(repo, '.npmrc'), `registry=${registry}\n${host}:_authToken=${token}\n`);
  const env = {
    ...process.env,
    PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH}`,
    npm_config_registry: registry,
    npm_config_userconfig: npmrc,
    npm_config_update_notifier: 'false',
    CI: '1',
  };
  const changeset = join(root, 'node_modules', '@changesets', 'cli', 'bin.js');
  await step('changeset version (on a copy)', () => run(process.execPath, [changeset, 'version'], { cwd: repo, env }));
  const versions = Object.fromEntries(
    publicPackages.map((p) => [p.json.name, readJSON(join(repo, p.dir, 'package.json')).version]),
  );
  const published = await step('changeset publish', () =>
    run(process.execPath, [changeset, 'publish', '--no-git-tag'], { cwd: repo, env }),
  );
  for (const [name, version] of Object.entries(versions)) {
    const view = run('npm', ['view', `${name}@${version}`, 'version', '--registry', registry], {
      env,
      allowFail: true,
    });
    if (view.stdout.trim() !== version) {
      throw new Error(`${name}@${version} is not on the local registry after \`changeset publish\`:\n${published.out}`);
    }
  }
  return versions;
}

// ------------------------------------------------------------------------------------------------ consumer

const PROGRAM_MJS = `import * as theano from 'theano-ts';
import '@theano-ts/backend-onnx';

const T = theano.tensor;
const A = T.matrix('A');
const x = T.vector('x');
const y = T.dot(A, x);
const gx = T.grad(T.sum(y.pow(2)), x);
const out = { backends: theano.listBackends().sort() };
for (const backend of ['ref', 'onnx']) {
  const f = theano.function([A, x], [y, gx], { backend });
  const [dot, grad] = await f([[1, 2, 3], [4, 5, 6]], [1, 2, 3]);
  out[backend] = { dot: dot.toArray(), grad: grad.toArray() };
}
console.log(JSON.stringify(out));
`;

const PROGRAM_TS = `import * as theano from 'theano-ts';
import { onnx } from '@theano-ts/backend-onnx';

const T = theano.tensor;
const W = T.matrix('W');
const v = T.vector('v');
const h: theano.TensorVariable = T.tanh(T.dot(W, v));
const cost = T.sum(h.mul(h));
const dW = T.grad(cost, W);
theano.registerBackend(onnx({ name: 'onnx-one-thread', intraOpNumThreads: 1 }));
const results: Record<string, { h: number[]; dW: number[][] }> = {};
for (const backend of ['ref', 'onnx-one-thread']) {
  const f = theano.function([W, v], [h, dW], { backend });
  const [hv, dWv] = (await f([[0.5, 0], [0, -0.25]], [2, 4])) as theano.NDArray[];
  results[backend] = { h: hv!.toArray() as number[], dW: dWv!.toArray() as number[][] };
}
console.log(JSON.stringify(results));
`;

async function consume(registry, tmp, cacheDir) {
  const app = join(tmp, 'app');
  mkdirSync(app, { recursive: true });
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify({ name: 'theano-ts-e2e-app', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  writeFileSync(join(app, '.npmrc'), `registry=${registry}\n`);
  const env = {
    ...process.env,
    npm_config_registry: registry,
    npm_config_userconfig: join(tmp, 'app-npmrc-none'),
    npm_config_cache: join(cacheDir, 'npm-cache'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    // onnxruntime-node's install script would fetch the CUDA provider from NuGet (Linux x64): not needed for the CPU
    ONNXRUNTIME_NODE_INSTALL: 'skip',
  };
  for (const k of Object.keys(env)) if (/^npm_(package|lifecycle)_|^npm_config_(local_)?prefix$/.test(k)) delete env[k];
  await step('npm install theano-ts @theano-ts/backend-onnx', () =>
    run('npm', ['install', 'theano-ts', '@theano-ts/backend-onnx', '--prefer-offline'], { cwd: app, env }),
  );
  const installed = Object.fromEntries(
    ['theano-ts', '@theano-ts/core', '@theano-ts/backend-ref', '@theano-ts/backend-onnx'].map((n) => [
      n,
      readJSON(join(app, 'node_modules', n, 'package.json')).version,
    ]),
  );
  // what our tarballs brought besides package.json, README and dist/ (sources, tests, source maps whose
  // sources are not inside them: none expected; a bundle's map that holds its sources belongs to dist/)
  const strayFiles = [];
  const maps = [];
  const walk = (dir, rel) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (r !== 'node_modules') walk(join(dir, e.name), r);
      } else if (
        r.startsWith('dist/') &&
        r.endsWith('.map') &&
        selfContainedMap(readFileSync(join(dir, e.name), 'utf8'))
      ) {
        maps.push(`${dir.slice(join(app, 'node_modules').length + 1)}/${e.name}`);
      } else if (
        !/^(package\.json|README\.md|LICEN[CS]E.*)$/.test(r) &&
        (!r.startsWith('dist/') || r.endsWith('.map'))
      ) {
        strayFiles.push(`${dir.slice(join(app, 'node_modules').length + 1)}/${e.name}`);
      }
    }
  };
  for (const n of Object.keys(installed)) walk(join(app, 'node_modules', n), '');
  const ls = run('npm', ['ls', '@theano-ts/core', '--all', '--parseable'], { cwd: app, env });
  const coreCopies = [...new Set(ls.stdout.split('\n').filter(Boolean))].map((p) => relative(app, p));
  const lsTree = run('npm', ['ls', '@theano-ts/core', '--all'], { cwd: app, env }).stdout.trim();
  // the whole tree is consistent: no missing or invalid (peer) dependency
  run('npm', ['ls', '--all'], { cwd: app, env });

  writeFileSync(join(app, 'main.mjs'), PROGRAM_MJS);
  const mjs = await step('node main.mjs', () => run(process.execPath, ['main.mjs'], { cwd: app, env }));

  mkdirSync(join(app, 'src'), { recursive: true });
  writeFileSync(join(app, 'src', 'main.ts'), PROGRAM_TS);
  writeFileSync(
    join(app, 'tsconfig.json'),
    `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: false,
          types: [],
          rootDir: 'src',
          outDir: 'out',
        },
        include: ['src'],
      },
      null,
      2,
    )}\n`,
  );
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  const tscVersion = run(tsc, ['--version'], { cwd: app, env }).stdout.trim();
  await step('tsc --noEmit (the published declarations, skipLibCheck off)', () =>
    run(tsc, ['-p', 'tsconfig.json', '--noEmit'], { cwd: app, env }),
  );
  await step('tsc (emit)', () => run(tsc, ['-p', 'tsconfig.json'], { cwd: app, env }));
  const ts = await step('node out/main.js', () => run(process.execPath, ['out/main.js'], { cwd: app, env }));
  const lastJSON = (s) =>
    JSON.parse(
      s
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .pop() ?? 'null',
    );
  return {
    installed,
    strayFiles,
    maps,
    coreCopies,
    lsTree,
    tscVersion,
    mjs: lastJSON(mjs.stdout),
    ts: lastJSON(ts.stdout),
  };
}

// ---------------------------------------------------------------------------------------------------- main

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), 'theano-ts-e2e-'));
  const cacheDir = join(root, 'node_modules', '.cache', 'theano-ts-e2e');
  mkdirSync(cacheDir, { recursive: true });
  const repoVersions = () => workspacePackages().map((p) => `${p.json.name}@${p.json.version}`);
  const before = repoVersions();
  let registry;
  try {
    registry = await step('start verdaccio', () => startVerdaccio(tmp, cacheDir));
    log(`verdaccio at ${registry.url}`);
    const token = await addUser(registry.url);
    const versions = await publish(registry.url, token, tmp);
    log(
      `published ${Object.entries(versions)
        .map(([n, v]) => `${n}@${v}`)
        .join(', ')}`,
    );
    const consumer = await consume(registry.url, tmp, cacheDir);
    const after = repoVersions();
    if (after.join() !== before.join()) throw new Error(`the repository's versions changed: ${after.join(', ')}`);
    const result = { published: versions, ...consumer, repoVersions: after, timings, wallSeconds: 0 };
    result.wallSeconds = Math.round((Date.now() - started) / 100) / 10;
    log(`done in ${result.wallSeconds} s`);
    console.log(`E2E_RESULT ${JSON.stringify(result)}`);
  } finally {
    registry?.child.kill();
    if (keep) log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    if (e instanceof RegistryUnavailable) {
      console.error(`E2E_REGISTRY_UNAVAILABLE ${e.message}`);
      process.exit(3);
    }
    console.error(`e2e-publish failed: ${e?.stack ?? e}`);
    process.exit(1);
  },
);
