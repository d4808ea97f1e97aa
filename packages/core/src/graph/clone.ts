/**
 * `theano.clone(outputs, { replace, strict, shareInputs })`: the outputs rebuilt with some variables
 * replaced. Graphs are immutable, so the original outputs are never changed; only the nodes that depend on
 * a replaced (or copied) variable are rebuilt.
 */
import { asTensorVariable, constant } from './constant.js';
import { freeInputs, replace as replaceVars } from './fgraph.js';
import { type TensorLike, TensorVariable } from './variable.js';

/** Options of {@link clone} (Theano's keyword arguments). */
export interface CloneOptions {
  /** Variables to replace: a `Map` or an array of pairs original → replacement (a value becomes a constant). */
  replace?: ReadonlyMap<TensorVariable, TensorLike> | readonly (readonly [TensorVariable, TensorLike])[] | null;
  /**
   * `true` (default): a replacement must have its original's type (dtype and rank; static sizes that
   * agree).
   * `false`: any type of the same rank; the graph's types are inferred again.
   */
  strict?: boolean;
  /**
   * `true` (default): the graph's inputs that are not replaced are shared with the original. `false`: each
   * is replaced by a fresh variable of the same type and name (shared variables and constants are kept:
   * they hold values, not placeholders).
   */
  shareInputs?: boolean;
  /** Deprecated in Theano: `copyInputs: true` is `shareInputs: false`. */
  copyInputs?: boolean;
}

const OPTIONS = ['replace', 'strict', 'shareInputs', 'copyInputs'];

/**
 * `theano.clone(outputs, { replace, strict, shareInputs })`: a copy of `outputs` (one variable or an array)
 * computing with each variable of `replace` replaced by its replacement. The originals are unchanged.
 *
 * @example theano.clone(x.pow(2), { replace: [[x, y.add(1)]] }) // (y + 1) ** 2
 */
export function clone(outputs: TensorVariable, opts?: CloneOptions): TensorVariable;
export function clone(outputs: readonly TensorVariable[], opts?: CloneOptions): TensorVariable[];
export function clone(
  outputs: TensorVariable | readonly TensorVariable[],
  opts: CloneOptions = {},
): TensorVariable | TensorVariable[] {
  const f = 'theano.clone';
  for (const k of Object.keys(opts)) {
    if (!OPTIONS.includes(k))
      throw new TypeError(`${f}: unknown option ${JSON.stringify(k)}; expected ${OPTIONS.join(', ')}`);
  }
  const list = Array.isArray(outputs) ? [...(outputs as TensorVariable[])] : [outputs as TensorVariable];
  list.forEach((o, i) => {
    if (!(o instanceof TensorVariable))
      throw new TypeError(`${f}: output ${i} must be a symbolic variable, got ${typeof o}`);
  });
  const strict = opts.strict ?? true;
  const share = opts.copyInputs !== undefined ? !opts.copyInputs : (opts.shareInputs ?? true);
  const subst = new Map<TensorVariable, TensorVariable>();
  const r = opts.replace ?? [];
  if (!(r instanceof Map) && !Array.isArray(r)) {
    throw new TypeError(`${f}: replace must be a Map or an array of [variable, replacement] pairs, got ${typeof r}`);
  }
  const entries = r instanceof Map ? [...r.entries()] : [...(r as readonly (readonly [unknown, unknown])[])];
  entries.forEach((pair, i) => {
    if (!Array.isArray(pair) && !(r instanceof Map)) {
      throw new TypeError(`${f}: replace entry ${i} must be a [variable, replacement] pair, got ${typeof pair}`);
    }
    const [from, to] = pair as readonly [unknown, unknown];
    if (!(from instanceof TensorVariable)) {
      throw new TypeError(`${f}: replace key ${i} must be a symbolic variable, got ${typeof from}`);
    }
    // a value becomes a constant of the replaced variable's dtype
    const v =
      to instanceof TensorVariable
        ? to
        : to === null || to === undefined
          ? asTensorVariable(to as unknown as TensorLike, `${f}: the replacement of ${from}`)
          : constant(to as Parameters<typeof constant>[0], { dtype: from.dtype });
    if (v.ndim !== from.ndim) {
      throw new TypeError(
        `${f}: the replacement of ${from} (${from.type}) must have ${from.ndim} dimensions, got ${v} (${v.type})`,
      );
    }
    if (strict && !from.type.accepts(v.type)) {
      throw new TypeError(
        `${f}: the replacement of ${from} must have its type ${from.type}, got ${v} of type ${v.type} ` +
          '(pass { strict: false } to allow another dtype or broadcastable pattern)',
      );
    }
    subst.set(from, v);
  });
  if (!share) {
    for (const v of freeInputs(list)) if (!subst.has(v)) subst.set(v, v.type.make(v.name));
  }
  const out = replaceVars(list, subst);
  return Array.isArray(outputs) ? out : out[0]!;
}
