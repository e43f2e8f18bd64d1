// Attribution figure on the AIT alert data set (../shared/datasets/ait-ads-alerts): the alerts
// of each simulated company are streamed hour by hour through the anomaly engine with no
// labels; the labels (attack phase running at that time) only score the result afterwards.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Event } from '../../src/core/event.ts';
import { F } from '../../src/core/fields.ts';
import { anomalyConfig } from '../../src/detect/anomaly/config.ts';
import { processWindow, windowOf } from '../../src/detect/anomaly/engine.ts';
import { emptyModel } from '../../src/detect/anomaly/model.ts';

export interface HourScore {
  tenant: string;
  window: number;
  attack: boolean;
  score: number;
  warmingUp: boolean;
  top?: string;
}

/** Rows of one scenario as events; the two label columns are kept apart, never in the event. */
export function readAlerts(file: string, tenant: string): { events: Event[]; labels: boolean[] } {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  const events: Event[] = [];
  const labels: boolean[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    // The alert text may hold commas: take the fixed columns from both ends.
    const parts = line.split(',');
    const n = parts.length;
    if (n < 7) continue;
    const time = Number(parts[0]) * 1000;
    const name = parts.slice(1, n - 5).join(',');
    const [ip = '', host = '', short = '', timeLabel = ''] = parts.slice(n - 5, n - 1);
    const raw = parts.slice(0, n - 2).join(',');
    events.push({
      id: `${tenant}:${i}`,
      tenant,
      source: name.split(':')[0] ?? 'ids',
      time,
      ingested: time,
      raw,
      parser: 'ait-alert',
      // The alert's signature is its rule text: the short code abbreviates and merges rules
      // (A-Aud-Com4 is both "New service_start…" and "New service_stop… combination").
      templateId: name,
      fields: { [F.hostName]: host, [F.hostIp]: ip, [F.ruleName]: name, [F.ruleId]: short, [F.eventKind]: 'alert' },
    });
    labels.push(timeLabel !== 'false_positive');
  }
  return { events, labels };
}

export function scoreScenario(file: string, tenant: string): HourScore[] {
  const config = anomalyConfig();
  const { events, labels } = readAlerts(file, tenant);
  const order = events.map((_, i) => i).sort((a, b) => (events[a]?.time ?? 0) - (events[b]?.time ?? 0));
  const model = emptyModel(tenant);
  const out: HourScore[] = [];
  let i = 0;
  const first = windowOf(events[order[0] ?? 0]?.time ?? 0, config);
  const last = windowOf(events[order[order.length - 1] ?? 0]?.time ?? 0, config);
  for (let w = first; w <= last; w++) {
    const batch: Event[] = [];
    let attack = false;
    while (i < order.length) {
      const idx = order[i] ?? 0;
      const e = events[idx];
      if (!e || windowOf(e.time, config) !== w) break;
      batch.push(e);
      attack ||= labels[idx] ?? false;
      i++;
    }
    const r = processWindow(model, w, batch, config);
    const top = r.entities[0];
    out.push({ tenant, window: w, attack, score: top?.score ?? 0, warmingUp: r.warmingUp, ...(top ? { top: `${top.entity.type}:${top.entity.value} ${top.findings[0]?.reason ?? ''}` } : {}) });
  }
  return out;
}

/** ROC AUC by the rank statistic (ties count half). */
export function rocAuc(scores: readonly { score: number; positive: boolean }[]): number {
  const pos = scores.filter((s) => s.positive);
  const neg = scores.filter((s) => !s.positive);
  if (!pos.length || !neg.length) return NaN;
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p.score > n.score ? 1 : p.score === n.score ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

export function adsScenarios(shared: string): { tenant: string; file: string }[] {
  const dir = join(shared, 'datasets', 'ait-ads-alerts');
  return readdirSync(dir)
    .filter((f) => f.endsWith('_alerts.csv.gz'))
    .sort()
    .map((f) => ({ tenant: f.replace('_alerts.csv.gz', ''), file: join(dir, f) }));
}
