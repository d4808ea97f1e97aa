/**
 * The tutorial's chapter "ifelse vs switch" (Theano's own example): `T.switch` is elementwise and computes
 * both of its values; `theano.ifelse` is lazy and computes only the branch its scalar condition picks. Both
 * give mean(x) here; the timings (ten calls on two 1000×1000 matrices) and, on backends that profile each
 * node, the number of reductions run per call show the difference.
 */
import * as theano from 'theano-ts';

const T = theano.tensor;

/** Options of `runControlFlow`. */
export interface ControlFlowOptions {
  /** The backend the functions run on (default: `theano.config.backend`). */
  backend?: string;
  /** The matrices' size (default 1000: 1000×1000). */
  size?: number;
  /** Calls timed per function (default 10). */
  times?: number;
}

/** Runs the chapter, passing each printed line to `log`. */
export async function runControlFlow(log: (line: string) => void, opts: ControlFlowOptions = {}): Promise<void> {
  const backend = opts.backend ?? theano.config.backend;
  const n = opts.size ?? 1000;
  const times = opts.times ?? 10;
  log('');
  log('== ifelse vs switch ==');
  const [a, b] = T.scalars('a', 'b');
  const [x, y] = T.matrices('x', 'y');
  const zSwitch = T.switch(T.lt(a!, b!), T.mean(x!), T.mean(y!));
  const zLazy = theano.ifelse(T.lt(a!, b!), T.mean(x!), T.mean(y!));
  const fSwitch = theano.function([a!, b!, x!, y!], zSwitch, { backend, profile: true });
  const fLazy = theano.function([a!, b!, x!, y!], zLazy, { backend, profile: true });
  const ones = theano.array(new Float64Array(n * n).fill(1), 'float64').reshape([n, n]);
  const twos = theano.array(new Float64Array(n * n).fill(2), 'float64').reshape([n, n]);
  const mat1 = backend === 'webgl' ? ones.astype('float32') : ones;
  const mat2 = backend === 'webgl' ? twos.astype('float32') : twos;
  log(`x = ones(${n}, ${n}), y = 2 * ones(${n}, ${n}), a = 0, b = 1`);
  log(`switch(a < b, mean(x), mean(y)) = ${(await fSwitch(0, 1, mat1, mat2)).item()}`);
  log(`ifelse(a < b, mean(x), mean(y)) = ${(await fLazy(0, 1, mat1, mat2)).item()}`);
  log(`ifelse(b < a, mean(x), mean(y)) = ${(await fLazy(1, 0, mat1, mat2)).item()}`);
  const time = async (f: theano.TheanoFunction<theano.NDArray>): Promise<number> => {
    const t0 = performance.now();
    for (let i = 0; i < times; i++) await f(0, 1, mat1, mat2);
    return (performance.now() - t0) / 1000;
  };
  log(`time spent evaluating both values ${(await time(fSwitch)).toFixed(6)} sec`);
  log(`time spent evaluating one value ${(await time(fLazy)).toFixed(6)} sec`);
  // the reductions each function ran per call, where the backend times each node
  const sums = (f: theano.TheanoFunction<theano.NDArray>): number | null => {
    const p = f.profile;
    const ops = p?.ops() ?? [];
    if (!p || ops.length === 0) return null;
    const runs = ops.filter((o) => o.op.startsWith('Sum')).reduce((s, o) => s + o.calls, 0);
    return runs / p.calls;
  };
  const [s1, s2] = [sums(fSwitch), sums(fLazy)];
  if (s1 !== null && s2 !== null) log(`sums run per call: switch ${s1}, ifelse ${s2}`);
}
