// The online template miner of one tenant: Drain's idea (lines of one template share length and
// most tokens) on masked tokens, with an exact-signature cache in front so that a line whose
// masked form was seen before costs one hash lookup. A class because it guards state: the
// templates, their indexes and the LRU order that bounds memory.
import type { TemplateParam } from '../../core/event.ts';
import type { MinedLine } from '../types.ts';
import { MinerConfigSchema, type MinerConfig, type MinerConfigInput } from './config.ts';
import { hashId } from './hash.ts';
import { WILDCARD } from './mask.ts';
import { displayText, loghubText } from './template-text.ts';
import { paramNames, wordType } from './params.ts';
import { AFFIX, ANY, EXACT, exactSlot, generalise, slotMatches, slotText, type Slot } from './template.ts';
import { prepareLine, type PreparedLine } from './prepare.ts';
import { buildRecipe, cutParams, isPortWord, type ParamRecipe } from './recipe.ts';
import { isVariant, keptTokens, replayLine, ShapeCache, shapeHash, variantKey, variantLine, type Plan } from './shape-cache.ts';
import { digitBlind, wordConflict, wordsNeeded } from './word-rules.ts';
import { MinerSnapshotSchema, type MinerSnapshot } from './snapshot.ts';

export interface TemplateInfo {
  id: string;
  template: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

interface Cluster {
  id: string;
  slots: Slot[];
  /** Internal template text (IP–port colons marked, see mask.ts). */
  text: string;
  /** The template as users see it. */
  display: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** Attribute names of the `<*>` slots; recomputed after the template changes. */
  names: string[] | null;
  alive: boolean;
  bucket: string;
  /** Creation order: the oldest of merged siblings keeps its id. */
  seq: number;
  /** Sibling keys this cluster is registered under (see `register`). */
  sibKeys: string[];
  /** Tick of its last move to the recent end of the `clusters` order. */
  movedAt: number;
  /** Tick of the last line it took. */
  usedAt: number;
}

/** What `observe` learnt of the line just seen: its plan (repeated shape) and/or its preparation. */
interface Seen {
  plan: Plan<Cluster> | null;
  prepared: PreparedLine | null;
  /** The line is a variant of its plan, `prepared` from it. */
  variant: boolean;
}

type Prepared = PreparedLine;

// Lines longer than this are prepared afresh each time (see `prepare`).
const SHAPE_MAX_CHARS = 2048;


// Recipes kept per shape: lines of one shape joining several templates (`jk2_init()`,
// `jk3_init()`…) each have one; beyond this the oldest goes.
const MAX_RECIPES = 4;

// Clusters looked at, in LRU order, to pick the rarest one to evict.
const EVICTION_WINDOW = 16;

export class TemplateMiner {
  readonly config: MinerConfig;
  /** Live clusters by id; Map order is the LRU order (least recent first). */
  private readonly clusters = new Map<string, Cluster>();
  /** Clusters by (token count, first token): where a new line looks first, as in Drain's tree. */
  private readonly buckets = new Map<string, Cluster[]>();
  private readonly byLength = new Map<number, Cluster[]>();
  private cache = new Map<string, Cluster>();
  /** Bumped whenever `cache` is emptied: a plan's cluster link is only as good as the cache entry. */
  private cacheGen = 0;
  private readonly shapes: ShapeCache<Cluster>;
  /** Reused by every `observe` (no allocation per line). */
  private readonly seen: Seen = { plan: null, prepared: null, variant: false };
  /** Evicted templates by text, bounded like the live ones. */
  private readonly evicted = new Map<string, TemplateInfo>();
  private readonly evictedIds = new Set<string>();
  /**
   * Clusters that are equal but for one word slot, by that shape. Two lines differing in a
   * plain word (`Failed`/`Accepted`, `startup`/`shutdown`) are different templates until enough
   * distinct words turn up at that slot to call it a variable (user names, host names).
   */
  private readonly siblings = new Map<string, Cluster[]>();
  /** Ids of clusters merged into another, to the survivor's id (bounded like `evicted`). */
  private readonly aliases = new Map<string, string>();
  private seq = 0;
  private tick = 0;
  /** Bumped whenever a cluster is added, removed or changes its slots: what a template search reads. */
  private version = 0;
  /** Did the last `best` look past the line's bucket (it found no fit there)? */
  private searchedAll = false;

  constructor(config: MinerConfigInput = {}) {
    this.config = MinerConfigSchema.parse(config);
    this.shapes = new ShapeCache<Cluster>(this.config.maxShapeEntries);
  }

  /** Learns from one line's content and says which template it belongs to. */
  add(content: string, time: number = Date.now()): MinedLine {
    const c = this.observe(content, time);
    const plan = this.seen.plan;
    if (plan !== null) {
      // A repeated shape: parameters cut at offsets worked out once for this shape and template.
      // A recipe holds for every line of the shape in its template, variants included (it
      // reads no kept digit: see recipe.ts).
      let r: ParamRecipe<Cluster> | null = null;
      const recipes = (plan.recipes ??= []);
      for (let k = 0; k < recipes.length; k++) if ((recipes[k] as ParamRecipe<Cluster>).cluster === c) r = recipes[k] as ParamRecipe<Cluster>;
      if (r === null || r.names !== c.names) {
        if (r !== null) recipes.splice(recipes.indexOf(r), 1);
        // Built from the line replayed by offsets (a freshly prepared line has none).
        r = buildRecipe(c, this.seen.variant ? (this.seen.prepared ?? variantLine(content, plan)) : replayLine(content, plan));
        if (recipes.length >= MAX_RECIPES) recipes.shift();
        recipes.push(r);
      }
      if (r.types !== null) return { templateId: c.id, template: c.display, params: cutParams(content, r) };
    }
    return this.mined(c, this.seen.prepared ?? (this.seen.variant ? variantLine(content, plan as Plan<Cluster>) : replayLine(content, plan as Plan<Cluster>)));
  }

  /**
   * `add` for callers that need only the template id (the CSV mode, counting): the same
   * learning, without building the line's parameters.
   */
  learn(content: string, time: number = Date.now()): string {
    return this.observe(content, time).id;
  }

  /** The learning step of `add`: finds or makes the line's cluster and counts the line. */
  private observe(content: string, time: number): Cluster {
    const seen = this.seen;
    let plan: Plan<Cluster> | null = null;
    let p: PreparedLine | null = null;
    // Long lines skip the shape cache: their shapes rarely repeat and would fill it.
    // A variant line (other kept digits than its plan's, see shape-cache.ts) has a key of its
    // own: it is not linked to the plan's cluster, and prepared from the plan only when its key
    // is not cached.
    let variant = false;
    let key = '';
    if (content.length <= SHAPE_MAX_CHARS) {
      const hash = shapeHash(content);
      plan = this.shapes.find(content, hash);
      if (plan === null) {
        p = prepareLine(content, this.config.maxTokens, this.config.maxTokenChars);
        plan = this.shapes.learn(p, hash);
      } else if (plan.fixed.length > 0 && isVariant(content, plan)) {
        variant = true;
        key = variantKey(content, plan);
      }
    } else p = prepareLine(content, this.config.maxTokens, this.config.maxTokenChars);
    let c: Cluster | undefined;
    // The plan's link stands for the cache entry of its key, which it only skips looking up.
    if (plan !== null && !variant && plan.gen === this.cacheGen && plan.cluster !== null && plan.cluster.alive) c = plan.cluster;
    else {
      if (!variant) key = plan !== null ? plan.key : (p as PreparedLine).key;
      c = this.cache.get(key);
      if (c === undefined || !c.alive) {
        const known = variant ? (plan as Plan<Cluster>).variantCluster : null;
        // A variant of a plan whose last variant search read no kept digit finds what that
        // search found, while no template changed since (and joins it without changing it).
        if (known !== null && (plan as Plan<Cluster>).variantVersion === this.version) c = known;
        else {
          p ??= variant ? variantLine(content, plan as Plan<Cluster>) : replayLine(content, plan as Plan<Cluster>);
          const before = this.version;
          const found = this.best(p, this.config.similarity);
          if (found === null) c = this.create(p, time);
          else {
            c = found;
            this.absorb(c, p);
          }
          if (!c.alive) c = this.survivorOf(c);
          if (variant) this.noteVariantSearch(plan as Plan<Cluster>, p, c, before);
        }
        this.remember(key, c);
      }
      if (plan !== null && !variant && this.config.maxCacheEntries > 0) {
        plan.cluster = c;
        plan.gen = this.cacheGen;
      }
    }
    seen.plan = plan;
    seen.prepared = p;
    seen.variant = variant;
    c.count++;
    c.lastSeen = time;
    // Recency is one field write per line; `evict` reorders (CLOCK, see there).
    c.usedAt = ++this.tick;
    if (this.clusters.size > this.config.maxTemplates) this.evict();
    return c;
  }

  /** The template a line fits without learning anything (for promoted/frozen sets), or null. */
  match(content: string): MinedLine | null {
    const p = this.prepare(content);
    let c = this.cache.get(p.key);
    if (c === undefined || !c.alive) {
      c = this.covering(p) ?? undefined;
      if (c === undefined) return null;
      this.remember(p.key, c);
    }
    return this.mined(c, p);
  }

  /** Live templates, most frequent first. */
  templates(): TemplateInfo[] {
    return [...this.clusters.values()]
      .map((c) => ({ id: c.id, template: c.display, count: c.count, firstSeen: c.firstSeen, lastSeen: c.lastSeen }))
      .sort((a, b) => b.count - a.count || a.firstSeen - b.firstSeen);
  }

  /** Templates evicted to respect the memory bound, with the counts they had. */
  evictedTemplates(): TemplateInfo[] {
    return [...this.evicted.values()];
  }

  /** A live template's text in the corrected-Loghub convention (an IP with its port is one `<*>`). */
  loghubTemplate(id: string): string | null {
    const c = this.clusters.get(this.resolveId(id));
    return c === undefined ? null : loghubText(c.text);
  }

  /** The live id for an id that was merged into another template (or the id itself). */
  resolveId(id: string): string {
    let cur = id;
    for (let i = 0; i < 8; i++) {
      const next = this.aliases.get(cur);
      if (next === undefined) return cur;
      cur = next;
    }
    return cur;
  }

  get size(): number {
    return this.clusters.size;
  }

  snapshot(): MinerSnapshot {
    return {
      version: 1,
      config: { ...this.config },
      templates: [...this.clusters.values()].map((c) => ({
        id: c.id,
        count: c.count,
        firstSeen: c.firstSeen,
        lastSeen: c.lastSeen,
        slots: c.slots.map((s) => [s.kind, s.text, s.post] as [0 | 1 | 2, string, string]),
      })),
      evicted: [...this.evicted.values()],
      aliases: [...this.aliases],
    };
  }

  /** A miner from a snapshot (validated: a damaged one throws a clear error). */
  static restore(snapshot: unknown): TemplateMiner {
    const snap = MinerSnapshotSchema.parse(snapshot);
    const m = new TemplateMiner(snap.config);
    for (const t of snap.templates) {
      const slots = t.slots.map(([kind, text, post]) => ({ kind, text, post }));
      const text = render(slots);
      m.insert({ id: t.id, slots, text, display: displayText(text), count: t.count, firstSeen: t.firstSeen, lastSeen: t.lastSeen, names: null, alive: true, bucket: '', seq: 0, sibKeys: [], movedAt: 0, usedAt: 0 });
    }
    for (const e of snap.evicted) {
      m.evicted.set(e.template, e);
      m.evictedIds.add(e.id);
    }
    for (const [from, to] of snap.aliases) m.aliases.set(from, to);
    return m;
  }

  /**
   * Folds templates that a more general template of the same shape covers into it (batch use:
   * after learning a whole file, a template that generalised late may cover older, narrower ones).
   * Returns the map from folded id to surviving id.
   */
  consolidate(): Map<string, string> {
    const moved = new Map<string, string>();
    for (const list of this.byLength.values()) {
      const sorted = [...list].sort((a, b) => generality(b) - generality(a) || b.count - a.count);
      for (let i = 0; i < sorted.length; i++) {
        const g = sorted[i];
        if (g === undefined || !g.alive) continue;
        for (let j = i + 1; j < sorted.length; j++) {
          const s = sorted[j];
          if (s === undefined || !s.alive || !covers(g, s)) continue;
          g.count += s.count;
          g.firstSeen = Math.min(g.firstSeen, s.firstSeen);
          g.lastSeen = Math.max(g.lastSeen, s.lastSeen);
          this.remove(s);
          moved.set(s.id, g.id);
        }
      }
    }
    if (moved.size > 0) this.resetCache();
    return moved;
  }

  private prepare(content: string): Prepared {
    // Long lines skip the shape cache: their shapes rarely repeat and would fill it.
    if (content.length > SHAPE_MAX_CHARS) return prepareLine(content, this.config.maxTokens, this.config.maxTokenChars);
    const hash = shapeHash(content);
    const replayed = this.shapes.replay(content, hash);
    if (replayed !== null) return replayed;
    const p = prepareLine(content, this.config.maxTokens, this.config.maxTokenChars);
    this.shapes.learn(p, hash);
    return p;
  }

  private remember(key: string, c: Cluster): void {
    if (this.cache.size >= this.config.maxCacheEntries) this.resetCache();
    // A key kept in the cache is read in full first: built piece by piece (`+=`), it is a tree
    // of its pieces until read (see shape-cache.ts `flatten`), many small objects to keep alive.
    if (this.config.maxCacheEntries > 0) this.cache.set(flat(key), c);
  }

  private resetCache(): void {
    this.cache = new Map();
    this.cacheGen++;
  }

  /**
   * Keeps the search's result on the plan when another variant of it (other kept digits, same
   * everything else) is sure to get the same, as long as no template changes: the line's bucket
   * does not hold a kept digit, every template the search read compares to the line's tokens that
   * keep digits the same way whatever those digits (`digitBlind`; elsewhere the variants' tokens
   * are the same), and `c` has a variable there and takes the line as it is (absorbing another
   * variant will not change it). Kept only when the search changed no template (`before` is the
   * version it ran on): then `c` is what a search finds on the templates as they are.
   */
  private noteVariantSearch(plan: Plan<Cluster>, p: Prepared, c: Cluster, before: number): void {
    // Only a search that changed nothing is known to give `c` on the templates as they are now.
    if (this.version !== before) {
      plan.variantCluster = null;
      plan.variantVersion = -1;
      return;
    }
    // Already found not to hold at this version: what is checked below is the same for every
    // variant (`digitBlind` reads no digit of the line), and so is the search's result.
    if (plan.variantCluster === null && plan.variantVersion === this.version) return;
    plan.variantCluster = null;
    plan.variantVersion = this.version;
    const kept = keptTokens(plan);
    if (kept.length === 0 || kept[0] === 0) return;
    // The templates the search read: the line's bucket, or all of its length when it looked past it.
    for (const other of (this.searchedAll ? this.byLength.get(p.count) : this.buckets.get(bucketKey(p))) ?? []) {
      for (let k = 0; k < kept.length; k++) {
        const s = other.slots[kept[k] as number] as Slot;
        if (s.kind === EXACT && (other === c || (hasDigit(s.text) && !digitBlind(s.text, p.text(kept[k] as number))))) return;
      }
    }
    for (let i = 0; i < c.slots.length; i++) {
      const s = c.slots[i] as Slot;
      if (s.kind === ANY) continue;
      if (s.kind === AFFIX ? hasDigit(s.text) || hasDigit(s.post) || !slotMatches(s, p.text(i)) : !p.textIs(i, s.text)) return;
    }
    plan.variantCluster = c;
  }

  /** Most similar cluster of the same length, if similar enough: first in the line's bucket, then any. */
  private best(p: Prepared, threshold: number): Cluster | null {
    const n = p.count;
    const key = bucketKey(p);
    let found = pick(this.buckets.get(key), p, threshold, null);
    this.searchedAll = found === null;
    if (found === null) found = pick(this.byLength.get(n), p, threshold, key);
    return found;
  }

  /** The most specific cluster whose every slot fits the line. */
  private covering(p: Prepared): Cluster | null {
    let best: Cluster | null = null;
    let bestExact = -1;
    for (const c of this.byLength.get(p.count) ?? []) {
      let exact = 0;
      let ok = true;
      for (let i = 0; i < c.slots.length && ok; i++) {
        const s = c.slots[i] as Slot;
        ok = slotMatches(s, p.text(i));
        if (s.kind === EXACT) exact++;
      }
      if (ok && exact > bestExact) {
        best = c;
        bestExact = exact;
      }
    }
    return best;
  }

  private absorb(c: Cluster, p: Prepared): void {
    let changed = false;
    for (let i = 0; i < c.slots.length; i++) {
      const s = c.slots[i] as Slot;
      if (s.kind === ANY || (s.kind === EXACT && p.textIs(i, s.text))) continue;
      const tok = p.text(i);
      if (slotMatches(s, tok)) continue;
      c.slots[i] = generalise(s, tok);
      changed = true;
    }
    if (changed) {
      this.version++;
      setText(c);
      c.names = null;
      this.register(c);
    }
  }

  /** Files the cluster under one sibling key per plain-word slot; merges a group grown large enough. */
  private register(c: Cluster): void {
    this.unregister(c);
    // A key is the template text without slot i: cut from the text (`c.text` is the slots' texts
    // joined by single spaces) rather than joined anew for every slot.
    const all = c.text;
    let start = 0;
    // Never the first slot, nor a one-token line: there a differing word is the message itself
    // (`cupsd startup succeeded` / `syslogd startup succeeded`, `running` / `blocked`).
    for (let i = 0; i < c.slots.length; i++) {
      const s = c.slots[i] as Slot;
      const end = start + (s.kind === AFFIX ? s.text.length + WILDCARD.length + s.post.length : s.text.length);
      if (i > 0 && isWordSlot(s)) {
        const key = `${i}\u0001${all.slice(0, start - 1)}\u0002${all.slice(end + 1)}`;
        c.sibKeys.push(key);
        push(this.siblings, key, c);
      }
      start = end + 1;
    }
    for (const key of c.sibKeys) {
      const group = this.siblings.get(key);
      const at = Number(key.slice(0, key.indexOf('\u0001')));
      const prev = c.slots[at - 1];
      const needed = wordsNeeded(prev !== undefined && prev.kind === EXACT ? prev.text : undefined, (c.slots[at] as Slot).text, this.config.wordVariants);
      if (group !== undefined && group.length >= needed) {
        this.mergeSiblings(group, at);
        return;
      }
    }
  }

  private unregister(c: Cluster): void {
    for (const key of c.sibKeys) drop(this.siblings, key, c);
    c.sibKeys = [];
  }

  /** Enough distinct words at slot `at`: the slot is a variable; the oldest sibling takes the rest. */
  private mergeSiblings(group: Cluster[], at: number): void {
    const members = [...group];
    let survivor = members[0] as Cluster;
    for (const m of members) if (m.seq < survivor.seq) survivor = m;
    for (const m of members) {
      if (m === survivor) continue;
      survivor.count += m.count;
      survivor.firstSeen = Math.min(survivor.firstSeen, m.firstSeen);
      survivor.lastSeen = Math.max(survivor.lastSeen, m.lastSeen);
      this.remove(m);
      this.alias(m.id, survivor.id);
    }
    let slot = survivor.slots[at] as Slot;
    for (const m of members) slot = generalise(slot, slotText(m.slots[at] as Slot));
    survivor.slots[at] = slot;
    this.version++;
    setText(survivor);
    survivor.names = null;
    this.register(survivor);
  }

  private alias(from: string, to: string): void {
    this.aliases.set(from, to);
    if (this.aliases.size > this.config.maxTemplates) this.aliases.delete(this.aliases.keys().next().value as string);
  }

  private survivorOf(c: Cluster): Cluster {
    return this.clusters.get(this.resolveId(c.id)) ?? c;
  }

  private create(p: Prepared, time: number): Cluster {
    const slots: Slot[] = new Array(p.count);
    for (let i = 0; i < p.count; i++) slots[i] = exactSlot(p.text(i));
    const text = render(slots);
    const old = this.evicted.get(displayText(text));
    let id = old?.id;
    if (old !== undefined) {
      this.evicted.delete(displayText(text));
      this.evictedIds.delete(old.id);
    } else {
      const base = hashId(text);
      id = base;
      for (let k = 2; this.clusters.has(id) || this.evictedIds.has(id); k++) id = `${base}-${k}`;
    }
    const c: Cluster = {
      id: id as string,
      slots,
      text,
      display: displayText(text),
      count: old?.count ?? 0,
      firstSeen: old?.firstSeen ?? time,
      lastSeen: time,
      names: null,
      alive: true,
      bucket: '',
      seq: 0,
      sibKeys: [],
      movedAt: this.tick,
      usedAt: this.tick,
    };
    this.insert(c, p);
    return c;
  }

  private insert(c: Cluster, p?: Prepared): void {
    c.bucket = p ? bucketKey(p) : slotBucketKey(c.slots);
    c.seq = this.seq++;
    this.version++;
    this.clusters.set(c.id, c);
    push(this.buckets, c.bucket, c);
    push(this.byLength, c.slots.length, c);
    this.register(c);
  }

  private remove(c: Cluster): void {
    c.alive = false;
    this.version++;
    this.unregister(c);
    this.clusters.delete(c.id);
    drop(this.buckets, c.bucket, c);
    drop(this.byLength, c.slots.length, c);
  }

  /**
   * Drops the rarest of the least recently used clusters, keeping its id and count on record.
   * Recency is kept as CLOCK does (an approximation of LRU that costs nothing per line): walking
   * from the front of `clusters`, one that took a line since it was queued goes to the back
   * (second chance); the first that did not are the candidates.
   */
  private evict(): void {
    const requeue: Cluster[] = [];
    const candidates: Cluster[] = [];
    for (const c of this.clusters.values()) {
      if (c.usedAt > c.movedAt) requeue.push(c);
      else if (candidates.push(c) >= EVICTION_WINDOW) break;
    }
    for (const c of requeue) {
      c.movedAt = this.tick;
      this.clusters.delete(c.id);
      this.clusters.set(c.id, c);
    }
    // Every cluster had its second chance: the front of the requeued order is the oldest.
    if (candidates.length === 0) {
      for (const c of this.clusters.values()) if (candidates.push(c) >= EVICTION_WINDOW) break;
    }
    let victim: Cluster | null = null;
    for (const c of candidates) if (victim === null || c.count < victim.count) victim = c;
    if (victim === null) return;
    this.remove(victim);
    this.evicted.set(victim.display, { id: victim.id, template: victim.display, count: victim.count, firstSeen: victim.firstSeen, lastSeen: victim.lastSeen });
    this.evictedIds.add(victim.id);
    if (this.evicted.size > this.config.maxTemplates) {
      const oldest = this.evicted.keys().next().value as string;
      const e = this.evicted.get(oldest);
      this.evicted.delete(oldest);
      if (e) this.evictedIds.delete(e.id);
    }
  }

  private mined(c: Cluster, p: Prepared): MinedLine {
    // Parameters are built straight into their final objects (names filled in at the end):
    // this runs for every line, so no intermediate arrays.
    const params: TemplateParam[] = [];
    for (let i = 0; i < c.slots.length; i++) {
      const s = c.slots[i] as Slot;
      if (s.kind === EXACT) {
        const values = p.valueCount(i);
        for (let k = 0; k < values; k++) params.push({ name: '', type: p.type(i, k), value: p.value(i, k) });
        // `port 22`: a number after the word port is a port.
        if (values === 1 && p.maskedText(i) === WILDCARD && p.type(i, 0) === 'number' && i > 0 && isPortWord(p.raw(i - 1))) {
          (params[params.length - 1] as TemplateParam).type = 'port';
        }
        continue;
      }
      const raw = p.raw(i);
      const masked = p.maskedText(i);
      if (s.kind === ANY) {
        if (masked === WILDCARD && p.valueCount(i) === 1) params.push({ name: '', type: p.type(i, 0), value: p.value(i, 0) });
        else params.push({ name: '', type: wordType(raw, i > 0 ? p.raw(i - 1) : undefined, ''), value: raw });
        continue;
      }
      const fits = raw.length >= s.text.length + s.post.length && raw.startsWith(s.text) && raw.endsWith(s.post);
      const value = fits ? raw.slice(s.text.length, raw.length - s.post.length) : raw;
      const text = masked ?? raw;
      const mid = text.slice(s.text.length, text.length - s.post.length);
      const type = fits && mid === WILDCARD && p.valueCount(i) === 1 ? p.type(i, 0) : wordType(value, i > 0 ? p.raw(i - 1) : undefined, s.text);
      params.push({ name: '', type, value });
    }
    if (c.names === null || c.names.length !== params.length) c.names = paramNames(c.text, params.map((q) => q.type));
    for (let k = 0; k < params.length; k++) (params[k] as TemplateParam).name = c.names[k] ?? `p${k + 1}`;
    return { templateId: c.id, template: c.display, params };
  }

}

/** `s`, flattened in place by reading a character (V8 keeps a string built by `+=` as a tree). */
function flat(s: string): string {
  if (s.length > 0) s.charCodeAt(s.length - 1);
  return s;
}

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** A constant slot holding a plain word (no masked part): differing there means another template. */
function isWordSlot(s: Slot): boolean {
  return s.kind === EXACT && !s.text.includes(WILDCARD);
}

function setText(c: Cluster): void {
  c.text = render(c.slots);
  c.display = displayText(c.text);
}

function render(slots: readonly Slot[]): string {
  let out = '';
  for (let i = 0; i < slots.length; i++) out += (i === 0 ? '' : ' ') + slotText(slots[i] as Slot);
  return out;
}

/** Drain's tree, flattened: token count and first token, unless that token carries data. */
function bucketKey(p: Prepared): string {
  const first = p.count > 0 ? p.text(0) : '';
  return `${p.count} ${first.includes(WILDCARD) ? WILDCARD : first}`;
}

function slotBucketKey(slots: readonly Slot[]): string {
  const s = slots[0];
  const first = s === undefined || s.kind !== EXACT || s.text.includes(WILDCARD) ? WILDCARD : s.text;
  return `${slots.length} ${first}`;
}

/** Best cluster in `list` by share of equal tokens (ties: more variables), above the threshold. */
function pick(list: Cluster[] | undefined, p: Prepared, threshold: number, skipBucket: string | null): Cluster | null {
  if (list === undefined) return null;
  const n = p.count;
  // A candidate is dropped as soon as it can no longer reach the threshold.
  const maxMisses = n - Math.ceil(threshold * n - 1e-9);
  let best: Cluster | null = null;
  let bestSim = -1;
  let bestVars = -1;
  for (const c of list) {
    if (c.bucket === skipBucket) continue;
    let equal = 0;
    let vars = 0;
    let misses = 0;
    for (let i = 0; i < n; i++) {
      const s = c.slots[i] as Slot;
      if (s.kind === EXACT) {
        if (p.textIs(i, s.text)) equal++;
        else if (++misses > maxMisses || wordConflict(s.text, p.text(i))) {
          equal = -1;
          break;
        }
      } else {
        vars++;
        if (++misses > maxMisses) {
          equal = -1;
          break;
        }
      }
    }
    if (equal < 0) continue;
    const sim = equal / n;
    if (sim > bestSim || (sim === bestSim && vars > bestVars)) {
      best = c;
      bestSim = sim;
      bestVars = vars;
    }
  }
  return best !== null && bestSim >= threshold ? best : null;
}

/** How many slots are variables: more general templates absorb narrower ones first. */
function generality(c: Cluster): number {
  let g = 0;
  for (const s of c.slots) if (s.kind !== EXACT) g++;
  return g;
}

/** Does the general cluster `g` fit every line the specific cluster `s` can hold? */
function covers(g: Cluster, s: Cluster): boolean {
  for (let i = 0; i < g.slots.length; i++) {
    const a = g.slots[i] as Slot;
    const b = s.slots[i] as Slot;
    if (a.kind === ANY) continue;
    if (b.kind === ANY) return false;
    if (a.kind === EXACT) {
      if (b.kind !== EXACT || a.text !== b.text) return false;
    } else if (!slotMatches(a, slotText(b))) return false;
  }
  return true;
}

function push<K>(map: Map<K, Cluster[]>, key: K, c: Cluster): void {
  const list = map.get(key);
  if (list) list.push(c);
  else map.set(key, [c]);
}

function drop<K>(map: Map<K, Cluster[]>, key: K, c: Cluster): void {
  const list = map.get(key);
  if (!list) return;
  const i = list.indexOf(c);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) map.delete(key);
}
