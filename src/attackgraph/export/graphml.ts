// GraphML (for Gephi, yEd, networkx): node kind and label as data keys.
import { ruleLabel, type AndOrGraph } from '../graph.ts';
import { walkGraph, AND, KIND_NAMES } from './walk.ts';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function toGraphml(g: AndOrGraph, opts: { pruned?: boolean } = {}): string {
  const w = walkGraph(g, opts);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
    '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
    '  <graph id="attack_graph" edgedefault="directed">',
  ];
  for (let i = 0; i < w.count; i++) {
    const k = w.kind[i] as 0 | 1 | 2;
    const r = w.ref[i] as number;
    const label = k === AND ? ruleLabel(g, r) : g.facts.label(r);
    out.push(`    <node id="n${i + 1}"><data key="kind">${KIND_NAMES[k]}</data><data key="label">${xml(label)}</data></node>`);
  }
  for (let i = 0; i < w.arcs.length; i += 2) out.push(`    <edge source="n${w.arcs[i]}" target="n${w.arcs[i + 1]}"/>`);
  out.push('  </graph>', '</graphml>');
  return out.join('\n') + '\n';
}
