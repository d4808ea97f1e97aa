/**
 * The order of accesses to shared variables. Every shared variable's container has an `AccessLane`; a
 * compiled function's call, `setValue` and `getValueAsync` register in the lanes of the variables they read
 * and write at the moment they are issued (synchronously), and then wait only for the accesses issued before
 * them that conflict: a read waits for the last write issued before it; a write waits for that write and for
 * the reads issued since. The effect is that of running every call, `setValue` and `getValue` one after
 * another in issue order (Theano's semantics), while reads of the same values, and calls that touch no shared
 * variable, overlap freely. Registration happens for all of an access's lanes at once, and each access waits
 * only for earlier ones, so no two accesses can wait for each other.
 */

import type { NDArray } from '../ndarray.js';

/** A point in an access's life (its reads taken, or its writes made): settled once, then stays settled. */
export class Gate {
  /** Who passes it, for messages (`theano function "inc"`). */
  readonly who: string;
  #settled = false;
  #promise: Promise<void> | null = null;
  #resolve: (() => void) | null = null;

  constructor(who: string) {
    this.who = who;
  }

  /** Whether it has been passed. */
  get settled(): boolean {
    return this.#settled;
  }

  /** Resolves once settled (at once when it is). */
  wait(): Promise<void> {
    if (this.#settled) return Promise.resolve();
    this.#promise ??= new Promise<void>((resolve) => {
      this.#resolve = resolve;
    });
    return this.#promise;
  }

  /** Settles it (again: nothing). */
  open(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#resolve?.();
  }
}

/** The accesses issued so far to one shared container that later ones may have to wait for. */
export class AccessLane {
  /** The `done` gate of the last write issued, while it is unsettled (or null). */
  #lastWrite: Gate | null = null;
  /** The `captured` gates of the reads issued since that write (settled ones are pruned now and then). */
  #reads: Gate[] = [];
  /** The value of the last write when that write is a queued `setValue` (known before it lands). */
  #queued: NDArray | undefined = undefined;

  /** The last write issued, if it has not finished. */
  pendingWrite(): Gate | null {
    const g = this.#lastWrite;
    return g && !g.settled ? g : null;
  }

  /**
   * The value the variable will hold once every access issued so far has finished, when that is known now:
   * undefined while a call that writes it is pending (its value is not computed yet).
   */
  queuedValue(): NDArray | undefined {
    return this.pendingWrite() ? this.#queued : undefined;
  }

  /** Records `value` as what the last write (a `setValue`, just registered) will store. */
  queue(value: NDArray): void {
    this.#queued = value;
  }

  /** Adds to `out` the unsettled gates an access must wait for here, as a reader or as a writer. */
  blockers(write: boolean, out: Gate[]): void {
    const g = this.pendingWrite();
    if (g) out.push(g);
    if (write) for (const r of this.#reads) if (!r.settled) out.push(r);
  }

  /** Registers a write whose end is `done`. */
  addWrite(done: Gate): void {
    this.#lastWrite = done;
    this.#reads = [];
    this.#queued = undefined;
  }

  /** Registers a read that has to wait: `captured` settles once it has taken the value. */
  addRead(captured: Gate): void {
    if (this.#reads.length >= 32) this.#reads = this.#reads.filter((r) => !r.settled);
    this.#reads.push(captured);
  }
}

/** One access (a call, a `setValue`, a `getValueAsync`) registered in its lanes. */
export class Access {
  /** The gates of earlier accesses it must wait for (empty: it may go on at once). */
  readonly waits: readonly Gate[];
  /** Settles once its reads are taken (later writes of what it reads wait for it). */
  readonly captured: Gate;
  /** Settles once its writes are made, or abandoned (later accesses of what it writes wait for it). */
  readonly done: Gate;

  constructor(who: string, waits: readonly Gate[]) {
    this.waits = waits;
    this.captured = new Gate(who);
    this.done = new Gate(who);
  }

  /** A promise of the moment it may go on, or null when it may go on now. */
  ready(): Promise<void> | null {
    if (!this.waits.some((g) => !g.settled)) return null;
    return Promise.all(this.waits.map((g) => g.wait())).then(() => undefined);
  }

  /** Ends it: its reads are taken and its writes made (or given up, when it failed). Idempotent. */
  finish(): void {
    this.captured.open();
    this.done.open();
  }
}

/**
 * Registers an access that reads the variables of `reads` and writes (and may read) those of `writes`
 * (disjoint lists), issued now: it must wait for the returned `waits`. Where `waits` is empty the caller
 * must take its reads before it yields to the event loop (a read that waits registers itself, so writes
 * issued later wait for it). The caller calls `finish()` once done, including when it fails.
 */
export function beginAccess(reads: readonly AccessLane[], writes: readonly AccessLane[], who: string): Access {
  const waits: Gate[] = [];
  for (const l of reads) l.blockers(false, waits);
  for (const l of writes) l.blockers(true, waits);
  const access = new Access(who, waits);
  for (const l of writes) l.addWrite(access.done);
  if (waits.length) for (const l of reads) l.addRead(access.captured);
  return access;
}

/**
 * The first access issued before now that an access reading `reads` and writing `writes` would have to wait
 * for, or null: a synchronous access (`callSync`, `getValue`) can run only when there is none.
 */
export function firstBlocker(reads: readonly AccessLane[], writes: readonly AccessLane[]): Gate | null {
  const waits: Gate[] = [];
  for (const l of reads) l.blockers(false, waits);
  for (const l of writes) l.blockers(true, waits);
  return waits[0] ?? null;
}
