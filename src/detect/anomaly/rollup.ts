// Attribution: findings about the same entity in a window roll up into one entity score, so a
// report ranks who produced the unusual activity, not only what it was. The strongest finding
// counts in full and each further one adds a quarter of its surprise: several independent
// oddities from one entity are more telling than one, without letting many weak ones swamp a
// single strong one.
//
// An attack campaign is persistent: the same host or account is odd hour after hour, each hour
// only a little. So an entity's evidence is carried from window to window, halving each window
// (a leaky sum, as risk-based alerting accumulates risk per entity): an entity with findings now
// scores its own findings plus what is left of its earlier evidence. Only entities with
// findings in the window are listed; carried evidence alone never makes a finding.
import { bandOf, entityKey, scoreOf, type Band, type EntityRef, type Finding } from './finding.ts';

export const FURTHER_FINDING_WEIGHT = 0.25;
/** Share of an entity's evidence left after one window. */
export const EVIDENCE_DECAY = 0.5;
/** Carried evidence below this is forgotten (bounds what the model keeps). */
export const MIN_CARRIED = 0.05;

/** An entity's evidence (surprise) after the window it was last updated in. */
export interface CarriedEvidence {
  window: number;
  surprise: number;
}

export interface EntityScore {
  entity: EntityRef;
  score: number;
  band: Band;
  /** This window's findings plus the carried evidence. */
  surprise: number;
  /** Part of `surprise` carried from earlier windows' findings about the entity. */
  carried: number;
  /** Strongest first. */
  findings: Finding[];
}

function carriedAt(e: CarriedEvidence | undefined, window: number): number {
  return e ? e.surprise * EVIDENCE_DECAY ** Math.max(1, window - e.window) : 0;
}

/**
 * Entity scores of a window's findings, strongest first. With `evidence` (entity key → carried
 * evidence, kept in the tenant's model) earlier windows count as described above, and the map
 * is updated to this window.
 */
export function rollUp(findings: readonly Finding[], evidence?: Record<string, CarriedEvidence>, window = 0): EntityScore[] {
  const byEntity = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = entityKey(f.entity);
    const list = byEntity.get(k);
    if (list) list.push(f);
    else byEntity.set(k, [f]);
  }
  const out: EntityScore[] = [];
  for (const [key, list] of byEntity) {
    list.sort((a, b) => b.surprise - a.surprise);
    const [first, ...rest] = list;
    if (!first) continue;
    const own = first.surprise + FURTHER_FINDING_WEIGHT * rest.reduce((s, f) => s + f.surprise, 0);
    const carried = evidence ? carriedAt(evidence[key], window) : 0;
    const surprise = own + carried;
    const score = scoreOf(surprise);
    out.push({ entity: first.entity, score, band: bandOf(score), surprise, carried, findings: list });
  }
  if (evidence) {
    for (const key in evidence) if (!byEntity.has(key) && carriedAt(evidence[key], window) < MIN_CARRIED) delete evidence[key];
    for (const e of out) evidence[entityKey(e.entity)] = { window, surprise: e.surprise };
  }
  return out.sort((a, b) => b.surprise - a.surprise);
}
