// MulVAL's graph files: VERTICES.CSV (`id,"label","OR|AND|LEAF",metric`) and ARCS.CSV
// (`parent,child,-1`, head fact -> rule instance -> premise), numbered by the shared walk.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ruleLabel, type AndOrGraph } from '../graph.ts';
import { walkGraph, AND, LEAF, KIND_NAMES } from './walk.ts';

export interface MulvalCsv {
  vertices: string;
  arcs: string;
}

const csvQuote = (s: string) => `"${s.replace(/"/g, '""')}"`;

export function toMulvalCsv(g: AndOrGraph, opts: { pruned?: boolean } = {}): MulvalCsv {
  const w = walkGraph(g, opts);
  const v: string[] = [];
  for (let i = 0; i < w.count; i++) {
    const k = w.kind[i] as number;
    const label = k === AND ? ruleLabel(g, w.ref[i] as number) : g.facts.label(w.ref[i] as number);
    v.push(`${i + 1},${csvQuote(label)},"${KIND_NAMES[k as 0 | 1 | 2]}",${k === LEAF ? 1 : 0}`);
  }
  const a: string[] = [];
  for (let i = 0; i < w.arcs.length; i += 2) a.push(`${w.arcs[i]},${w.arcs[i + 1]},-1`);
  return { vertices: v.length ? v.join('\n') + '\n' : '', arcs: a.length ? a.join('\n') + '\n' : '' };
}

export function writeMulvalCsv(g: AndOrGraph, dir: string, opts: { pruned?: boolean } = {}): string[] {
  mkdirSync(dir, { recursive: true });
  const { vertices, arcs } = toMulvalCsv(g, opts);
  writeFileSync(join(dir, 'VERTICES.CSV'), vertices);
  writeFileSync(join(dir, 'ARCS.CSV'), arcs);
  return [join(dir, 'VERTICES.CSV'), join(dir, 'ARCS.CSV')];
}
