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

/** A cell's label in the table: `pass`, `FAIL`, `unsupported`, with ` f32` where it ran in float32. */
function label(c: CellResult): string {
  return c.precision === 'float32' ? `${LABEL[c.status]} f32` : LABEL[c.status];
}

/** The name of the column of a backend's strict float64 verdicts (`webgl f64`). */
export const strictColumn = (backend: string): string => `${backend} f64`;

/**
 * The strict cells of the backends that ran cases in float32: one cell per case of such a backend, under
 * `strictColumn(backend)`, with the strict verdict (the float32 cell's `strict`, or the cell itself where
 * the case did not need float32).
 */
export function strictCells(cells: readonly CellResult[]): CellResult[] {
  const withStrict = new Set(cells.filter((c) => c.strict).map((c) => c.backend));
  return cells
    .filter((c) => withStrict.has(c.backend))
    .map((c) => {
      const s = c.strict ?? c;
      const out: CellResult = { id: c.id, backend: strictColumn(c.backend), status: s.status };
      if (s.reason !== undefined) out.reason = s.reason;
      return out;
    });
}

/**
 * A text table: one row per case id, one column per backend (`pass`, `FAIL`, `unsupported`, `-` where the
 * case was not run; ` f32` after the status of a float64 case that ran in float32, and then a column
 * `<backend> f64` with the strict float64 verdicts), then `ref: 58 pass, 0 fail, 2 unsupported` per column,
 * then the reason of every failed or unsupported cell (the strict column's float64 reasons summed up).
 */
export function formatMatrix(cells: readonly CellResult[]): string {
  const strict = strictCells(cells);
  const all = [...cells, ...strict];
  const { ids } = axes(cells);
  const columns: string[] = [];
  for (const b of axes(cells).backends) {
    columns.push(b);
    if (strict.some((c) => c.backend === strictColumn(b))) columns.push(strictColumn(b));
  }
  const byKey = new Map(all.map((c) => [`${c.id}\u0000${c.backend}`, c]));
  const idWidth = Math.max('case'.length, ...ids.map((i) => i.length));
  const widths = columns.map((b) =>
    Math.max(b.length, 'unsupported'.length, ...all.filter((c) => c.backend === b).map((c) => label(c).length)),
  );
  const row = (first: string, rest: string[]) =>
    [first.padEnd(idWidth), ...rest.map((s, k) => s.padEnd(widths[k]!))].join('  ').trimEnd();
  const lines = [
    row('case', columns),
    row(
      '-'.repeat(idWidth),
      widths.map((w) => '-'.repeat(w)),
    ),
  ];
  for (const id of ids) {
    lines.push(
      row(
        id,
        columns.map((b) => {
          const c = byKey.get(`${id}\u0000${b}`);
          return c ? label(c) : '-';
        }),
      ),
    );
  }
  lines.push('');
  const counts = countByBackend(all);
  for (const b of columns) {
    const n = counts.get(b)!;
    const f32 = cells.filter((c) => c.backend === b && c.precision === 'float32');
    const in32 = (s: CellStatus) => {
      const k = f32.filter((c) => c.status === s).length;
      return k ? ` (${k} in float32)` : '';
    };
    lines.push(
      `${b}: ${n.pass} pass${in32('pass')}, ${n.fail} fail${in32('fail')}, ${n.unsupported} unsupported${in32('unsupported')}`,
    );
  }
  const noted = cells.filter((c) => c.status !== 'pass');
  const strictNoted = strict.filter((c) => c.status !== 'pass');
  // the strict column's cells that ran in float32 are all unsupported for float64: one line for them
  const ranIn32 = new Set(cells.filter((c) => c.strict).map((c) => `${c.id}\u0000${strictColumn(c.backend)}`));
  if (noted.length || strictNoted.length) {
    lines.push('');
    for (const c of noted) {
      const where =
        c.precision === 'float32' ? `${c.backend} (float64 run in float32, tolerance ${c.tolerance})` : c.backend;
      lines.push(`${LABEL[c.status]} ${c.id} on ${where}: ${c.reason ?? '(no reason given)'}`);
    }
    for (const b of columns) {
      const k = strictNoted.filter((c) => c.backend === b && ranIn32.has(`${c.id}\u0000${c.backend}`)).length;
      if (k) {
        lines.push(
          `unsupported on ${b}: ${k} cases whose graphs hold float64 (the backend computes in float32); the ${b.replace(/ f64$/, '')} column ran them in float32 (f32)`,
        );
      }
    }
    // a strict cell that did not run in float32 has its cell's verdict and reason, listed above
  }
  return lines.join('\n');
}

/**
 * The JSON form of a matrix: `{ cases: [{ id, backend, status, reason?, precision?, tolerance?, maxError?,
 * strict? }] }` (each only where given): `precision: "float32"` marks a float64 case run in float32, checked
 * at `tolerance`, with `strict` its strict float64 verdict.
 */
export function matrixToJSON(cells: readonly CellResult[]): {
  /** One entry per cell, in the order given. */
  cases: CellResult[];
} {
  return {
    cases: cells.map((c) => {
      const out: CellResult = { id: c.id, backend: c.backend, status: c.status };
      if (c.reason !== undefined) out.reason = c.reason;
      if (c.precision !== undefined) out.precision = c.precision;
      if (c.tolerance !== undefined) out.tolerance = c.tolerance;
      if (c.maxError !== undefined) out.maxError = c.maxError;
      if (c.strict !== undefined) out.strict = c.strict;
      return out;
    }),
  };
}
