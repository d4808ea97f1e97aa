// Run by gc.test.ts with `node --expose-gc`: compiles, calls and disposes functions in ONE synchronous loop
// (no await, so the job never ends) on the ref backend and prints the heap growth measured inside the loop.
// the built umbrella package (core has no dependency on it; its tests resolve it through vitest aliases)
const theano = await import(new URL('../../../theano-ts/dist/index.js', import.meta.url).href);

const T = theano.tensor;
const cycles = Number(process.argv[2] ?? 5000);
const heap = () => {
  globalThis.gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

function cycle(k) {
  const x = T.dvector('x');
  const W = T.dmatrix('W');
  const y = T.tanh(T.dot(W, x).add(k)).mul(2).sum();
  const f = theano.function([x, W], [y, T.grad(y, x)], { backend: 'ref' });
  const [v] = f.callSync(
    [1, 2],
    [
      [0.5, 0.25],
      [0.125, 1],
    ],
  );
  f.dispose();
  return v.item();
}

for (let k = 0; k < 50; k++) cycle(k);
const before = heap();
let sum = 0;
for (let k = 0; k < cycles; k++) sum += cycle(k % 7);
const after = heap();
console.log(JSON.stringify({ beforeMB: before, afterMB: after, growthMB: after - before, sum }));
