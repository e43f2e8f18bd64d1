// Neo4j: a Cypher script (nodes created in batches with UNWIND, then arcs matched by id) and
// the CSV pair `neo4j-admin database import` reads (`id:ID`, `:LABEL`, `:START_ID`, `:END_ID`).
// Arcs go from the head side to the premise: (fact)-[:DERIVED_BY]->(step)-[:REQUIRES]->(fact).
import { ruleLabel, type AndOrGraph } from '../graph.ts';
import { walkGraph, AND, KIND_NAMES, type Walk } from './walk.ts';

/** Node labels per kind (OR, AND and LEAF are Cypher keywords, so they are not used as labels). */
export const NODE_LABELS = ['Derived', 'Step', 'Primitive'] as const;

const cypherString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const csv = (s: string) => `"${s.replace(/"/g, '""')}"`;

function labelOf(g: AndOrGraph, w: Walk, i: number): string {
  return w.kind[i] === AND ? ruleLabel(g, w.ref[i] as number) : g.facts.label(w.ref[i] as number);
}

/**
 * `schema: 'kuzu'` first declares the node and relationship tables an embedded engine with a
 * schema (Kùzu) needs; Neo4j gets indexes on `id` instead.
 */
export function toCypher(g: AndOrGraph, opts: { pruned?: boolean; batch?: number; schema?: 'neo4j' | 'kuzu' } = {}): string {
  const w = walkGraph(g, opts);
  const batch = opts.batch ?? 500;
  const out: string[] = [];
  if (opts.schema === 'kuzu') {
    for (const l of NODE_LABELS) out.push(`CREATE NODE TABLE ${l}(id INT64, label STRING, PRIMARY KEY (id));`);
    out.push('CREATE REL TABLE LEADS_FROM(FROM Derived TO Step, FROM Step TO Derived, FROM Step TO Primitive);');
  } else {
    for (const l of NODE_LABELS) out.push(`CREATE INDEX ${l.toLowerCase()}_id IF NOT EXISTS FOR (n:${l}) ON (n.id);`);
  }
  for (const k of [0, 1, 2] as const) {
    const rows: string[] = [];
    for (let i = 0; i < w.count; i++) if (w.kind[i] === k) rows.push(`{id: ${i + 1}, label: ${cypherString(labelOf(g, w, i))}}`);
    for (let b = 0; b < rows.length; b += batch) {
      out.push(`UNWIND [${rows.slice(b, b + batch).join(', ')}] AS row CREATE (:${NODE_LABELS[k]} {id: row.id, label: row.label});`);
    }
  }
  // Arcs grouped by the kinds of their ends, so each MATCH names its labels (Kùzu needs it;
  // Neo4j uses the id indexes).
  const groups = new Map<string, string[]>();
  for (let i = 0; i < w.arcs.length; i += 2) {
    const f = w.arcs[i] as number, t = w.arcs[i + 1] as number;
    const key = `${NODE_LABELS[w.kind[f - 1] as 0 | 1 | 2]}|${NODE_LABELS[w.kind[t - 1] as 0 | 1 | 2]}`;
    const list = groups.get(key);
    if (list) list.push(`{f: ${f}, t: ${t}}`);
    else groups.set(key, [`{f: ${f}, t: ${t}}`]);
  }
  for (const [key, rels] of groups) {
    const [from, to] = key.split('|');
    for (let b = 0; b < rels.length; b += batch) {
      out.push(`UNWIND [${rels.slice(b, b + batch).join(', ')}] AS r MATCH (a:${from} {id: r.f}), (b:${to} {id: r.t}) CREATE (a)-[:LEADS_FROM]->(b);`);
    }
  }
  return out.join('\n') + '\n';
}

export function toNeo4jCsv(g: AndOrGraph, opts: { pruned?: boolean } = {}): { nodes: string; relationships: string } {
  const w = walkGraph(g, opts);
  const nodes = ['id:ID,label,kind,:LABEL'];
  for (let i = 0; i < w.count; i++) {
    const k = w.kind[i] as 0 | 1 | 2;
    nodes.push(`${i + 1},${csv(labelOf(g, w, i))},${KIND_NAMES[k]},${NODE_LABELS[k]}`);
  }
  const rels = [':START_ID,:END_ID,:TYPE'];
  for (let i = 0; i < w.arcs.length; i += 2) rels.push(`${w.arcs[i]},${w.arcs[i + 1]},LEADS_FROM`);
  return { nodes: nodes.join('\n') + '\n', relationships: rels.join('\n') + '\n' };
}
