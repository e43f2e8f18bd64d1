// The report as one self-contained HTML page (inline CSS and SVG chart, nothing fetched),
// so it survives being mailed or archived.
import { chartSvg } from './chart.ts';
import { escapeHtml as h } from './escape.ts';
import type { HourlyReport, ReportFinding } from './report-model.ts';

const BAND_COLOUR = { low: '#868e96', medium: '#f59f00', high: '#e8590c', critical: '#c92a2a' } as const;

function badge(f: { score: number; band: keyof typeof BAND_COLOUR }): string {
  return `<span class="b" style="background:${BAND_COLOUR[f.band]}">${f.score.toFixed(0)} ${f.band}</span>`;
}

function findingList(list: readonly ReportFinding[]): string {
  if (!list.length) return '<p class="none">none</p>';
  return `<ul>${list
    .map(
      (f) =>
        `<li>${badge(f)} <b>${h(`${f.entity.type}:${f.entity.value}`)}</b> — ${h(f.reason)}${
          f.samples.length ? `<pre>${f.samples.map(h).join('\n')}</pre>` : ''
        }</li>`,
    )
    .join('')}</ul>`;
}

export function renderHtml(r: HourlyReport): string {
  const title = `StegoSOC anomaly report — ${r.tenant} — ${new Date(r.start).toISOString().slice(0, 16)}Z`;
  const entities = r.topEntities.length
    ? `<table><tr><th>entity</th><th>score</th><th>why</th></tr>${r.topEntities
        .map(
          (e) =>
            `<tr><td>${h(`${e.entity.type}:${e.entity.value}`)}</td><td>${badge(e)}</td><td><ul>${e.findings
              .map((f) => `<li>${h(f.reason)}${f.samples[0] ? `<pre>${h(f.samples[0])}</pre>` : ''}</li>`)
              .join('')}${
              e.windowScore !== undefined ? `<li>with its findings of the last windows (this window alone: ${e.windowScore.toFixed(0)})</li>` : ''
            }</ul></td></tr>`,
        )
        .join('')}</table>`
    : '<p class="none">nothing unusual</p>';
  const l1 = r.l1.rules.length
    ? `<table><tr><th>rule</th><th>level</th><th>alerts</th></tr>${r.l1.rules
        .map((x) => `<tr><td>${h(x.rule)}</td><td>${h(x.level ?? '')}</td><td>${x.count}</td></tr>`)
        .join('')}</table>`
    : '<p class="none">no rule alerts</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${h(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:4px 8px;vertical-align:top;text-align:left}
.b{color:#fff;border-radius:3px;padding:1px 6px;font-size:12px}pre{background:#f4f4f4;padding:4px;white-space:pre-wrap;font-size:12px;margin:2px 0}.none{color:#888}</style></head>
<body><h1>${h(title)}</h1>
<p>${r.events} events this window (baseline ${r.expectedEvents})${r.warmingUp ? ' — <b>warming up</b>: learning this tenant, no findings yet' : ''}${r.suppressed ? `; ${r.suppressed} finding(s) suppressed` : ''}.</p>
${chartSvg(r.chart)}
<h2>Top anomalous entities</h2>${entities}
<h2>New kinds of log lines</h2>${findingList(r.newTemplates)}
<h2>Rate spikes</h2>${findingList(r.rateSpikes)}
<h2>Silences</h2>${findingList(r.silences)}
<h2>Rule alerts (L1): ${r.l1.total}</h2>${l1}
</body></html>
`;
}
