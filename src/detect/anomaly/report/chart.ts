// An inline SVG chart of the tenant's events per window against the baseline each window was
// judged by: bars for the actual counts, a line for the baseline, the report's window last.
import type { ChartPoint } from './report-model.ts';
import { escapeHtml } from './escape.ts';

export function chartSvg(points: readonly ChartPoint[], width = 640, height = 200): string {
  const pad = { left: 48, right: 8, top: 12, bottom: 28 };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const max = Math.max(1, ...points.map((p) => Math.max(p.actual, p.baseline)));
  const step = points.length ? w / points.length : w;
  const y = (v: number) => pad.top + h - (v / max) * h;
  const bars = points
    .map((p, i) => {
      const x = pad.left + i * step + step * 0.15;
      const last = i === points.length - 1;
      return `<rect x="${x.toFixed(1)}" y="${y(p.actual).toFixed(1)}" width="${(step * 0.7).toFixed(1)}" height="${(pad.top + h - y(p.actual)).toFixed(1)}" fill="${last ? '#d9480f' : '#4c6ef5'}"><title>${escapeHtml(new Date(p.start).toISOString())}: ${p.actual} events (baseline ${p.baseline})</title></rect>`;
    })
    .join('');
  const line = points.map((p, i) => `${(pad.left + i * step + step / 2).toFixed(1)},${y(p.baseline).toFixed(1)}`).join(' ');
  const firstLabel = points[0] ? new Date(points[0].start).toISOString().slice(5, 13).replace('T', ' ') : '';
  const lastLabel = points.at(-1) ? new Date(points.at(-1)!.start).toISOString().slice(5, 13).replace('T', ' ') : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="events per window against baseline">` +
    `<line x1="${pad.left}" y1="${pad.top + h}" x2="${width - pad.right}" y2="${pad.top + h}" stroke="#888"/>` +
    `<text x="${pad.left - 4}" y="${pad.top + 8}" font-size="10" text-anchor="end">${max}</text>` +
    `<text x="${pad.left - 4}" y="${pad.top + h}" font-size="10" text-anchor="end">0</text>` +
    bars +
    (points.length > 1 ? `<polyline points="${line}" fill="none" stroke="#2b8a3e" stroke-width="2" stroke-dasharray="4 2"/>` : '') +
    `<text x="${pad.left}" y="${height - 8}" font-size="10">${escapeHtml(firstLabel)}</text>` +
    `<text x="${width - pad.right}" y="${height - 8}" font-size="10" text-anchor="end">${escapeHtml(lastLabel)} (this window)</text>` +
    `<text x="${width - pad.right}" y="${pad.top + 8}" font-size="10" text-anchor="end" fill="#2b8a3e">— baseline</text>` +
    `</svg>`
  );
}
