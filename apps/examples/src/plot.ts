/**
 * A small hand-written SVG chart (no plotting library): training loss and validation accuracy per epoch,
 * side by side, each with its axes, ticks and a polyline with a dot per epoch.
 */
import { writeFileSync } from 'node:fs';

/** One panel: a title, the y values per epoch (epoch 1 first), the y-axis range. */
interface Panel {
  readonly title: string;
  readonly values: readonly number[];
  readonly color: string;
  readonly format: (v: number) => string;
}

const W = 360;
const H = 240;
const M = { left: 56, right: 16, top: 28, bottom: 36 };

function panel(p: Panel, x0: number): string {
  const n = p.values.length;
  const lo = Math.min(...p.values);
  const hi = Math.max(...p.values);
  const pad = hi > lo ? (hi - lo) * 0.08 : Math.abs(hi) * 0.05 + 1e-3;
  const [y0, y1] = [lo - pad, hi + pad];
  const sx = (i: number) => x0 + M.left + (n > 1 ? (i / (n - 1)) * (W - M.left - M.right) : (W - M.left - M.right) / 2);
  const sy = (v: number) => M.top + (1 - (v - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const pts = p.values.map((v, i) => `${sx(i).toFixed(1)},${sy(v).toFixed(1)}`);
  const parts: string[] = [];
  parts.push(`<text x="${x0 + W / 2}" y="18" text-anchor="middle" font-size="14">${p.title}</text>`);
  // axes
  const bx = x0 + M.left;
  const by = H - M.bottom;
  parts.push(`<line x1="${bx}" y1="${M.top}" x2="${bx}" y2="${by}" stroke="#333"/>`);
  parts.push(`<line x1="${bx}" y1="${by}" x2="${x0 + W - M.right}" y2="${by}" stroke="#333"/>`);
  for (let k = 0; k <= 4; k++) {
    const v = y0 + ((y1 - y0) * k) / 4;
    const y = sy(v);
    parts.push(`<line x1="${bx - 4}" y1="${y.toFixed(1)}" x2="${bx}" y2="${y.toFixed(1)}" stroke="#333"/>`);
    parts.push(`<text x="${bx - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end" font-size="10">${p.format(v)}</text>`);
  }
  p.values.forEach((_, i) => {
    if (n > 12 && i % Math.ceil(n / 12) !== 0) return;
    parts.push(`<text x="${sx(i).toFixed(1)}" y="${by + 14}" text-anchor="middle" font-size="10">${i + 1}</text>`);
  });
  parts.push(`<text x="${x0 + W / 2}" y="${H - 4}" text-anchor="middle" font-size="11">epoch</text>`);
  parts.push(`<polyline fill="none" stroke="${p.color}" stroke-width="2" points="${pts.join(' ')}"/>`);
  for (const pt of pts) {
    const [x, y] = pt.split(',');
    parts.push(`<circle cx="${x}" cy="${y}" r="3" fill="${p.color}"/>`);
  }
  return parts.join('\n');
}

/** The SVG text of the two panels. */
export function trainingPlot(title: string, loss: readonly number[], accuracy: readonly number[]): string {
  const body = [
    panel({ title: `${title}: training loss`, values: loss, color: '#1f77b4', format: (v) => v.toPrecision(3) }, 0),
    panel(
      {
        title: `${title}: validation accuracy`,
        values: accuracy.map((a) => a * 100),
        color: '#d62728',
        format: (v) => `${v.toFixed(1)}%`,
      },
      W,
    ),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H}" viewBox="0 0 ${2 * W} ${H}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${body.join('\n')}\n</svg>\n`;
}

/** Writes the plot to `path`. */
export function writeTrainingPlot(
  path: string,
  title: string,
  loss: readonly number[],
  accuracy: readonly number[],
): void {
  writeFileSync(path, trainingPlot(title, loss, accuracy));
}
