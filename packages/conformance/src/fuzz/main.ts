/**
 * The fuzz command's logic: parses `--graphs N`, `--seed S`, `--backend NAME` (repeatable; ref always runs,
 * under FAST_RUN against its FAST_COMPILE baseline), `--max-depth D`, loads the optional backend packages,
 * runs `fuzz` and prints its report.
 */
import * as theano from 'theano-ts';
import { type CliOutput, loadOptionalBackends } from '../cli-main.js';
import { formatFuzzReport, fuzz } from './run.js';

const USAGE = `usage: theano-ts-fuzz [--graphs N] [--seed S] [--backend NAME]... [--max-depth D]
  --graphs N      how many random graphs (default 1000)
  --seed S        fast-check's seed (default: a random one, printed)
  --backend NAME  also compare this registered backend (repeatable; default: ref only)
  --max-depth D   the deepest a graph goes (default 4)
  --exclude OPS   leave these ops out (comma-separated: exp,dot,take,...)`;

function int(name: string, v: string | undefined): number {
  const n = Number(v);
  if (v === undefined || !Number.isInteger(n)) throw new Error(`${name} needs an integer, got ${JSON.stringify(v)}`);
  return n;
}

/** Runs the command; resolves to the exit code (0 ok, 1 a graph differed, 2 usage). */
export async function main(argv: readonly string[], out: CliOutput = console): Promise<number> {
  let graphs = 1000;
  let seed = Math.floor(Math.random() * 2 ** 31);
  let maxDepth = 4;
  const backends: string[] = [];
  const exclude: string[] = [];
  try {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '--help' || a === '-h') {
        out.log(USAGE);
        return 0;
      }
      if (a === '--graphs') graphs = int(a, argv[++i]);
      else if (a === '--seed') seed = int(a, argv[++i]);
      else if (a === '--max-depth') maxDepth = int(a, argv[++i]);
      else if (a === '--exclude') exclude.push(...(argv[++i] ?? '').split(',').filter(Boolean));
      else if (a === '--backend') {
        const b = argv[++i];
        if (b === undefined) throw new Error('--backend needs a value');
        backends.push(b);
      } else throw new Error(`unknown argument ${JSON.stringify(a)}`);
    }
  } catch (e) {
    out.error(`fuzz: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  await loadOptionalBackends(out);
  const registered = theano.listBackends();
  const unknown = backends.filter((b) => !registered.includes(b));
  if (unknown.length) {
    out.error(`fuzz: unknown backend ${unknown.join(', ')}; registered: ${registered.join(', ')}`);
    return 2;
  }
  const report = await fuzz({
    graphs,
    seed,
    maxDepth,
    backends: backends.length ? backends : ['ref'],
    excludeOps: exclude,
  });
  out.log(formatFuzzReport(report));
  return report.failure ? 1 : 0;
}
