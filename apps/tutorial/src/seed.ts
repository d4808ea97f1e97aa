/**
 * The seed tutorial ("Theano 基础"), runnable: every step of the Python tutorial written with the theano-ts
 * API (the translation rules are in docs/guide.md), printing what the tutorial printed, in order, one section heading each.
 * Python's `print x` becomes `print(x)`, which writes `String(x)` line by line through `log`.
 */
import * as theano from 'theano-ts';

const T = theano.tensor;

/** Options of `runSeed`. */
export interface SeedOptions {
  /** The backend every function and `eval` runs on (default: `theano.config.backend`, i.e. `'ref'`). */
  backend?: string;
}

/** Makes sure `name` is a registered backend, importing `@theano-ts/backend-<name>` when it is not yet. */
async function useBackend(name: string): Promise<void> {
  if (!theano.listBackends().includes(name)) {
    try {
      await import(/* @vite-ignore */ `@theano-ts/backend-${name}`);
    } catch {
      // not installed: getBackend below throws the error that names the registered backends
    }
  }
  theano.getBackend(name);
}

/**
 * Runs the seed tutorial top to bottom, passing each printed line to `log` (a multi-line value such as a
 * matrix arrives as several lines). Restores `theano.config.backend` when done.
 */
export async function runSeed(log: (line: string) => void, opts: SeedOptions = {}): Promise<void> {
  const previousBackend = theano.config.backend;
  if (opts.backend !== undefined) {
    await useBackend(opts.backend);
    theano.config.backend = opts.backend;
  }
  // Python 2's `print a, b`: the values' str, separated by spaces.
  const print = (...values: unknown[]): void => {
    for (const line of values.map(String).join(' ').split('\n')) log(line);
  };
  const heading = (title: string): void => print(`\n== ${title} ==`);
  try {
    print(`Theano 基础, Theano basics (theano-ts; backend ${theano.config.backend}, floatX ${theano.config.floatX})`);

    heading('符号变量 (Symbolic variables)');
    const foo = T.scalar('x');
    print(foo); // x
    const bar = foo.pow(2);
    print(bar); // Elemwise{pow,no_inplace}.0
    print(theano.pp(bar)); // (x ** TensorConstant{2})
    print(foo.constructor.name); // type(foo): TensorVariable
    print(foo.type); // TensorType(float64, scalar)

    heading('theano 函数 (theano functions)');
    const square = theano.function([foo], bar);
    print(await square(3)); // 9.0
    print(await bar.eval([[foo, 3]])); // 9.0

    heading('张量类型 (Tensor types)');
    // T.vectors('x', 'y', 'z') and T.vectors(3) make three vectors at once; the tutorial goes on with:
    const A = T.matrix('A');
    const x = T.vector('x');
    const b = T.vector('b');
    const y = T.dot(A, x).add(b); // y = A·x + b
    const z = T.sum(A.pow(2)); // z = Σ A_ij²
    const linearMix = theano.function([A, x, b], [y, z]);
    // biome-ignore format: a matrix reads best on one line
    const matA = [[1, 2, 3], [4, 5, 6]];
    print(...(await linearMix(matA, [1, 2, 3], [4, 5]))); // [18. 37.] 91.0
    const linearMixDefault = theano.function([A, x, theano.Param(b, { default: theano.zeros([2]) })], [y, z]);
    print(...(await linearMixDefault(matA, [1, 2, 3]))); // [14. 32.] 91.0
    print(...(await linearMixDefault(matA, [1, 2, 3], [4, 5]))); // [18. 37.] 91.0

    heading('共享变量 (Shared variables)');
    // biome-ignore format: a matrix reads best on one line
    const sharedVar = theano.shared(theano.array([[1, 2], [3, 4]]));
    print(sharedVar.type); // TensorType(float64, matrix)
    // biome-ignore format: a matrix reads best on one line
    sharedVar.setValue([[3, 4], [2, 1]]);
    print(sharedVar.getValue());
    const sharedSquare = sharedVar.pow(2);
    const f = theano.function([], sharedSquare);
    print(await f());
    // biome-ignore format: a matrix reads best on one line
    sharedVar.setValue([[1, 2], [3, 4]]);
    print(await f());
    const subtract = T.matrix('subtract');
    const fUpdate = theano.function([subtract], sharedVar, { updates: [[sharedVar, sharedVar.sub(subtract)]] });
    print('before update:');
    print(sharedVar.getValue());
    print('the return value:');
    // biome-ignore format: a matrix reads best on one line
    print(await fUpdate([[1, 1], [1, 1]]));
    print('after update:');
    print(sharedVar.getValue());

    heading('导数 (Derivatives)');
    const barGrad = T.grad(bar, foo); // d(x²)/dx = 2x
    print(await barGrad.eval([[foo, 10]])); // 20.0
    const yJ = theano.gradient.jacobian(y, x); // ∂(A·x + b)/∂x = A
    // biome-ignore format: a matrix reads best on one line
    print(await yJ.eval([[A, [[9, 8, 7], [4, 5, 6]]], [x, [1, 2, 3]], [b, [4, 5]]]));

    heading('Rop 和 Lop (Rop and Lop)');
    const W = T.dmatrix('W');
    const V = T.dmatrix('V');
    const xd = T.dvector('x');
    const yd = T.dot(xd, W);
    const JV = T.Rop(yd, W, V); // J·V
    const fR = theano.function([W, V, xd], JV);
    // biome-ignore format: a matrix reads best on one line
    print(await fR([[1, 1], [1, 1]], [[2, 2], [2, 2]], [0, 1])); // [2. 2.]
    const v = T.dvector('v');
    const VJ = T.Lop(yd, W, v); // v·J
    const fL = theano.function([v, xd], VJ);
    print(await fL([2, 2], [0, 1])); // [[0. 0.] [2. 2.]]
  } finally {
    theano.config.backend = previousBackend;
  }
}
