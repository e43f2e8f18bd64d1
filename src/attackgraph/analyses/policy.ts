// Policy violations: access the attacker reaches that the policy does not grant to anyone
// outside (principal `anyone`, `attacker` or the attacker's start zone). Code execution on a
// host, file access and cloud data access are checked; each violation names the fact so the
// paths analysis can explain it.
import type { AndOrGraph } from '../graph.ts';

export interface PolicyEntry {
  principal: string;
  access: 'execCode' | 'read' | 'write';
  resource: string;
}

export interface Violation {
  fact: number;
  label: string;
  access: string;
  resource: string;
}

const OUTSIDERS = new Set(['anyone', 'attacker', 'internet']);

export function policyViolations(g: AndOrGraph, policy: readonly PolicyEntry[]): Violation[] {
  const allowed = new Set(policy.filter((p) => OUTSIDERS.has(p.principal)).map((p) => `${p.access}|${p.resource}`));
  const out: Violation[] = [];
  for (let f = 0; f < g.facts.count; f++) {
    if (!g.facts.derived[f]) continue;
    const pred = g.facts.pred(f);
    const args = g.facts.args(f);
    let access: string | undefined;
    let resource: string | undefined;
    if (pred === 'execCode') { access = 'execCode'; resource = args[0]; }
    else if (pred === 'accessFile') { access = args[1]; resource = `${args[0]}:${args[2]}`; }
    else if (pred === 'cloudAccess') { access = args[1]; resource = args[0]; }
    if (access === undefined || resource === undefined) continue;
    if (allowed.has(`${access}|${resource}`) || (access === 'read' && allowed.has(`write|${resource}`))) continue;
    out.push({ fact: f, label: g.facts.label(f), access, resource });
  }
  return out;
}
