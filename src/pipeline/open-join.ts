// A batch cut by the reader's buffer size can end in the middle of a multi-line event (the
// auditd records of one serial). Those trailing lines are held back and put in front of the
// next batch of the same source, and the batch's checkpoint stops before them, so the event
// is joined whole both in this run and after a crash.
import type { FramedLine } from '../ingest/framing.ts';
import type { LineBatch, Source } from '../ingest/batch.ts';
import type { ParseContext } from '../parse/types.ts';
import type { LineParsers } from './stage-deps.ts';

/** Most lines held for one stream: a (hostile) endless run of one join key is processed in
 *  parts rather than held in memory until the stream ends. */
export const MAX_HELD_LINES = 1000;

/** Index of the first line of a join group that reaches the end of `lines`, or `lines.length`
 *  when the batch does not end inside one. */
export function openJoinStart(lines: readonly FramedLine[], parsers: LineParsers, ctx: ParseContext): number {
  let i = lines.length - 1;
  while (i >= 0 && (lines[i] as FramedLine).text.trim() === '') i--;
  if (i < 0) return lines.length;
  const key = parsers.parse((lines[i] as FramedLine).text, ctx)?.joinKey;
  if (key === undefined) return lines.length;
  // Parsers are pure, so parsing these few tail lines twice changes nothing but time.
  const stop = Math.max(0, lines.length - MAX_HELD_LINES);
  while (i > stop && parsers.parse((lines[i - 1] as FramedLine).text, ctx)?.joinKey === key) i--;
  return i === stop && stop > 0 ? lines.length : i;
}

/** Splits a batch into what to process now and what to hold for the next batch. */
export function holdOpenJoin(batch: LineBatch, parsers: LineParsers, now: number): { now: LineBatch; held: FramedLine[] } {
  if (!batch.more) return { now: batch, held: [] };
  const cut = openJoinStart(batch.lines, parsers, { tenant: batch.tenant, source: batch.source, now });
  if (cut === batch.lines.length) return { now: batch, held: [] };
  const held = batch.lines.slice(cut);
  const first = held[0] as FramedLine;
  return {
    now: { ...batch, lines: batch.lines.slice(0, cut), ...(batch.checkpoint ? { checkpoint: { ...batch.checkpoint, offset: first.offset } } : {}) },
    held,
  };
}

/** What `joinedBatches` needs of the tenant parts: their parsers, loaded before use. */
export interface JoinParts {
  prepare(tenant: string): Promise<unknown>;
  parsersFor(tenant: string): LineParsers;
}

/**
 * A source's batches with no multi-line event cut: per stream (a glob reads several files),
 * the lines of an event still open at a batch's end are held and put in front of that
 * stream's next batch. When the source ends (not aborted), what was held is complete and comes
 * last; when aborted, the checkpoints stop before the held lines, so the next run reads them.
 */
export async function* joinedBatches(source: Source, parts: JoinParts, signal: AbortSignal): AsyncGenerator<LineBatch> {
  const held = new Map<string, { lines: FramedLine[]; last: LineBatch }>();
  for await (const got of source(signal)) {
    await parts.prepare(got.tenant);
    const before = held.get(got.sourceId);
    const whole = before ? { ...got, lines: [...before.lines, ...got.lines] } : got;
    const split = holdOpenJoin(whole, parts.parsersFor(got.tenant), Date.now());
    if (split.held.length > 0) held.set(got.sourceId, { lines: split.held, last: got });
    else held.delete(got.sourceId);
    if (split.now.lines.length > 0) yield split.now;
  }
  if (signal.aborted) return;
  for (const { lines, last } of held.values()) yield { ...last, lines, more: false };
}
