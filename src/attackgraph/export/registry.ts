// The export formats, one file each in this folder; the CLI, the library API (../index.ts) and
// the HTTP API render through here. `renderExport` returns the files in memory (name, media
// type, text); `writeExport` writes them into a directory.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AndOrGraph } from '../graph.ts';
import { toMulvalCsv } from './mulval-csv.ts';
import { toJsonGraph } from './json.ts';
import { toDot } from './dot.ts';
import { toGraphml } from './graphml.ts';
import { toCypher, toNeo4jCsv } from './neo4j.ts';
import { hostProjection } from './hosts.ts';

export const EXPORT_FORMATS = ['json', 'mulval-csv', 'dot', 'graphml', 'cypher', 'neo4j-csv', 'hosts'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFile {
  name: string;
  contentType: string;
  text: string;
}

export function isExportFormat(name: string): name is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(name);
}

export function renderExport(g: AndOrGraph, format: ExportFormat, opts: { pruned?: boolean } = {}): ExportFile[] {
  switch (format) {
    case 'mulval-csv': {
      const { vertices, arcs } = toMulvalCsv(g, opts);
      return [{ name: 'VERTICES.CSV', contentType: 'text/csv', text: vertices }, { name: 'ARCS.CSV', contentType: 'text/csv', text: arcs }];
    }
    case 'json':
      return [{ name: 'attack-graph.json', contentType: 'application/json', text: `${JSON.stringify(toJsonGraph(g, opts))}\n` }];
    case 'dot':
      return [{ name: 'attack-graph.dot', contentType: 'text/vnd.graphviz', text: toDot(g, opts) }];
    case 'graphml':
      return [{ name: 'attack-graph.graphml', contentType: 'application/graphml+xml', text: toGraphml(g, opts) }];
    case 'cypher':
      return [{ name: 'attack-graph.cypher', contentType: 'text/plain', text: toCypher(g, opts) }];
    case 'neo4j-csv': {
      const { nodes, relationships } = toNeo4jCsv(g, opts);
      return [{ name: 'nodes.csv', contentType: 'text/csv', text: nodes }, { name: 'relationships.csv', contentType: 'text/csv', text: relationships }];
    }
    case 'hosts':
      return [{ name: 'hosts.json', contentType: 'application/json', text: `${JSON.stringify(hostProjection(g), null, 2)}\n` }];
  }
}

export async function writeExport(g: AndOrGraph, format: ExportFormat, dir: string, opts: { pruned?: boolean } = {}): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  return renderExport(g, format, opts).map((f) => {
    const p = join(dir, f.name);
    writeFileSync(p, f.text);
    return p;
  });
}
