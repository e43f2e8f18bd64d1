import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { F } from '../../../src/core/fields.ts';
import { anomalyConfig } from '../../../src/detect/anomaly/config.ts';
import { processWindow, windowOf } from '../../../src/detect/anomaly/engine.ts';
import { emptyModel, pairCount, templateCount } from '../../../src/detect/anomaly/model.ts';
import { renderHtml } from '../../../src/detect/anomaly/report/render-html.ts';
import { renderMarkdown } from '../../../src/detect/anomaly/report/render-markdown.ts';
import { buildReport, type HourlyReport } from '../../../src/detect/anomaly/report/report-model.ts';
import { openSqliteAnomalyState } from '../../../src/detect/anomaly/state/sqlite-state.ts';
import { event, HOUR, normalHour, rng, T0 } from './demo-events.ts';

const config = anomalyConfig();
const W0 = windowOf(T0, config);

/** A report of hour 48 after 48 ordinary hours, with a hostile-looking user in it. */
function sampleReport(): HourlyReport {
  const model = emptyModel('acme');
  const random = rng(11);
  for (let h = 0; h < 48; h++) processWindow(model, W0 + h, normalHour('acme', h, random), config);
  const events = normalHour('acme', 48, random);
  for (let i = 0; i < 200; i++) events.push(event('acme', T0 + 48 * HOUR + i * 100, { [F.userName]: '<script>alert(1)</script>', [F.hostName]: 'ws-bob', [F.sourceIp]: '198.51.100.7' }, 'sshd/failed'));
  const r = processWindow(model, W0 + 48, events, config);
  return buildReport(r, model, config, [{ rule: 'SSH brute force', level: 'high', count: 3 }]);
}

describe('anomaly state in SQLite', () => {
  it('keeps the model across a restart, including keys that look like object internals', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'anomaly-state-')), 'anomaly.db');
    const model = emptyModel('acme');
    processWindow(model, W0, [event('acme', T0, { [F.userName]: '__proto__', [F.hostName]: 'constructor' })], config);
    let state = openSqliteAnomalyState(file);
    await state.saveModel(model);
    await state.close();
    state = openSqliteAnomalyState(file);
    const back = await state.loadModel('acme');
    await state.close();
    assert.ok(back);
    assert.equal(back.lastWindow, W0);
    assert.equal(templateCount(back, 'sshd/login'), 1);
    assert.equal(Object.getPrototypeOf(back.pairs), null);
    assert.equal(pairCount(back, 'user.name|host.name', '__proto__', 'constructor'), 1);
    assert.equal(templateCount(back, 'toString'), 0);
    // What was learned before the restart is known after it: the same event is nothing new.
    const again = processWindow(back, W0 + 1, [event('acme', T0 + HOUR, { [F.userName]: '__proto__', [F.hostName]: 'constructor' })], config);
    assert.equal(templateCount(back, 'sshd/login'), 2);
    assert.equal(again.window, W0 + 1);
  });

  it('stores reports per tenant: one tenant cannot read another\'s', async () => {
    const state = openSqliteAnomalyState(':memory:');
    const report = sampleReport();
    await state.saveReport(report);
    assert.equal((await state.loadReport('acme', report.start))?.tenant, 'acme');
    assert.equal(await state.loadReport('other', report.start), undefined);
    assert.deepEqual(await state.listReports('other'), []);
    await assert.rejects(state.loadReport('../etc', report.start), /invalid tenant/);
    await state.close();
  });
});

describe('hourly report', () => {
  const report = sampleReport();

  it('ranks who produced the unusual activity, with reasons, samples and the L1 summary', () => {
    const top = report.topEntities[0];
    assert.ok(top);
    assert.ok(['<script>alert(1)</script>', '198.51.100.7', 'ws-bob'].includes(top.entity.value), JSON.stringify(top.entity));
    assert.ok(top.findings.every((f) => f.reason.length > 0));
    assert.ok(report.topEntities.some((e) => e.findings.some((f) => f.samples.length > 0)));
    assert.equal(report.l1.total, 3);
    assert.equal(report.chart.at(-1)?.actual, report.events);
    assert.ok(report.chart.length > 1 && report.chart.length <= 24);
  });

  it('renders HTML with an inline SVG chart and escapes what came from the logs', () => {
    const html = renderHtml(report);
    assert.match(html, /<svg[^>]*role="img"/);
    assert.match(html, /<polyline/);
    assert.ok(!html.includes('<script>alert(1)</script>'));
    assert.ok(html.includes('&#60;script&#62;'));
    assert.match(html, /SSH brute force/);
  });

  it('renders Markdown with the top entities table and escaped values', () => {
    const md = renderMarkdown(report);
    assert.match(md, /## Top anomalous entities/);
    assert.match(md, /\| entity \| score \| why \|/);
    assert.ok(!md.includes('<script>'));
    assert.match(md, /Rule alerts \(L1\): 3/);
  });

  it('survives a JSON round trip unchanged', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
  });
});
