/**
 * The matrix as text (one row per case, one column per backend, then the counts and the reasons) and as
 * JSON (`{ "cases": [ { "id", "backend", "status", "reason"? } ] }`).
 */
import type { CellResult, CellStatus } from './runner.js';

const LABEL: Record<CellStatus, string> = { pass: 'pass', fail: 'FAIL', unsupported: 'unsupported' };

/** The case ids and backend names of a matrix, in first-seen order. */
function axes(cells: readonly CellResult[]): { ids: string[]; backends: string[] } {
  const ids = [...new Set(cells.map((c) => c.id))];
  const backends = [...new Set(cells.map((c) => c.backend))];
  return { ids, backends };
}

/** Counts of each status per backend. */
export function countByBackend(cells: readonly CellResult[]): Map<string, Record<CellStatus, number>> {
  const out = new Map<string, Record<CellStatus, number>>();
  for (const c of cells) {
    let n = out.get(c.backend);
    if (!n) {
      n = { pass: 0, fail: 0, unsupported: 0 };
      out.set(c.backend, n);
    }
    n[c.status]++;
  }
  return out;
}

/**
 * A text table: one row per case id, one column per backend (`pass`, `FAIL`, `unsupported`, `-` where the
 * case was not run), then `ref: 58 pass, 0 fail, 2 unsupported` per backend, then the reason of every
 * failed or unsupported cell.
 */
export function formatMatrix(cells: readonly CellResult[]): string {
  const { ids, backends } = axes(cells);
  const byKey = new Map(cells.map((c) => [`${c.id}\u0000${c.backend}`, c]));
  const idWidth = Math.max('case'.length, ...ids.map((i) => i.length));
  const widths = backends.map((b) => Math.max(b.length, 'unsupported'.length));
  const row = (first: string, rest: string[]) =>
    [first.padEnd(idWidth), ...rest.map((s, k) => s.padEnd(widths[k]!))].join('  ').trimEnd();
  const lines = [
    row('case', backends),
    row(
      '-'.repeat(idWidth),
      widths.map((w) => '-'.repeat(w)),
    ),
  ];
  for (const id of ids) {
    lines.push(
      row(
        id,
        backends.map((b) => {
          const c = byKey.get(`${id}\u0000${b}`);
          return c ? LABEL[c.status] : '-';
        }),
      ),
    );
  }
  lines.push('');
  const counts = countByBackend(cells);
  for (const b of backends) {
    const n = counts.get(b)!;
    lines.push(`${b}: ${n.pass} pass, ${n.fail} fail, ${n.unsupported} unsupported`);
  }
  const noted = cells.filter((c) => c.status !== 'pass');
  if (noted.length) {
    lines.push('');
    for (const c of noted) lines.push(`${LABEL[c.status]} ${c.id} on ${c.backend}: ${c.reason ?? '(no reason given)'}`);
  }
  return lines.join('\n');
}

/** The JSON form of a matrix: `{ cases: [{ id, backend, status, reason? }] }` (reason only where given). */
export function matrixToJSON(cells: readonly CellResult[]): {
  /** One entry per cell, in the order given. */
  cases: CellResult[];
} {
  return {
    cases: cells.map((c) => (c.reason === undefined ? { id: c.id, backend: c.backend, status: c.status } : { ...c })),
  };
}
