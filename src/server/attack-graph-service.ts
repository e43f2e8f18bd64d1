// The tenant's attack graph for the console, built from the tenant's inventory directory
// (`<dataDir>/tenants/<t>/inventory/`, the files src/attackgraph/inputs/load-dir.ts reads; the
// goals are the crown jewels declared there) with the tenant's interaction-rule layer. Built on
// POST compute or lazily on first read, then cached per tenant until the next compute.
//
// Node ids are graph-local and say what they point at: `f<n>` a fact (OR or LEAF), `a<n>` a rule
// instance (AND), `h:<host>` a host of the host view. Edges follow the attack: premise -> rule
// instance -> gained fact (the reverse of MulVAL's ARCS.CSV, which points from head to premise).
// Live alerts of the tenant are placed on the graph (analyses/overlay.ts) on every read, so the
// attacker's positions and ranked next steps follow the alert desk.
import { directoryFromGraph, type HostDirectory } from '../attackgraph/analyses/place-alerts.ts';
import { existsSync } from 'node:fs';
import { basename, isAbsolute, join, relative } from 'node:path';
import { assertTenant } from '../core/layers.ts';
import { LocatedError } from '../core/errors.ts';
import { buildAttackGraph, parseFacts, type BuiltGraph } from '../attackgraph/build.ts';
import { andsOf, bodyOf, ruleLabel, type AndOrGraph } from '../attackgraph/graph.ts';
import { cheapestDerivations, derivationTree, usedByIndex, type UsedBy } from '../attackgraph/analyses/derivation.ts';
import { leafProbabilities } from '../attackgraph/analyses/probability.ts';
import { overlayAlerts, overlayContext, type Alert as OverlayAlert, type OverlayContext } from '../attackgraph/analyses/overlay.ts';
import { candidateFixes, harden, inputFact, type FixKind } from '../attackgraph/analyses/harden.ts';
import { diffGraphs, type GraphDiff } from '../attackgraph/analyses/whatif.ts';
import { walkGraph, AND, type Walk } from '../attackgraph/export/walk.ts';
import { hostProjection, type HostEdge } from '../attackgraph/export/hosts.ts';
import { toJsonGraph } from '../attackgraph/export/json.ts';
import { toMulvalCsv } from '../attackgraph/export/mulval-csv.ts';
import { toDot } from '../attackgraph/export/dot.ts';
import { toGraphml } from '../attackgraph/export/graphml.ts';
import { toCypher, toNeo4jCsv } from '../attackgraph/export/neo4j.ts';
import { termLabel } from '../attackgraph/datalog/term.ts';
import { HttpError } from './http-error.ts';
import { readCveInfo, type CveInfo } from './attack-graph-cves.ts';

export type NodeKind = 'AND' | 'OR' | 'LEAF';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  label: string;
  host: string | null;
  goal: boolean;
  onGoalPath: boolean;
  attacker: boolean;
  /** Rank (1 = most likely) of a next step that gains this node, if any. */
  next: number | null;
}

export interface GraphView {
  nodes: GraphNode[];
  edges: { source: string; target: string; onGoalPath: boolean }[];
  goals: string[];
  attacker: {
    positions: { nodeId: string; host: string; privilege: string; alertIds: string[] }[];
    nextSteps: { nodeId: string; label: string; probability: number; rank: number }[];
  };
}

export interface ComputeSummary {
  nodes: number;
  edges: number;
  goals: string[];
  computedAt: number;
  ms: number;
}

export interface NodeDetail {
  id: string;
  kind: NodeKind;
  label: string;
  fact: string;
  host: string | null;
  cves: { id: string; cvss: number | null; summary: string | null }[];
  /** Ids of what this node comes from: the rule instances deriving a fact, a rule instance's premises. */
  derivedBy: string[];
  /** Ids of what this node leads to: the rule instances using a fact, a rule instance's gained fact. */
  enables: string[];
}

/** What the overlay needs of an alert: where it was seen, and its id to show. */
export interface PlacedAlert {
  id: string;
  ruleId: string;
  level: string;
  time: number;
  host?: string;
  user?: string;
}

export const EXPORTS = ['json', 'mulval-csv', 'dot', 'graphml', 'cypher', 'neo4j-csv', 'hosts'] as const;
export type ExportName = (typeof EXPORTS)[number];
export type ExportBody = { contentType: string; fileName: string; body: string };

interface Computed {
  built: BuiltGraph | null;
  computedAt: number;
  ms: number;
  walk: Walk;
  used: UsedBy;
  /** 1 for facts and rule instances on the shortest derivation of some goal. */
  factOnPath: Uint8Array;
  andOnPath: Uint8Array;
  goalSet: Set<number>;
  hosts: Set<string>;
  overlay: OverlayContext | null;
  cves: Map<string, CveInfo>;
  /** Derived facts by label, built on first use. */
  derivedByLabel?: Map<string, number>;
  /** The last answer per view and the alerts it placed: the same alerts give the same answer. */
  views: Map<string, { alertsKey: string; view: GraphView; json: string }>;
  /** The host view's projection, built on first use. */
  projection?: { hosts: string[]; edges: HostEdge[] };
  hardened?: HardenSummary;
  directory?: HostDirectory;
}

export interface HardenSummary {
  goals: string[];
  fixes: { id: string; kind: FixKind; description: string; cost: number; removeFacts: string[] }[];
  totalCost: number;
  /** True when `totalCost` is proven minimal; else `lowerBound` states the gap. */
  optimal: boolean;
  lowerBound: number;
  uncuttable: string[];
  verification: { reevaluated: boolean; goalsStillReachable: string[] };
}

const LEVELS: Record<string, number> = { critical: 5, high: 4, medium: 3, low: 2, informational: 1 };
const EMPTY_WALK: Walk = { kind: new Uint8Array(0), ref: new Int32Array(0), count: 0, arcs: new Int32Array(0) };
/** Facts whose first argument (or second, for accounts) is a host. */
const HOST_ARG: Record<string, number> = { execCode: 0, netAccess: 0, vulExists: 0, networkServiceInfo: 0, inSubnet: 0, isWebServer: 0, localFileProtection: 0, accessFile: 0, canAccessHost: 0, hacl: 0, hasAccount: 1 };

const factId = (f: number) => `f${f}`;
const andId = (a: number) => `a${a}`;
const hostId = (h: string) => `h:${h}`;

export function inventoryDir(dataDir: string, tenant: string): string {
  return join(dataDir, 'tenants', assertTenant(tenant), 'inventory');
}

/** A file inside the inventory by its path there; anything else (another layer's file, or a
 *  pseudo-file such as `goal`) by its base name, so no server path is shown. */
function shownFile(dir: string, file: string): string {
  if (!isAbsolute(file)) return file;
  const r = relative(dir, file);
  return r.startsWith('..') ? basename(file) : r;
}

function compute(dataDir: string, tenant: string): Computed {
  const started = performance.now();
  const dir = inventoryDir(dataDir, tenant);
  let built: BuiltGraph | null = null;
  if (existsSync(dir)) {
    try {
      built = buildAttackGraph({ inventory: dir, dataDir, tenant });
    } catch (err) {
      // The tenant's own file names, never the server's paths.
      if (err instanceof LocatedError) {
        const at = err.location.file ? `${shownFile(dir, err.location.file)}${err.location.line ? `:${err.location.line}` : ''}: ` : '';
        throw new HttpError(422, `inventory: ${at}${err.message}`);
      }
      throw new HttpError(422, `inventory: ${(err as Error).message}`);
    }
  }
  const empty = { walk: EMPTY_WALK, used: { start: new Int32Array(1), ands: new Int32Array(0) }, factOnPath: new Uint8Array(0), andOnPath: new Uint8Array(0), goalSet: new Set<number>(), hosts: new Set<string>(), overlay: null, cves: new Map<string, CveInfo>() };
  if (!built) return { built, computedAt: Date.now(), ms: performance.now() - started, views: new Map(), ...empty };
  const g = built.graph;
  const walk = walkGraph(g);
  const used = usedByIndex(g);
  const factOnPath = new Uint8Array(g.facts.count);
  const andOnPath = new Uint8Array(g.andCount);
  const d = cheapestDerivations(g, { andCost: () => 1, leafCost: () => 0 }, used);
  for (const goal of g.goals) {
    factOnPath[goal] = 1;
    for (const a of derivationTree(g, d, goal)) {
      andOnPath[a] = 1;
      factOnPath[g.andHead[a] as number] = 1;
      for (const b of bodyOf(g, a)) factOnPath[b] = 1;
    }
  }
  const hosts = new Set<string>();
  for (let f = 0; f < g.facts.count; f++) {
    const p = g.facts.pred(f);
    if (p === 'inSubnet' || p === 'networkServiceInfo' || p === 'vulExists' || p === 'execCode') hosts.add(g.facts.args(f)[0] ?? '');
  }
  const overlay = overlayContext(g, leafProbabilities(g, built.likelihood));
  return { built, computedAt: Date.now(), ms: performance.now() - started, walk, used, factOnPath, andOnPath, goalSet: new Set(g.goals), hosts, overlay, cves: readCveInfo(dir), views: new Map() };
}

function hostOf(c: Computed, g: AndOrGraph, f: number): string | null {
  const at = HOST_ARG[g.facts.pred(f)];
  const h = at === undefined ? undefined : g.facts.args(f)[at];
  return h !== undefined && c.hosts.has(h) ? h : null;
}

/** Host names in logs are often qualified (`web1.corp.example`) where the inventory is not. */
function inventoryHost(c: Computed, name: string | undefined): string | undefined {
  if (!name) return undefined;
  if (c.hosts.has(name)) return name;
  const short = name.split('.')[0]?.toLowerCase();
  return short && c.hosts.has(short) ? short : name;
}

function placeAlerts(c: Computed, alerts: readonly PlacedAlert[]) {
  if (!c.overlay) return { positions: [], nextSteps: [] as { fact: number; label: string; probability: number; rank: number }[] };
  const g = c.overlay.g;
  const input = alerts.map((a) => ({
    id: a.id, ruleId: a.ruleId, level: LEVELS[a.level.toLowerCase()] ?? 1, time: a.time,
    ...(a.host ? { host: inventoryHost(c, a.host) } : {}), ...(a.user ? { user: a.user } : {}),
  }));
  const r = overlayAlerts(c.overlay, input as (OverlayAlert & { id: string })[]);
  // Overlay results name facts by label; the derived facts' labels are indexed once per graph.
  let byLabel = c.derivedByLabel;
  if (!byLabel) {
    byLabel = c.derivedByLabel = new Map<string, number>();
    for (let f = 0; f < g.facts.count; f++) if (g.facts.derived[f]) byLabel.set(g.facts.label(f), f);
  }
  const positions = r.positions.flatMap((p) => {
    const f = byLabel.get(p.fact);
    if (f === undefined) return [];
    const [a0 = '', a1 = ''] = g.facts.args(f);
    const isExec = g.facts.pred(f) === 'execCode';
    return [{ fact: f, host: isExec ? a0 : '', privilege: isExec ? a1 : `principal ${a0}`, alertIds: [...new Set(p.alerts.map((x) => (x as OverlayAlert & { id: string }).id))] }];
  });
  const nextSteps = r.nextSteps.flatMap((s, i) => {
    const f = byLabel.get(s.gains);
    return f === undefined ? [] : [{ fact: f, label: `${s.step} → ${s.gains}`, probability: s.probability, rank: i + 1 }];
  });
  return { positions, nextSteps };
}

function fullView(c: Computed, alerts: readonly PlacedAlert[]): GraphView {
  const built = c.built;
  if (!built) return { nodes: [], edges: [], goals: [], attacker: { positions: [], nextSteps: [] } };
  const g = built.graph;
  const placed = placeAlerts(c, alerts);
  const attacker = new Set(placed.positions.map((p) => p.fact));
  const next = new Map<number, number>();
  for (const s of placed.nextSteps) if (!next.has(s.fact)) next.set(s.fact, s.rank);
  const w = c.walk;
  const ids: string[] = [];
  const nodes: GraphNode[] = [];
  for (let i = 0; i < w.count; i++) {
    const ref = w.ref[i] as number;
    if (w.kind[i] === AND) {
      ids.push(andId(ref));
      nodes.push({ id: andId(ref), kind: 'AND', label: ruleLabel(g, ref), host: hostOf(c, g, g.andHead[ref] as number), goal: false, onGoalPath: c.andOnPath[ref] === 1, attacker: false, next: null });
    } else {
      ids.push(factId(ref));
      nodes.push({
        id: factId(ref), kind: g.facts.derived[ref] ? 'OR' : 'LEAF', label: g.facts.label(ref), host: hostOf(c, g, ref), goal: c.goalSet.has(ref),
        onGoalPath: c.factOnPath[ref] === 1, attacker: attacker.has(ref), next: next.get(ref) ?? null,
      });
    }
  }
  const edges: GraphView['edges'] = [];
  for (let i = 0; i < w.arcs.length; i += 2) {
    const parent = (w.arcs[i] as number) - 1;
    const child = (w.arcs[i + 1] as number) - 1;
    const andAt = w.kind[parent] === AND ? parent : child;
    edges.push({ source: ids[child] as string, target: ids[parent] as string, onGoalPath: c.andOnPath[w.ref[andAt] as number] === 1 });
  }
  return {
    nodes, edges, goals: g.goals.map((f) => g.facts.label(f)),
    attacker: {
      positions: placed.positions.map((p) => ({ nodeId: factId(p.fact), host: p.host, privilege: p.privilege, alertIds: p.alertIds })),
      nextSteps: placed.nextSteps.map((s) => ({ nodeId: factId(s.fact), label: s.label, probability: s.probability, rank: s.rank })),
    },
  };
}

function hostsView(c: Computed, alerts: readonly PlacedAlert[]): GraphView {
  const built = c.built;
  if (!built) return { nodes: [], edges: [], goals: [], attacker: { positions: [], nextSteps: [] } };
  const g = built.graph;
  const projection = (c.projection ??= hostProjection(g));
  const placed = placeAlerts(c, alerts);
  const hostOfFact = (f: number) => (g.facts.pred(f) === 'execCode' ? (g.facts.args(f)[0] ?? null) : hostOf(c, g, f));
  const onPath = new Set<string>();
  const goalHosts = new Set<string>();
  for (let f = 0; f < g.facts.count; f++) if (c.factOnPath[f] && g.facts.pred(f) === 'execCode') onPath.add(g.facts.args(f)[0] ?? '');
  for (const f of g.goals) {
    const h = hostOfFact(f);
    if (h) goalHosts.add(h);
  }
  const attackerHosts = new Set(placed.positions.map((p) => p.host).filter((h) => h !== ''));
  const next = new Map<string, number>();
  for (const s of placed.nextSteps) {
    const h = hostOfFact(s.fact);
    if (h && !next.has(h)) next.set(h, s.rank);
  }
  const names = new Set<string>([...projection.hosts, ...c.hosts, ...attackerHosts].filter((h) => h !== ''));
  const nodes: GraphNode[] = [...names].sort().map((h) => ({
    id: hostId(h), kind: 'OR', label: h, host: h, goal: goalHosts.has(h), onGoalPath: onPath.has(h), attacker: attackerHosts.has(h), next: next.get(h) ?? null,
  }));
  const seen = new Set<string>();
  const edges: GraphView['edges'] = [];
  for (const e of projection.edges) {
    const k = `${e.from}|${e.to}`;
    if (seen.has(k)) continue;
    seen.add(k);
    edges.push({ source: hostId(e.from), target: hostId(e.to), onGoalPath: onPath.has(e.to) && (onPath.has(e.from) || !c.hosts.has(e.from)) });
  }
  return {
    nodes, edges, goals: g.goals.map((f) => g.facts.label(f)),
    attacker: {
      positions: placed.positions.map((p) => ({ nodeId: p.host ? hostId(p.host) : factId(p.fact), host: p.host, privilege: p.privilege, alertIds: p.alertIds })),
      nextSteps: placed.nextSteps.map((s) => {
        const h = hostOfFact(s.fact);
        return { nodeId: h ? hostId(h) : factId(s.fact), label: s.label, probability: s.probability, rank: s.rank };
      }),
    },
  };
}

function cvesOf(c: Computed, g: AndOrGraph, facts: Iterable<number>): NodeDetail['cves'] {
  const ids = new Set<string>();
  for (const f of facts) if (g.facts.pred(f) === 'vulExists') ids.add(g.facts.args(f)[1] ?? '');
  return [...ids].filter((id) => id !== '').sort().map((id) => ({ id, cvss: c.cves.get(id)?.cvss ?? null, summary: c.cves.get(id)?.summary ?? null }));
}

function nodeDetail(c: Computed, id: string): NodeDetail | undefined {
  const g = c.built?.graph;
  if (!g) return undefined;
  const m = /^([fa])(\d{1,10})$/.exec(id);
  if (m) {
    const n = Number(m[2]);
    if (m[1] === 'a') {
      if (n >= g.andCount) return undefined;
      const head = g.andHead[n] as number;
      const body = [...bodyOf(g, n)];
      const rule = g.rules[g.andRule[n] as number];
      return {
        id, kind: 'AND', label: ruleLabel(g, n), fact: rule ? `${rule.id}: ${rule.desc}` : ruleLabel(g, n), host: hostOf(c, g, head),
        cves: cvesOf(c, g, body), derivedBy: body.map(factId), enables: [factId(head)],
      };
    }
    if (n >= g.facts.count) return undefined;
    const derivers = [...andsOf(g, n)];
    const uses: string[] = [];
    for (let k = c.used.start[n] as number; k < (c.used.start[n + 1] as number); k++) uses.push(andId(c.used.ands[k] as number));
    return {
      id, kind: g.facts.derived[n] ? 'OR' : 'LEAF', label: g.facts.label(n), fact: g.facts.label(n), host: hostOf(c, g, n),
      cves: cvesOf(c, g, [n, ...derivers.flatMap((a) => [...bodyOf(g, a)])]), derivedBy: derivers.map(andId), enables: uses,
    };
  }
  if (!id.startsWith('h:')) return undefined;
  const host = id.slice(2);
  // Hosts of the inventory, and places only the host view shows (the attacker's `internet`).
  if (!c.hosts.has(host) && !(c.projection ??= hostProjection(g)).hosts.includes(host)) return undefined;
  const onHost: number[] = [];
  const privileges: string[] = [];
  for (let f = 0; f < g.facts.count; f++) {
    if (hostOf(c, g, f) !== host) continue;
    onHost.push(f);
    if (g.facts.pred(f) === 'execCode' && g.facts.derived[f]) privileges.push(factId(f));
  }
  return { id, kind: 'OR', label: host, fact: `host(${host})`, host, cves: cvesOf(c, g, onHost), derivedBy: [], enables: privileges };
}

function exportOf(g: AndOrGraph, format: ExportName): ExportBody {
  switch (format) {
    case 'json':
      return { contentType: 'application/json', fileName: 'attack-graph.json', body: JSON.stringify(toJsonGraph(g)) };
    case 'mulval-csv': {
      const { vertices, arcs } = toMulvalCsv(g);
      return { contentType: 'application/json', fileName: 'attack-graph.mulval-csv.json', body: JSON.stringify({ files: { 'VERTICES.CSV': vertices, 'ARCS.CSV': arcs } }) };
    }
    case 'dot':
      return { contentType: 'text/vnd.graphviz; charset=utf-8', fileName: 'attack-graph.dot', body: toDot(g) };
    case 'graphml':
      return { contentType: 'application/graphml+xml; charset=utf-8', fileName: 'attack-graph.graphml', body: toGraphml(g) };
    case 'cypher':
      return { contentType: 'text/plain; charset=utf-8', fileName: 'attack-graph.cypher', body: toCypher(g) };
    case 'neo4j-csv': {
      const { nodes, relationships } = toNeo4jCsv(g);
      return { contentType: 'application/json', fileName: 'attack-graph.neo4j-csv.json', body: JSON.stringify({ files: { 'nodes.csv': nodes, 'relationships.csv': relationships } }) };
    }
    case 'hosts':
      return { contentType: 'application/json', fileName: 'hosts.json', body: JSON.stringify(hostProjection(g)) };
  }
}

export interface AttackGraphService {
  compute(tenant: string): ComputeSummary;
  /** The view and its JSON text (kept: the same alerts give the same answer, sent as is). */
  view(tenant: string, view: 'full' | 'hosts', alerts: readonly PlacedAlert[]): { view: GraphView; json: string };
  node(tenant: string, id: string): NodeDetail | undefined;
  /** The graph's hosts and web service accounts, to place alerts (empty without an inventory). */
  directory(tenant: string): HostDirectory;
  exportAs(tenant: string, format: ExportName): ExportBody;
  harden(tenant: string): Promise<HardenSummary>;
  whatIf(tenant: string, change: { fixes?: string[]; remove?: string[]; add?: string[] }): GraphDiff & { fixes: string[] };
}

export function attackGraphService(dataDir: string): AttackGraphService {
  const cache = new Map<string, Computed>();
  const get = (tenant: string): Computed => {
    let c = cache.get(tenant);
    if (!c) cache.set(tenant, (c = compute(dataDir, tenant)));
    return c;
  };
  const summary = (c: Computed): ComputeSummary => ({
    nodes: c.walk.count, edges: c.walk.arcs.length / 2, goals: c.built ? c.built.graph.goals.map((f) => c.built!.graph.facts.label(f)) : [], computedAt: c.computedAt, ms: Math.round(c.ms),
  });
  const zoneOf = (c: Computed) => (h: string) => c.built?.zones.get(h) ?? h;
  return {
    compute(tenant) {
      const c = compute(dataDir, tenant);
      cache.set(tenant, c);
      return summary(c);
    },
    view(tenant, view, alerts) {
      const c = get(tenant);
      const alertsKey = alerts.map((a) => `${a.id}\0${a.host ?? ''}\0${a.user ?? ''}`).join('\n');
      const kept = c.views.get(view);
      if (kept?.alertsKey === alertsKey) return kept;
      const out = view === 'hosts' ? hostsView(c, alerts) : fullView(c, alerts);
      const answer = { alertsKey, view: out, json: JSON.stringify(out) };
      c.views.set(view, answer);
      return answer;
    },
    node: (tenant, id) => nodeDetail(get(tenant), id),
    directory(tenant) {
      const c = get(tenant);
      return (c.directory ??= c.built ? directoryFromGraph(c.built.graph, c.built) : { names: new Set(), byIp: new Map(), accounts: new Map(), webAccounts: new Map() });
    },
    exportAs(tenant, format) {
      const g = get(tenant).built?.graph;
      if (!g) throw new HttpError(404, 'this tenant has no inventory, hence no attack graph');
      return exportOf(g, format);
    },
    async harden(tenant) {
      const c = get(tenant);
      if (c.hardened) return c.hardened;
      const built = c.built;
      if (!built || built.graph.goals.length === 0) {
        return (c.hardened = { goals: [], fixes: [], totalCost: 0, optimal: true, lowerBound: 0, uncuttable: [], verification: { reevaluated: false, goalsStillReachable: [] } });
      }
      const g = built.graph;
      const advice = await harden(g, g.goals, { zoneOf: zoneOf(c) });
      // The advice is proved by re-evaluating the model without the fixed facts.
      const after = built.reevaluate({ remove: new Set(advice.fixes.flatMap((x) => x.removeFacts)) });
      c.hardened = {
        goals: g.goals.map((x) => g.facts.label(x)),
        fixes: advice.fixes.map(({ id, kind, description, cost, removeFacts }) => ({ id, kind, description, cost, removeFacts })),
        totalCost: advice.totalCost,
        optimal: advice.optimal,
        lowerBound: advice.lowerBound,
        uncuttable: advice.uncuttable,
        verification: { reevaluated: true, goalsStillReachable: after.goals.map((x) => after.facts.label(x)) },
      };
      return c.hardened;
    },
    whatIf(tenant, change) {
      const c = get(tenant);
      const built = c.built;
      if (!built) throw new HttpError(404, 'this tenant has no inventory, hence no attack graph');
      const g = built.graph;
      const remove = new Set<string>();
      if (change.fixes?.length) {
        const { fixes } = candidateFixes(g, { zoneOf: zoneOf(c) });
        const byId = new Map(fixes.map((f) => [f.id, f]));
        for (const id of change.fixes) {
          const fix = byId.get(id);
          if (!fix) throw new HttpError(400, `no fix ${JSON.stringify(id)} applies to this graph (GET /api/v1/attack-graph/harden lists fix ids)`);
          for (const leaf of fix.leaves) remove.add(inputFact(g, leaf));
        }
      }
      try {
        for (const l of parseFacts(change.remove ?? [], 'remove')) remove.add(termLabel(l.args.length ? { k: 'cmp', functor: l.name, args: l.args } : { k: 'atom', name: l.name }));
        const after = built.reevaluate({ remove, ...(change.add?.length ? { add: change.add } : {}) });
        return { fixes: change.fixes ?? [], ...diffGraphs(g, after) };
      } catch (err) {
        if (err instanceof HttpError) throw err;
        throw new HttpError(400, `what-if: ${(err as Error).message}`);
      }
    },
  };
}
