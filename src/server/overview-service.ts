// The console's overview figures, shaped from the store's aggregates (Store.overviewCounts:
// SQL aggregates over events, unparsed lines and alerts, never a load of the rows themselves;
// the demo holds tens of thousands of events and the overview must answer in well under
// 100 ms). The tenant is in every one of the store's statements.
import { MINED, UNPARSED } from '../core/event.ts';
import { F } from '../core/fields.ts';
import type { Store } from '../store/store.ts';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type SeverityHour = { hour: string } & Record<Severity, number>;

export interface Overview {
  span: { from: number; to: number };
  alertsBySeverity: SeverityHour[];
  topEntities: { field: string; value: string; alerts: number }[];
  ingestBySource: { source: string; events: number; perHour: { hour: string; n: number }[] }[];
  parseCoverage: { known: number; learned: number; unparsed: number; byParser: { parser: string; n: number }[] };
}

const HOUR_MS = 3_600_000;
/** Fields an alert is attributed to, in the order the console lists them. */
export const ENTITY_FIELDS: readonly string[] = [F.sourceIp, F.userName, F.hostName, F.destinationIp, F.processName];
const TOP_ENTITIES = 10;
const TOP_SOURCES = 20;

const isoHour = (bucket: number) => new Date(bucket * HOUR_MS).toISOString();

/** Sigma levels are free text in the wild; anything unknown counts as informational. */
function severityOf(level: string): Severity {
  const l = level.toLowerCase();
  return (SEVERITIES as readonly string[]).includes(l) ? (l as Severity) : 'informational';
}

/** Ranges apply by hour for ingest and parse coverage: the hours whose start lies in the range. */
export async function overview(store: Store, tenant: string, range: { from?: number; to?: number } = {}): Promise<Overview> {
  const c = await store.overviewCounts({ tenant, ...range, entityFields: ENTITY_FIELDS, topEntities: TOP_ENTITIES });
  const hours = new Map<number, SeverityHour>();
  for (const r of [...c.alertsByHour].sort((x, y) => x.hour - y.hour)) {
    let h = hours.get(r.hour);
    if (!h) hours.set(r.hour, (h = { hour: isoHour(r.hour), critical: 0, high: 0, medium: 0, low: 0, informational: 0 }));
    h[severityOf(r.level)] += r.n;
  }
  const perSource = new Map<string, Map<number, number>>();
  const perParser = new Map<string, number>();
  for (const r of c.eventsByHour) {
    let hoursOf = perSource.get(r.source);
    if (!hoursOf) perSource.set(r.source, (hoursOf = new Map()));
    hoursOf.set(r.hour, (hoursOf.get(r.hour) ?? 0) + r.n);
    perParser.set(r.parser, (perParser.get(r.parser) ?? 0) + r.n);
  }
  const sources = [...perSource].map(([source, hoursOf]) => {
    const perHour = [...hoursOf].sort((x, y) => x[0] - y[0]).map(([b, n]) => ({ hour: isoHour(b), n }));
    return { source, events: perHour.reduce((n, x) => n + x.n, 0), perHour };
  }).filter((x) => x.events > 0).sort((x, y) => y.events - x.events || x.source.localeCompare(y.source)).slice(0, TOP_SOURCES);
  const parsers = [...perParser].map(([parser, n]) => ({ parser, n })).sort((x, y) => y.n - x.n || x.parser.localeCompare(y.parser));
  let known = 0;
  let learned = 0;
  let unparsedEvents = 0;
  for (const p of parsers) {
    if (p.parser === MINED) learned += p.n;
    else if (p.parser === UNPARSED) unparsedEvents += p.n;
    else known += p.n;
  }
  return {
    span: c.span,
    alertsBySeverity: [...hours.values()],
    topEntities: c.topEntities,
    ingestBySource: sources,
    parseCoverage: { known, learned, unparsed: unparsedEvents + c.unparsed, byParser: parsers },
  };
}
