// The console's overview figures, each from SQL aggregates over the store's file (events,
// unparsed, sigma_alerts), never a load of the rows themselves: the demo holds tens of
// thousands of events and the overview must answer in well under 100 ms. Every statement is
// scoped by tenant in its WHERE clause. A read-only connection of its own, so it never
// contends with the writer's.
import Database from 'better-sqlite3';
import { MINED, UNPARSED } from '../core/event.ts';
import { F } from '../core/fields.ts';
import { purgeCount } from './retention.ts';

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

export interface OverviewService {
  overview(tenant: string, range?: { from?: number; to?: number }): Overview;
  close(): void;
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

export function openOverviewService(file: string): OverviewService {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  // Two subqueries, so each is one index probe (SQLite's min/max shortcut takes one aggregate).
  const span = db.prepare<[string, string], { lo: number | null; hi: number | null }>(
    'SELECT (SELECT min(time) FROM events WHERE tenant = ?) AS lo, (SELECT max(time) FROM events WHERE tenant = ?) AS hi',
  );
  const hasAlerts = (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sigma_alerts'").get() as unknown) !== undefined;
  const alertsByHour = hasAlerts
    ? db.prepare<[string, number, number], { b: number; level: string; n: number }>(
        `SELECT time / ${HOUR_MS} AS b, level, sum(1 + repeats) AS n FROM sigma_alerts WHERE tenant = ? AND time >= ? AND time <= ? GROUP BY b, level ORDER BY b`,
      )
    : undefined;
  // An alert names an entity in its (first) event's fields or, for a correlation, in its
  // group-by values; a VALUES list of the fields of interest keeps this one statement.
  const entityPaths = ENTITY_FIELDS.map((f) => `('${f}')`).join(', ');
  const topEntities = hasAlerts
    ? db.prepare<[string, number, number, number], { field: string; value: string; alerts: number }>(
        `WITH f(name) AS (VALUES ${entityPaths})
         SELECT name AS field, v AS value, count(*) AS alerts FROM (
           SELECT f.name AS name,
             coalesce(json_extract(a.body, '$.events[0]."' || f.name || '"'), json_extract(a.body, '$.group."' || f.name || '"')) AS v
           FROM sigma_alerts a, f WHERE a.tenant = ? AND a.time >= ? AND a.time <= ?
         ) WHERE v IS NOT NULL AND v != '' GROUP BY name, v ORDER BY alerts DESC, field, value LIMIT ?`,
      )
    : undefined;
  // Per source, parser and hour: no index holds the source (one more index on the ingest path
  // would cost every write), so the counts are aggregated once and then kept up to date from
  // the rows added since (rowids only grow; NOT INDEXED makes that a rowid range, not a walk
  // of the tenant's index). Retention is the only delete; after one of its passes the counts
  // are rebuilt. Ranges therefore apply by hour: the hours whose start lies in the range.
  const newRows = db.prepare<[number, number, string], { source: string; parser: string; b: number; n: number }>(
    `SELECT source, parser, time / ${HOUR_MS} AS b, count(*) AS n FROM events NOT INDEXED WHERE rowid > ? AND rowid <= ? AND tenant = ? GROUP BY source, parser, b`,
  );
  const maxRowid = db.prepare<[], { r: number | null }>('SELECT max(rowid) AS r FROM events');
  /** tenant -> rows counted up to rowid, and (source, parser) -> hour -> events. */
  const hourly = new Map<string, { upTo: number; counts: Map<string, { source: string; parser: string; hours: Map<number, number> }> }>();
  let seenPurges = purgeCount();
  const sourceHours = (tenant: string) => {
    if (purgeCount() !== seenPurges) {
      seenPurges = purgeCount();
      hourly.clear();
    }
    let h = hourly.get(tenant);
    if (!h) hourly.set(tenant, (h = { upTo: 0, counts: new Map() }));
    // Read the table's end first: rows committed while reading are picked up next time.
    const end = maxRowid.get()?.r ?? 0;
    if (end > h.upTo) {
      for (const r of newRows.all(h.upTo, end, tenant)) {
        const key = `${r.source}\0${r.parser}`;
        let c = h.counts.get(key);
        if (!c) h.counts.set(key, (c = { source: r.source, parser: r.parser, hours: new Map() }));
        c.hours.set(r.b, (c.hours.get(r.b) ?? 0) + r.n);
      }
      h.upTo = end;
    }
    return h.counts;
  };
  // Unparsed records have no event time (no parser read one); they count whole, by tenant.
  const unparsed = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM unparsed WHERE tenant = ?');

  return {
    overview(tenant, range = {}) {
      const s = span.get(tenant, tenant);
      const from = range.from ?? s?.lo ?? 0;
      const to = range.to ?? s?.hi ?? 0;
      const hours = new Map<number, SeverityHour>();
      for (const r of alertsByHour?.all(tenant, from, to) ?? []) {
        let h = hours.get(r.b);
        if (!h) hours.set(r.b, (h = { hour: isoHour(r.b), critical: 0, high: 0, medium: 0, low: 0, informational: 0 }));
        h[severityOf(r.level)] += r.n;
      }
      // Hours whose start lies in the range; the whole span when no range is given.
      const lo = Math.floor(from / HOUR_MS);
      const hi = Math.floor(to / HOUR_MS);
      const perSource = new Map<string, Map<number, number>>();
      const perParser = new Map<string, number>();
      for (const c of sourceHours(tenant).values()) {
        let hoursOf = perSource.get(c.source);
        if (!hoursOf) perSource.set(c.source, (hoursOf = new Map()));
        for (const [b, n] of c.hours) {
          if (b < lo || b > hi) continue;
          hoursOf.set(b, (hoursOf.get(b) ?? 0) + n);
          perParser.set(c.parser, (perParser.get(c.parser) ?? 0) + n);
        }
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
        span: { from, to },
        alertsBySeverity: [...hours.values()],
        topEntities: (topEntities?.all(tenant, from, to, TOP_ENTITIES) ?? []).map((e) => ({ ...e, value: String(e.value) })),
        ingestBySource: sources,
        parseCoverage: { known, learned, unparsed: unparsedEvents + (unparsed.get(tenant)?.n ?? 0), byParser: parsers },
      };
    },
    close: () => db.close(),
  };
}
