/**
 * The peer of `square-ref`: the same task in jax-js (@jax-js/jax on Node, its WebAssembly CPU backend):
 * import it, `square = jit((x) => np.square(x))`, print `square(3)` (jax-js prints 9). Then the same line of
 * JSON with the in-process time of each phase as theano-ts's programs (`square.ts`): jax-js compiles its
 * kernel on the first call, so `compile` is only the `jit` wrapper and `call` holds the kernel's compilation.
 */
const t0 = performance.now();
const jax = await import('@jax-js/jax');
const t1 = performance.now();
const np = jax.numpy;
const square = jax.jit((x: InstanceType<typeof jax.Array>) => np.square(x));
const t2 = performance.now();
const y = await square(np.array(3)).jsAsync();
const t3 = performance.now();
const phases = { start: t0, import: t1 - t0, compile: t2 - t1, call: t3 - t2 };
process.stdout.write(`${String(y)}\n${JSON.stringify(phases)}\n`);
