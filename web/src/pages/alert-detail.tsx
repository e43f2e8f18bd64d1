// One alert: its raw lines, the rule that fired (author, level, ATT&CK tags, description), the
// related events of the same entity, and the analyst's actions on it.
import { useState } from 'preact/hooks';
import { useApi } from '../api/use-api.ts';
import { post } from '../api/client.ts';
import type { Alert, AlertDetail, EventLine, EventRecord, Triaged, TriageAction } from '../api/types.ts';
import { Failed, Loading, SeverityBadge } from '../components/status.tsx';
import { Link } from '../components/link.tsx';
import { fmtTime, severityOf } from '../format.ts';
import { alertSubject } from './alerts.tsx';

const RAW = 'event.original';

/** `attack.t1110.003` → `T1110.003`, the id ATT&CK pages use; other tags stay as they are. */
function attackId(tag: string): string | null {
  const m = /^attack\.(t\d{4}(?:\.\d{3})?)$/i.exec(tag);
  return m?.[1] ? m[1].toUpperCase() : null;
}

/** Raw lines of the matched events; before the detail had them, the alert's own event copies. */
function rawLines(a: AlertDetail): string[] {
  if (a.matchedEvents.length) return a.matchedEvents.map((e) => e.raw);
  return a.events.map((e: EventRecord) => (typeof e[RAW] === 'string' ? (e[RAW] as string) : JSON.stringify(e)));
}

const short = (e: EventLine) => e.source.split('/').slice(-2).join('/');

function TriageForm(props: { alert: Alert; onDone: (a: Triaged) => void }) {
  const [assignee, setAssignee] = useState(props.alert.triage.assignee ?? '');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = async (action: TriageAction) => {
    setError(null);
    try {
      const body = { action, ...(action === 'assign' ? { assignee } : {}), ...(reason.trim() ? { reason: reason.trim() } : {}) };
      props.onDone(await post<Triaged>(`/api/v1/alerts/${encodeURIComponent(props.alert.id)}/triage`, body));
      setReason('');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const open = props.alert.triage.status === 'new' || props.alert.triage.status === 'acknowledged';
  return (
    <div class="triage">
      <div class="row">
        <button data-testid="ack" disabled={props.alert.triage.status !== 'new'} onClick={() => act('acknowledge')}>Acknowledge</button>
        <input placeholder="assignee" value={assignee} onInput={(e) => setAssignee((e.target as HTMLInputElement).value)} />
        <button disabled={!assignee.trim()} onClick={() => act('assign')}>Assign</button>
        {!open && <button onClick={() => act('reopen')}>Reopen</button>}
      </div>
      <div class="row">
        <input class="grow" placeholder="reason (needed to close or mark false positive)" value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
        <button disabled={!open || !reason.trim()} onClick={() => act('close')}>Close</button>
        <button disabled={!open || !reason.trim()} onClick={() => act('false-positive')} title="feeds a filter so it does not fire again">False positive</button>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
    </div>
  );
}

export function AlertDetailPage(props: { id: string }) {
  const { data, error, reload } = useApi<AlertDetail>(`/api/v1/alerts/${encodeURIComponent(props.id)}`);
  const [updated, setUpdated] = useState<Triaged | null>(null);
  if (error) return <Failed error={error} retry={reload} />;
  if (!data) return <Loading />;
  const a = updated && updated.id === data.id ? { ...data, triage: updated.triage } : data;
  const t = a.triage;
  return (
    <div class="page detail">
      <p><Link to="/alerts">← alerts</Link></p>
      <h1><SeverityBadge level={severityOf(a.rule.level)} /> {a.rule.title}</h1>
      <p class="muted">{fmtTime(a.time)} · {a.kind}{a.correlation ? ` (${a.correlation.type} ${a.correlation.value})` : ''} · {alertSubject(a)} · source {a.input.source ?? '—'}</p>
      <section class="card wide">
        <h2>Triage</h2>
        <p>
          status <b data-testid="detail-status">{t.status}</b>
          {t.assignee && <> · assigned to <b>{t.assignee}</b></>}
          {t.reason && <> · reason “{t.reason}”</>}
          {t.updated && <span class="muted"> · {fmtTime(t.updated)}{t.by ? ` by ${t.by}` : ''}</span>}
        </p>
        {updated?.filter && <p class="muted" data-testid="fp-filter">Filter {updated.filter.id} written: the rule stays quiet for {JSON.stringify(updated.filter.selection)}.</p>}
        <TriageForm alert={a} onDone={setUpdated} />
      </section>
      <section class="card wide">
        <h2>Rule</h2>
        <dl>
          <dt>id</dt><dd class="mono">{a.rule.id}{a.rule.layer ? ` (${a.rule.layer} layer)` : ''}</dd>
          <dt>level</dt><dd>{a.rule.level}</dd>
          <dt>author</dt><dd data-testid="rule-author">{a.rule.author ?? '—'}</dd>
          <dt>tags</dt>
          <dd data-testid="rule-tags">
            {a.rule.tags.map((tag) => {
              const id = attackId(tag);
              return id ? <a class="tag attack" href={`https://attack.mitre.org/techniques/${id.replace('.', '/')}/`} target="_blank" rel="noreferrer">{id}</a> : <span class="tag">{tag}</span>;
            })}
          </dd>
          <dt>description</dt><dd>{a.rule.description ?? '—'}</dd>
        </dl>
      </section>
      <section class="card wide">
        <h2>Raw lines ({rawLines(a).length})</h2>
        {rawLines(a).length === 0 ? <p class="muted">No stored event matches (outside retention?).</p> : <pre class="raw" data-testid="raw-lines">{rawLines(a).join('\n')}</pre>}
      </section>
      <section class="card wide">
        <h2>Related events ({a.related.length}, same entity ±15 min)</h2>
        {a.related.length === 0 ? <p class="muted">None.</p> : (
          <table class="related" data-testid="related-events">
            <thead><tr><th>time</th><th>by</th><th>source</th><th>raw line</th></tr></thead>
            <tbody>
              {a.related.map((e) => (
                <tr><td class="nowrap small">{fmtTime(e.time)}</td><td class="mono">{e.entity.value}</td><td class="small">{short(e)}</td><td class="mono">{e.raw}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
