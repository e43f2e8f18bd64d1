// A token of tenant A can read, change or infer nothing of tenant B, through every route.
// The table below must name every registered route: a new route fails this test until its
// tenant behaviour is written down here.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteAlertSink } from '../../src/detect/sigma/alert-store-sqlite.ts';
import type { Alert } from '../../src/detect/sigma/alert.ts';
import { defaultDbPath } from '../../src/store/locations.ts';
import { tenantLayerDir } from '../../src/core/layer-dirs.ts';
import { TENANT_HEADER } from '../../src/server/auth/authenticate.ts';
import { anomalyStateFile } from '../../src/server/anomaly-service.ts';
import { openSqliteAnomalyState } from '../../src/detect/anomaly/state/sqlite-state.ts';
import { inventoryDir } from '../../src/server/attack-graph-service.ts';
import { listenStream, sampleReport, startTestServer, sshdLines, type TestServer } from './server-helpers.ts';

const A = 'alpha';
const B = 'bravo';
/** Everything of B carries this marker (or B's name), so any leak shows in a body. */
const MARK = /bravo/i;
const B_ALERT = 'b-alert-1';
const B_RULE = 'shared-rule-1';
const ruleText = (id: string, title: string) =>
  `title: ${title}\nid: ${id}\nstatus: experimental\nlogsource:\n  product: linux\n  service: sshd\ndetection:\n  sel:\n    user.name: someone\n  condition: sel\nlevel: high\n`;
const bRuleFile = () => join(tenantLayerDir(s.dataDir, B, 'rules'), `${B_RULE}.yml`);
const B_HOUR = Date.UTC(2026, 10, 27, 10);
/** B's crown jewels: a small estate whose every name carries B's marker. */
const B_INVENTORY = `attacker: [internet]
hosts:
  - name: bravo-web
    subnet: bravo-dmz
    services: [{ program: bravo_httpd, protocol: tcp, port: 443, user: www }]
    vulnerabilities: [{ id: BRAVO-2026-0001, program: bravo_httpd }]
  - name: bravo-db
    subnet: bravo-dmz
    services: [{ program: sshd, protocol: tcp, port: 22, user: root }]
    vulnerabilities: [{ id: BRAVO-2026-0002, program: sshd }]
firewall:
  - { from: internet, to: bravo-dmz, protocol: tcp, ports: [443] }
  - { from: bravo-dmz, to: bravo-dmz, protocol: tcp, ports: [22] }
advisories:
  - { id: BRAVO-2026-0001, vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }
  - { id: BRAVO-2026-0002, vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }
goals:
  - "execCode('bravo-db', root)"
`;
/** B's attack-graph node ids, learned through B's own token. */
let bNodeIds: string[] = [];

function bravoAlert(): Alert {
  return {
    id: B_ALERT, tenant: B, time: Date.UTC(2026, 10, 27, 10), kind: 'rule', repeats: 0, input: { line: 1 },
    rule: { id: 'rule-bravo', title: 'bravo secret rule', level: 'high', tags: ['attack.t1110'], references: [] },
    events: [{ 'user.name': 'bravo-user' }],
  };
}

let s: TestServer;
let bTemplate = '';
let bEvents = 0;

async function bState() {
  const events = await s.app.ctx.store.countEvents({ tenant: B });
  const alert = await s.app.ctx.alerts.get(B, B_ALERT);
  const r = await s.request('GET', '/api/v1/counters', { token: s.tokens[B]?.analyst });
  return {
    events, triage: alert?.triage, tokenWorks: r.status === 200, promoted: existsSync(tenantLayerDir(s.dataDir, B, 'parsers')),
    rule: readFileSync(bRuleFile(), 'utf8'), layerFile: existsSync(join(tenantLayerDir(s.dataDir, B, 'rules'), '_layer.yml')),
    filters: existsSync(tenantLayerDir(s.dataDir, B, 'filters')), suppressions: existsSync(tenantLayerDir(s.dataDir, B, 'suppressions')),
    graph: await (await s.request('GET', '/api/v1/attack-graph', { token: s.tokens[B]?.analyst })).text(),
  };
}

async function bodyWithoutB(r: Response): Promise<string> {
  const text = await r.text();
  assert.doesNotMatch(text, MARK, `response leaks tenant B: ${text.slice(0, 300)}`);
  assert.ok(!text.includes(bTemplate), 'response names B\'s template');
  return text;
}

/** Reads an SSE stream for a while and returns what arrived. */
async function readStream(token: string, during: () => Promise<void>): Promise<string> {
  const stream = await listenStream(s.url, token);
  assert.equal(stream.status, 200);
  await during();
  await new Promise((res) => setTimeout(res, 300));
  return stream.stop();
}

type Probe = () => Promise<void>;
const tA = () => s.tokens[A]?.admin as string;
const expectStatus = async (r: Response, status: number) => {
  assert.equal(r.status, status, `${r.url}: ${r.status}`);
  return bodyWithoutB(r);
};

/** For each route, what A's most powerful token tries against B, and what must hold. */
const TABLE: Record<string, Probe> = {
  'GET /healthz': async () => void (await expectStatus(await s.request('GET', '/healthz'), 200)),
  'GET /readyz': async () => void (await expectStatus(await s.request('GET', '/readyz'), 200)),
  'GET /metrics': async () => void (await expectStatus(await s.request('GET', '/metrics', { token: tA() }), 403)),
  'GET /openapi.json': async () => void (await expectStatus(await s.request('GET', '/openapi.json', { token: tA() }), 200)),
  'POST /api/v1/ingest/raw': async () => {
    await expectStatus(await s.request('POST', '/api/v1/ingest/raw', { token: tA(), text: sshdLines(2, 'intruder'), headers: { [TENANT_HEADER]: B } }), 403);
    // A's own ingest lands in A only.
    await expectStatus(await s.request('POST', '/api/v1/ingest/raw', { token: tA(), text: sshdLines(2, 'alice') }), 200);
  },
  'POST /api/v1/ingest/json': async () => {
    await expectStatus(await s.request('POST', '/api/v1/ingest/json', { token: tA(), text: '{"message":"x"}\n', contentType: 'application/x-ndjson', headers: { [TENANT_HEADER]: B } }), 403);
  },
  'GET /api/v1/events': async () => {
    const text = await expectStatus(await s.request('GET', '/api/v1/events?q=bravo&limit=1000', { token: tA() }), 200);
    assert.deepEqual(JSON.parse(text).events, []);
    await expectStatus(await s.request('GET', `/api/v1/events?field=${encodeURIComponent('user.name=bravo')}`, { token: tA() }), 200);
  },
  'GET /api/v1/unparsed': async () => void (await expectStatus(await s.request('GET', '/api/v1/unparsed', { token: tA() }), 200)),
  'GET /api/v1/counters': async () => {
    const text = await expectStatus(await s.request('GET', '/api/v1/counters', { token: tA() }), 200);
    // A's line count is A's alone: B's lines do not show through in any counter.
    const { counters } = JSON.parse(text) as { counters: Record<string, number> };
    assert.equal(counters.lines ?? 0, 2);
  },
  'GET /api/v1/templates': async () => {
    const text = await expectStatus(await s.request('GET', '/api/v1/templates', { token: tA() }), 200);
    assert.deepEqual(JSON.parse(text).templates, []);
  },
  'POST /api/v1/templates/:id/promote': async () => {
    await expectStatus(await s.request('POST', `/api/v1/templates/${encodeURIComponent(bTemplate)}/promote`, { token: tA(), body: { name: 'stolen' } }), 404);
    assert.ok(!existsSync(tenantLayerDir(s.dataDir, A, 'parsers')), 'nothing was written for A either');
  },
  'GET /api/v1/alerts': async () => {
    const text = await expectStatus(await s.request('GET', '/api/v1/alerts', { token: tA() }), 200);
    assert.deepEqual(JSON.parse(text).alerts, []);
  },
  'GET /api/v1/alerts/:id': async () => {
    // The same answer as for an id that exists nowhere: existence is not revealed.
    const b = await s.request('GET', `/api/v1/alerts/${B_ALERT}`, { token: tA() });
    const none = await s.request('GET', '/api/v1/alerts/no-such-alert', { token: tA() });
    assert.equal(b.status, 404);
    assert.equal(none.status, 404);
    assert.equal((await bodyWithoutB(b)).replace(B_ALERT, 'ID'), (await none.text()).replace('no-such-alert', 'ID'));
  },
  'POST /api/v1/alerts/:id/triage': async () => {
    await expectStatus(await s.request('POST', `/api/v1/alerts/${B_ALERT}/triage`, { token: tA(), body: { action: 'close', reason: 'x' } }), 404);
  },
  'GET /api/v1/admin/tenants': async () => void (await expectStatus(await s.request('GET', '/api/v1/admin/tenants', { token: tA() }), 403)),
  'POST /api/v1/admin/tenants': async () => void (await expectStatus(await s.request('POST', '/api/v1/admin/tenants', { token: tA(), body: { name: 'x' } }), 403)),
  'GET /api/v1/admin/tokens': async () => void (await expectStatus(await s.request('GET', `/api/v1/admin/tokens?tenant=${B}`, { token: tA() }), 403)),
  'POST /api/v1/admin/tokens': async () =>
    void (await expectStatus(await s.request('POST', '/api/v1/admin/tokens', { token: tA(), body: { tenant: B, role: 'admin' } }), 403)),
  'DELETE /api/v1/admin/tokens/:id': async () =>
    void (await expectStatus(await s.request('DELETE', `/api/v1/admin/tokens/${s.tokenIds[B]?.analyst}`, { token: tA() }), 403)),
  'GET /api/v1/tokens': async () => {
    const text = await expectStatus(await s.request('GET', '/api/v1/tokens', { token: tA() }), 200);
    for (const id of Object.values(s.tokenIds[B] ?? {})) assert.ok(!text.includes(id));
  },
  'POST /api/v1/tokens': async () => {
    const r = await s.request('POST', '/api/v1/tokens', { token: tA(), body: { role: 'analyst' }, headers: { [TENANT_HEADER]: B } });
    await expectStatus(r, 403);
    const own = (await (await s.request('POST', '/api/v1/tokens', { token: tA(), body: { role: 'analyst' } })).json()) as { row: { tenant: string } };
    assert.equal(own.row.tenant, A);
  },
  'DELETE /api/v1/tokens/:id': async () => {
    await expectStatus(await s.request('DELETE', `/api/v1/tokens/${s.tokenIds[B]?.analyst}`, { token: tA() }), 404);
  },
  'GET /api/v1/rules': async () => {
    const text = await expectStatus(await s.request('GET', '/api/v1/rules', { token: tA() }), 200);
    assert.ok(!text.includes(B_RULE));
  },
  'POST /api/v1/rules/validate': async () => {
    await expectStatus(await s.request('POST', '/api/v1/rules/validate', { token: tA(), body: { yaml: ruleText('a-rule', 'a rule') } }), 200);
  },
  'PUT /api/v1/rules/:id': async () => {
    // Same id as B's rule: it lands in A's layer as A's own rule, B's file is untouched.
    await expectStatus(await s.request('PUT', `/api/v1/rules/${B_RULE}`, { token: tA(), body: { yaml: ruleText(B_RULE, 'alpha version') } }), 200);
    const mine = (await (await s.request('GET', '/api/v1/rules', { token: tA() })).json()) as { rules: { id: string; title: string; layer: string }[] };
    assert.deepEqual(mine.rules.filter((r) => r.id === B_RULE).map((r) => [r.title, r.layer]), [['alpha version', `tenant:${A}`]]);
  },
  'DELETE /api/v1/rules/:id': async () => {
    await expectStatus(await s.request('DELETE', `/api/v1/rules/${B_RULE}`, { token: tA() }), 204);
    await expectStatus(await s.request('DELETE', `/api/v1/rules/${B_RULE}`, { token: tA() }), 404);
  },
  'POST /api/v1/rules/:id/disable': async () => {
    await expectStatus(await s.request('POST', `/api/v1/rules/${B_RULE}/disable`, { token: tA(), body: { disabled: true } }), 204);
  },
  'GET /api/v1/whoami': async () => {
    const text = await expectStatus(await s.request('GET', '/api/v1/whoami', { token: tA() }), 200);
    assert.equal(JSON.parse(text).tenant, A);
    await expectStatus(await s.request('GET', `/api/v1/whoami?tenant=${B}`, { token: tA() }), 403);
  },
  'GET /api/v1/overview': async () => {
    const text = await expectStatus(await s.request('GET', '/api/v1/overview', { token: tA() }), 200);
    const o = JSON.parse(text) as { alertsBySeverity: unknown[]; topEntities: unknown[]; ingestBySource: { events: number }[]; parseCoverage: { known: number; learned: number; unparsed: number } };
    // A's own figures only: the two lines A ingested, none of B's alerts or templates.
    assert.equal(o.ingestBySource.reduce((n, x) => n + x.events, 0), await s.app.ctx.store.countEvents({ tenant: A }));
    assert.equal(o.parseCoverage.learned, 0);
    assert.deepEqual([o.alertsBySeverity, o.topEntities], [[], []]);
    await expectStatus(await s.request('GET', `/api/v1/overview?tenant=${B}`, { token: tA() }), 403);
  },
  'GET /api/v1/anomaly/reports': async () => {
    const text = await expectStatus(await s.request('GET', '/api/v1/anomaly/reports', { token: tA() }), 200);
    assert.deepEqual(JSON.parse(text).reports, []);
  },
  'GET /api/v1/anomaly/reports/:hour': async () => {
    // B's hour answers like an hour no tenant has.
    const b = await s.request('GET', `/api/v1/anomaly/reports/${B_HOUR}?format=html`, { token: tA() });
    const none = await s.request('GET', `/api/v1/anomaly/reports/${B_HOUR + 5 * 3_600_000}?format=html`, { token: tA() });
    assert.equal(b.status, 404);
    assert.equal(none.status, 404);
    assert.equal(await bodyWithoutB(b), await none.text());
  },
  'GET /api/v1/anomaly/findings': async () => {
    const text = await expectStatus(await s.request('GET', '/api/v1/anomaly/findings', { token: tA() }), 200);
    assert.deepEqual(JSON.parse(text).findings, []);
  },
  'POST /api/v1/anomaly/findings/false-positive': async () => {
    const key = sampleReport(B, B_HOUR, 'bravo-web').rateSpikes[0]?.key;
    await expectStatus(await s.request('POST', '/api/v1/anomaly/findings/false-positive', { token: tA(), body: { hour: String(B_HOUR), key, reason: 'x' } }), 404);
    assert.ok(!existsSync(tenantLayerDir(s.dataDir, A, 'suppressions')), 'nothing was written for A either');
  },
  'POST /api/v1/attack-graph/compute': async () => {
    const text = await expectStatus(await s.request('POST', '/api/v1/attack-graph/compute', { token: tA() }), 200);
    assert.deepEqual([JSON.parse(text).nodes, JSON.parse(text).goals], [0, []]);
  },
  'GET /api/v1/attack-graph': async () => {
    for (const view of ['full', 'hosts']) {
      const text = await expectStatus(await s.request('GET', `/api/v1/attack-graph?view=${view}`, { token: tA() }), 200);
      assert.deepEqual(JSON.parse(text).nodes, []);
    }
  },
  'GET /api/v1/attack-graph/nodes/:id': async () => {
    assert.ok(bNodeIds.length > 0);
    const none = await (await s.request('GET', '/api/v1/attack-graph/nodes/f99999999', { token: tA() })).text();
    for (const id of [...bNodeIds.slice(0, 20), 'h:bravo-db', 'h:bravo-web']) {
      const r = await s.request('GET', `/api/v1/attack-graph/nodes/${encodeURIComponent(id)}`, { token: tA() });
      assert.equal(r.status, 404, id);
      assert.equal(await bodyWithoutB(r), none);
    }
  },
  'GET /api/v1/attack-graph/export': async () => {
    for (const format of ['json', 'dot', 'neo4j-csv']) await expectStatus(await s.request('GET', `/api/v1/attack-graph/export?format=${format}`, { token: tA() }), 404);
  },
  'GET /api/v1/attack-graph/harden': async () => {
    const text = await expectStatus(await s.request('GET', '/api/v1/attack-graph/harden', { token: tA() }), 200);
    assert.deepEqual(JSON.parse(text).fixes, []);
  },
  'POST /api/v1/attack-graph/what-if': async () => {
    await expectStatus(await s.request('POST', '/api/v1/attack-graph/what-if', { token: tA(), body: { remove: ["vulExists('bravo-web','BRAVO-2026-0001',bravo_httpd)"] } }), 404);
  },
  'GET /api/v1/stream': async () => {
    const text = await readStream(tA(), async () => {
      const r = await s.request('POST', '/api/v1/ingest/raw', { token: s.tokens[B]?.ingest, text: sshdLines(3, 'bravo-live') });
      assert.equal(r.status, 200);
      bEvents += 3;
    });
    assert.match(text, /connected/);
    assert.doesNotMatch(text, /event: events/, 'A received a notice of B\'s ingest');
  },
};

describe('tenant isolation over every route', () => {
  before(async () => {
    s = await startTestServer([A, B], { auth: { maxFailures: 1000 } });
    const ingestB = s.tokens[B]?.ingest;
    assert.equal((await s.request('POST', '/api/v1/ingest/raw', { token: ingestB, text: sshdLines(20, 'bravo-user') })).status, 200);
    // A format no parser knows, so the miner learns a template of B's.
    const unknown = Array.from({ length: 30 }, (_, i) => `ZQX9 bravo-job ${i} done in ${i * 7} ms queue=q${i % 3}`).join('\n');
    assert.equal((await s.request('POST', '/api/v1/ingest/raw', { token: ingestB, text: unknown })).status, 200);
    bEvents = 50;
    const templates = await s.app.ctx.store.listTemplates(B);
    assert.ok(templates.length > 0, 'B has a mined template');
    bTemplate = templates[0]?.templateId ?? '';
    mkdirSync(tenantLayerDir(s.dataDir, B, 'rules'), { recursive: true });
    writeFileSync(bRuleFile(), ruleText(B_RULE, 'bravo secret rule'));
    const sink = new SqliteAlertSink(defaultDbPath(s.dataDir));
    sink.add(bravoAlert());
    sink.close();
    const state = openSqliteAnomalyState(anomalyStateFile(s.dataDir));
    await state.saveReport(sampleReport(B, B_HOUR, 'bravo-web'));
    await state.close();
    mkdirSync(inventoryDir(s.dataDir, B), { recursive: true });
    writeFileSync(join(inventoryDir(s.dataDir, B), 'estate.yaml'), B_INVENTORY);
    const graph = (await (await s.request('GET', '/api/v1/attack-graph', { token: s.tokens[B]?.analyst })).json()) as { nodes: { id: string }[]; goals: string[] };
    assert.deepEqual(graph.goals, ['execCode(\'bravo-db\',root)']);
    bNodeIds = graph.nodes.map((n) => n.id);
  });
  after(async () => s.close());

  it('has an isolation probe for every registered route', () => {
    const missing = s.app.routes.filter((r) => !(r in TABLE));
    assert.deepEqual(missing, [], 'routes without a tenant-isolation probe');
  });

  it('each probe finds nothing of B and changes nothing of B', async () => {
    const before = await bState();
    assert.equal(before.events, bEvents);
    assert.equal(before.triage?.status, 'new');
    for (const route of s.app.routes) await (TABLE[route] as Probe)();
    const afterState = await bState();
    assert.deepEqual(afterState, { ...before, events: bEvents });
  });

  it('a tenant token naming another tenant is refused on every tenant route', async () => {
    for (const route of s.app.routes) {
      const [method, path] = route.split(' ') as [string, string];
      if (!path.startsWith('/api/v1/') || path.startsWith('/api/v1/admin/') || path === '/api/v1/stream') continue;
      const r = await s.request(method, path.replace(':id', 'x'), { token: tA(), headers: { [TENANT_HEADER]: B }, ...(method === 'GET' || method === 'DELETE' ? {} : { text: '{}', contentType: 'application/json' }) });
      assert.ok(r.status === 403 || r.status === 400, `${route}: ${r.status}`);
      await bodyWithoutB(r);
    }
  });

  it('the global admin reaches B only when it names B', async () => {
    const r = await s.request('GET', '/api/v1/events?limit=1000', { token: s.global, headers: { [TENANT_HEADER]: B } });
    assert.equal(r.status, 200);
    const { events } = (await r.json()) as { events: { tenant: string }[] };
    assert.equal(events.length, bEvents);
    assert.ok(events.every((e) => e.tenant === B));
    assert.equal((await s.request('GET', '/api/v1/events', { token: s.global })).status, 400);
  });
});
