// The parse stage: a function over a batch of framed lines. Each line is tried against the
// tenant's parsers (tenant layer first, then global); a line none of them takes goes to the
// tenant's template miner; a line the miner cannot take is kept as unparsed with the reason.
// Lines sharing a parser's join key (auditd records of one event) become one event.
import type { Event, UnparsedRecord } from '../core/event.ts';
import { MINED } from '../core/event.ts';
import { errorMessage } from '../core/errors.ts';
import { F } from '../core/fields.ts';
import type { FramedLine } from '../ingest/framing.ts';
import { tooLongReason } from '../ingest/framing.ts';
import type { LineBatch } from '../ingest/batch.ts';
import type { TemplateStat } from '../store/store.ts';
import type { ParseContext, ParsedLine } from '../parse/types.ts';
import { joinAuditRecords } from '../parse/index.ts';
import { eventId, eventIdPrefix } from './event-id.ts';
import { templateFields } from './template-fields.ts';
import type { StageDeps } from './stage-deps.ts';
import { addCounter, DROPPED, EMPTY, LINES, MINED_COUNTER, parsedCounter, reasonKey, unparsedCounter, type Counters } from './counters.ts';

export const NO_MATCH_REASON = 'no parser or template matched';
/** Examples are for people to read; a megabyte line needs not be kept twice. */
const EXAMPLE_CHARS = 2000;

/** True when `s` is empty or only whitespace; `trim()` would allocate a string per line. */
export function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    // Any other ASCII character (visible or a control character trim() keeps) ends it at once,
    // which is nearly every line; beyond ASCII the engine's own whitespace definition decides.
    if (c < 127 || s.slice(i, i + 1).trim() !== '') return false;
  }
  return true;
}

/** `parsed:<parser>` counter names, built once per parser name rather than once per line. */
const parsedNames = new Map<string, string>();
function parsedCounterName(parser: string): string {
  let n = parsedNames.get(parser);
  if (n === undefined) {
    n = parsedCounter(parser);
    // Parser names come from definitions, not from lines, so the map stays small; the bound
    // only guards against a pathological set of definitions.
    if (parsedNames.size < 4096) parsedNames.set(parser, n);
  }
  return n;
}

/** A parser's time when it is a real instant, else the fallback (a bad date must not become NaN in the store). */
const timeOr = (t: number | undefined, fallback: number) => (t !== undefined && Number.isFinite(t) ? t : fallback);

export interface StageOutput {
  events: Event[];
  unparsed: UnparsedRecord[];
  counters: Counters;
  templates: TemplateStat[];
}

/** Lines of one multi-line event (auditd records sharing a serial) within the batch. */
interface JoinGroup {
  event: Event;
  records: ParsedLine[];
  raws: string[];
}

/** Merges each group with the parse package's joiner; the event keeps its first line's id. */
function finishJoins(groups: Iterable<JoinGroup>): void {
  for (const g of groups) {
    if (g.records.length < 2) continue;
    const merged = joinAuditRecords(g.records)[0];
    if (!merged) continue;
    g.event.raw = g.raws.join('\n');
    g.event.parser = merged.parser;
    g.event.fields = merged.fields;
    g.event.time = timeOr(merged.time, g.event.time);
  }
}

export function parseStage(batch: LineBatch, deps: StageDeps, now: number = Date.now()): StageOutput {
  const { tenant, source, sourceId } = batch;
  const idPrefix = eventIdPrefix(tenant, sourceId);
  const parsers = deps.parsersFor(tenant);
  const ctx: ParseContext = { tenant, source, now };
  const out: StageOutput = { events: [], unparsed: [], counters: {}, templates: [] };
  const c = out.counters;
  addCounter(c, LINES, batch.lines.length);
  if (batch.dropped) addCounter(c, DROPPED, batch.dropped);
  const joins = new Map<string, JoinGroup>();
  const stats = new Map<string, TemplateStat>();
  let minedLines = 0;
  // A line with no timestamp of its own (a stack trace line, a truncated record) takes the time
  // of the line before it in the stream, as it was written then; only the first such lines of a
  // batch fall back to the ingest time.
  let lastTime: number | undefined;

  const unparsed = (line: FramedLine, reason: string) => {
    addCounter(c, unparsedCounter(reasonKey(reason)));
    out.unparsed.push({ id: eventId(idPrefix, line.offset), tenant, source, ingested: now, raw: line.text, reason, length: line.length });
  };

  for (const line of batch.lines) {
    if (line.tooLong) {
      unparsed(line, tooLongReason(line.length));
      continue;
    }
    const text = line.text;
    if (isBlank(text)) {
      addCounter(c, EMPTY);
      continue;
    }
    let parsed;
    try {
      parsed = parsers.parse(text, ctx);
    } catch (err) {
      // A parser bug on odd input must cost one line, not the batch.
      unparsed(line, `parser error: ${errorMessage(err)}`);
      continue;
    }
    const message = parsed?.fields[F.message];
    // A header with an empty message stays a plain syslog event: there is nothing to mine.
    const envelope = parsed && deps.envelopes?.has(parsed.parser) && typeof message === 'string' && !isBlank(message) ? parsed : undefined;
    if (parsed && !envelope) {
      addCounter(c, parsedCounterName(parsed.parser));
      const joined = parsed.joinKey !== undefined ? joins.get(parsed.joinKey) : undefined;
      if (joined) {
        joined.records.push(parsed);
        joined.raws.push(text);
        continue;
      }
      const event: Event = {
        id: eventId(idPrefix, line.offset), tenant, source, time: (lastTime = timeOr(parsed.time, lastTime ?? now)), ingested: now,
        // The parser built this fields object for this line alone (parsers return a fresh one
        // per call), so the event takes it as is: copying a 20-field object per line was a
        // measurable share of the stage.
        raw: text, parser: parsed.parser, fields: parsed.fields,
      };
      if (parsed.joinKey !== undefined) joins.set(parsed.joinKey, { event, records: [parsed], raws: [text] });
      out.events.push(event);
      continue;
    }
    const content = envelope ? (envelope.fields[F.message] as string) : text;
    let mined;
    try {
      mined = deps.minerFor(tenant).add(content, now);
    } catch (err) {
      unparsed(line, `miner error: ${errorMessage(err)}`);
      continue;
    }
    if (!mined) {
      unparsed(line, NO_MATCH_REASON);
      continue;
    }
    addCounter(c, MINED_COUNTER);
    minedLines++;
    out.events.push({
      id: eventId(idPrefix, line.offset), tenant, source, time: (lastTime = timeOr(envelope?.time, lastTime ?? now)), ingested: now, raw: text, parser: MINED,
      templateId: mined.templateId, templateParams: mined.params, fields: templateFields(mined.params, envelope?.fields),
    });
    const stat = stats.get(mined.templateId);
    if (stat) {
      stat.count += 1;
      stat.template = mined.template;
      stat.params = mined.params;
    } else {
      // Mined from a syslog message: remember the program (`*` when the header had none), so a
      // promoted parser reads the message of that program rather than the whole line.
      const program = envelope ? envelope.fields[F.processName] : undefined;
      stats.set(mined.templateId, {
        templateId: mined.templateId, template: mined.template, count: 1, example: text.slice(0, EXAMPLE_CHARS), params: mined.params, lastSeen: now,
        ...(envelope ? { program: typeof program === 'string' && program ? program : '*' } : {}),
      });
    }
  }
  finishJoins(joins.values());
  out.templates = minedLines > 0 ? resolveRetired(deps.minerFor(tenant), out.events, stats) : [...stats.values()];
  return out;
}

/** Miners that merge templates say which id a retired one now goes by (TemplateMiner does). */
interface ResolvingMiner {
  resolveId(id: string): string;
}

const canResolve = (m: object): m is ResolvingMiner => typeof (m as Partial<ResolvingMiner>).resolveId === 'function';

/**
 * A template the miner merged into another later in the batch is retired: its events and its
 * counts go to the survivor's id, so the store never gets a template row (or events) under an
 * id the miner no longer knows.
 */
function resolveRetired(miner: object, events: Event[], stats: Map<string, TemplateStat>): TemplateStat[] {
  if (!canResolve(miner)) return [...stats.values()];
  let retired = false;
  for (const id of stats.keys()) if (miner.resolveId(id) !== id) retired = true;
  if (!retired) return [...stats.values()];
  for (const e of events) if (e.templateId !== undefined) e.templateId = miner.resolveId(e.templateId);
  const merged = new Map<string, TemplateStat>();
  for (const stat of stats.values()) {
    const id = miner.resolveId(stat.templateId);
    const into = merged.get(id);
    if (into === undefined) merged.set(id, { ...stat, templateId: id });
    else {
      into.count += stat.count;
      // The survivor's own stat has its current text; a retired one's is older.
      if (stat.templateId === id) Object.assign(into, { ...stat, count: into.count });
    }
  }
  return [...merged.values()];
}
