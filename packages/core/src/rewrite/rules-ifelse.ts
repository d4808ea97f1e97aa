/**
 * The rewrites of `IfElse` (single output): a constant condition picks its branch at compile time
 * (`local_ifelse_constant_condition`), and an ifelse whose two branches are the same variable is that
 * variable (`local_ifelse_same_branches`, PyTensor's `cond_remove_identical` for one output).
 */

import { TensorConstant } from '../graph/variable.js';
import { IF_ELSE } from '../ops/ifelse.js';
import { registerRewrite } from './engine.js';

const BASIC = ['fast_run', 'fast_compile'] as const;

/** `ifelse(c, a, b)` with a constant c → a (c nonzero) or b. */
export const ifelseConstantCondition = registerRewrite({
  name: 'local_ifelse_constant_condition',
  phase: 'canonicalize',
  tags: [...BASIC, 'ifelse'],
  ops: ['if_else'],
  apply(node) {
    const p = IF_ELSE.match(node);
    const c = node.inputs[0];
    if (p?.nOut !== 1 || !(c instanceof TensorConstant)) return null;
    return Number(c.value.item()) !== 0 ? node.inputs[1]! : node.inputs[2]!;
  },
});

/** `ifelse(c, a, a)` → a. */
export const ifelseSameBranches = registerRewrite({
  name: 'local_ifelse_same_branches',
  phase: 'canonicalize',
  tags: [...BASIC, 'ifelse'],
  ops: ['if_else'],
  apply(node) {
    const p = IF_ELSE.match(node);
    if (p?.nOut !== 1 || node.inputs[1] !== node.inputs[2]) return null;
    return node.inputs[1]!;
  },
});
