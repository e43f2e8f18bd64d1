// The frame around every page once logged in: the navigation, the tenant menu (one saved token
// per tenant; choosing one switches token) and log out.
import type { ComponentChildren } from 'preact';
import { Link } from './link.tsx';
import { navigate } from '../router.ts';
import { activeToken, dropToken, savedTokens, tenantName, switchToken } from '../session.ts';

const NAV: [string, string][] = [
  ['/', 'Overview'], ['/alerts', 'Alerts'], ['/reports', 'Hourly reports'], ['/templates', 'Templates'], ['/rules', 'Rules'], ['/graph', 'Attack graph'],
];
const ADD = '+add';

export function Layout(props: { path: string; children: ComponentChildren }) {
  const tokens = savedTokens();
  const active = activeToken();
  const current = active ? tokens.findIndex((t) => t.token === active.token) : -1;
  const choose = (v: string) => {
    if (v === ADD) return navigate('/login?add=1');
    switchToken(Number(v));
    navigate('/');
  };
  return (
    <div class="frame">
      <header>
        <span class="brand">StegoSOC</span>
        <nav>
          {NAV.map(([to, label]) => (
            <Link to={to} class={(to === '/' ? props.path === '/' : props.path.startsWith(to)) ? 'active' : ''}>{label}</Link>
          ))}
        </nav>
        <label class="tenant">
          tenant{' '}
          <select data-testid="tenant-menu" value={String(current)} onChange={(e) => choose((e.target as HTMLSelectElement).value)}>
            {tokens.map((t, i) => <option value={String(i)}>{tenantName(t)} · {t.role}</option>)}
            <option value={ADD}>add a tenant token…</option>
          </select>
        </label>
        <button class="link" onClick={() => { if (active) dropToken(active.token); navigate(savedTokens().length ? '/' : '/login'); }}>log out</button>
      </header>
      <main>{props.children}</main>
    </div>
  );
}
