// Exact correlations across scale-out workers, end to end on the real NATS JetStream
// (127.0.0.1:4222) and PostgreSQL: two workers share the raw lines and publish correlation
// inputs, the correlator (in process, then as a process killed with SIGKILL and restarted)
// raises the correlation alerts. The oracle is the single-process DetectionEngine over the
// same events in file order: the stored correlation alerts must be exactly its alerts.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Event } from '../../src/core/event.ts';
import type { Alert } from '../../src/detect/sigma/alert.ts';
import { DetectionEngine } from '../../src/detect/sigma/engine.ts';
import { buildLayeredRuleset } from '../../src/detect/sigma/layering.ts';
import { toDetectEvent } from '../../src/pipeline/detect-stage.ts';
import { sourcesFor } from '../../src/pipeline/ingest-setup.ts';
import { tenantParts } from '../../src/pipeline/parse-parts.ts';
import {
  connectNats, ensureCorrelationStream, ensureStream, partitionDurable, publishSources, runCorrelator, runWorker, WorkerDetect,
  type CorrelationStreamRef, type MessageDone,
} from '../../src/pipeline/nats/index.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/index.ts';
import { createTempDatabase, type TempDatabase } from '../store/postgres-db.ts';

const NATS = process.env.STEGOSOC_TEST_NATS ?? 'nats://127.0.0.1:4222';
const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'stegosoc-corr-'));
const TENANT = 'acme';
const BRUTE_FORCE = 'c077a3b3-9092-579a-95ca-66ced4711eba';
const PARTITIONS = 8;
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

// Two tenant rules beside the global sshd correlations (brute force by source and host,
// failure burst by source chained into login-after-brute-force, spraying): a chain whose
// second step groups by source only, so its first step's hits (grouped by source and host)
// usually cross partitions; and a bounded condition (lte), judged when its window closes.
mkdirSync(join(dir, 'tenants', TENANT, 'rules'), { recursive: true });
writeFileSync(join(dir, 'tenants', TENANT, 'rules', 'chain.yml'), `title: Login after a brute force of a host
id: 0b7e3c61-3f2a-4c55-9a55-5f0c0de00001
name: test_login_after_host_brute_force
correlation:
  type: temporal_ordered
  rules: [ssh_brute_force, ssh_successful_login]
  group-by: [source.ip]
  timespan: 1h
  generate: true
level: high
`);
writeFileSync(join(dir, 'tenants', TENANT, 'rules', 'bounded.yml'), `title: Few failures for a user in a minute
id: 0b7e3c61-3f2a-4c55-9a55-5f0c0de00002
name: test_few_failures
correlation:
  type: event_count
  rules: [ssh_failed_login]
  group-by: [user.name]
  timespan: 1m
  condition:
    lte: 2
level: low
`);

async function setup(): Promise<{ nc: NatsConnection; stream: string; corr: CorrelationStreamRef; db: TempDatabase }> {
  const tag = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const stream = `TEST_L_${tag}`;
  const nc = await connectNats(NATS, 'stegosoc-test');
  const corr = await ensureCorrelationStream(nc, { stream: `TEST_C_${tag}`, partitions: PARTITIONS });
  const db = await createTempDatabase();
  cleanups.push(async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream).catch(() => {});
    await jsm.streams.delete(corr.name).catch(() => {});
    await nc.close();
    await db.drop();
  });
  return { nc, stream, corr, db };
}

/** A seeded generator, so each run has the same log. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An sshd log (time-sorted, several lines per second at times): background logins and
 *  scattered failures, brute-force bursts of attackers (some followed by a successful login),
 *  and, an hour after the rest, failures for many users (they close the bounded windows). */
function writeLog(name: string, seed: number, bursts: number): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const hosts = ['bastion', 'db1', 'web1', 'web2'];
  const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'root', 'admin', 'oracle', 'test'];
  const rows: { t: number; text: (t: number) => string }[] = [];
  const span = 2 * 3600;
  const failed = (host: string, user: string, ip: string) => (t: number) => `${stamp(t)} ${host} sshd[${1000 + (t % 9000)}]: Failed password for ${user} from ${ip} port ${30000 + (t % 20000)} ssh2`;
  const accepted = (host: string, user: string, ip: string, how: string) => (t: number) => `${stamp(t)} ${host} sshd[${1000 + (t % 9000)}]: Accepted ${how} for ${user} from ${ip} port ${30000 + (t % 20000)} ssh2`;
  for (let t = 0; t < span; t += Math.floor(r() * 4)) {
    if (r() < 0.6) rows.push({ t, text: accepted(pick(hosts), pick(users), `10.1.${Math.floor(r() * 20)}.${Math.floor(r() * 250)}`, 'publickey') });
    else rows.push({ t, text: failed(pick(hosts), pick(users), `10.2.${Math.floor(r() * 4)}.${Math.floor(r() * 12)}`) });
  }
  for (let b = 0; b < bursts; b++) {
    const ip = `203.0.113.${1 + (b % 40)}`;
    const host = pick(hosts);
    let t = Math.floor(r() * (span - 900));
    const n = 6 + Math.floor(r() * 20);
    for (let i = 0; i < n; i++, t += 1 + Math.floor(r() * 25)) rows.push({ t, text: failed(host, pick(users), ip) });
    if (r() < 0.6) rows.push({ t: t + 5 + Math.floor(r() * 300), text: accepted(host, pick(users), ip, 'password') });
  }
  // Within one minute: the oracle (no end-of-input flush) leaves their own windows open too.
  for (let i = 0; i < 40; i++) rows.push({ t: span + 3600 + i, text: failed(pick(hosts), `late${i}`, `10.3.0.${i}`) });
  rows.sort((a, b) => a.t - b.t);
  const file = join(dir, name);
  writeFileSync(file, `${rows.map((x) => x.text(x.t)).join('\n')}\n`);
  return file;
}

function stamp(sec: number): string {
  const h = 10 + Math.floor(sec / 3600);
  const m = Math.floor(sec / 60) % 60;
  const s = sec % 60;
  return `Nov 28 ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

async function publish(nc: NatsConnection, stream: string, file: string, checkpointsDb: string, maxLines: number) {
  const store = openSqliteStore(checkpointsDb);
  try {
    const { subjectPrefix } = await ensureStream(nc, { stream });
    const sources = sourcesFor({ paths: [file], tenant: TENANT, follow: false, dataDir: dir, store, signal: new AbortController().signal });
    return await publishSources({ nc, sources, parts: tenantParts({ dataDir: dir }), checkpoints: store, signal: new AbortController().signal, subjectPrefix, maxLines });
  } finally {
    await store.close();
  }
}

async function waitFor(what: string, cond: () => Promise<boolean>, ms = 180_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** Event order of one source: time, then byte offset (the base-36 tail of the id). */
function fileOrder(a: Event, b: Event): number {
  return a.time - b.time || parseInt(a.id.slice(a.id.lastIndexOf('.') + 1), 36) - parseInt(b.id.slice(b.id.lastIndexOf('.') + 1), 36);
}

/** The single-process engine over the stored events in file order: its correlation alerts. */
function oracle(events: readonly Event[]): Map<string, Alert> {
  const layered = buildLayeredRuleset({ dataDir: dir, tenant: TENANT });
  assert.deepEqual(layered.errors.map(String), []);
  const engine = new DetectionEngine(layered.ruleset, { tenant: TENANT, layerOf: layered.layerOf, stableIds: true });
  const out = new Map<string, Alert>();
  for (const e of [...events].sort(fileOrder)) {
    for (const a of engine.process(toDetectEvent(e))) if (a.kind === 'correlation') out.set(a.id, JSON.parse(JSON.stringify(a)) as Alert);
  }
  return out;
}

async function correlationAlerts(store: PostgresStore): Promise<Map<string, Alert>> {
  const alerts = (await store.listAlerts({ tenant: TENANT })).filter((a) => a.kind === 'correlation');
  return new Map(alerts.map((a) => [a.id, a]));
}

/** Every partition's queue empty and nothing waiting in a reorder buffer, twice in a row. */
async function correlatorSettled(nc: NatsConnection, corr: CorrelationStreamRef, store: PostgresStore): Promise<boolean> {
  const once = async () => {
    const jsm = await jetstreamManager(nc);
    for (let p = 0; p < corr.partitions; p++) {
      const info = await jsm.consumers.info(corr.name, partitionDurable(p)).catch(() => undefined);
      if (!info || info.num_pending + info.num_ack_pending > 0) return false;
    }
    const { rows } = await store.transaction(TENANT, (tx) =>
      tx.client.query<{ n: number }>(`SELECT coalesce(sum(jsonb_array_length(state::jsonb -> 'pending')), 0)::int AS n FROM correlator_state`));
    return rows[0]?.n === 0;
  };
  if (!(await once())) return false;
  await sleep(1500);
  return once();
}

/** Records which events each worker ran the rules on. */
class RecordingDetect extends WorkerDetect {
  readonly ids = new Set<string>();
  override run(tenant: string, events: readonly Event[]) {
    for (const e of events) this.ids.add(e.id);
    return super.run(tenant, events);
  }
}

function startWorkers(nc: NatsConnection[], stream: string, corr: CorrelationStreamRef, store: PostgresStore, signal: AbortSignal) {
  const detects = nc.map(() => new RecordingDetect(dir, undefined, true));
  const done: MessageDone[][] = nc.map(() => []);
  const runs = nc.map((conn, k) => runWorker({
    nc: conn, store, parts: tenantParts({ dataDir: dir, store }), detect: detects[k], correlations: corr, signal,
    consumer: { stream, ackWaitMs: 5000 }, prefetch: 2,
    onMessage: (d) => void (done[k] as MessageDone[]).push(d),
  }));
  return { detects, done, runs };
}

function assertSameAlerts(got: Map<string, Alert>, want: Map<string, Alert>): void {
  const missing = [...want.keys()].filter((id) => !got.has(id));
  const extra = [...got.keys()].filter((id) => !want.has(id));
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, 'the correlator raised exactly the single-process alerts');
  for (const [id, a] of want) assert.deepEqual(got.get(id), a, `alert ${id} as the single-process engine raises it`);
}

function byRule(alerts: Map<string, Alert>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of alerts.values()) out[a.rule.title] = (out[a.rule.title] ?? 0) + 1;
  return out;
}

test('two workers and one correlator: exactly the correlation alerts of the single-process engine', async () => {
  const { nc, stream, corr, db } = await setup();
  const file = writeLog('share.log', 7, 60);
  const published = await publish(nc, stream, file, join(dir, 'share-cp.db'), 12);
  assert.ok(published.messages > 100, `many small messages (${published.messages})`);

  const store = await openPostgresStore(db.url);
  cleanups.push(() => store.close());
  const ac = new AbortController();
  const conns = await Promise.all([0, 1, 2].map((k) => connectNats(NATS, `test-corr-${k}`)));
  for (const c of conns) cleanups.push(() => c.close());
  const commits: number[] = [];
  const correlator = runCorrelator({
    nc: conns[2] as NatsConnection, store, dataDir: dir, stream: { stream: corr.name, partitions: PARTITIONS },
    latenessMs: 10 * 60_000, idleMs: 1000, holdMs: 2000, batch: 20, signal: ac.signal, onCommit: (d) => void commits.push(d.partition),
  });
  const workers = startWorkers(conns.slice(0, 2), stream, corr, store, ac.signal);
  await waitFor('all lines stored', async () => (await store.counters(TENANT)).lines === published.lines);
  await waitFor('the correlator settled', () => correlatorSettled(nc, corr, store));
  const events = await store.queryEvents({ tenant: TENANT });
  const got = await correlationAlerts(store);
  ac.abort();
  await Promise.all(workers.runs);
  const totals = await correlator;

  const want = oracle(events);
  const rules = byRule(want);
  for (const r of ['SSH Brute Force From One Source', 'SSH Password Spraying', 'SSH Login After Brute Force', 'Login after a brute force of a host', 'Few failures for a user in a minute']) {
    assert.ok((rules[r] ?? 0) > 0, `the log raises ${r} (${JSON.stringify(rules)})`);
  }
  assertSameAlerts(got, want);
  assert.equal(totals.alerts, want.size, 'each alert stored once');
  assert.ok(new Set(commits).size > 1, 'several partitions did work');

  // The point of it all: brute forces whose failed logins the two workers split between them.
  const [a, b] = workers.detects as [RecordingDetect, RecordingDetect];
  assert.ok(a.ids.size > 0 && b.ids.size > 0, 'both workers ran rules');
  const split = [...want.values()].filter((x) => x.rule.id === BRUTE_FORCE).filter((x) => {
    const mine = events.filter((e) => e.fields['source.ip'] === x.group?.['source.ip'] && e.fields['host.name'] === x.group?.['host.name'] && e.fields['event.outcome'] === 'failure');
    return mine.some((e) => a.ids.has(e.id)) && mine.some((e) => b.ids.has(e.id));
  });
  assert.ok(split.length > 0, 'some brute force had its failures on both workers');
});

test('a correlator failing after its commits, before its acks, skips the redelivered messages: same alerts', async () => {
  const { nc, stream, corr, db } = await setup();
  const file = writeLog('fail.log', 5, 30);
  const published = await publish(nc, stream, file, join(dir, 'fail-cp.db'), 12);
  const store = await openPostgresStore(db.url);
  cleanups.push(() => store.close());
  const ac = new AbortController();
  const conns = await Promise.all([0, 1, 2].map((k) => connectNats(NATS, `test-fail-${k}`)));
  for (const c of conns) cleanups.push(() => c.close());
  const warnings: string[] = [];
  let commits = 0;
  const correlator = runCorrelator({
    nc: conns[2] as NatsConnection, store, dataDir: dir, stream: { stream: corr.name, partitions: PARTITIONS },
    latenessMs: 10 * 60_000, idleMs: 1000, holdMs: 2000, batch: 20, retryMs: 10, signal: ac.signal, onWarning: (m) => void warnings.push(m),
    // Every 7th of the first 50 commits: as if the process died between the commit and the acks.
    onCommit: () => {
      if (++commits % 7 === 0 && commits <= 50) throw new Error('lost before the acks');
    },
  });
  const workers = startWorkers(conns.slice(0, 2), stream, corr, store, ac.signal);
  await waitFor('all lines stored', async () => (await store.counters(TENANT)).lines === published.lines);
  await waitFor('the correlator settled', () => correlatorSettled(nc, corr, store));
  const got = await correlationAlerts(store);
  ac.abort();
  await Promise.all(workers.runs);
  const totals = await correlator;
  assert.ok(warnings.some((w) => /lost before the acks; starting over/.test(w)), warnings.join('\n'));
  assert.ok(totals.skipped > 0, 'messages already in the saved state came again and were skipped');
  assertSameAlerts(got, oracle(await store.queryEvents({ tenant: TENANT })));
});

function startCorrelator(stream: string, storeUrl: string, batch: number): { child: ChildProcess; log: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'correlator', '--nats', NATS, '--store', storeUrl,
    '--stream', stream, '--partition-count', String(PARTITIONS), '--data-dir', dir, '--lateness-ms', '600000', '--idle-ms', '1000', '--hold-ms', '2000', '--batch', String(batch)],
  { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (x: Buffer) => (out += x.toString()));
  child.stderr?.on('data', (x: Buffer) => (out += x.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  cleanups.push(async () => void child.kill('SIGKILL'));
  return { child, log: () => out, exited };
}

test('kill -9 of the correlator mid-stream and a restart: the same alerts, none lost or doubled', async () => {
  const { nc, stream, corr, db } = await setup();
  const file = writeLog('kill.log', 11, 80);
  const published = await publish(nc, stream, file, join(dir, 'kill-cp.db'), 12);
  // Migrate before anything starts, so no one waits on another's migration.
  const store = await openPostgresStore(db.url);
  cleanups.push(() => store.close());
  const ac = new AbortController();
  const conns = await Promise.all([0, 1].map((k) => connectNats(NATS, `test-kill-${k}`)));
  for (const c of conns) cleanups.push(() => c.close());
  // Small batches, so the kill finds it mid-stream; the restart takes bigger ones.
  const first = startCorrelator(corr.name, db.url, 3);
  const workers = startWorkers(conns, stream, corr, store, ac.signal);
  await waitFor('the correlator committing alerts', async () => (first.log().match(/alerts=[1-9]/g) ?? []).length >= 3);
  first.child.kill('SIGKILL');
  await first.exited;
  const atKill = (await correlationAlerts(store)).size;

  const second = startCorrelator(corr.name, db.url, 100);
  await waitFor('all lines stored', async () => (await store.counters(TENANT)).lines === published.lines);
  await waitFor('the correlator settled', () => correlatorSettled(nc, corr, store));
  ac.abort();
  await Promise.all(workers.runs);
  second.child.kill('SIGTERM');
  assert.equal(await second.exited, 0, second.log());

  const want = oracle(await store.queryEvents({ tenant: TENANT }));
  const got = await correlationAlerts(store);
  assert.ok(atKill > 0 && atKill < want.size, `the kill came mid-stream (${atKill} of ${want.size} alerts stored)`);
  assertSameAlerts(got, want);
  for (const x of got.values()) assert.equal(x.repeats, 0);
  assert.match(second.log(), /correlator stopped: \d+ inputs/);
});
