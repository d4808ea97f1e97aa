/**
 * The conformance command: `theano-ts-conformance [--backend NAME]... [--filter TEXT] [--json PATH]`
 * (from the repository root: `npm run conformance -- --json PATH`). Registers the reference backend and
 * every optional backend package that is installed, runs the matrix, adds the webgl column (run in headless
 * Chromium, see `webgl-column.ts`), prints one table, writes it as JSON when asked, and exits 1 when a cell
 * failed. Imports no vitest (so it runs under plain node).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as theano from 'theano-ts';
import { selectCases } from './cases.js';
import { formatMatrix, matrixToJSON } from './format.js';
import { type CellResult, runMatrix } from './runner.js';
import { prepareWebGLColumn, runWebGLColumn } from './webgl-column.js';

/**
 * Backend packages loaded when installed (each registers itself on import); `@theano-ts/backend-webgl`
 * needs a browser: it is never imported here, its column runs in headless Chromium (`webgl-column.ts`).
 */
export const OPTIONAL_BACKENDS: readonly string[] = ['@theano-ts/backend-onnx', '@theano-ts/backend-webgl'];

/** The backend whose column runs in a browser. */
const WEBGL = 'webgl';
const WEBGL_PACKAGE = '@theano-ts/backend-webgl';

/** Where the command writes its text. */
export interface CliOutput {
  /** Writes a line of the report or of the usage (standard output, in the command). */
  log(line: string): void;
  /** Writes an error message (standard error, in the command). */
  error(line: string): void;
}

const USAGE = `usage: theano-ts-conformance [--backend NAME]... [--filter TEXT] [--json PATH]
  --backend NAME  run on this registered backend only (repeatable; default: every registered backend)
  --filter TEXT   run only the cases whose id contains TEXT
  --json PATH     also write the matrix as JSON: { "cases": [ { "id", "backend", "status", "reason"?,
                  "precision"?, "tolerance"?, "maxError"?, "strict"? } ] }
  --webgl-cells PATH  take the webgl column from this file (the same JSON form, as the WebGL backend's browser
                  tests write it) instead of running it in Chromium
The webgl column runs in headless Chromium (needs esbuild, playwright-core and Chromium: $CHROMIUM_PATH or
/usr/bin/chromium). A case whose graph holds float64 runs there in float32 (WebGL has no float64), checked at
a float32 tolerance; its strict float64 verdict is the "webgl f64" column.`;

interface Args {
  backends: string[];
  filter?: string;
  json?: string;
  webglCells?: string;
  help: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const out: Args = { backends: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--json') out.json = value();
    else if (a === '--backend') out.backends.push(value());
    else if (a === '--filter') out.filter = value();
    else if (a === '--webgl-cells') out.webglCells = value();
    else if (a.startsWith('--json=')) out.json = a.slice(7);
    else if (a.startsWith('--backend=')) out.backends.push(a.slice(10));
    else if (a.startsWith('--filter=')) out.filter = a.slice(9);
    else throw new Error(`unknown argument ${JSON.stringify(a)}`);
  }
  return out;
}

function isMissing(e: unknown, pkg: string): boolean {
  const err = e as { code?: string; message?: string };
  return (
    (err?.code === 'ERR_MODULE_NOT_FOUND' || err?.code === 'MODULE_NOT_FOUND') &&
    typeof err.message === 'string' &&
    err.message.includes(pkg)
  );
}

/** Imports the optional backend packages that are installed; returns the names of those loaded. */
export async function loadOptionalBackends(
  out: CliOutput,
  packages: readonly string[] = OPTIONAL_BACKENDS,
): Promise<string[]> {
  const loaded: string[] = [];
  for (const pkg of packages) {
    try {
      await import(pkg);
      loaded.push(pkg);
    } catch (e) {
      if (!isMissing(e, pkg)) {
        out.error(`conformance: ${pkg} is installed but failed to load: ${(e as Error)?.message ?? e}`);
        continue;
      }
      // in this repository's workspace, a sibling package's build stands in for the installed one
      const sibling = new URL(`../../${pkg.replace('@theano-ts/', '')}/dist/index.js`, import.meta.url);
      if (pkg.startsWith('@theano-ts/') && existsSync(sibling)) {
        await import(sibling.href);
        loaded.push(pkg);
      }
    }
  }
  return loaded;
}

/** Options of `main` (for tests and embedders). */
export interface MainOptions {
  /** The optional backend packages to try to import (default `OPTIONAL_BACKENDS`). */
  optionalBackends?: readonly string[];
  /** A case still running after this many milliseconds fails (default 120 000). */
  timeoutMs?: number;
}

/** Runs the command with these arguments; resolves to the exit code (0 ok, 1 a cell failed, 2 usage). */
export async function main(argv: readonly string[], out: CliOutput = console, opts: MainOptions = {}): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    out.error(`conformance: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    out.log(USAGE);
    return 0;
  }
  const optional = opts.optionalBackends ?? OPTIONAL_BACKENDS;
  const withWebGL = optional.includes(WEBGL_PACKAGE);
  await loadOptionalBackends(
    out,
    optional.filter((p) => p !== WEBGL_PACKAGE),
  );
  const registered = theano.listBackends().filter((b) => b !== WEBGL);
  const known = withWebGL || args.webglCells ? [...registered, WEBGL] : registered;
  const unknown = args.backends.filter((b) => !known.includes(b));
  if (unknown.length) {
    out.error(`conformance: unknown backend ${unknown.join(', ')}; known: ${known.join(', ')}`);
    return 2;
  }
  const chosen = args.backends.length ? args.backends : known;
  const cases = selectCases(args.filter);
  if (!cases.length) {
    out.error(`conformance: no case id contains ${JSON.stringify(args.filter)}`);
    return 2;
  }
  const t0 = Date.now();
  const nodeBackends = chosen.filter((b) => b !== WEBGL);
  const cells = nodeBackends.length
    ? await runMatrix(nodeBackends, cases, { timeoutMs: opts.timeoutMs ?? 120_000 })
    : [];
  const notes: string[] = [];
  let pageFailed = false;
  if (chosen.includes(WEBGL)) {
    let webglCells: CellResult[] | null = null;
    if (args.webglCells) {
      // a column the WebGL backend's browser tests wrote
      const path = resolve(args.webglCells);
      if (!existsSync(path)) {
        out.error(
          `conformance: --webgl-cells ${path} does not exist; run the WebGL tests first (vitest run --project backend-webgl, WEBGL_CELLS_JSON=PATH)`,
        );
        return 2;
      }
      const ids = new Set(cases.map((c) => c.id));
      webglCells = (JSON.parse(readFileSync(path, 'utf8')) as { cases: CellResult[] }).cases.filter((c) =>
        ids.has(c.id),
      );
    } else {
      const ready = await prepareWebGLColumn((line) => out.error(line));
      if (!ready.ok) {
        const why = `no webgl column: ${ready.why}`;
        if (args.backends.includes(WEBGL)) {
          out.error(`conformance: ${why}`);
          return 2;
        }
        notes.push(why);
      } else {
        try {
          const page = await runWebGLColumn(ready, {
            ...(args.filter !== undefined ? { filter: args.filter } : {}),
            caseTimeoutMs: opts.timeoutMs ?? 120_000,
            onConsole: (line) => {
              // the page's progress, and its errors
              if (/^\[(log)\] webgl: \d+ of \d+ cases$/.test(line)) out.error(`conformance: ${line.slice(6)}`);
              else if (/^\[(error|pageerror)\]/.test(line)) out.error(`conformance: page ${line}`);
            },
          });
          webglCells = page.cells;
        } catch (e) {
          // Chromium started but the page did not finish: an error of the command, not a missing column
          out.error(`conformance: the webgl column failed in Chromium: ${(e as Error)?.message ?? e}`);
          pageFailed = true;
        }
      }
    }
    if (webglCells) {
      // one table in case order: each case's row takes its webgl cell too
      const rows = new Map<string, CellResult[]>(cases.map((c) => [c.id, []]));
      for (const cell of [...cells, ...webglCells]) rows.get(cell.id)?.push(cell);
      const merged = [...rows.values()].flat();
      cells.splice(0, cells.length, ...merged);
    }
  }
  out.log(formatMatrix(cells));
  for (const n of notes) out.log(`\n${n}`);
  out.log(`\n${cases.length} cases on ${chosen.length} backends in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (args.json) {
    const path = resolve(args.json);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(matrixToJSON(cells), null, 2)}\n`);
    out.log(`\nwrote ${path}`);
  }
  return pageFailed || cells.some((c) => c.status === 'fail') ? 1 : 0;
}
