// Retention: the server's periodic job deletes each tenant's events, unparsed lines and alerts
// older than that tenant's retention, keeps what is newer, and leaves tenants without a
// retention (0 days) alone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteAlertSink } from '../../src/detect/sigma/alert-store-sqlite.ts';
import type { Event, UnparsedRecord } from '../../src/core/event.ts';
import { defaultDbPath } from '../../src/store/locations.ts';
import { validateConfig } from '../../src/config/load.ts';
import { openRetention } from '../../src/server/retention.ts';
import { startTestServer, type TestServer } from './server-helpers.ts';

const DAY = 86_400_000;
const now = Date.now();
let s: TestServer;

const event = (tenant: string, n: number, time: number): Event => ({
  id: `${tenant}-e${n}`, tenant, source: 'test', time, ingested: time, raw: `line ${n}`, parser: 'test', fields: { 'host.name': 'h1' },
});
const unparsed = (tenant: string, n: number, ingested: number): UnparsedRecord => ({ id: `${tenant}-u${n}`, tenant, source: 'test', ingested, raw: `bad ${n}`, reason: 'binary', length: 5 });

async function seed(tenant: string) {
  // Ages in days: 40, 20 and 1.
  const ages = [40, 20, 1];
  await s.app.ctx.store.writeBatch({
    tenant, events: ages.map((d, i) => event(tenant, i, now - d * DAY)), unparsed: ages.map((d, i) => unparsed(tenant, i, now - d * DAY)), counters: {},
  });
  const sink = new SqliteAlertSink(defaultDbPath(s.dataDir));
  ages.forEach((d, i) => sink.add({ id: `${tenant}-a${i}`, tenant, time: now - d * DAY, kind: 'rule', repeats: 0, input: {}, rule: { id: 'r', title: 'r', level: 'low', tags: [], references: [] }, events: [] }));
  sink.close();
  await s.app.ctx.alerts.triage(tenant, `${tenant}-a0`, { action: 'acknowledge', by: 'test' });
}

const left = async (tenant: string) => ({
  events: (await s.app.ctx.store.queryEvents({ tenant })).map((e) => e.id),
  unparsed: (await s.app.ctx.store.listUnparsed(tenant, 100)).map((u) => u.id),
  alerts: (await s.app.ctx.alerts.list({ tenant })).map((a) => a.id),
});

describe('retention', () => {
  before(async () => {
    // `short` keeps 7 days, `long` 30, `forever` everything (the default 0).
    s = await startTestServer(['short', 'long', 'forever'], { retention: { days: 0, tenants: { short: 7, long: 30 }, everyMs: 1000 } });
    for (const t of ['short', 'long', 'forever']) await seed(t);
  });
  after(async () => s.close());

  it('the periodic job deletes what is older than each tenant\'s retention, and nothing else', async () => {
    // The job runs at start and then every second; wait for a pass to have seen the seeded rows.
    const deadline = Date.now() + 20_000;
    while ((await left('short')).events.length > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(await left('short'), { events: ['short-e2'], unparsed: ['short-u2'], alerts: ['short-a2'] });
    while ((await left('long')).events.length > 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(await left('long'), { events: ['long-e1', 'long-e2'], unparsed: ['long-u1', 'long-u2'], alerts: ['long-a1', 'long-a2'] });
    assert.deepEqual(await left('forever'), {
      events: ['forever-e0', 'forever-e1', 'forever-e2'], unparsed: ['forever-u0', 'forever-u1', 'forever-u2'], alerts: ['forever-a0', 'forever-a1', 'forever-a2'],
    });
    // The triage of a deleted alert goes with it; a kept tenant's triage stays.
    assert.equal((await s.app.ctx.alerts.get('forever', 'forever-a0'))?.triage.status, 'acknowledged');
    const db = (await import('better-sqlite3')).default(defaultDbPath(s.dataDir), { readonly: true });
    try {
      assert.equal((db.prepare("SELECT count(*) AS n FROM alert_triage WHERE tenant = 'short'").get() as { n: number }).n, 0);
    } finally {
      db.close();
    }
  });

  it('the overview\'s kept counts follow rows added after it answered, and a retention pass', async () => {
    const token = s.tokens.forever?.analyst as string;
    const sum = async () => {
      const o = (await (await s.request('GET', '/api/v1/overview?tenant=cache', { token: s.global })).json()) as { ingestBySource: { events: number }[] };
      return o.ingestBySource.reduce((n, x) => n + x.events, 0);
    };
    assert.ok(token);
    s.app.ctx.tokens.addTenant('cache');
    assert.equal(await sum(), 0);
    await seed('cache');
    assert.equal(await sum(), 3, 'rows added after the counts were kept');
    // A pass with a retention for this tenant (the server's own job has none for it).
    const pass = openRetention({ ...s.app.ctx.config, retention: { ...s.app.ctx.config.retention, tenants: { cache: 7 } } });
    try {
      assert.deepEqual((await pass.run(['cache'])).map((p) => [p.events, p.unparsed, p.alerts]), [[2, 2, 2]]);
    } finally {
      await pass.close();
    }
    assert.equal(await sum(), 1, 'the counts were rebuilt after the deletes');
  });

  it('a retention naming no valid tenant is refused at start with the key named', () => {
    assert.throws(() => validateConfig({ retention: { tenants: { 'Bad Name': 3 } } }), /retention\.tenants\.Bad Name/);
    assert.throws(() => validateConfig({ retention: { tenants: { acme: -1 } } }), /retention\.tenants\.acme/);
  });
});
