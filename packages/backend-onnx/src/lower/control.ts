/**
 * Control ops → ONNX. `Map{label}(n, ...args)` becomes a `Loop` with trip count n and no loop-carried
 * values: its body is the inner graph, lowered with the iteration number as the index and the outer
 * arguments read from the enclosing scope, and the per-iteration results come back stacked as a scan
 * output. Checks registered inside the body become extra scan outputs, validated row by row after the run.
 * `AssertSameShape(x, a, b)` passes x through and checks the shapes of a and b after the run.
 * `IfElse` becomes an ONNX `If`: the driver (`lowerGraph`) lowers the nodes only one branch needs into
 * that branch's subgraph, so onnxruntime computes only the branch taken; checks registered inside a branch
 * leave the If flattened (the other branch gives an empty tensor in their place, which no check reads).
 */
import { type Apply, ASSERT_SAME_SHAPE, IF_ELSE, MAP, NDArray } from '@theano-ts/core';
import type { GraphBuilder } from '../builder.js';
import { type Check, type Val, valueInfo } from '../builder.js';
import type { RealDType } from '../dtypes.js';
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

/**
 * `if{}(c, a…, b…)` as an ONNX `If` on `c != 0`: each branch's subgraph is filled by `fill` (the nodes
 * that branch alone needs, lowered into it) and returns the branch's values read through `value`.
 */
export function lowerIf(
  g: GraphBuilder,
  node: Apply,
  cond: Val,
  fill: readonly ((sub: GraphBuilder) => Val[])[],
): Val[] {
  IF_ELSE.match(node);
  const outs = node.outputs.map((o) => o.dtype as RealDType);
  const built = fill.map((f) => {
    const sub = g.subgraph();
    sub.begin(g.label, g.path);
    const vals = f(sub);
    sub.begin(g.label, g.path);
    return { sub, vals: vals.map((v, k) => sub.cast(v, outs[k]!)) };
  });
  // every branch outputs every branch's check values: its own flattened, the others' as empty tensors
  const checkSlots = built.flatMap((b, bi) => b.sub.checks.flatMap((c) => c.outputs.map((v) => ({ bi, v, c }))));
  const empty = g.constant(new NDArray(new BigInt64Array(0), [0], 'int64'), 'int64');
  const graphs = built.map((b, bi) => {
    const taken = new Set<string>();
    const results = b.vals.map((v) => b.sub.own(v, taken));
    const checks = checkSlots.map((slot) =>
      b.sub.own(slot.bi === bi ? b.sub.op('Reshape', [slot.v, b.sub.ints([-1])], 'int64') : empty, taken),
    );
    return b.sub.toGraph(
      `${g.label.replace(/[^A-Za-z0-9_]/g, '_')}_${bi === 0 ? 'then' : 'else'}`,
      [],
      [...results, ...checks].map((v) => valueInfo(v.name, v.dtype)),
    );
  });
  const c =
    node.inputs[0]!.dtype === 'bool'
      ? cond
      : g.op('Not', [g.op('Equal', [cond, g.cast(g.scalar(0, 'float64'), cond.dtype)], 'bool')], 'bool');
  const ifOuts = g.emit('If', [c], [...outs, ...checkSlots.map(() => 'int64' as const)], {
    then_branch: graphs[0]!,
    else_branch: graphs[1]!,
  });
  // each branch check now reads its values from the If's outputs (empty when its branch was not taken)
  let k = outs.length;
  for (const b of built) {
    for (const check of b.sub.checks) {
      const outputs = check.outputs.map(() => ifOuts[k++]!);
      g.checks.push({ ...check, outputs, rowLengths: check.rowLengths } satisfies Check);
    }
  }
  return ifOuts.slice(0, outs.length);
}

/** `if{}(c, a…, b…)` with both branches already computed (the driver nests them when it can). */
const ifElse: Lowering = (g, node, [c, ...rest]) => {
  const n = node.outputs.length;
  return lowerIf(g, node, c!, [() => rest.slice(0, n).map((v) => v!), () => rest.slice(n).map((v) => v!)]);
};

/** The control lowerings. */
export const CONTROL_LOWERINGS = { map, assert_same_shape: assertSameShape, if_else: ifElse } as const;
