// The overview answers from SQL aggregates, not by loading events: on a demo-sized tenant
// (40,000 events over a day, 300 alerts) its p99 over HTTP stays under 100 ms (scaled by the
// machine's load), and it costs under a tenth of merely loading the tenant's events (the
// same-run baseline). Figures are printed with the load average.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadavg } from 'node:os';
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

const p = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;

describe('overview speed', () => {
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
    const levels = ['critical', 'high', 'medium', 'low', 'informational'];
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

  it('p99 of GET /api/v1/overview under 100 ms (load-scaled) on 40,000 events', async () => {
    const token = s.tokens[T]?.analyst as string;
    const first = (await (await s.request('GET', '/api/v1/overview', { token })).json()) as { parseCoverage: { known: number; learned: number }; ingestBySource: unknown[] };
    assert.equal(first.parseCoverage.known + first.parseCoverage.learned, EVENTS);
    assert.equal(first.ingestBySource.length, 12);
    const wall: number[] = [];
    const cpu0 = process.cpuUsage();
    const runs = 60;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = await s.request('GET', '/api/v1/overview', { token });
      await r.arrayBuffer();
      wall.push(performance.now() - t0);
    }
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000 / runs;
    // Baseline in the same run: merely loading the tenant's events, as a naive overview would.
    const b0 = process.cpuUsage();
    const loaded = await s.app.ctx.store.queryEvents({ tenant: T });
    const b = process.cpuUsage(b0);
    const baseMs = (b.user + b.system) / 1000;
    assert.equal(loaded.length, EVENTS);
    wall.sort((x, y) => x - y);
    const line = `overview on ${EVENTS} events: p50 ${p(wall, 0.5).toFixed(1)} ms, p99 ${p(wall, 0.99).toFixed(1)} ms wall; ${cpuMs.toFixed(1)} ms CPU per request; ` +
      `baseline (load all events) ${baseMs.toFixed(0)} ms CPU, ratio ${(cpuMs / baseMs).toFixed(3)}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`;
    console.log(line);
    // The target is 100 ms on a quiet machine; on a shared one each runnable process gets about
    // 2/load of the two cores, so the wall-clock bound scales with the load (never below 100 ms).
    const slowdown = Math.max(1, loadavg()[0]! / 2);
    assert.ok(p(wall, 0.99) < 100 * slowdown, line);
    // CPU (server and client in this process) is a small fraction of loading the events.
    assert.ok(cpuMs < baseMs / 10, line);
  });
});
