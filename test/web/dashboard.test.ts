// The console as a person uses it, in Debian's Chromium against the main job (`stegosoc demo`):
// log in with the printed token, see the demo's alerts, open and acknowledge one, find the
// attacker on the attack graph, switch to the other tenant and see none of the demo's data.
// Each page is written to test-output/screenshots/ for a person to look at.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, type Browser, type GraphWindow } from './browser.ts';
import { startDemoConsole, type ConsoleServer } from './console-server.ts';
import { ensureWebBuilt } from './web-build.ts';

interface ApiAlert { id: string; rule: { title: string }; triage: { status: string } }
interface ApiGraph { nodes: { id: string; attacker: boolean }[]; attacker: { positions: { nodeId: string; host: string }[] } }

let server: ConsoleServer;
let browser: Browser;
let page: Page;
/** Uncaught errors of the page's scripts: any one means a page broke for the person. */
const pageErrors: string[] = [];

async function api<T>(path: string, token = server.token): Promise<T> {
  const r = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  return (await r.json()) as T;
}

async function logIn(token: string): Promise<void> {
  await page.locator('input[name=token]').fill(token);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

describe('the console in a browser', { timeout: 600_000 }, () => {
  before(async () => {
    await ensureWebBuilt();
    server = await startDemoConsole();
    browser = await launchBrowser();
    page = browser.page;
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sends a visitor without a token to the login page, and logs in with the printed token', async () => {
    await page.goto(`${server.url}/alerts`);
    await page.waitForURL(/\/login\?next=%2Falerts/);
    await screenshot(page, '01-login');
    await logIn(server.token);
    // Logging in returns to the page asked for.
    await page.waitForURL(/\/alerts$/);
    await page.goto(`${server.url}/`);
    await page.locator('[data-testid=top-entities] tbody tr').first().waitFor();
    await page.locator('[data-testid=severity-chart] canvas').first().waitFor();
    await screenshot(page, '02-overview');
    assert.equal(await page.locator('[data-testid=tenant-menu] option:checked').textContent(), 'demo · admin');
  });

  it('lists the demo\'s alerts', async () => {
    const { alerts } = await api<{ alerts: ApiAlert[] }>('/api/v1/alerts?limit=1000');
    assert.ok(alerts.length > 0, 'the demo raised alerts');
    await page.locator('nav a', { hasText: 'Alerts' }).click();
    const rows = page.locator('[data-testid=alerts-table] tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), alerts.length);
    const shownIds = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-alert-id')));
    assert.deepEqual(new Set(shownIds), new Set(alerts.map((a) => a.id)));
    await screenshot(page, '03-alerts');
  });

  it('shows a new alert live, from the stream, without a reload', async () => {
    // Re-send one line that raised a single-line alert: the same rule fires on it again.
    const { alerts } = await api<{ alerts: (ApiAlert & { kind: string })[] }>('/api/v1/alerts?limit=1000');
    let raw: string | undefined;
    for (const a of alerts.filter((x) => x.kind === 'rule')) {
      const d = await api<{ matchedEvents: { raw: string; parser: string }[] }>(`/api/v1/alerts/${encodeURIComponent(a.id)}`);
      // auditd events join several records; one line alone may not be the whole event.
      if (d.matchedEvents.length === 1 && d.matchedEvents[0]!.parser !== 'auditd') {
        raw = d.matchedEvents[0]!.raw;
        break;
      }
    }
    assert.ok(raw, 'a single-line rule alert to replay');
    await page.locator('.live.on').waitFor();
    assert.equal(await page.locator('[data-testid=alerts-table] tr.fresh').count(), 0);
    const r = await fetch(`${server.url}/api/v1/ingest/raw?source=browser-live-test`, {
      method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'text/plain' }, body: `${raw}\n`,
    });
    assert.equal(r.status, 200, await r.text());
    await page.locator('[data-testid=alerts-table] tr.fresh').first().waitFor();
    const fresh = await page.locator('[data-testid=alerts-table] tr.fresh').first().getAttribute('data-alert-id');
    const now = await api<{ alerts: ApiAlert[] }>('/api/v1/alerts?limit=1000');
    assert.ok(now.alerts.some((a) => a.id === fresh), 'the live row is an alert the API lists');
    assert.ok(!alerts.some((a) => a.id === fresh), 'and a new one');
    await screenshot(page, '03b-alerts-live');
  });

  it('opens an alert with its raw lines and rule, and acknowledges it (the API agrees)', async () => {
    const row = page.locator('[data-testid=alerts-table] tbody tr', { has: page.locator('[data-testid=alert-status]', { hasText: /^new$/ }) }).first();
    const id = (await row.getAttribute('data-alert-id'))!;
    await row.locator('a').first().click();
    await page.locator('[data-testid=detail-status]', { hasText: 'new' }).waitFor();
    const detail = await api<{ rule: { author?: string }; matchedEvents: { raw: string }[] }>(`/api/v1/alerts/${encodeURIComponent(id)}`);
    if (detail.rule.author) assert.equal(await page.locator('[data-testid=rule-author]').textContent(), detail.rule.author);
    if (detail.matchedEvents[0]) assert.ok((await page.locator('[data-testid=raw-lines]').textContent())!.includes(detail.matchedEvents[0].raw));
    await screenshot(page, '04-alert-detail');
    await page.locator('[data-testid=ack]').click();
    await page.locator('[data-testid=detail-status]', { hasText: 'acknowledged' }).waitFor();
    const after = await api<ApiAlert>(`/api/v1/alerts/${encodeURIComponent(id)}`);
    assert.equal(after.triage.status, 'acknowledged');
    // The list shows the new status too.
    await page.locator('a', { hasText: '← alerts' }).click();
    await page.locator(`[data-testid=alerts-table] tr[data-alert-id=${JSON.stringify(id)}] [data-testid=alert-status]`, { hasText: 'acknowledged' }).waitFor();
  });

  it('shows the hourly reports, the learned templates and the rules', async () => {
    const { reports } = await api<{ reports: { hour: string }[] }>('/api/v1/anomaly/reports');
    await page.locator('nav a', { hasText: 'Hourly reports' }).click();
    await page.locator('h1', { hasText: 'Hourly anomaly reports' }).waitFor();
    if (reports.length > 0) {
      await page.locator('[data-testid=reports-table] tbody tr').first().waitFor();
      assert.equal(await page.locator('[data-testid=reports-table] tbody tr').count(), reports.length);
      await screenshot(page, '05-reports');
      await page.locator('[data-testid=reports-table] tbody a').first().click();
      await page.locator('[data-testid=report-entities]').waitFor();
      await screenshot(page, '06-report');
    } else {
      await screenshot(page, '05-reports');
    }
    const { templates } = await api<{ templates: unknown[] }>('/api/v1/templates');
    await page.locator('nav a', { hasText: 'Templates' }).click();
    await page.locator('h1', { hasText: 'Templates learned' }).waitFor();
    if (templates.length > 0) assert.equal(await page.locator('[data-testid=templates-table] tbody tr').count(), templates.length);
    await screenshot(page, '07-templates');
    await page.locator('nav a', { hasText: 'Rules' }).click();
    await page.locator('[data-testid=rules-table] tbody tr').first().waitFor();
    await page.locator('[data-testid=rule-yaml]').fill('title: broken\ndetection:\n  sel:\n    a: 1\n');
    await page.locator('button', { hasText: 'Validate' }).click();
    await page.locator('[data-testid=validation] .error').waitFor();
    await screenshot(page, '08-rules');
  });

  it('marks the attacker\'s positions on the attack graph, and a click shows a node\'s facts', async () => {
    const graph = await api<ApiGraph>('/api/v1/attack-graph?view=full');
    assert.ok(graph.attacker.positions.length > 0, 'the demo\'s alerts place the attacker');
    await page.locator('nav a', { hasText: 'Attack graph' }).click();
    await page.locator('[data-testid=attacker-positions] li').first().waitFor();
    await page.waitForFunction(() => ((globalThis as unknown as GraphWindow).stegosocGraph?.nodes().length ?? 0) > 0);
    const marked = await page.evaluate(() => (globalThis as unknown as GraphWindow).stegosocGraph!.nodes('.attacker').map((n) => n.id()));
    assert.deepEqual(new Set(marked), new Set(graph.nodes.filter((n) => n.attacker).map((n) => n.id)));
    assert.ok(marked.length > 0);
    assert.equal(await page.locator('[data-testid=attacker-positions] li').count(), graph.attacker.positions.length);
    await screenshot(page, '09-attack-graph');
    // A real click on the canvas, where the first attacker node is drawn.
    const first = graph.attacker.positions[0]!;
    await page.locator('[data-testid=attacker-positions] a').first().click();
    await page.locator(`[data-testid=node-details][data-node-id="${first.nodeId}"]`).waitFor();
    await page.waitForTimeout(400);
    const other = await page.evaluate((id) => {
      const cy = (globalThis as unknown as GraphWindow).stegosocGraph!;
      const n = cy.nodes().filter((x) => x.id() !== id)[0]!;
      cy.center(n);
      const p = n.renderedPosition();
      return { id: n.id(), x: p.x, y: p.y };
    }, first.nodeId);
    const box = (await page.locator('[data-testid=graph-canvas]').boundingBox())!;
    await page.mouse.click(box.x + other.x, box.y + other.y);
    await page.locator(`[data-testid=node-details][data-node-id="${other.id}"]`).waitFor();
    await screenshot(page, '10-attack-graph-node');
    const hosts = await api<ApiGraph>('/api/v1/attack-graph?view=hosts');
    await page.locator('[data-testid=view-hosts]').click();
    await page.waitForURL(/view=hosts/);
    await page.locator('[data-testid=graph-size]', { hasText: `${hosts.nodes.length} nodes` }).waitFor();
    await page.waitForFunction((n) => (globalThis as unknown as GraphWindow).stegosocGraph?.nodes().length === n, hosts.nodes.length);
    await screenshot(page, '11-attack-graph-hosts');
  });

  it('switches to tenant "other" with its own token and shows none of the demo\'s alerts', async () => {
    const demoIds = (await api<{ alerts: ApiAlert[] }>('/api/v1/alerts?limit=1000')).alerts.map((a) => a.id);
    await page.locator('[data-testid=tenant-menu]').selectOption({ label: 'add a tenant token…' });
    await page.waitForURL(/\/login/);
    await logIn(server.otherToken);
    await page.locator('h1', { hasText: 'Overview' }).waitFor();
    assert.equal(await page.locator('[data-testid=tenant-menu] option:checked').textContent(), 'other · admin');
    await page.locator('nav a', { hasText: 'Alerts' }).click();
    await page.locator('[data-testid=no-alerts]').waitFor();
    assert.equal(await page.locator('[data-testid=alerts-table] tbody tr').count(), 0);
    const html = await page.content();
    for (const id of demoIds) assert.ok(!html.includes(id), `tenant other shows demo alert ${id}`);
    assert.doesNotMatch(await page.locator('main').innerText(), /203\.0\.113\.66/);
    await screenshot(page, '12-other-tenant-alerts');
    // And back: the menu holds both tokens.
    await page.locator('[data-testid=tenant-menu]').selectOption({ label: 'demo · admin' });
    await page.locator('nav a', { hasText: 'Alerts' }).click();
    await page.locator('[data-testid=alerts-table] tbody tr').first().waitFor();
  });

  it('no page threw an error along the way', () => {
    assert.deepEqual(pageErrors, []);
  });

  it('a revoked or wrong token sends the person back to the login page', async () => {
    // As if the tokens had been revoked: the tab still holds them, the server refuses them.
    await page.evaluate(`(() => {
      const tokens = JSON.parse(sessionStorage.getItem('stegosoc.tokens') ?? '[]');
      for (const t of tokens) t.token = 'stg_not-a-real-token';
      sessionStorage.setItem('stegosoc.tokens', JSON.stringify(tokens));
    })()`);
    await page.goto(`${server.url}/alerts`);
    await page.waitForURL(/\/login\?expired=1/);
    await page.locator('[role=alert]', { hasText: 'refused' }).waitFor();
  });
});
