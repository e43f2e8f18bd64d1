// The console's entry: which page a path shows, and the login gate in front of all of them.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { navigate, useLocation } from './router.ts';
import { activeToken, onSessionChange } from './session.ts';
import { Layout } from './components/layout.tsx';
import { LoginPage } from './pages/login.tsx';
import { OverviewPage } from './pages/overview.tsx';
import { AlertsPage } from './pages/alerts.tsx';
import { AlertDetailPage } from './pages/alert-detail.tsx';
import { ReportPage, ReportsPage } from './pages/reports.tsx';
import { TemplatesPage } from './pages/templates.tsx';
import { RulesPage } from './pages/rules.tsx';
import { GraphPage } from './pages/graph.tsx';
import './styles.css';

function page(path: string, query: URLSearchParams) {
  let m: RegExpExecArray | null;
  if (path === '/') return <OverviewPage />;
  if (path === '/alerts') return <AlertsPage query={query} />;
  if ((m = /^\/alerts\/([^/]+)$/.exec(path))) return <AlertDetailPage id={decodeURIComponent(m[1]!)} />;
  if (path === '/reports') return <ReportsPage />;
  if ((m = /^\/reports\/([^/]+)$/.exec(path))) return <ReportPage hour={decodeURIComponent(m[1]!)} />;
  if (path === '/templates') return <TemplatesPage />;
  if (path === '/rules') return <RulesPage />;
  if (path === '/graph') return <GraphPage query={query} />;
  return <p>No page at {path}. <a href="/">Overview</a></p>;
}

function App() {
  const { path, query } = useLocation();
  const [, setTick] = useState(0);
  useEffect(() => onSessionChange(() => setTick((n) => n + 1)), []);
  const token = activeToken();
  useEffect(() => {
    if (!token && path !== '/login') navigate(`/login?next=${encodeURIComponent(path + location.search)}`, true);
  }, [token, path]);
  if (path === '/login' || !token) return <LoginPage query={query} />;
  // Keyed by the token: switching tenant remounts every page, so nothing of the other stays.
  return (
    <Layout path={path} key={token.token}>
      {page(path, query)}
    </Layout>
  );
}

render(<App />, document.getElementById('app')!);
