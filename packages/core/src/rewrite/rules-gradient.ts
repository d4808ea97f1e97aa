/**
 * `remove_gradient_ops`: the identity ops of `theano.gradient` (`ZeroGrad`, `DisconnectedGrad`,
 * `GradClip`, `GradScale`) matter only to `T.grad`; in the canonicalize phase each becomes its input, as
 * Theano's canonicalizer removes them. Tagged `required`, so it runs in every mode (also with
 * `optimizer: 'None'`) and no backend ever sees them; `x.copy()`'s identity goes the same way.
 */
import { GRADIENT_OPS, TENSOR_COPY } from '../ops/gradient.js';
import { registerRewrite } from './engine.js';

/** Replaces `zeroGrad(x)`, `disconnectedGrad(x)`, `gradClip(x, …)` and `gradScale(x, …)` by `x`. */
export const removeGradientOps = registerRewrite({
  name: 'remove_gradient_ops',
  phase: 'canonicalize',
  tags: ['required', 'fast_run', 'fast_compile'],
  ops: Object.keys(GRADIENT_OPS),
  apply: (node) => node.inputs[0] ?? null,
});

/** `local_useless_tensor_copy`: `tensorCopy(x)` → `x` (values are never written in place). */
export const removeTensorCopy = registerRewrite({
  name: 'local_useless_tensor_copy',
  phase: 'canonicalize',
  tags: ['required', 'fast_run', 'fast_compile', 'useless'],
  ops: [TENSOR_COPY.name],
  apply: (node) => node.inputs[0] ?? null,
});
