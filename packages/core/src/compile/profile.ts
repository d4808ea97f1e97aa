/**
 * Profiling (`theano.function(..., { profile: true })`): time per node per call, recorded by backends that
 * can report it (`Executable.runProfiled`), and whole calls otherwise. `f.profile.summary()` prints the ops
 * by total time, as Theano's profiler does.
 */
import type { Apply } from '../graph/apply.js';

interface OpStat {
  time: number;
  calls: number;
  nodes: Set<Apply>;
}

/** What a profiled function has recorded. */
export class ProfileStats {
  /** The function's name. */
  readonly name: string;
  /** Number of calls. */
  calls = 0;
  /** Total seconds in calls. */
  callTime = 0;
  readonly #byOp = new Map<string, OpStat>();
  readonly #byNode = new Map<Apply, { time: number; calls: number }>();

  constructor(name: string) {
    this.name = name;
  }

  /** Records one node's run. */
  recordNode(node: Apply, seconds: number): void {
    const key = String(node.op);
    let s = this.#byOp.get(key);
    if (!s) {
      s = { time: 0, calls: 0, nodes: new Set() };
      this.#byOp.set(key, s);
    }
    s.time += seconds;
    s.calls++;
    s.nodes.add(node);
    const n = this.#byNode.get(node) ?? { time: 0, calls: 0 };
    n.time += seconds;
    n.calls++;
    this.#byNode.set(node, n);
  }

  /** Records one call. */
  recordCall(seconds: number): void {
    this.calls++;
    this.callTime += seconds;
  }

  /** Per-op totals, slowest first. */
  ops(): {
    /** The op's name. */
    op: string;
    /** Total seconds spent in its nodes. */
    time: number;
    /** How many times its nodes ran. */
    calls: number;
    /** How many nodes of the graph apply it. */
    applies: number;
  }[] {
    return [...this.#byOp.entries()]
      .map(([op, s]) => ({ op, time: s.time, calls: s.calls, applies: s.nodes.size }))
      .sort((a, b) => b.time - a.time);
  }

  /** The report: calls, then ops by total time (Theano's "Ops" section), then the slowest nodes. */
  summary(): string {
    const lines: string[] = [];
    lines.push(`Function profiling`, `==================`, `  Message: ${this.name}`);
    lines.push(`  Time in ${this.calls} calls to Function.__call__: ${this.callTime.toExponential(6)}s`);
    const total = [...this.#byOp.values()].reduce((a, s) => a + s.time, 0);
    lines.push(`  Time in thunks: ${total.toExponential(6)}s`, '');
    lines.push('Ops', '---', '<% time> <sum %> <apply time> <time per call> <#call> <#apply> <Op name>');
    let cum = 0;
    for (const o of this.ops()) {
      const pct = total > 0 ? (100 * o.time) / total : 0;
      cum += pct;
      lines.push(
        `  ${pct.toFixed(1).padStart(5)}%  ${cum.toFixed(1).padStart(5)}%  ${o.time.toFixed(6)}s  ${(o.time / Math.max(o.calls, 1)).toExponential(2)}s  ${String(o.calls).padStart(6)}  ${String(o.applies).padStart(4)}  ${o.op}`,
      );
    }
    if (this.#byOp.size === 0) lines.push('  (no per-node times: this backend reports whole calls only)');
    lines.push('', 'Apply', '------', '<% time> <apply time> <#call> <Apply>');
    const nodes = [...this.#byNode.entries()].sort((a, b) => b[1].time - a[1].time).slice(0, 20);
    for (const [node, s] of nodes) {
      const pct = total > 0 ? (100 * s.time) / total : 0;
      lines.push(`  ${pct.toFixed(1).padStart(5)}%  ${s.time.toFixed(6)}s  ${String(s.calls).padStart(6)}  ${node}`);
    }
    return lines.join('\n');
  }
}

/** Seconds since an arbitrary origin (performance.now when available). */
export function nowSeconds(): number {
  const p = (globalThis as { performance?: { now(): number } }).performance;
  return (p ? p.now() : Date.now()) / 1000;
}
