// How the console writes times, numbers and severities, in one place.
import type { Severity } from './api/types.ts';

export const fmtTime = (ms: number | null | undefined): string =>
  ms === null || ms === undefined ? '—' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

export const fmtNum = (n: number): string => n.toLocaleString('en-US');

export const SEVERITY_COLOR: Record<Severity, string> = {
  critical: '#a61e4d', high: '#e8590c', medium: '#f59f00', low: '#1c7ed6', informational: '#868e96',
};

export function severityOf(level: string | null | undefined): Severity {
  const l = (level ?? '').toLowerCase();
  return l === 'critical' || l === 'high' || l === 'medium' || l === 'low' ? l : 'informational';
}

/** ISO hour `2026-11-28T10` (what the report routes take) from epoch ms or an ISO string. */
export const isoHour = (t: number | string): string => new Date(t).toISOString().slice(0, 13);
