// The console's routes over a real server: whoami, the overview's SQL figures against the
// store's own counts, alert detail with raw lines and related events, a false positive that
// writes an L1 filter so the same event raises no alert again, the attack graph of the
// tenant's inventory with live alerts placed on it, and the anomaly reports.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteAlertSink } from '../../src/detect/sigma/alert-store-sqlite.ts';
import { defaultDbPath } from '../../src/store/locations.ts';
import { tenantLayerDir } from '../../src/core/layer-dirs.ts';
import { inventoryDir } from '../../src/server/attack-graph-service.ts';
import { startTestServer, type TestServer } from './server-helpers.ts';

const T = 'acme';
const FIXTURE = join(import.meta.dirname, '..', 'attackgraph', 'fixtures', 'demo-inventory');

let s: TestServer;
const analyst = () => s.tokens[T]?.analyst as string;
const get = async <X>(path: string, token = analyst()): Promise<X> => {
  const r = await s.request('GET', path, { token });
  assert.equal(r.status, 200, `${path}: ${r.status} ${await r.clone().text()}`);
  return (await r.json()) as X;
};
const ingest = async (text: string) => {
  const r = await s.request('POST', '/api/v1/ingest/raw', { token: s.tokens[T]?.ingest, text });
  assert.equal(r.status, 200, await r.clone().text());
};
const rootLogin = (ip: string, second: number) => `Nov 27 10:20:${String(second).padStart(2, '0')} web-1 sshd[4${second}]: Accepted password for root from ${ip} port 5${second}00 ssh2\n`;

interface AlertBody { id: string; rule: { id: string; title: string; level: string; author?: string; description?: string; tags: string[] }; events: Record<string, unknown>[]; triage: { status: string } }

describe('console API', () => {
  before(async () => {
    s = await startTestServer([T, 'other'], { auth: { maxFailures: 10_000 } });
  });
  after(async () => s.close());

  it('whoami names the token\'s tenant, role and id', async () => {
    for (const role of ['admin', 'analyst', 'ingest'] as const) {
      const w = await get<{ tenant: string; role: string; tokenId: string }>('/api/v1/whoami', s.tokens[T]?.[role]);
      assert.deepEqual(w, { tenant: T, role, tokenId: s.tokenIds[T]?.[role] });
    }
    const g = await get<{ tenant: string | null; role: string }>('/api/v1/whoami', s.global);
    assert.deepEqual([g.tenant, g.role], [null, 'global']);
  });

  it('overview figures equal the store\'s own counts', async () => {
    // Known format (sshd) from two addresses, and a format no parser knows (learned).
    const known = Array.from({ length: 30 }, (_, i) => `Nov 27 1${i % 3}:${String(i).padStart(2, '0')}:00 web-1 sshd[${100 + i}]: Failed password for u${i} from 203.0.113.${i % 2 ? 9 : 8} port ${3000 + i} ssh2`);
    const unknown = Array.from({ length: 25 }, (_, i) => `QQX7 nightly-job ${i} finished in ${i * 3} ms queue=q${i % 4}`);
    await ingest(`${known.join('\n')}\n${unknown.join('\n')}\n`);
    const o = await get<{
      span: { from: number; to: number };
      alertsBySeverity: Record<string, number | string>[];
      topEntities: { field: string; value: string; alerts: number }[];
      ingestBySource: { source: string; events: number; perHour: { hour: string; n: number }[] }[];
      parseCoverage: { known: number; learned: number; unparsed: number; byParser: { parser: string; n: number }[] };
    }>('/api/v1/overview');
    const store = s.app.ctx.store;
    const total = await store.countEvents({ tenant: T });
    const learned = await store.countEvents({ tenant: T, parser: 'template' });
    assert.equal(o.parseCoverage.learned, learned);
    assert.ok(learned > 0, 'the unknown format was learned');
    assert.equal(o.parseCoverage.known + o.parseCoverage.learned, total - (await store.countEvents({ tenant: T, parser: 'unparsed' })));
    assert.equal(o.parseCoverage.byParser.reduce((n, p) => n + p.n, 0), total);
    assert.equal(o.ingestBySource.reduce((n, x) => n + x.events, 0), total);
    for (const src of o.ingestBySource) assert.equal(src.perHour.reduce((n, h) => n + h.n, 0), src.events);
    const events = await store.queryEvents({ tenant: T });
    assert.equal(o.span.from, Math.min(...events.map((e) => e.time)));
    assert.equal(o.span.to, Math.max(...events.map((e) => e.time)));
    // Alerts by severity add up to the alert desk's alerts (each with its folded repeats).
    const alerts = await s.app.ctx.alerts.list({ tenant: T });
    const bySeverity = o.alertsBySeverity.reduce((n, h) => n + Number(h.critical) + Number(h.high) + Number(h.medium) + Number(h.low) + Number(h.informational), 0);
    assert.equal(bySeverity, alerts.reduce((n, a) => n + 1 + a.repeats, 0));
    for (const h of o.alertsBySeverity) assert.match(String(h.hour), /^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/);
    if (alerts.length) assert.ok(o.topEntities.length > 0);
    // A range keeps only what is inside it.
    const hour = events[0]!.time - (events[0]!.time % 3_600_000);
    const inHour = await store.countEvents({ tenant: T, from: hour, to: hour + 3_600_000 });
    const ranged = await get<{ ingestBySource: { events: number }[] }>(`/api/v1/overview?from=${hour}&to=${hour + 3_600_000 - 1}`);
    assert.equal(ranged.ingestBySource.reduce((n, x) => n + x.events, 0), inHour);
    assert.ok(inHour < total);
  });

  it('alert detail carries raw lines, the rule and related events; a false positive filters the same event next time', async () => {
    await ingest(`${rootLogin('198.51.100.7', 1)}Nov 27 10:25:00 web-1 sshd[77]: Failed password for root from 198.51.100.7 port 6000 ssh2\n`);
    const list = (await get<{ alerts: AlertBody[] }>('/api/v1/alerts?limit=1000')).alerts.filter((a) => a.events[0]?.['source.ip'] === '198.51.100.7' && a.rule.title === 'SSH Login As Root');
    assert.equal(list.length, 1);
    const id = list[0]!.id;
    const d = await get<AlertBody & { attack: string[]; matchedEvents: { raw: string }[]; related: { raw: string; entity: { field: string; value: string } }[] }>(`/api/v1/alerts/${encodeURIComponent(id)}`);
    assert.deepEqual(d.matchedEvents.map((e) => e.raw), [rootLogin('198.51.100.7', 1).trimEnd()]);
    assert.equal(d.rule.author, 'StegoSOC');
    assert.ok(d.rule.description && d.rule.level);
    assert.ok(d.rule.tags.some((t) => /^attack\.t\d+/.test(t)));
    assert.deepEqual(d.attack, d.rule.tags.filter((t) => t.startsWith('attack.')));
    assert.ok(d.related.some((e) => e.raw.includes('port 6000') && e.entity.value === '198.51.100.7'), 'the failed login 5 minutes later is related');
    assert.ok(d.related.every((e) => !e.raw.includes('port 5100')), 'the matched event is not repeated as related');

    const fp = await s.request('POST', `/api/v1/alerts/${encodeURIComponent(id)}/triage`, { token: analyst(), body: { action: 'false-positive', reason: 'admin jump host' } });
    assert.equal(fp.status, 200);
    const body = (await fp.json()) as { triage: { status: string }; filter: { id: string; selection: Record<string, unknown> } };
    assert.equal(body.triage.status, 'false-positive');
    assert.equal(body.filter.selection['source.ip'], '198.51.100.7');
    assert.ok(existsSync(join(tenantLayerDir(s.dataDir, T, 'filters'), `${body.filter.id}.yml`)));

    const count = async (ip: string) => (await get<{ alerts: AlertBody[] }>('/api/v1/alerts?limit=1000')).alerts.filter((a) => a.events[0]?.['source.ip'] === ip && a.rule.title === 'SSH Login As Root').length;
    // The same event again (a new delivery, so a new event id): no alert. Another address still alerts.
    await ingest(rootLogin('198.51.100.7', 2));
    await ingest(rootLogin('198.51.100.99', 3));
    assert.equal(await count('198.51.100.7'), 1, 'the filtered event raised no new alert');
    assert.equal(await count('198.51.100.99'), 1, 'the filter is specific to the entity');
    assert.equal(await s.app.ctx.store.countEvents({ tenant: T, where: { 'source.ip': '198.51.100.7', 'user.name': 'root' } }), 3, 'the event itself is still stored');
  });

  it('a false-positive correlation filters the rules it counts for its group: the same burst raises nothing again', async () => {
    const burst = (ip: string, hour: number) =>
      `${Array.from({ length: 12 }, (_, i) => `Nov 27 ${hour}:40:${String(i * 4).padStart(2, '0')} gw-9 sshd[8${i}]: Failed password for carol from ${ip} port ${7000 + i} ssh2`).join('\n')}\n`;
    const bruteForce = async (ip: string) =>
      (await get<{ alerts: (AlertBody & { kind: string; group?: Record<string, string> })[] }>('/api/v1/alerts?limit=1000')).alerts
        .filter((a) => a.kind === 'correlation' && a.rule.title === 'SSH Brute Force From One Source' && a.group?.['source.ip'] === ip);
    await ingest(burst('192.0.2.50', 14));
    const [alert] = await bruteForce('192.0.2.50');
    assert.ok(alert, 'the burst raised a brute-force alert');
    const r = await s.request('POST', `/api/v1/alerts/${encodeURIComponent(alert.id)}/triage`, { token: analyst(), body: { action: 'false-positive', reason: 'vulnerability scanner' } });
    const { filter } = (await r.json()) as { filter: { rules: string[]; selection: Record<string, string> } };
    // The filter applies to the counted rule (a correlation has no matches of its own to filter).
    assert.ok(filter.rules.length > 0 && !filter.rules.includes(alert.rule.id));
    assert.deepEqual(filter.selection, { 'source.ip': '192.0.2.50', 'host.name': 'gw-9' });
    await ingest(burst('192.0.2.50', 16));
    await ingest(burst('192.0.2.51', 16));
    assert.equal((await bruteForce('192.0.2.50')).length, 1, 'the same burst later raised nothing');
    assert.equal((await bruteForce('192.0.2.51')).length, 1, 'another source still does');
  });

  it('the attack graph comes from the tenant\'s inventory, with alerts placed on it', async () => {
    type Graph = {
      nodes: { id: string; kind: string; label: string; goal: boolean; onGoalPath: boolean; attacker: boolean; next: number | null; host: string | null }[];
      edges: { source: string; target: string; onGoalPath: boolean }[];
      goals: string[];
      attacker: { positions: { nodeId: string; host: string; alertIds: string[] }[]; nextSteps: { nodeId: string; rank: number; probability: number }[] };
    };
    // No inventory yet: an empty graph, not an error.
    assert.deepEqual((await get<Graph>('/api/v1/attack-graph')).nodes, []);
    cpSync(FIXTURE, inventoryDir(s.dataDir, T), { recursive: true });
    const sink = new SqliteAlertSink(defaultDbPath(s.dataDir));
    sink.add({ id: 'ag-web1', tenant: T, time: Date.UTC(2026, 10, 27, 11), kind: 'rule', repeats: 0, input: {}, rule: { id: 'web-rce', title: 'web RCE', level: 'critical', tags: ['attack.execution', 'attack.t1190'], references: [] }, events: [{ 'host.name': 'web1.corp.example' }] });
    sink.close();
    const c = (await (await s.request('POST', '/api/v1/attack-graph/compute', { token: analyst() })).json()) as { nodes: number; edges: number; goals: string[]; ms: number };
    assert.deepEqual(c.goals, ['execCode(db1,root)']);
    const g = await get<Graph>('/api/v1/attack-graph');
    assert.equal(g.nodes.length, c.nodes);
    assert.equal(g.edges.length, c.edges);
    const ids = new Set(g.nodes.map((n) => n.id));
    for (const e of g.edges) assert.ok(ids.has(e.source) && ids.has(e.target), `edge ${e.source} → ${e.target}`);
    const goal = g.nodes.find((n) => n.goal);
    assert.equal(goal?.label, 'execCode(db1,root)');
    assert.ok(goal?.onGoalPath);
    assert.ok(g.edges.some((e) => e.onGoalPath) && g.edges.some((e) => !e.onGoalPath));
    const pos = g.attacker.positions.find((p) => p.alertIds.includes('ag-web1'));
    assert.equal(pos?.host, 'web1');
    assert.equal(g.nodes.find((n) => n.id === pos?.nodeId)?.attacker, true);
    assert.ok(g.attacker.nextSteps.length > 0);
    assert.deepEqual(g.attacker.nextSteps.map((x) => x.rank), g.attacker.nextSteps.map((_, i) => i + 1));
    assert.equal(g.nodes.find((n) => n.id === g.attacker.nextSteps[0]?.nodeId)?.next, 1);

    // An alert dismissed as a false positive no longer places the attacker.
    const fp = await s.request('POST', '/api/v1/alerts/ag-web1/triage', { token: analyst(), body: { action: 'false-positive', reason: 'pentest' } });
    assert.equal(fp.status, 200);
    assert.ok(!(await get<Graph>('/api/v1/attack-graph')).attacker.positions.some((p) => p.alertIds.includes('ag-web1')));
    assert.equal((await s.request('POST', '/api/v1/alerts/ag-web1/triage', { token: analyst(), body: { action: 'reopen' } })).status, 200);

    const hosts = await get<Graph>('/api/v1/attack-graph?view=hosts');
    assert.ok(hosts.nodes.some((n) => n.id === 'h:web1' && n.attacker));
    assert.ok(hosts.nodes.some((n) => n.id === 'h:db1' && n.goal));

    // A node's facts and CVEs, with the advisory feed's score.
    const node = await get<{ kind: string; fact: string; cves: { id: string; cvss: number | null }[]; derivedBy: string[]; enables: string[] }>(`/api/v1/attack-graph/nodes/${pos?.nodeId}`);
    assert.equal(node.fact, g.nodes.find((n) => n.id === pos?.nodeId)?.label);
    assert.deepEqual(node.cves.find((x) => x.id === 'DEMO-2026-0001')?.cvss, 9.8);
    assert.ok(node.derivedBy.every((x) => x.startsWith('a')) && node.derivedBy.length > 0);
    const host = await get<{ cves: { id: string }[] }>('/api/v1/attack-graph/nodes/h:app1');
    assert.deepEqual(host.cves.map((x) => x.id), ['DEMO-2026-0002', 'DEMO-2026-0003']);
    assert.equal((await s.request('GET', '/api/v1/attack-graph/nodes/f999999', { token: analyst() })).status, 404);
    // The attacker's starting place is a node of the host view too.
    assert.ok(hosts.nodes.some((n) => n.id === 'h:internet'));
    assert.equal((await get<{ label: string }>('/api/v1/attack-graph/nodes/h:internet')).label, 'internet');

    for (const format of ['json', 'mulval-csv', 'dot', 'graphml', 'cypher', 'neo4j-csv']) {
      const r = await s.request('GET', `/api/v1/attack-graph/export?format=${format}`, { token: analyst() });
      assert.equal(r.status, 200, format);
      const text = await r.text();
      if (format === 'dot') assert.match(text, /^digraph/);
      if (format === 'graphml') assert.match(text, /<graphml/);
      if (format === 'mulval-csv') assert.deepEqual(Object.keys((JSON.parse(text) as { files: object }).files), ['VERTICES.CSV', 'ARCS.CSV']);
      if (format === 'neo4j-csv') assert.deepEqual(Object.keys((JSON.parse(text) as { files: object }).files), ['nodes.csv', 'relationships.csv']);
      if (format === 'json') assert.equal((JSON.parse(text) as { nodes: unknown[] }).nodes.length, c.nodes);
    }

    const h = await get<{ fixes: { id: string }[]; verification: { goalsStillReachable: string[] } }>('/api/v1/attack-graph/harden');
    assert.ok(h.fixes.length > 0);
    assert.deepEqual(h.verification.goalsStillReachable, []);
    const w = await s.request('POST', '/api/v1/attack-graph/what-if', { token: analyst(), body: { fixes: h.fixes.map((f) => f.id) } });
    const diff = (await w.json()) as { goalsBefore: string[]; goalsAfter: string[]; lost: string[] };
    assert.deepEqual([diff.goalsBefore, diff.goalsAfter], [['execCode(db1,root)'], []]);
    assert.ok(diff.lost.includes('execCode(db1,root)'));
    assert.equal((await s.request('POST', '/api/v1/attack-graph/what-if', { token: analyst(), body: { fixes: ['no-such-fix'] } })).status, 400);
    assert.equal((await s.request('POST', '/api/v1/attack-graph/what-if', { token: analyst(), body: { remove: ['not a fact ('] } })).status, 400);
  });

  it('a broken inventory file is a 422 naming the tenant\'s file, not the server\'s path', async () => {
    const dir = inventoryDir(s.dataDir, 'other');
    cpSync(join(FIXTURE, '..', 'bad-inventory'), dir, { recursive: true });
    const r = await s.request('POST', '/api/v1/attack-graph/compute', { token: s.tokens.other?.analyst });
    assert.equal(r.status, 422);
    const text = await r.text();
    assert.ok(!text.includes(s.dataDir), text);
    assert.match(text, new RegExp(readdirSync(dir)[0]!.replace('.', '\\.')));
  });

  it('the global admin names the tenant with ?tenant=', async () => {
    const w = await s.request('GET', `/api/v1/overview?tenant=${T}`, { token: s.global });
    assert.equal(w.status, 200);
    assert.ok(((await w.json()) as { parseCoverage: { known: number } }).parseCoverage.known > 0);
    assert.equal((await s.request('GET', `/api/v1/overview?tenant=other`, { token: s.tokens[T]?.admin })).status, 403);
    assert.equal((await s.request('GET', '/api/v1/overview?tenant=nosuch', { token: s.global })).status, 404);
  });

  it('the filter written for a false positive is valid Sigma naming the rule', async () => {
    const dir = tenantLayerDir(s.dataDir, T, 'filters');
    const [file] = readdirSync(dir);
    const text = readFileSync(join(dir, file!), 'utf8');
    assert.match(text, /filter:\n\s+rules:\n\s+- 674a04b8-a298-51b7-a5c5-51275bf08abd/);
  });
});
