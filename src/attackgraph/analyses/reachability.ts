// Everything the attacker can reach: hosts with the privileges obtained there, principals
// whose credentials fall, files and cloud data. Every derived fact is reachable by
// construction (least model), so this is a summary of the derived facts by kind.
import type { AndOrGraph } from '../graph.ts';

export interface Reachability {
  hosts: { host: string; privileges: string[] }[];
  principals: string[];
  files: { host: string; access: string; path: string }[];
  data: { resource: string; access: string }[];
}

export function reachability(g: AndOrGraph): Reachability {
  const hosts = new Map<string, Set<string>>();
  const principals: string[] = [];
  const files: Reachability['files'] = [];
  const data: Reachability['data'] = [];
  for (let f = 0; f < g.facts.count; f++) {
    if (!g.facts.derived[f]) continue;
    const pred = g.facts.pred(f);
    if (pred === 'execCode') {
      const [h = '', u = ''] = g.facts.args(f);
      let s = hosts.get(h);
      if (!s) hosts.set(h, (s = new Set()));
      s.add(u);
    } else if (pred === 'principalCompromised') principals.push(g.facts.args(f)[0] ?? '');
    else if (pred === 'accessFile') {
      const [host = '', access = '', path = ''] = g.facts.args(f);
      files.push({ host, access, path });
    } else if (pred === 'cloudAccess') {
      const [resource = '', access = ''] = g.facts.args(f);
      data.push({ resource, access });
    }
  }
  return {
    hosts: [...hosts].map(([host, s]) => ({ host, privileges: [...s].sort() })).sort((a, b) => a.host.localeCompare(b.host)),
    principals: principals.sort(),
    files,
    data,
  };
}
