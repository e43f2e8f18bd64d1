// HTTP ingest under load: a load generator in a second process posts NDJSON batches to a
// real server over loopback for BENCH_SECONDS (default 60), with event and alert queries
// alongside. Figures: events/s stored with nothing lost (store count = events sent), and
// p99 query latency under load and quiet. Baseline in the same run: the same batches put
// through the parse stage and the store in-process (no HTTP), the ceiling HTTP can reach.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './run.ts';
import { figure, timed } from './lib.ts';
import { batchBody } from './http-ingest-data.ts';
import type { ClientReport } from './http-ingest-client.ts';
import { validateConfig } from '../src/config/load.ts';
import { buildApp } from '../src/server/app.ts';
import { defaultDbPath } from '../src/store/locations.ts';
import { SqliteAlertSink } from '../src/detect/sigma/alert-store-sqlite.ts';
import { openSqliteStore } from '../src/store/index.ts';
import { tenantParts } from '../src/pipeline/parse-parts.ts';
import { parseStage } from '../src/pipeline/parse-stage.ts';
import { frameBody } from '../src/server/ingest-service.ts';

const TENANT = 'bench';
const BATCH = 2000;
const WORKERS = 4;
const START = Date.UTC(2026, 10, 27);

const p99 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] ?? NaN;
};

/** In-process ceiling: parse stage + one store transaction per batch, no HTTP. */
async function baseline(dir: string, seconds: number): Promise<number> {
  const store = openSqliteStore(join(dir, 'baseline.db'));
  const parts = tenantParts({ dataDir: dir, store });
  await parts.prepare(TENANT);
  let events = 0;
  const t = await timed(async () => {
    const end = Date.now() + seconds * 1000;
    for (let seq = 0; Date.now() < end; seq++) {
      const out = parseStage({ tenant: TENANT, source: 'baseline', sourceId: `b${seq}`, lines: frameBody(Buffer.from(batchBody(0, seq, BATCH, START))) }, parts);
      events += (await store.writeBatch({ tenant: TENANT, events: out.events, unparsed: out.unparsed, counters: out.counters, templates: out.templates })).insertedEvents;
    }
  });
  await store.close();
  return events / t.seconds;
}

export async function run(): Promise<BenchResult[]> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 60);
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-bench-http-'));
  try {
    const base = await baseline(dir, Math.min(10, Math.max(2, seconds / 6)));
    const app = await buildApp(validateConfig({ dataDir: dir, log: { level: 'warn' }, ingest: { maxQueuedBatches: 16 } }));
    app.ctx.tokens.addTenant(TENANT);
    const ingestToken = app.ctx.tokens.createToken({ tenant: TENANT, role: 'ingest' }).token;
    const readToken = app.ctx.tokens.createToken({ tenant: TENANT, role: 'analyst' }).token;
    // Alerts to query: a day's worth for a busy tenant.
    const sink = new SqliteAlertSink(defaultDbPath(dir));
    for (let i = 0; i < 5000; i++) {
      sink.add({
        id: `al-${i}`, tenant: TENANT, time: START + i * 17_000, kind: 'rule', repeats: 0, input: { line: i },
        rule: { id: `rule-${i % 40}`, title: `bench rule ${i % 40}`, level: 'medium', tags: ['attack.t1110'], references: [] },
        events: [{ 'user.name': `u${i % 50}`, 'source.ip': `10.0.${i % 250}.${i % 200}` }],
      });
    }
    sink.close();
    const url = await app.app.listen({ host: '127.0.0.1', port: 0 });

    const child = fork(new URL('./http-ingest-client.ts', import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'] });
    const t0 = process.hrtime.bigint();
    const reply = new Promise<{ report?: ClientReport; error?: string }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { report?: ClientReport; error?: string }));
      child.once('exit', (code) => reject(new Error(`load generator exited with ${code}`)));
    });
    child.send({ url, ingestToken, readToken, seconds, batch: BATCH, workers: WORKERS, start: START });
    const got = await reply;
    if (!got.report) throw new Error(`load generator failed: ${got.error}`);
    const r = got.report;
    const loadSeconds = seconds; // the generator stops sending at the deadline; the tail is its last batches
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const stored = await app.ctx.store.countEvents({ tenant: TENANT });
    await app.close();

    const rate = r.acceptedEvents / loadSeconds;
    process.stdout.write(`  ${seconds}s of load (${wall.toFixed(1)}s with the quiet query phase), ${WORKERS} workers × ${BATCH}-event NDJSON batches: ` +
      `${r.sentEvents.toLocaleString('en-US')} sent, ${stored.toLocaleString('en-US')} stored, ${r.requests} requests, ${r.retries429} answered 429 and retried, ${r.failures} failed\n`);
    process.stdout.write(`  baseline (parse stage + store in-process, no HTTP): ${Math.round(base).toLocaleString('en-US')} events/s; ` +
      `HTTP reached ${(rate / base).toFixed(2)}× of it; POST p99 ${p99(r.postMs).toFixed(1)} ms\n`);
    process.stdout.write(`  queries under load: events p99 ${p99(r.loadQueryMs.events).toFixed(1)} ms (${r.loadQueryMs.events.length}), alerts p99 ${p99(r.loadQueryMs.alerts).toFixed(1)} ms (${r.loadQueryMs.alerts.length})\n`);
    return [
      figure('http ingest: events stored / events sent (nothing lost)', stored / r.sentEvents, '>=', 1),
      figure('http ingest: sustained events/s over loopback', rate, '>=', 50_000, ' ev/s'),
      figure('http query: events p99 (quiet, 200 queries)', p99(r.quietQueryMs.events), '<=', 100, ' ms'),
      figure('http query: alerts p99 (quiet, 200 queries over 5,000 alerts)', p99(r.quietQueryMs.alerts), '<=', 100, ' ms'),
      figure('http query: events p99 under ingest load', p99(r.loadQueryMs.events), '<=', 100, ' ms'),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
