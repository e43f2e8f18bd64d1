// The hourly anomaly reports over the API: the list with each hour's figures, one report as
// JSON, HTML (with its chart) and Markdown, findings by range and score, and a false positive
// that writes a suppression the anomaly stage applies, so the same finding is not reported again.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { anomalyStatePath } from '../../src/cli/report.ts';
import { openSqliteAnomalyState } from '../../src/detect/anomaly/state/sqlite-state.ts';
import { loadSuppressions, suppressionCheck } from '../../src/detect/anomaly/suppressions.ts';
import type { Finding } from '../../src/detect/anomaly/finding.ts';
import { anomalyStateFile, reportFindings } from '../../src/server/anomaly-service.ts';
import { sampleReport, startTestServer, type TestServer } from './server-helpers.ts';

const T = 'acme';
const H10 = Date.UTC(2026, 10, 27, 10);
const H11 = Date.UTC(2026, 10, 27, 11);
let s: TestServer;
const analyst = () => s.tokens[T]?.analyst as string;

describe('anomaly routes', () => {
  before(async () => {
    s = await startTestServer([T]);
    assert.equal(anomalyStateFile(s.dataDir), anomalyStatePath(s.dataDir), 'the server reads the file the CLI writes');
    const state = openSqliteAnomalyState(anomalyStatePath(s.dataDir));
    await state.saveReport(sampleReport(T, H10, 'web1'));
    const quiet = sampleReport(T, H11, 'db1');
    await state.saveReport({ ...quiet, topEntities: [], newTemplates: [], rateSpikes: [], silences: [] });
    await state.close();
  });
  after(async () => s.close());

  it('lists the stored hours with their findings, top score and entity', async () => {
    const r = (await (await s.request('GET', '/api/v1/anomaly/reports', { token: analyst() })).json()) as { reports: unknown[] };
    assert.deepEqual(r.reports, [
      { hour: new Date(H11).toISOString(), findings: 0, topScore: 0, topEntity: null },
      { hour: new Date(H10).toISOString(), findings: 3, topScore: 91.8, topEntity: 'host:web1' },
    ]);
  });

  it('renders one hour as JSON, HTML with its chart, and Markdown; an hour without a report is 404', async () => {
    for (const hour of ['2026-11-27T10', new Date(H10).toISOString(), String(H10 + 1234)]) {
      const r = await s.request('GET', `/api/v1/anomaly/reports/${encodeURIComponent(hour)}`, { token: analyst() });
      assert.equal(r.status, 200, hour);
      assert.deepEqual(await r.json(), sampleReport(T, H10, 'web1'));
    }
    const html = await s.request('GET', '/api/v1/anomaly/reports/2026-11-27T10?format=html', { token: analyst() });
    assert.match(html.headers.get('content-type') ?? '', /text\/html/);
    const page = await html.text();
    assert.match(page, /<svg/);
    assert.match(page, /first time web1 logs this kind of line/);
    const md = await s.request('GET', '/api/v1/anomaly/reports/2026-11-27T10?format=markdown', { token: analyst() });
    assert.match(await md.text(), /web1/);
    assert.equal((await s.request('GET', '/api/v1/anomaly/reports/2026-11-27T12', { token: analyst() })).status, 404);
    assert.equal((await s.request('GET', '/api/v1/anomaly/reports/yesterday', { token: analyst() })).status, 400);
  });

  it('lists findings by range and least score', async () => {
    const all = (await (await s.request('GET', '/api/v1/anomaly/findings', { token: analyst() })).json()) as { findings: { hour: string; score: number; key: string }[] };
    assert.equal(all.findings.length, reportFindings(sampleReport(T, H10, 'web1')).length);
    const high = (await (await s.request('GET', '/api/v1/anomaly/findings?minScore=70', { token: analyst() })).json()) as typeof all;
    assert.deepEqual(high.findings.map((f) => f.score), [91.8, 72.4]);
    const later = (await (await s.request('GET', `/api/v1/anomaly/findings?from=${H11}`, { token: analyst() })).json()) as typeof all;
    assert.deepEqual(later.findings, []);
  });

  it('a false positive suppresses the same finding in the tenant\'s layer, and only that one', async () => {
    const report = sampleReport(T, H10, 'web1');
    const spike = report.rateSpikes[0]!;
    const asFinding = (f: typeof spike): Finding => ({ ...f, tenant: T, window: H10 + 86_400_000, surprise: 5 });
    // Before: the anomaly stage's own check lets it through.
    assert.equal(suppressionCheck(loadSuppressions(T, s.dataDir))(asFinding(spike)), undefined);
    const r = await s.request('POST', '/api/v1/anomaly/findings/false-positive', { token: analyst(), body: { hour: '2026-11-27T10', key: spike.key, reason: 'backup night' } });
    assert.equal(r.status, 200);
    const { suppression } = (await r.json()) as { suppression: { id: string } };
    const check = suppressionCheck(loadSuppressions(T, s.dataDir));
    assert.equal(check(asFinding(spike)), suppression.id, 'the same finding a day later is suppressed');
    assert.equal(check(asFinding(report.newTemplates[0]!)), undefined, 'another finding of the same entity is not');
    const missing = await s.request('POST', '/api/v1/anomaly/findings/false-positive', { token: analyst(), body: { hour: '2026-11-27T10', key: 'nope', reason: 'x' } });
    assert.equal(missing.status, 404);
    assert.equal((await s.request('POST', '/api/v1/anomaly/findings/false-positive', { token: s.tokens[T]?.ingest, body: { hour: '2026-11-27T10', key: spike.key, reason: 'x' } })).status, 403);
  });
});
