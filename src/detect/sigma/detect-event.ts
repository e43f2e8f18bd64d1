// The event as the detection engine sees it, and the per-event evaluation context that caches
// lowered field values so a hundred rules looking at CommandLine lower it once.
import type { FieldValue } from '../../core/event.ts';
import type { Logsource } from './model.ts';

export type FlatFields = { [name: string]: FieldValue | undefined };

export interface DetectEvent {
  /** Flat dotted field names (nested JSON objects are flattened by the reader). */
  fields: FlatFields;
  /** The original line, searched by keyword identifiers; when absent, keywords search all string values. */
  raw?: string;
  /** Event time, epoch ms. */
  time: number;
  tenant: string;
  /** 1-based input line, for alerts from a file. */
  line?: number;
  /** Stable id of the stored event (ingest pipeline): the alert id derives from it, so a
   *  replayed batch re-creates the same alert ids instead of new ones. */
  eventId?: string;
  /** Log source the event was classified as (logsource.ts); unknown parts are absent. */
  logsource?: Logsource;
  /** Parser that produced the event, used by log-source classification. */
  parser?: string;
}

export interface FieldAccess {
  /** Identifies the lookup (same key, same value) for caching. */
  key: string;
  /** Cache slot of this lookup in the evaluation context (one per distinct key). */
  slot: number;
  get(fields: FlatFields): FieldValue | undefined;
  /** The field names `get` tries, first present wins (absent when it also searches by other
   *  means): lets the prefilter read each name once per event however many lookups share it. */
  names?: readonly string[];
}

const accesses = new Map<string, FieldAccess>();

/** The one FieldAccess of a key, so every rule reading the same field shares its cache slot. */
export function fieldAccess(key: string, get: (fields: FlatFields) => FieldValue | undefined, names?: readonly string[]): FieldAccess {
  let a = accesses.get(key);
  if (!a) accesses.set(key, (a = { key, slot: accesses.size, get, names }));
  return a;
}

/** Scalar texts of a value: arrays spread, null dropped, numbers and booleans as text. */
export function texts(v: FieldValue | undefined): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) {
    const out: string[] = [];
    for (const x of v) if (x !== null && x !== undefined) out.push(typeof x === 'string' ? x : String(x));
    return out;
  }
  return [typeof v === 'string' ? v : String(v)];
}

/** texts(v)[0] without building the list (correlations read one value per match). */
export function firstText(v: FieldValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null && x !== undefined) return typeof x === 'string' ? x : String(x);
    return undefined;
  }
  return String(v);
}

export class EvalContext {
  event!: DetectEvent;
  // Per-slot caches of the field's texts (lowered and as is), valid while slotGen == gen.
  private gen = 0;
  private lowGen: number[] = [];
  private low: string[][] = [];
  private casedGen: number[] = [];
  private cased: string[][] = [];
  private keywordHaystack: string[] | undefined;
  private keywordLowered: string[] | undefined;
  private readonly rawHaystack: string[] = [''];

  reset(event: DetectEvent): this {
    this.event = event;
    this.gen++;
    this.keywordHaystack = undefined;
    this.keywordLowered = undefined;
    return this;
  }

  /** The field's texts (lowered when caseless). The array is reused by the next event:
   *  callers read it at once and never keep it. */
  strings(access: FieldAccess, caseless: boolean): string[] {
    const slot = access.slot;
    const gens = caseless ? this.lowGen : this.casedGen;
    const vals = caseless ? this.low : this.cased;
    if (gens[slot] === this.gen) return vals[slot] as string[];
    gens[slot] = this.gen;
    const v = access.get(this.event.fields);
    let out = vals[slot];
    if (!out) vals[slot] = out = [];
    // pop() rather than `length = 0`: V8 compiles it inline, the length setter is a call.
    while (out.length > 0) out.pop();
    if (v === undefined || v === null) return out;
    if (typeof v === 'string') out.push(caseless ? v.toLowerCase() : v);
    else if (Array.isArray(v)) {
      for (const x of v) if (x !== null && x !== undefined) out.push(caseless ? String(x).toLowerCase() : String(x));
    } else out.push(String(v));
    return out;
  }

  /** What keyword identifiers search: the raw line, or every string value of the event. */
  keywords(caseless: boolean): string[] {
    if (!this.keywordHaystack) {
      const raw = this.event.raw;
      // The one-element array is reused: keyword search runs on most events.
      if (raw !== undefined) (this.keywordHaystack = this.rawHaystack)[0] = raw;
      else {
        const all: string[] = [];
        for (const k in this.event.fields) for (const t of texts(this.event.fields[k])) all.push(t);
        this.keywordHaystack = all;
      }
    }
    if (!caseless) return this.keywordHaystack;
    return (this.keywordLowered ??= this.keywordHaystack.map((s) => s.toLowerCase()));
  }
}
