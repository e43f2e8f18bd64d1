// The console's part of the Store contract (src/store/console.ts) as tests, run over both
// stores (console-contract-sqlite.test.ts, console-contract-postgres.test.ts): alerts with
// their triage, the live cursor, the overview's aggregates and retention, each scoped by
// tenant. Alerts reach a store only through writeBatch, as they do in the pipeline.
import assert from 'node:assert/strict';
import type { Event, UnparsedRecord } from '../../src/core/event.ts';
import type { Alert } from '../../src/detect/sigma/alert.ts';
import type { Store } from '../../src/store/index.ts';
import { storeTest, type ContractTarget } from './store-contract.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 27, 10);

const ev = (id: string, tenant: string, time: number, over: Partial<Event> = {}): Event => ({
  id, tenant, source: 'auth.log', time, ingested: time, raw: `line ${id}`, parser: 'sshd', fields: {}, ...over,
});
const un = (id: string, tenant: string, ingested: number): UnparsedRecord => ({ id, tenant, source: 'x.log', ingested, raw: `?? ${id}`, reason: 'binary', length: 4 });
const alert = (id: string, tenant: string, time: number, over: { level?: string; rule?: string; events?: Alert['events']; group?: Record<string, string>; repeats?: number } = {}): Alert => ({
  id, tenant, time, kind: over.group ? 'correlation' : 'rule', input: {}, events: over.events ?? [], repeats: over.repeats ?? 0,
  ...(over.group ? { group: over.group } : {}),
  rule: { id: over.rule ?? 'r1', title: `rule ${over.rule ?? 'r1'}`, level: over.level ?? 'high', tags: [], references: [] },
});
const storeAlerts = (store: Store, tenant: string, alerts: Alert[], events: Event[] = []) =>
  store.writeBatch({ tenant, events, unparsed: [], counters: {}, alerts: alerts.map((a) => ({ kind: 'alert' as const, alert: a })) });
const ack = { status: 'acknowledged' as const, assignee: null, reason: null, updated: 5, by: 'tok1' };

export function consoleContract(target: ContractTarget): void {
  const withStore = storeTest(target);

  withStore('alerts list oldest first with their triage, filtered by rule, time, status and level', async (store) => {
    await storeAlerts(store, 'acme', [
      alert('b', 'acme', 30, { level: 'Low', rule: 'r2' }), alert('a', 'acme', 10), alert('c', 'acme', 30, { level: 'critical', repeats: 2 }),
    ]);
    await storeAlerts(store, 'globex', [alert('g', 'globex', 20)]);
    const ids = async (q: Partial<Parameters<Store['listTriagedAlerts']>[0]>) => (await store.listTriagedAlerts({ tenant: 'acme', ...q })).map((a) => a.id);
    assert.deepEqual(await ids({}), ['a', 'b', 'c']);
    const [first] = await store.listTriagedAlerts({ tenant: 'acme' });
    assert.deepEqual(first?.triage, { status: 'new', assignee: null, reason: null, updated: null, by: null });
    assert.equal(first?.rule.title, 'rule r1');
    assert.equal((await store.getTriagedAlert('acme', 'c'))?.repeats, 2);
    assert.deepEqual(await ids({ ruleId: 'r2' }), ['b']);
    assert.deepEqual(await ids({ since: 20 }), ['b', 'c']);
    assert.deepEqual(await ids({ levels: ['LOW', 'critical'] }), ['b', 'c']);
    assert.deepEqual(await ids({ limit: 2 }), ['a', 'b']);
    assert.equal(await store.saveTriage('acme', 'b', ack), true);
    assert.deepEqual(await ids({ status: 'acknowledged' }), ['b']);
    // The limit applies after the filters.
    assert.deepEqual(await ids({ status: 'new', limit: 1 }), ['a']);
    assert.deepEqual((await store.getTriagedAlert('acme', 'b'))?.triage, ack);
  });

  withStore('triage is saved only for an alert of the tenant, and never reaches another tenant', async (store) => {
    await storeAlerts(store, 'acme', [alert('x', 'acme', 1)]);
    await storeAlerts(store, 'globex', [alert('x', 'globex', 1)]);
    assert.equal(await store.saveTriage('globex', 'x', { ...ack, status: 'closed', reason: 'done' }), true);
    assert.equal(await store.saveTriage('globex', 'nope', ack), false);
    assert.equal(await store.getTriagedAlert('globex', 'nope'), undefined);
    assert.equal((await store.getTriagedAlert('acme', 'x'))?.triage.status, 'new');
    assert.equal((await store.getTriagedAlert('globex', 'x'))?.triage.status, 'closed');
    // A later save replaces the earlier one.
    assert.equal(await store.saveTriage('globex', 'x', { status: 'new', assignee: 'ann', reason: null, updated: 9, by: 'tok2' }), true);
    assert.deepEqual((await store.getTriagedAlert('globex', 'x'))?.triage, { status: 'new', assignee: 'ann', reason: null, updated: 9, by: 'tok2' });
    await assert.rejects(store.getTriagedAlert("acme' OR '1'='1", 'x'), /invalid tenant/);
  });

  withStore('placements leave out false positives; the live cursor moves only with the tenant\'s new alerts', async (store) => {
    const start = await store.latestAlertCursor('acme');
    await storeAlerts(store, 'acme', [alert('p2', 'acme', 20), alert('p1', 'acme', 10)]);
    await storeAlerts(store, 'globex', [alert('g1', 'globex', 5)]);
    await store.saveTriage('acme', 'p2', { ...ack, status: 'false-positive', reason: 'scanner' });
    assert.deepEqual((await store.alertPlacements('acme')).map((a) => a.id), ['p1']);
    assert.deepEqual((await store.alertPlacements('globex')).map((a) => a.id), ['g1']);
    const seen = await store.alertsSince('acme', start);
    // In the order stored, whatever their times.
    assert.deepEqual(seen.alerts.map((a) => a.id), ['p2', 'p1']);
    assert.equal(seen.cursor, await store.latestAlertCursor('acme'));
    assert.deepEqual((await store.alertsSince('acme', seen.cursor)).alerts, []);
    // A limit of 1 gives p2 first (PostgreSQL returns the write's p1 with it: writes are not split).
    assert.equal((await store.alertsSince('acme', start, 1)).alerts[0]?.id, 'p2');
    await storeAlerts(store, 'globex', [alert('g2', 'globex', 6)]);
    assert.deepEqual((await store.alertsSince('acme', seen.cursor)).alerts, [], 'another tenant\'s alert is not news here');
    await storeAlerts(store, 'acme', [alert('p3', 'acme', 30, { repeats: 1 })]);
    assert.deepEqual((await store.alertsSince('acme', seen.cursor)).alerts.map((a) => [a.id, a.repeats]), [['p3', 1]]);
  });

  withStore('the overview counts events per source, parser and hour, alerts per hour and level, and the top entities', async (store) => {
    await store.writeBatch({ tenant: 'acme', unparsed: [un('u1', 'acme', T0)], counters: {}, events: [
      ev('e1', 'acme', T0 + 60_000), ev('e2', 'acme', T0 + 120_000, { parser: 'template' }), ev('e3', 'acme', T0 + HOUR + 1, { source: 'web.log', parser: 'nginx' }),
      ev('e4', 'acme', T0 + 2 * HOUR + 5),
    ] });
    await store.writeBatch({ tenant: 'globex', events: [ev('g1', 'globex', T0), ev('g2', 'globex', T0 + 3 * HOUR)], unparsed: [un('gu', 'globex', T0)], counters: {} });
    await storeAlerts(store, 'acme', [
      alert('a1', 'acme', T0 + 60_000, { events: [{ 'source.ip': '10.0.0.9', 'user.name': 'root' }], repeats: 2 }),
      alert('a2', 'acme', T0 + 90_000, { level: 'low', events: [{ 'source.ip': '10.0.0.9', 'user.name': '' }] }),
      alert('a3', 'acme', T0 + HOUR + 1, { group: { 'user.name': 'bob' } }),
    ]);
    await storeAlerts(store, 'globex', [alert('g', 'globex', T0 + 60_000, { events: [{ 'source.ip': '10.0.0.9' }] })]);
    const q = { tenant: 'acme', entityFields: ['source.ip', 'user.name'], topEntities: 10 };
    const c = await store.overviewCounts(q);
    assert.deepEqual(c.span, { from: T0 + 60_000, to: T0 + 2 * HOUR + 5 });
    const byHour = <T,>(rows: readonly T[]) => [...rows].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    const h0 = T0 / HOUR;
    assert.deepEqual(byHour(c.alertsByHour), byHour([{ hour: h0, level: 'high', n: 3 }, { hour: h0, level: 'low', n: 1 }, { hour: h0 + 1, level: 'high', n: 1 }]));
    assert.deepEqual(c.topEntities, [
      { field: 'source.ip', value: '10.0.0.9', alerts: 2 }, { field: 'user.name', value: 'bob', alerts: 1 }, { field: 'user.name', value: 'root', alerts: 1 },
    ]);
    assert.deepEqual(byHour(c.eventsByHour), byHour([
      { source: 'auth.log', parser: 'sshd', hour: h0, n: 1 }, { source: 'auth.log', parser: 'template', hour: h0, n: 1 },
      { source: 'web.log', parser: 'nginx', hour: h0 + 1, n: 1 }, { source: 'auth.log', parser: 'sshd', hour: h0 + 2, n: 1 },
    ]));
    assert.equal(c.unparsed, 1);
    // A range: alerts by their time, events by whole hours whose start lies in it.
    const r = await store.overviewCounts({ ...q, from: T0 + HOUR, to: T0 + HOUR + 10 });
    assert.deepEqual(r.span, { from: T0 + HOUR, to: T0 + HOUR + 10 });
    assert.deepEqual(r.alertsByHour, [{ hour: h0 + 1, level: 'high', n: 1 }]);
    assert.deepEqual(r.eventsByHour, [{ source: 'web.log', parser: 'nginx', hour: h0 + 1, n: 1 }]);
    // Rows stored after an answer are counted in the next.
    await store.writeBatch({ tenant: 'acme', events: [ev('e5', 'acme', T0 + HOUR + 2, { source: 'web.log', parser: 'nginx' })], unparsed: [], counters: {} });
    assert.deepEqual((await store.overviewCounts({ ...q, from: T0 + HOUR, to: T0 + HOUR + 10 })).eventsByHour, [{ source: 'web.log', parser: 'nginx', hour: h0 + 1, n: 2 }]);
    const empty = await store.overviewCounts({ ...q, tenant: 'nobody' });
    assert.deepEqual(empty, { span: { from: 0, to: 0 }, alertsByHour: [], topEntities: [], eventsByHour: [], unparsed: 0 });
  });

  withStore('retention deletes the tenant\'s older rows and the triage of its deleted alerts, nothing else', async (store) => {
    for (const tenant of ['acme', 'globex']) {
      await store.writeBatch({ tenant, events: [ev(`${tenant}-old`, tenant, 100), ev(`${tenant}-new`, tenant, 900)], unparsed: [un(`${tenant}-uo`, tenant, 100), un(`${tenant}-un`, tenant, 900)], counters: {} });
      await storeAlerts(store, tenant, [alert(`${tenant}-ao`, tenant, 100), alert(`${tenant}-an`, tenant, 900)]);
      await store.saveTriage(tenant, `${tenant}-ao`, ack);
      await store.saveTriage(tenant, `${tenant}-an`, ack);
    }
    const before = await store.overviewCounts({ tenant: 'acme', entityFields: [], topEntities: 0 });
    assert.equal(before.eventsByHour.reduce((n, r) => n + r.n, 0), 2);
    assert.deepEqual(await store.purgeOlderThan('acme', 500), { events: 1, unparsed: 1, alerts: 1 });
    assert.deepEqual((await store.queryEvents({ tenant: 'acme' })).map((e) => e.id), ['acme-new']);
    assert.deepEqual((await store.listUnparsed('acme')).map((u) => u.id), ['acme-un']);
    assert.deepEqual((await store.listTriagedAlerts({ tenant: 'acme' })).map((a) => [a.id, a.triage.status]), [['acme-an', 'acknowledged']]);
    // The overview's counts follow the deletes.
    assert.equal((await store.overviewCounts({ tenant: 'acme', entityFields: [], topEntities: 0 })).eventsByHour.reduce((n, r) => n + r.n, 0), 1);
    // An alert stored again under a purged id starts untriaged: its old triage went with it.
    await storeAlerts(store, 'acme', [alert('acme-ao', 'acme', 950)]);
    assert.equal((await store.getTriagedAlert('acme', 'acme-ao'))?.triage.status, 'new');
    assert.equal(await store.countEvents({ tenant: 'globex' }), 2);
    assert.equal(await store.countUnparsed('globex'), 2);
    assert.deepEqual((await store.listTriagedAlerts({ tenant: 'globex' })).map((a) => [a.id, a.triage.status]), [['globex-ao', 'acknowledged'], ['globex-an', 'acknowledged']]);
    assert.deepEqual(await store.purgeOlderThan('acme', 500), { events: 0, unparsed: 0, alerts: 0 });
  });
}
