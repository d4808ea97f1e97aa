/**
 * The tutorial's chapter "random numbers": `theano.RandomStreams`, the draws of
 * each method, how every call of a compiled function advances the generator (Theano's default updates),
 * `noDefaultUpdates`, `srng.seed`, and Random123's known answer drawn from the zero state.
 */
import * as theano from 'theano-ts';

const T = theano.tensor;

/** Options of `runRandom`. */
export interface RandomOptions {
  /** The backend the functions run on (default: `theano.config.backend`). */
  backend?: string;
}

/** Runs the chapter, passing each printed line to `log`: a label, then its value. */
export async function runRandom(log: (line: string) => void, opts: RandomOptions = {}): Promise<void> {
  const backend = opts.backend ?? theano.config.backend;
  const print = (...values: unknown[]): void => {
    for (const line of values.map(String).join(' ').split('\n')) log(line);
  };
  print('\n== random numbers ==');

  const srng = new theano.RandomStreams(234);
  const rvU = srng.uniform({ size: [2, 2] });
  const rvN = srng.normal({ size: [2, 2] });
  const f = theano.function([], rvU, { backend });
  const g = theano.function([], rvN, { backend, noDefaultUpdates: true });
  print('f() (each call draws new numbers):');
  print(await f());
  print(await f());
  print('g() (noDefaultUpdates: the same numbers every call):');
  print(await g());
  print(await g());

  const x = T.matrix('x');
  const draws = theano.function(
    [x],
    [
      srng.binomial({ size: x.shape, n: 10, p: 0.5 }),
      srng.randomInteger({ size: [5], low: 1, high: 6 }),
      srng.choice({ size: [3], a: 10, replace: false }),
      srng.permutation({ n: 6 }),
      srng.multinomial({ n: 10, pvals: [0.2, 0.3, 0.5] }),
    ],
    { backend },
  );
  const labels = [
    'binomial(size = x.shape, n = 10, p = 0.5):',
    'randomInteger(size = [5], low = 1, high = 6):',
    'choice(size = [3], a = 10, replace = false):',
    'permutation(n = 6):',
    'multinomial(n = 10, pvals = [0.2, 0.3, 0.5]):',
  ];
  const out = await draws(theano.zeros([2, 3]));
  labels.forEach((label, i) => {
    print(label);
    print(out[i]);
  });

  // the generator: Philox4x32-10; from key 0 and counter 0 its first block is Random123's known answer
  const words = srng.randomInteger({ size: [4], low: 0, high: 2 ** 32 - 1 });
  words.rng.setValue(theano.array([0, 0, 0, 0, 0, 0, 0, 0], 'int64'));
  const w = await theano.function([], words, { backend })();
  print('the first block from the zero state, in hex:');
  print(Array.from(w.toFloat64(), (v) => v.toString(16).padStart(8, '0')).join(' '));

  srng.seed(234);
  print('after srng.seed(234), f() again draws its first numbers:');
  print(await f());
}
