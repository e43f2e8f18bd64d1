// The dashboard's attack-graph page at 5,000 nodes, in Debian's Chromium (the same flow as
// test/web/graph-scale.test.ts): click → details, and the frames drawn while zooming and
// panning, held to what "responsive" means to a person at the console; plus the layered
// layout of 5,000 nodes and 10,000 edges in Node, against a same-run baseline (sorting the
// edges, the least any layout has to do).
import type { BenchResult } from './run.ts';
import { figure } from './lib.ts';
import { loadavg } from 'node:os';
import { layeredLayout } from '../web/src/graph/layered-layout.ts';
import { randomLayoutGraph } from '../test/web/random-layout-graph.ts';
import { measureGraphPage, median, quantile } from '../test/web/graph-scale-flow.ts';

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

function cpuMs(fn: () => unknown): number {
  const t0 = process.cpuUsage();
  fn();
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / 1000;
}

function layoutFigures(): { layoutMs: number; sortMs: number } {
  const { ids, edges } = randomLayoutGraph(5000);
  const runs = 5;
  const layout: number[] = [];
  const sort: number[] = [];
  for (let r = 0; r < runs; r++) {
    layout.push(cpuMs(() => layeredLayout(ids, edges, { maxRow: 85 })));
    sort.push(cpuMs(() => [...edges].sort((x, y) => (x.source < y.source ? -1 : x.source > y.source ? 1 : x.target < y.target ? -1 : 1))));
  }
  return { layoutMs: median(layout), sortMs: median(sort) };
}

export async function run(): Promise<BenchResult[]> {
  process.stdout.write(`  load average before: ${load()}\n`);
  const out: BenchResult[] = [];
  const { layoutMs, sortMs } = layoutFigures();
  process.stdout.write(`  layered layout, 5,000 nodes / 10,000 edges: ${layoutMs.toFixed(0)} ms CPU (median of 5); baseline sorting the edges ${sortMs.toFixed(1)} ms CPU\n`);
  out.push(figure('layered layout of 5,000 nodes (CPU, median of 5)', layoutMs, '<=', 200, ' ms'));
  const f = await measureGraphPage();
  process.stdout.write(`  graph page, ${f.nodes} nodes / ${f.edges} edges: ${f.text}\n`);
  process.stdout.write(`  load average after: ${load()} (2 cores, shared; the frame gaps are wall time)\n`);
  out.push(figure('graph page: click on a node → its details drawn (page main-thread CPU)', f.clickCpuMs, '<=', 500, ' ms'));
  out.push(figure('graph page: click on a node → its details drawn (wall)', f.clickMs, '<=', 1000, ' ms'));
  // 50 ms between frames is 20 frames a second: the least at which zoom and pan feel continuous.
  out.push(figure('graph page: frame gap while wheel-zooming, median', median(f.zooms), '<=', 50, ' ms'));
  out.push(figure('graph page: frame gap while drag-panning, median', median(f.pans), '<=', 50, ' ms'));
  process.stdout.write(`  frame gap p90: zoom ${quantile(f.zooms, 0.9).toFixed(0)} ms, pan ${quantile(f.pans, 0.9).toFixed(0)} ms\n`);
  return out;
}
