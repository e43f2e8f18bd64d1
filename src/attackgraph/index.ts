// The attack graph as a library: the one module the console's HTTP routes (and any other
// caller) import. Signatures here are stable; the modules behind them may change.
//
// Build (each returns a BuiltGraph: the AND/OR graph plus what the analyses need)
//   buildTenantGraph({ dataDir, tenant, inventoryDir?, goals? })
//       the tenant's inventory (default <dataDir>/tenants/<tenant>/inventory/) with the global
//       interaction model + the tenant's layer (<dataDir>/tenants/<tenant>/interaction/).
//   buildFromInventory(dir, { dataDir?, tenant?, goals?, rulesDir? })
//   buildFromMulval(file, { goals?, engine?, rulesDir? })          MulVAL .P input
//   Goals are Datalog texts (`execCode(db1, root)`, `_` for any); by default the inventory's
//   crown jewels, else every execCode.
// Analyses (pure functions of a BuiltGraph; nothing is re-derived unless said)
//   reachable(built)                 hosts with privileges, principals, files, cloud data
//   pathsToGoals(built)              per goal: probability, shortest and most likely path
//   violations(built)                reachable access the policy does not permit
//   attackerView(built, alerts, { limit? })
//                                    alerts (host/user) -> attacker positions + ranked next
//                                    steps; `alertsFromSigma` adapts L1 alerts
//   advise(built, { costs?, maxFixes? })
//                                    cheapest fixes cutting every path to the goals, verified
//                                    by a full re-evaluation without the fixed facts; `optimal`
//                                    says it is proven minimal, `lowerBound` states any gap
//   whatIf(built, { remove?, add? }) re-evaluates with facts removed/added; the diff
// Export
//   EXPORT_FORMATS, exportGraph(graph, format, { pruned? }) -> files in memory
//   pushGraph(graph, target, { graph?, pruned?, batch? })   Bolt push to Neo4j
//   neo4jTargetFrom(flags, env)                              address from flags / environment
import { join } from 'node:path';
import { assertTenant } from '../core/layers.ts';
import { F } from '../core/fields.ts';
import { buildAttackGraph, parseFacts, type BuiltGraph, type Change, type EngineKind } from './build.ts';
import { termLabel } from './datalog/term.ts';
import { reachability, type Reachability } from './analyses/reachability.ts';
import { analyzeGraph, type GoalReport } from './analyses/report.ts';
import { policyViolations, type Violation } from './analyses/policy.ts';
import { factProbabilities, leafProbabilities } from './analyses/probability.ts';
import { overlayAlerts, overlayContext, type Alert as OverlayAlert, type OverlayContext, type OverlayResult } from './analyses/overlay.ts';
import { harden, type FixKind, type HardenResult } from './analyses/harden.ts';
import { diffGraphs, type GraphDiff } from './analyses/whatif.ts';
import { EXPORT_FORMATS, isExportFormat, renderExport, type ExportFile, type ExportFormat } from './export/registry.ts';
import { neo4jTargetFrom, pushToNeo4j, type Neo4jTarget, type PushResult } from './export/bolt.ts';
import type { AndOrGraph } from './graph.ts';
import type { Alert as SigmaAlert } from '../detect/sigma/alert.ts';

export type { BuiltGraph, Change, EngineKind, AndOrGraph, Reachability, GoalReport, Violation, OverlayAlert, OverlayResult, HardenResult, FixKind, GraphDiff, ExportFile, ExportFormat, Neo4jTarget, PushResult };
export { EXPORT_FORMATS, isExportFormat, neo4jTargetFrom };

export interface TenantGraphOptions {
  dataDir: string;
  tenant: string;
  /** Default: <dataDir>/tenants/<tenant>/inventory/. */
  inventoryDir?: string;
  goals?: string[];
}

/** The tenant's inventory folder (not a layer: inventories are per tenant only). */
export function tenantInventoryDir(dataDir: string, tenant: string): string {
  return join(dataDir, 'tenants', assertTenant(tenant), 'inventory');
}

export function buildTenantGraph(opts: TenantGraphOptions): BuiltGraph {
  return buildAttackGraph({ inventory: opts.inventoryDir ?? tenantInventoryDir(opts.dataDir, opts.tenant), goals: opts.goals, dataDir: opts.dataDir, tenant: opts.tenant });
}

export function buildFromInventory(dir: string, opts: { dataDir?: string; tenant?: string; goals?: string[]; rulesDir?: string } = {}): BuiltGraph {
  return buildAttackGraph({ inventory: dir, ...opts });
}

export function buildFromMulval(file: string, opts: { goals?: string[]; engine?: EngineKind; rulesDir?: string } = {}): BuiltGraph {
  return buildAttackGraph({ mulval: file, ...opts });
}

export function reachable(built: BuiltGraph): Reachability {
  return reachability(built.graph);
}

export function pathsToGoals(built: BuiltGraph): GoalReport[] {
  return analyzeGraph(built).goals;
}

export function violations(built: BuiltGraph): Violation[] {
  return policyViolations(built.graph, built.policy);
}

/** Overlay context per graph: computed once, reused by every attackerView call on it. */
const overlays = new WeakMap<AndOrGraph, OverlayContext>();

export function attackerView(built: BuiltGraph, alerts: readonly OverlayAlert[], opts: { limit?: number } = {}): OverlayResult {
  let ctx = overlays.get(built.graph);
  if (!ctx) {
    const { p } = factProbabilities(built.graph, leafProbabilities(built.graph, built.likelihood));
    overlays.set(built.graph, (ctx = overlayContext(built.graph, p)));
  }
  return overlayAlerts(ctx, alerts, opts.limit);
}

const LEVELS: Record<string, number> = { critical: 5, high: 4, medium: 3, low: 2, informational: 1 };

/** L1 (Sigma) alerts as overlay alerts: host and user from the first event (or the
 *  correlation's group-by values); alerts naming neither are dropped. */
export function alertsFromSigma(alerts: readonly SigmaAlert[]): OverlayAlert[] {
  const out: OverlayAlert[] = [];
  for (const a of alerts) {
    const e = a.events[0] ?? {};
    const pick = (...names: string[]) => {
      for (const n of names) {
        const v = e[n] ?? a.group?.[n];
        if (typeof v === 'string' && v) return v;
      }
      return undefined;
    };
    const host = pick(F.hostName, F.hostHostname);
    const user = pick(F.userName, F.userTargetName);
    if (!host && !user) continue;
    out.push({ host, user, ruleId: a.rule.id, level: LEVELS[a.rule.level.toLowerCase()] ?? 1, time: a.time });
  }
  return out;
}

export interface HardeningAdvice extends HardenResult {
  goals: string[];
  verification: { reevaluated: true; goalsStillReachable: string[] };
}

export async function advise(built: BuiltGraph, opts: { costs?: Partial<Record<FixKind, number>>; maxFixes?: number } = {}): Promise<HardeningAdvice> {
  const g = built.graph;
  const advice = await harden(g, g.goals, { zoneOf: (h) => built.zones.get(h) ?? h, costs: opts.costs, maxFixes: opts.maxFixes });
  const after = built.reevaluate({ remove: new Set(advice.fixes.flatMap((x) => x.removeFacts)) });
  return { ...advice, goals: g.goals.map((x) => g.facts.label(x)), verification: { reevaluated: true, goalsStillReachable: after.goals.map((x) => after.facts.label(x)) } };
}

/** `remove` and `add` are fact texts as a user writes them (`vulExists(web1, 'CVE-…', httpd)`). */
export function whatIf(built: BuiltGraph, change: { remove?: readonly string[]; add?: readonly string[] }): GraphDiff {
  const remove = new Set(parseFacts(change.remove ?? [], 'remove').map((l) => termLabel(l.args.length ? { k: 'cmp', functor: l.name, args: l.args } : { k: 'atom', name: l.name })));
  return diffGraphs(built.graph, built.reevaluate({ remove, add: change.add }));
}

export function exportGraph(graph: AndOrGraph, format: ExportFormat, opts: { pruned?: boolean } = {}): ExportFile[] {
  return renderExport(graph, format, opts);
}

export function pushGraph(graph: AndOrGraph, target: Neo4jTarget, opts: { graph?: string; pruned?: boolean; batch?: number } = {}): Promise<PushResult> {
  return pushToNeo4j(graph, target, opts);
}
