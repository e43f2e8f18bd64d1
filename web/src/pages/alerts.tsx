// The alerts of the tenant, newest first, filtered by severity and status, with new ones
// arriving live from the stream while the page is open.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useApi } from '../api/use-api.ts';
import { openStream } from '../api/stream.ts';
import { ALERT_STATUSES, SEVERITIES, type Alert } from '../api/types.ts';
import { Failed, Loading, SeverityBadge } from '../components/status.tsx';
import { Link } from '../components/link.tsx';
import { navigate } from '../router.ts';
import { fmtTime, severityOf } from '../format.ts';

/** The entity an alert is about, for the list: its group-by values or its first event's actor. */
export function alertSubject(a: Alert): string {
  if (a.group && Object.keys(a.group).length) return Object.entries(a.group).map(([k, v]) => `${k}=${v}`).join(' ');
  const e = a.events[0] ?? {};
  for (const f of ['source.ip', 'user.name', 'host.name']) if (typeof e[f] === 'string') return `${f}=${String(e[f])}`;
  return '';
}

/** An alert as the stream sends it: fresh from detection, so without triage state yet. */
type StreamedAlert = Omit<Alert, 'triage' | 'repeats' | 'events'> & Partial<Pick<Alert, 'triage' | 'repeats' | 'events'>>;
const NEW_TRIAGE: Alert['triage'] = { status: 'new', assignee: null, reason: null, updated: null, by: null };
const fromStream = (a: StreamedAlert): Alert => ({ ...a, triage: a.triage ?? NEW_TRIAGE, repeats: a.repeats ?? 0, events: a.events ?? [] });

export function AlertsPage(props: { query: URLSearchParams }) {
  const severity = props.query.get('severity') ?? '';
  const status = props.query.get('status') ?? '';
  const q = props.query.get('q') ?? '';
  const { data, error, reload } = useApi<{ alerts: Alert[] }>(`/api/v1/alerts?limit=1000${status ? `&status=${status}` : ''}`);
  const [live, setLive] = useState<Alert[]>([]);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    setLive([]);
    return openStream((m) => {
      if (m.event === 'alert') setLive((l) => [fromStream(m.data as StreamedAlert), ...l].slice(0, 1000));
    }, setConnected);
  }, [status]);
  const rows = useMemo(() => {
    const seen = new Set<string>();
    const all: (Alert & { fresh?: boolean })[] = [];
    for (const a of live) if (!seen.has(a.id)) { seen.add(a.id); all.push({ ...a, fresh: true }); }
    for (const a of data?.alerts ?? []) if (!seen.has(a.id)) { seen.add(a.id); all.push(a); }
    const needle = q.toLowerCase();
    return all.filter((a) =>
      (!severity || severityOf(a.rule.level) === severity) && (!status || a.triage.status === status) &&
      (!needle || `${a.rule.title} ${alertSubject(a)} ${JSON.stringify(a.events)}`.toLowerCase().includes(needle)));
  }, [data, live, severity, status, q]);
  const setFilter = (k: string, v: string) => {
    const p = new URLSearchParams(props.query);
    if (v) p.set(k, v);
    else p.delete(k);
    navigate(`/alerts${p.size ? `?${p}` : ''}`, true);
  };
  return (
    <div class="page">
      <h1>Alerts <span class={`live ${connected ? 'on' : ''}`} title="live stream">{connected ? '● live' : '○ offline'}</span></h1>
      <div class="filters">
        <label>severity <select data-testid="filter-severity" value={severity} onChange={(e) => setFilter('severity', (e.target as HTMLSelectElement).value)}>
          <option value="">all</option>{SEVERITIES.map((s) => <option value={s}>{s}</option>)}
        </select></label>
        <label>status <select data-testid="filter-status" value={status} onChange={(e) => setFilter('status', (e.target as HTMLSelectElement).value)}>
          <option value="">all</option>{ALERT_STATUSES.map((s) => <option value={s}>{s}</option>)}
        </select></label>
        <label>search <input value={q} onChange={(e) => setFilter('q', (e.target as HTMLInputElement).value)} /></label>
        <span class="muted">{rows.length} shown</span>
      </div>
      {error && <Failed error={error} retry={reload} />}
      {!data && !error ? <Loading /> : (
        <table class="alerts" data-testid="alerts-table">
          <thead><tr><th>time</th><th>severity</th><th>rule</th><th>about</th><th>status</th><th>assignee</th></tr></thead>
          <tbody>
            {rows.map((a) => (
              <tr class={a.fresh ? 'fresh' : ''} data-alert-id={a.id}>
                <td class="nowrap">{fmtTime(a.time)}</td>
                <td><SeverityBadge level={severityOf(a.rule.level)} /></td>
                <td><Link to={`/alerts/${encodeURIComponent(a.id)}`}>{a.rule.title}</Link>{a.repeats > 0 && <span class="muted"> ×{a.repeats + 1}</span>}</td>
                <td class="mono">{alertSubject(a)}</td>
                <td data-testid="alert-status">{a.triage.status}</td>
                <td>{a.triage.assignee ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && rows.length === 0 && <p class="muted" data-testid="no-alerts">No alerts match.</p>}
    </div>
  );
}
