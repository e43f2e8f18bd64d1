// The export formats, one file each in this folder; the CLI and the API write through here.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AndOrGraph } from '../graph.ts';
import { writeMulvalCsv } from './mulval-csv.ts';
import { toJsonGraph } from './json.ts';
import { toDot } from './dot.ts';
import { toGraphml } from './graphml.ts';
import { toCypher, toNeo4jCsv } from './neo4j.ts';
import { hostProjection } from './hosts.ts';

export const EXPORT_FORMATS = ['json', 'mulval-csv', 'dot', 'graphml', 'cypher', 'neo4j-csv', 'hosts'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export async function writeExport(g: AndOrGraph, format: ExportFormat, dir: string, opts: { pruned?: boolean } = {}): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const put = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  switch (format) {
    case 'mulval-csv':
      return writeMulvalCsv(g, dir, opts);
    case 'json':
      return [put('attack-graph.json', `${JSON.stringify(toJsonGraph(g, opts))}\n`)];
    case 'dot':
      return [put('attack-graph.dot', toDot(g, opts))];
    case 'graphml':
      return [put('attack-graph.graphml', toGraphml(g, opts))];
    case 'cypher':
      return [put('attack-graph.cypher', toCypher(g, opts))];
    case 'neo4j-csv': {
      const { nodes, relationships } = toNeo4jCsv(g, opts);
      return [put('nodes.csv', nodes), put('relationships.csv', relationships)];
    }
    case 'hosts':
      return [put('hosts.json', `${JSON.stringify(hostProjection(g), null, 2)}\n`)];
  }
}
