// Host-level projection in BloodHound's style, beside the full AND/OR graph: an edge
// "A can compromise B" for every way code on A (or the attacker's start) leads to code on B:
// a remote exploit through a network hop (via CVE on protocol/port), or a credential stolen on
// A that opens an account on B.
import { bodyOf, andsOf, type AndOrGraph } from '../graph.ts';

export interface HostEdge {
  from: string;
  to: string;
  kind: 'exploit' | 'credential';
  /** CVE (exploit) or principal (credential). */
  via: string;
  port?: string;
  privilege: string;
}

export function hostProjection(g: AndOrGraph): { hosts: string[]; edges: HostEdge[] } {
  const ruleId = (a: number) => g.rules[g.andRule[a] as number]?.id;
  const edges = new Map<string, HostEdge>();
  const add = (e: HostEdge) => edges.set(`${e.from}|${e.to}|${e.kind}|${e.via}|${e.port ?? ''}|${e.privilege}`, e);
  // Sources of network access: execCode on another host (multi-hop) or the attacker's location.
  const netSources = (f: number): string[] => {
    const out: string[] = [];
    for (const a of andsOf(g, f)) {
      for (const b of bodyOf(g, a)) {
        const p = g.facts.pred(b);
        if (p === 'execCode' || p === 'attackerLocated') out.push(g.facts.args(b)[0] ?? '');
      }
    }
    return out;
  };
  const compromisers = (principal: number): string[] => {
    const out: string[] = [];
    for (const a of andsOf(g, principal)) for (const b of bodyOf(g, a)) if (g.facts.pred(b) === 'execCode') out.push(g.facts.args(b)[0] ?? '');
    return out;
  };
  for (let a = 0; a < g.andCount; a++) {
    const h = g.andHead[a] as number;
    if (g.facts.pred(h) !== 'execCode') continue;
    const [to = '', privilege = ''] = g.facts.args(h);
    const body = [...bodyOf(g, a)];
    if (ruleId(a) === 'remote_exploit_server') {
      const vuln = body.find((b) => g.facts.pred(b) === 'vulExists');
      const net = body.find((b) => g.facts.pred(b) === 'netAccess');
      if (vuln === undefined || net === undefined) continue;
      const [, proto = '', port = ''] = g.facts.args(net);
      for (const from of netSources(net)) if (from !== to) add({ from, to, kind: 'exploit', via: g.facts.args(vuln)[1] ?? '', port: `${proto}/${port}`, privilege });
    } else if (ruleId(a) === 'principal_account') {
      const pc = body.find((b) => g.facts.pred(b) === 'principalCompromised');
      if (pc === undefined) continue;
      for (const from of compromisers(pc)) if (from !== to) add({ from, to, kind: 'credential', via: g.facts.args(pc)[0] ?? '', privilege });
    }
  }
  const list = [...edges.values()];
  const hosts = [...new Set(list.flatMap((e) => [e.from, e.to]))].sort();
  return { hosts, edges: list };
}
