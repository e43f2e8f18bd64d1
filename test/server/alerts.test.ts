// Alerts over the API: the Sigma stage's stored alerts listed with their triage, and the
// analyst's actions; new alerts reach the live stream of their own tenant only.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteAlertSink } from '../../src/detect/sigma/alert-store-sqlite.ts';
import type { Alert } from '../../src/detect/sigma/alert.ts';
import { defaultDbPath } from '../../src/store/locations.ts';
import { listenStream, startTestServer, type TestServer } from './server-helpers.ts';

const alert = (tenant: string, id: string, time: number): Alert => ({
  id, tenant, time, kind: 'rule', repeats: 0, input: { line: 1 },
  rule: { id: 'ssh-spray', title: 'SSH password spraying', level: 'high', author: 'StegoSOC', tags: ['attack.t1110.003'], references: [] },
  events: [{ 'source.ip': '198.51.100.9' }],
});

let s: TestServer;
let sink: SqliteAlertSink;
type Triaged = Alert & { triage: { status: string; assignee: string | null; reason: string | null } };

describe('alerts', () => {
  before(async () => {
    s = await startTestServer(['acme', 'other']);
    sink = new SqliteAlertSink(defaultDbPath(s.dataDir));
    sink.add(alert('acme', 'a1', 1000));
    sink.add(alert('acme', 'a2', 2000));
  });
  after(async () => {
    sink.close();
    await s.close();
  });

  it('lists and shows alerts with their triage state', async () => {
    const r = await s.request('GET', '/api/v1/alerts', { token: s.tokens.acme?.analyst });
    const { alerts } = (await r.json()) as { alerts: Triaged[] };
    assert.deepEqual(alerts.map((a) => [a.id, a.triage.status]), [['a1', 'new'], ['a2', 'new']]);
    const one = (await (await s.request('GET', '/api/v1/alerts/a2', { token: s.tokens.acme?.analyst })).json()) as Triaged;
    assert.equal(one.rule.author, 'StegoSOC');
    assert.deepEqual(one.rule.tags, ['attack.t1110.003']);
  });

  it('acknowledges, assigns, closes with a reason, marks false positive', async () => {
    const act = async (id: string, body: unknown) => s.request('POST', `/api/v1/alerts/${id}/triage`, { token: s.tokens.acme?.analyst, body });
    assert.equal(((await (await act('a1', { action: 'acknowledge' })).json()) as Triaged).triage.status, 'acknowledged');
    const assigned = (await (await act('a1', { action: 'assign', assignee: 'dana' })).json()) as Triaged;
    assert.deepEqual([assigned.triage.status, assigned.triage.assignee], ['acknowledged', 'dana']);
    assert.equal((await act('a1', { action: 'close' })).status, 400, 'closing needs a reason');
    const closed = (await (await act('a1', { action: 'close', reason: 'contained, host reimaged' })).json()) as Triaged;
    assert.deepEqual([closed.triage.status, closed.triage.reason], ['closed', 'contained, host reimaged']);
    assert.equal(((await (await act('a2', { action: 'false-positive', reason: 'pentest' })).json()) as Triaged).triage.status, 'false-positive');
    const open = (await (await s.request('GET', '/api/v1/alerts?status=closed', { token: s.tokens.acme?.analyst })).json()) as { alerts: Triaged[] };
    assert.deepEqual(open.alerts.map((a) => a.id), ['a1']);
    assert.equal((await act('a1', { action: 'explode' })).status, 400);
    sink.add({ ...alert('acme', 'a4-low', 4000), rule: { ...alert('acme', 'x', 0).rule, level: 'low' } });
    const byLevel = async (q: string) => ((await (await s.request('GET', `/api/v1/alerts?${q}`, { token: s.tokens.acme?.analyst })).json()) as { alerts: Triaged[] }).alerts.map((a) => a.id);
    assert.deepEqual(await byLevel('level=low'), ['a4-low']);
    assert.deepEqual(await byLevel('level=high,low&limit=2'), ['a1', 'a2']);
    assert.deepEqual(await byLevel('level=high&status=false-positive'), ['a2']);
  });

  it('streams a new alert to its tenant and not to another', async () => {
    const mine = await listenStream(s.url, s.tokens.acme?.analyst as string);
    const theirs = await listenStream(s.url, s.tokens.other?.analyst as string);
    sink.add(alert('acme', 'a3-live', 3000));
    // The poller reads new alerts once a second.
    await new Promise((res) => setTimeout(res, 1800));
    const got = await mine.stop();
    const other = await theirs.stop();
    assert.match(got, /event: alert\ndata: .*"id":"a3-live"/);
    assert.doesNotMatch(other, /a3-live/);
  });
});
