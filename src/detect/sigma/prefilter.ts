// Cheap prefilter for a group of rules (those one log source selects). Each rule comes with
// alternative necessary conditions ("some value of field F contains T", or "equals T" for
// whole-value matches); a rule is only evaluated when its conditions are found. Substring
// needles of one field are searched in one pass with Aho-Corasick and whole-value needles with
// one hash lookup, so the cost per event grows with the field values, not the rule count.
//
// Which alternatives are worth checking depends on the data (every auditd rule says
// `type: EXECVE`, every web rule `cs-method: GET`), so the group starts by checking all
// alternatives (a rule must pass every one: still exact), counts how often each is found over
// its first events, then drops the ones found in most events (they cost lookups and reject
// nothing). Every selective alternative stays: requiring all of them is what keeps a rule such
// as "GET and one of thirty SQL keywords" from being evaluated on every GET request, and the
// first events of a group need not look like the rest (a web group may start with error logs).
//
// Many fields hold few distinct values (event names, executables, methods, user agents, record
// types): each field keeps a small memo from a value to the alternatives it satisfied, so a
// value seen before costs one hash lookup instead of a scan. A field whose values rarely repeat
// (command lines with ids, URLs) stops memoising after a trial, so it pays nothing extra.
import type { FieldValue } from '../../core/event.ts';
import type { EvalContext, FieldAccess, FlatFields } from './detect-event.ts';
import type { Needle } from './compile-item.ts';
import { NeedleAutomaton } from './needle-automaton.ts';

/** Events observed before the alternatives are narrowed to one per rule. */
export const CALIBRATION_EVENTS = 2000;
/** Field key of keyword needles (they search the raw line). */
const KEYWORDS = '\u0000keywords';
/** An alternative found in more than this share of the calibration events is dropped (unless it is the rule's last). */
const COMMON_SHARE = 0.2;
/** Values longer than this are never memoised (hashing them would cost about what a scan does). */
const MEMO_MAX_LENGTH = 96;
/** Distinct values a field's memo holds before it is emptied (a bound on memory per field). */
const MEMO_CAPACITY = 2048;
/** Lookups after which a field's memo is dropped unless at least half of them were hits. */
const MEMO_TRIAL = 4096;
const NO_IDS: readonly number[] = [];
/** Values at least this long are scanned as UTF-8 bytes (scanBytes); shorter ones as they are. */
const BYTE_SCAN_MIN = 40;
/** Values longer than this are scanned as they are (the byte buffer stays bounded). */
const BYTE_SCAN_MAX = 1 << 16;
const utf8 = new TextEncoder();
/** The byte copy of the value being scanned, shared by every prefilter (scans do not nest). */
let scratchBytes = new Uint8Array(4096);

/** What one group of needles searches: a field name (read straight from the event), a lookup
 *  that cannot be reduced to names (read through the evaluation context), or the keyword
 *  haystack (both null). */
interface FieldIndex {
  name: string | null;
  access: FieldAccess | null;
  automaton: NeedleAutomaton | null;
  exact: Map<string, number[]>;
  /** Length of the longest exact needle (-1: none). */
  exactMax: number;
  /** Value -> alternative ids it satisfies (null: memo off for this field). */
  memo: Map<string, readonly number[]> | null;
  memoLookups: number;
  memoHits: number;
}

/** Reads every named field of a group into `out` (same order as the group's fields; unnamed
 *  ones are left alone). */
type FieldReader = (fields: FlatFields, out: (FieldValue | undefined)[]) => void;

/** A reader compiled for one group's names. A lookup with a variable key (`fields[name]`) is a
 *  megamorphic keyed load in V8: over a hundred instructions per field, and most of the names
 *  a group reads are absent from any one event (rules name `CommandLine` and
 *  `process.command_line`; an event has one). A literal name gets its own inline cache, which
 *  learns the few event shapes one log source has and answers present or absent in a few
 *  instructions. Names are embedded as JSON string literals, so any text is safe. */
/** Sorts xs[0, n) ascending. Insertion sort: a few candidates an event, often already in order. */
function sortPrefix(xs: number[], n: number): void {
  for (let i = 1; i < n; i++) {
    const x = xs[i] as number;
    let j = i - 1;
    while (j >= 0 && (xs[j] as number) > x) {
      xs[j + 1] = xs[j] as number;
      j--;
    }
    xs[j + 1] = x;
  }
}

function compileReader(names: readonly (string | null)[]): FieldReader {
  const body = names.map((n, i) => (n === null ? '' : `o[${i}] = f[${JSON.stringify(n)}];`)).join('\n');
  return new Function('f', 'o', body) as FieldReader;
}

interface Alternative {
  rule: number;
  needles: Needle[];
}

export class Prefilter {
  private fields: FieldIndex[] = [];
  private readFields: FieldReader = () => {};
  /** The named fields' values of the current event, by field index (reused). */
  private readonly values: (FieldValue | undefined)[] = [];
  private alts: Alternative[] = [];
  /** Per rule: how many of its alternatives must be found (0: always evaluated). */
  private required: Int32Array;
  private readonly always: number[] = [];
  private altMarks: Uint32Array = new Uint32Array(0);
  private readonly ruleMarks: Uint32Array;
  private readonly ruleFound: Int32Array;
  private altHits: Uint32Array = new Uint32Array(0);
  private epoch = 0;
  private observed = 0;
  private calibrating: boolean;
  /** Rule indices worth evaluating for the current event: the first `hitCount` entries. The
   *  array is reused and never shortened (setting an array's length is a runtime call in V8,
   *  hundreds of instructions, on every event). */
  readonly candidates: number[] = [];
  private hitCount = 0;
  /** Alternative ids found in one value, while its memo entry is being made. */
  private readonly scratch: number[] = [];

  constructor(alternativesOf: readonly Needle[][][]) {
    const n = alternativesOf.length;
    this.required = new Int32Array(n);
    this.ruleMarks = new Uint32Array(n);
    this.ruleFound = new Int32Array(n);
    const alts: Alternative[] = [];
    alternativesOf.forEach((list, rule) => {
      const usable = list.filter((a) => a.length > 0);
      if (usable.length === 0) this.always.push(rule);
      for (const needles of usable) alts.push({ rule, needles });
    });
    this.calibrating = alts.length > 0;
    this.index(alts);
  }

  private index(alts: Alternative[]): void {
    this.alts = alts;
    this.required.fill(0);
    for (const a of alts) (this.required[a.rule] as number)++;
    this.altMarks = new Uint32Array(alts.length);
    this.altHits = new Uint32Array(alts.length);
    // A needle on a lookup that tries several names (`CommandLine`, then `process.command_line`)
    // is searched in each of them. That can only add candidates (when two of the names hold
    // different values), never lose one, and it lets rules written with different names for one
    // field share one read and one scan of it.
    const byKey = new Map<string, { name: string | null; access: FieldAccess | null; substrings: Map<string, number[]>; exact: Map<string, number[]> }>();
    const add = (key: string, name: string | null, access: FieldAccess | null, nd: Needle, id: number) => {
      let g = byKey.get(key);
      if (!g) byKey.set(key, (g = { name, access, substrings: new Map(), exact: new Map() }));
      const map = nd.exact && (name !== null || access) ? g.exact : g.substrings;
      const list = map.get(nd.text) ?? [];
      if (!list.includes(id)) list.push(id);
      map.set(nd.text, list);
    };
    alts.forEach((a, id) => {
      for (const nd of a.needles) {
        if (!nd.access) add(KEYWORDS, null, null, nd, id);
        else if (nd.access.names) for (const name of nd.access.names) add(`\u0001${name}`, name, null, nd, id);
        else add(nd.access.key, null, nd.access, nd, id);
      }
    });
    this.fields = [...byKey.values()].map((g) => ({
      name: g.name,
      access: g.access,
      automaton: g.substrings.size ? new NeedleAutomaton([...g.substrings].map(([text, payload]) => ({ text, payload }))) : null,
      exact: g.exact,
      exactMax: Math.max(-1, ...[...g.exact.keys()].map((t) => t.length)),
      // The keyword haystack is the whole line: it never repeats.
      memo: g.name === null && g.access === null ? null : new Map<string, readonly number[]>(),
      memoLookups: 0,
      memoHits: 0,
    }));
    this.readFields = compileReader(this.fields.map((f) => f.name));
  }

  /** Finds the rules worth evaluating for this event: returns how many, they are the first
   *  entries of `candidates`, in rule order (overwritten by the next call). */
  findCandidates(ctx: EvalContext): number {
    if (this.calibrating && ++this.observed > CALIBRATION_EVENTS) this.narrow();
    const epoch = ++this.epoch === 0xffffffff ? this.resetEpoch() : this.epoch;
    this.hitCount = 0;
    const read = this.values;
    this.readFields(ctx.event.fields, read);
    for (let fi = 0; fi < this.fields.length; fi++) {
      const f = this.fields[fi] as FieldIndex;
      if (f.name !== null) {
        const v = read[fi];
        if (v === undefined || v === null) continue;
        if (typeof v === 'string') this.search(f, v, epoch);
        else if (Array.isArray(v)) {
          for (let k = 0; k < v.length; k++) {
            const x = v[k];
            if (x !== null && x !== undefined) this.search(f, typeof x === 'string' ? x : String(x), epoch);
          }
        } else this.search(f, String(v), epoch);
        continue;
      }
      const values = f.access ? ctx.strings(f.access, false) : ctx.keywords(false);
      for (let vi = 0; vi < values.length; vi++) this.search(f, values[vi] as string, epoch);
    }
    const hits = this.candidates;
    let count = this.hitCount;
    for (let k = 0; k < this.always.length; k++) hits[count++] = this.always[k] as number;
    sortPrefix(hits, count);
    return count;
  }

  /** One value: from the field's memo when it was seen before, else searched (and memoised). */
  private search(f: FieldIndex, v: string, epoch: number): void {
    const memo = f.memo;
    if (memo === null || v.length > MEMO_MAX_LENGTH) {
      this.searchValue(f, v, epoch, null);
      return;
    }
    const known = memo.get(v);
    f.memoLookups++;
    if (known !== undefined) {
      f.memoHits++;
      for (let k = 0; k < known.length; k++) this.found(known[k] as number, epoch, null);
      return;
    }
    const scratch = this.scratch;
    while (scratch.length > 0) scratch.pop(); // (inline, unlike the length setter)
    this.searchValue(f, v, epoch, scratch);
    if (f.memoLookups >= MEMO_TRIAL && f.memoHits * 2 < f.memoLookups) {
      f.memo = null;
      return;
    }
    if (memo.size >= MEMO_CAPACITY) memo.clear();
    memo.set(v, scratch.length === 0 ? NO_IDS : [...new Set(scratch)]);
  }

  /** One value as it is: the automaton folds ASCII case itself (lowering every value of every
   *  event would cost more than the scan). Found alternatives are also pushed on `into`. */
  private searchValue(f: FieldIndex, v: string, epoch: number, into: number[] | null): void {
    // Length first: lowering never shortens a string, so a value longer than every exact
    // needle cannot equal one (and need not be lowered).
    if (v.length <= f.exactMax) {
      const ids = f.exact.get(v) ?? f.exact.get(v.toLowerCase());
      if (ids) for (let k = 0; k < ids.length; k++) this.found(ids[k] as number, epoch, into);
    }
    if (f.automaton) {
      if (v.length >= BYTE_SCAN_MIN && v.length <= BYTE_SCAN_MAX) this.scanBytes(f.automaton, v, epoch, into);
      else this.scan(f.automaton, v, epoch, into);
    }
  }

  private scan(a: NeedleAutomaton, v: string, epoch: number, into: number[] | null): void {
    const { rows, out, width, classOf, hasNonAscii } = a;
    let row = 0;
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c >= 128) {
        if (hasNonAscii) {
          // Non-ASCII needles: rescan the lowered text (found() ignores what was already found).
          this.scanLowered(a, v.toLowerCase(), epoch, into);
          return;
        }
        row = 0;
        continue;
      }
      const next = rows[row + (classOf[c] as number)] as number;
      if (next >= 0) row = next;
      else {
        row = ~next;
        const o = out[row / width] as number[];
        for (let k = 0; k < o.length; k++) this.found(o[k] as number, epoch, into);
      }
    }
  }

  /** scan() over the value's UTF-8 bytes. Long values (raw lines, command lines, URLs) are
   *  mostly sliced or concatenated strings (split() and joins make them), whose characters V8
   *  reaches through the string's representation on every charCodeAt; one native copy into a
   *  byte buffer and plain byte reads cost less from a few dozen characters on. With ASCII
   *  needles the loop runs in WebAssembly (byte-scan.ts), which lists where needles end. */
  private scanBytes(a: NeedleAutomaton, v: string, epoch: number, into: number[] | null): void {
    if (!a.hasNonAscii) {
      const scanner = a.byteScanner();
      const ends = scanner.scan(scanner.load(v));
      for (let k = 0; k < ends; k++) this.emit(a, scanner.match(k), epoch, into);
      return;
    }
    if (scratchBytes.length < v.length * 3) scratchBytes = new Uint8Array(v.length * 3);
    const bytes = scratchBytes;
    const n = utf8.encodeInto(v, bytes).written;
    const { rows, classOfByte } = a;
    let row = 0;
    for (let i = 0; i < n; i++) {
      const c = bytes[i] as number;
      if (c >= 128) {
        // Non-ASCII needles: rescan the lowered text (found() ignores what was already found).
        this.scanLowered(a, v.toLowerCase(), epoch, into);
        return;
      }
      const next = rows[row + (classOfByte[c] as number)] as number;
      if (next >= 0) row = next;
      else this.emit(a, (row = ~next), epoch, into);
    }
  }

  /** The alternatives of the needles ending in the state at row offset `row`. */
  private emit(a: NeedleAutomaton, row: number, epoch: number, into: number[] | null): void {
    const o = a.out[row / a.width] as number[];
    for (let k = 0; k < o.length; k++) this.found(o[k] as number, epoch, into);
  }

  private scanLowered(a: NeedleAutomaton, v: string, epoch: number, into: number[] | null): void {
    let s = 0;
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      s = c < 128 ? (a.ascii[s * a.width + (a.classOf[c] as number)] as number) : a.stepNonAscii(s, c);
      const o = a.out[s];
      if (o !== undefined) for (let k = 0; k < o.length; k++) this.found(o[k] as number, epoch, into);
    }
  }

  private found(alt: number, epoch: number, into: number[] | null): void {
    // Recorded for the memo before the per-event dedup: another value of this event may have
    // found the alternative already, and the memo entry must hold it all the same.
    if (into !== null) into.push(alt);
    if (this.altMarks[alt] === epoch) return;
    this.altMarks[alt] = epoch;
    if (this.calibrating) (this.altHits[alt] as number)++;
    const rule = (this.alts[alt] as Alternative).rule;
    if (this.ruleMarks[rule] !== epoch) {
      this.ruleMarks[rule] = epoch;
      this.ruleFound[rule] = 0;
    }
    const count = ++(this.ruleFound[rule] as number);
    if (count === this.required[rule]) this.candidates[this.hitCount++] = rule;
  }

  /** Keeps, per rule, its least-found alternative (among equals, the one needing the fewest
   *  fields no other rule needs), then every other selective alternative whose fields are read
   *  anyway. Reading a field is the expensive part (event objects with many dotted keys are hash
   *  tables to V8: tens of ns per lookup, hit or miss), a needle on a field already read is
   *  nearly free, and each kept alternative can only make the rule's condition stricter. */
  private narrow(): void {
    this.calibrating = false;
    const common = Math.max(1, Math.floor(this.observed * COMMON_SHARE));
    const byRule = new Map<number, number[]>();
    this.alts.forEach((a, id) => {
      const list = byRule.get(a.rule);
      if (list) list.push(id);
      else byRule.set(a.rule, [id]);
    });
    const fieldsOf = (id: number) => new Set((this.alts[id] as Alternative).needles.flatMap((n) => (n.access ? (n.access.names ?? [n.access.key]) : [KEYWORDS])));
    const read = new Set<string>();
    const keep = new Set<number>();
    // Rules with a single alternative first: their fields are read whatever is chosen for others.
    const rules = [...byRule].sort((x, y) => x[1].length - y[1].length);
    for (const [, ids] of rules) {
      let best = ids[0] as number;
      let bestNew = Infinity;
      for (const id of ids) {
        const h = this.altHits[id] as number;
        const hb = this.altHits[best] as number;
        const added = [...fieldsOf(id)].filter((f) => !read.has(f)).length;
        if (h < hb || (h === hb && (added < bestNew || (added === bestNew && (this.alts[id] as Alternative).needles.length < (this.alts[best] as Alternative).needles.length)))) {
          best = id;
          bestNew = added;
        }
      }
      keep.add(best);
      for (const f of fieldsOf(best)) read.add(f);
    }
    this.alts.forEach((_, id) => {
      if (!keep.has(id) && (this.altHits[id] as number) <= common && [...fieldsOf(id)].every((f) => read.has(f))) keep.add(id);
    });
    this.index([...keep].sort((x, y) => x - y).map((id) => this.alts[id] as Alternative));
  }

  private resetEpoch(): number {
    this.altMarks.fill(0);
    this.ruleMarks.fill(0);
    this.epoch = 1;
    return 1;
  }
}

