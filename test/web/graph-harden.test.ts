// Harden and What-if on the attack-graph page, in Chromium against the real server with the
// demo enterprise's inventory (demo/inventory, read from the checkout, copied into a temporary
// data directory): the fixes, cost, optimality and reachable goals the page shows are the
// API's answer, and a what-if applying those fixes shows the goals the API says stay reachable.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PRODUCT_ROOT } from '../../src/core/layer-dirs.ts';
import { inventoryDir } from '../../src/server/attack-graph-service.ts';
import type { HardenAdvice, WhatIfDiff } from '../../web/src/api/types.ts';
import { startTestServer, type TestServer } from '../server/server-helpers.ts';
import { launchBrowser, screenshot, type Browser } from './browser.ts';
import { ensureWebBuilt } from './web-build.ts';

const TENANT = 'acme';
let s: TestServer;
let browser: Browser;
let page: Page;

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const r = await s.request(method, path, { token: s.tokens[TENANT]?.analyst, ...(body !== undefined ? { body } : {}) });
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  return (await r.json()) as T;
}

const texts = (selector: string) => page.locator(selector).evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));

describe('hardening advice on the attack-graph page', { timeout: 300_000 }, () => {
  before(async () => {
    await ensureWebBuilt();
    s = await startTestServer([TENANT]);
    cpSync(join(PRODUCT_ROOT, 'demo', 'inventory'), inventoryDir(s.dataDir, TENANT), { recursive: true });
    browser = await launchBrowser();
    page = browser.page;
    page.setDefaultTimeout(60_000);
  });
  after(async () => {
    await browser?.close();
    await s?.close();
  });

  it('Harden shows the API\'s cheapest fix set, its cost, optimality and the goals left reachable', async () => {
    await page.goto(`${s.url}/login`);
    await page.locator('input[name=token]').fill(s.tokens[TENANT]!.analyst!);
    await page.locator('button[type=submit]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.locator('nav a', { hasText: 'Attack graph' }).click();
    await page.locator('[data-testid=harden-run]').click();
    await page.locator('[data-testid=harden-result]').waitFor();
    const advice = await api<HardenAdvice>('GET', '/api/v1/attack-graph/harden');
    assert.ok(advice.goals.length > 0 && advice.fixes.length > 0, 'the demo has crown jewels an attacker reaches, and fixes');
    const shownIds = await page.locator('[data-testid=harden-fixes] li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-fix-id')));
    assert.deepEqual(shownIds, advice.fixes.map((f) => f.id));
    assert.equal(await page.locator('[data-testid=harden-cost]').textContent(), String(advice.totalCost));
    assert.equal(await page.locator('[data-testid=harden-count]').textContent(), String(advice.fixes.length));
    assert.equal(await page.locator('[data-testid=harden-optimal]').getAttribute('data-optimal'), String(advice.optimal));
    const reachable = advice.verification.goalsStillReachable;
    if (reachable.length === 0) assert.match((await page.locator('[data-testid=harden-reachable]').textContent()) ?? '', /none/);
    else assert.deepEqual(await texts('[data-testid=harden-reachable] li'), reachable);
    await screenshot(page, '30-attack-graph-harden');
  });

  it('What-if with the advised fixes shows the goals the API says stay reachable, and a removed host cuts its paths', async () => {
    const boxes = page.locator('[data-testid=what-if-fix]');
    assert.equal(await boxes.count(), (await api<HardenAdvice>('GET', '/api/v1/attack-graph/harden')).fixes.length);
    for (const box of await boxes.all()) await box.check();
    const fixIds = await boxes.evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    await page.locator('[data-testid=what-if-run]').click();
    await page.locator('[data-testid=what-if-result]').waitFor();
    const diff = await api<WhatIfDiff>('POST', '/api/v1/attack-graph/what-if', { fixes: fixIds });
    const shown = async () => ((await page.locator('[data-testid=what-if-reachable] li').count()) === 0 ? [] : texts('[data-testid=what-if-reachable] li'));
    assert.deepEqual(await shown(), diff.goalsAfter);
    assert.ok(diff.goalsAfter.length < diff.goalsBefore.length, 'the advised fixes cut at least one goal');
    await screenshot(page, '31-attack-graph-what-if');
    // Nothing but a host taken away: the answer is the API's for all of that host's input facts.
    for (const box of await boxes.all()) await box.uncheck();
    const option = page.locator('[data-testid=what-if-remove] optgroup[label^=host] option').first();
    const host = (await option.getAttribute('value'))!.slice('host:'.length);
    await page.locator('[data-testid=what-if-remove]').selectOption(`host:${host}`);
    await page.locator('[data-testid=what-if-run]').click();
    await page.locator('[data-testid=what-if-result][data-run="2"]').waitFor();
    const graph = await api<{ nodes: { kind: string; host: string | null; label: string }[] }>('GET', '/api/v1/attack-graph?view=full');
    const facts = graph.nodes.filter((n) => n.kind === 'LEAF' && n.host === host).map((n) => n.label);
    assert.ok(facts.length > 0);
    const hostDiff = await api<WhatIfDiff>('POST', '/api/v1/attack-graph/what-if', { remove: facts });
    assert.deepEqual(await shown(), hostDiff.goalsAfter);
  });
});
