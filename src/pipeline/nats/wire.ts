// What travels on NATS between `ingest --to nats://…` and `worker`: one message per slice of
// a source batch, the framed raw lines (unparsed: workers parse) as JSON, and who they belong
// to in headers. The message id is derived from tenant, source and byte range, so a publisher
// that re-reads after a crash re-sends the same ids and JetStream drops the duplicates within
// its window; past the window the store's event ids (same tenant, source, offsets) do it.
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/nats-core';
import { assertTenant } from '../../core/layers.ts';
import type { LineBatch } from '../../ingest/batch.ts';
import type { FramedLine } from '../../ingest/framing.ts';
import { eventIdPrefix } from '../event-id.ts';

export const HEADER = {
  tenant: 'Stegosoc-Tenant',
  source: 'Stegosoc-Source',
  sourceId: 'Stegosoc-Source-Id',
  /** Byte offset of the first line and just past the last one, in the source. */
  offset: 'Stegosoc-Offset',
  end: 'Stegosoc-End',
  dropped: 'Stegosoc-Dropped',
} as const;

/** Subjects are `<prefix>.<tenant>`, the prefix `stegosoc.<stream>` by default: a later
 *  partitioned consumer can filter by tenant, and streams of other names never overlap. */
export function subjectPrefixOf(stream: string): string {
  return `stegosoc.${stream}`;
}

export function subjectOf(prefix: string, tenant: string): string {
  return `${prefix}.${tenant}`;
}

/** One line on the wire: [offset, end, length, tooLong (0/1), text]. */
type WireLine = [number, number, number, 0 | 1, string];

export interface WireMessage {
  subject: string;
  msgID: string;
  headers: MsgHdrs;
  body: string;
  /** Where the source may resume once this message is acknowledged by the stream. */
  resumeAt: number;
  lines: number;
}

export interface SliceLimits {
  /** Largest body in bytes (below the server's max_payload, leaving room for headers). */
  maxBytes: number;
  maxLines: number;
}

const wireLine = (l: FramedLine): WireLine => [l.offset, l.end, l.length, l.tooLong ? 1 : 0, l.text];

/** A line too big for one message is cut to fit and marked too long, as the framer does with
 *  lines over its bound: it is kept as unparsed with its real length, never lost or fatal. */
function fitLine(l: FramedLine, maxBytes: number): FramedLine {
  if (Buffer.byteLength(l.text) <= maxBytes) return l;
  // JSON escaping can grow text up to 6× (\u00XX): an eighth of the budget always fits.
  const cut = Buffer.from(l.text).subarray(0, Math.floor(maxBytes / 8)).toString('utf8');
  return { ...l, text: cut, tooLong: true };
}

/** Splits a source batch into messages within the limits, in order. */
export function encodeBatch(batch: LineBatch, subjectPrefix: string, limits: SliceLimits): WireMessage[] {
  const tenant = assertTenant(batch.tenant);
  const subject = subjectOf(subjectPrefix, tenant);
  const idPrefix = eventIdPrefix(tenant, batch.sourceId);
  const out: WireMessage[] = [];
  let slice: WireLine[] = [];
  let bytes = 0;
  const flush = (last: boolean) => {
    if (slice.length === 0) return;
    const first = slice[0] as WireLine;
    const end = (slice[slice.length - 1] as WireLine)[1];
    const h = natsHeaders();
    h.set(HEADER.tenant, tenant);
    h.set(HEADER.source, batch.source);
    h.set(HEADER.sourceId, batch.sourceId);
    h.set(HEADER.offset, String(first[0]));
    h.set(HEADER.end, String(end));
    // Lines a source dropped under a flood are counted once, with the batch's last slice.
    if (last && batch.dropped) h.set(HEADER.dropped, String(batch.dropped));
    out.push({
      subject, msgID: `${idPrefix}.${first[0].toString(36)}.${end.toString(36)}`, headers: h,
      body: JSON.stringify(slice), resumeAt: last && batch.checkpoint ? batch.checkpoint.offset : end, lines: slice.length,
    });
    slice = [];
    bytes = 0;
  };
  for (const line of batch.lines) {
    const l = fitLine(line, limits.maxBytes);
    // Text length in UTF-16 units bounds UTF-8 bytes / 3 from below; Buffer.byteLength is exact.
    const size = Buffer.byteLength(l.text) + 40;
    if (slice.length > 0 && (bytes + size > limits.maxBytes || slice.length >= limits.maxLines)) flush(false);
    slice.push(wireLine(l));
    bytes += size;
  }
  flush(true);
  return out;
}

export class BadMessage extends Error {}

/** A message back into the batch the parse stage takes; throws BadMessage when it is not one
 *  of ours (the worker terminates it rather than retrying it forever). */
export function decodeBatch(hdrs: MsgHdrs | undefined, body: string): LineBatch & { dropped?: number } {
  const get = (k: string) => {
    const v = hdrs?.get(k);
    if (!v) throw new BadMessage(`message without ${k} header`);
    return v;
  };
  let tenant: string;
  try {
    tenant = assertTenant(get(HEADER.tenant));
  } catch (err) {
    throw new BadMessage((err as Error).message);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new BadMessage('message body is not JSON');
  }
  if (!Array.isArray(parsed)) throw new BadMessage('message body is not a list of lines');
  const lines: FramedLine[] = parsed.map((x: unknown, i) => {
    if (!Array.isArray(x) || x.length !== 5 || typeof x[0] !== 'number' || typeof x[1] !== 'number' || typeof x[2] !== 'number' || typeof x[4] !== 'string') {
      throw new BadMessage(`line ${i} of the message is not [offset, end, length, tooLong, text]`);
    }
    return { offset: x[0], end: x[1], length: x[2], tooLong: x[3] === 1, text: x[4] };
  });
  const dropped = Number(hdrs?.get(HEADER.dropped) || 0);
  return {
    tenant, source: get(HEADER.source), sourceId: get(HEADER.sourceId), lines,
    ...(dropped > 0 ? { dropped } : {}),
  };
}
