// The Store contract as tests, run over every implementation (SQLite in
// store-contract-sqlite.test.ts, PostgreSQL in postgres-store.test.ts): what a caller can rely
// on whichever store it got from openStore. Each test gets a fresh, empty store.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Event, UnparsedRecord } from '../../src/core/event.ts';
import type { Alert } from '../../src/detect/sigma/alert.ts';
import type { BatchWrite, EventQuery, Store } from '../../src/store/index.ts';

export interface ContractTarget {
  name: string;
  /** A fresh empty store; closed by the suite. */
  open(): Promise<Store>;
}

/** A test of `target` on a fresh store, closed after it whatever the outcome. */
export function storeTest(target: ContractTarget): (name: string, fn: (store: Store) => Promise<void>) => void {
  return (name, fn) =>
    test(`${target.name}: ${name}`, async () => {
      const store = await target.open();
      try {
        await fn(store);
      } finally {
        await store.close();
      }
    });
}

const ev = (id: string, time: number, fields: Event['fields'], over: Partial<Event> = {}): Event => ({
  id, tenant: 'acme', source: 'auth.log', time, ingested: 5, raw: `line ${id}`, parser: 'sshd', fields, ...over,
});
const un = (id: string, tenant = 'acme'): UnparsedRecord => ({ id, tenant, source: 'x.log', ingested: 7, raw: `?? ${id}`, reason: 'no parser or template matched', length: 4 });
export const testAlert = (id: string, tenant = 'acme'): Alert => ({
  id, tenant, time: 10, kind: 'rule', input: { line: 1 }, events: [], repeats: 0,
  rule: { id: 'r1', title: 'T', level: 'high', status: 'test', tags: [], references: [], falsepositives: [] } as never,
});
const batch = (over: Partial<BatchWrite>): BatchWrite => ({ tenant: 'acme', events: [], unparsed: [], counters: {}, ...over });

export function storeContract(target: ContractTarget): void {
  const withStore = storeTest(target);

  withStore('a batch is stored whole and read back as written', async (store) => {
    const e = ev('a1', 1000, { 'source.ip': '10.0.0.1', 'user.name': 'root', 'event.outcome': 'failure', 'source.port': 2222, ok: true, list: ['x', 'y'] });
    const mined = ev('a2', 2000, { 'message.p1': 'v' }, { parser: 'template', templateId: 'T1', templateParams: [{ name: 'p1', type: 'string', value: 'v' } as never] });
    const r = await store.writeBatch(batch({ events: [e, mined], unparsed: [un('u1')], counters: { lines: 3, 'parsed:sshd': 1 } }));
    assert.deepEqual(r, { insertedEvents: 2, insertedUnparsed: 1 });
    assert.deepEqual(await store.queryEvents({ tenant: 'acme' }), [e, mined]);
    assert.deepEqual(await store.listUnparsed('acme'), [un('u1')]);
    assert.equal(await store.countUnparsed('acme'), 1);
    assert.deepEqual(await store.counters('acme'), { lines: 3, 'parsed:sshd': 1 });
  });

  withStore('a replayed batch inserts nothing and counts nothing twice', async (store) => {
    const b = batch({ events: [ev('r1', 1, {}), ev('r2', 2, {})], unparsed: [un('ru')], counters: { lines: 3 }, checkpoint: { key: 'file:1', offset: 30, state: { g: 0 } } });
    await store.writeBatch(b);
    assert.deepEqual(await store.writeBatch(b), { insertedEvents: 0, insertedUnparsed: 0 });
    assert.equal(await store.countEvents({ tenant: 'acme' }), 2);
    assert.deepEqual(await store.counters('acme'), { lines: 3 });
    // A batch that overlaps a stored one stores only its new events.
    const r = await store.writeBatch(batch({ events: [ev('r2', 2, {}), ev('r3', 3, {})], counters: { lines: 1 } }));
    assert.equal(r.insertedEvents, 1);
    assert.equal(await store.countEvents({ tenant: 'acme' }), 3);
  });

  withStore('the checkpoint commits with its batch and the latest one wins', async (store) => {
    await store.writeBatch(batch({ events: [ev('c1', 1, {})], counters: {}, checkpoint: { key: 'file:9', offset: 10, state: { fingerprint: 'ab', generation: 0 } } }));
    await store.writeBatch(batch({ events: [ev('c2', 2, {})], counters: {}, checkpoint: { key: 'file:9', offset: 20, state: { fingerprint: 'ab', generation: 0 } } }));
    await store.writeBatch(batch({ counters: {}, checkpoint: { key: 'file:1', offset: 5, state: {} } }));
    assert.deepEqual(await store.getCheckpoint('acme', 'file:9'), { key: 'file:9', offset: 20, state: { fingerprint: 'ab', generation: 0 } });
    assert.deepEqual((await store.listCheckpoints('acme')).map((c) => [c.key, c.offset]), [['file:1', 5], ['file:9', 20]]);
    assert.equal(await store.getCheckpoint('globex', 'file:9'), undefined);
  });

  withStore('a batch with an event of another tenant is refused and stores nothing', async (store) => {
    await assert.rejects(store.writeBatch(batch({ events: [ev('ok', 1, {}), ev('bad', 2, {}, { tenant: 'globex' })], checkpoint: { key: 'k', offset: 9, state: {} } })), /tenant/);
    assert.equal(await store.countEvents({ tenant: 'acme' }), 0);
    assert.equal(await store.getCheckpoint('acme', 'k'), undefined);
  });

  withStore('no read returns another tenant\'s rows', async (store) => {
    await store.writeBatch(batch({ events: [ev('a', 1, { 'host.name': 'h' })], unparsed: [un('ua')], counters: { lines: 2 }, minerSnapshot: { v: 'acme' },
      templates: [{ templateId: 'T', template: 'a <*>', count: 1, example: 'a b', params: [], lastSeen: 1 }], checkpoint: { key: 'k', offset: 1, state: {} } }));
    await store.writeBatch({ tenant: 'globex', events: [ev('g', 1, { 'host.name': 'h' }, { tenant: 'globex' })], unparsed: [], counters: { lines: 1 } });
    assert.deepEqual((await store.queryEvents({ tenant: 'globex', where: { 'host.name': 'h' } })).map((e) => e.id), ['g']);
    assert.equal(await store.countEvents({ tenant: 'globex', text: 'line a' }), 0);
    assert.deepEqual(await store.listUnparsed('globex'), []);
    assert.deepEqual(await store.listTemplates('globex'), []);
    assert.equal(await store.getTemplate('globex', 'T'), undefined);
    assert.equal(await store.loadMinerSnapshot('globex'), undefined);
    assert.deepEqual(await store.counters('globex'), { lines: 1 });
    assert.deepEqual(await store.listCheckpoints('globex'), []);
    await assert.rejects(store.queryEvents({ tenant: "acme' OR '1'='1" }), /invalid tenant/);
  });

  withStore('queries filter by time, parser, field value and type, and text, in time order', async (store) => {
    await store.writeBatch(batch({ events: [
      ev('e3', 3000, { 'source.ip': '10.0.0.2', 'process.name': 42 }, { raw: 'Failed password for 50%_off' }),
      ev('e1', 1000, { 'source.ip': '10.0.0.1', 'process.name': '42' }, { raw: 'Accepted password' }),
      ev('e2', 2000, { 'source.ip': '10.0.0.1', 'user.name': null, custom: 'x' }, { parser: 'sudo', raw: 'FAILED su' }),
      ev('e4', 2000, { flag: false }, { raw: 'tie after e2' }),
    ] }));
    const ids = async (q: Omit<EventQuery, 'tenant'>) => (await store.queryEvents({ tenant: 'acme', ...q })).map((e) => e.id);
    assert.deepEqual(await ids({}), ['e1', 'e2', 'e4', 'e3']);
    assert.deepEqual(await ids({ from: 2000, to: 3000 }), ['e2', 'e4']);
    assert.deepEqual(await ids({ parser: 'sudo' }), ['e2']);
    assert.deepEqual(await ids({ where: { 'source.ip': '10.0.0.1' } }), ['e1', 'e2']);
    assert.deepEqual(await ids({ where: { 'process.name': 42 } }), ['e3']);
    assert.deepEqual(await ids({ where: { 'process.name': '42' } }), ['e1']);
    assert.deepEqual(await ids({ where: { custom: 'x', 'source.ip': '10.0.0.1' } }), ['e2']);
    assert.deepEqual(await ids({ where: { 'user.name': null } }), ['e2']);
    assert.deepEqual(await ids({ where: { flag: false } }), ['e4']);
    assert.deepEqual(await ids({ text: 'failed' }), ['e2', 'e3']);
    // The user's % and _ are literal characters, not patterns.
    assert.deepEqual(await ids({ text: '50%_' }), ['e3']);
    assert.deepEqual(await ids({ text: '%' }), ['e3']);
    assert.deepEqual(await ids({ limit: 2 }), ['e1', 'e2']);
    assert.equal(await store.countEvents({ tenant: 'acme', text: 'password' }), 2);
    await assert.rejects(store.queryEvents({ tenant: 'acme', where: { "x') OR 1=1 --": 'a' } }), /invalid field name/);
  });

  withStore('templates add up their counts and keep the first time they were seen', async (store) => {
    const t = { templateId: 'T1', template: 'conn from <*>', count: 2, example: 'conn from a', params: [], lastSeen: 100, program: 'app' };
    await store.writeBatch(batch({ events: [ev('t1', 1, {})], templates: [t] }));
    await store.writeBatch(batch({ events: [ev('t2', 2, {})], templates: [{ ...t, count: 3, template: 'conn from <IP>', lastSeen: 200 }, { ...t, templateId: 'T2', count: 9, lastSeen: 150 }] }));
    const rows = await store.listTemplates('acme');
    assert.deepEqual(rows.map((r) => [r.templateId, r.count]), [['T2', 9], ['T1', 5]]);
    assert.deepEqual(await store.getTemplate('acme', 'T1'), {
      templateId: 'T1', template: 'conn from <IP>', count: 5, example: 'conn from a', params: [], firstSeen: 100, lastSeen: 200, program: 'app',
    });
  });

  withStore('the miner snapshot is kept per tenant, the latest one wins', async (store) => {
    assert.equal(await store.loadMinerSnapshot('acme'), undefined);
    await store.writeBatch(batch({ minerSnapshot: { clusters: [1, 2], note: 'first' } }));
    await store.writeBatch(batch({ minerSnapshot: { clusters: [1, 2, 3], note: 'second' } }));
    assert.deepEqual(await store.loadMinerSnapshot('acme'), { clusters: [1, 2, 3], note: 'second' });
  });

  withStore('alerts written with a batch are stored once: a replay inserts none', async (store) => {
    const b = batch({ events: [ev('al1', 1, {})], alerts: [{ kind: 'alert', alert: testAlert('r1:al1') }, { kind: 'repeats', tenant: 'acme', alertId: 'r1:al1', repeats: 1, eventId: 'al1' }] });
    assert.equal((await store.writeBatch(b)).insertedAlerts, 1);
    assert.equal((await store.writeBatch(b)).insertedAlerts, 0);
    await assert.rejects(store.writeBatch(batch({ events: [ev('al2', 2, {})], alerts: [{ kind: 'alert', alert: testAlert('r1:al2', 'globex') }] })), /tenant/);
    assert.equal(await store.countEvents({ tenant: 'acme' }), 1, 'the refused batch stored nothing');
  });

  withStore('odd text (quotes, backslashes, non-ASCII) round-trips', async (store) => {
    const raw = `it's "quoted" \\ back\\u0000slash — ünïcödé 🚀`;
    const e = ev('odd', 1, { msg: raw, 'a.b': { nested: [1, 'two', null] } as never }, { raw });
    await store.writeBatch(batch({ events: [e] }));
    assert.deepEqual(await store.queryEvents({ tenant: 'acme' }), [e]);
    assert.deepEqual((await store.queryEvents({ tenant: 'acme', text: 'ÜNÏ'.toLowerCase() })).map((x) => x.id), ['odd']);
  });
}
