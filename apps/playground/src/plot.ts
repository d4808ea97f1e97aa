/**
 * A line plot as SVG text, drawn by hand: a frame with the extreme values of each axis written at its
 * ends, one polyline per series (non-finite points break the line), and a legend. No chart library.
 */
import type { Series } from './run.js';

/** Size of the plot, in SVG user units. */
export interface PlotSize {
  readonly width: number;
  readonly height: number;
}

const COLORS = ['#1f6fb4', '#d9480f', '#2b8a3e', '#862e9c', '#c2255c', '#5f3dc4'];
const MARGIN = { left: 56, right: 16, top: 16, bottom: 36 };

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A number short enough for an axis label. */
export function tickLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

/** The [min, max] of the finite values, widened when they are all equal; null when none is finite. */
function extent(values: readonly number[]): [number, number] | null {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return null;
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return [lo - pad, hi + pad];
  }
  return [lo, hi];
}

/** The SVG text of a line plot of `series` (an empty-state message when there is nothing to draw). */
export function plotSvg(series: readonly Series[], size: PlotSize = { width: 560, height: 300 }): string {
  const { width, height } = size;
  const open = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="line plot">`;
  const xsOf = (s: Series) => (s.x.length > 0 ? s.x : s.y.map((_, i) => i));
  const xr = extent(series.flatMap((s) => xsOf(s)));
  const yr = extent(series.flatMap((s) => s.y));
  if (series.length === 0 || xr === null || yr === null) {
    const msg = series.length === 0 ? 'nothing to plot: call plot(y) or print a 1-D array' : 'no finite value to plot';
    return `${open}<text x="${width / 2}" y="${height / 2}" text-anchor="middle" fill="#666" font-size="13">${escapeXml(msg)}</text></svg>`;
  }
  const [x0, x1] = xr;
  const [y0, y1] = yr;
  const pw = width - MARGIN.left - MARGIN.right;
  const ph = height - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + ((x - x0) / (x1 - x0)) * pw;
  const sy = (y: number) => MARGIN.top + (1 - (y - y0) / (y1 - y0)) * ph;
  const parts: string[] = [open];
  parts.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${pw}" height="${ph}" fill="#fff" stroke="#999" stroke-width="1"/>`,
  );
  const label = (x: number, y: number, anchor: string, text: string) =>
    `<text x="${x.toFixed(2)}" y="${y.toFixed(2)}" text-anchor="${anchor}" font-size="11" fill="#333">${escapeXml(text)}</text>`;
  // the axis y = 0 when it is inside the frame
  if (y0 < 0 && y1 > 0) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + pw}" y1="${sy(0).toFixed(2)}" y2="${sy(0).toFixed(2)}" stroke="#ccc" stroke-dasharray="4 3"/>`,
    );
    parts.push(label(MARGIN.left - 6, sy(0) + 4, 'end', '0'));
  }
  parts.push(label(MARGIN.left - 6, MARGIN.top + 4, 'end', tickLabel(y1)));
  parts.push(label(MARGIN.left - 6, MARGIN.top + ph, 'end', tickLabel(y0)));
  parts.push(label(MARGIN.left, MARGIN.top + ph + 16, 'start', tickLabel(x0)));
  parts.push(label(MARGIN.left + pw, MARGIN.top + ph + 16, 'end', tickLabel(x1)));
  series.forEach((s, k) => {
    const color = COLORS[k % COLORS.length]!;
    const xs = xsOf(s);
    // one polyline per run of finite points
    let run: string[] = [];
    const flush = () => {
      if (run.length === 1) {
        const [px, py] = run[0]!.split(',');
        parts.push(`<circle cx="${px}" cy="${py}" r="2.5" fill="${color}"/>`);
      } else if (run.length > 1) {
        parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${run.join(' ')}"/>`);
      }
      run = [];
    };
    s.y.forEach((y, i) => {
      const x = xs[i]!;
      if (Number.isFinite(x) && Number.isFinite(y)) run.push(`${sx(x).toFixed(2)},${sy(y).toFixed(2)}`);
      else flush();
    });
    flush();
    const ly = MARGIN.top + 14 + k * 16;
    parts.push(
      `<line x1="${MARGIN.left + 10}" x2="${MARGIN.left + 28}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2"/>`,
    );
    parts.push(label(MARGIN.left + 34, ly, 'start', s.label));
  });
  parts.push('</svg>');
  return parts.join('');
}
