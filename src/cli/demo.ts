// `stegosoc demo`: ingests the bundled demo logs (demo/logs/: sshd/sudo syslog, apache and
// nginx access logs, auditd, a JSON app log, CloudTrail and a home-grown worker log no parser
// knows) into a fresh embedded store, then shows what was parsed, what the miner learned and
// what was kept unparsed, and why. Every line read is accounted for in the totals. The global
// Sigma rules run on every batch as it is ingested; the L1 alerts they raised close the show.
import type { Command } from 'commander';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PRODUCT_ROOT } from '../core/layer-dirs.ts';
import { F } from '../core/fields.ts';
import { accountedLines, EMPTY, LINES, MINED_COUNTER } from '../pipeline/counters.ts';
import { ingest } from '../pipeline/ingest-setup.ts';
import { DetectStage } from '../pipeline/detect-stage.ts';
import { SqliteAlertSink } from '../detect/sigma/alert-store-sqlite.ts';
import type { Alert } from '../detect/sigma/alert.ts';
import { openSqliteStore } from '../store/index.ts';
import { defaultDbPath } from '../store/locations.ts';

const TENANT = 'demo';
/** Small on purpose, so the demo shows what happens to an overlong line (a stack dump). */
const DEMO_MAX_LINE_BYTES = 4096;
/** The address the demo's attacker uses (see demo/generate-logs.ts). */
const ATTACKER = '203.0.113.66';
const TOP_RULES = 10;

/** Alerts per rule (title and level), most first. */
function alertsByRule(alerts: readonly Alert[]): { title: string; level: string; kind: string; n: number }[] {
  const by = new Map<string, { title: string; level: string; kind: string; n: number }>();
  for (const a of alerts) {
    const r = by.get(a.rule.id) ?? { title: a.rule.title, level: a.rule.level, kind: a.kind, n: 0 };
    r.n++;
    by.set(a.rule.id, r);
  }
  return [...by.values()].sort((a, b) => b.n - a.n || a.title.localeCompare(b.title));
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('ingest the bundled demo logs into a fresh store and show what was parsed and learned')
    .option('--data-dir <dir>', 'where to keep the demo store (default: a new temporary directory)')
    .option('--templates <n>', 'templates to show', '12')
    .action(async (opts: { dataDir?: string; templates: string }) => {
      const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'stegosoc-demo-'));
      const db = defaultDbPath(dataDir);
      const logs = join(PRODUCT_ROOT, 'demo', 'logs');
      const store = openSqliteStore(db);
      const warn = (m: string) => process.stderr.write(`stegosoc: ${m}\n`);
      const detect = new DetectStage({ dataDir, file: db, onWarning: warn });
      const out = (s = '') => process.stdout.write(`${s}\n`);
      try {
        const totals = await ingest({
          paths: [join(logs, '*')], tenant: TENANT, follow: false, dataDir, store, maxLineBytes: DEMO_MAX_LINE_BYTES,
          signal: new AbortController().signal, progress: false, detect, onWarning: warn,
        });
        // Totals of this run, or of the store when the demo already ran on this data dir.
        const c = (totals[LINES] ?? 0) > 0 ? totals : await store.counters(TENANT);
        const lines = c[LINES] ?? 0;
        out(`StegoSOC demo: ${lines} lines from ${relative(process.cwd(), logs) || logs} (tenant "${TENANT}")`);
        out();
        out('Parsed by a known format:');
        for (const [k, v] of Object.entries(c).filter(([k]) => k.startsWith('parsed:')).sort((a, b) => b[1] - a[1])) {
          out(`  ${k.slice('parsed:'.length).padEnd(14)} ${String(v).padStart(5)} lines`);
        }
        out(`Structured by the template miner: ${c[MINED_COUNTER] ?? 0} lines`);
        const templates = await store.listTemplates(TENANT);
        out();
        out(`Templates learned (${templates.length}; top ${Math.min(templates.length, Number(opts.templates))} by lines):`);
        for (const t of templates.slice(0, Number(opts.templates))) {
          out(`  ${t.templateId.padEnd(12)} ${String(t.count).padStart(4)}x  ${t.template}`);
          out(`  ${' '.repeat(19)}e.g. ${t.example.slice(0, 110)}`);
        }
        const unparsed = await store.listUnparsed(TENANT, 20);
        out();
        out(`Kept unparsed, with the reason (${await store.countUnparsed(TENANT)}):`);
        for (const u of unparsed) out(`  ${u.reason}: ${u.raw.slice(0, 70)}${u.raw.length > 70 ? '…' : ''}`);
        if (unparsed.length === 0) out('  (none)');
        out();
        const events = await store.countEvents({ tenant: TENANT });
        out(`Accounting: ${lines} lines = ${accountedLines(c)} accounted for (${events} events — auditd records of one event are joined — ` +
          `${await store.countUnparsed(TENANT)} unparsed, ${c[EMPTY] ?? 0} empty)`);
        const fromAttacker = await store.queryEvents({ tenant: TENANT, where: { [F.sourceIp]: ATTACKER } });
        const byParser = new Map<string, number>();
        for (const e of fromAttacker) byParser.set(e.parser, (byParser.get(e.parser) ?? 0) + 1);
        out(`Events with source.ip = ${ATTACKER} (the demo's attacker): ${fromAttacker.length} ` +
          `(${[...byParser].map(([p, n]) => `${p} ${n}`).join(', ')})`);
        out();
        const sink = new SqliteAlertSink(db);
        const alerts = sink.list({ tenant: TENANT });
        sink.close();
        const rules = alertsByRule(alerts);
        out(`L1 alerts (Sigma rules, raised while ingesting): ${alerts.length} from ${rules.length} rules; top ${Math.min(rules.length, TOP_RULES)}:`);
        for (const r of rules.slice(0, TOP_RULES)) {
          out(`  ${String(r.n).padStart(4)}x  ${r.level.padEnd(8)} ${r.title}${r.kind === 'correlation' ? ' (correlation)' : ''}`);
        }
        if (rules.length === 0) out('  (none)');
        const fromAttackerAlerts = alerts.filter((a) => JSON.stringify(a.group ?? a.events[0] ?? {}).includes(`"${ATTACKER}"`)).length;
        out(`  ${fromAttackerAlerts} of them name the attacker ${ATTACKER}`);
        out();
        out(`Store: ${db}`);
        out(`Next: ./bin/stegosoc.js templates list --tenant ${TENANT} --data-dir ${dataDir}`);
      } finally {
        detect.close();
        await store.close();
      }
    });
}
