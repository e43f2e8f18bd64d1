// HTTP ingest under load: a load generator in a second process posts batches — raw syslog
// lines and NDJSON, half each — to a real server over loopback for BENCH_SECONDS (default
// 60), with event and alert queries alongside. Figures: events/s stored with nothing lost
// (store count = events sent), the rate of every 10 s window, the server process's CPU per
// event, and p50/p95/p99 per query type under load and quiet. Baseline in the same run: the
// same ingest service (parse, L1, store on its writer thread) called in-process with the
// same batches and no HTTP, the ceiling HTTP can reach. The load average is printed with
// the figures: on a shared 2-core machine they mean little without it.
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './run.ts';
import { figure } from './lib.ts';
import { batchBody, kindOf } from './http-ingest-data.ts';
import { QUERY_KINDS, WINDOW_S, type ClientArgs, type ClientReport } from './http-ingest-client.ts';
import { validateConfig } from '../src/config/load.ts';
import { buildApp, type App } from '../src/server/app.ts';
import { defaultDbPath } from '../src/store/locations.ts';
import { tenantLayerDir } from '../src/core/layer-dirs.ts';
import { SqliteAlertSink } from '../src/detect/sigma/alert-store-sqlite.ts';

const TENANT = 'bench';
const BATCH = 2000;
const WORKERS = 6;
const POOL = 16;
const START = Date.UTC(2026, 10, 27);
const TARGET = 50_000;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(s.length * q) - 1))] ?? NaN;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
/** CPU seconds per thread of this process (Linux /proc; empty elsewhere): shows which thread
 *  — the main one (HTTP, parse, L1) or the store's writer — bounds the rate. */
function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  if (!existsSync('/proc/self/task')) return out;
  const tick = 100; // USER_HZ, 100 on Linux
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, (Number(f[11]) + Number(f[12])) / tick);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function server(dir: string): Promise<App> {
  // The tenant's (empty) layer folders, as an operator's tenant has them: without them the
  // rule watcher falls back to watching the nearest existing parent — the data dir, where
  // every commit touches the store's WAL — and rescans it on each write (reported, not ours).
  for (const kind of ['rules', 'filters', 'mappings', 'lists'] as const) mkdirSync(tenantLayerDir(dir, TENANT, kind), { recursive: true });
  // Queue bound above the workers in flight: backpressure is the generator's closed loop
  // (each worker waits for its answer), 429 stays for clients that overrun it.
  const app = await buildApp(validateConfig({ dataDir: dir, log: { level: 'warn' }, ingest: { maxQueuedBatches: WORKERS * 2 } }));
  app.ctx.tokens.addTenant(TENANT);
  return app;
}

/** In-process ceiling: the same ingest service and batches, WORKERS callers, no HTTP. */
async function baseline(dir: string, seconds: number): Promise<{ rate: number; cpuPerEvent: number }> {
  const app = await server(dir);
  const bodies = Array.from({ length: WORKERS }, (_, w) => Array.from({ length: POOL }, (_, seq) => Buffer.from(batchBody(w, seq, BATCH, START))));
  // Warm-up outside the clock: the first batches pay for compiling the rules and the parsers.
  await Promise.all(Array.from({ length: WORKERS }, async (_, w) => {
    for (let i = 0; i < 3; i++) await app.ctx.ingest.ingest(TENANT, 'warm-up', bodies[w]?.[i] as Buffer, `warm-${w}-${i}`);
  }));
  let events = 0;
  const c0 = cpuSeconds();
  const t0 = process.hrtime.bigint();
  const end = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: WORKERS }, async (_, w) => {
    for (let seq = 0; Date.now() < end; seq++) {
      const body = bodies[w]?.[seq % POOL] as Buffer;
      const json = kindOf(w, seq) === 'json';
      // Awaited first, then added: `events += await …` reads `events` before the await, so
      // the concurrent callers overwrote each other's counts (the baseline read ~6× low).
      const r = await app.ctx.ingest.ingest(TENANT, json ? 'http-json' : 'http-raw', body, `b${w}-${seq}`, json ? { jsonLines: true } : {});
      events += r.events;
    }
  }));
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = cpuSeconds() - c0;
  await app.close();
  return { rate: events / wall, cpuPerEvent: cpu / events };
}

export async function run(): Promise<BenchResult[]> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 60);
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-bench-http-'));
  try {
    process.stdout.write(`  load average before: ${load()}\n`);
    const base = await baseline(join(dir, 'baseline'), Math.min(20, Math.max(5, seconds / 3)));
    const app = await server(join(dir, 'server'));
    const ingestToken = app.ctx.tokens.createToken({ tenant: TENANT, role: 'ingest' }).token;
    const readToken = app.ctx.tokens.createToken({ tenant: TENANT, role: 'analyst' }).token;
    // Alerts to query: a day's worth for a busy tenant.
    const sink = new SqliteAlertSink(defaultDbPath(join(dir, 'server')));
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
    // The server's CPU over the load phase: read when the generator says its load is done,
    // before its quiet queries (600 of them, which counted as ingest CPU per event before).
    let serverCpu = NaN;
    let threads1 = new Map<string, number>();
    const c0 = cpuSeconds();
    const threads0 = threadCpu();
    const reply = new Promise<{ report?: ClientReport; error?: string }>((resolve, reject) => {
      child.on('message', (m: { report?: ClientReport; error?: string; loadDone?: boolean }) => {
        if (!m.loadDone) return resolve(m);
        serverCpu = cpuSeconds() - c0;
        threads1 = threadCpu();
      });
      child.once('exit', (code) => reject(new Error(`load generator exited with ${code}`)));
    });
    const args: ClientArgs = { url, ingestToken, readToken, seconds, batch: BATCH, workers: WORKERS, pool: POOL, start: START };
    child.send(args);
    const got = await reply;
    if (!got.report) throw new Error(`load generator failed: ${got.error}`);
    const r = got.report;
    const stored = await app.ctx.store.countEvents({ tenant: TENANT });
    const loadAfter = load();
    await app.close();

    const rate = r.acceptedEvents / seconds;
    const whole = r.windows.slice(0, Math.floor(seconds / WINDOW_S));
    const rates = whole.map((n) => n / WINDOW_S);
    process.stdout.write(`  ${seconds} s of load, ${WORKERS} workers × ${BATCH}-line batches (raw syslog and NDJSON, half each): ` +
      `${fmt(r.sentEvents)} sent, ${fmt(stored)} stored, ${r.requests} requests, ${r.retries} answered 429/503 and retried, ${r.failures} failed\n`);
    process.stdout.write(`  events/s per ${WINDOW_S} s window: ${rates.map(fmt).join(', ')}\n`);
    process.stdout.write(`  server process CPU over the load phase: ${(serverCpu / seconds).toFixed(2)} cores on average, ${((serverCpu / Math.max(1, r.acceptedEvents)) * 1e6).toFixed(1)} µs per event (ingest and the queries under load)\n`);
    const busy = [...threads1].map(([tid, s]) => ({ tid, s: s - (threads0.get(tid) ?? 0) })).filter((t) => t.s >= 0.05 * seconds).sort((a, b) => b.s - a.s);
    if (busy.length > 0) {
      process.stdout.write(`  busiest server threads (main = ${process.pid}; the other big one is the store's writer): ` +
        `${busy.slice(0, 4).map((t) => `${t.tid} ${((t.s / Math.max(1, r.acceptedEvents)) * 1e6).toFixed(1)} µs/event`).join(', ')}\n`);
    }
    process.stdout.write(`  baseline (same ingest service in-process, no HTTP): ${fmt(base.rate)} events/s, ${(base.cpuPerEvent * 1e6).toFixed(1)} µs CPU per event; ` +
      `HTTP reached ${(rate / base.rate).toFixed(2)}× of it; POST p50 ${quantile(r.postMs, 0.5).toFixed(1)} ms, p99 ${quantile(r.postMs, 0.99).toFixed(1)} ms\n`);
    for (const phase of ['load', 'quiet'] as const) {
      const ms = phase === 'load' ? r.loadQueryMs : r.quietQueryMs;
      for (const k of QUERY_KINDS) {
        const xs = ms[k];
        process.stdout.write(`  query ${k} (${phase === 'load' ? 'under ingest load' : 'quiet'}, ${xs.length}): ` +
          `p50 ${quantile(xs, 0.5).toFixed(1)} ms, p95 ${quantile(xs, 0.95).toFixed(1)} ms, p99 ${quantile(xs, 0.99).toFixed(1)} ms\n`);
      }
    }
    process.stdout.write(`  load average after: ${loadAfter} (2 cores, shared)\n`);
    return [
      figure('http ingest: events stored / events sent (nothing lost)', stored / r.sentEvents, '>=', 1),
      figure('http ingest: sustained events/s over loopback', rate, '>=', TARGET, ' ev/s'),
      figure(`http ingest: slowest ${WINDOW_S} s window`, Math.min(...rates), '>=', TARGET, ' ev/s'),
      figure('http query: events by user p99 (quiet)', quantile(r.quietQueryMs['events by user + 1 h'], 0.99), '<=', 100, ' ms'),
      figure('http query: events full text + 1 h p99 (quiet)', quantile(r.quietQueryMs['events full text + 1 h'], 0.99), '<=', 100, ' ms'),
      figure('http query: alerts p99 (quiet, 5,000 alerts)', quantile(r.quietQueryMs.alerts, 0.99), '<=', 100, ' ms'),
      figure('http query: events by user p99 under ingest load', quantile(r.loadQueryMs['events by user + 1 h'], 0.99), '<=', 100, ' ms'),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
