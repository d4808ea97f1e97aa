/**
 * `Scan` → ONNX `Loop`. The trip count is nSteps; each recurrent output carries a window of its last
 * `L = -min(taps)` values (the initial buffer to start with), from which the step reads its taps; the new
 * values come back stacked as scan outputs and are appended to the initial buffer after the loop. Sequence
 * rows are `Gather`s of the outer sequences at the iteration number, non-sequences are read from the
 * enclosing scope, and `theano.until`'s condition becomes the body's continue flag (its negation). Checks
 * registered inside the body become extra scan outputs, validated row by row after the run (as for `Map`).
 */
import { fromFloat64, SCAN, scanLabel, tapLength } from '@theano-ts/core';
import { type Check, type Val, valueInfo } from '../builder.js';
import type { RealDType } from '../dtypes.js';
import type { Lowering } from './common.js';

const scan: Lowering = (g, node, [n, ...ins]) => {
  const p = SCAN.match(node)!;
  const { inner, nSeqs, taps, nNitSot } = p;
  const label = scanLabel(p);
  const nRec = taps.length;
  const seqs = ins.slice(0, nSeqs);
  const inits = ins.slice(nSeqs, nSeqs + nRec);
  const nonSeqs = ins.slice(nSeqs + nRec);
  const Ls = taps.map(tapLength);
  let trips = g.cast(n!, 'int64');
  if (g.withChecks) {
    // a run that the checks below will reject takes no step, so that they (not a Gather) report it
    const rows = (v: Val) =>
      g.op(
        'Squeeze',
        [g.op('Slice', [g.shapeOf(v), g.ints([0]), g.ints([1]), g.ints([0])], 'int64'), g.ints([0])],
        'int64',
      );
    for (const s of seqs) trips = g.op('Min', [trips, rows(s)], 'int64');
    inits.forEach((v, j) => {
      const ok = g.op('Equal', [rows(v), g.scalar(Ls[j]!, 'int64')], 'bool');
      trips = g.op('Where', [ok, trips, g.scalar(0, 'int64')], 'int64');
    });
  }
  // run-time checks: a non-negative step count, initial buffers of L rows, sequences long enough
  g.addCheck({
    outputs: [
      g.op('Reshape', [g.cast(n!, 'int64'), g.ints([1])], 'int64'),
      ...inits.map((v) => g.shapeOf(v)),
      ...seqs.map((v) => g.shapeOf(v)),
    ],
    rowLengths: [
      1,
      ...inits.map((_, j) => node.inputs[1 + nSeqs + j]!.ndim),
      ...seqs.map((_, k) => node.inputs[1 + k]!.ndim),
    ],
    validate: ([nr, ...shapes]) => {
      const steps = nr![0]!;
      if (steps < 0) return `${label}: nSteps must be a non-negative integer, got ${steps}`;
      for (let j = 0; j < nRec; j++) {
        const rows = shapes[j]![0]!;
        if (rows !== Ls[j]) {
          return `${label}: the initial state of output ${j} has ${rows} rows, its taps [${taps[j]!.join(', ')}] need ${Ls[j]}`;
        }
      }
      for (let k = 0; k < nSeqs; k++) {
        const rows = shapes[nRec + k]![0]!;
        if (rows < steps) return `${label}: sequence ${k} has ${rows} rows, fewer than the ${steps} steps`;
      }
      return null;
    },
  });

  const body = g.subgraph();
  body.begin(g.label, g.path);
  const iter = body.input('iter', 'int64');
  const condIn = body.input('cond', 'bool');
  const windows = inits.map((v) => body.input('window', v.dtype));
  const args: Val[] = seqs.map((s, _k) => body.op('Gather', [s, iter], s.dtype, { axis: 0 }));
  taps.forEach((tj, j) => {
    for (const tap of tj) {
      args.push(body.op('Gather', [windows[j]!, body.scalar(Ls[j]! + tap, 'int64')], windows[j]!.dtype, { axis: 0 }));
    }
  });
  args.push(...nonSeqs);
  const results = body.lowerGraph(inner, args, g.path);
  body.begin(g.label, g.path);
  const taken = new Set<string>();
  const outDtypes = node.outputs.map((o) => o.dtype as RealDType);
  let condOut: Val;
  if (p.until) {
    const c = results[results.length - 1]!;
    condOut = body.op('Not', [body.cast(c, 'bool')], 'bool');
  } else condOut = body.op('Identity', [condIn], 'bool');
  condOut = body.own(condOut, taken);
  const ys = results.slice(0, nRec).map((y, j) => body.cast(y, outDtypes[j]!));
  const carried = ys.map((y, j) => {
    const row = body.op('Unsqueeze', [y, body.ints([0])], y.dtype);
    const L = Ls[j]!;
    const next =
      L === 1
        ? row
        : body.op(
            'Concat',
            [body.op('Slice', [windows[j]!, body.ints([1]), body.ints([L]), body.ints([0])], y.dtype), row],
            y.dtype,
            { axis: 0 },
          );
    return body.own(next, taken);
  });
  // an output without history (lastOnly) is the final window alone: its values are not stacked
  const kept = ys.map((_, j) => !p.lastOnly?.[j]);
  const stackedIndex: number[] = [];
  const scans: Val[] = [
    ...ys.flatMap((y, j) => {
      if (!kept[j]) return [];
      stackedIndex[j] = stackedIndex.filter((x) => x !== undefined).length;
      return [body.own(y, taken)];
    }),
    ...results.slice(nRec, nRec + nNitSot).map((z, i) => body.own(body.cast(z, outDtypes[nRec + i]!), taken)),
  ];
  const innerChecks = body.checks.map((c) => ({ check: c, outs: c.outputs.map((v) => body.own(v, taken)) }));
  for (const { outs } of innerChecks) scans.push(...outs);
  const graph = body.toGraph(
    `${g.label.replace(/[^A-Za-z0-9_]/g, '_')}_body`,
    [
      valueInfo(iter.name, 'int64', []),
      valueInfo(condIn.name, 'bool', []),
      ...windows.map((w) => valueInfo(w.name, w.dtype)),
    ],
    [
      valueInfo(condOut.name, 'bool', []),
      ...carried.map((v) => valueInfo(v.name, v.dtype)),
      ...scans.map((v) => valueInfo(v.name, v.dtype)),
    ],
  );
  const loopOuts = g.emit(
    'Loop',
    [trips, p.until ? g.constant(fromFloat64([1], [], 'bool')) : null, ...inits],
    [...carried.map((v) => v.dtype), ...scans.map((v) => v.dtype)],
    { body: graph },
  );
  const nStacked = kept.filter(Boolean).length;
  let k = nRec + nStacked + nNitSot;
  for (const { check } of innerChecks) {
    const outputs = check.outputs.map(() => loopOuts[k++]!);
    g.checks.push({ ...check, outputs } satisfies Check);
  }
  // each buffer: the initial rows, then the stacked new values (reshaped so that zero steps keep the rank)
  const buffers = inits.map((init, j) => {
    if (!kept[j]) return loopOuts[j]!;
    const stacked = loopOuts[nRec + stackedIndex[j]!]!;
    const rowShape = g.op(
      'Slice',
      [g.shapeOf(init), g.ints([1]), g.ints([Number.MAX_SAFE_INTEGER]), g.ints([0])],
      'int64',
    );
    const shaped = g.op(
      'Reshape',
      [stacked, g.op('Concat', [g.ints([-1]), rowShape], 'int64', { axis: 0 })],
      stacked.dtype,
    );
    return g.op('Concat', [g.cast(init, outDtypes[j]!), shaped], outDtypes[j]!, { axis: 0 });
  });
  return [...buffers, ...loopOuts.slice(nRec + nStacked, nRec + nStacked + nNitSot)];
};

/** The scan lowering. */
export const SCAN_LOWERINGS = { scan } as const;
