/**
 * `npm run example -- NAME [--backend ref|onnx] [--epochs N] [--batch N] [--train N] [--seed N] [--out DIR]
 * [--load FILE]`: trains one example model on the shipped MNIST digits (see `models.ts` for the list).
 */
import '@theano-ts/backend-onnx';
import { MODELS } from './models.js';
import { runExample } from './run.js';

const DEFAULT_EPOCHS: Record<string, number> = { logistic: 5, softmax: 10, mlp: 20, rnn: 10, cnn: 20 };
const usage = `usage: npm run example -- NAME [--backend ref|onnx] [--epochs N] [--batch N] [--train N] [--seed N] [--out DIR] [--load FILE]
examples: ${Object.keys(MODELS).join(', ')}`;

function parse(argv: readonly string[]) {
  const opts: Record<string, string> = {};
  let name: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      console.log(usage);
      process.exit(0);
    }
    if (a.startsWith('--')) {
      const [k, v] = a.includes('=') ? a.slice(2).split('=', 2) : [a.slice(2), argv[++i]];
      if (!['backend', 'epochs', 'batch', 'train', 'seed', 'out', 'load'].includes(k!)) {
        throw new Error(`unknown option --${k}\n${usage}`);
      }
      if (v === undefined) throw new Error(`--${k} needs a value\n${usage}`);
      opts[k!] = v;
    } else if (name === undefined) name = a;
    else throw new Error(`unexpected argument ${JSON.stringify(a)}\n${usage}`);
  }
  if (!name) throw new Error(`which example?\n${usage}`);
  const int = (k: string, d: number) => {
    if (opts[k] === undefined) return d;
    const n = Number(opts[k]);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${k} must be a positive integer, got ${opts[k]}`);
    return n;
  };
  return {
    name,
    backend: opts.backend ?? 'onnx',
    epochs: int('epochs', DEFAULT_EPOCHS[name] ?? 10),
    batch: int('batch', 100),
    trainSize: opts.train === undefined ? undefined : int('train', 0),
    seed: int('seed', 1234),
    out: opts.out ?? 'out',
    ...(opts.load ? { load: opts.load } : {}),
  };
}

try {
  const o = parse(process.argv.slice(2));
  await runExample({ ...o, progress: process.stderr.isTTY === true }, (l) => console.log(l));
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
