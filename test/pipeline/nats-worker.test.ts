// Scale-out end to end on the real NATS JetStream (127.0.0.1:4222) and PostgreSQL: lines
// published by `ingest --to nats://…` are shared by workers, a worker killed with SIGKILL
// mid-stream loses nothing, and everything is stored exactly once. Each test has its own
// stream (deleted after) and its own database (dropped after).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { sourcesFor } from '../../src/pipeline/ingest-setup.ts';
import { tenantParts } from '../../src/pipeline/parse-parts.ts';
import { connectNats, DEFAULT_DURABLE, ensureConsumer, ensureStream, publishSources, runWorker, WorkerDetect, type MessageDone } from '../../src/pipeline/nats/index.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/index.ts';
import { createTempDatabase, type TempDatabase } from '../store/postgres-db.ts';

const NATS = process.env.STEGOSOC_TEST_NATS ?? 'nats://127.0.0.1:4222';
const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'stegosoc-nats-'));
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

async function setup(): Promise<{ nc: NatsConnection; stream: string; db: TempDatabase }> {
  const stream = `TEST_${process.pid}_${randomBytes(4).toString('hex')}`;
  const nc = await connectNats(NATS, 'stegosoc-test');
  const db = await createTempDatabase();
  cleanups.push(async () => {
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => {});
    // The workers' correlation inputs (startWorker) go to a stream of the test's own.
    await (await jetstreamManager(nc)).streams.delete(`${stream}_C`).catch(() => {});
    await nc.close();
    await db.drop();
  });
  return { nc, stream, db };
}

/** A log of `n` sshd lines of host `<name>`, each its own event; one in 50 is a root login (an alert of the global rules). */
function writeLog(name: string, n: number): string {
  const lines: string[] = [];
  const host = name.replace(/\W/g, '-');
  for (let i = 0; i < n; i++) {
    const s = String(i % 60).padStart(2, '0');
    lines.push(i % 50 === 0
      ? `Nov 28 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${s} ${host} sshd[${1000 + i}]: Accepted password for root from 10.0.${i % 250}.${i % 200} port ${20000 + i} ssh2`
      : `Nov 28 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${s} ${host} sshd[${1000 + i}]: Accepted publickey for deploy${i} from 10.1.${i % 250}.${i % 200} port ${20000 + i} ssh2`);
  }
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Publishes files as `ingest --to` does, with small messages so there are many of them. */
async function publish(nc: NatsConnection, stream: string, files: string[], tenant: string, checkpointsDb: string, maxLines = 50) {
  const store = openSqliteStore(checkpointsDb);
  try {
    const { subjectPrefix } = await ensureStream(nc, { stream });
    const sources = sourcesFor({ paths: files, tenant, follow: false, dataDir: dir, store, signal: new AbortController().signal });
    return await publishSources({ nc, sources, parts: tenantParts({ dataDir: dir }), checkpoints: store, signal: new AbortController().signal, subjectPrefix, maxLines });
  } finally {
    await store.close();
  }
}

async function waitFor(what: string, cond: () => Promise<boolean>, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

test('two in-process workers share the stream and store every line once, with their alerts', async () => {
  const { nc, stream, db } = await setup();
  const file = writeLog('share.log', 3000);
  const published = await publish(nc, stream, [file], 'acme', join(dir, 'share-cp.db'));
  assert.equal(published.lines, 3000);
  assert.ok(published.messages >= 60, `many messages (${published.messages})`);

  const store = await openPostgresStore(db.url);
  cleanups.push(() => store.close());
  const ac = new AbortController();
  const done: MessageDone[][] = [[], []];
  const conns = await Promise.all([0, 1].map((k) => connectNats(NATS, `test-worker-${k}`)));
  for (const c of conns) cleanups.push(() => c.close());
  const workers = conns.map((conn, k) =>
    runWorker({
      nc: conn, store, parts: tenantParts({ dataDir: dir, store }), detect: new WorkerDetect(dir), signal: ac.signal,
      consumer: { stream, ackWaitMs: 5000 }, prefetch: 2,
      onMessage: (d) => void (done[k] as MessageDone[]).push(d),
    }));
  await waitFor('all lines stored', async () => (await store.counters('acme')).lines === 3000);
  ac.abort();
  const totals = await Promise.all(workers);
  assert.equal(totals.reduce((n, t) => n + t.insertedEvents, 0), 3000);
  assert.ok((done[0] as MessageDone[]).length > 0 && (done[1] as MessageDone[]).length > 0, `both workers worked (${done[0]?.length} and ${done[1]?.length} messages)`);
  assert.equal(await store.countEvents({ tenant: 'acme' }), 3000);
  assert.equal(await store.countEvents({ tenant: 'acme', text: 'Accepted password for root' }), 60);
  const alerts = await store.listAlerts({ tenant: 'acme' });
  const reported = done.flat().reduce((n, d) => n + d.alerts, 0);
  assert.ok(alerts.length > 0, 'the global sshd rules raised alerts');
  assert.equal(alerts.length, reported, 'every stored alert was reported fresh once');
  assert.equal(new Set(alerts.map((a) => a.id)).size, alerts.length);
  assert.deepEqual(await store.countEvents({ tenant: 'other' }), 0);
});

test('re-publishing after a lost checkpoint is dropped by the stream as duplicates', async () => {
  const { nc, stream } = await setup();
  const file = writeLog('again.log', 500);
  const first = await publish(nc, stream, [file], 'acme', join(dir, 'again-1.db'));
  // A publisher that crashed before saving its checkpoints reads the file again.
  const second = await publish(nc, stream, [file], 'acme', join(dir, 'again-2.db'));
  assert.equal(first.duplicates, 0);
  assert.equal(second.messages, first.messages);
  assert.equal(second.duplicates, second.messages);
  const info = await (await jetstreamManager(nc)).streams.info(stream);
  assert.equal(info.state.messages, first.messages);
  // With its checkpoints, a restarted publisher sends nothing at all.
  assert.equal((await publish(nc, stream, [file], 'acme', join(dir, 'again-1.db'))).messages, 0);
});

function startWorker(stream: string, storeUrl: string): { child: ChildProcess; log: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'worker', '--nats', NATS, '--store', storeUrl,
    '--stream', stream, '--correlation-stream', `${stream}_C`, '--data-dir', dir, '--ack-wait-ms', '2000', '--prefetch', '4'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  cleanups.push(async () => void child.kill('SIGKILL'));
  return { child, log: () => out, exited };
}

test('kill -9 of one of two worker processes mid-stream: every event stored exactly once', async () => {
  const { nc, stream, db } = await setup();
  const lines = 20_000;
  // Migrate before the workers start, so neither waits on the other's migration.
  const store: PostgresStore = await openPostgresStore(db.url);
  cleanups.push(() => store.close());
  await ensureConsumer(nc, { stream, ackWaitMs: 2000 });
  const a = startWorker(stream, db.url);
  const b = startWorker(stream, db.url);
  // Both wait on the consumer before anything is published, so both get work from the start.
  const jsm = await jetstreamManager(nc);
  await waitFor('both workers ready', async () => (await jsm.consumers.info(stream, DEFAULT_DURABLE)).num_waiting >= 2);
  const published = await publish(nc, stream, [writeLog('kill-a.log', lines / 2), writeLog('kill-b.log', lines / 2)], 'acme', join(dir, 'kill-cp.db'), 100);
  assert.equal(published.lines, lines);
  const stored = async () => (await store.counters('acme')).lines ?? 0;
  await waitFor('both workers storing', async () => /stored /.test(a.log()) && /stored /.test(b.log()));
  const before = await stored();
  assert.ok(before < lines, 'the kill comes mid-stream');
  a.child.kill('SIGKILL');
  await a.exited;
  await waitFor('every line stored', async () => (await stored()) === lines);
  // Settle: redeliveries of what the killed worker had taken must change nothing.
  await sleep(3000);
  b.child.kill('SIGTERM');
  assert.equal(await b.exited, 0, b.log());
  assert.equal(await stored(), lines, 'no line counted twice');
  assert.equal(await store.countEvents({ tenant: 'acme' }), lines);
  const { rows } = await store.transaction('acme', (tx) => tx.client.query<{ n: number; d: number }>('SELECT count(*) AS n, count(DISTINCT raw) AS d FROM events'));
  assert.deepEqual(rows[0], { n: lines, d: lines });
  // One root login in 50 lines, each one alert (no throttling), none doubled by redelivery.
  assert.equal((await store.listAlerts({ tenant: 'acme' })).length, lines / 50);
  const info = await jsm.consumers.info(stream, DEFAULT_DURABLE);
  assert.equal(info.num_pending + info.num_ack_pending, 0, 'the queue is empty');
  assert.ok(info.num_redelivered > 0 || /redelivered/.test(b.log()), 'what the killed worker held was delivered again');
});
