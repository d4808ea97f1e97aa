/**
 * Plain-text tables for the benchmark output: a title, a header row and right-aligned cells (the first
 * column left-aligned), columns as wide as their widest cell. Also the number formats the tables share.
 */

import type { Timing } from './timing.js';

/** Prints `rows` under `header`, after a blank line and `title`. */
export function printTable(title: string, header: readonly string[], rows: readonly (readonly string[])[]): void {
  for (const [i, r] of rows.entries()) {
    if (r.length !== header.length) {
      throw new Error(
        `printTable "${title}": row ${i} has ${r.length} cells, expected ${header.length} (the header's)`,
      );
    }
  }
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((s, c) => (c === 0 ? s.padEnd(widths[c]!) : s.padStart(widths[c]!))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

/** Milliseconds with 3 significant digits at least (`0.0123`, `1.23`, `123`). */
export function fmtMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return 'n/a';
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  if (ms >= 0.1) return ms.toFixed(3);
  return ms.toFixed(4);
}

/** A ratio as `1.23x` (`n/a` when either side is missing). */
export function fmtRatio(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return 'n/a';
  return r >= 100 ? `${r.toFixed(0)}x` : `${r.toFixed(2)}x`;
}

/** A timing as `median [q1–q3]` in milliseconds, or in microseconds with `us`. */
export function fmtSpread(t: Timing | undefined, us = false): string {
  if (!t) return 'n/a';
  const f = (ms: number) => (us ? (ms * 1000).toFixed(2) : fmtMs(ms));
  return `${f(t.ms)} [${f(t.q1)}–${f(t.q3)}] ${us ? 'µs' : 'ms'}`;
}
