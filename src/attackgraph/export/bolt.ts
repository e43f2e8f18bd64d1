// Push over Bolt to a Neo4j server with the official neo4j-driver. The graph goes in batched
// transactions of `UNWIND $rows … MERGE` statements with parameters (no Cypher text built
// from data), so a push can be repeated: nodes are keyed by `key` = "<graph>:<node id>" and
// MERGEd, arcs MERGEd between them; the graph's previous nodes are removed first, since node
// ids are a walk order and change when the graph does. `boltStatements` is the pure part (the
// statements and their parameters), tested offline in an embedded Cypher engine (Kùzu);
// `pushToNeo4j` runs them against a live server.
import neo4j, { type Driver } from 'neo4j-driver';
import { ruleLabel, type AndOrGraph } from '../graph.ts';
import { walkGraph, AND, KIND_NAMES, type Walk } from './walk.ts';
import { NODE_LABELS } from './neo4j.ts';

export interface NodeRow {
  key: string;
  graph: string;
  id: number;
  label: string;
  kind: string;
}

export interface ArcRow {
  f: string;
  t: string;
}

export type BoltStatement =
  | { kind: 'nodes'; label: string; query: string; params: { rows: NodeRow[] } }
  | { kind: 'arcs'; from: string; to: string; query: string; params: { rels: ArcRow[] } };

export interface BoltStatementOptions {
  /** Name of this graph in the database (e.g. the tenant): pushes of other graphs are untouched. */
  graph?: string;
  pruned?: boolean;
  /** Rows per transaction. */
  batch?: number;
}

export const DEFAULT_GRAPH_NAME = 'default';
export const DEFAULT_BATCH = 1000;

function labelOf(g: AndOrGraph, w: Walk, i: number): string {
  return w.kind[i] === AND ? ruleLabel(g, w.ref[i] as number) : g.facts.label(w.ref[i] as number);
}

/** The node then arc statements of a push, each with at most `batch` rows. */
export function boltStatements(g: AndOrGraph, opts: BoltStatementOptions = {}): BoltStatement[] {
  const graph = opts.graph ?? DEFAULT_GRAPH_NAME;
  const batch = Math.max(1, opts.batch ?? DEFAULT_BATCH);
  const w = walkGraph(g, opts);
  const key = (id: number) => `${graph}:${id}`;
  const out: BoltStatement[] = [];
  for (const k of [0, 1, 2] as const) {
    const label = NODE_LABELS[k];
    const query = `UNWIND $rows AS row MERGE (n:${label} {key: row.key}) SET n.graph = row.graph, n.id = row.id, n.label = row.label, n.kind = row.kind`;
    let rows: NodeRow[] = [];
    for (let i = 0; i < w.count; i++) {
      if (w.kind[i] !== k) continue;
      rows.push({ key: key(i + 1), graph, id: i + 1, label: labelOf(g, w, i), kind: KIND_NAMES[k] });
      if (rows.length === batch) { out.push({ kind: 'nodes', label, query, params: { rows } }); rows = []; }
    }
    if (rows.length) out.push({ kind: 'nodes', label, query, params: { rows } });
  }
  // Arcs grouped by the labels of their ends, so each MATCH names its labels (the key
  // constraints of those labels make it an index lookup).
  const groups = new Map<string, ArcRow[]>();
  for (let i = 0; i < w.arcs.length; i += 2) {
    const f = w.arcs[i] as number, t = w.arcs[i + 1] as number;
    const gk = `${NODE_LABELS[w.kind[f - 1] as 0 | 1 | 2]}|${NODE_LABELS[w.kind[t - 1] as 0 | 1 | 2]}`;
    let list = groups.get(gk);
    if (!list) groups.set(gk, (list = []));
    list.push({ f: key(f), t: key(t) });
  }
  for (const [gk, rels] of groups) {
    const [from, to] = gk.split('|') as [string, string];
    const query = `UNWIND $rels AS r MATCH (a:${from} {key: r.f}), (b:${to} {key: r.t}) MERGE (a)-[:LEADS_FROM]->(b)`;
    for (let b = 0; b < rels.length; b += batch) out.push({ kind: 'arcs', from, to, query, params: { rels: rels.slice(b, b + batch) } });
  }
  return out;
}

export interface Neo4jTarget {
  /** bolt://, neo4j:// (or +s / +ssc variants) address. */
  url: string;
  user?: string;
  password?: string;
  /** Database name (Neo4j 4+); the server's default when absent. */
  database?: string;
}

export interface PushResult {
  url: string;
  graph: string;
  nodes: number;
  relationships: number;
  transactions: number;
  /** Nodes of this graph's previous push that were removed first. */
  removed: number;
}

/** The Neo4j address from a flag or the STEGOSOC_NEO4J_URL / _USER / _PASSWORD environment. */
export function neo4jTargetFrom(flags: { url?: string; user?: string; password?: string; database?: string }, env: NodeJS.ProcessEnv = process.env): Neo4jTarget | undefined {
  const url = flags.url ?? env['STEGOSOC_NEO4J_URL'];
  if (!url) return undefined;
  if (!/^(bolt|neo4j)(\+s|\+ssc)?:\/\//.test(url)) throw new Error(`not a Bolt address: ${JSON.stringify(url)} (bolt://host:7687 or neo4j://host:7687)`);
  return { url, user: flags.user ?? env['STEGOSOC_NEO4J_USER'] ?? 'neo4j', password: flags.password ?? env['STEGOSOC_NEO4J_PASSWORD'], database: flags.database ?? env['STEGOSOC_NEO4J_DATABASE'] };
}

/** Integers as Neo4j integers: the driver would send a JS number as a float. */
function forNeo4j(st: BoltStatement): Record<string, unknown> {
  if (st.kind === 'arcs') return st.params;
  return { rows: st.params.rows.map((r) => ({ ...r, id: neo4j.int(r.id) })) };
}

/** Pushes the graph: key constraints, removal of this graph's old nodes, then one write
 *  transaction per statement batch. Throws (with the server's message) when a batch fails. */
export async function pushToNeo4j(g: AndOrGraph, target: Neo4jTarget, opts: BoltStatementOptions = {}): Promise<PushResult> {
  const graph = opts.graph ?? DEFAULT_GRAPH_NAME;
  const statements = boltStatements(g, { ...opts, graph });
  const auth = target.password !== undefined ? neo4j.auth.basic(target.user ?? 'neo4j', target.password) : undefined;
  const driver: Driver = neo4j.driver(target.url, auth, { disableLosslessIntegers: true });
  const result: PushResult = { url: target.url, graph, nodes: 0, relationships: 0, transactions: 0, removed: 0 };
  try {
    await driver.verifyConnectivity({ database: target.database });
    const session = driver.session({ database: target.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      for (const l of NODE_LABELS) {
        await session.run(`CREATE CONSTRAINT stegosoc_${l.toLowerCase()}_key IF NOT EXISTS FOR (n:${l}) REQUIRE n.key IS UNIQUE`);
      }
      // Old nodes of this graph, in bounded transactions.
      for (const l of NODE_LABELS) {
        for (;;) {
          const r = await session.executeWrite((tx) => tx.run(`MATCH (n:${l} {graph: $graph}) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS c`, { graph, limit: neo4j.int(opts.batch ?? DEFAULT_BATCH) }));
          const c = Number(r.records[0]?.get('c') ?? 0);
          result.transactions++;
          result.removed += c;
          if (c === 0) break;
        }
      }
      for (const st of statements) {
        const r = await session.executeWrite((tx) => tx.run(st.query, forNeo4j(st)));
        const u = r.summary.counters.updates();
        result.nodes += u.nodesCreated;
        result.relationships += u.relationshipsCreated;
        result.transactions++;
      }
    } finally {
      await session.close();
    }
  } finally {
    await driver.close();
  }
  return result;
}
