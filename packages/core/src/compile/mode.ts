/**
 * Compile modes (Theano's `Mode`): which rewrites run (`optimizer: 'fast_run' | 'fast_compile' | 'None'`,
 * `excluding`, `including`) and which run-time checks wrap the function (`DebugMode`, `NanGuardMode`).
 * `theano.function(..., { mode })` takes a name (`'FAST_RUN'`, `'FAST_COMPILE'`, `'DebugMode'`,
 * `'NanGuardMode'`) or a `Mode`; `theano.config.mode` is the default.
 */
import type { Backend } from '../backend.js';
import type { RewriteSelection } from '../rewrite/engine.js';

/** Which rewrites a mode runs. */
export type OptimizerName = 'fast_run' | 'fast_compile' | 'None';

/** The run-time check a mode adds. */
export type ModeCheck = 'none' | 'debug' | 'nanguard';

/** Options of `theano.Mode`. */
export interface ModeOptions {
  /** `'fast_run'` (every rewrite), `'fast_compile'` (constant folding and useless-op removal), `'None'`. */
  optimizer?: OptimizerName;
  /** Rewrite names or tags not to run (`['fusion']`, `['local_mul_one']`). */
  excluding?: readonly string[];
  /** Extra tags to run. */
  including?: readonly string[];
  /** Run-time check: DebugMode compares every node with the reference backend; NanGuardMode checks values. */
  check?: ModeCheck;
  /** NanGuardMode: raise on NaN (default true). */
  nanIsError?: boolean;
  /** NanGuardMode: raise on ±inf (default true). */
  infIsError?: boolean;
  /** NanGuardMode: raise on |x| > 1e10 (default true). */
  bigIsError?: boolean;
  /**
   * DebugMode: the backend (or its name) that computes the expected values. By default the reference
   * backend, `'ref'`, when it has been imported (`import 'theano-ts'` does); without it DebugMode says so.
   */
  reference?: string | Backend;
  /** A name for printing. */
  name?: string;
}

/** A compile mode. */
export class Mode {
  /** Which rewrites run: `'fast_run'`, `'fast_compile'` or `'None'`. */
  readonly optimizer: OptimizerName;
  /** Rewrite names or tags not run. */
  readonly excluding: readonly string[];
  /** Extra tags run. */
  readonly including: readonly string[];
  /** The run-time check: `'none'`, `'debug'` (DebugMode) or `'nanguard'` (NanGuardMode). */
  readonly check: ModeCheck;
  /** NanGuardMode: NaN is an error. */
  readonly nanIsError: boolean;
  /** NanGuardMode: ±inf is an error. */
  readonly infIsError: boolean;
  /** NanGuardMode: a value with |x| > 1e10 is an error. */
  readonly bigIsError: boolean;
  /** DebugMode's reference backend (undefined: `'ref'` when imported). */
  readonly reference: string | Backend | undefined;
  /** The mode's name, for printing (`Mode(optimizer=fast_run)` unless given). */
  readonly name: string;

  constructor(opts: ModeOptions = {}) {
    const optimizer = opts.optimizer ?? 'fast_run';
    if (!['fast_run', 'fast_compile', 'None'].includes(optimizer)) {
      throw new TypeError(
        `theano.Mode: optimizer must be 'fast_run', 'fast_compile' or 'None', got ${JSON.stringify(optimizer)}`,
      );
    }
    this.optimizer = optimizer;
    this.excluding = Object.freeze([...(opts.excluding ?? [])]);
    this.including = Object.freeze([...(opts.including ?? [])]);
    this.check = opts.check ?? 'none';
    this.nanIsError = opts.nanIsError ?? true;
    this.infIsError = opts.infIsError ?? true;
    this.bigIsError = opts.bigIsError ?? true;
    this.reference = opts.reference;
    this.name = opts.name ?? `Mode(optimizer=${optimizer})`;
  }

  /** A copy of this mode without the given rewrites (names or tags). */
  excludingRewrites(...names: string[]): Mode {
    return new Mode({ ...this.options(), excluding: [...this.excluding, ...names], name: undefined });
  }

  /** A copy of this mode with extra tags. */
  includingRewrites(...tags: string[]): Mode {
    return new Mode({ ...this.options(), including: [...this.including, ...tags], name: undefined });
  }

  /** The options this mode was made with. */
  options(): ModeOptions {
    return {
      optimizer: this.optimizer,
      excluding: this.excluding,
      including: this.including,
      check: this.check,
      nanIsError: this.nanIsError,
      infIsError: this.infIsError,
      bigIsError: this.bigIsError,
      reference: this.reference,
      name: this.name,
    };
  }

  /** The rewrite selection this mode stands for. */
  selection(): RewriteSelection {
    // 'required' rewrites (expanding ops a backend lacks) run in every mode
    const include =
      this.optimizer === 'None' ? ['required', ...this.including] : [this.optimizer, 'required', ...this.including];
    return { include, exclude: this.excluding };
  }

  /** The mode's name. */
  toString(): string {
    return this.name;
  }
}

/** The predefined modes, by name. */
export const MODES: Readonly<Record<string, Mode>> = Object.freeze({
  FAST_RUN: new Mode({ optimizer: 'fast_run', name: 'FAST_RUN' }),
  FAST_COMPILE: new Mode({ optimizer: 'fast_compile', name: 'FAST_COMPILE' }),
  DebugMode: new Mode({ optimizer: 'fast_run', check: 'debug', name: 'DebugMode' }),
  DEBUG_MODE: new Mode({ optimizer: 'fast_run', check: 'debug', name: 'DebugMode' }),
  NanGuardMode: new Mode({ optimizer: 'fast_run', check: 'nanguard', name: 'NanGuardMode' }),
});

/** The mode for a name or a Mode; a clear error for an unknown name. */
export function getMode(mode: string | Mode): Mode {
  if (mode instanceof Mode) return mode;
  const m = MODES[mode];
  if (!m) {
    throw new TypeError(
      `unknown mode ${JSON.stringify(mode)}; available: ${Object.keys(MODES).join(', ')}, or a theano.Mode`,
    );
  }
  return m;
}

/** `theano.Mode({ optimizer, excluding, including })`: callable with or without `new`. */
export function makeMode(opts: ModeOptions = {}): Mode {
  return new Mode(opts);
}

/** `theano.NanGuardMode({ nanIsError, infIsError, bigIsError })`. */
export function NanGuardMode(opts: Omit<ModeOptions, 'check'> = {}): Mode {
  return new Mode({ ...opts, check: 'nanguard', name: opts.name ?? 'NanGuardMode' });
}

/** `theano.DebugMode(...)`: FAST_RUN checked node by node against the reference backend. */
export function DebugMode(opts: Omit<ModeOptions, 'check'> = {}): Mode {
  return new Mode({ ...opts, check: 'debug', name: opts.name ?? 'DebugMode' });
}
