// Operations: health and readiness are open, the OpenAPI document describes every route,
// and Prometheus metrics count what the server did.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, sshdLines, type TestServer } from './server-helpers.ts';

let s: TestServer;

describe('operations', () => {
  before(async () => {
    s = await startTestServer(['acme']);
  });
  after(async () => s.close());

  it('health and readiness answer without a token', async () => {
    assert.deepEqual(await (await s.request('GET', '/healthz')).json(), { status: 'ok' });
    assert.deepEqual(await (await s.request('GET', '/readyz')).json(), { status: 'ready' });
  });

  it('the OpenAPI document names every API route with its schemas', async () => {
    const doc = (await (await s.request('GET', '/openapi.json', { token: s.tokens.acme?.analyst })).json()) as {
      openapi: string; paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
    };
    assert.match(doc.openapi, /^3\./);
    for (const route of s.app.routes) {
      const [method, path] = route.split(' ') as [string, string];
      if (path === '/openapi.json') continue;
      const oaPath = path.replace(/:(\w+)/g, '{$1}');
      assert.ok(doc.paths[oaPath]?.[method.toLowerCase()], `${route} missing from /openapi.json`);
    }
    const params = doc.paths['/api/v1/events']?.get?.parameters?.map((p) => p.name) ?? [];
    for (const p of ['from', 'to', 'q', 'field', 'limit']) assert.ok(params.includes(p), `events query parameter ${p}`);
  });

  it('metrics count lines in, parse outcomes, stored records and request latencies', async () => {
    assert.equal((await s.request('POST', '/api/v1/ingest/raw?source=edge', { token: s.tokens.acme?.ingest, text: sshdLines(7, 'm') })).status, 200);
    const text = await (await s.request('GET', '/metrics', { token: s.global })).text();
    assert.match(text, /stegosoc_ingest_lines_total\{tenant="acme",source="edge"\} 7/);
    assert.match(text, /stegosoc_parse_outcomes_total\{tenant="acme",outcome="parsed:sshd"\} 7/);
    assert.match(text, /stegosoc_store_records_total\{tenant="acme",source="edge",kind="event"\} 7/);
    assert.match(text, /stegosoc_ingest_queue_depth 0/);
    assert.match(text, /stegosoc_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/ingest\/raw",status="200"\} 1/);
  });

  it('closing the server ends open live streams', async () => {
    const other = await startTestServer(['acme']);
    const r = await fetch(`${other.url}/api/v1/stream`, { headers: { authorization: `Bearer ${other.tokens.acme?.analyst}` } });
    assert.equal(r.headers.get('content-type'), 'text/event-stream');
    const reader = r.body!.getReader();
    assert.match(Buffer.from((await reader.read()).value ?? []).toString(), /connected/);
    await other.close();
    let done = false;
    while (!done) done = (await reader.read()).done;
    assert.equal(other.app.ctx.hub.count(), 0);
  });
});
