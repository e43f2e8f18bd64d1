// The demo's main job, minus the server: ingest every demo log for tenant "demo" (parse, learn
// the unknown format, L1 rules on every batch), run the L2 hourly cycle over every hour of the
// day (reports stored), copy the inventory into the tenant's folder and compute the attack graph
// with the alerts' positions on it. Each stage reports its progress and its wall time.
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ingest } from '../pipeline/ingest-setup.ts';
import { DetectStage } from '../pipeline/detect-stage.ts';
import type { Counters } from '../pipeline/counters.ts';
import { SqliteAlertSink } from '../detect/sigma/alert-store-sqlite.ts';
import type { Alert } from '../detect/sigma/alert.ts';
import { anomalyConfig } from '../detect/anomaly/config.ts';
import { runWindows } from '../detect/anomaly/runner.ts';
import type { HourlyReport, L1RuleCount } from '../detect/anomaly/report/report-model.ts';
import { openSqliteAnomalyState } from '../detect/anomaly/state/sqlite-state.ts';
import { loadSuppressions, suppressionCheck } from '../detect/anomaly/suppressions.ts';
import { buildAttackGraph } from '../attackgraph/build.ts';
import { leafProbabilities } from '../attackgraph/analyses/probability.ts';
import { overlayAlerts, overlayContext, type OverlayResult } from '../attackgraph/analyses/overlay.ts';
import { openSqliteStore } from '../store/index.ts';
import type { TemplateRow } from '../store/store.ts';
import type { UnparsedRecord } from '../core/event.ts';
import { F } from '../core/fields.ts';
import { defaultDbPath } from '../store/locations.ts';
import { anomalyStatePath } from '../cli/report.ts';
import { ATTACKER_IP, DAY_END, DAY_START, HOUR } from './estate.ts';
import { directoryFromGraph, placeAlert, type PlacedAlert } from '../attackgraph/analyses/place-alerts.ts';

export const DEMO_TENANT = 'demo';
/** Small on purpose, so the demo shows what happens to an overlong line (a stack dump). */
export const DEMO_MAX_LINE_BYTES = 4096;
/**
 * The demo has one day of history: the night and early morning are the warm-up (the model only
 * learns), the working day is judged. A real tenant keeps the product's default of a day.
 */
export const DEMO_ANOMALY = { warmupPeriods: 8, minHistory: 4 } as const;

export interface StageTime {
  stage: string;
  ms: number;
}

export interface DemoRun {
  dataDir: string;
  db: string;
  counters: Counters;
  alerts: Alert[];
  reports: HourlyReport[];
  graph: { nodes: number; edges: number; goals: string[]; ms: number };
  overlay: OverlayResult;
  placed: PlacedAlert[];
  stages: StageTime[];
  /** What the store holds after the run. */
  stored: { events: number; unparsed: number; templates: TemplateRow[]; unparsedSamples: UnparsedRecord[]; fromAttacker: Map<string, number> };
}

export interface DemoRunOptions {
  dataDir: string;
  logsDir: string;
  inventoryDir: string;
  /** Progress and stage lines (stderr in the CLI). */
  say: (line: string) => void;
  onWarning: (message: string) => void;
  /** Show the running line count while ingesting. */
  progress: boolean;
}

/** Where the console's attack-graph routes read a tenant's inventory (the console contract). */
export const demoInventoryDir = (dataDir: string) => join(dataDir, 'tenants', DEMO_TENANT, 'inventory');

function summariseAlerts(alerts: readonly Alert[], from: number, to: number): L1RuleCount[] {
  const byRule = new Map<string, L1RuleCount>();
  for (const a of alerts) {
    if (a.time < from || a.time >= to) continue;
    const r = byRule.get(a.rule.title) ?? { rule: a.rule.title, level: a.rule.level, count: 0 };
    r.count += 1 + a.repeats;
    byRule.set(a.rule.title, r);
  }
  return [...byRule.values()].sort((a, b) => b.count - a.count);
}

export async function runDemo(o: DemoRunOptions): Promise<DemoRun> {
  const stages: StageTime[] = [];
  const timed = async <T>(stage: string, what: string, f: () => Promise<T> | T): Promise<T> => {
    o.say(`[${stages.length + 1}/4] ${what}…`);
    const t0 = performance.now();
    const r = await f();
    stages.push({ stage, ms: performance.now() - t0 });
    o.say(`      done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return r;
  };
  const db = defaultDbPath(o.dataDir);
  const store = openSqliteStore(db);
  try {
    const counters = await timed('ingest', 'ingest, parse, learn templates and run the L1 rules', async () => {
      const detect = new DetectStage({ dataDir: o.dataDir, file: db, onWarning: o.onWarning });
      try {
        return await ingest({
          paths: [join(o.logsDir, '**', '*')], tenant: DEMO_TENANT, follow: false, dataDir: o.dataDir, store, maxLineBytes: DEMO_MAX_LINE_BYTES,
          signal: new AbortController().signal, progress: o.progress, detect, onWarning: o.onWarning,
        });
      } finally {
        detect.close();
      }
    });
    const sink = new SqliteAlertSink(db);
    const alerts = sink.list({ tenant: DEMO_TENANT });
    sink.close();

    const reports = await timed('L2', 'L2 anomaly cycle over every hour of the day', async () => {
      const state = openSqliteAnomalyState(anomalyStatePath(o.dataDir));
      try {
        await runWindows({
          tenant: DEMO_TENANT,
          config: anomalyConfig(DEMO_ANOMALY),
          state,
          since: DAY_START,
          until: DAY_END,
          events: (from, to) => store.queryEvents({ tenant: DEMO_TENANT, from, to }),
          l1: async (from, to) => summariseAlerts(alerts, from, to),
          suppress: suppressionCheck(loadSuppressions(DEMO_TENANT, o.dataDir)),
        });
        // Every hour's stored report, also those of an earlier run on the same data dir.
        const stored: HourlyReport[] = [];
        for (let h = DAY_START; h < DAY_END; h += HOUR) {
          const r = await state.loadReport(DEMO_TENANT, h);
          if (r) stored.push(r);
        }
        return stored;
      } finally {
        await state.close();
      }
    });

    const { graph, overlay, placed } = await timed('attack graph', 'attack graph of the inventory with the alerts placed on it', () => {
      const inv = demoInventoryDir(o.dataDir);
      mkdirSync(inv, { recursive: true });
      cpSync(o.inventoryDir, inv, { recursive: true });
      const t0 = performance.now();
      const built = buildAttackGraph({ inventory: inv, dataDir: o.dataDir, tenant: DEMO_TENANT });
      const g = built.graph;
      const ms = performance.now() - t0;
      const dir = directoryFromGraph(g, built);
      const placedAlerts = alerts.flatMap((a) => placeAlert(a, dir));
      const ctx = overlayContext(g, leafProbabilities(g, built.likelihood));
      let edges = 0;
      for (let a = 0; a < g.andCount; a++) edges += 1 + ((g.andBodyStart[a + 1] as number) - (g.andBodyStart[a] as number));
      return {
        graph: { nodes: g.facts.count + g.andCount, edges, goals: g.goals.map((f) => g.facts.label(f)), ms },
        overlay: overlayAlerts(ctx, placedAlerts),
        placed: placedAlerts,
      };
    });
    const fromAttacker = new Map<string, number>();
    for (const e of await store.queryEvents({ tenant: DEMO_TENANT, where: { [F.sourceIp]: ATTACKER_IP } })) fromAttacker.set(e.parser, (fromAttacker.get(e.parser) ?? 0) + 1);
    const stored = {
      events: await store.countEvents({ tenant: DEMO_TENANT }),
      unparsed: await store.countUnparsed(DEMO_TENANT),
      templates: await store.listTemplates(DEMO_TENANT),
      unparsedSamples: await store.listUnparsed(DEMO_TENANT, 10),
      fromAttacker,
    };
    // Totals of this run, or of the store when the demo already ran on this data dir.
    const totals = (counters['lines'] ?? 0) > 0 ? counters : await store.counters(DEMO_TENANT);
    return { dataDir: o.dataDir, db, counters: totals, alerts, reports, graph, overlay, placed, stages, stored };
  } finally {
    await store.close();
  }
}
