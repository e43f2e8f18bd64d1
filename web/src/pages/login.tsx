// Log in by pasting an API token: it is checked with /api/v1/whoami, then kept for this tab.
// A global admin's token also names the tenant it acts in.
import { useState } from 'preact/hooks';
import { request } from '../api/client.ts';
import type { WhoAmI } from '../api/types.ts';
import { addToken, savedTokens } from '../session.ts';
import { navigate } from '../router.ts';

export function LoginPage(props: { query: URLSearchParams }) {
  const [token, setToken] = useState('');
  const [actAs, setActAs] = useState('');
  const [who, setWho] = useState<WhoAmI | null>(null);
  const [error, setError] = useState<string | null>(props.query.get('expired') ? 'The token was refused (revoked or wrong). Log in again.' : null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const w = who ?? ((await request('/api/v1/whoami', { token: token.trim() })) as WhoAmI);
      if (w.tenant === null && !actAs.trim()) {
        setWho(w);
        setError('This is a global admin token: name the tenant to look at.');
        return;
      }
      addToken({ token: token.trim(), tenant: w.tenant, role: w.role, ...(w.tenant === null ? { actAs: actAs.trim() } : {}) });
      const next = props.query.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('/login') ? next : '/', true);
    } catch (err) {
      setError(err instanceof Error && 'status' in err && err.status === 401 ? 'That token is not valid.' : String(err instanceof Error ? err.message : err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="login">
      <h1>StegoSOC console</h1>
      <form onSubmit={submit}>
        <label>
          API token
          <input name="token" type="password" autocomplete="off" value={token} placeholder="stg_…" required
            onInput={(e) => { setToken((e.target as HTMLInputElement).value); setWho(null); }} />
        </label>
        {who?.tenant === null && (
          <label>
            tenant
            <input name="tenant" value={actAs} onInput={(e) => setActAs((e.target as HTMLInputElement).value)} />
          </label>
        )}
        <button type="submit" disabled={busy || token.trim() === ''}>Log in</button>
        {error && <p class="error" role="alert">{error}</p>}
      </form>
      <p class="muted">
        The token stays in this browser tab only. {savedTokens().length > 0 && <a href="/" onClick={(e) => { e.preventDefault(); navigate('/'); }}>back to the console</a>}
      </p>
    </div>
  );
}
