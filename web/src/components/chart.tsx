// A uPlot time-series chart as a component: built once per data set, resized with its box.
// uPlot draws on canvas and handles tens of thousands of points, which a day of per-hour or
// per-window series never approaches; it is ~45 kB against Chart.js's ~200 kB.
import { useEffect, useRef } from 'preact/hooks';
import uPlot, { type AlignedData, type Options, type Series } from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries { label: string; color: string; values: (number | null)[]; bars?: boolean; dash?: boolean }

const barPaths = uPlot.paths.bars?.({ size: [0.8, 64] });

/** `x` in epoch seconds (uPlot's unit). Bar series are stacked by the caller if wanted. */
export function TimeChart(props: { x: number[]; series: ChartSeries[]; height?: number; testid?: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const series: Series[] = [{}];
    for (const s of props.series) {
      series.push({
        label: s.label, stroke: s.color, width: s.bars ? 0 : 2,
        ...(s.bars ? { fill: s.color, paths: barPaths, points: { show: false } } : {}),
        ...(s.dash ? { dash: [6, 3] } : {}),
      });
    }
    const opts: Options = { width: Math.max(300, el.clientWidth), height: props.height ?? 220, series, scales: { x: { time: true } }, legend: { live: false } };
    const data = [props.x, ...props.series.map((s) => s.values)] as AlignedData;
    const plot = new uPlot(opts, data, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(300, el.clientWidth), height: props.height ?? 220 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [props.x, props.series, props.height]);
  return <div class="chart" ref={box} data-testid={props.testid} />;
}

/** Cumulates bar series so each drawn bar's top is the stack's: uPlot draws them back to front. */
export function stack(series: ChartSeries[]): ChartSeries[] {
  const out: ChartSeries[] = [];
  let below: (number | null)[] = [];
  for (const s of series) {
    const values = s.values.map((v, i) => (v ?? 0) + (below[i] ?? 0));
    out.push({ ...s, values });
    below = values;
  }
  return out.reverse();
}
