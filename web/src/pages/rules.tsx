// The tenant's effective Sigma rules (global and local layers) and a box to validate a rule
// text before adding it: each error comes back with its line.
import { useMemo, useState } from 'preact/hooks';
import { useApi } from '../api/use-api.ts';
import { post } from '../api/client.ts';
import type { RuleList, Validation } from '../api/types.ts';
import { Failed, Loading, SeverityBadge } from '../components/status.tsx';
import { severityOf } from '../format.ts';

function Validate() {
  const [yaml, setYaml] = useState('');
  const [result, setResult] = useState<Validation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setError(null);
    try {
      setResult(await post<Validation>('/api/v1/rules/validate', { yaml }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <section class="card wide">
      <h2>Validate a rule</h2>
      <textarea data-testid="rule-yaml" rows={10} placeholder="title: …&#10;logsource: …&#10;detection: …" value={yaml} onInput={(e) => setYaml((e.target as HTMLTextAreaElement).value)} />
      <div class="row"><button disabled={!yaml.trim()} onClick={run}>Validate</button></div>
      {error && <p class="error">{error}</p>}
      {result && (
        <div data-testid="validation">
          {result.ok ? <p class="ok">Valid: {result.ids.join(', ')}</p> : (
            <ul class="error">{result.errors.map((e) => <li>{e.line !== null ? `line ${e.line}: ` : ''}{e.reason}</li>)}</ul>
          )}
        </div>
      )}
    </section>
  );
}

export function RulesPage() {
  const { data, error, reload } = useApi<RuleList>('/api/v1/rules');
  const [q, setQ] = useState('');
  const rows = useMemo(() => {
    const n = q.toLowerCase();
    return (data?.rules ?? []).filter((r) => !n || `${r.id} ${r.title} ${r.tags.join(' ')} ${r.author ?? ''}`.toLowerCase().includes(n));
  }, [data, q]);
  if (error) return <Failed error={error} retry={reload} />;
  if (!data) return <Loading />;
  const disabled = new Set(data.disabled);
  return (
    <div class="page">
      <h1>Rules</h1>
      <Validate />
      {data.errors.length > 0 && <section class="card wide"><h2>Rules that did not load</h2><ul class="error">{data.errors.map((e) => <li class="mono">{e}</li>)}</ul></section>}
      <div class="filters"><label>search <input value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} /></label><span class="muted">{rows.length} of {data.rules.length}</span></div>
      <table data-testid="rules-table">
        <thead><tr><th>level</th><th>title</th><th>kind</th><th>layer</th><th>author</th><th>tags</th></tr></thead>
        <tbody>
          {rows.slice(0, 500).map((r) => (
            <tr class={disabled.has(r.id) ? 'disabled' : ''}>
              <td><SeverityBadge level={severityOf(r.level)} /></td>
              <td>{r.title}<div class="mono muted small">{r.id}</div></td>
              <td>{r.kind}</td><td>{r.layer}</td><td>{r.author ?? ''}</td>
              <td class="small">{r.tags.join(' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > 500 && <p class="muted">Showing 500 of {rows.length}; narrow the search.</p>}
    </div>
  );
}
