// The hourly cycle for one tenant: every complete window since the last one processed is
// read from the event store, judged, learned from, reported, stored and delivered. The model
// and each report are saved window by window, so a restart resumes where it stopped.
import type { Event } from '../../core/event.ts';
import type { AnomalyConfig } from './config.ts';
import { periodMs, processWindow, windowOf, type SuppressionCheck } from './engine.ts';
import { emptyModel } from './model.ts';
import { deliver } from './notify/registry.ts';
import type { Notifier } from './notify/notifier.ts';
import { buildReport, type HourlyReport, type L1RuleCount } from './report/report-model.ts';
import type { AnomalyStateStore } from './state/state-store.ts';

export interface RunOptions {
  tenant: string;
  config: AnomalyConfig;
  state: AnomalyStateStore;
  /** Events of the tenant with from <= time < to, in time order. */
  events: (from: number, to: number) => Promise<Event[]>;
  /** L1 alerts of the window, summarised per rule. */
  l1?: (from: number, to: number) => Promise<L1RuleCount[]>;
  /** Process windows ending at or before this time (epoch ms). */
  until: number;
  /** Where a tenant with no model starts (epoch ms); default: the warm-up before `until`. */
  since?: number;
  suppress?: SuppressionCheck;
  notifiers?: readonly Notifier[];
  /** Called with each delivery failure; processing goes on. */
  onDeliveryError?: (notifier: string, error: string) => void;
}

export async function runWindows(o: RunOptions): Promise<HourlyReport[]> {
  const model = (await o.state.loadModel(o.tenant)) ?? emptyModel(o.tenant);
  const last = windowOf(o.until, o.config) - 1;
  const first =
    model.lastWindow !== null ? model.lastWindow + 1 : windowOf(o.since ?? o.until - (o.config.warmupPeriods + 1) * periodMs(o.config), o.config);
  const reports: HourlyReport[] = [];
  for (let w = first; w <= last; w++) {
    const from = w * periodMs(o.config);
    const to = from + periodMs(o.config);
    const result = processWindow(model, w, await o.events(from, to), o.config, o.suppress);
    const report = buildReport(result, model, o.config, o.l1 ? await o.l1(from, to) : []);
    await o.state.saveReport(report);
    await o.state.saveModel(model);
    reports.push(report);
    if (!result.warmingUp && o.notifiers?.length) {
      for (const r of await deliver(report, o.notifiers)) if (r.error) o.onDeliveryError?.(r.notifier, r.error);
    }
  }
  return reports;
}
