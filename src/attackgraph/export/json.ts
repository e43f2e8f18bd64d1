// JSON export: the walked graph as nodes and arcs, with rule ids so a consumer can group steps.
import { ruleLabel, type AndOrGraph } from '../graph.ts';
import { walkGraph, AND, KIND_NAMES } from './walk.ts';

export interface JsonGraph {
  nodes: { id: number; kind: 'OR' | 'AND' | 'LEAF'; label: string; rule?: string; weight?: number }[];
  arcs: { from: number; to: number }[];
  goals: string[];
}

export function toJsonGraph(g: AndOrGraph, opts: { pruned?: boolean } = {}): JsonGraph {
  const w = walkGraph(g, opts);
  const nodes: JsonGraph['nodes'] = [];
  for (let i = 0; i < w.count; i++) {
    const k = w.kind[i] as 0 | 1 | 2;
    const r = w.ref[i] as number;
    if (k === AND) {
      const rule = g.rules[g.andRule[r] as number];
      nodes.push({ id: i + 1, kind: 'AND', label: ruleLabel(g, r), rule: rule?.id, weight: rule?.weight });
    } else nodes.push({ id: i + 1, kind: KIND_NAMES[k] as 'OR' | 'LEAF', label: g.facts.label(r) });
  }
  const arcs: JsonGraph['arcs'] = [];
  for (let i = 0; i < w.arcs.length; i += 2) arcs.push({ from: w.arcs[i] as number, to: w.arcs[i + 1] as number });
  return { nodes, arcs, goals: g.goals.map((f) => g.facts.label(f)) };
}
