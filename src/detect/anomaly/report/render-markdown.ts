// The report as Markdown, for chat tools and tickets.
import { escapeMarkdown as m } from './escape.ts';
import type { HourlyReport, ReportFinding } from './report-model.ts';

function section(title: string, list: readonly ReportFinding[]): string {
  if (!list.length) return `## ${title}\n\nnone\n`;
  return `## ${title}\n\n${list.map((f) => `- **${f.score.toFixed(0)} ${f.band}** ${m(`${f.entity.type}:${f.entity.value}`)}: ${m(f.reason)}`).join('\n')}\n`;
}

export function renderMarkdown(r: HourlyReport): string {
  const lines = [
    `# StegoSOC anomaly report — ${m(r.tenant)} — ${new Date(r.start).toISOString().slice(0, 16)}Z`,
    '',
    `${r.events} events this window (baseline ${r.expectedEvents})${r.warmingUp ? ' — **warming up**: learning, no findings yet' : ''}${r.suppressed ? `; ${r.suppressed} finding(s) suppressed` : ''}.`,
    '',
    '## Top anomalous entities',
    '',
  ];
  if (!r.topEntities.length) lines.push('nothing unusual', '');
  else {
    lines.push('| entity | score | why |', '|---|---|---|');
    for (const e of r.topEntities) {
      const earlier = e.windowScore !== undefined ? `; with its findings of the last windows (this window alone: ${e.windowScore.toFixed(0)})` : '';
      lines.push(`| ${m(`${e.entity.type}:${e.entity.value}`)} | ${e.score.toFixed(0)} ${e.band} | ${e.findings.map((f) => m(f.reason)).join('; ')}${earlier} |`);
    }
    lines.push('');
  }
  lines.push(section('New kinds of log lines', r.newTemplates), section('Rate spikes', r.rateSpikes), section('Silences', r.silences));
  lines.push(`## Rule alerts (L1): ${r.l1.total}`, '');
  for (const x of r.l1.rules) lines.push(`- ${m(x.rule)}${x.level ? ` (${m(x.level)})` : ''}: ${x.count}`);
  return `${lines.join('\n')}\n`;
}
