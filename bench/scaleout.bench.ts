// Scale-out: (1) the PostgreSQL store's writeBatch against the embedded SQLite store's, same
// events, same batches, same run; (2) end to end through NATS JetStream — the demo logs
// published as `ingest --to` does, parsed + L1 + stored in PostgreSQL by `stegosoc worker`
// processes — with one worker, then two, as events/s and their ratio.
//
// Wall-clock rates, since the work is spread over processes (PostgreSQL's backends, NATS, the
// workers); the bench process's own CPU time is printed beside them. This machine has 2 cores
// shared with whatever else runs: the 2-worker ratio is bounded by that, not by the design.
// Needs PostgreSQL at 127.0.0.1:5432 and NATS at 127.0.0.1:4222 (STEGOSOC_TEST_PG /
// STEGOSOC_TEST_NATS); SCALEOUT_BENCH_EVENTS sets the writeBatch events (default 200,000).
import { spawn, type ChildProcess } from 'node:child_process';
import { ensureDemoLogs } from '../src/demo/ensure.ts';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import type { BenchResult } from './run.ts';
import { figure, timed } from './lib.ts';
import { batches, demoEvents } from './store.bench.ts';
import { sourcesFor } from '../src/pipeline/ingest-setup.ts';
import { tenantParts } from '../src/pipeline/parse-parts.ts';
import { connectNats, DEFAULT_DURABLE, ensureConsumer, ensureStream, publishSources } from '../src/pipeline/nats/index.ts';
import { openSqliteStore, type Store } from '../src/store/index.ts';
import { openPostgresStore } from '../src/store/postgres/index.ts';
import { createTempDatabase } from '../test/store/postgres-db.ts';

const NATS = process.env.STEGOSOC_TEST_NATS ?? 'nats://127.0.0.1:4222';
const ROOT = new URL('../', import.meta.url).pathname;
const DEMO_LOGS = join(ROOT, 'demo/logs/**/*');

async function writeRate(store: Store, bs: ReturnType<typeof batches>): Promise<{ rate: number; cpuS: number }> {
  const cpu = process.cpuUsage();
  let events = 0;
  const { seconds } = await timed(async () => {
    for (const b of bs) events += (await store.writeBatch({ tenant: b.tenant, events: b.events, unparsed: [], counters: { lines: b.events.length } })).insertedEvents;
  });
  const used = process.cpuUsage(cpu);
  return { rate: events / seconds, cpuS: (used.user + used.system) / 1e6 };
}

function startWorker(stream: string, storeUrl: string, dataDir: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'worker', '--nats', NATS, '--store', storeUrl,
    '--stream', stream, '--correlation-stream', `${stream}_C`, '--data-dir', dataDir, '--no-progress'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** CPU seconds a child process has used so far (Linux: utime + stime in /proc, 100 Hz). */
function childCpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Lines/s from the first publish to the last line stored, with `workers` worker processes
 *  already waiting on the consumer; and the workers' CPU seconds over the same span. */
async function endToEnd(workers: number, dir: string): Promise<{ rate: number; lines: number; seconds: number; workerCpuS: number }> {
  const stream = `BENCH_${process.pid}_${randomBytes(3).toString('hex')}`;
  const db = await createTempDatabase('stegosoc_bench');
  const nc = await connectNats(NATS, 'stegosoc-bench');
  const children: ChildProcess[] = [];
  const store = await openPostgresStore(db.url);
  const checkpoints = openSqliteStore(join(dir, `${stream}.db`));
  try {
    const { subjectPrefix } = await ensureStream(nc, { stream });
    await ensureConsumer(nc, { stream });
    for (let i = 0; i < workers; i++) children.push(startWorker(stream, db.url, dir));
    const jsm = await jetstreamManager(nc);
    // Ready = each worker has a pull request waiting on the consumer.
    const ready = Date.now() + 60_000;
    while ((await jsm.consumers.info(stream, DEFAULT_DURABLE)).num_waiting < workers) {
      if (Date.now() > ready) throw new Error(`${workers} worker(s) did not start within a minute`);
      await sleep(100);
    }
    await ensureDemoLogs();
    const sources = sourcesFor({ paths: [DEMO_LOGS], tenant: 'bench', follow: false, dataDir: dir, store: checkpoints, signal: new AbortController().signal });
    const cpuBefore = children.reduce((n, c) => n + childCpuSeconds(c.pid), 0);
    const start = process.hrtime.bigint();
    const published = await publishSources({ nc, sources, parts: tenantParts({ dataDir: dir }), checkpoints, signal: new AbortController().signal, subjectPrefix });
    const deadline = Date.now() + 10 * 60_000;
    while (((await store.counters('bench')).lines ?? 0) < published.lines) {
      if (Date.now() > deadline) throw new Error(`${workers} worker(s): not every published line was stored within 10 minutes`);
      await sleep(50);
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const workerCpuS = children.reduce((n, c) => n + childCpuSeconds(c.pid), 0) - cpuBefore;
    return { rate: published.lines / seconds, lines: published.lines, seconds, workerCpuS };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => {});
    // The workers' correlation inputs (no correlator runs here).
    await (await jetstreamManager(nc)).streams.delete(`${stream}_C`).catch(() => {});
    await nc.close();
    await store.close();
    await checkpoints.close();
    await db.drop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'stegosoc-scaleout-'));
  try {
    process.stdout.write(`  load average at start: ${loadavg().map((x) => x.toFixed(2)).join(', ')}\n`);
    const total = Number(process.env.SCALEOUT_BENCH_EVENTS ?? 200_000);
    const bs = batches(await demoEvents(dir), total);
    const sqlite = openSqliteStore(join(dir, 'w.db'));
    const s = await writeRate(sqlite, bs);
    await sqlite.close();
    const db = await createTempDatabase('stegosoc_bench');
    let p;
    try {
      const pgStore = await openPostgresStore(db.url);
      p = await writeRate(pgStore, bs);
      await pgStore.close();
    } finally {
      await db.drop();
    }
    process.stdout.write(`  writeBatch, ${total.toLocaleString('en-US')} demo events in batches of 1,000: SQLite ${Math.round(s.rate).toLocaleString('en-US')}/s (${s.cpuS.toFixed(1)} s CPU), ` +
      `PostgreSQL ${Math.round(p.rate).toLocaleString('en-US')}/s (${p.cpuS.toFixed(1)} s CPU in this process; the server's is apart)\n`);
    out.push(figure('PostgreSQL / SQLite writeBatch rate', p.rate / s.rate, '>=', 0.25, '×'));

    const one = await endToEnd(1, dir);
    const two = await endToEnd(2, dir);
    const line = (n: number, r: Awaited<ReturnType<typeof endToEnd>>) =>
      `${n} worker${n > 1 ? 's' : ''} ${r.seconds.toFixed(1)} s = ${Math.round(r.rate).toLocaleString('en-US')} lines/s (workers' CPU ${r.workerCpuS.toFixed(1)} s, ` +
      `${Math.round(r.lines / r.workerCpuS).toLocaleString('en-US')} lines per worker CPU second)`;
    process.stdout.write(`  end to end, ${one.lines.toLocaleString('en-US')} demo lines through NATS → parse + L1 → PostgreSQL:\n    ${line(1, one)}\n    ${line(2, two)}\n` +
      `  load average now ${loadavg().map((x) => x.toFixed(2)).join(', ')}\n`);
    // Two workers on a 2-core machine that also runs PostgreSQL, NATS and the publisher: a
    // modest gain is what there is to have; the CPU per line shows the work did not grow.
    out.push(figure('end to end, 2 workers / 1 worker', two.rate / one.rate, '>=', 1.2, '×'));
    out.push(figure('worker CPU per line, 2 workers / 1 worker', (two.workerCpuS / two.lines) / (one.workerCpuS / one.lines), '<=', 1.2, '×'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
