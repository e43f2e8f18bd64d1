// Attribution: findings about the same entity in a window roll up into one entity score, so a
// report ranks who produced the unusual activity, not only what it was. The strongest finding
// counts in full and each further one adds a quarter of its surprise: several independent
// oddities from one entity are more telling than one, without letting many weak ones swamp a
// single strong one.
import { bandOf, entityKey, scoreOf, type Band, type EntityRef, type Finding } from './finding.ts';

export const FURTHER_FINDING_WEIGHT = 0.25;

export interface EntityScore {
  entity: EntityRef;
  score: number;
  band: Band;
  surprise: number;
  /** Strongest first. */
  findings: Finding[];
}

export function rollUp(findings: readonly Finding[]): EntityScore[] {
  const byEntity = new Map<string, Finding[]>();
  for (const f of findings) {
    const k = entityKey(f.entity);
    const list = byEntity.get(k);
    if (list) list.push(f);
    else byEntity.set(k, [f]);
  }
  const out: EntityScore[] = [];
  for (const list of byEntity.values()) {
    list.sort((a, b) => b.surprise - a.surprise);
    const [first, ...rest] = list;
    if (!first) continue;
    const surprise = first.surprise + FURTHER_FINDING_WEIGHT * rest.reduce((s, f) => s + f.surprise, 0);
    const score = scoreOf(surprise);
    out.push({ entity: first.entity, score, band: bandOf(score), surprise, findings: list });
  }
  return out.sort((a, b) => b.surprise - a.surprise);
}
