// The demo's short summary on stdout: what was read and by which parser, what the miner
// learned, what stayed unparsed and why, the accounting check, L1 alerts by rule, the most
// anomalous entities of the hourly reports, and where the alerts place the attacker on the
// attack graph with the next steps open to them.
import { accountedLines, EMPTY, LINES, MINED_COUNTER } from '../pipeline/counters.ts';
import type { Alert } from '../detect/sigma/alert.ts';
import { ATTACKER_IP } from './estate.ts';
import type { DemoRun } from './run.ts';

const TOP_RULES = 12;
const TOP_TEMPLATES = 8;
const TOP_ANOMALIES = 8;
const TOP_STEPS = 5;

/** Alerts per rule (title and level), most first; repeats folded by throttling count too. */
export function alertsByRule(alerts: readonly Alert[]): { title: string; level: string; kind: string; n: number }[] {
  const by = new Map<string, { title: string; level: string; kind: string; n: number }>();
  for (const a of alerts) {
    const r = by.get(a.rule.id) ?? { title: a.rule.title, level: a.rule.level, kind: a.kind, n: 0 };
    r.n += 1 + a.repeats;
    by.set(a.rule.id, r);
  }
  return [...by.values()].sort((a, b) => b.n - a.n || a.title.localeCompare(b.title));
}

const hourOf = (t: number) => new Date(t).toISOString().slice(0, 13);

export function printSummary(run: DemoRun, out: (s?: string) => void, logsLabel: string): void {
  const c = run.counters;
  const lines = c[LINES] ?? 0;
  out(`StegoSOC demo: ${lines.toLocaleString('en-US')} lines from ${logsLabel} (tenant "demo")`);
  out();
  out('Parsed by a known format:');
  for (const [k, v] of Object.entries(c).filter(([k]) => k.startsWith('parsed:')).sort((a, b) => b[1] - a[1])) {
    out(`  ${k.slice('parsed:'.length).padEnd(14)} ${String(v).padStart(6)} lines`);
  }
  out(`Structured by the template miner: ${c[MINED_COUNTER] ?? 0} lines`);
  const templates = run.stored.templates;
  out(`Templates learned (${templates.length}; top ${Math.min(templates.length, TOP_TEMPLATES)} by lines):`);
  for (const t of templates.slice(0, TOP_TEMPLATES)) {
    out(`  ${t.templateId.padEnd(12)} ${String(t.count).padStart(5)}x  ${t.template.slice(0, 100)}`);
    out(`  ${' '.repeat(20)}e.g. ${t.example.slice(0, 100)}`);
  }
  out(`Kept unparsed, with the reason (${run.stored.unparsed}):`);
  for (const u of run.stored.unparsedSamples) out(`  ${u.reason}: ${u.raw.slice(0, 70)}${u.raw.length > 70 ? '…' : ''}`);
  if (run.stored.unparsedSamples.length === 0) out('  (none)');
  out(`Accounting: ${lines} lines = ${accountedLines(c)} accounted for (${run.stored.events} events — auditd records of one event are joined — ` +
    `${run.stored.unparsed} unparsed, ${c[EMPTY] ?? 0} empty)`);
  out(`Events with source.ip = ${ATTACKER_IP} (the demo's attacker): ${[...run.stored.fromAttacker.values()].reduce((a, b) => a + b, 0)} ` +
    `(${[...run.stored.fromAttacker].map(([p, n]) => `${p} ${n}`).join(', ')})`);
  out();

  const rules = alertsByRule(run.alerts);
  const total = rules.reduce((n, r) => n + r.n, 0);
  out(`L1 alerts (Sigma rules, raised while ingesting): ${total} from ${rules.length} rules; top ${Math.min(rules.length, TOP_RULES)}:`);
  for (const r of rules.slice(0, TOP_RULES)) out(`  ${String(r.n).padStart(4)}x  ${r.level.padEnd(8)} ${r.title}${r.kind === 'correlation' ? ' (correlation)' : ''}`);
  if (rules.length === 0) out('  (none)');
  const naming = run.alerts.filter((a) => JSON.stringify(a.group ?? a.events[0] ?? {}).includes(`"${ATTACKER_IP}"`)).length;
  out(`  ${naming} of them name the attacker ${ATTACKER_IP}`);
  out();

  const judged = run.reports.filter((r) => !r.warmingUp);
  out(`L2 hourly reports: ${run.reports.length} stored (${run.reports.length - judged.length} warm-up hours, ${judged.length} judged); most anomalous entities:`);
  const top = judged.flatMap((r) => r.topEntities.map((e) => ({ hour: hourOf(r.start), e }))).sort((a, b) => b.e.score - a.e.score).slice(0, TOP_ANOMALIES);
  for (const { hour, e } of top) out(`  ${hour}h  ${String(e.score).padStart(3)} ${e.band.padEnd(6)} ${`${e.entity.type}:${e.entity.value}`.padEnd(28)} ${(e.findings[0]?.reason ?? '').slice(0, 80)}`);
  if (top.length === 0) out('  (none)');
  out();

  const g = run.graph;
  out(`Attack graph: ${g.nodes} nodes, ${g.edges} edges, computed in ${(g.ms / 1000).toFixed(2)} s; crown jewels: ${g.goals.join(', ') || '(none reachable)'}`);
  out(`Attacker positions placed by ${run.placed.length} alerts (${run.overlay.unplaced.length} name nothing on the graph):`);
  for (const p of run.overlay.positions) {
    const titles = [...new Set(p.alerts.map((a) => run.alerts.find((x) => x.rule.id === a.ruleId)?.rule.title ?? a.ruleId))];
    out(`  ${p.fact.padEnd(40)} ${p.alerts.length} alert(s): ${titles.slice(0, 3).join('; ')}${titles.length > 3 ? '…' : ''}`);
  }
  if (run.overlay.positions.length === 0) out('  (none)');
  out('Most likely next steps:');
  for (const s of run.overlay.nextSteps.slice(0, TOP_STEPS)) {
    out(`  ${s.gains.padEnd(48)} p=${s.probability.toFixed(2)} ${Number.isFinite(s.distanceToGoal) ? `${s.distanceToGoal} step(s) from a crown jewel` : ''} (${s.step})`);
  }
  if (run.overlay.nextSteps.length === 0) out('  (none)');
}
