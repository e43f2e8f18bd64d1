// Graphviz DOT, drawn as MulVAL's render.sh does: OR facts as diamonds, rule instances as
// ellipses, primitive facts as boxes, arcs from premise to conclusion (the attack direction).
import { ruleLabel, type AndOrGraph } from '../graph.ts';
import { walkGraph, AND, OR } from './walk.ts';

const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export function toDot(g: AndOrGraph, opts: { pruned?: boolean } = {}): string {
  const w = walkGraph(g, opts);
  const out = ['digraph attack_graph {', '  rankdir=BT;', '  node [fontsize=10];'];
  for (let i = 0; i < w.count; i++) {
    const k = w.kind[i] as number;
    const r = w.ref[i] as number;
    const label = k === AND ? ruleLabel(g, r) : g.facts.label(r);
    const shape = k === AND ? 'ellipse' : k === OR ? 'diamond' : 'box';
    out.push(`  n${i + 1} [label="${i + 1}: ${esc(label)}", shape=${shape}];`);
  }
  for (let i = 0; i < w.arcs.length; i += 2) out.push(`  n${w.arcs[i + 1]} -> n${w.arcs[i]};`);
  out.push('}');
  return out.join('\n') + '\n';
}
