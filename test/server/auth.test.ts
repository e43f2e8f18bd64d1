// Access control over every route: no token or a wrong one is 401, a role without the
// route's permission is 403, a revoked token is 401, and failed attempts are rate-limited.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from './server-helpers.ts';

const PUBLIC = new Set(['GET /healthz', 'GET /readyz']);

/** What each role may do, written out here (not derived from the code under test). */
const ALLOWED: Record<string, readonly string[]> = {
  ingest: ['POST /api/v1/ingest/raw', 'POST /api/v1/ingest/json', 'GET /api/v1/whoami'],
  analyst: [
    'GET /api/v1/events', 'GET /api/v1/unparsed', 'GET /api/v1/counters', 'GET /api/v1/templates', 'GET /api/v1/alerts',
    'GET /api/v1/alerts/:id', 'POST /api/v1/alerts/:id/triage', 'GET /api/v1/stream', 'GET /api/v1/rules', 'POST /api/v1/rules/validate',
    'GET /api/v1/whoami', 'GET /api/v1/overview',
    'GET /api/v1/anomaly/reports', 'GET /api/v1/anomaly/reports/:hour', 'GET /api/v1/anomaly/findings', 'POST /api/v1/anomaly/findings/false-positive',
    'POST /api/v1/attack-graph/compute', 'GET /api/v1/attack-graph', 'GET /api/v1/attack-graph/nodes/:id', 'GET /api/v1/attack-graph/export',
    'GET /api/v1/attack-graph/harden', 'POST /api/v1/attack-graph/what-if',
  ],
};
ALLOWED.admin = [...(ALLOWED.ingest ?? []), ...(ALLOWED.analyst ?? []), 'POST /api/v1/templates/:id/promote', 'GET /api/v1/tokens', 'POST /api/v1/tokens', 'DELETE /api/v1/tokens/:id',
  'PUT /api/v1/rules/:id', 'DELETE /api/v1/rules/:id', 'POST /api/v1/rules/:id/disable'];

let s: TestServer;
const call = (route: string, token?: string, headers: Record<string, string> = {}) => {
  const [method, path] = route.split(' ') as [string, string];
  const body = method === 'POST' ? { text: '{}', contentType: 'application/json' } : {};
  return s.request(method, path.replace(':id', 'nothing'), { ...(token !== undefined ? { token } : {}), headers, ...body });
};

describe('authentication and roles', () => {
  before(async () => {
    s = await startTestServer(['acme'], { auth: { maxFailures: 10_000 } });
  });
  after(async () => s.close());

  it('every route but health answers 401 without a token or with a wrong one', async () => {
    for (const route of s.app.routes) {
      if (PUBLIC.has(route)) {
        assert.equal((await call(route)).status, 200, route);
        continue;
      }
      assert.equal((await call(route)).status, 401, `${route} without token`);
      assert.equal((await call(route, 'stg_wrongwrongwrong')).status, 401, `${route} wrong token`);
      assert.equal((await call(route, undefined, { authorization: 'Basic YTpi' })).status, 401, `${route} basic auth`);
    }
  });

  it('a role without the route\'s permission gets 403, one with it does not', async () => {
    for (const role of ['ingest', 'analyst', 'admin'] as const) {
      const token = s.tokens.acme?.[role] as string;
      for (const route of s.app.routes) {
        if (PUBLIC.has(route) || route === 'GET /openapi.json' || route === 'GET /api/v1/stream') continue;
        const status = (await call(route, token)).status;
        if (ALLOWED[role]?.includes(route)) assert.notEqual(status, 403, `${role} ${route}`);
        else assert.equal(status, 403, `${role} ${route} gave ${status}`);
      }
    }
  });

  it('only the global admin reads metrics and manages tenants', async () => {
    assert.equal((await call('GET /metrics', s.global)).status, 200);
    const r = await s.request('POST', '/api/v1/admin/tenants', { token: s.global, body: { name: 'newco' } });
    assert.equal(r.status, 201);
    assert.equal((await s.request('POST', '/api/v1/admin/tenants', { token: s.global, body: { name: 'newco' } })).status, 409);
    assert.equal((await s.request('POST', '/api/v1/admin/tenants', { token: s.global, body: { name: '../etc' } })).status, 400);
  });

  it('a revoked token is 401 at once', async () => {
    const created = (await (await s.request('POST', '/api/v1/tokens', { token: s.tokens.acme?.admin, body: { role: 'analyst', name: 'temp' } })).json()) as { token: string; row: { id: string } };
    assert.equal((await call('GET /api/v1/counters', created.token)).status, 200);
    assert.equal((await s.request('DELETE', `/api/v1/tokens/${created.row.id}`, { token: s.tokens.acme?.admin })).status, 204);
    assert.equal((await call('GET /api/v1/counters', created.token)).status, 401);
    assert.equal((await s.request('DELETE', `/api/v1/tokens/${created.row.id}`, { token: s.tokens.acme?.admin })).status, 404);
  });

  it('tokens are stored hashed: the secret is nowhere in the token database', async () => {
    const { readFileSync } = await import('node:fs');
    const { tokenDbPath } = await import('../../src/server/auth/token-store.ts');
    const db = readFileSync(tokenDbPath(s.dataDir)).toString('latin1') + readFileSync(`${tokenDbPath(s.dataDir)}-wal`).toString('latin1');
    const secret = s.tokens.acme?.admin as string;
    assert.ok(db.includes(s.tokenIds.acme?.admin as string), 'the database was read (the id is there)');
    assert.ok(!db.includes(secret) && !db.includes(secret.slice(4)), 'the secret is not');
  });
});

describe('failed-authentication rate limit', () => {
  let limited: TestServer;
  before(async () => {
    limited = await startTestServer(['acme'], { auth: { maxFailures: 3, failureWindowMs: 60_000 } });
  });
  after(async () => limited.close());

  it('after the allowed failures, the address gets 429 even with a good token', async () => {
    const good = limited.tokens.acme?.analyst as string;
    assert.equal((await limited.request('GET', '/api/v1/counters', { token: good })).status, 200, 'successes are not counted');
    for (let i = 0; i < 3; i++) assert.equal((await limited.request('GET', '/api/v1/counters', { token: `stg_guess${i}` })).status, 401);
    const r = await limited.request('GET', '/api/v1/counters', { token: `stg_guess4` });
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    assert.equal((await limited.request('GET', '/api/v1/counters', { token: good })).status, 429);
    assert.equal((await limited.request('GET', '/healthz')).status, 200, 'health stays open');
  });
});
