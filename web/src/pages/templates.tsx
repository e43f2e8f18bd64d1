// Templates the miner learned from lines no parser knew; promoting one writes a named parser
// into the tenant's parser layer, so those lines parse as a known format from then on.
import { useState } from 'preact/hooks';
import { useApi } from '../api/use-api.ts';
import { post } from '../api/client.ts';
import type { Template } from '../api/types.ts';
import { Failed, Loading } from '../components/status.tsx';
import { fmtNum, fmtTime } from '../format.ts';

function Promote(props: { t: Template }) {
  const [name, setName] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const promote = async (force = false) => {
    setError(null);
    try {
      const r = await post<{ name: string; yaml: string }>(`/api/v1/templates/${encodeURIComponent(props.t.templateId)}/promote`, { name, force });
      setResult(r.yaml);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  if (result) return <details><summary>promoted as <b>{name}</b></summary><pre class="raw">{result}</pre></details>;
  return (
    <div class="row">
      <input placeholder="parser name" pattern="[a-z0-9][a-z0-9_-]{0,62}" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      <button disabled={!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(name)} onClick={() => promote()}>Promote</button>
      {error && <span class="error">{error} {error.includes('force') && <button onClick={() => promote(true)}>replace</button>}</span>}
    </div>
  );
}

export function TemplatesPage() {
  const { data, error, reload } = useApi<{ templates: Template[] }>('/api/v1/templates');
  if (error) return <Failed error={error} retry={reload} />;
  if (!data) return <Loading />;
  const templates = [...data.templates].sort((a, b) => b.count - a.count);
  return (
    <div class="page">
      <h1>Templates learned</h1>
      <p class="muted">Formats no parser knew, learned line by line. Promote one to make it a named parser of this tenant.</p>
      {templates.length === 0 ? <p class="muted">No template learned yet.</p> : (
        <table data-testid="templates-table">
          <thead><tr><th>lines</th><th>template / example</th><th>seen</th><th>promote</th></tr></thead>
          <tbody>
            {templates.map((t) => (
              <tr>
                <td class="num">{fmtNum(t.count)}</td>
                <td><div class="mono">{t.template}</div><div class="mono muted small">{t.example}</div></td>
                <td class="nowrap small">{fmtTime(t.firstSeen)}<br />{fmtTime(t.lastSeen)}</td>
                <td><Promote t={t} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
