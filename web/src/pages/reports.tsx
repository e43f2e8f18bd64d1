// The hourly anomaly reports: the list of hours, and one report with its chart (the window's
// events against their baseline) and who was anomalous, why, with what score.
import { useMemo, useState } from 'preact/hooks';
import { useApi } from '../api/use-api.ts';
import type { HourlyReport, ReportFinding, ReportSummary } from '../api/types.ts';
import { Failed, Loading, SeverityBadge } from '../components/status.tsx';
import { Link } from '../components/link.tsx';
import { TimeChart, type ChartSeries } from '../components/chart.tsx';
import { fmtNum, fmtTime } from '../format.ts';

export function ReportsPage() {
  const { data, error, reload } = useApi<{ reports: ReportSummary[] }>('/api/v1/anomaly/reports');
  if (error) return <Failed error={error} retry={reload} />;
  if (!data) return <Loading />;
  const reports = [...data.reports].sort((a, b) => b.hour.localeCompare(a.hour));
  return (
    <div class="page">
      <h1>Hourly anomaly reports</h1>
      {reports.length === 0 ? <p class="muted">No report yet: reports are written after each hour is processed.</p> : (
        <table data-testid="reports-table">
          <thead><tr><th>hour (UTC)</th><th>findings</th><th>top score</th><th>most anomalous</th></tr></thead>
          <tbody>
            {reports.map((r) => (
              <tr>
                <td><Link to={`/reports/${encodeURIComponent(r.hour)}`}>{r.hour.replace('T', ' ')}</Link></td>
                <td class="num">{r.findings}</td>
                <td class="num">{r.topScore.toFixed(1)}</td>
                <td class="mono">{r.topEntity ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function FindingRows(props: { findings: ReportFinding[] }) {
  return (
    <>
      {props.findings.map((f) => (
        <tr>
          <td><SeverityBadge level={f.band} /> {f.score.toFixed(1)}</td>
          <td class="mono">{f.entity.type}:{f.entity.value}</td>
          <td>{f.kind}</td>
          <td>{f.reason}{f.template && <div class="mono muted">{f.template}</div>}{f.samples[0] && <div class="mono muted small">{f.samples[0]}</div>}</td>
        </tr>
      ))}
    </>
  );
}

export function ReportPage(props: { hour: string }) {
  const path = `/api/v1/anomaly/reports/${encodeURIComponent(props.hour)}?format=json`;
  const { data, error, reload } = useApi<HourlyReport>(path);
  const [open, setOpen] = useState<string | null>(null);
  const chart = useMemo(() => {
    if (!data) return null;
    const x = data.chart.map((p) => p.start / 1000);
    const series: ChartSeries[] = [
      { label: 'events', color: '#4c6ef5', values: data.chart.map((p) => p.actual), bars: true },
      { label: 'baseline', color: '#2b8a3e', values: data.chart.map((p) => p.baseline), dash: true },
    ];
    return { x, series };
  }, [data]);
  if (error) return <Failed error={error} retry={reload} />;
  if (!data || !chart) return <Loading />;
  return (
    <div class="page">
      <p><Link to="/reports">← reports</Link></p>
      <h1>Report {fmtTime(data.start).slice(0, 16)} – {fmtTime(data.end).slice(11, 16)} UTC</h1>
      <p class="muted">
        {fmtNum(data.events)} events (expected {fmtNum(Math.round(data.expectedEvents))}) · {data.l1.total} L1 alerts · {data.suppressed} suppressed
        {data.warmingUp && ' · baseline still warming up'}
      </p>
      <section class="card wide">
        <h2>Events per window against baseline</h2>
        {chart.x.length ? <TimeChart x={chart.x} series={chart.series} height={200} testid="report-chart" /> : <p class="muted">No chart data.</p>}
      </section>
      <section class="card wide">
        <h2>Who is anomalous</h2>
        <table data-testid="report-entities">
          <thead><tr><th>score</th><th>entity</th><th>findings</th><th>why</th></tr></thead>
          <tbody>
            {data.topEntities.map((e) => {
              const key = `${e.entity.type}:${e.entity.value}`;
              return (
                <>
                  <tr class="clickable" onClick={() => setOpen(open === key ? null : key)}>
                    <td><SeverityBadge level={e.band} /> {e.score.toFixed(1)}</td>
                    <td class="mono">{key}</td>
                    <td class="num">{e.findings.length}</td>
                    <td>{e.findings[0]?.reason ?? ''}{e.findings.length > 1 && <span class="muted"> (+{e.findings.length - 1} more)</span>}</td>
                  </tr>
                  {open === key && <FindingRows findings={e.findings} />}
                </>
              );
            })}
          </tbody>
        </table>
      </section>
      {([['New kinds of lines', data.newTemplates], ['Rate spikes', data.rateSpikes], ['Silences', data.silences]] as const).map(([title, list]) =>
        list.length > 0 && (
          <section class="card wide">
            <h2>{title}</h2>
            <table><tbody><FindingRows findings={[...list]} /></tbody></table>
          </section>
        ))}
      {data.l1.rules.length > 0 && (
        <section class="card wide">
          <h2>L1 alerts this hour</h2>
          <table><tbody>{data.l1.rules.map((r) => <tr><td>{r.rule}</td><td>{r.level ?? ''}</td><td class="num">{r.count}</td></tr>)}</tbody></table>
        </section>
      )}
    </div>
  );
}
