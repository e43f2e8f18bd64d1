// The overview: alerts by severity per hour, the entities most alerted on, events per source
// per hour, and how lines were parsed (known formats, learned templates, kept unparsed).
import { useMemo } from 'preact/hooks';
import { useApi } from '../api/use-api.ts';
import { SEVERITIES, type Overview } from '../api/types.ts';
import { stack, TimeChart, type ChartSeries } from '../components/chart.tsx';
import { Failed, Loading } from '../components/status.tsx';
import { Link } from '../components/link.tsx';
import { fmtNum, fmtTime, SEVERITY_COLOR } from '../format.ts';

const PALETTE = ['#4c6ef5', '#12b886', '#fab005', '#fa5252', '#7950f2', '#15aabf', '#82c91e', '#e64980', '#fd7e14', '#495057'];
const secs = (iso: string) => Date.parse(iso) / 1000;

function hoursOf(o: Overview): number[] {
  const set = new Set<string>();
  for (const r of o.alertsBySeverity) set.add(r.hour);
  for (const s of o.ingestBySource) for (const p of s.perHour) set.add(p.hour);
  return [...set].map(secs).sort((a, b) => a - b);
}

export function OverviewPage() {
  const { data, error, reload } = useApi<Overview>('/api/v1/overview');
  const charts = useMemo(() => {
    if (!data) return null;
    const x = hoursOf(data);
    const at = new Map(x.map((t, i) => [t, i]));
    const severity: ChartSeries[] = SEVERITIES.map((sev) => {
      const values: number[] = x.map(() => 0);
      for (const r of data.alertsBySeverity) values[at.get(secs(r.hour)) ?? 0] = r[sev];
      return { label: sev, color: SEVERITY_COLOR[sev], values, bars: true };
    });
    const ingest: ChartSeries[] = data.ingestBySource.map((s, k) => {
      const values: (number | null)[] = x.map(() => null);
      for (const p of s.perHour) values[at.get(secs(p.hour)) ?? 0] = p.n;
      return { label: s.source, color: PALETTE[k % PALETTE.length] ?? '#000', values };
    });
    return { x, severity: stack(severity), ingest };
  }, [data]);
  if (error) return <Failed error={error} retry={reload} />;
  if (!data || !charts) return <Loading />;
  const cov = data.parseCoverage;
  const total = Math.max(1, cov.known + cov.learned + cov.unparsed);
  const pct = (n: number) => `${((100 * n) / total).toFixed(1)}%`;
  const alerts = data.alertsBySeverity.reduce((n, r) => n + SEVERITIES.reduce((m, s) => m + r[s], 0), 0);
  return (
    <div class="page overview">
      <h1>Overview</h1>
      <p class="muted">{fmtTime(data.span.from)} – {fmtTime(data.span.to)} · {fmtNum(alerts)} alerts · {fmtNum(cov.known + cov.learned + cov.unparsed)} lines</p>
      <section class="card wide">
        <h2>Alerts by severity per hour</h2>
        {alerts === 0 ? <p class="muted">No alerts in this span.</p> : <TimeChart x={charts.x} series={charts.severity} testid="severity-chart" />}
      </section>
      <section class="card">
        <h2>Top entities</h2>
        <table data-testid="top-entities">
          <thead><tr><th>field</th><th>value</th><th>alerts</th></tr></thead>
          <tbody>
            {data.topEntities.map((e) => (
              <tr><td>{e.field}</td><td><Link to={`/alerts?q=${encodeURIComponent(e.value)}`}>{e.value}</Link></td><td class="num">{fmtNum(e.alerts)}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card">
        <h2>Parse coverage</h2>
        <div class="coverage" data-testid="parse-coverage" title={`known ${cov.known}, learned ${cov.learned}, unparsed ${cov.unparsed}`}>
          <span class="known" style={{ width: pct(cov.known) }} />
          <span class="learned" style={{ width: pct(cov.learned) }} />
          <span class="unparsed" style={{ width: pct(cov.unparsed) }} />
        </div>
        <p>
          <span class="dot known" /> known formats {fmtNum(cov.known)} ({pct(cov.known)}) · <span class="dot learned" /> learned templates {fmtNum(cov.learned)} ({pct(cov.learned)}) ·{' '}
          <span class="dot unparsed" /> unparsed {fmtNum(cov.unparsed)} ({pct(cov.unparsed)})
        </p>
        <table>
          <thead><tr><th>parser</th><th>lines</th></tr></thead>
          <tbody>{cov.byParser.map((p) => <tr><td>{p.parser}</td><td class="num">{fmtNum(p.n)}</td></tr>)}</tbody>
        </table>
      </section>
      <section class="card wide">
        <h2>Ingest per source per hour</h2>
        {charts.ingest.length === 0 ? <p class="muted">Nothing ingested yet.</p> : <TimeChart x={charts.x} series={charts.ingest} testid="ingest-chart" />}
        <p class="muted">{data.ingestBySource.map((s) => `${s.source}: ${fmtNum(s.events)}`).join(' · ')}</p>
      </section>
    </div>
  );
}
