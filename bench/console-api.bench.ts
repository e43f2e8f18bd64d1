// The console's read routes on the demo data: p50/p99 over loopback HTTP of the overview, the
// alert list and alert detail, the attack graph (both views) and node details, and the anomaly
// reports, each against the 100 ms p99 target. The data is the main job's own (`stegosoc demo
// --no-serve` into a fresh directory; CONSOLE_BENCH_DATA=DIR reuses one). Baseline in the same
// run: merely loading every event of the tenant from the store (what an overview computed
// without SQL aggregates would at least cost). CONSOLE_BENCH_RUNS sets requests per route.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './run.ts';
import { figure } from './lib.ts';
import { validateConfig } from '../src/config/load.ts';
import { buildApp } from '../src/server/app.ts';

const TENANT = 'demo';
const RUNS = Number(process.env.CONSOLE_BENCH_RUNS ?? 100);

const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;

export async function run(): Promise<BenchResult[]> {
  const given = process.env.CONSOLE_BENCH_DATA;
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'stegosoc-console-bench-'));
  try {
    if (!given) {
      process.stdout.write('  running the demo (stegosoc demo --no-serve)…\n');
      const main = new URL('../src/cli/main.ts', import.meta.url).pathname;
      const r = spawnSync(process.execPath, ['--import', 'tsx', main, 'demo', '--data-dir', dataDir, '--no-serve'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      if (r.status !== 0) throw new Error(`demo failed (exit ${r.status}): ${r.stdout.slice(-2000)}`);
    }
    const app = await buildApp(validateConfig({ dataDir, listen: { host: '127.0.0.1', port: 0 }, log: { level: 'silent' }, auth: { maxFailures: 1_000_000 } }));
    try {
      // `--no-serve` stops before the tenants and tokens are made.
      if (!app.ctx.tokens.hasTenant(TENANT)) app.ctx.tokens.addTenant(TENANT);
      const token = app.ctx.tokens.createToken({ tenant: TENANT, role: 'analyst', name: 'bench' }).token;
      const url = await app.app.listen({ host: '127.0.0.1', port: 0 });
      const get = async (path: string) => {
        const r = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
        if (r.status !== 200) throw new Error(`${path}: ${r.status} ${await r.text()}`);
        return r.json() as Promise<unknown>;
      };
      const alerts = ((await get('/api/v1/alerts?limit=1000')) as { alerts: { id: string }[] }).alerts;
      const graph = (await get('/api/v1/attack-graph')) as { nodes: { id: string }[] };
      const reports = ((await get('/api/v1/anomaly/reports')) as { reports: { hour: string }[] }).reports;
      const events = await app.ctx.store.countEvents({ tenant: TENANT });
      process.stdout.write(`  demo tenant: ${events.toLocaleString('en-US')} events, ${alerts.length} alerts, ${graph.nodes.length} graph nodes, ${reports.length} reports\n`);
      const pick = <X>(list: X[], i: number) => list[i % Math.max(1, list.length)] as X;
      const routes: [string, (i: number) => string][] = [
        ['overview', () => '/api/v1/overview'],
        ['alert list (100)', () => '/api/v1/alerts?limit=100'],
        ['alert detail', (i) => `/api/v1/alerts/${encodeURIComponent(pick(alerts, i * 7).id)}`],
        ['attack graph (full)', () => '/api/v1/attack-graph'],
        ['attack graph (hosts)', () => '/api/v1/attack-graph?view=hosts'],
        ['graph node', (i) => `/api/v1/attack-graph/nodes/${encodeURIComponent(pick(graph.nodes, i * 13).id)}`],
        ['anomaly reports', () => '/api/v1/anomaly/reports'],
        ['anomaly report (json)', (i) => `/api/v1/anomaly/reports/${encodeURIComponent(pick(reports, i).hour)}`],
        ['anomaly findings', () => '/api/v1/anomaly/findings?minScore=40'],
      ];
      const results: BenchResult[] = [];
      for (const [name, path] of routes) {
        await get(path(0));
        const wall: number[] = [];
        const cpu0 = process.cpuUsage();
        for (let i = 0; i < RUNS; i++) {
          const t0 = performance.now();
          await get(path(i));
          wall.push(performance.now() - t0);
        }
        const cpu = process.cpuUsage(cpu0);
        wall.sort((a, b) => a - b);
        process.stdout.write(`  ${name}: p50 ${pct(wall, 0.5).toFixed(1)} ms, ${((cpu.user + cpu.system) / 1000 / RUNS).toFixed(1)} ms CPU/request (server and client)\n`);
        results.push(figure(`console ${name} p99`, pct(wall, 0.99), '<=', 100, ' ms'));
      }
      const b0 = process.cpuUsage();
      await app.ctx.store.queryEvents({ tenant: TENANT });
      const b = process.cpuUsage(b0);
      process.stdout.write(`  baseline: loading the tenant's ${events.toLocaleString('en-US')} events ${((b.user + b.system) / 1000).toFixed(0)} ms CPU\n`);
      process.stdout.write(`  load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
      return results;
    } finally {
      await app.close();
    }
  } finally {
    if (!given) rmSync(dataDir, { recursive: true, force: true });
  }
}
