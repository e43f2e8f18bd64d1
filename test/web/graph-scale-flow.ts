// The attack-graph page at 5,000 nodes, driven in Chromium: a tenant whose inventory is the
// synthetic enterprise (src/attackgraph/synthetic.ts, 62 hosts → ~5,100 nodes, ~9,200 edges),
// computed by the real server, drawn; then wheel zooms, drags and a click on a node, each timed
// until the browser has painted the result. Shared by the browser test (which checks what is
// drawn and that the click opens the clicked node) and `npm run bench -- dashboard-graph`
// (which holds the timing figures to their targets): speed is a bench's business, not a test's.
import assert from 'node:assert/strict';
import type { CDPSession, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../server/server-helpers.ts';
import { launchBrowser, screenshot, type Browser, type GraphWindow } from './browser.ts';
import { writeSyntheticInventory } from './synthetic-inventory.ts';
import { ensureWebBuilt } from './web-build.ts';

const TENANT = 'big';
const HOSTS = 62;
/** Waits until the browser has painted twice: the previous input's frame is on screen. */
export const PAINTED = 'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))';
/** Records the time of every animation frame: a long gap is a frame the page could not draw. */
const FRAMES_START = `(() => { const w = globalThis; w.__frames = []; const gen = w.__framesGen = (w.__framesGen ?? 0) + 1;
  const tick = (t) => { if (w.__framesGen !== gen) return; w.__frames.push(t); requestAnimationFrame(tick); }; requestAnimationFrame(tick); })()`;
const FRAMES_STOP = `(() => { const w = globalThis; w.__framesGen++; const f = w.__frames, gaps = [];
  for (let i = 1; i < f.length; i++) gaps.push(f[i] - f[i - 1]); return gaps; })()`;

let page: Page;

/** Main-thread CPU time of the page so far, in ms (tasks timed in thread ticks, so another
 *  process's load on the cores does not count, which the wall time beside it does). */
async function pageCpuMs(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return 1000 * (metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN);
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await action();
  await page.evaluate(PAINTED);
  return performance.now() - t0;
}

export const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? NaN;
export const median = (xs: number[]) => quantile(xs, 0.5);

/** Runs `interact` while recording frames; the gaps between frames drawn meanwhile. */
async function frameGaps(interact: () => Promise<void>): Promise<number[]> {
  await page.evaluate(FRAMES_START);
  await interact();
  await page.evaluate(PAINTED);
  return (await page.evaluate(FRAMES_STOP)) as number[];
}
export const gapText = (g: number[]) => `frames ${g.length + 1}, gap median ${median(g).toFixed(0)} ms, p90 ${quantile(g, 0.9).toFixed(0)} ms, max ${Math.max(...g).toFixed(0)} ms`;

export interface GraphPageFigures {
  nodes: number;
  edges: number;
  loadMs: number;
  loadCpuMs: number;
  zooms: number[];
  pans: number[];
  clickMs: number;
  clickCpuMs: number;
  apiMs: number;
  /** All of the above in one line, for logs and assertion messages. */
  text: string;
}

/** Starts a server and Chromium, runs the whole interaction, closes both. */
export async function measureGraphPage(): Promise<GraphPageFigures> {
  await ensureWebBuilt();
  const s: TestServer = await startTestServer([TENANT]);
  let browser: Browser | undefined;
  try {
    writeSyntheticInventory(s.dataDir, TENANT, HOSTS);
    browser = await launchBrowser();
    page = browser.page;
    page.setDefaultTimeout(60_000);
    const r = await s.request('GET', '/api/v1/attack-graph?view=full', { token: s.tokens[TENANT]?.admin });
    const graph = (await r.json()) as { nodes: { id: string }[]; edges: unknown[] };
    assert.ok(graph.nodes.length >= 5000, `synthetic graph has ${graph.nodes.length} nodes`);

    await page.goto(`${s.url}/login`);
    await page.locator('input[name=token]').fill(s.tokens[TENANT]!.admin!);
    await page.locator('button[type=submit]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const loadCpu0 = await pageCpuMs(cdp);
    const loadMs = await timed(async () => {
      await page.locator('nav a', { hasText: 'Attack graph' }).click();
      await page.waitForFunction((n) => (globalThis as unknown as GraphWindow).stegosocGraph?.nodes().length === n, graph.nodes.length);
    });
    const loadCpuMs = (await pageCpuMs(cdp)) - loadCpu0;
    // The cheap rendering paths are on: haystack edges, labels only once zoomed in.
    const style = await page.evaluate(() => {
      const cy = (globalThis as unknown as GraphWindow).stegosocGraph!;
      return { curve: cy.edges()[0]!.style('curve-style') as string, minFont: cy.nodes()[0]!.style('min-zoomed-font-size') as string, edges: cy.edges().length };
    });
    assert.equal(style.curve, 'haystack');
    assert.ok(parseFloat(style.minFont) > 0, `min-zoomed-font-size ${style.minFont}`);
    assert.equal(style.edges, graph.edges.length);
    await screenshot(page, '20-graph-5000');

    const box = (await page.locator('[data-testid=graph-canvas]').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.move(cx, cy);
    const zooms = await frameGaps(async () => {
      for (let i = 0; i < 8; i++) {
        await page.mouse.wheel(0, i < 4 ? -200 : 200);
        await page.waitForTimeout(50);
      }
    });
    const pans = await frameGaps(async () => {
      for (let i = 0; i < 4; i++) {
        await page.mouse.move(cx, cy);
        await page.mouse.down();
        await page.mouse.move(cx + (i % 2 ? -150 : 150), cy + 40, { steps: 10 });
        await page.mouse.up();
      }
    });
    // Zoom in on a node far from the centre, then click it where it is drawn.
    const target = await page.evaluate(() => {
      const g = (globalThis as unknown as GraphWindow).stegosocGraph!;
      const n = g.nodes('[kind = "OR"]').last();
      g.zoom(1.2);
      g.center(n);
      const p = n.renderedPosition();
      return { id: n.id(), x: p.x, y: p.y };
    });
    // Let the view settle (labels of the nodes in view are drawn 150 ms after it stops).
    await page.waitForTimeout(500);
    await page.evaluate(PAINTED);
    await screenshot(page, '21-graph-5000-zoomed');
    const t0 = performance.now();
    assert.equal((await s.request('GET', `/api/v1/attack-graph/nodes/${encodeURIComponent(target.id)}`, { token: s.tokens[TENANT]?.admin })).status, 200);
    const apiMs = performance.now() - t0;
    const cpu0 = await pageCpuMs(cdp);
    const clickMs = await timed(async () => {
      await page.mouse.click(box.x + target.x, box.y + target.y);
      await page.locator(`[data-testid=node-details][data-node-id=${JSON.stringify(target.id)}]`).waitFor();
    });
    const clickCpuMs = (await pageCpuMs(cdp)) - cpu0;
    await screenshot(page, '22-graph-5000-click');
    const pageTiming = await page.locator('[data-testid=graph-size]').textContent();
    const figures = `load+draw ${loadMs.toFixed(0)} ms wall, ${loadCpuMs.toFixed(0)} ms page main-thread CPU (${pageTiming}); wheel zoom: ${gapText(zooms)}; drag pan: ${gapText(pans)}; click → details ${clickMs.toFixed(0)} ms wall, ${clickCpuMs.toFixed(0)} ms page main-thread CPU (the API's answer alone ${apiMs.toFixed(0)} ms)`;
    return { nodes: graph.nodes.length, edges: graph.edges.length, loadMs, loadCpuMs, zooms, pans, clickMs, clickCpuMs, apiMs, text: figures };
  } finally {
    await browser?.close();
    await s.close();
  }
}
