// A batch cut by the reader's buffer size can end in the middle of a multi-line event (the
// auditd records of one serial). Those trailing lines are held back and put in front of the
// next batch of the same source, and the batch's checkpoint stops before them, so the event
// is joined whole both in this run and after a crash.
import type { FramedLine } from '../ingest/framing.ts';
import type { LineBatch } from '../ingest/batch.ts';
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
