/**
 * Reverse-mode autodiff as a graph-to-graph transform: `T.grad`, `T.Lop` (vector-Jacobian products) and
 * `T.Rop` (Jacobian-vector products, by differentiating a Lop with respect to its linear argument, so every
 * op with a gradient has a forward rule for free). The result is a new graph; the input graph is unchanged.
 */
import { isDiscreteDType } from '../dtype.js';
import type { Apply } from '../graph/apply.js';
import { asTensorVariable, constant } from '../graph/constant.js';
import { replace, toposort } from '../graph/fgraph.js';
import { type TensorLike, TensorVariable } from '../graph/variable.js';
import { assertSameShape } from '../ops/control.js';
import { add, cast, zerosLike } from '../ops/elemwise.js';
import { sumKeepdims } from '../ops/reduce.js';
import { stableForGrad } from './stabilize.js';

/** What to do when asked for the gradient with respect to a variable the cost does not depend on. */
export type DisconnectedPolicy = 'raise' | 'warn' | 'ignore';

/** Options of `grad`, `Lop` and `Rop`. */
export interface GradOptions {
  /** Variables treated as constants: no gradient flows through them. */
  considerConstant?: readonly TensorVariable[];
  /** `'raise'` (default for grad and Lop, as Theano), `'warn'` or `'ignore'`: then the gradient is zeros. */
  disconnectedInputs?: DisconnectedPolicy;
  /**
   * Gradients already known (Theano's `known_grads`): a `Map` or pairs variable → its gradient. Each
   * listed variable's gradient is exactly the one given (nothing else is added to it), and backpropagation
   * starts from them as well as from the cost (which may then be null).
   */
  knownGrads?: KnownGrads;
  /** Internal: return null (not zeros) for a disconnected input. */
  nullIfDisconnected?: boolean;
}

/** Gradients given to `T.grad` (`knownGrads`): a `Map` or an array of pairs variable → gradient. */
export type KnownGrads = ReadonlyMap<TensorVariable, TensorLike> | readonly (readonly [TensorVariable, TensorLike])[];

/** Raised when a gradient is asked for with respect to a variable the cost does not depend on. */
export class DisconnectedInputError extends Error {
  /** The error's name, `'DisconnectedInputError'`. */
  override name = 'DisconnectedInputError';
}

/** The gradient's value with the variable's broadcastable pattern and float dtype. */
function conform(g: TensorVariable, v: TensorVariable): TensorVariable {
  const axes: number[] = [];
  v.broadcastable.forEach((b, d) => {
    if (b && !g.broadcastable[d]) axes.push(d);
  });
  let r = axes.length ? sumKeepdims(g, axes) : g;
  if (r.dtype !== v.dtype && !isDiscreteDType(v.dtype)) r = cast(r, v.dtype);
  return r;
}

function sumAll(terms: readonly TensorVariable[]): TensorVariable {
  return terms.length === 1 ? terms[0]! : add(terms[0]!, terms[1]!, ...terms.slice(2));
}

function connectionOf(node: Apply): boolean[] {
  const def = node.op.def;
  return def.connection ? def.connection(node.inputs.length, node.op.params) : node.inputs.map(() => true);
}

/**
 * The core of reverse mode: given the gradients of some variables (`seeds`), the gradient of the implied
 * scalar with respect to each of `wrt` (null where disconnected, handled by the caller).
 */
function backprop(
  seeds: ReadonlyMap<TensorVariable, TensorVariable>,
  wrt: readonly TensorVariable[],
  considerConstant: ReadonlySet<TensorVariable>,
  fixed: ReadonlySet<TensorVariable> = new Set(),
): { grads: (TensorVariable | null)[]; connected: boolean[] } {
  const outputs = [...seeds.keys()];
  const nodes = toposort(outputs, considerConstant);
  // variables from which a seed is reachable through differentiable connections
  const reaches = new Set<TensorVariable>(outputs);
  for (let k = nodes.length - 1; k >= 0; k--) {
    const node = nodes[k]!;
    if (!node.outputs.some((o) => reaches.has(o))) continue;
    const conn = connectionOf(node);
    node.inputs.forEach((v, i) => {
      if (conn[i]) reaches.add(v);
    });
  }
  // variables that depend on some wrt (only their gradients are needed)
  const dependsOnWrt = new Set<TensorVariable>(wrt);
  for (const node of nodes) {
    const conn = connectionOf(node);
    if (node.inputs.some((v, i) => conn[i] && dependsOnWrt.has(v))) for (const o of node.outputs) dependsOnWrt.add(o);
  }
  const contributions = new Map<TensorVariable, TensorVariable[]>();
  const push = (v: TensorVariable, g: TensorVariable) => {
    const l = contributions.get(v);
    if (l) l.push(g);
    else contributions.set(v, [g]);
  };
  for (const [v, g] of seeds) push(v, g);
  const total = (v: TensorVariable): TensorVariable | null => {
    const l = contributions.get(v);
    return l?.length ? conform(sumAll(l), v) : null;
  };
  for (let k = nodes.length - 1; k >= 0; k--) {
    const node = nodes[k]!;
    if (!node.outputs.some((o) => contributions.has(o))) continue;
    if (!node.inputs.some((v) => dependsOnWrt.has(v))) continue;
    const gouts = node.outputs.map(total);
    const gins = node.op.def.grad(node.inputs, node.outputs, gouts, node.op.params);
    if (gins.length !== node.inputs.length) {
      throw new Error(`grad: ${node.op} returned ${gins.length} gradients for ${node.inputs.length} inputs`);
    }
    const conn = connectionOf(node);
    gins.forEach((g, i) => {
      const v = node.inputs[i]!;
      // a constant-considered variable gets its own gradient (the search stops at it, as in Theano);
      // one with a known gradient keeps exactly that one
      if (g && conn[i] && !fixed.has(v) && dependsOnWrt.has(v)) push(v, g);
    });
  }
  return { grads: wrt.map(total), connected: wrt.map((v) => reaches.has(v)) };
}

function finish(
  fname: string,
  wrt: readonly TensorVariable[],
  res: { grads: (TensorVariable | null)[]; connected: boolean[] },
  opts: GradOptions,
  defaultPolicy: DisconnectedPolicy,
): (TensorVariable | null)[] {
  const policy = opts.disconnectedInputs ?? defaultPolicy;
  return wrt.map((v, i) => {
    const g = res.grads[i];
    if (g) return g;
    if (!res.connected[i]) {
      const msg =
        `${fname}: the cost does not depend on input ${i} (${v}, ${v.type}): it is not part of the cost's graph, ` +
        `or only reaches it through non-differentiable ops. Pass { disconnectedInputs: 'ignore' } to get zeros.`;
      if (policy === 'raise') throw new DisconnectedInputError(msg);
      if (policy === 'warn') console.warn(msg);
      if (opts.nullIfDisconnected) return null;
    }
    return zerosLike(v, isDiscreteDType(v.dtype) ? undefined : v.dtype);
  });
}

function asList(v: TensorVariable | readonly TensorVariable[], fname: string, what: string): TensorVariable[] {
  const list = Array.isArray(v) ? [...(v as TensorVariable[])] : [v as TensorVariable];
  list.forEach((x, i) => {
    if (!(x instanceof TensorVariable)) {
      throw new TypeError(`${fname}: ${what} ${i} must be a symbolic variable, got ${typeof x}`);
    }
  });
  return list;
}

/** The pairs of `knownGrads`, checked: each key a variable, each gradient of its variable's rank. */
function knownPairs(known: KnownGrads | undefined): [TensorVariable, TensorVariable][] {
  if (known === undefined) return [];
  if (!(known instanceof Map) && !Array.isArray(known)) {
    throw new TypeError(
      `T.grad: knownGrads must be a Map or an array of [variable, gradient] pairs, got ${typeof known}`,
    );
  }
  const entries =
    known instanceof Map ? [...known.entries()] : [...(known as readonly (readonly [unknown, unknown])[])];
  return entries.map((pair, i) => {
    if (!Array.isArray(pair) && !(known instanceof Map)) {
      throw new TypeError(`T.grad: knownGrads entry ${i} must be a [variable, gradient] pair, got ${typeof pair}`);
    }
    const [v, g] = pair as readonly [unknown, unknown];
    if (!(v instanceof TensorVariable)) {
      throw new TypeError(`T.grad: knownGrads key ${i} must be a symbolic variable, got ${typeof v}`);
    }
    const gv = asTensorVariable(g as TensorLike, `T.grad: knownGrads[${v}]`);
    if (gv.ndim !== v.ndim) {
      throw new TypeError(
        `T.grad: the known gradient of ${v} (${v.type}) must have ${v.ndim} dimensions, got ${gv} with ${gv.ndim}`,
      );
    }
    if (isDiscreteDType(gv.dtype) && !isDiscreteDType(v.dtype)) {
      return [v, cast(gv, v.dtype)] as [TensorVariable, TensorVariable];
    }
    return [v, gv] as [TensorVariable, TensorVariable];
  });
}

/**
 * `T.grad(cost, wrt, { considerConstant, disconnectedInputs, knownGrads })`: the gradient of a scalar
 * `cost` with respect to one variable or a list (then a list of gradients, in order). With `knownGrads`,
 * the cost may be null: backpropagation then starts from the given gradients only.
 */
export function grad(cost: TensorVariable | null, wrt: TensorVariable, opts?: GradOptions): TensorVariable;
export function grad(cost: TensorVariable | null, wrt: readonly TensorVariable[], opts?: GradOptions): TensorVariable[];
export function grad(
  cost: TensorVariable | null,
  wrt: TensorVariable | readonly TensorVariable[],
  opts: GradOptions = {},
): TensorVariable | TensorVariable[] {
  const known = knownPairs(opts.knownGrads);
  if (cost === null || cost === undefined) {
    if (!known.length) throw new TypeError('T.grad: cost is null, so knownGrads must name at least one gradient');
  } else {
    if (!(cost instanceof TensorVariable))
      throw new TypeError(`T.grad: cost must be a symbolic variable, got ${typeof cost}`);
    if (cost.ndim !== 0) {
      throw new TypeError(
        `T.grad: cost must be a scalar (0-d), got ${cost} of type ${cost.type} (${cost.ndim} dimension${cost.ndim === 1 ? '' : 's'}); ` +
          'sum it first, or use T.Lop / theano.gradient.jacobian for a non-scalar output',
      );
    }
    if (isDiscreteDType(cost.dtype)) {
      throw new TypeError(`T.grad: cost must be a float, got ${cost} of dtype ${cost.dtype}`);
    }
  }
  const list = asList(wrt, 'T.grad', 'wrt');
  const seeds = new Map<TensorVariable, TensorVariable>();
  if (cost) {
    // differentiate the stable form of the cost (log(sigmoid) as softplus, …): same value, finite gradient
    const keep = new Set<TensorVariable>([...list, ...(opts.considerConstant ?? []), ...known.map(([v]) => v)]);
    const [stable] = stableForGrad([cost], keep);
    const own = known.find(([v]) => v === cost);
    seeds.set(stable!, own ? own[1] : constant(1, { dtype: cost.dtype }));
  }
  for (const [v, g] of known) if (v !== cost) seeds.set(v, g);
  const res = backprop(seeds, list, new Set(opts.considerConstant ?? []), new Set(known.map(([v]) => v)));
  const out = finish('T.grad', list, res, opts, 'raise') as TensorVariable[];
  return Array.isArray(wrt) ? out : out[0]!;
}

/** Options of `theano.gradient.subgraphGrad` (its positional arguments after `end`, by name). */
export interface SubgraphGradOptions {
  /** Known gradients to start from (a `Map` or pairs variable → gradient). */
  start?: KnownGrads | null;
  /** A scalar cost whose gradient is added. */
  cost?: TensorVariable | null;
  /** Also return the gradients from `start` and from `cost` separately. */
  details?: boolean;
}

/**
 * `theano.gradient.subgraphGrad(wrt, end, start?, cost?, details?)` (or `subgraphGrad(wrt, end, { start,
 * cost, details })`): backpropagates through one part of a graph, from the known gradients `start` and/or
 * a `cost`, stopping at the variables `end`. Returns `[wrtGrads, endGrads]`: the gradients with respect
 * to `wrt` and to `end` (feed `endGrads` as `start` of the part below), and with `details`, also the
 * gradients from `start` and from `cost` alone (null where not given).
 */
export function subgraphGrad(
  wrt: readonly TensorVariable[],
  end: readonly TensorVariable[],
  startOrOpts?: KnownGrads | SubgraphGradOptions | null,
  cost?: TensorVariable | null,
  details?: boolean,
): TensorVariable[][] | [TensorVariable[], TensorVariable[], TensorVariable[] | null, TensorVariable[] | null] {
  const f = 'theano.gradient.subgraphGrad';
  let start: KnownGrads | null | undefined;
  if (startOrOpts && !(startOrOpts instanceof Map) && !Array.isArray(startOrOpts)) {
    const o = startOrOpts as SubgraphGradOptions;
    for (const k of Object.keys(o)) {
      if (!['start', 'cost', 'details'].includes(k)) {
        throw new TypeError(`${f}: unknown option ${JSON.stringify(k)}; expected start, cost or details`);
      }
    }
    ({ start, cost, details } = { start: o.start, cost: o.cost ?? cost, details: o.details ?? details });
  } else start = startOrOpts as KnownGrads | null | undefined;
  if (!Array.isArray(wrt)) throw new TypeError(`${f}: wrt must be an array of variables, got ${typeof wrt}`);
  if (!Array.isArray(end)) throw new TypeError(`${f}: end must be an array of variables, got ${typeof end}`);
  asList(wrt, f, 'wrt');
  asList(end, f, 'end');
  if (!cost && !start) throw new TypeError(`${f}: give start (known gradients), cost, or both`);
  const params = [...new Set([...wrt, ...end])];
  const base: GradOptions = { considerConstant: end, disconnectedInputs: 'ignore' };
  const startGrads = start ? grad(null, params, { ...base, knownGrads: start }) : null;
  const costGrads = cost ? grad(cost, params, base) : null;
  const grads = startGrads && costGrads ? startGrads.map((g, i) => add(g, costGrads[i]!)) : (startGrads ?? costGrads)!;
  const of = new Map(params.map((p, i) => [p, grads[i]!]));
  const wrtGrads = wrt.map((v) => of.get(v)!);
  const endGrads = end.map((v) => of.get(v)!);
  return details ? [wrtGrads, endGrads, startGrads, costGrads] : [wrtGrads, endGrads];
}

/** Known output gradients → gradients with respect to `wrt` (Theano's `grad(None, wrt, known_grads=…)`). */
function lopList(
  fname: string,
  f: readonly TensorVariable[],
  wrt: readonly TensorVariable[],
  v: readonly TensorVariable[],
  opts: GradOptions,
): (TensorVariable | null)[] {
  if (f.length !== v.length) {
    throw new TypeError(`${fname}: got ${f.length} outputs but ${v.length} eval points`);
  }
  const seeds = new Map<TensorVariable, TensorVariable>();
  const stable = stableForGrad(f, new Set<TensorVariable>([...wrt, ...f, ...(opts.considerConstant ?? [])]));
  f.forEach((fi, i) => {
    const vi = v[i]!;
    if (vi.ndim !== fi.ndim) {
      throw new TypeError(
        `${fname}: eval point ${i} (${vi}) has ${vi.ndim} dimensions, but output ${fi} has ${fi.ndim}`,
      );
    }
    seeds.set(stable[i]!, vi);
  });
  const res = backprop(seeds, wrt, new Set(opts.considerConstant ?? []));
  return finish(fname, wrt, res, opts, 'raise');
}

/** `T.Lop(f, wrt, v)`: vᵀ·∂f/∂wrt, with `v` shaped like `f` (lists: one `v` per output, one result per `wrt`). */
export function Lop(f: TensorVariable, wrt: TensorVariable, v: TensorVariable, opts?: GradOptions): TensorVariable;
export function Lop(
  f: TensorVariable | readonly TensorVariable[],
  wrt: TensorVariable | readonly TensorVariable[],
  v: TensorVariable | readonly TensorVariable[],
  opts?: GradOptions,
): TensorVariable | TensorVariable[];
export function Lop(
  f: TensorVariable | readonly TensorVariable[],
  wrt: TensorVariable | readonly TensorVariable[],
  v: TensorVariable | readonly TensorVariable[],
  opts: GradOptions = {},
): TensorVariable | TensorVariable[] {
  const fs = asList(f, 'T.Lop', 'f');
  const ws = asList(wrt, 'T.Lop', 'wrt');
  const vs = asList(v, 'T.Lop', 'eval point');
  const out = lopList('T.Lop', fs, ws, vs, opts) as TensorVariable[];
  return Array.isArray(wrt) ? out : out[0]!;
}

/**
 * `T.Rop(f, wrt, v)`: ∂f/∂wrt·v, with `v` shaped like `wrt` (lists: one `v` per `wrt`, one result per output).
 * Computed as the derivative of `Lop(f, wrt, u)` with respect to `u` (linear in u) along `v`; each result
 * checks at run time that every `v` has its `wrt`'s shape, so every `wrt` stays an input of the graph.
 */
export function Rop(f: TensorVariable, wrt: TensorVariable, v: TensorVariable, opts?: GradOptions): TensorVariable;
export function Rop(
  f: TensorVariable | readonly TensorVariable[],
  wrt: TensorVariable | readonly TensorVariable[],
  v: TensorVariable | readonly TensorVariable[],
  opts?: GradOptions,
): TensorVariable | TensorVariable[];
export function Rop(
  f: TensorVariable | readonly TensorVariable[],
  wrt: TensorVariable | readonly TensorVariable[],
  v: TensorVariable | readonly TensorVariable[],
  opts: GradOptions = {},
): TensorVariable | TensorVariable[] {
  const fs = asList(f, 'T.Rop', 'f');
  const ws = asList(wrt, 'T.Rop', 'wrt');
  const vs = asList(v, 'T.Rop', 'eval point');
  if (ws.length !== vs.length) throw new TypeError(`T.Rop: got ${ws.length} wrt but ${vs.length} eval points`);
  ws.forEach((w, i) => {
    const vi = vs[i]!;
    if (vi.ndim !== w.ndim) {
      throw new TypeError(`T.Rop: eval point ${i} (${vi}) has ${vi.ndim} dimensions, but wrt ${w} has ${w.ndim}`);
    }
  });
  const us = fs.map((fi) => fi.type.withDType(fi.dtype).make(`u_${fi}`));
  const lops = lopList('T.Rop', fs, ws, us, { ...opts, disconnectedInputs: 'ignore' });
  const live: TensorVariable[] = [];
  const liveV: TensorVariable[] = [];
  lops.forEach((l, i) => {
    if (l) {
      live.push(l);
      liveV.push(vs[i]!);
    }
  });
  const jv = live.length ? lopList('T.Rop', live, us, liveV, { disconnectedInputs: 'ignore' }) : us.map(() => null);
  // the result is linear in u: any structural use of u left (a shape) is replaced by zeros like f
  const fill = new Map<TensorVariable, TensorVariable>(us.map((u, i) => [u, zerosLike(fs[i]!)]));
  const out = fs.map((fi, i) => {
    let r = jv[i] ?? zerosLike(fi);
    [r] = replace([r], fill);
    ws.forEach((w, k) => {
      r = assertSameShape(r!, w, vs[k]!, `T.Rop: eval point ${k} (${vs[k]}) must have the shape of wrt ${w}`);
    });
    return r!;
  });
  return Array.isArray(f) ? out : out[0]!;
}
