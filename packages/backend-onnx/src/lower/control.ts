/**
 * Control ops → ONNX. `Map{label}(n, ...args)` becomes a `Loop` with trip count n and no loop-carried
 * values: its body is the inner graph, lowered with the iteration number as the index and the outer
 * arguments read from the enclosing scope, and the per-iteration results come back stacked as a scan
 * output. Checks registered inside the body become extra scan outputs, validated row by row after the run.
 * `AssertSameShape(x, a, b)` passes x through and checks the shapes of a and b after the run.
 */
import { ASSERT_SAME_SHAPE, MAP } from '@theano-ts/core';
import { type Check, type Val, valueInfo } from '../builder.js';
import { type Lowering, outDType, tupleString } from './common.js';

/** `Map{label}(n, ...args)`: `stack([inner(i, ...args) for i in range(n)])`. */
const map: Lowering = (g, node, [n, ...args]) => {
  const { inner } = MAP.match(node)!;
  const out = outDType(node);
  const body = g.subgraph();
  body.begin(g.label, g.path);
  const iter = body.input('iter', 'int64');
  const condIn = body.input('cond', 'bool');
  const index = body.cast(iter, inner.inputs[0]!.dtype as Val['dtype']);
  const [result] = body.lowerGraph(inner, [index, ...args], g.path);
  body.begin(g.label, g.path);
  const taken = new Set<string>();
  const condOut = body.own(body.op('Identity', [condIn], 'bool'), taken);
  const scans: Val[] = [body.own(body.cast(result!, out), taken)];
  const innerChecks = body.checks.map((c) => ({ check: c, outs: c.outputs.map((v) => body.own(v, taken)) }));
  for (const { outs } of innerChecks) scans.push(...outs);
  const graph = body.toGraph(
    `${g.label.replace(/[^A-Za-z0-9_]/g, '_')}_body`,
    [valueInfo(iter.name, 'int64', []), valueInfo(condIn.name, 'bool', [])],
    [valueInfo(condOut.name, 'bool', []), ...scans.map((v) => valueInfo(v.name, v.dtype))],
  );
  const loopOuts = g.emit(
    'Loop',
    [g.cast(n!, 'int64'), null],
    scans.map((v) => v.dtype),
    { body: graph },
  );
  // each inner check now reads its values stacked over the iterations
  let k = 1;
  for (const { check } of innerChecks) {
    const outputs = check.outputs.map(() => loopOuts[k++]!);
    g.checks.push({ ...check, outputs } satisfies Check);
  }
  return [loopOuts[0]!];
};

/** `AssertSameShape(x, a, b)`: x, once a and b are known to have the same shape. */
const assertSameShape: Lowering = (g, node, [x, a, b]) => {
  const { message } = ASSERT_SAME_SHAPE.match(node)!;
  const [ta, tb] = [node.inputs[1]!.type, node.inputs[2]!.type];
  const known = ta.shape.every((s) => s !== null) && tb.shape.every((s) => s !== null);
  if (ta.ndim > 0 && !known) {
    g.addCheck({
      outputs: [g.shapeOf(a!), g.shapeOf(b!)],
      rowLengths: [ta.ndim, tb.ndim],
      validate: ([sa, sb]) =>
        sa!.some((d, i) => d !== sb![i])
          ? `${message}: shapes ${tupleString(sa!)} and ${tupleString(sb!)} differ`
          : null,
    });
  }
  return [x!];
};

/** The control lowerings. */
export const CONTROL_LOWERINGS = { map, assert_same_shape: assertSameShape } as const;
