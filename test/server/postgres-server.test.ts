// The server on the shared PostgreSQL store (127.0.0.1:5432, a throwaway database): the main
// API paths answer as on the embedded store, and a tenant's token reaches nothing of another
// tenant, through the console's store queries and the database's row-level security both.
// Its correlation windows and anomaly reports are kept in the database too: a server started
// elsewhere carries on, and the data directory holds no tenant state.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Alert } from '../../src/detect/sigma/alert.ts';
import { validateConfig } from '../../src/config/load.ts';
import { configFor } from '../../src/cli/serve.ts';
import { createTempDatabase, type TempDatabase } from '../store/postgres-db.ts';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { postgresAnomalyState } from '../../src/store/postgres/anomaly-state-postgres.ts';
import { listenStream, sampleReport, startTestServer, type TestServer } from './server-helpers.ts';

type Triaged = Alert & { triage: { status: string; assignee: string | null; reason: string | null } };

/** sshd lines naming unknown users: each raises the global unknown-user rule. */
const invalidUsers = (n: number, ip: string) =>
  Array.from({ length: n }, (_, i) => `Nov 28 11:00:0${i} gw sshd[9${i}]: Invalid user guest${i} from ${ip} port 6000${i}`).join('\n') + '\n';

let db: TempDatabase;
let s: TestServer;
const A = 'alpha';
const B = 'bravo';

async function json<T>(method: string, path: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: T }> {
  const r = await s.request(method, path, { ...(token !== undefined ? { token } : {}), ...(body !== undefined ? { body } : {}) });
  return { status: r.status, body: (await r.json()) as T };
}

describe('server on PostgreSQL', () => {
  before(async () => {
    db = await createTempDatabase('stegosoc_server');
    s = await startTestServer([A, B], { store: { url: db.url } });
    assert.equal(s.app.ctx.config.store.engine, 'postgres');
    for (const [tenant, ip, n] of [[A, '203.0.113.200', 6], [B, '198.51.100.77', 3]] as const) {
      const r = await s.request('POST', '/api/v1/ingest/raw?source=bastion', { token: s.tokens[tenant]?.ingest, text: invalidUsers(n, ip) });
      assert.equal(r.status, 200, await r.clone().text());
    }
  });
  after(async () => {
    await s?.close();
    await db?.drop();
  });

  it('ingested events are searchable by field and text, each tenant its own', async () => {
    const all = await json<{ events: { id: string; tenant: string; fields: Record<string, unknown> }[] }>('GET', '/api/v1/events?limit=100', s.tokens[A]?.analyst);
    assert.equal(all.status, 200);
    assert.equal(all.body.events.length, 6);
    assert.ok(all.body.events.every((e) => e.tenant === A && e.fields['source.ip'] === '203.0.113.200'));
    const one = await json<{ events: { raw: string }[] }>('GET', '/api/v1/events?q=GUEST3&field=source.ip%3D203.0.113.200', s.tokens[A]?.analyst);
    assert.deepEqual(one.body.events.map((e) => e.raw.includes('guest3')), [true]);
    const none = await json<{ events: unknown[] }>('GET', '/api/v1/events?field=source.ip%3D198.51.100.77', s.tokens[A]?.analyst);
    assert.deepEqual(none.body.events, [], 'B\'s events are not found with A\'s token');
  });

  it('alerts raised at ingest are listed, acknowledged, assigned and closed', async () => {
    const list = await json<{ alerts: Triaged[] }>('GET', '/api/v1/alerts', s.tokens[A]?.analyst);
    assert.equal(list.body.alerts.length, 6, 'one unknown-user alert per line');
    assert.ok(list.body.alerts.every((a) => a.tenant === A && a.triage.status === 'new'));
    const id = list.body.alerts[0]!.id;
    const act = (body: unknown) => json<Triaged>('POST', `/api/v1/alerts/${encodeURIComponent(id)}/triage`, s.tokens[A]?.analyst, body);
    assert.equal((await act({ action: 'acknowledge' })).body.triage.status, 'acknowledged');
    const assigned = (await act({ action: 'assign', assignee: 'dana' })).body.triage;
    assert.deepEqual([assigned.status, assigned.assignee], ['acknowledged', 'dana']);
    const closed = (await act({ action: 'close', reason: 'guest accounts do not exist' })).body.triage;
    assert.deepEqual([closed.status, closed.reason, closed.assignee], ['closed', 'guest accounts do not exist', 'dana']);
    const closedList = await json<{ alerts: Triaged[] }>('GET', '/api/v1/alerts?status=closed', s.tokens[A]?.analyst);
    assert.deepEqual(closedList.body.alerts.map((a) => a.id), [id]);
    const detail = await json<Triaged & { matchedEvents: { raw: string }[]; related: unknown[] }>('GET', `/api/v1/alerts/${encodeURIComponent(id)}`, s.tokens[A]?.analyst);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.triage.status, 'closed');
    assert.equal(detail.body.matchedEvents.length, 1);
    assert.match(detail.body.matchedEvents[0]!.raw, /Invalid user guest/);
  });

  it('the overview adds up to the stored events and alerts', async () => {
    const o = await json<{ span: { from: number; to: number }; alertsBySeverity: Record<string, number | string>[]; topEntities: { field: string; value: string; alerts: number }[];
      ingestBySource: { source: string; events: number }[]; parseCoverage: { known: number; byParser: { parser: string; n: number }[] } }>('GET', '/api/v1/overview', s.tokens[A]?.analyst);
    assert.equal(o.status, 200);
    const events = await s.app.ctx.store.queryEvents({ tenant: A });
    assert.deepEqual(o.body.span, { from: Math.min(...events.map((e) => e.time)), to: Math.max(...events.map((e) => e.time)) });
    assert.deepEqual(o.body.ingestBySource.map((x) => [x.source, x.events]), [['bastion', 6]]);
    assert.equal(o.body.parseCoverage.byParser.reduce((n, p) => n + p.n, 0), 6);
    const alerts = await s.app.ctx.alerts.list({ tenant: A });
    const bySeverity = o.body.alertsBySeverity.reduce((n, h) => n + ['critical', 'high', 'medium', 'low', 'informational'].reduce((m, k) => m + Number(h[k]), 0), 0);
    assert.equal(bySeverity, alerts.reduce((n, a) => n + 1 + a.repeats, 0));
    assert.ok(o.body.topEntities.some((e) => e.field === 'source.ip' && e.value === '203.0.113.200'));
    assert.ok(!o.body.topEntities.some((e) => e.value === '198.51.100.77'), 'B\'s entities stay out of A\'s overview');
  });

  it('a token of one tenant cannot see or change the other\'s alerts', async () => {
    const bAlerts = (await json<{ alerts: Triaged[] }>('GET', '/api/v1/alerts', s.tokens[B]?.analyst)).body.alerts;
    assert.equal(bAlerts.length, 3);
    const bId = bAlerts[0]!.id;
    assert.equal((await json('GET', `/api/v1/alerts/${encodeURIComponent(bId)}`, s.tokens[A]?.analyst)).status, 404);
    assert.equal((await json('POST', `/api/v1/alerts/${encodeURIComponent(bId)}/triage`, s.tokens[A]?.analyst, { action: 'acknowledge' })).status, 404);
    assert.equal((await s.app.ctx.alerts.get(B, bId))?.triage.status, 'new', 'B\'s alert untouched');
    const aIds = new Set((await json<{ alerts: Triaged[] }>('GET', '/api/v1/alerts', s.tokens[A]?.analyst)).body.alerts.map((a) => a.id));
    assert.ok(bAlerts.every((a) => !aIds.has(a.id) || a.tenant === B));
    const bOverview = await json<{ ingestBySource: { events: number }[] }>('GET', '/api/v1/overview', s.tokens[B]?.analyst);
    assert.equal(bOverview.body.ingestBySource.reduce((n, x) => n + x.events, 0), 3);
  });

  it('a new alert reaches the live stream of its own tenant only', async () => {
    const mine = await listenStream(s.url, s.tokens[A]!.analyst!);
    const theirs = await listenStream(s.url, s.tokens[B]!.analyst!);
    const line = 'Nov 28 12:00:00 gw sshd[777]: Invalid user streamcheck from 203.0.113.201 port 7000\n';
    assert.equal((await s.request('POST', '/api/v1/ingest/raw', { token: s.tokens[A]?.ingest, text: line })).status, 200);
    // The poller reads each listened tenant's new alerts once a second.
    const deadline = Date.now() + 10_000;
    while (!/event: alert\ndata: .*streamcheck/.test(mine.text()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.match(await mine.stop(), /event: alert\ndata: .*streamcheck/);
    assert.doesNotMatch(await theirs.stop(), /streamcheck/);
  });

  it('the configuration names what is wrong with a store address', () => {
    assert.throws(() => validateConfig({ store: { url: 'mysql://x@y/z' } }), /store\.url: unsupported store address/);
    assert.throws(() => validateConfig({ store: { engine: 'postgres', file: 'x.db' } }), /store\.engine: the postgres engine needs store\.url/);
    assert.throws(() => validateConfig({ store: { url: 'postgres://u@h/db', file: 'x.db' } }), /store\.file: give the store as file or as url/);
    assert.throws(() => validateConfig({ store: { engine: 'sqlite', url: 'postgres://u:secret@h/db' } }), (e: Error) => /store\.engine/.test(e.message) && !e.message.includes('secret'));
    assert.equal(validateConfig({ store: { url: 'sqlite:/tmp/x.db' } }).store.engine, 'sqlite');
    // `serve --store` is checked the same way.
    assert.deepEqual(configFor({ store: 'postgres://u@h/db' }).store, { url: 'postgres://u@h/db', engine: 'postgres' });
    assert.throws(() => configFor({ store: 'mysql://x@y/z' }), /--store.*store\.url: unsupported store address/s);
  });
});

describe('server on PostgreSQL: its state lives in the database, not in its data directory', () => {
  let cdb: TempDatabase;
  const servers: TestServer[] = [];
  before(async () => {
    cdb = await createTempDatabase('stegosoc_corr');
  });
  after(async () => {
    for (const x of servers) await x.close();
    await cdb?.drop();
  });
  /** A server on the shared database with a data directory of its own: as if on another host. */
  const start = async () => {
    const x = await startTestServer([A, B], { store: { url: cdb.url } });
    servers.push(x);
    return x;
  };
  const stop = async (x: TestServer) => {
    servers.splice(servers.indexOf(x), 1);
    await x.close();
  };
  /** Failed logins of carol from one address on gw-9, a second apart from `from`; ten within
   *  five minutes make the global SSH brute-force correlation fire. */
  const failures = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => `Nov 27 14:40:${String(from + i).padStart(2, '0')} gw-9 sshd[8${from + i}]: Failed password for carol from 192.0.2.50 port ${7000 + from + i} ssh2`).join('\n') + '\n';
  const ingest = async (x: TestServer, tenant: string, text: string) => {
    const r = await x.request('POST', '/api/v1/ingest/raw?source=gw', { token: x.tokens[tenant]?.ingest, text });
    assert.equal(r.status, 200, await r.clone().text());
  };
  const bruteForce = async (x: TestServer, tenant: string) => {
    const r = await x.request('GET', '/api/v1/alerts?limit=1000', { token: x.tokens[tenant]?.analyst });
    return ((await r.json()) as { alerts: (Alert & { kind: string })[] }).alerts.filter((a) => a.kind === 'correlation' && a.rule.title === 'SSH Brute Force From One Source');
  };

  it('a window open when the server stops is completed by a server started elsewhere, and fires once; per tenant', async () => {
    const first = await start();
    await ingest(first, A, failures(0, 6));
    // Another tenant's identical lines count in its own windows only.
    await ingest(first, B, failures(0, 6));
    assert.deepEqual(await bruteForce(first, A), [], 'six of ten: not yet');
    assert.equal(existsSync(join(first.dataDir, 'detect-state.db')), false, 'no correlation file beside a shared store');
    await stop(first);

    const second = await start();
    assert.notEqual(second.dataDir, first.dataDir);
    await ingest(second, A, failures(6, 4));
    const fired = await bruteForce(second, A);
    assert.equal(fired.length, 1, 'the tenth failure, four of them after the restart, completes the window');
    assert.equal(fired[0]?.tenant, A);
    assert.deepEqual(await bruteForce(second, B), [], 'B\'s six failures and A\'s four do not add up');
    await ingest(second, A, failures(10, 3));
    assert.equal((await bruteForce(second, A)).length, 1, 'more failures in the same burst do not fire again');
    await ingest(second, B, failures(6, 4));
    assert.equal((await bruteForce(second, B)).length, 1, 'B\'s own window carried over too');
    assert.deepEqual(readdirSync(second.dataDir).filter((f) => /detect/.test(f)), []);
  });

  it('anomaly reports stored in the database are served, and feedback on them goes there too', async () => {
    const H10 = Date.UTC(2026, 10, 27, 10);
    const store = await openPostgresStore(cdb.url);
    try {
      const state = postgresAnomalyState(store);
      await state.saveReport(sampleReport(A, H10, 'web1'));
      await state.saveReport(sampleReport(B, H10, 'bravo-db'));
      const x = await start();
      const r = (await (await x.request('GET', '/api/v1/anomaly/reports', { token: x.tokens[A]?.analyst })).json()) as { reports: { hour: string; topEntity: string }[] };
      assert.deepEqual(r.reports.map((h) => [h.hour, h.topEntity]), [[new Date(H10).toISOString(), 'host:web1']], 'A\'s report only');
      const spike = sampleReport(A, H10, 'web1').rateSpikes[0]!;
      const fp = await x.request('POST', '/api/v1/anomaly/findings/false-positive', { token: x.tokens[A]?.analyst, body: { hour: '2026-11-27T10', key: spike.key, reason: 'backup night' } });
      assert.equal(fp.status, 200);
      assert.deepEqual((await state.listFeedback(A)).map((f) => f.key), [spike.key]);
      assert.deepEqual(await state.listFeedback(B), []);
      // Tokens stay in the data directory (auth.db): they are the server's, not a tenant's data.
      assert.deepEqual(readdirSync(x.dataDir).filter((f) => f.endsWith('.db')), ['auth.db']);
    } finally {
      await store.close();
    }
  });
});
