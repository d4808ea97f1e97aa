/**
 * `theano.config`: settings read when a function is compiled (never at import), settable in code and by
 * the environment variable `THEANO_TS_FLAGS="backend=onnx,floatX=float32"`.
 */
import type { DType } from './dtype.js';

/** The float dtypes `floatX` may take. */
export type FloatX = 'float32' | 'float64';

/** How `theano.function` treats an input the outputs do not use (Theano's `on_unused_input`). */
export type OnUnusedInput = 'raise' | 'warn' | 'ignore';

/** The settings object behind `theano.config`. */
export class Config {
  #floatX: FloatX = 'float64';
  #backend = 'ref';
  /** The compile mode used when a function names none (`FAST_RUN`, `FAST_COMPILE`, …). */
  mode = 'FAST_RUN';
  /** What `theano.function` does with an unused input by default. */
  onUnusedInput: OnUnusedInput = 'raise';

  /** The default float dtype of `T.scalar()`, `theano.array([1.5])`, … (`float64` unless set). */
  get floatX(): FloatX {
    return this.#floatX;
  }
  /** Sets the default float dtype: `'float32'` or `'float64'` (anything else is a TypeError). */
  set floatX(v: FloatX) {
    if (v !== 'float32' && v !== 'float64') {
      throw new TypeError(`theano.config.floatX: expected 'float32' or 'float64', got ${JSON.stringify(v)}`);
    }
    this.#floatX = v;
  }

  /** The backend a function runs on when it names none (`'ref'` unless set). */
  get backend(): string {
    return this.#backend;
  }
  /** Sets the default backend by name (a non-empty string). */
  set backend(v: string) {
    if (typeof v !== 'string' || v.length === 0) {
      throw new TypeError(`theano.config.backend: expected a backend name, got ${JSON.stringify(v)}`);
    }
    this.#backend = v;
  }

  /**
   * Applies a `THEANO_TS_FLAGS`-style string: `key=value` pairs separated by commas. An unknown key is a
   * TypeError naming it and the known keys, or, with `{ unknown: 'warn' }` (how the environment variable is
   * read at import, as Theano reads `THEANO_FLAGS`), a warning saying the same, the key being ignored.
   */
  applyFlags(flags: string, opts: { unknown?: 'raise' | 'warn' } = {}): void {
    for (const part of flags.split(',')) {
      const item = part.trim();
      if (!item) continue;
      const eq = item.indexOf('=');
      if (eq < 0) throw new TypeError(`THEANO_TS_FLAGS: expected key=value, got ${JSON.stringify(item)}`);
      const key = item.slice(0, eq).trim();
      const value = item.slice(eq + 1).trim();
      switch (key) {
        case 'floatX':
          this.floatX = value as FloatX;
          break;
        case 'backend':
          this.backend = value;
          break;
        case 'mode':
          this.mode = value;
          break;
        case 'onUnusedInput':
        case 'on_unused_input':
          if (value !== 'raise' && value !== 'warn' && value !== 'ignore') {
            throw new TypeError(`THEANO_TS_FLAGS: onUnusedInput must be raise, warn or ignore, got ${value}`);
          }
          this.onUnusedInput = value;
          break;
        default: {
          const near = KNOWN_FLAGS.find((k) => k.toLowerCase() === key.toLowerCase().replaceAll('_', ''));
          const msg =
            `THEANO_TS_FLAGS: unknown flag ${JSON.stringify(key)} (known: ${KNOWN_FLAGS.join(', ')})` +
            (near ? `; did you mean ${near}?` : '');
          if (opts.unknown !== 'warn') throw new TypeError(msg);
          console.warn(`${msg}; it is ignored`);
        }
      }
    }
  }

  /** The settings, one `name = value` a line, as Theano prints its config. */
  toString(): string {
    return [
      `floatX = ${this.floatX}`,
      `backend = ${this.backend}`,
      `mode = ${this.mode}`,
      `onUnusedInput = ${this.onUnusedInput}`,
    ].join('\n');
  }
}

/** The keys `THEANO_TS_FLAGS` knows (`on_unused_input` is accepted for `onUnusedInput`). */
const KNOWN_FLAGS = ['floatX', 'backend', 'mode', 'onUnusedInput'] as const;

/** The one settings object (`theano.config`). */
export const config = new Config();

const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
if (env?.THEANO_TS_FLAGS) config.applyFlags(env.THEANO_TS_FLAGS, { unknown: 'warn' });

/** The dtype a JS float becomes by default. */
export const floatX = (): DType => config.floatX;
