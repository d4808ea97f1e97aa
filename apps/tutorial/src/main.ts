/**
 * `npm start`: runs the seed tutorial ("Theano 基础") and prints each result in order, then the chapter
 * "tensor basics" (the common calls of `theano.tensor`), "ifelse vs switch", "loops with scan",
 * "random numbers", "neural networks" and "convolution and pooling".
 * Usage: node apps/tutorial/dist/main.js [--backend NAME]
 */
import { runControlFlow } from './control-flow.js';
import { runConv } from './conv.js';
import { runLoops } from './loops.js';
import { runNnet } from './nnet.js';
import { runRandom } from './random.js';
import { runSeed } from './seed.js';
import { runTensorBasics } from './tensor-basics.js';

/** The value of `--backend NAME` / `--backend=NAME`, if given; exits with a usage message on bad arguments. */
function parseArgs(argv: readonly string[]): { backend?: string } {
  const usage = 'usage: node apps/tutorial/dist/main.js [--backend NAME]';
  const opts: { backend?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--backend') {
      const name = argv[++i];
      if (!name) throw new Error(`--backend needs a name\n${usage}`);
      opts.backend = name;
    } else if (arg.startsWith('--backend=')) {
      opts.backend = arg.slice('--backend='.length);
    } else if (arg === '--help' || arg === '-h') {
      console.log(usage);
      process.exit(0);
    } else {
      throw new Error(`unknown argument ${JSON.stringify(arg)}\n${usage}`);
    }
  }
  return opts;
}

try {
  const opts = parseArgs(process.argv.slice(2));
  await runSeed((line) => console.log(line), opts);
  await runTensorBasics((line) => console.log(line), opts);
  await runControlFlow((line) => console.log(line), opts);
  await runLoops((line) => console.log(line), opts);
  await runRandom((line) => console.log(line), opts);
  await runNnet((line) => console.log(line), opts);
  await runConv((line) => console.log(line), opts);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
