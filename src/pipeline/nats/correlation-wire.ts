// What travels on the correlation stream between workers and the correlator: one message per
// (rule match, listening correlation), compact: the values that correlation reads, not the
// event. Subjects are `<prefix>.<tenant>.<partition>`, the partition a stable hash of the
// tenant and the correlation's partition key (its group-by values, or those of them its chain
// shares: CorrelationEngine.partitionKeyOf), so every match of one group (one source address,
// say) reaches the same correlator in stream order. Message ids derive from the event id and
// the correlation id: a worker whose batch is redelivered re-publishes the same ids and
// JetStream drops them within its duplicate window.
import { createHash } from 'node:crypto';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/nats-core';
import { assertTenant } from '../../core/layers.ts';
import type { CorrelationInput } from '../../detect/sigma/correlation.ts';
import { BadMessage } from './wire.ts';

/** One match for one correlation, as JSON on the wire. */
export interface CorrelationInputMessage {
  /** The correlation it feeds (rule id). */
  c: string;
  /** What the match is known by (rule id and name, or a correlation's for a chained hit). */
  r: string[];
  /** Event time, epoch ms. */
  t: number;
  /** Input lines (line numbers, when the pipeline has them). */
  l: number[];
  /** The fields the correlation reads, by the names it asks them under. */
  v: Record<string, string>;
  /** The correlation's partition key for this match (what the partition is hashed from). */
  k: string;
  /** The event id (or, for a chained hit, the hit's id): the tie-break of equal times and the
   *  base of the message id. */
  e: string;
  /** Chain depth: 0 for a rule match, n for the hit of a chain n deep. */
  d: number;
  /** The raw line(s) behind the match, for whoever reads the stream (the engine does not). */
  raw?: string[];
}

export const CORRELATION_HEADER = { tenant: 'Stegosoc-Tenant' } as const;

/** Stable across processes and versions: FNV-1a would do, a hash of the text is simpler to trust. */
export function partitionOf(tenant: string, groupKey: string, partitions: number): number {
  return createHash('sha1').update(`${tenant}\0${groupKey}`).digest().readUInt32BE(0) % partitions;
}

export function correlationSubject(prefix: string, tenant: string, partition: number): string {
  return `${prefix}.${tenant}.${partition}`;
}

export interface EncodedInput {
  subject: string;
  msgID: string;
  headers: MsgHdrs;
  body: string;
}

export function encodeInput(prefix: string, tenant: string, partitions: number, m: CorrelationInputMessage): EncodedInput {
  const h = natsHeaders();
  h.set(CORRELATION_HEADER.tenant, tenant);
  return {
    subject: correlationSubject(prefix, tenant, partitionOf(tenant, m.k, partitions)),
    msgID: `${m.e}:${m.c}`,
    headers: h,
    body: JSON.stringify(m),
  };
}

export function decodeInput(hdrs: MsgHdrs | undefined, body: string): { tenant: string; input: CorrelationInputMessage } {
  let tenant: string;
  try {
    tenant = assertTenant(hdrs?.get(CORRELATION_HEADER.tenant) ?? '');
  } catch (err) {
    throw new BadMessage((err as Error).message);
  }
  let m: unknown;
  try {
    m = JSON.parse(body);
  } catch {
    throw new BadMessage('correlation input is not JSON');
  }
  const x = m as Partial<CorrelationInputMessage> | null;
  if (!x || typeof x !== 'object' || typeof x.c !== 'string' || !Array.isArray(x.r) || typeof x.t !== 'number'
    || !Array.isArray(x.l) || typeof x.v !== 'object' || x.v === null || typeof x.k !== 'string' || typeof x.e !== 'string' || typeof x.d !== 'number') {
    throw new BadMessage('message is not a correlation input');
  }
  return { tenant, input: x as CorrelationInputMessage };
}

/** The match the correlation engine takes, back from the wire. */
export function asCorrelationInput(m: CorrelationInputMessage): CorrelationInput {
  return { refs: m.r, time: m.t, lines: m.l, value: (field) => m.v[field] };
}

/** Order of release from the correlator's reorder buffer: event time, then the event id
 *  (`<source hash>.<offset base 36>`: source, then position in it, i.e. file order), then the
 *  correlation. */
export function compareInputs(a: CorrelationInputMessage, b: CorrelationInputMessage): number {
  if (a.t !== b.t) return a.t - b.t;
  if (a.e !== b.e) {
    const [pa, oa] = splitId(a.e);
    const [pb, ob] = splitId(b.e);
    if (pa !== pb) return pa < pb ? -1 : 1;
    if (oa !== ob) return oa - ob;
    return a.e < b.e ? -1 : 1;
  }
  return a.c < b.c ? -1 : a.c > b.c ? 1 : a.d - b.d;
}

function splitId(id: string): [string, number] {
  const dot = id.lastIndexOf('.');
  const offset = dot < 0 ? NaN : parseInt(id.slice(dot + 1), 36);
  return Number.isFinite(offset) ? [id.slice(0, dot), offset] : [id, 0];
}
