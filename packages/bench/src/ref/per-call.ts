/**
 * What one call of a compiled function costs on the reference backend when the work itself is nothing: a
 * function `x + 1` on four float64 numbers, and a tiny training step (two outputs, two shared-variable
 * updates), each called with a pre-made NDArray, `callSync` and awaited, against the same arithmetic written
 * by hand over the typed arrays in this process (µs per call; `theano/hand` is the cost of the call
 * machinery: argument checks, the interpreter, the updates' alias checks, wrapping the results).
 */
import type { NDArray } from '@theano-ts/core';
import * as theano from 'theano-ts';
import { expectClose } from '../common/check.js';
import { fmtRatio, printTable } from '../common/table.js';
import { measure, type Peer } from '../common/timing.js';

const T = theano.tensor;

/** Runs the section and prints its table. */
export async function runPerCall(): Promise<void> {
  const x = T.dvector('x');
  const xs = theano.array([1, 2, 3, 4]);
  const plus = theano.function([x], x.add(1), { backend: 'ref' });
  const w = theano.shared(theano.array([1, 2, 3, 4]), 'w');
  const b = theano.shared(theano.array(0), 'b');
  const step = theano.function([x], [x.mul(w).sum(), x.gt(0)], {
    backend: 'ref',
    updates: [
      [w, w.sub(x.mul(0.1))],
      [b, b.add(1)],
    ],
  });
  // the hand-written peers: the same arithmetic over Float64Arrays, fresh results as the functions return
  const x64 = xs.data as Float64Array;
  const handPlus = () => {
    const out = new Float64Array(4);
    for (let i = 0; i < 4; i++) out[i] = x64[i]! + 1;
    return out;
  };
  let hw = Float64Array.from([1, 2, 3, 4]);
  let hb = 0;
  const handStep = () => {
    let dot = 0;
    const gt = new Uint8Array(4);
    const next = new Float64Array(4);
    for (let i = 0; i < 4; i++) {
      dot += x64[i]! * hw[i]!;
      gt[i] = x64[i]! > 0 ? 1 : 0;
      next[i] = hw[i]! - x64[i]! * 0.1;
    }
    hw = next;
    hb += 1;
    return [dot, gt, hb];
  };
  // [1, 2, 3, 4] + 1; the first step's x·w = 1 + 4 + 9 + 16 = 30
  expectClose([2, 3, 4, 5], plus.callSync(xs).toFloat64(), 0, 'x + 1 on ref');
  expectClose([30], [(step.callSync(xs) as NDArray[])[0]!.item()], 0, 'the step on ref');
  handStep();
  const rows: [string, Peer[]][] = [
    [
      'x + 1, 4 float64',
      [
        { name: 'callSync', run: () => plus.callSync(xs) },
        { name: 'await', run: () => plus(xs) },
        { name: 'hand', run: handPlus },
      ],
    ],
    [
      'step: 2 outputs, 2 updates',
      [
        { name: 'callSync', run: () => step.callSync(xs) },
        { name: 'await', run: () => step(xs) },
        { name: 'hand', run: handStep },
      ],
    ],
  ];
  const table: string[][] = [];
  for (const [label, peers] of rows) {
    const t = await measure(peers, { budgetMs: 2000, minSampleMs: 20, maxSamples: 31 });
    const us = (n: string) => t.get(n)!.ms * 1000;
    table.push([
      label,
      us('callSync').toFixed(2),
      us('await').toFixed(2),
      us('hand').toFixed(3),
      fmtRatio(us('callSync') / us('hand')),
    ]);
  }
  printTable(
    'Per call on ref: a function that does almost nothing (median µs per call; theano/hand = callSync / the same arithmetic by hand)',
    ['function', 'callSync µs', 'await µs', 'hand µs', 'theano/hand'],
    table,
  );
  plus.dispose();
  step.dispose();
}
