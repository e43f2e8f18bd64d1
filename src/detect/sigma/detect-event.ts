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
}

const accesses = new Map<string, FieldAccess>();

/** The one FieldAccess of a key, so every rule reading the same field shares its cache slot. */
export function fieldAccess(key: string, get: (fields: FlatFields) => FieldValue | undefined): FieldAccess {
  let a = accesses.get(key);
  if (!a) accesses.set(key, (a = { key, slot: accesses.size, get }));
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

const EMPTY: string[] = [];

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

  reset(event: DetectEvent): this {
    this.event = event;
    this.gen++;
    this.keywordHaystack = undefined;
    this.keywordLowered = undefined;
    return this;
  }

  strings(access: FieldAccess, caseless: boolean): string[] {
    const slot = access.slot;
    if (caseless) {
      if (this.lowGen[slot] === this.gen) return this.low[slot] as string[];
      const t = texts(access.get(this.event.fields));
      const v = t.length === 0 ? EMPTY : t.length === 1 ? [(t[0] as string).toLowerCase()] : t.map((x) => x.toLowerCase());
      this.lowGen[slot] = this.gen;
      this.low[slot] = v;
      return v;
    }
    if (this.casedGen[slot] === this.gen) return this.cased[slot] as string[];
    const t = texts(access.get(this.event.fields));
    this.casedGen[slot] = this.gen;
    this.cased[slot] = t;
    return t;
  }

  /** What keyword identifiers search: the raw line, or every string value of the event. */
  keywords(caseless: boolean): string[] {
    if (!this.keywordHaystack) {
      const raw = this.event.raw;
      if (raw !== undefined) this.keywordHaystack = [raw];
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
