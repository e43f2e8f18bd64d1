// Occurrence counts of integer pairs with what Good-Turing needs kept up to date: how many
// observations, how many pairs were seen exactly once. Used for templates (b = 0), pairs of
// values (user × host…) and, per entity, the values it brought (user → source IPs).
import { KeyTable, type KeyTableJson } from './key-table.ts';

export interface NoveltyJson {
  keys: KeyTableJson;
  counts: number[];
  singletons: number;
  observations: number;
}

export class Novelty {
  keys: KeyTable;
  counts: number[];
  singletons = 0;
  observations = 0;

  constructor(keys = new KeyTable(), counts: number[] = []) {
    this.keys = keys;
    this.counts = counts;
  }

  /** Times (a, b) was observed, 0 when never. */
  count(a: number, b = 0): number {
    const s = this.keys.find(a, b);
    return s < 0 ? 0 : (this.counts[s] ?? 0);
  }

  get size(): number {
    return this.keys.size;
  }

  /** Adds `n` observations of (a, b); returns the pair's slot. */
  observe(a: number, b: number, n: number): number {
    const before = this.keys.size;
    const s = this.keys.add(a, b);
    const was = s < before ? (this.counts[s] ?? 0) : 0;
    if (s >= before) this.counts.push(n);
    else this.counts[s] = was + n;
    this.observations += n;
    if (was === 1) this.singletons--;
    if (was + n === 1) this.singletons++;
    return s;
  }

  toJSON(): NoveltyJson {
    return { keys: this.keys.toJSON(), counts: this.counts, singletons: this.singletons, observations: this.observations };
  }

  static fromJSON(j: NoveltyJson): Novelty {
    const n = new Novelty(KeyTable.fromJSON(j.keys), j.counts);
    n.singletons = j.singletons;
    n.observations = j.observations;
    return n;
  }
}

/** Values shown in a rarity finding as the entity's known ones. */
export const KNOWN_KEPT = 6;

export interface EntityNoveltyJson {
  pairs: NoveltyJson;
  entities: KeyTableJson;
  observations: number[];
  singletons: number[];
  known: number[][];
}

/** Per entity, the values it brought (rarity): each entity its own Good-Turing estimate. */
export class EntityNovelty {
  pairs = new Novelty();
  entities = new KeyTable();
  observations: number[] = [];
  singletons: number[] = [];
  /** The first few values of each entity, for the finding's reason. */
  known: number[][] = [];

  /** Slot of an entity, or -1. */
  entity(e: number): number {
    return this.entities.find(e, 0);
  }

  observe(e: number, v: number, n: number): void {
    const before = this.entities.size;
    const s = this.entities.add(e, 0);
    if (s >= before) {
      this.observations.push(0);
      this.singletons.push(0);
      this.known.push([]);
    }
    const p = this.pairs.observe(e, v, n);
    const was = (this.pairs.counts[p] ?? 0) - n;
    this.observations[s] = (this.observations[s] ?? 0) + n;
    if (was === 1) this.singletons[s] = (this.singletons[s] ?? 0) - 1;
    if (was + n === 1) this.singletons[s] = (this.singletons[s] ?? 0) + 1;
    const known = this.known[s];
    if (was === 0 && known && known.length < KNOWN_KEPT) known.push(v);
  }

  toJSON(): EntityNoveltyJson {
    return { pairs: this.pairs.toJSON(), entities: this.entities.toJSON(), observations: this.observations, singletons: this.singletons, known: this.known };
  }

  static fromJSON(j: EntityNoveltyJson): EntityNovelty {
    const n = new EntityNovelty();
    n.pairs = Novelty.fromJSON(j.pairs);
    n.entities = KeyTable.fromJSON(j.entities);
    n.observations = j.observations;
    n.singletons = j.singletons;
    n.known = j.known;
    return n;
  }
}
