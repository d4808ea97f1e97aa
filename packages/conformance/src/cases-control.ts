import * as theano from 'theano-ts';
import type { ConformanceCase } from './case.js';
import { positive, vg } from './grad-case.js';
import { type CheckSpec, checkCases } from './tensor-case.js';

const T = theano.tensor;

/** The section of the control-flow cases. */
export const CONTROL_SECTION = 'control';

const X = [
  [1, 2],
  [3, 4],
];
const Y = [
  [10, 20],
  [30, 40],
];

const SPECS: readonly CheckSpec[] = [
  {
    id: 'ifelse.scalar',
    description: 'ifelse(a < b, mean(x), mean(y)) for a < b and a > b, and an int64 condition',
    build: (dtype) => {
      const a = T.scalar('a', dtype);
      const b = T.scalar('b', dtype);
      const x = T.matrix('x', dtype);
      const y = T.matrix('y', dtype);
      const i = T.lscalar('i');
      const z = theano.ifelse(T.lt(a, b), T.mean(x), T.mean(y));
      const inputs = (av: number, bv: number) =>
        [
          [a, av],
          [b, bv],
          [x, X],
          [y, Y],
        ] as const;
      return [
        { inputs: inputs(1, 2), outputs: [z], expected: [2.5] },
        { inputs: inputs(2, 1), outputs: [z], expected: [25] },
        {
          inputs: [
            [i, 0],
            [x, X],
            [y, Y],
          ],
          outputs: [theano.ifelse(i, x, y)],
          expected: [Y],
        },
      ];
    },
  },
  {
    id: 'ifelse.multi',
    description: 'ifelse(a > 0, [sum(x), 2y], [prod(x), y[1:]]): several outputs, the branches of different shapes',
    build: (dtype) => {
      const a = T.scalar('a', dtype);
      const x = T.matrix('x', dtype);
      const y = T.matrix('y', dtype);
      const outs = theano.ifelse(a.gt(0), [x.sum(), y.mul(2)], [x.prod(), y.get('1:')]);
      return [1, -1].map((av) => ({
        inputs: [
          [a, av],
          [x, X],
          [y, Y],
        ],
        outputs: outs,
        expected:
          av > 0
            ? [
                10,
                [
                  [20, 40],
                  [60, 80],
                ],
              ]
            : [24, [[30, 40]]],
      }));
    },
  },
  {
    id: 'ifelse.nested',
    description: 'ifelse(c1, ifelse(c2, x + 1, x * 3), x - 5) for the three paths',
    build: (dtype) => {
      const c1 = T.lscalar('c1');
      const c2 = T.lscalar('c2');
      const x = T.vector('x', dtype);
      const z = theano.ifelse(c1, theano.ifelse(c2, x.add(1), x.mul(3)), x.sub(5));
      return (
        [
          [1, 1, [2, 3]],
          [1, 0, [3, 6]],
          [0, 1, [-4, -3]],
        ] as const
      ).map(([v1, v2, want]) => ({
        inputs: [
          [c1, v1],
          [c2, v2],
          [x, [1, 2]],
        ],
        outputs: [z],
        expected: [[...want]],
      }));
    },
  },
  {
    id: 'ifelse.lazy',
    description: 'ifelse(c, sum(x), sum(choose(i, …))) with i out of range: the false branch would fail, c is true',
    build: (dtype) => {
      const c = T.lscalar('c');
      const i = T.lvector('i');
      const x = T.vector('x', dtype);
      const bad = T.choose(i, [x, x.mul(2)]).sum();
      return [
        {
          inputs: [
            [c, 1],
            [i, [5, 0]],
            [x, [1, 2]],
          ],
          outputs: [theano.ifelse(c, x.sum(), bad)],
          expected: [3],
        },
      ];
    },
  },
];

/** The control-flow cases (values). */
export const CONTROL_CASES: readonly ConformanceCase[] = SPECS.flatMap((spec) =>
  checkCases('control', CONTROL_SECTION, spec),
);

/** The verifyGrad cases of control flow (float64; cases-grad.ts adds their float32 variants). */
export const CONTROL_GRAD_CASES = [
  vg(
    'control.ifelse.then',
    'ifelse(sum(x) > 0, x·y, y²) at a point where the condition holds: d/dx = y, d/dy = x',
    (x, y) => theano.ifelse(x.sum().gt(0), x.mul(y), T.sqr(y)),
    (r) => [positive(r), positive(r)],
  ),
  vg(
    'control.ifelse.else',
    'ifelse(sum(x) < 0, x·y, [exp(y), x + y]) (two outputs) where the condition fails: the false branch',
    (x, y) => {
      const [p, q] = theano.ifelse(x.sum().lt(0), [x.mul(y), y], [T.exp(y), x.add(y)]);
      return p!.add(q!.mul(2));
    },
    (r) => [positive(r), positive(r)],
  ),
];
