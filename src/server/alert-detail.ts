// An alert as the detail view shows it: the matched events with their raw lines, and the
// related events (the same entity, ±15 minutes around the alert). Read through the
// engine-neutral Store with the tenant in every query, so another tenant's events cannot join.
import type { Event } from '../core/event.ts';
import { F } from '../core/fields.ts';
import type { Store } from '../store/store.ts';
import { attackTags } from '../detect/sigma/alert.ts';
import type { TriagedAlert } from './alert-desk.ts';

export const RELATED_WINDOW_MS = 15 * 60_000;
/** Entities related events are looked up by (indexed fields of the store). */
const RELATED_FIELDS: readonly string[] = [F.sourceIp, F.userName, F.hostName];
const MAX_MATCHED = 50;
const PER_ENTITY = 40;
const MAX_RELATED = 100;

export interface EventLine {
  id: string;
  time: number;
  source: string;
  parser: string;
  raw: string;
  fields: Record<string, unknown>;
}

export type AlertDetail = TriagedAlert & {
  /** The rule's ATT&CK tags (techniques and tactics). */
  attack: string[];
  matchedEvents: EventLine[];
  related: (EventLine & { entity: { field: string; value: string } })[];
};

const line = (e: Event): EventLine => ({ id: e.id, time: e.time, source: e.source, parser: e.parser, raw: e.raw, fields: e.fields });
type Scalar = string | number | boolean;
const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

async function matched(store: Store, a: TriagedAlert): Promise<Event[]> {
  if (a.kind === 'rule') {
    // Pipeline alert ids are `<rule id>:<event id>` (stable ids), and the alert time is the event's.
    const prefix = `${a.rule.id}:`;
    if (!a.id.startsWith(prefix)) return [];
    const eventId = a.id.slice(prefix.length);
    const where: Record<string, Scalar> = {};
    const fields = a.events[0] ?? {};
    for (const f of RELATED_FIELDS) if (isScalar(fields[f])) where[f] = fields[f] as Scalar;
    const candidates = await store.queryEvents({ tenant: a.tenant, from: a.time, to: a.time + 1, where, limit: 1000 });
    return candidates.filter((e) => e.id === eventId);
  }
  // A correlation keeps no events; its group's events within its timespan are the matched ones.
  const where: Record<string, Scalar> = {};
  for (const [k, v] of Object.entries(a.group ?? {})) if (isScalar(v) && v !== '') where[k] = v;
  if (Object.keys(where).length === 0) return [];
  const span = a.correlation?.timespanMs ?? 0;
  return store.queryEvents({ tenant: a.tenant, from: a.time - span, to: a.time + 1, where, limit: MAX_MATCHED });
}

export async function alertDetail(store: Store, a: TriagedAlert): Promise<AlertDetail> {
  const m = await matched(store, a);
  const seen = new Set(m.map((e) => e.id));
  const source: Record<string, unknown> = { ...(a.group ?? {}), ...(a.events[0] ?? {}) };
  const related: AlertDetail['related'] = [];
  for (const field of RELATED_FIELDS) {
    const value = source[field];
    if (!isScalar(value) || value === '') continue;
    const events = await store.queryEvents({
      tenant: a.tenant, from: a.time - RELATED_WINDOW_MS, to: a.time + RELATED_WINDOW_MS + 1, where: { [field]: value }, limit: PER_ENTITY,
    });
    for (const e of events) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      related.push({ ...line(e), entity: { field, value: String(value) } });
    }
  }
  related.sort((x, y) => x.time - y.time || x.id.localeCompare(y.id));
  return { ...a, attack: attackTags(a.rule.tags), matchedEvents: m.map(line), related: related.slice(0, MAX_RELATED) };
}
