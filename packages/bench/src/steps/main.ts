/**
 * `npm run bench:steps [-- --backends onnx,ref] [filter]`: the training steps against numpy (see run.ts).
 * `filter` keeps the cases whose label contains it (`mlp`, `float32`, `logreg`).
 */
import { runSteps } from './run.js';

const args = process.argv.slice(2);
const at = args.indexOf('--backends');
const backends = at >= 0 ? args.splice(at, 2)[1]!.split(',') : ['onnx', 'ref'];
await runSteps(backends, args[0] ?? '');
