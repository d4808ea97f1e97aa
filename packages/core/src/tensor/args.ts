/**
 * Theano's argument rule, translated: positional arguments stay positional in Theano's order, and any of
 * them may instead come in a trailing options object under its camelCase keyword name
 * (`T.stack(xs, 1)` = `T.stack(xs, { axis: 1 })`). An unknown option is a TypeError naming it.
 */
import { TensorVariable } from '../graph/variable.js';
import { NDArray } from '../ndarray.js';

/** Whether `v` is a plain options object (not a tensor, array, typed array or NDArray). */
export function isOptionsObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return false;
  if (v instanceof TensorVariable || v instanceof NDArray) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Reads the arguments after the required ones: `rest` holds positional values in the order of `names`,
 * optionally followed by an options object keyed by those names. Returns one record with every name
 * (undefined where not given). Throws a TypeError naming `fn` for an unknown option, for too many
 * positional arguments, and for a name given both positionally and as an option.
 */
export function readArgs<K extends string>(
  fn: string,
  names: readonly K[],
  rest: readonly unknown[],
): { [P in K]: unknown } {
  const out = {} as { [P in K]: unknown };
  let positional = rest;
  let options: Record<string, unknown> | undefined;
  if (rest.length > 0 && isOptionsObject(rest[rest.length - 1])) {
    options = rest[rest.length - 1] as Record<string, unknown>;
    positional = rest.slice(0, -1);
  }
  if (positional.length > names.length) {
    throw new TypeError(
      `${fn}: expected at most ${names.length} argument${names.length === 1 ? '' : 's'} after the required ones (${names.join(', ')}), got ${positional.length}`,
    );
  }
  positional.forEach((v, i) => {
    out[names[i]!] = v;
  });
  if (options) {
    for (const [k, v] of Object.entries(options)) {
      if (!(names as readonly string[]).includes(k)) {
        const known = names.length ? names.join(', ') : 'none';
        throw new TypeError(`${fn}: unknown option '${k}' (its options are ${known})`);
      }
      if (v === undefined) continue;
      if (positional.length > names.indexOf(k as K)) {
        throw new TypeError(`${fn}: '${k}' is given both as an argument and as an option`);
      }
      out[k as K] = v;
    }
  }
  return out;
}

/** camelCase → Theano's snake_case (`maxAndArgmax` → `max_and_argmax`); null when there is nothing to convert. */
export function snakeCase(name: string): string | null {
  if (!/^[a-z]/.test(name) || !/[A-Z]/.test(name)) return null;
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** `fns` with a snake_case alias next to every camelCase name (the same function object). */
export function withSnakeAliases<F extends Record<string, unknown>>(fns: F): F {
  const out: Record<string, unknown> = { ...fns };
  for (const [k, v] of Object.entries(fns)) {
    const s = snakeCase(k);
    if (s && !(s in out)) out[s] = v;
  }
  return out as F;
}

/**
 * How many parameters `fn`'s source declares, when they are plain names (a function with a rest
 * parameter, destructuring or a default value that is an object or call gives null: its arity is open
 * or cannot be read). `fn.length` stops counting at the first default, so the source is read instead.
 */
export function declaredArity(fn: (...args: never[]) => unknown): number | null {
  const src = Function.prototype.toString.call(fn);
  if (/^class\b/.test(src)) return null;
  const m =
    /^(?:async\s*)?(?:function\b\s*\*?\s*[\w$]*\s*|[\w$]+\s*)?\(([^)]*)\)/.exec(src) ??
    /^(?:async\s+)?([\w$]+)\s*=>/.exec(src);
  if (!m) return null;
  const params = m[1]!.trim();
  if (params === '' || /\.\.\.|[{[(]/.test(params)) return null;
  return params.split(',').filter((p) => p.trim() !== '').length;
}

/** The functions `withArityChecks` made (guarded once: a namespace's function keeps its identity in T). */
const GUARDED = new WeakSet<object>();

/**
 * `fns` with every function of a fixed arity guarded: a call with more arguments than the function
 * declares (an options object the function has no options for, a stray argument) is a TypeError naming
 * the function, instead of being silently ignored. Other values, and functions whose arity is open, are
 * kept as they are.
 */
export function withArityChecks<F extends Record<string, unknown>>(fns: F): F {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(fns)) {
    const n = typeof v === 'function' && !GUARDED.has(v) ? declaredArity(v as (...args: never[]) => unknown) : null;
    if (n === null) {
      out[name] = v;
      continue;
    }
    const f = v as (...args: unknown[]) => unknown;
    const guarded = function (this: unknown, ...args: unknown[]): unknown {
      if (args.length > n) {
        const extra = args[n];
        const what = isOptionsObject(extra)
          ? `an options object (${Object.keys(extra).join(', ') || 'empty'}), but it has no options`
          : `${args.length} arguments`;
        throw new TypeError(`${name}: takes ${n} argument${n === 1 ? '' : 's'}, got ${what}`);
      }
      return f.apply(this, args);
    };
    Object.defineProperty(guarded, 'name', { value: name });
    Object.defineProperty(guarded, 'length', { value: f.length });
    out[name] = Object.assign(guarded, f);
    GUARDED.add(guarded);
  }
  return out as F;
}
