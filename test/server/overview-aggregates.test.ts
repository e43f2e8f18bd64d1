// The overview's aggregates on a demo-sized tenant (40,000 events over a day, 300 alerts)
// agree with counts made here from what was written. How fast it answers is measured in
// `npm run bench -- console-api` (p99 against a same-run baseline), not here.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Event } from '../../src/core/event.ts';
import { SqliteAlertSink } from '../../src/detect/sigma/alert-store-sqlite.ts';
import { defaultDbPath } from '../../src/store/locations.ts';
import { startTestServer, type TestServer } from './server-helpers.ts';

const T = 'demo';
const EVENTS = 40_000;
const ALERTS = 300;
const DAY_START = Date.UTC(2026, 10, 27);
const PARSERS = ['sshd', 'nginx-access', 'apache-access', 'auditd', 'cloudtrail', 'template', 'json', 'kv'];
let s: TestServer;

const levels = ['critical', 'high', 'medium', 'low', 'informational'];

describe('overview aggregates', () => {
  before(async () => {
    s = await startTestServer([T]);
    for (let b = 0; b < EVENTS; b += 5000) {
      const events: Event[] = [];
      for (let i = b; i < b + 5000; i++) {
        const time = DAY_START + Math.floor((i / EVENTS) * 86_400_000);
        events.push({
          id: `e${i}`, tenant: T, source: `/var/log/host-${i % 12}.log`, time, ingested: time, parser: PARSERS[i % PARSERS.length] as string,
          raw: `line ${i} from 10.0.${i % 7}.${i % 250} user u${i % 40}`,
          fields: { 'source.ip': `10.0.${i % 7}.${i % 250}`, 'user.name': `u${i % 40}`, 'host.name': `host-${i % 12}`, 'event.action': 'x' },
        });
      }
      await s.app.ctx.store.writeBatch({ tenant: T, events, unparsed: [], counters: {} });
    }
    const sink = new SqliteAlertSink(defaultDbPath(s.dataDir));
    for (let i = 0; i < ALERTS; i++) {
      sink.add({
        id: `a${i}`, tenant: T, time: DAY_START + i * 280_000, kind: 'rule', repeats: i % 3, input: {},
        rule: { id: `r${i % 9}`, title: `rule ${i % 9}`, level: levels[i % 5] as string, tags: [], references: [] },
        events: [{ 'source.ip': `10.0.${i % 7}.${i % 5}`, 'user.name': `u${i % 4}`, 'host.name': `host-${i % 12}` }],
      });
    }
    sink.close();
  });
  after(async () => s.close());

  it('count events per source and parser, and alerts per severity, as written', async () => {
    const token = s.tokens[T]?.analyst as string;
    const o = (await (await s.request('GET', '/api/v1/overview', { token })).json()) as {
      parseCoverage: { known: number; learned: number; unparsed: number; byParser: { parser: string; n: number }[] };
      ingestBySource: { source: string; events: number }[];
      alertsBySeverity: Record<string, number | string>[];
      topEntities: { field: string; value: string; alerts: number }[];
    };
    assert.equal(o.parseCoverage.known + o.parseCoverage.learned, EVENTS);
    // Every eighth event is the miner's ('template'): learned; the rest known.
    assert.equal(o.parseCoverage.learned, EVENTS / PARSERS.length);
    for (const { parser, n } of o.parseCoverage.byParser) assert.equal(n, EVENTS / PARSERS.length, parser);
    assert.equal(o.ingestBySource.length, 12);
    for (const src of o.ingestBySource) {
      const k = Number(src.source.match(/host-(\d+)/)?.[1]);
      let want = 0;
      for (let i = 0; i < EVENTS; i++) if (i % 12 === k) want++;
      assert.equal(src.events, want, src.source);
    }
    const bySeverity = new Map<string, number>();
    for (const h of o.alertsBySeverity) for (const l of levels) bySeverity.set(l, (bySeverity.get(l) ?? 0) + Number(h[l] ?? 0));
    // An alert folded with repeats counts each occurrence (1 + repeats).
    for (const [k, l] of levels.entries()) {
      let want = 0;
      for (let i = k; i < ALERTS; i += levels.length) want += 1 + (i % 3);
      assert.equal(bySeverity.get(l), want, l);
    }
    assert.ok(o.topEntities.length > 0 && o.topEntities.every((e) => e.alerts > 0));
  });
});
