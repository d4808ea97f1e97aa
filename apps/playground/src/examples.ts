/**
 * The examples of the playground's picker, taken from the tutorial (`apps/tutorial/src/seed.ts` and its
 * chapters). Each is the body of an async function with `theano`, `T`, `print`, `show` and `plot` in scope
 * (see `run.ts`); the comments give what the tutorial prints.
 */

/** One example: an id (the picker's value), a title and the code. */
export interface Example {
  readonly id: string;
  readonly title: string;
  readonly code: string;
}

export const EXAMPLES: readonly Example[] = [
  {
    id: 'square',
    title: 'Symbolic variables: the square of a scalar',
    code: `// A symbolic scalar, its square, and a compiled function (the tutorial's first steps).
const x = T.scalar('x');
const y = x.pow(2);
print(theano.pp(y));            // (x ** TensorConstant{2})
print(x.type);                  // TensorType(float64, scalar)

const square = theano.function([x], y);
print(await square(3));         // 9.0
print(await y.eval([[x, 4]]));  // 16.0

return { f: square, outputs: y };
`,
  },
  {
    id: 'linear-mix',
    title: 'Tensor types: the linear mix A·x + b',
    code: `// y = A·x + b and z = the sum of A's squares, with b defaulting to zeros.
const A = T.matrix('A');
const x = T.vector('x');
const b = T.vector('b');
const y = A.dot(x).add(b);
const z = T.sum(A.pow(2));
const linearMix = theano.function([A, x, theano.Param(b, { default: theano.zeros([2]) })], [y, z]);

const matA = [[1, 2, 3], [4, 5, 6]];
print(...(await linearMix(matA, [1, 2, 3])));          // [14. 32.] 91.0
print(...(await linearMix(matA, [1, 2, 3], [4, 5])));  // [18. 37.] 91.0

return { f: linearMix, outputs: [y, z] };
`,
  },
  {
    id: 'gradient',
    title: 'Derivatives: T.grad and the jacobian',
    code: `// d(x²)/dx = 2x, at x = 10.
const x = T.scalar('x');
const y = x.pow(2);
print(await T.grad(y, x).eval([[x, 10]]));   // 20.0

// the jacobian of A·x + b with respect to x is A
const A = T.matrix('A');
const v = T.vector('v');
const b = T.vector('b');
const J = theano.gradient.jacobian(A.dot(v).add(b), v);
print(await J.eval([[A, [[9, 8, 7], [4, 5, 6]]], [v, [1, 2, 3]], [b, [4, 5]]]));

// the gradient of the sum of xs³ is 3·xs², elementwise: drawn over [-2, 2]
const xs = T.vector('xs');
const cube = T.sum(xs.pow(3));
const slope = theano.function([xs], T.grad(cube, xs));
const grid = Array.from({ length: 41 }, (_, i) => -2 + i / 10);
plot(await slope(grid), { x: grid, label: 'd/dx x³ = 3x²' });
plot(grid.map((g) => g ** 3), { x: grid, label: 'x³' });

return { f: slope };
`,
  },
  {
    id: 'shared-update',
    title: 'Shared variables: an update loop (gradient descent)',
    code: `// w is a shared variable; each call of step moves it against the gradient of (w - 3)².
const w = theano.shared(theano.array(0), 'w');
const cost = w.sub(3).pow(2);
const step = theano.function([], cost, { updates: [[w, w.sub(T.grad(cost, w).mul(0.1))]] });

const costs = [];
for (let i = 0; i < 30; i++) costs.push((await step()).item());
// w_n = 3·(1 - 0.8^n), so after 30 steps w is close to 3
print('w after 30 steps:', w.getValue());
print('first costs:', costs.slice(0, 3).join(', '));   // 9, 5.76, 3.6864
plot(costs, { label: 'cost (w - 3)²' });

return { f: step };
`,
  },
  {
    id: 'logistic',
    title: 'The logistic curve and its derivative',
    code: `// s(x) = 1 / (1 + exp(-x)), as the tutorial writes it, and its derivative s·(1 - s).
const x = T.vector('x');
const s = T.trueDiv(1, T.exp(x.neg()).add(1));
const logistic = theano.function([x], [s, T.grad(T.sum(s), x)]);

const grid = Array.from({ length: 61 }, (_, i) => -6 + i / 5);
const [ys, slopes] = await logistic(grid);
print('s(0) =', ys.at(30), "  s'(0) =", slopes.at(30));   // 0.5 and 0.25
plot(ys, { x: grid, label: 's(x)' });
plot(slopes, { x: grid, label: "s'(x)" });

return { f: logistic, outputs: s };
`,
  },
  {
    id: 'scan',
    title: 'Loops with scan: powers and running sums',
    code: `// A ** k by repeated multiplication; only the last step is kept.
const k = T.iscalar('k');
const A = T.vector('A');
const [powers, powUpdates] = theano.scan({
  fn: (prior, a) => prior.mul(a),
  outputsInfo: T.onesLike(A),
  nonSequences: A,
  nSteps: k,
});
const power = theano.function([A, k], powers.get(-1), { updates: powUpdates });
print(await power([0, 1, 2, 3, 4, 5], 2));   // [ 0.  1.  4.  9. 16. 25.]

// running sums of a sequence
const v = T.vector('v');
const [running] = theano.scan({
  fn: (xt, acc) => acc.add(xt),
  sequences: v,
  outputsInfo: T.zerosLike(v.get(0)),
});
const sums = theano.function([v], running);
const seq = [1, 2, 3, 4, 5, 6, 7, 8];
const out = await sums(seq);
print(out);                                  // [ 1.  3.  6. 10. 15. 21. 28. 36.]
plot(out, { label: 'running sum' });
plot(seq, { label: 'sequence' });

return { f: sums };
`,
  },
];

/** The example with this id; a clear error naming the known ids otherwise. */
export function example(id: string): Example {
  const found = EXAMPLES.find((e) => e.id === id);
  if (!found) {
    throw new Error(`unknown example ${JSON.stringify(id)}: the examples are ${EXAMPLES.map((e) => e.id).join(', ')}`);
  }
  return found;
}
