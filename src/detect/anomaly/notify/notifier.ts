// A notifier delivers a finished report somewhere. Delivery is an edge effect: it never
// changes the report, and a failure is reported to the caller, not swallowed.
import type { HourlyReport } from '../report/report-model.ts';

export interface Notifier {
  /** For logs: `smtp:mail.example.com`, `webhook:https://…`, `file:/var/reports`. */
  name: string;
  send(report: HourlyReport): Promise<void>;
}

export function topScore(report: HourlyReport): number {
  return report.topEntities[0]?.score ?? 0;
}

export function subjectOf(report: HourlyReport): string {
  const top = report.topEntities[0];
  const when = new Date(report.start).toISOString().slice(0, 16).replace('T', ' ');
  return top
    ? `[StegoSOC ${top.band}] ${report.tenant} ${when}Z: ${top.entity.type}:${top.entity.value} (${top.score.toFixed(0)})`
    : `[StegoSOC] ${report.tenant} ${when}Z: nothing unusual`;
}
