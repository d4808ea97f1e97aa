/**
 * The seed tutorial's `square(3)` with its phases timed: `performance.now()` counts from the process's
 * start, so `start` is Node's own start-up before this module ran. Prints the result on the first line and
 * `{ start, import, compile, call }` (milliseconds) as JSON on the second.
 */

/** The part of theano-ts the program uses. */
type Theano = typeof import('theano-ts');

/** Imports theano-ts with `load`, compiles `x ** 2` on `backend` and prints `square(3)` and the phase times. */
export async function squareOnce(load: () => Promise<Theano>, backend: string): Promise<void> {
  const t0 = performance.now();
  const theano = await load();
  const t1 = performance.now();
  const x = theano.tensor.scalar('x');
  const square = theano.function([x], x.pow(2), { backend });
  const t2 = performance.now();
  const y = await square(3);
  const t3 = performance.now();
  const phases = { start: t0, import: t1 - t0, compile: t2 - t1, call: t3 - t2 };
  process.stdout.write(`${String(y)}\n${JSON.stringify(phases)}\n`);
}
