/**
 * Rewrites of `Scan` (the inner graph itself is rewritten by the engine, as for `Map`).
 * `local_scan_save_mem` (Theano's `scan_save_mem`): a recurrent output whose buffer is read only at its
 * last row (`reduce`, `foldl`, the updates of shared variables, `outputs[-1]`) keeps no history: the node
 * is rebuilt with that output marked `lastOnly`, so its buffer holds the last `L` values (the window the
 * taps read) instead of one row per step, and each read of row -1 reads the new output's row -1.
 */
import { type Apply, applyOp, Op } from '../graph/apply.js';
import { replace, toposort } from '../graph/fgraph.js';
import { TensorConstant, type TensorVariable } from '../graph/variable.js';
import { SCAN } from '../ops/scan.js';
import { SUBTENSOR, subtensor } from '../ops/subtensor.js';
import { registerGlobalRewrite } from './engine.js';

/** Whether `node` is `x[-1]` (an integer index on the first axis, the constant -1). */
function readsLastRow(node: Apply): boolean {
  const p = SUBTENSOR.match(node);
  if (p?.idx.length !== 1 || p.idx[0]!.kind !== 'int') return false;
  const i = node.inputs[1];
  return i instanceof TensorConstant && i.value.item() === -1;
}

/** `local_scan_save_mem`: outputs of a scan read only at row -1 keep no history. */
export const scanSaveMem = registerGlobalRewrite({
  name: 'local_scan_save_mem',
  phase: 'specialize',
  tags: ['fast_run', 'scan', 'scan_save_mem'],
  applyAll(outputs) {
    const nodes = toposort(outputs);
    const clients = new Map<TensorVariable, Apply[]>();
    for (const n of nodes) {
      for (const v of n.inputs) {
        const l = clients.get(v);
        if (l) l.push(n);
        else clients.set(v, [n]);
      }
    }
    const isOutput = new Set(outputs);
    const subst = new Map<TensorVariable, TensorVariable>();
    for (const node of nodes) {
      const p = SCAN.match(node);
      if (!p) continue;
      const lastOnly = p.taps.map((_, j) => {
        if (p.lastOnly?.[j]) return true;
        const b = node.outputs[j]!;
        const cs = clients.get(b) ?? [];
        return !isOutput.has(b) && cs.length > 0 && cs.every(readsLastRow);
      });
      if (lastOnly.every((x, j) => x === (p.lastOnly?.[j] ?? false))) continue;
      // inputs computed by a scan rebuilt above read the rebuilt one
      const ins = subst.size ? replace(node.inputs, subst) : node.inputs;
      const rebuilt = applyOp(new Op(SCAN, { ...p, lastOnly }), ins);
      node.outputs.forEach((o, k) => {
        if (k < p.taps.length && lastOnly[k] && !p.lastOnly?.[k]) {
          for (const c of clients.get(o) ?? []) subst.set(c.outputs[0]!, subtensor(rebuilt.outputs[k]!, -1));
        } else subst.set(o, rebuilt.outputs[k]!);
      });
    }
    return subst.size ? replace(outputs, subst) : null;
  },
});
