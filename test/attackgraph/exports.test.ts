// Exports checked by real consumers: Debian's Graphviz renders the DOT, the embedded Kùzu
// engine runs the Cypher script, fast-xml-parser reads the GraphML; node and arc counts must
// survive every format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { PRODUCT_ROOT } from '../../src/core/layer-dirs.ts';
import { buildAttackGraph } from '../../src/attackgraph/build.ts';
import { walkGraph } from '../../src/attackgraph/export/walk.ts';
import { toDot } from '../../src/attackgraph/export/dot.ts';
import { toGraphml } from '../../src/attackgraph/export/graphml.ts';
import { toCypher, toNeo4jCsv } from '../../src/attackgraph/export/neo4j.ts';
import { toJsonGraph } from '../../src/attackgraph/export/json.ts';
import { hostProjection } from '../../src/attackgraph/export/hosts.ts';
import { writeExport, EXPORT_FORMATS } from '../../src/attackgraph/export/registry.ts';

const threeHost = join(PRODUCT_ROOT, '..', 'shared', 'attackgraph', 'mulval-cases', 'risksense', '3host_input.P');
const demo = join(PRODUCT_ROOT, 'test', 'attackgraph', 'fixtures', 'demo-inventory');
const g = buildAttackGraph({ mulval: threeHost }).graph;
const w = walkGraph(g);

test('DOT renders with Graphviz, one shape per node', (t) => {
  let dotBin = '';
  try { dotBin = execFileSync('which', ['dot']).toString().trim(); } catch { /* not installed */ }
  if (!dotBin) { t.skip('Graphviz dot is not installed'); return; }
  const svg = execFileSync(dotBin, ['-Tsvg'], { input: toDot(g) }).toString();
  const shapes = (svg.match(/<g id="node\d+" class="node">/g) ?? []).length;
  assert.equal(shapes, w.count);
  assert.equal((svg.match(/class="edge"/g) ?? []).length, w.arcs.length / 2);
});

test('GraphML parses and keeps nodes and arcs', () => {
  const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'node' || n === 'edge' }).parse(toGraphml(g)) as { graphml: { graph: { node: unknown[]; edge: unknown[] } } };
  assert.equal(doc.graphml.graph.node.length, w.count);
  assert.equal(doc.graphml.graph.edge.length, w.arcs.length / 2);
});

test('the Cypher script runs in the embedded Kùzu engine and reproduces the graph', async () => {
  const kuzu = (await import('kuzu')).default;
  const db = new kuzu.Database(':memory:');
  const conn = new kuzu.Connection(db);
  for (const stmt of toCypher(g, { schema: 'kuzu' }).split('\n').filter((l) => l.trim())) {
    const r = await conn.query(stmt);
    (Array.isArray(r) ? r : [r]).forEach((x) => x.close());
  }
  const count = async (q: string) => {
    const r = await conn.query(q);
    const res = Array.isArray(r) ? r[0] : r;
    const rows = (await res!.getAll()) as { c: number | bigint }[];
    return Number(rows[0]?.c);
  };
  assert.equal(await count('MATCH (n) RETURN count(n) AS c'), w.count);
  assert.equal(await count('MATCH ()-[e:LEADS_FROM]->() RETURN count(e) AS c'), w.arcs.length / 2);
  // The goal is derived: it has a rule instance below it.
  assert.equal(await count("MATCH (a:Derived {label: 'execCode(workStation,root)'})-[:LEADS_FROM]->(s:Step) RETURN count(s) AS c"), 1);
});

test('neo4j-admin CSVs and JSON carry every node and arc', () => {
  const { nodes, relationships } = toNeo4jCsv(g);
  assert.equal(nodes.trim().split('\n').length - 1, w.count);
  assert.equal(relationships.trim().split('\n').length - 1, w.arcs.length / 2);
  const j = toJsonGraph(g);
  assert.equal(j.nodes.length, w.count);
  assert.equal(j.arcs.length, w.arcs.length / 2);
});

test('host projection: internet -> web1 -> app1 -> db1 (credential) on the demo estate', () => {
  const hg = hostProjection(buildAttackGraph({ inventory: demo }).graph);
  const has = (from: string, to: string, kind: string) => hg.edges.some((e) => e.from === from && e.to === to && e.kind === kind);
  assert.ok(has('internet', 'web1', 'exploit'));
  assert.ok(has('web1', 'app1', 'exploit'));
  assert.ok(has('app1', 'db1', 'credential'));
});

test('every export format writes its files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ag-export-'));
  try {
    for (const f of EXPORT_FORMATS) {
      const files = await writeExport(g, f, join(dir, f));
      assert.ok(files.length > 0 && files.every((p) => readFileSync(p, 'utf8').length > 0), f);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
